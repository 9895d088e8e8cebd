"""Serving stored files and downloads: only from views that have checked who asks.

Nothing under MEDIA_URL is routed; a view that has checked permission answers with
`serve_file`. With the setting FILES_X_ACCEL_REDIRECT (for example "/_files/"), Django only
answers with headers and nginx sends the file from an `internal` location (docs/operations.md);
otherwise Django streams the file itself.
"""

import re
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseBase

from .uploads import EXTENSIONS

# A served file can never become a page: no script, no plug-ins, no framing, nothing loaded.
FILE_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def safe_filename(name: str, extension: str = "") -> str:
    """A file name for a Content-Disposition header: ASCII letters, digits, dot, dash and
    underscore only, never what a user typed as it was."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-_")[:80] or "fil"
    if extension and not stem.lower().endswith(extension):
        stem += extension
    return stem


def private(response: HttpResponseBase) -> HttpResponseBase:
    """Headers for anything personal (CVs, data exports, unpublished attachments): never stored
    by a browser or a proxy, never sniffed as another type."""
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_file(
    field: FieldFile, *, filename: str, content_type: str, personal: bool
) -> HttpResponseBase:
    """The stored file as a download (Content-Disposition: attachment), after the view's check.

    `content_type` must be one the upload check accepts; anything else is sent as bytes.
    `filename` is made safe here whatever it is."""
    if content_type not in EXTENSIONS:
        content_type = "application/octet-stream"
    extension = EXTENSIONS.get(content_type, ("",))[0]
    name = safe_filename(filename, extension)
    prefix = getattr(settings, "FILES_X_ACCEL_REDIRECT", "")
    if prefix:
        response: HttpResponseBase = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field.name)
    else:
        response = FileResponse(field.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store" if personal else "private, no-cache"
    return response
