"""Upload checks: extension, size and content signature must agree."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.uploads import validate_document, validate_image
from tests.partners.conftest import PNG, docx, pdf


def odt() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return SimpleUploadedFile("risk.odt", buffer.getvalue())


@pytest.mark.parametrize("upload", [pdf(), docx(), odt(), pdf(name="RISK.PDF")])
def test_it_accepts_real_documents(upload):
    validate_document(upload)


@pytest.mark.parametrize(
    "upload",
    [
        pdf(name="risk.html"),
        SimpleUploadedFile("risk.pdf", b"<html><script>alert(1)</script>"),
        SimpleUploadedFile("risk.docx", b"PK\x03\x04 not really a zip"),
        SimpleUploadedFile("risk.odt", docx().read()),  # a zip, but a Word one
        SimpleUploadedFile("risk", b"%PDF-1.4"),
    ],
)
def test_it_refuses_other_files(upload):
    with pytest.raises(ValidationError):
        validate_document(upload)


def test_it_checks_images():
    validate_image(SimpleUploadedFile("a.png", PNG))
    validate_image(SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0" + b"0" * 10))
    with pytest.raises(ValidationError):
        validate_image(SimpleUploadedFile("a.jpg", PNG))
    with pytest.raises(ValidationError):
        validate_image(SimpleUploadedFile("a.svg", b"<svg/>"))
