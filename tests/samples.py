"""Sample files for upload tests: real PDFs and images, and the files an attacker would try."""

import io
import zipfile

import pikepdf
from PIL import Image


def pdf_bytes(pages: int = 1) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(buffer, encryption=pikepdf.Encryption(owner="x", user="y"))
    return buffer.getvalue()


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (4, 4), **options) -> bytes:
    buffer = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    Image.new(mode, size).save(buffer, fmt, **options)
    return buffer.getvalue()


def gif_js_polyglot() -> bytes:
    """A GIF that is also JavaScript: the width reads "/*", the script follows the image.
    Loaded with <script src=...> it runs `alert(1)`; opened as an image it is a GIF."""
    gif = bytearray(image_bytes("GIF", size=(0x2A2F, 1)))  # little-endian 0x2A2F is "/*"
    assert gif[6:8] == b"/*"
    return bytes(gif) + b"*/=alert(1);"


def gif_with_script_comment() -> bytes:
    """A valid GIF carrying an HTML script in its comment block."""
    return image_bytes("GIF", comment=b"<script>alert(document.domain)</script>")


def pdf_then_html() -> bytes:
    """Starts like a PDF, continues as a web page."""
    return b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def pdf_with_html_appended() -> bytes:
    """A real PDF with a web page after its end."""
    return pdf_bytes() + b"<html><script>alert(1)</script></html>"


def html() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def svg_with_script() -> bytes:
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
        b"<script>alert(1)</script></svg>"
    )


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# (file name, content) of files that every upload must refuse, whatever it accepts.
HOSTILE = {
    "gif+js": ("billede.gif", gif_js_polyglot),
    "gif+script comment": ("billede.gif", gif_with_script_comment),
    "pdf header+html": ("svar.pdf", pdf_then_html),
    "pdf+html appended": ("svar.pdf", pdf_with_html_appended),
    "html renamed pdf": ("svar.pdf", html),
    "truncated pdf": ("svar.pdf", lambda: pdf_bytes()[:200]),
    "password pdf": ("svar.pdf", encrypted_pdf),
    "svg with script": ("tegning.svg", svg_with_script),
    "svg renamed png": ("tegning.png", svg_with_script),
    "docx": ("dokument.docx", docx),
    "png named pdf": ("svar.pdf", image_bytes),
    "pdf named png": ("billede.png", pdf_bytes),
    "pdf named html": ("side.html", pdf_bytes),
    "exe": ("program.pdf", lambda: b"MZ\x90\x00 not a pdf at all"),
}
