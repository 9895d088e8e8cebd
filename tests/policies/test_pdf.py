import io

import pikepdf
import pytest

from ..factories import adopted_policy


@pytest.fixture
def pdf(client, db):
    policy = adopted_policy(areas=2, commitments=2, title="Politik for uddannelse")
    response = client.get(f"/politikker/{policy.slug}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pikepdf.open(io.BytesIO(response.content))


def test_pdf_is_tagged_pdf_ua_in_danish(pdf):
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in root
    assert str(root.Lang) == "da"
    assert root.ViewerPreferences.DisplayDocTitle is True
    with pdf.open_metadata() as meta:
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == "Politik for uddannelse"


def test_pdf_structure_has_headings_and_bookmarks(pdf):
    kinds = set()

    def walk(node):
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            kinds.add(str(node.S))
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary):
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    assert {"/H1", "/H2", "/P"} <= kinds
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles == ["Politik for uddannelse"]
    children = [child.title for child in outline.root[0].children]
    assert any(title.startswith(("Focus area 1", "Fokusområde 1")) for title in children)


def test_pdf_text_is_selectable(pdf):
    fonts = pdf.pages[0].Resources.Font
    assert len(fonts) > 0
    assert all("/ToUnicode" in font for font in fonts.values())
