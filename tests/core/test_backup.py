"""Backup and restore (core.backup, `uddannelsesby backup FILE` / `restore FILE [--force]`).

Run on SQLite by default and on PostgreSQL with DATABASE_URL: the round trip of the whole demo
compares every table's rows and every uploaded file's hash."""

import hashlib
import io
import json
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from uddannelsesby.accounts.models import User
from uddannelsesby.bridge.models import StudentProfile
from uddannelsesby.plans import services as plan_services
from uddannelsesby.plans.models import ActionPlan, Activity

from ..factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """Uploaded files on disk, as in production (the tests' default keeps them in memory)."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    }
    return root


def table_rows() -> dict[str, list[str]]:
    """Every row of every table, in an order that does not depend on how they were stored."""
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def file_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def add_uploads() -> None:
    """Attachments and CVs, uploaded through the services and models as the site does."""
    open_activities = Activity.objects.exclude(plan__status=ActionPlan.Status.CLOSED)
    for n, activity in enumerate(open_activities.order_by("pk")[:3]):
        plan_services.activity_post_update(
            actor=None,
            activity=activity,
            text=f"Bilag {n}",
            status=activity.status,
            attachment=ContentFile(PDF + bytes([n]), name=f"bilag-{n}.pdf"),
            attachment_type="application/pdf",
            spent=Decimal(n),
        )
    for n, profile in enumerate(StudentProfile.objects.order_by("pk")[:2]):
        profile.cv.save(f"cv-{n}.pdf", ContentFile(PDF + b"cv" + bytes([n])))


@pytest.mark.django_db(transaction=True)
def test_the_whole_demo_round_trips(media, tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"  # the demo's statistics files, never the real var/
    call_command("demo", verbosity=0)
    add_uploads()
    before_rows, before_files = table_rows(), file_hashes(media)
    assert len(before_files) >= 5
    assert sum(map(len, before_rows.values())) > 1000

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    # An empty installation: the same release migrated, no data, no files.
    call_command("flush", interactive=False, verbosity=0)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored" in out.getvalue()

    assert table_rows() == before_rows
    assert file_hashes(media) == before_files


def make_backup(path: Path) -> None:
    call_command("backup", str(path), stdout=io.StringIO())


@pytest.fixture
def backed_up(transactional_db, media, tmp_path):
    """An installation with a user and an uploaded file, backed up."""
    UserFactory(username="i-backuppen")
    (media / "bilag").mkdir(parents=True)
    (media / "bilag" / "gammel.pdf").write_bytes(PDF)
    archive = tmp_path / "backup.tar.gz"
    make_backup(archive)
    # Afterwards: a new user and a new file, which a restore would replace.
    UserFactory(username="efter-backuppen")
    (media / "bilag" / "ny.pdf").write_bytes(PDF + b"ny")
    return archive


def unchanged(media: Path) -> bool:
    return (
        User.objects.filter(username="efter-backuppen").exists()
        and (media / "bilag" / "ny.pdf").exists()
    )


def test_restore_refuses_a_non_empty_installation(backed_up, media):
    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", str(backed_up))
    assert unchanged(media)


def test_restore_with_force_replaces_everything(backed_up, media):
    out = io.StringIO()
    call_command("restore", str(backed_up), "--force", stdout=out)
    assert set(User.objects.values_list("username", flat=True)) == {"i-backuppen"}
    assert file_hashes(media) == {"bilag/gammel.pdf": hashlib.sha256(PDF).hexdigest()}
    (aside,) = media.parent.glob("media.before-restore-*")
    assert (aside / "bilag" / "ny.pdf").exists()  # the replaced files are kept, not deleted
    assert str(aside) in out.getvalue()


def test_a_truncated_archive_is_refused_and_nothing_changes(backed_up, media):
    data = backed_up.read_bytes()
    for size in (len(data) // 2, len(data) - 30):
        backed_up.write_bytes(data[:size])
        with pytest.raises(CommandError, match="damaged or truncated"):
            call_command("restore", str(backed_up), "--force")
        assert unchanged(media)


def rewrite(archive: Path, change) -> None:
    """Write the archive again with `change(members)` applied to its members (name -> bytes)."""
    with tarfile.open(archive, "r:gz") as source:
        members = {m.name: source.extractfile(m).read() for m in source if m.isfile()}
    change(members)
    with tarfile.open(archive, "w:gz") as target:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update({"media/bilag/gammel.pdf": PDF + b"x"}), "differs from its checksum"),
        (lambda m: m.update({(db := _db(m)): _flip(m[db])}), "database.* differs from"),
        (lambda m: m.pop("media/bilag/gammel.pdf"), "lacks media/bilag/gammel.pdf"),
        (lambda m: m.update({"media/bilag/ekstra.pdf": PDF}), "does not list"),
        (lambda m: m.pop("manifest.json"), "no readable manifest"),
        (lambda m: m.update({"manifest.json": _future(m["manifest.json"])}), "newer release"),
    ],
    ids=["altered file", "altered database", "missing file", "extra file", "no manifest",
         "newer release"],
)  # fmt: skip
def test_an_altered_archive_is_refused_and_nothing_changes(backed_up, media, change, message):
    rewrite(backed_up, change)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(backed_up), "--force")
    assert unchanged(media)
    assert not list(media.parent.glob("media.before-restore-*"))


def _db(members: dict[str, bytes]) -> str | None:
    return next((name for name in members if name.startswith("database.")), None)


def _flip(data: bytes) -> bytes:
    """The same bytes with one bit of the last one changed."""
    return data[:-1] + bytes([data[-1] ^ 1])


def _future(manifest: bytes) -> bytes:
    data = json.loads(manifest)
    data["migrations"].append("core.9999_from_the_future")
    return json.dumps(data).encode()


def test_the_manifest_lists_checksums_and_migrations(backed_up):
    with tarfile.open(backed_up, "r:gz") as archive:
        assert archive.getnames()[0] == "manifest.json"
        manifest = json.load(archive.extractfile("manifest.json"))
        stored = archive.extractfile("media/bilag/gammel.pdf").read()
    assert manifest["engine"] == connection.vendor
    assert "core.0001_initial" in manifest["migrations"]
    assert manifest["files"]["media/bilag/gammel.pdf"] == {
        "size": len(PDF),
        "sha256": hashlib.sha256(stored).hexdigest(),
    }


def test_backup_needs_a_file_name(db):
    with pytest.raises(CommandError, match="Name the archive"):
        call_command("backup")


def test_a_locked_sqlite_database_gives_up_with_a_message():
    from uddannelsesby.core.backup import BackupError, _lock_deadline

    progress = _lock_deadline(seconds=0)
    progress(0, 10, 20)  # a step that copied pages
    progress(5, 10, 20)  # busy: waiting starts
    with pytest.raises(BackupError, match="stayed locked"):
        progress(6, 10, 20)
