"""Policies as other municipalities write them: focus areas labelled and lettered, a vision in
the first paragraph or in a text box, footnote marks, a PDF set in two columns with running
heads and page numbers, a web page saved with its menus and cookie banner. Every document is
made here."""

import io

import docx
import pytest
from django.utils import translation
from docx.oxml import parse_xml
from docx.shared import Pt

from uddannelsesby.policies.importing import notes, read_policy

AREAS = [
    ("Overgange fra grundskole", ["Vi vil styrke brobygningen til erhvervsskolerne.",
                                  "Vi vil give alle elever i 8. klasse et praktikforløb."]),
    ("Fællesskaber og trivsel", ["Vi vil nedbringe fraværet på ungdomsuddannelserne.",
                                 "Vi vil tilbyde en mentor til alle unge, der beder om det."]),
    ("Erhverv og uddannelse", ["Vi vil skaffe flere lærepladser i kommunen.",
                               "Vi vil samarbejde med erhvervslivet om efteruddannelse."]),
]  # fmt: skip
FILLER = " ".join(
    ["Kommunen arbejder sammen med skoler, virksomheder og foreninger om at give de unge de "
     "bedste muligheder for at gennemføre en uddannelse."] * 4
)  # fmt: skip


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _outline(tree) -> list[tuple[str, list[str]]]:
    return [(a.title, [c.title for c in a.commitments]) for a in tree.focus_areas]


def _expected() -> list[tuple[str, list[str]]]:
    return [(title, [c.rstrip(".") for c in items]) for title, items in AREAS]


@pytest.mark.parametrize(
    "label",
    ["{n}. Fokusområde: {t}", "Indsatsområde {n} – {t}", "{a}) {t}", "Fokusområde {n}: {t}",
     "Tema {a}. {t}"],
)  # fmt: skip
def test_a_focus_areas_label_or_letter_is_not_part_of_its_title(label):
    document = docx.Document()
    document.add_heading("Uddannelsespolitik for Høje-Taastrup Kommune", 0)
    for n, (title, items) in enumerate(AREAS, 1):
        paragraph = document.add_paragraph()  # a bold normal paragraph as the heading
        run = paragraph.add_run(label.format(n=n, a="ABC"[n - 1], t=title))
        run.bold, run.font.size = True, Pt(14)
        for item in items:
            document.add_paragraph(item, style="List Bullet")
    tree = read_policy(_saved(document), "politik.docx")
    assert _outline(tree) == _expected()


def test_danish_heading_styles_and_commitments_in_a_table():
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    for level in (1, 2):  # a Danish Word's style names
        document.styles.add_style(f"Overskrift {level}", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Uddannelsespolitik for Lyngby-Taarbæk Kommune", style="Title")
    document.add_paragraph("Vision", style="Overskrift 1")
    document.add_paragraph("Lyngby-Taarbæk er videnbyen, hvor unge lærer hele livet.")
    document.add_paragraph("Indledning", style="Overskrift 1")
    document.add_paragraph("Politikken er skrevet sammen med de unge.")
    for n, (title, items) in enumerate(AREAS, 1):
        document.add_paragraph(f"Indsatsområde {n} – {title}", style="Overskrift 1")
        table = document.add_table(rows=len(items) + 1, cols=2)
        table.cell(0, 0).paragraphs[0].add_run("Det vil vi").bold = True
        table.cell(0, 1).paragraphs[0].add_run("Sådan").bold = True
        for row, item in enumerate(items, 1):
            table.cell(row, 0).text = item.rstrip(".")
            table.cell(row, 1).text = "I samarbejde med skolerne."
    tree = read_policy(_saved(document), "politik.docx")
    assert _outline(tree) == _expected()
    # The vision ends where the next heading of its rank begins.
    assert tree.vision == "Lyngby-Taarbæk er videnbyen, hvor unge lærer hele livet."
    assert "Politikken er skrevet sammen med de unge." in tree.introduction


@pytest.mark.parametrize(
    ("opening", "vision"),
    [
        ("Vores vision er, at alle unge på Ærø får en uddannelse.",
         "Vores vision er, at alle unge på Ærø får en uddannelse."),
        ("Vision: Alle unge på Ærø får en uddannelse.", "Alle unge på Ærø får en uddannelse."),
    ],
)  # fmt: skip
def test_a_vision_in_the_first_paragraph_without_a_heading(opening, vision):
    document = docx.Document()
    document.add_heading("Ærøs uddannelsespolitik", 0)
    document.add_paragraph(opening)
    document.add_paragraph("Politikken gælder for 2026 til 2030.")
    document.add_heading("Fokusområder", 1)
    for title, items in AREAS:
        document.add_heading(title, 2)
        for item in items:
            document.add_paragraph(item, style="List Number")
    tree = read_policy(_saved(document), "politik.docx")
    assert tree.vision == vision
    assert tree.introduction == "Politikken gælder for 2026 til 2030."
    assert _outline(tree) == _expected()


TEXT_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
    '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp>'
    "<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx></wps:wsp>"
    "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent>"
    "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_a_vision_in_a_text_box_is_read_once():
    document = docx.Document()
    document.add_heading("Uddannelsespolitik for Fanø Kommune", 0)
    words = "Fanø er en ø, hvor unge tager en uddannelse uden at miste øen."
    paragraphs = f"<w:p><w:r><w:t>Vision</w:t></w:r></w:p><w:p><w:r><w:t>{words}</w:t></w:r></w:p>"
    document.add_paragraph()._p.append(parse_xml(TEXT_BOX.format(paragraphs=paragraphs)))
    document.add_heading("Fokusområder", 1)
    for title, items in AREAS:
        document.add_heading(title, 2)
        for item in items:
            document.add_paragraph(item, style="List Bullet")
    tree = read_policy(_saved(document), "politik.docx")
    assert tree.vision == words
    assert tree.source.count(words) == 1
    assert _outline(tree) == _expected()


def test_footnote_marks_and_page_headers_of_a_word_file_are_left_out():
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Brønderslev Kommune · Uddannelsespolitik"
    section.footer.paragraphs[0].text = "Side 1"
    document.add_heading("Uddannelsespolitik for Brønderslev Kommune", 0)
    paragraph = document.add_paragraph("Hver femte ung har ingen uddannelse som 25-årig")
    paragraph.add_run("1").font.superscript = True
    paragraph.add_run(", viser tallene.")
    for title, items in AREAS:
        document.add_heading(title, 1)
        for item in items:
            document.add_paragraph(item, style="List Bullet")
    tree = read_policy(_saved(document), "politik.docx")
    assert tree.introduction == "Hver femte ung har ingen uddannelse som 25-årig, viser tallene."
    assert "Side 1" not in tree.source
    assert "·" not in tree.source
    assert _outline(tree) == _expected()


def test_a_pdf_in_two_columns_with_running_heads_and_page_numbers():
    import weasyprint

    body = (
        "<h1>Uddannelsespolitik for Aabenraa Kommune</h1><h2>Vision</h2>"
        "<p>Aabenraa er stedet, hvor alle unge finder vej til uddannelse.</p>"
        f"<h2>Indledning</h2><p>{FILLER}</p><p>{FILLER}</p>"
    )
    for n, (title, items) in enumerate(AREAS, 1):
        body += f"<h2>{n}. Fokusområde: {title}</h2><p>{FILLER}</p><ul>"
        body += "".join(f"<li>{item}</li>" for item in items) + f"</ul><p>{FILLER}</p>"
    css = (
        "@page { size: A5; margin: 2cm 1.5cm;"
        " @top-center { content: 'Aabenraa Kommune · Uddannelsespolitik'; font-size: 8pt }"
        " @bottom-right { content: 'Side ' counter(page) ' af ' counter(pages); font-size: 8pt } }"
        " body { font: 9pt 'DejaVu Sans', sans-serif; columns: 2; column-gap: 0.8cm }"
        " h1 { column-span: all; font-size: 18pt } h2 { font-size: 12pt }"
    )
    html = f"<html lang=da><title>Politik</title><style>{css}</style><body>{body}</body></html>"
    tree = read_policy(weasyprint.HTML(string=html).write_pdf(), "politik.pdf")
    assert tree.title == "Uddannelsespolitik for Aabenraa Kommune"
    assert tree.vision == "Aabenraa er stedet, hvor alle unge finder vej til uddannelse."
    assert _outline(tree) == _expected()
    assert "Uddannelsespolitik" not in tree.source.split("\n", 1)[1].replace(
        "Uddannelsespolitik for Aabenraa Kommune", ""
    )
    assert " af " not in tree.source.replace("åbne af", "")


@pytest.mark.parametrize("main", ["<main>", '<div id="indhold">'])
def test_a_saved_web_page_without_its_menus_and_cookie_banner(main):
    close = "</main>" if main == "<main>" else "</div>"
    areas = "".join(
        f"<h3>{title}</h3><p>Om området.</p><ul>{''.join(f'<li>{i}</li>' for i in items)}</ul>"
        for title, items in AREAS
    )
    page = (
        "<!doctype html><html lang=da><head><title>Uddannelsespolitik | Brønderslev Kommune"
        '</title></head><body><div class="site-header"><a href="/">Brønderslev Kommune</a>'
        '<ul><li><a href="/borger">Borger</a></li><li><a href="/erhverv">Erhverv</a></li></ul>'
        '</div><div role="navigation"><ol><li>Forside</li><li>Politikker</li></ol></div>'
        f"{main}<h1>Uddannelsespolitik 2026–2030</h1><h2>Vision</h2><p>Unge lærer her.</p>"
        f"<h2>Fokusområder</h2>{areas}<p class='updated'>Sidst opdateret: 12.03.2026</p>"
        '<section class="feedback"><h2>Fandt du det, du søgte?</h2><button>Ja</button>'
        f"</section>{close}"
        '<div role="contentinfo"><h2>Kontakt</h2><p>Ny Rådhusplads 1</p></div>'
        '<div id="CybotCookiebotDialog"><h2>Vi bruger cookies</h2><p>Accepter alle.</p>'
        "<div><button>OK</button></div></div></body></html>"
    )
    tree = read_policy(page.encode(), "uddannelsespolitik.html")
    assert tree.title == "Uddannelsespolitik 2026–2030"
    assert tree.vision == "Unge lærer her."
    assert _outline(tree) == _expected()
    assert "cookies" not in tree.source
    assert "Borger" not in tree.source
    assert "opdateret" not in tree.source
    assert "søgte" not in tree.source


def _after_the_areas() -> bytes:
    document = docx.Document()
    document.add_heading("Uddannelsespolitik for Læsø Kommune", 0)
    document.add_heading("Vision", 1)
    document.add_paragraph("Alle unge på Læsø får en uddannelse.")
    document.add_heading("Fokusområder", 1)
    for title, items in AREAS:
        document.add_heading(title, 2)
        for item in items:
            document.add_paragraph(item, style="List Bullet")
    document.add_heading("Opfølgning", 1)
    document.add_paragraph("Byrådet følger op på politikken hvert år i juni.")
    document.add_heading("Kontakt", 1)
    document.add_paragraph("Læsø Kommune, Doktorvejen 2, 9940 Læsø")
    return _saved(document)


def test_a_section_after_the_focus_areas_is_not_taken_for_one_and_is_named():
    tree = read_policy(_after_the_areas(), "politik.docx")
    assert _outline(tree) == _expected()
    assert tree.introduction == "Opfølgning\n\nByrådet følger op på politikken hvert år i juni."
    assert tree.unplaced == ["Opfølgning"]
    assert tree.contact == "Læsø Kommune, Doktorvejen 2, 9940 Læsø"
    with translation.override("en"):
        said = notes(tree)
    assert said == [
        "These sections after the focus areas had no place of their own and were put at the "
        "end of the introduction: “Opfølgning”."
    ]


def test_what_was_not_found_is_said():
    document = docx.Document()
    document.add_heading("Uddannelsespolitik for Ærø Kommune", 0)
    document.add_paragraph("Politikken gælder for 2026 til 2030.")
    document.add_heading("Unge på færgen", 1)
    document.add_paragraph("Vi vil sejle de unge til skole.", style="List Bullet")
    document.add_heading("Voksne der vil videre", 1)
    document.add_paragraph("Området beskrives senere.")
    tree = read_policy(_saved(document), "politik.docx")
    with translation.override("en"):
        said = notes(tree)
    assert said == [
        "No vision was found: write it in the field Vision.",
        "No commitments were found under: “Voksne der vil videre”.",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "said"),
    [("da", "sat ind sidst i indledningen: “Opfølgning”"),
     ("en", "put at the end of the introduction: “Opfølgning”")],
)  # fmt: skip
def test_the_review_page_and_onboarding_say_what_could_not_be_placed(
    client, user_for_role, language, said
):
    from uddannelsesby.accounts.models import Role

    client.force_login(user_for_role(Role.ADMIN))
    client.cookies["django_language"] = language
    upload = io.BytesIO(_after_the_areas())
    upload.name = "laesoe.docx"
    client.post("/politikker/redaktion/importer/dokument/", {"file": upload, "text": ""})
    page = client.get("/politikker/redaktion/importer/dokument/gennemse/").content.decode()
    warning = page.split('class="alert alert-warning"')[1].split("</div>")[0]
    assert said.replace("“", "&ldquo;") in warning or said in warning

    upload.seek(0)
    response = client.post(
        "/opsaetning/ny-kommune/", {"code": "Læsø", "name": "Læsø Kommune", "policies": [upload]},
        follow=True,
    )  # fmt: skip
    alert = response.content.decode().split('class="alert-text">')[1].split("</p>")[0]
    assert "Uddannelsespolitik for Læsø Kommune: " in alert
    assert said in alert


def test_a_two_page_pdf_loses_its_running_head_with_the_page_number_in_it():
    import weasyprint

    css = (
        "@page { size: A4; margin: 2cm;"
        " @top-center { content: 'Fanø Kommune · side ' counter(page) ' af ' counter(pages);"
        " font-size: 8pt } } body { font: 10pt 'DejaVu Sans', sans-serif }"
    )
    body = "<h1>Uddannelsespolitik for Fanø</h1><h2>Vision</h2><p>Unge på Fanø lærer.</p>"
    for n, (title, items) in enumerate(AREAS, 1):
        body += f"<h2>Fokusområde {n}: {title}</h2><p>{FILLER * 3}</p><ul>"
        body += "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    html = f"<html lang=da><title>Politik</title><style>{css}</style><body>{body}</body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    import pypdfium2

    assert len(pypdfium2.PdfDocument(pdf)) == 2
    tree = read_policy(pdf, "politik.pdf")
    assert "Fanø Kommune ·" not in tree.source
    assert _outline(tree) == _expected()


def test_commitments_in_a_table_with_a_number_column_and_a_responsible_column():
    document = docx.Document()
    document.add_heading("Uddannelsespolitik for Brønderslev Kommune", 0)
    for n, (title, items) in enumerate(AREAS, 1):
        document.add_heading(f"{n}. {title}", 1)
        table = document.add_table(rows=len(items) + 1, cols=3)
        labels = ["Nr.", "Det vil vi", "Ansvarlig"]
        for cell, label in zip(table.rows[0].cells, labels, strict=True):
            cell.paragraphs[0].add_run(label).bold = True
        for row, item in enumerate(items, 1):
            table.cell(row, 0).text = f"{n}.{row}"
            table.cell(row, 1).text = item.rstrip(".")
            table.cell(row, 2).text = "Børne- og Skoleforvaltningen"
    tree = read_policy(_saved(document), "politik.docx")
    assert _outline(tree) == _expected()
    assert {c.text for a in tree.focus_areas for c in a.commitments} == {
        "Ansvarlig: Børne- og Skoleforvaltningen"
    }

    rows = "".join(
        f"<h2>{title}</h2><table><tr><th>Nr.</th><th>Det vil vi</th><th>Hvem</th></tr>"
        + "".join(
            f"<tr><td>{n}.</td><td>{item.rstrip('.')}</td><td>Kommunen</td></tr>"
            for n, item in enumerate(items, 1)
        )
        + "</table>"
        for title, items in AREAS
    )
    page = f"<html><body><main><h1>Uddannelsespolitik</h1>{rows}</main></body></html>"
    tree = read_policy(page.encode(), "politik.html")
    assert _outline(tree) == _expected()


def test_a_pdfs_footnotes_and_their_marks_are_left_out():
    import weasyprint

    css = (
        "@page { size: A4; margin: 2cm } body { font: 10pt 'DejaVu Sans', sans-serif }"
        " .note { float: footnote; font-size: 8pt }"
    )
    body = "<h1>Uddannelsespolitik for Samsø</h1><h2>Vision</h2><p>Unge på Samsø lærer.</p>"
    body += "<h2>Fokusområder</h2>"
    for n, (title, items) in enumerate(AREAS, 1):
        note = f"<span class=note>Danmarks Statistik, tabel UDDAKT{n}0.</span>"
        body += f"<h3>{title}</h3><p>Hver femte ung har ingen uddannelse{note} som 25-årig.</p>"
        body += "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    html = f"<html lang=da><title>Politik</title><style>{css}</style><body>{body}</body></html>"
    tree = read_policy(weasyprint.HTML(string=html).write_pdf(), "politik.pdf")
    assert _outline(tree) == _expected()
    assert {area.text for area in tree.focus_areas} == {
        "Hver femte ung har ingen uddannelse som 25-årig."
    }
    assert "UDDAKT" not in tree.source


@pytest.mark.parametrize("quoted", [False, True])
def test_a_paragraph_alone_before_the_introductions_heading_is_the_vision(quoted):
    words = "Alle unge i Høje-Taastrup skal have en uddannelse, der giver dem et godt liv."
    document = docx.Document()
    document.add_heading("Uddannelsespolitik for Høje-Taastrup Kommune", 0)
    document.add_paragraph(f"“{words}”" if quoted else words)
    document.add_heading("Indledning", 1)
    document.add_paragraph("Politikken er skrevet sammen med de unge.")
    for title, items in AREAS:
        document.add_heading(title, 1)
        for item in items:
            document.add_paragraph(item, style="List Bullet")
    tree = read_policy(_saved(document), "politik.docx")
    assert (tree.vision_quote if quoted else tree.vision) == words
    assert tree.introduction == "Politikken er skrevet sammen med de unge."
    assert _outline(tree) == _expected()


def test_pasted_text_with_numbered_and_lettered_labelled_focus_areas():
    from uddannelsesby.policies.importing import read_policy_text

    text = "Uddannelsespolitik for Ærø Kommune\n\nVision: Alle unge på Ærø får en uddannelse.\n\n"
    for n, (title, items) in enumerate(AREAS, 1):
        label = f"{n}. Fokusområde: {title}" if n < 3 else f"C) Tema: {title}"
        text += label + "\n" + "\n".join(items) + "\n\n"
    tree = read_policy_text(text)
    assert tree.vision == "Alle unge på Ærø får en uddannelse."
    assert tree.introduction == ""
    assert _outline(tree) == _expected()


@pytest.mark.parametrize("style", ["Normal", "List Number"])
def test_focus_areas_named_in_plain_or_numbered_paragraphs_of_a_word_file(style):
    document = docx.Document()
    document.add_heading("Uddannelsespolitik for Samsø Kommune", 0)
    document.add_heading("Vision", 1)
    document.add_paragraph("Alle unge på Samsø får en uddannelse.")
    for n, (title, items) in enumerate(AREAS, 1):
        typed = f"{n}. Fokusområde: {title}" if style == "Normal" else f"Fokusområde: {title}"
        document.add_paragraph(typed, style=style)
        for item in items:
            document.add_paragraph(item, style="List Bullet")
    tree = read_policy(_saved(document), "politik.docx")
    assert tree.vision == "Alle unge på Samsø får en uddannelse."
    assert _outline(tree) == _expected()
