"""Real policy documents for the import tests and the benchmark: the demo's education policy
written out as a web page's text, as Word files in five styles, as HTML and as a PDF whose
headings are only larger or bolder text (WeasyPrint)."""

import io
import re
from html import escape

from uddannelsesby.policies.demo import EDUCATION_POLICY
from uddannelsesby.policies.importing import CommitmentNode, FocusAreaNode, PolicyTree

CONTACT = ["By, Erhverv og Kultur", "Herning Kommune", "Torvet 5, 7400 Herning",
           "uddannelse@herning.dk"]  # fmt: skip
ADOPTED = "Vedtaget af byrådet den 24. juni 2008."
EMPHASIS = re.compile(r"\*\*?([^*]+?)\*\*?")


def plain(text: str) -> str:
    """The demo's Markdown without emphasis: the documents here are written without it (the
    emphasis tests build their own)."""
    return EMPHASIS.sub(r"\1", text).strip()


def policy(data=EDUCATION_POLICY, *, repeat: int = 1) -> dict:
    """The policy as the documents write it: intro paragraphs (a list is a list of strings)."""
    introduction = f"{data['summary']}\n\n{data['background']}"
    paragraphs = []
    for chunk in plain(introduction).split("\n\n"):
        if chunk.startswith("- "):
            paragraphs.append([line[2:] for line in chunk.split("\n")])
        else:
            paragraphs.append(chunk)
    areas = []
    for number in range(repeat):
        for title, intro, commitments in data["focus_areas"]:
            suffix = f" ({number + 1})" if repeat > 1 else ""
            areas.append((title + suffix, intro, [(t + suffix, x) for t, x in commitments]))
    return {"title": data["title"], "intro": paragraphs, "vision": data["vision"], "areas": areas}


def expected_tree(data=EDUCATION_POLICY, *, repeat: int = 1) -> PolicyTree:
    doc = policy(data, repeat=repeat)
    intro = "\n\n".join(
        "\n".join(f"- {line}" for line in p) if isinstance(p, list) else p for p in doc["intro"]
    )
    return PolicyTree(
        title=doc["title"],
        introduction=intro,
        vision=doc["vision"],
        vision_quote="",
        year=2008,
        contact="\n".join(CONTACT),
        focus_areas=[
            FocusAreaNode(title, intro, [CommitmentNode(t, x) for t, x in commitments])
            for title, intro, commitments in doc["areas"]
        ],
    )


# --- a web page's text ------------------------------------------------------------------------


def web_text(doc=None) -> str:
    doc = doc or policy()
    lines = [doc["title"], ""]
    first, *rest = doc["intro"]
    lines += [first, "", "Baggrund", ""]
    for paragraph in rest:
        if isinstance(paragraph, list):
            lines += [f"- {line}" for line in paragraph]
        else:
            lines.append(paragraph)
        lines.append("")
    lines += [ADOPTED, "", "Vision", "", doc["vision"], "", "Indsatsområder", ""]
    lines += [f"{n}. {title}" for n, (title, _i, _c) in enumerate(doc["areas"], start=1)]
    for title, intro, commitments in doc["areas"]:
        lines += ["", title, "", intro, "", "Det vil vi", ""]
        for commitment, text in commitments:
            lines += [commitment, text, ""]
    lines += ["Kontakt", "", *CONTACT, ""]
    return "\n".join(lines)


# --- Word -----------------------------------------------------------------------------------


def docx_file(style: str, doc=None) -> bytes:
    """The policy as a .docx: style is "headings", "bold", "numbered", "bulleted" or "table"."""
    import docx
    from docx.shared import Pt

    doc = doc or policy()
    document = docx.Document()

    def heading(text, level, size=None):
        if style == "bold":
            run = document.add_paragraph().add_run(text)
            run.bold = True
            run.font.size = Pt(size or {0: 20, 1: 15, 2: 13, 3: 11, 4: 11}[level])
        elif level == 0:
            document.add_paragraph(text, style="Title")
        else:
            document.add_heading(text, level)

    def lead_item(title, text, list_style="List Bullet"):
        paragraph = document.add_paragraph(style=list_style)
        paragraph.add_run(title).bold = True
        paragraph.add_run(f": {text}")

    heading(doc["title"], 0)
    first, *rest = doc["intro"]
    document.add_paragraph(first)
    heading("Baggrund", 1)
    for paragraph in rest:
        if isinstance(paragraph, list):
            for line in paragraph:
                document.add_paragraph(line, style="List Bullet")
        else:
            document.add_paragraph(paragraph)
    document.add_paragraph(ADOPTED)
    heading("Vision", 1)
    document.add_paragraph(doc["vision"])
    heading("Indsatsområder", 1)
    for title, intro, commitments in doc["areas"]:
        if style == "numbered":
            document.add_paragraph(title, style="List Number")
        else:
            heading(title, 2)
        document.add_paragraph(intro)
        if style == "numbered":
            document.add_paragraph("Det vil vi:")
            for commitment, text in commitments:
                lead_item(commitment, text)
        elif style == "bulleted":
            for commitment, text in commitments:
                lead_item(commitment, text)
        elif style == "table":
            heading("Det vil vi", 3)
            table = document.add_table(rows=1, cols=2)
            for cell, label in zip(table.rows[0].cells, ("Indsats", "Beskrivelse"), strict=True):
                cell.paragraphs[0].add_run(label).bold = True
            for commitment, text in commitments:
                row = table.add_row().cells
                row[0].text, row[1].text = commitment, text
        else:
            heading("Det vil vi", 3)
            for commitment, text in commitments:
                heading(commitment, 4)
                document.add_paragraph(text)
    heading("Kontakt", 1)
    for line in CONTACT:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- HTML and PDF -----------------------------------------------------------------------------


def html_page(doc=None, *, for_pdf: bool = False) -> str:
    """The policy as a web page (real headings), or, for the PDF, with headings that are only
    larger or bolder text."""
    doc = doc or policy()

    def h(level: int, text: str) -> str:
        if for_pdf:
            return f'<p class="h{level}">{escape(text)}</p>'
        return f"<h{level + 1}>{escape(text)}</h{level + 1}>"

    parts = [h(0, doc["title"])]
    first, *rest = doc["intro"]
    parts += [f"<p>{escape(first)}</p>", h(1, "Baggrund")]
    for paragraph in rest:
        if isinstance(paragraph, list):
            items = "".join(f"<li>{escape(line)}</li>" for line in paragraph)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{escape(paragraph)}</p>")
    parts += [f"<p>{ADOPTED}</p>", h(1, "Vision"), f"<p>{escape(doc['vision'])}</p>"]
    parts.append(h(1, "Indsatsområder"))
    if not for_pdf:
        toc = "".join(f"<li>{escape(title)}</li>" for title, _i, _c in doc["areas"])
        parts.append(f"<ol>{toc}</ol>")
    for title, intro, commitments in doc["areas"]:
        parts += [h(2, title), f"<p>{escape(intro)}</p>", h(3, "Det vil vi")]
        for commitment, text in commitments:
            parts += [h(4, commitment), f"<p>{escape(text)}</p>"]
    parts.append(h(1, "Kontakt"))
    parts += [f"<p>{escape(line)}</p>" for line in CONTACT]
    body = "\n".join(parts)
    style = (
        "<style>@page { size: A4; margin: 2cm } body { font-family: sans-serif; "
        "font-size: 11pt } p { margin: 0 0 8pt } ul { margin: 0 0 8pt } "
        ".h0 { font-size: 22pt; font-weight: bold } .h1 { font-size: 16pt; font-weight: bold } "
        ".h2 { font-size: 13pt; font-weight: bold } .h3, .h4 { font-weight: bold }</style>"
    )
    if for_pdf:
        return f'<!doctype html><html lang="da"><head><title>{escape(doc["title"])}</title>{style}</head><body>{body}</body></html>'  # noqa: E501
    return (
        '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Politik</title>'
        "<script>var x = 1;</script></head><body><header><nav><ul><li>Forside</li>"
        "<li>Borger</li></ul></nav></header><main>"
        f"{body}</main><footer><p>Herning Kommune · Cookies</p></footer></body></html>"
    )


def pdf_file(doc=None) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html_page(doc, for_pdf=True)).write_pdf()
