"""Checks on uploaded files: the extension, the size and the first bytes of the content must agree.

The extension alone proves nothing; the content signature ("magic bytes") stops a renamed
executable or HTML page being stored and later served as a risk assessment.
"""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.signals import post_delete

DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}

WRONG_TYPE = "The file must be a {kinds}."
TOO_BIG = "The file must be smaller than {mb} MB."
EMPTY = "The selected file is empty."
CONTENT_MISMATCH = "The file's content is not a {kind}: it may have been renamed."


def max_bytes() -> int:
    return settings.UPW_UPLOAD_MAX_MB * 1024 * 1024


def _head(upload: UploadedFile, n: int = 8) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def _is_office_zip(upload: UploadedFile, suffix: str) -> bool:
    # DOCX and ODT are zip files; check the member that names what they are.
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if suffix == ".docx":
                return "word/document.xml" in names
            return "mimetype" in names and archive.read("mimetype").strip() == DOCUMENT_TYPES[".odt"].encode()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def _check_size(upload: UploadedFile) -> None:
    if not upload.size:
        raise ValidationError(EMPTY, code="empty")
    if upload.size > max_bytes():
        raise ValidationError(TOO_BIG.format(mb=settings.UPW_UPLOAD_MAX_MB), code="too_big")


def validate_document(upload: UploadedFile) -> str:
    """A risk assessment: PDF, DOCX or ODT. Returns the content type."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(WRONG_TYPE.format(kinds="PDF, DOCX or ODT"), code="wrong_type")
    _check_size(upload)
    head = _head(upload)
    if suffix == ".pdf":
        ok = head.startswith(b"%PDF-")
    else:
        ok = head.startswith(b"PK\x03\x04") and _is_office_zip(upload, suffix)
    if not ok:
        raise ValidationError(CONTENT_MISMATCH.format(kind=suffix[1:].upper()), code="mismatch")
    return DOCUMENT_TYPES[suffix]


def validate_image(upload: UploadedFile) -> str:
    """A photo: JPEG or PNG. Returns the content type."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in IMAGE_TYPES:
        raise ValidationError(WRONG_TYPE.format(kinds="JPG or PNG"), code="wrong_type")
    _check_size(upload)
    head = _head(upload)
    ok = (
        head.startswith(b"\xff\xd8\xff")
        if IMAGE_TYPES[suffix] == "image/jpeg"
        else head.startswith(b"\x89PNG\r\n\x1a\n")
    )
    if not ok:
        raise ValidationError(CONTENT_MISMATCH.format(kind=suffix[1:].upper()), code="mismatch")
    return IMAGE_TYPES[suffix]


def content_type_for(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    return DOCUMENT_TYPES.get(suffix) or IMAGE_TYPES.get(suffix) or "application/octet-stream"


# Stored files go with the rows that hold them: nothing uploaded outlives its record on disk.


def delete_files_after_commit(storage, names) -> None:
    """Deletes the named files once the transaction commits, so a rollback keeps them."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _delete_files_of_deleted_row(sender, instance, **kwargs) -> None:
    for field in sender._meta.get_fields():
        if isinstance(field, models.FileField):
            delete_files_after_commit(field.storage, [getattr(instance, field.name).name])


def delete_files_with_their_rows() -> None:
    """Connects the clean-up to every partners model that stores an upload (called once, at start-up)."""
    from partners.models import Nomination, Project, ProjectPhoto

    for model in (Project, Nomination, ProjectPhoto):
        post_delete.connect(_delete_files_of_deleted_row, sender=model, dispatch_uid=f"delete-files-{model.__name__}")
