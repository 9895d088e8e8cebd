"""Uploaded files are checked by what they contain, never by their name."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
NOT_ACCEPTED = _("Only PDF files and images (PNG, JPEG, GIF, WebP) are accepted.")
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


def sniff_pdf_or_image(upload: UploadedFile) -> str:
    """The file's real content type, if it is a PDF or an image; ValidationError otherwise."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB."), params={"mb": MAX_UPLOAD_BYTES // 2**20}
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    try:
        with Image.open(upload) as image:
            image.verify()
            kind = IMAGE_TYPES.get(image.format or "")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(NOT_ACCEPTED) from error
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError(NOT_ACCEPTED)
    return kind
