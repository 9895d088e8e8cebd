"""Importing a policy from Word, PDF, HTML and pasted text: real files, exact trees."""

import base64
import io
import zipfile
from contextlib import contextmanager
from html import escape

import pytest
from django.test import Client

from uddannelsesby.accounts.models import Role
from uddannelsesby.core.models import HistoryEntry
from uddannelsesby.policies import services
from uddannelsesby.policies.demo import EDUCATION_POLICY
from uddannelsesby.policies.importing import (
    CommitmentNode,
    FocusAreaNode,
    PolicyImportError,
    PolicyTree,
    read_policy,
    read_policy_text,
)
from uddannelsesby.policies.importing.blocks import (
    DAMAGED,
    EMPTY,
    NO_TEXT,
    NOT_SUPPORTED,
    NOT_WORD,
    OLD_WORD,
    PASSWORD,
)
from uddannelsesby.policies.models import Policy

from . import import_documents as documents

DOCX_STYLES = ["headings", "bold", "numbered", "bulleted", "table"]


# --- the Herning policy in every format gives the demo's tree -------------------------------


def test_web_text_gives_the_demo_tree():
    assert read_policy_text(documents.web_text()) == documents.expected_tree()


@pytest.mark.parametrize("style", DOCX_STYLES)
def test_word_file_gives_the_demo_tree(style):
    assert read_policy(documents.docx_file(style), "politik.docx") == documents.expected_tree()


def test_pdf_with_larger_and_bolder_text_gives_the_demo_tree():
    assert read_policy(documents.pdf_file(), "Politik.PDF") == documents.expected_tree()


def test_html_page_gives_the_demo_tree_without_menus_scripts_or_footer():
    data = documents.html_page().encode()
    assert read_policy(data, "politik.html") == documents.expected_tree()


def test_text_file_in_windows_encoding_is_read():
    data = documents.web_text().encode("cp1252")
    assert read_policy(data, "politik.txt") == documents.expected_tree()


def test_expected_tree_is_the_demo_content():
    """The tree the documents are compared with is the demo's own text (emphasis aside)."""
    tree = documents.expected_tree()
    assert tree.title == EDUCATION_POLICY["title"]
    assert tree.vision == EDUCATION_POLICY["vision"]
    assert [a.title for a in tree.focus_areas] == [a[0] for a in EDUCATION_POLICY["focus_areas"]]
    assert [len(a.commitments) for a in tree.focus_areas] == [6, 2, 4, 7, 4]
    assert tree.introduction.startswith(EDUCATION_POLICY["summary"] + "\n\nI de kommende år")
    assert "\n- flere gennemføre deres uddannelse på normeret tid, og\n" in tree.introduction


# --- other ways of writing a policy -----------------------------------------------------------


def test_pasted_text_with_we_will_paragraphs_a_quoted_vision_and_wrapped_lines():
    text = """Ungepolitik 2024
Herning Kommune vil give unge en god start.

Vores vision
„Alle unge i gang“
Alle unge skal være i uddannelse eller job, og ingen
skal stå alene.

1. Uddannelse
Uddannelse er vejen frem.
Vi vil hjælpe flere i gang. Det sker med vejledning.
Vi vil mindske frafaldet.

2. Job
Vi vil skabe flere fritidsjob.

Yderligere oplysninger
Ungeenheden, tlf. 9628 2828
"""
    assert read_policy_text(text) == PolicyTree(
        title="Ungepolitik 2024",
        introduction="Herning Kommune vil give unge en god start.",
        vision="Alle unge skal være i uddannelse eller job, og ingen skal stå alene.",
        vision_quote="Alle unge i gang",
        year=2024,
        contact="Ungeenheden, tlf. 9628 2828",
        focus_areas=[
            FocusAreaNode(
                "Uddannelse",
                "Uddannelse er vejen frem.",
                [
                    CommitmentNode("Vi vil hjælpe flere i gang", "Det sker med vejledning."),
                    CommitmentNode("Vi vil mindske frafaldet", ""),
                ],
            ),
            FocusAreaNode("Job", "", [CommitmentNode("Vi vil skabe flere fritidsjob", "")]),
        ],
    )


def test_word_file_with_numbered_areas_and_nested_bullets_and_a_quote_style():
    import docx

    document = docx.Document()
    document.add_heading("Kulturpolitik", 1)
    document.add_paragraph("Kultur skaber fællesskab.")
    document.add_heading("Vision", 2)
    document.add_paragraph("Kultur for alle", style="Quote")
    document.add_paragraph("Alle skal kunne opleve kunst.")
    document.add_paragraph("Scenekunst", style="List Number")
    document.add_paragraph("Teater – Vi vil støtte egnsteatret.", style="List Bullet 2")
    document.add_paragraph("Dans", style="List Bullet 2")
    document.add_paragraph("Musik", style="List Number")
    document.add_paragraph("Spillesteder: flere koncerter for unge.", style="List Bullet 2")
    buffer = io.BytesIO()
    document.save(buffer)
    tree = read_policy(buffer.getvalue(), "kultur.docx")
    assert tree == PolicyTree(
        title="Kulturpolitik",
        introduction="Kultur skaber fællesskab.",
        vision="Alle skal kunne opleve kunst.",
        vision_quote="Kultur for alle",
        focus_areas=[
            FocusAreaNode(
                "Scenekunst",
                "",
                [CommitmentNode("Teater", "Vi vil støtte egnsteatret."), CommitmentNode("Dans")],
            ),
            FocusAreaNode(
                "Musik", "", [CommitmentNode("Spillesteder", "flere koncerter for unge.")]
            ),
        ],
    )


def _emphasis_docx() -> bytes:
    """A Word policy whose words are set in bold and italics: direct formatting, Word's
    character styles "Strong" and "Emphasis", bold italics, a link, and a quote style."""
    import docx

    document = docx.Document()
    document.add_paragraph("Klimapolitik", style="Title")
    intro = document.add_paragraph("Herning skal være ")
    intro.add_run("grønnere ").bold = True
    intro.add_run("og ")
    intro.add_run("mere åben").italic = True
    intro.add_run(" – ")
    both = intro.add_run("hele tiden")
    both.bold = both.italic = True
    intro.add_run(".")
    document.add_heading("Vision", 1)
    document.add_paragraph("En grøn by", style="Quote")
    vision = document.add_paragraph("Vi vil ")
    vision.add_run("halvere", style="Strong")
    vision.add_run(" udledningen og ")
    vision.add_run("sammen", style="Emphasis")
    vision.add_run(" finde vejen.")
    document.add_heading("Indsatsområder", 1)
    document.add_heading("Energi", 2)
    area = document.add_paragraph("Energien skal være ")
    area.add_run("vedvarende").italic = True
    area.add_run(".")
    item = document.add_paragraph(style="List Bullet")
    item.add_run("Solceller").bold = True
    item.add_run(": Vi vil sætte solceller på ")
    item.add_run("alle").bold = True
    item.add_run(" kommunens tage.")
    document.add_paragraph("Vindmøller: flere møller i det åbne land.", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_emphasis_in_a_word_file_is_kept_as_markdown_bold_and_italics():
    tree = read_policy(_emphasis_docx(), "klima.docx")
    assert tree == PolicyTree(
        title="Klimapolitik",
        introduction="Herning skal være **grønnere** og *mere åben* – ***hele tiden***.",
        vision="Vi vil **halvere** udledningen og *sammen* finde vejen.",
        vision_quote="En grøn by",
        focus_areas=[
            FocusAreaNode(
                "Energi",
                "Energien skal være *vedvarende*.",
                [
                    # The bold start is the title; the rest keeps its own emphasis.
                    CommitmentNode(
                        "Solceller", "Vi vil sætte solceller på **alle** kommunens tage."
                    ),
                    CommitmentNode("Vindmøller", "flere møller i det åbne land."),
                ],
            )
        ],
    )
    # The source the editor compares with, and every title, stay plain text.
    assert "*" not in tree.source


def test_emphasis_in_a_web_page_is_kept_as_markdown_bold_and_italics():
    html = (
        "<main><h1>Klimapolitik</h1><p>Herning skal være <strong>grønnere</strong> og "
        "<em>mere <b>åben</b></em>.</p><h2>Energi</h2><ul><li><b>Solceller:</b> på "
        "<i>alle</i> tage.</li></ul></main>"
    )
    assert read_policy(html.encode(), "klima.html") == PolicyTree(
        title="Klimapolitik",
        introduction="Herning skal være **grønnere** og *mere* ***åben***.",
        focus_areas=[FocusAreaNode("Energi", "", [CommitmentNode("Solceller", "på *alle* tage.")])],
    )


# --- links, and emphasis in PDF ----------------------------------------------------------------

WIKI = "https://da.wikipedia.org/wiki/Herning_(by)"  # parentheses, which end a Markdown link


def _hyperlink(paragraph, address: str, *runs: tuple[str, bool]) -> None:
    """A Word hyperlink (w:hyperlink to an external relationship) whose text is several runs,
    (text, bold) each, as Word writes a link whose words are formatted apart."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    r_id = paragraph.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    xml = "".join(
        f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}"
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        for text, bold in runs
    )
    paragraph._p.append(
        parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}">{xml}</w:hyperlink>')
    )


def _simple_field(paragraph, instruction: str, text: str) -> None:
    """A HYPERLINK field as one element (w:fldSimple), as LibreOffice and older Words write."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="{escape(instruction)}">'
            f"<w:r><w:t>{escape(text)}</w:t></w:r></w:fldSimple>"
        )
    )


def _complex_field(paragraph, instruction: str, text: str) -> None:
    """A HYPERLINK field in runs: begin, the instruction split over two runs, separate, the
    shown text (in italics), end."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    half = len(instruction) // 2
    for inner in (
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve">{escape(instruction[:half])}</w:instrText>',
        f'<w:instrText xml:space="preserve">{escape(instruction[half:])}</w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        f"<w:rPr><w:i/></w:rPr><w:t>{escape(text)}</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ):
        paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}>{inner}</w:r>"))


def _links_docx() -> bytes:
    """A Word policy with links written in the ways Word and LibreOffice write them."""
    import docx

    document = docx.Document()
    document.add_paragraph("Klimapolitik", style="Title")
    intro = document.add_paragraph("Læs ")
    _hyperlink(intro, "https://www.herning.dk/klima", ("hele ", False), ("planen", True),
               (" her", False))  # fmt: skip
    intro.add_run(" og ")
    _hyperlink(intro, WIKI, ("Bilag [1]", False))
    intro.add_run(".")
    more = document.add_paragraph()  # bold words and a link: not a bold heading
    more.add_run("Mere om klimaet: ").bold = True
    _hyperlink(more, "https://www.herning.dk/klima", ("herning.dk/klima", False))
    document.add_heading("Indsatsområder", 1)
    document.add_heading("Energi", 2)
    area = document.add_paragraph("Skriv til ")
    _simple_field(area, ' HYPERLINK "mailto:klima@herning.dk" \\o "Skriv" ', "klima@herning.dk")
    area.add_run(" eller se ")
    _complex_field(area, ' HYPERLINK "https://www.herning.dk/energi?a=1&b=2" ', "energisiden")
    area.add_run(", men ikke ")
    _hyperlink(area, "javascript:alert(1)", ("denne", False))
    area.add_run(", ")
    _hyperlink(area, "file:///C:/Politik/bilag.docx", ("filen", False))
    area.add_run(" eller ")
    _hyperlink(area, "bilag/kort.pdf", ("kortet", False))
    area.add_run(".")
    item = document.add_paragraph(style="List Bullet")
    item.add_run("Solceller").bold = True
    item.add_run(": Se ")
    _hyperlink(item, "https://www.herning.dk/sol", ("solcellekortet", False))
    item.add_run(".")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Vindmøller"
    cell = table.cell(0, 1).paragraphs[0]
    cell.add_run("Flere møller, se ")
    _hyperlink(cell, "https://www.herning.dk/vind", ("vindplanen", False))
    cell.add_run(".")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


LINKS_TREE = PolicyTree(
    title="Klimapolitik",
    introduction=(
        "Læs [hele **planen** her](https://www.herning.dk/klima) og "
        "[Bilag \\[1\\]](https://da.wikipedia.org/wiki/Herning_%28by%29).\n\n"
        "**Mere om klimaet:** [herning.dk/klima](https://www.herning.dk/klima)"
    ),
    focus_areas=[
        FocusAreaNode(
            "Energi",
            "Skriv til [klima@herning.dk](mailto:klima@herning.dk) eller se "
            "[*energisiden*](https://www.herning.dk/energi?a=1&b=2), men ikke denne, filen "
            "eller kortet.",
            [
                CommitmentNode("Solceller", "Se [solcellekortet](https://www.herning.dk/sol)."),
                CommitmentNode(
                    "Vindmøller", "Flere møller, se [vindplanen](https://www.herning.dk/vind)."
                ),
            ],
        )
    ],
)


def test_links_in_a_word_file_become_markdown_links_however_word_wrote_them():
    """A hyperlink over several runs, in a list item and a table cell, HYPERLINK fields as one
    element and in runs: web and mail addresses are kept; javascript:, file: and relative
    addresses leave their text plain."""
    tree = read_policy(_links_docx(), "klima.docx")
    assert tree == LINKS_TREE
    assert "](" not in tree.source  # the text the editor compares with stays plain


def test_a_word_file_is_read_with_its_tracked_changes_accepted():
    """Inserted words are read (python-docx leaves them out), deleted ones are not, and content
    Word writes twice (a newer form and a fallback) is read once."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("Klimapolitik", style="Title")
    paragraph = document.add_paragraph("Herning skal være ")
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    for xml in (
        '<w:del w:id="1" w:author="A"><w:r><w:delText>grøn</w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="A"><w:r><w:rPr><w:b/></w:rPr><w:t>grønnere</w:t></w:r></w:ins>',
        f'<mc:AlternateContent {mc}><mc:Choice Requires="w14"><w:r><w:t xml:space="preserve">'
        ' i 2030</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t xml:space="preserve"> i 2030'
        "</w:t></w:r></mc:Fallback></mc:AlternateContent>",
        "<w:r><w:t>.</w:t></w:r>",
    ):
        paragraph._p.append(parse_xml(xml.replace(">", f" {nsdecls('w')}>", 1)))
    buffer = io.BytesIO()
    document.save(buffer)
    tree = read_policy(buffer.getvalue(), "klima.docx")
    assert tree.introduction == "Herning skal være **grønnere** i 2030."


def test_links_in_a_web_page_become_markdown_links():
    html = f"""<main><h1>Klimapolitik</h1><p>Læs <a href="https://www.herning.dk/klima">hele
    <b>planen</b> her</a> og <a href="{WIKI}">Bilag [1]</a>.</p><p><b>Mere om klimaet:</b>
    <a href="https://www.herning.dk/klima">herning.dk/klima</a></p><h2>Energi</h2>
    <p>Skriv til <a href="mailto:klima@herning.dk">klima@herning.dk</a> eller se <a
    href="https://www.herning.dk/energi?a=1&amp;b=2"><i>energisiden</i></a>, men ikke <a
    href="javascript:alert(1)">denne</a>, <a href="file:///C:/Politik/bilag.docx">filen</a>
    eller <a href="bilag/kort.pdf">kortet</a>.</p>
    <ul><li><b>Solceller</b>: Se <a href="https://www.herning.dk/sol">solcellekortet</a>.</li>
    </ul><table><tr><td>Vindmøller</td><td>Flere møller, se <a
    href="https://www.herning.dk/vind">vindplanen</a>.</td></tr></table></main>"""
    assert read_policy(html.encode(), "klima.html") == LINKS_TREE


def _emphasis_and_links_pdf() -> bytes:
    """A PDF (WeasyPrint: real bold and oblique fonts, link annotations) whose headings are
    larger bold text, with a link broken over two lines."""
    import weasyprint

    html = f"""<!doctype html><html lang="da"><head><title>Klimapolitik</title><style>
    @page {{ size: A4; margin: 2cm }} body {{ font-family: sans-serif; font-size: 11pt }}
    .h0 {{ font-size: 22pt; font-weight: bold }} .h1 {{ font-size: 16pt; font-weight: bold }}
    </style></head><body><p class="h0">Klimapolitik</p>
    <p>Herning skal være <b>grønnere</b> og <i>mere åben</i> – <b><i>hele tiden</i></b>.
    Læs <a href="https://www.herning.dk/klima">hele <b>planen</b> her</a> og <a
    href="{WIKI}">Bilag [1]</a>, men ikke <a href="javascript:alert(1)">dette</a>.</p>
    <p class="h1">Energi</p>
    <p>Energien skal være <i>vedvarende</i>. Skriv til <a
    href="mailto:klima@herning.dk">klima@herning.dk</a>. Her er en sætning, hvor et <a
    href="https://www.herning.dk/lang">link går over to linjer</a> i dokumentet.</p>
    <ul><li><b>Solceller:</b> Vi vil sætte solceller på <b>alle</b> tage, se <a
    href="https://www.herning.dk/sol">kortet</a>.</li>
    <li>Vindmøller: flere møller i det åbne land.</li></ul></body></html>"""
    return weasyprint.HTML(string=html).write_pdf()


def test_emphasis_and_links_in_a_pdf_are_kept_but_headings_stay_plain():
    from uddannelsesby.policies.importing.pdf_reader import read_pdf

    data = _emphasis_and_links_pdf()
    lines = [block.text for block in read_pdf(data)]
    assert any(line.endswith(" et link går over to linjer i dokumentet.") for line in lines)
    assert read_policy(data, "klima.pdf") == PolicyTree(
        title="Klimapolitik",
        introduction=(
            "Herning skal være **grønnere** og *mere åben* – ***hele tiden***. Læs "
            "[hele **planen** her](https://www.herning.dk/klima) og "
            "[Bilag \\[1\\]](https://da.wikipedia.org/wiki/Herning_%28by%29), men ikke dette."
        ),
        focus_areas=[
            FocusAreaNode(
                "Energi",
                "Energien skal være *vedvarende*. Skriv til "
                "[klima@herning.dk](mailto:klima@herning.dk). Her er en sætning, hvor et "
                "[link går over to linjer](https://www.herning.dk/lang) i dokumentet.",
                [
                    CommitmentNode(
                        "Solceller",
                        "Vi vil sætte solceller på **alle** tage, se "
                        "[kortet](https://www.herning.dk/sol).",
                    ),
                    CommitmentNode("Vindmøller", "flere møller i det åbne land."),
                ],
            )
        ],
    )


def test_html_with_bold_paragraph_headings_a_blockquote_and_a_table():
    html = """<html><body>
    <p><strong>Idrætspolitik</strong></p><p>Vedtaget 2019.</p>
    <h2>Vision</h2><blockquote><p>“Bevægelse hele livet”</p></blockquote>
    <h2>Talent</h2><p>Talenter skal blomstre.</p>
    <table><tr><th>Indsats</th><th>Beskrivelse</th></tr>
    <tr><td>Talentlinjer</td><td>Vi vil samarbejde med skolerne.</td></tr></table>
    <h2>Kontakt</h2><p>fritid@herning.dk</p></body></html>"""
    tree = read_policy(html.encode(), "side.htm")
    assert tree == PolicyTree(
        title="Idrætspolitik",
        vision_quote="Bevægelse hele livet",
        year=2019,
        contact="fritid@herning.dk",
        focus_areas=[
            FocusAreaNode(
                "Talent",
                "Talenter skal blomstre.",
                # The header row (<th>) labels the columns: it is no commitment.
                [CommitmentNode("Talentlinjer", "Vi vil samarbejde med skolerne.")],
            )
        ],
    )


def test_a_web_page_keeps_the_header_of_its_main_content():
    html = (
        "<html><body><header><p>Kommunens menu</p></header><main><header><h1>Bibliotekspolitik"
        "</h1></header><p>Biblioteket er for alle.</p><h2>Læsning</h2><ul><li>Vi vil "
        "læse mere.</li></ul></main></body></html>"
    )
    assert read_policy(html.encode(), "side.html") == PolicyTree(
        title="Bibliotekspolitik",
        introduction="Biblioteket er for alle.",
        focus_areas=[FocusAreaNode("Læsning", "", [CommitmentNode("Vi vil læse mere")])],
    )


def test_the_source_text_counts_a_numbered_list_as_the_document_does():
    text = "Politik\n\nOmråder\n\n1. Idræt\n   - Haller\n   - Baner\n2. Kultur\n3. Natur\n\nSlut.\n"
    source = read_policy_text(text).source
    assert "1. Idræt\n  • Haller\n  • Baner\n2. Kultur\n3. Natur" in source


def test_the_source_text_is_kept_for_the_editor_but_not_compared():
    tree = read_policy_text(documents.web_text())
    assert "Det vil vi" in tree.source
    assert "\nVision" in tree.source
    assert PolicyTree.from_dict(tree.to_dict()) == tree


# --- files that cannot be read ------------------------------------------------------------------


def _message(data: bytes, name: str) -> str:
    with pytest.raises(PolicyImportError) as caught:
        read_policy(data, name)
    return caught.value.message


def test_password_protected_pdf_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(documents.pdf_file())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="hemmelig", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert _message(buffer.getvalue(), "politik.pdf") == PASSWORD


def test_scanned_pdf_without_text_is_refused():
    import weasyprint
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(image, "PNG")
    src = "data:image/png;base64," + base64.b64encode(image.getvalue()).decode()
    pdf = weasyprint.HTML(string=f'<html><body><img src="{src}" alt=""></body></html>').write_pdf()
    assert _message(pdf, "scan.pdf") == NO_TEXT


def test_truncated_pdf_is_refused():
    pdf = documents.pdf_file()
    assert _message(pdf[: len(pdf) // 2], "politik.pdf") == DAMAGED


def test_zip_of_something_else_named_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("billeder/foto.txt", "ikke et dokument")
    assert _message(buffer.getvalue(), "politik.docx") == NOT_WORD


def test_text_file_named_docx_is_refused():
    assert _message(documents.web_text().encode(), "politik.docx") == NOT_WORD


def test_truncated_docx_is_refused():
    data = documents.docx_file("headings")
    assert _message(data[: len(data) * 2 // 3], "politik.docx") == DAMAGED


def test_old_word_format_and_encrypted_word_files_are_named():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert _message(ole, "politik.doc") == OLD_WORD
    assert _message(ole, "politik.docx") == OLD_WORD
    encrypted = ole + "EncryptedPackage".encode("utf-16-le")
    assert _message(encrypted, "politik.docx") == PASSWORD


@pytest.mark.parametrize("name", ["tom.docx", "tom.pdf", "tom.txt", "tom.html"])
def test_empty_file_is_refused(name):
    assert _message(b"", name) == EMPTY
    assert _message(b"  \n ", name) == EMPTY


def test_other_formats_are_refused():
    assert _message(b"PK\x03\x04 odt", "politik.odt") == NOT_SUPPORTED


def test_pasted_text_that_is_empty_is_refused():
    with pytest.raises(PolicyImportError):
        read_policy_text(" \n\n ")


# --- saving -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_policy_import_draft_saves_a_draft_with_its_parts_and_one_history_line(editor):
    tree = documents.expected_tree()
    tree.vision_quote = "Uddannelsesbyen"
    policy = services.policy_import_draft(tree=tree, by=editor, filename="politik.docx")
    assert policy.status == Policy.Status.DRAFT
    assert policy.title == EDUCATION_POLICY["title"]
    assert policy.summary == EDUCATION_POLICY["summary"]
    assert policy.background.startswith(documents.plain(EDUCATION_POLICY["background"]))
    assert policy.background.endswith("**Kontakt**\n\n" + "\n".join(documents.CONTACT))
    assert policy.vision == f"> Uddannelsesbyen\n\n{EDUCATION_POLICY['vision']}"
    demo = [
        (title, intro, [(t, documents.plain(x)) for t, x in commitments])
        for title, intro, commitments in EDUCATION_POLICY["focus_areas"]
    ]
    saved = [
        (a.title, a.introduction, [(c.title, c.text) for c in a.commitments.all()])
        for a in policy.focus_areas.all()
    ]
    assert saved == demo
    # Two commitments are both called "Vejledning", in different areas: each keeps its anchor.
    assert policy.focus_areas.get(position=5).commitments.get(position=4).slug == "vejledning"
    entries = HistoryEntry.objects.filter(object_id=policy.pk)
    assert [e.action for e in entries] == ["Importerede politikken fra “politik.docx”"]
    assert entries[0].changes == {
        "focus_areas": [0, 5], "commitments": [0, 23], "year": [None, 2008]
    }  # fmt: skip


@pytest.mark.django_db
def test_policy_import_draft_refuses_unknown_fields_and_keeps_known_ones(editor):
    with pytest.raises(TypeError):
        services.policy_import_draft(tree=PolicyTree(title="X"), by=editor, status="adopted")
    policy = services.policy_import_draft(
        tree=PolicyTree(title="Kulturpolitik"), agenda21_ref="Agenda 21"
    )
    assert policy.agenda21_ref == "Agenda 21"
    assert policy.slug == "kulturpolitik"
    assert policy.focus_areas.count() == 0


# --- the editor's pages -------------------------------------------------------------------------

IMPORT_URL = "/politikker/redaktion/importer/dokument/"
REVIEW_URL = "/politikker/redaktion/importer/dokument/gennemse/"


@contextmanager
def english(client):
    client.cookies["django_language"] = "en"
    yield
    del client.cookies["django_language"]


def _upload(client, data: bytes, name: str):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(IMPORT_URL, {"file": upload, "text": ""})


def _review_data(client) -> dict:
    """The review form as a browser would send it back."""
    from ..formreader import main_form

    response = client.get(REVIEW_URL)
    assert response.status_code == 200
    return main_form(response.content.decode(), REVIEW_URL).data()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "tom.docx", "The submitted file is empty."),
        (b"hello", "politik.docx", "The file is not a Word document (.docx)"),
        (b"%PDF-1.7\n1 0 obj", "politik.pdf", "it may be damaged or only partly uploaded"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_next_to_the_field(
    editor_client, data, name, message
):
    with english(editor_client):
        response = _upload(editor_client, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (
        'id="id_file_error"' in response.content.decode()
        or "form-error" in response.content.decode()
    )
    assert "policy_import" not in editor_client.session
    assert not Policy.objects.exists()


@pytest.mark.django_db
def test_the_error_is_in_danish_by_default(editor_client):
    response = _upload(editor_client, b"hello", "politik.docx")
    assert "Filen er ikke et Word-dokument" in response.content.decode()


@pytest.mark.django_db
def test_nothing_chosen_and_both_chosen_are_refused(editor_client):
    with english(editor_client):
        assert "Choose a file" in editor_client.post(IMPORT_URL, {"text": ""}).content.decode()
        upload = io.BytesIO(b"Titel\n")
        upload.name = "a.txt"
        response = editor_client.post(IMPORT_URL, {"file": upload, "text": "Titel"})
    assert response.status_code == 400
    assert "not both" in response.content.decode()


@pytest.mark.django_db
def test_upload_review_and_save_the_herning_policy_unchanged(editor_client, editor):
    response = _upload(editor_client, documents.docx_file("bold"), "herning.docx")
    assert response.status_code == 302
    assert response["Location"] == REVIEW_URL
    page = editor_client.get(REVIEW_URL).content.decode()
    assert "Unikke læringsmiljøer og kvalitetsuddannelser" in page
    assert "herning.docx" in page
    assert not Policy.objects.exists()
    data = _review_data(editor_client)
    data["action"] = "save"
    response = editor_client.post(REVIEW_URL, data)
    policy = Policy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == policy.get_editor_url()
    assert policy.status == Policy.Status.DRAFT
    assert policy.focus_areas.count() == 5
    assert sum(a.commitments.count() for a in policy.focus_areas.all()) == 23
    assert "policy_import" not in editor_client.session
    # The same post again (a double tap): the same answer, no second policy.
    again = editor_client.post(REVIEW_URL, data)
    assert again.status_code == 302
    assert Policy.objects.count() == 1


@pytest.mark.django_db
def test_emphasis_from_word_survives_the_review_and_is_shown_on_the_draft(editor_client):
    assert _upload(editor_client, _emphasis_docx(), "klima.docx").status_code == 302
    data = _review_data(editor_client)
    assert data["introduction"] == [
        "Herning skal være **grønnere** og *mere åben* – ***hele tiden***."
    ]
    data["action"] = "save"
    assert editor_client.post(REVIEW_URL, data).status_code == 302
    policy = Policy.objects.get()
    commitment = policy.focus_areas.get().commitments.get(title="Solceller")
    assert commitment.text == "Vi vil sætte solceller på **alle** kommunens tage."
    page = editor_client.get(f"/politikker/redaktion/{policy.slug}/forhaandsvisning/")
    html = page.content.decode()
    assert "<strong>grønnere</strong> og <em>mere åben</em>" in html
    assert "<strong><em>hele tiden</em></strong>" in html
    assert "solceller på <strong>alle</strong> kommunens tage" in html
    assert "*" not in policy.title


@pytest.mark.django_db
def test_links_from_word_survive_the_review_and_work_on_the_draft(editor_client):
    assert _upload(editor_client, _links_docx(), "klima.docx").status_code == 302
    data = _review_data(editor_client)
    data["action"] = "save"
    assert editor_client.post(REVIEW_URL, data).status_code == 302
    policy = Policy.objects.get()
    # The summary is shown as plain text: a first paragraph with links stays in the background.
    assert policy.summary == ""
    assert policy.background == LINKS_TREE.introduction
    commitment = policy.focus_areas.get().commitments.get(title="Vindmøller")
    assert commitment.text == "Flere møller, se [vindplanen](https://www.herning.dk/vind)."
    page = editor_client.get(f"/politikker/redaktion/{policy.slug}/forhaandsvisning/")
    html = page.content.decode()
    assert (
        '<a href="https://www.herning.dk/klima" rel="noopener noreferrer">hele '
        "<strong>planen</strong> her</a>" in html
    )
    wiki = '<a href="https://da.wikipedia.org/wiki/Herning_%28by%29" rel="noopener noreferrer">'
    assert f"{wiki}Bilag [1]</a>." in html
    assert "](" not in html
    assert "\\[" not in html


def test_a_title_made_by_split_is_plain_text_without_links_or_emphasis():
    from uddannelsesby.policies.importing.editing import import_rows_apply

    text = (
        "Vi vil sætte solceller op. Se [kortet \\[1\\]](https://www.herning.dk/sol_%28kort%29) "
        "over **alle** tage. Resten *her*."
    )
    row = {"level": "commitment", "title": "Solceller", "text": text}
    rows, at = import_rows_apply("split-0", [(0, row)])
    assert at == 1
    assert rows == [
        row | {"text": "Vi vil sætte solceller op."},
        {"level": "commitment", "title": "Se kortet [1] over alle tage", "text": "Resten *her*."},
    ]


@pytest.mark.django_db
def test_a_pdf_without_headings_is_reviewed_with_a_warning_above_the_form(editor_client):
    import weasyprint

    paragraphs = "".join(
        f"<p>Afsnit {n} om uddannelse i Herning, med æ, ø og å.</p>" for n in range(6)
    )
    pdf = weasyprint.HTML(string=f'<html lang="da"><body>{paragraphs}</body></html>').write_pdf()
    assert _upload(editor_client, pdf, "uden-overskrifter.pdf").status_code == 302
    page = editor_client.get(REVIEW_URL).content.decode()
    warning = "Der blev ikke fundet nogen fokusområder."
    assert 'class="alert alert-warning"' in page
    assert page.index("<main") < page.index(warning) < page.index("<form", page.index("<main"))
    assert page.count(warning) == 1
    assert "Afsnit 3 om uddannelse i Herning, med æ, ø og å." in page


@pytest.mark.django_db
def test_the_editor_moves_merges_splits_relevels_renames_and_leaves_out(editor_client):
    text = """Politik

Vision
Godt.

Område A
Intro A.
Det vil vi
Indsats 1
Tekst 1. Mere tekst.
Indsats 2
Tekst 2.

Område B
Intro B.
Det vil vi
Indsats 3
Tekst 3.
"""
    editor_client.post(IMPORT_URL, {"text": text})
    rows = editor_client.session["policy_import"]["rows"]
    assert [r["title"] for r in rows] == [
        "Område A", "Indsats 1", "Indsats 2", "Område B", "Indsats 3"
    ]  # fmt: skip

    def act(action, **changes):
        data = _review_data(editor_client) | {"action": action} | changes
        response = editor_client.post(REVIEW_URL, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        return [
            (r["level"][0], r["title"], r["text"])
            for r in editor_client.session["policy_import"]["rows"]
        ]

    assert act("down-1")[1:3] == [
        ("c", "Indsats 2", "Tekst 2."),
        ("c", "Indsats 1", "Tekst 1. Mere tekst."),
    ]
    assert act("up-2")[1][1] == "Indsats 1"
    assert act("split-1")[1:3] == [("c", "Indsats 1", "Tekst 1."), ("c", "Mere tekst", "")]
    assert act("merge-2")[1] == ("c", "Indsats 1", "Tekst 1.\n\nMere tekst")
    relevelled = act("apply", **{"rows-2-level": "area", "rows-2-title": "Område A2"})
    assert relevelled[2] == ("a", "Område A2", "Tekst 2.")
    left_out = act("apply", **{"rows-3-DELETE": "on"})
    assert [r[1] for r in left_out] == ["Område A", "Indsats 1", "Område A2", "Indsats 3"]
    reordered = act("apply", **{"rows-3-ORDER": "1"})
    assert reordered[0][1] == "Indsats 3"
    # A commitment cannot come first: saving is refused with a message, nothing saved.
    data = _review_data(editor_client) | {"action": "save"}
    with english(editor_client):
        response = editor_client.post(REVIEW_URL, data)
    assert response.status_code == 400
    assert "The first item must be a focus area" in response.content.decode()
    assert not Policy.objects.exists()


@pytest.mark.django_db
def test_split_without_a_second_sentence_says_so_next_to_the_text(editor_client):
    editor_client.post(
        IMPORT_URL, {"text": "Politik\n\nOmråde\nDet vil vi\nIndsats\nÉn sætning.\n"}
    )
    data = _review_data(editor_client) | {"action": "split-1"}
    with english(editor_client):
        response = editor_client.post(REVIEW_URL, data)
    assert response.status_code == 400
    assert "There is nothing to split" in response.content.decode()


@pytest.mark.django_db
def test_bad_review_input_is_shown_again_with_errors(editor_client):
    editor_client.post(IMPORT_URL, {"text": documents.web_text()})
    data = _review_data(editor_client) | {"action": "apply", "title": "", "rows-0-title": ""}
    data["rows-0-level"] = "nonsense"
    response = editor_client.post(REVIEW_URL, data)
    assert response.status_code == 400
    assert response.content.decode().count("form-error") >= 3
    assert not Policy.objects.exists()


@pytest.mark.django_db
def test_discard_forgets_the_import(editor_client):
    editor_client.post(IMPORT_URL, {"text": documents.web_text()})
    response = editor_client.post(REVIEW_URL, {"action": "discard"})
    assert response.status_code == 302
    assert "policy_import" not in editor_client.session
    with english(editor_client):
        page = editor_client.get(REVIEW_URL).content.decode()
    assert "There is no imported document to check" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.REGISTERED, Role.PARTNER, Role.COUNCIL])
def test_only_editors_import(user_for_role, role):
    client = Client()
    client.force_login(user_for_role(role))
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": "Politik"}).status_code == 403
    assert client.get(REVIEW_URL).status_code == 403
    assert Client().get(IMPORT_URL).status_code == 302
