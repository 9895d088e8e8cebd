"""Onboarding with the files a municipality's web editor really has: a half-uploaded Word file
or PDF, a password-protected PDF, an old .doc, a scan without text. Each gets a message next to
the file field in Danish and English, and what was typed is kept."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uddannelsesby.accounts.models import Role
from uddannelsesby.core.models import SiteSettings
from uddannelsesby.policies.models import Policy

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Uddannelsespolitik for Læsø Kommune", 0)
    document.add_heading("Vision", 1)
    document.add_paragraph("Alle unge på Læsø får en uddannelse.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(html: str = "<h1>Uddannelsespolitik</h1><p>Alle unge skal have en uddannelse.</p>"):
    import weasyprint

    return weasyprint.HTML(string=f"<html lang=da><title>P</title>{html}").write_pdf()


def _password_pdf() -> bytes:
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(_pdf())) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="ejer", user="hemmelig"))
    return out.getvalue()


def _scanned_pdf() -> bytes:
    """A page with a picture of text and no text layer, as a scanner makes it."""
    return _pdf(
        '<img alt="" src="data:image/svg+xml;utf8,<svg xmlns=\'http://www.w3.org/2000/svg\' '
        "width='200' height='50'><rect width='200' height='50' fill='black'/></svg>\">"
    )


def _old_word() -> bytes:
    # An OLE compound file's signature and padding: what Word 97-2003 writes at the start.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024


CASES = {
    "halv.docx": (lambda: _docx()[:900], "kan ikke læses", "cannot be read"),
    "halv.pdf": (lambda: _pdf()[:400], "kan ikke læses", "cannot be read"),
    "kode.pdf": (_password_pdf, "adgangskode", "password"),
    "gammel.doc": (_old_word, ".doc", ".doc"),
    "gammel-med-docx-navn.docx": (_old_word, ".doc", ".doc"),
    "scannet.pdf": (_scanned_pdf, "OCR", "OCR"),
}


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("filename", CASES)
def test_a_file_that_cannot_be_read_is_explained_beside_the_field(
    client, user_for_role, filename, language
):
    make, danish, english = CASES[filename]
    client.force_login(user_for_role(Role.ADMIN))
    client.cookies["django_language"] = language
    upload = SimpleUploadedFile(filename, make(), content_type="application/octet-stream")
    response = client.post(
        "/opsaetning/ny-kommune/",
        {"code": "825", "name": "Læsø Kommune", "place_name": "Læsø", "policies": [upload]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    beside = page.split('id="id_policies-error"')[1][:800]
    assert filename in beside
    assert (danish if language == "da" else english) in beside
    assert 'value="Læsø Kommune"' in page
    assert 'value="825"' in page
    assert not SiteSettings.objects.exists()
    assert not Policy.objects.exists()
