"""What an attacker tries first: open redirects, script in text that is published, files that
read or fetch what they should not, formulas in exports, line breaks in headers."""

import base64
import contextlib
import csv
import http.server
import io
import re
import threading
import time
import zipfile
import zlib
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from uddannelsesby.accounts.models import Role
from uddannelsesby.follow.models import Subscription

from ..factories import UserFactory

EVIL_TARGETS = [
    "//evil.example",
    "https://evil.example",
    "http://evil.example/",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "///evil.example",
    "https:evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "//evil.example@testserver",
    "/%2F%2Fevil.example",
]


def _is_local(location: str) -> bool:
    """A browser stays on this site: a path, not '//host', '/\\host' or 'scheme:...'."""
    parts = urlsplit(location.replace("\\", "/"))
    return location.startswith("/") and not parts.scheme and not parts.netloc


@pytest.mark.django_db
@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_no_next_parameter_sends_anyone_away(client, target):
    password = "Korrekt-Hest-Batteri-9"
    user = UserFactory(role=Role.EDITOR, username="angriber")
    user.set_password(password)
    user.save()
    answers = {
        "language": client.get(reverse("core:language", args=["en"]), {"next": target}),
        "login": client.post(
            reverse("accounts:login") + "?next=" + target,
            {"username": "angriber", "password": password, "next": target},
        ),
    }
    subscription = Subscription.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(user),
        object_id=user.pk,
        title="Uddannelsespolitik",
    )
    answers["follow stop"] = client.post(
        reverse("follow:stop", args=[subscription.pk]), {"next": target}
    )
    for name, response in answers.items():
        assert response.status_code in (301, 302, 303), name
        assert _is_local(response["Location"]), (name, response["Location"])


# --- PDFs: WeasyPrint reads only our own fonts and style sheet ---


@pytest.fixture
def listening_server():
    """A real HTTP server on 127.0.0.1 that counts what reaches it."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 -- the standard library's name
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF with its compressed streams unpacked."""
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            pdf += zlib.decompress(stream)
    return pdf


def test_a_pdf_reads_no_local_file_and_fetches_nothing_from_the_network(tmp_path, listening_server):
    from uddannelsesby.policies.pdf import render_pdf

    address, hits = listening_server
    local = tmp_path / "secret.png"
    local.write_bytes(PNG)
    html = f"""<!DOCTYPE html><html lang="da"><head><title>x</title>
      <link rel="stylesheet" href="{address}/style.css">
      <style>@import url("{address}/import.css"); body {{ background: url("{address}/bg.png") }}
      </style></head><body><h1>Politik</h1>
      <img src="file://{local}" alt="lokal"><img src="{address}/img.png" alt="net">
      <img src="/static/x.png" alt="relativ"><object data="file:///etc/passwd"></object>
      <a href="file:///etc/passwd">passwd</a><iframe src="file:///etc/passwd"></iframe>
      </body></html>"""
    pdf = _pdf_text(render_pdf(html, base_url=address + "/"))
    assert hits == []
    assert b"/Subtype /Image" not in pdf
    assert b"root:x:0" not in pdf
    assert b"IBM-Plex-Sans" in pdf  # our own fonts are still read


# --- CSV exports: a cell a spreadsheet would run stays text ---

HOSTILE_CELLS = [
    '=HYPERLINK("https://evil.example","Klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    ' =HYPERLINK("https://evil.example")',
    '\u00a0=HYPERLINK("https://evil.example")',
]


@pytest.mark.parametrize("cell", HOSTILE_CELLS)
def test_no_exported_cell_is_a_formula_in_any_spreadsheet(cell):
    from uddannelsesby.core import tabular

    for delimiter in (";", ","):
        out = io.StringIO(newline="")
        tabular.SafeWriter(out, delimiter=delimiter).writerow(["Navn", cell, 1000])
        tabular.SafeDictWriter(out, ["a", "b"], delimiter=delimiter).writerow({"a": "x", "b": cell})
        if delimiter == tabular.CSV_DELIMITER:
            out.write(tabular.to_csv([{"a": cell}], ("a",)).decode("utf-8-sig"))
        for row in csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=delimiter):
            for value in row:
                first = value.lstrip(" \n\u00a0")[:1]
                assert first not in ("=", "+", "-", "@", "\t", "\r"), (delimiter, value)
    # and the apostrophe goes again when the file is read back in
    assert tabular.clean_cell(tabular.neutralise(cell)) == tabular.clean_cell(cell)


# --- Office files read by the imports: no bombs, no entities ---

XXE = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)


def _replace_part(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return out.getvalue()


def _word(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _with_entity(doctype: str, entity: str):
    return lambda xml: xml.replace(b"?>", b"?>" + doctype.encode(), 1).replace(
        b"MARKER", entity.encode()
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_with_entity(XXE, "&x;"), id="external entity"),
        pytest.param(_with_entity(LAUGHS, "&j;"), id="billion laughs"),
    ],
)
def test_a_hostile_word_file_is_refused_or_read_without_its_entities(change):
    from uddannelsesby.policies.importing import PolicyImportError
    from uddannelsesby.policies.importing.docx_reader import read_docx

    data = _replace_part(_word("Vi vil MARKER"), "word/document.xml", change)
    assert len(data) < 5 * 1024 * 1024  # an upload the size limit lets through
    try:
        blocks = read_docx(data)
    except PolicyImportError:
        return
    text = str(blocks)
    assert "root:" not in text
    assert "aaaaaaaaaa" * 10 not in text
    assert len(text) < 10_000


def test_a_word_file_that_unpacks_to_too_much_is_refused_before_it_is_parsed():
    from uddannelsesby.policies.importing import PolicyImportError
    from uddannelsesby.policies.importing.blocks import MAX_UNPACKED_BYTES
    from uddannelsesby.policies.importing.docx_reader import read_docx

    padding = b" " * (MAX_UNPACKED_BYTES + 1)
    data = _replace_part(_word("Vi vil"), "word/document.xml", lambda xml: xml + padding)
    assert len(data) < 5 * 1024 * 1024  # an upload the size limit lets through
    with pytest.raises(PolicyImportError, match="unpacked|pakket ud"):
        read_docx(data)


# --- Markdown: text built to be slow to render ---


@pytest.mark.parametrize(
    "text",
    ["[" * 20000 + "x" + "](" * 20000, "[a](" * 20000, "[[[[x]]]]" * 5000],
)
def test_markdown_built_to_be_slow_renders_quickly_and_safely(text):
    from uddannelsesby.core.markdown import render_markdown

    started = time.monotonic()
    html = str(render_markdown(text + "\n\nwww.herning.dk <script>alert(1)</script>"))
    assert time.monotonic() - started < 3
    assert "<script" not in html
    assert 'href="https://www.herning.dk"' in html


def test_ordinary_markdown_with_many_links_still_renders_links():
    from uddannelsesby.core.markdown import render_markdown

    text = "\n".join(f"- [Skole {n}](https://skole{n}.dk)" for n in range(100))
    assert str(render_markdown(text)).count("<a href=") == 100
