"""Backup and restore of a whole installation: the database, every uploaded file, a manifest.

One archive (tar, gzip-compressed) holds

- ``manifest.json``: the format, when and from what it was made, the database engine, the
  migrations applied, and the size and SHA-256 of every other member;
- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite's
  online backup API, a consistent copy while the site runs);
- ``media/...``: every file under MEDIA_ROOT.

A restore reads and checks the whole archive before it touches anything: a truncated archive,
a member that differs from its checksum, a member missing from or not listed in the manifest,
another database engine or migrations this release does not know are refused with a message,
and nothing is changed. It restores only into an empty installation (no rows in the project's
tables, no uploaded files) unless forced. The database is replaced in one transaction
(PostgreSQL: the dump is replayed by psql in a single transaction; SQLite: the backup API
replaces the database at once), then the uploaded files are swapped in with renames.
"""

import datetime
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .pagecache import AREAS, pages_touch

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBER = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024
LOCK_WAIT_SECONDS = 120
SQLITE_WAIT = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why, for an operator."""


@dataclass(frozen=True)
class Restored:
    engine: str
    created_at: str
    files: int
    unapplied: list[str]  # migrations of this release the restored database has not run
    replaced_media: Path | None  # where the files that were there before were moved (--force)


# Helpers --------------------------------------------------------------------------------------


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore/psql from the Django settings."""
    db = connection.settings_dict
    args = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    env = os.environ.copy()
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], *, connect: bool = True, **kwargs) -> subprocess.CompletedProcess:
    args, env = _pg_env()
    args = args if connect else []
    try:
        # The PostgreSQL client tools, with the connection settings as arguments; no shell.
        return subprocess.run(  # noqa: S603
            [*command, *args], env=env, check=True, capture_output=True, **kwargs
        )
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools).") from error
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode(errors="replace").strip() if error.stderr else ""
        raise BackupError(f"{command[0]} failed: {detail}") from error


def applied_migrations() -> list[str]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


# Backup ---------------------------------------------------------------------------------------


def _dump_database(engine: str, target: Path) -> None:
    if engine == "postgresql":
        _run([
            "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
            "--lock-wait-timeout=120s", f"--file={target}",
        ])  # fmt: skip
    else:
        _dump_sqlite(target)


def _lock_deadline(seconds: float = LOCK_WAIT_SECONDS):
    """A progress callback for sqlite3's backup(), which retries a locked database forever:
    give up with a clear message after `seconds` of waiting."""
    waiting_since = None

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal waiting_since
        if status not in SQLITE_WAIT:
            waiting_since = None
        elif waiting_since is None:
            waiting_since = time.monotonic()
        elif time.monotonic() - waiting_since > seconds:
            raise BackupError(f"The SQLite database stayed locked for {seconds:.0f} seconds.")

    return progress


def _dump_sqlite(target: Path) -> None:
    """A consistent copy through SQLite's online backup API, read by a connection of its own:
    it sees what is committed, whatever transaction this process is in (a backup through a
    connection inside a write transaction would wait for itself)."""
    copy = sqlite3.connect(target)
    try:
        connection.ensure_connection()
        if connection.is_in_memory_db():
            # No file another connection could read (the tests' database): copy it as this
            # connection sees it.
            source = sqlite3.connect(":memory:")
            source.deserialize(connection.connection.serialize())
        else:
            name = Path(connection.settings_dict["NAME"]).resolve()
            source = sqlite3.connect(f"{name.as_uri()}?mode=ro", uri=True)
        try:
            source.backup(copy, progress=_lock_deadline())
        finally:
            source.close()
    finally:
        copy.close()


def backup_create(path: Path) -> dict[str, Any]:
    """Write the archive to `path` (atomically: a partial file never carries the name)."""
    path = Path(path)
    engine = _engine()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backup-") as work:
        database = Path(work) / DATABASE_MEMBER[engine]
        _dump_database(engine, database)
        root = _media_root()
        members: dict[str, Path] = {database.name: database}
        for file in _media_files(root):
            members[f"{MEDIA}/{file.relative_to(root).as_posix()}"] = file
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "migrations": applied_migrations(),
            "files": {
                name: {"size": file.stat().st_size, "sha256": _sha256(file)}
                for name, file in members.items()
            },
        }
        partial = path.with_name(f".{path.name}.partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                for name, file in members.items():
                    archive.add(file, arcname=name, recursive=False)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


# Check ----------------------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def backup_unpack(path: Path, into: Path) -> dict[str, Any]:
    """Unpack and check the archive; raise BackupError unless every member is as listed."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    try:
        # To the end of the compressed stream first: its length and CRC catch a cut-off tail
        # that tar, which stops at its end-of-archive blocks, would not notice.
        with gzip.open(path, "rb") as stream:
            while stream.read(CHUNK):
                pass
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupError(f"The archive holds an unexpected member: {member.name}")
                archive.extract(member, into, filter="data")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(
            f"The archive {path} is damaged or truncated ({error}). Nothing was changed."
        ) from error
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
        listed = manifest["files"]
        engine = manifest["engine"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(
            f"The archive {path} has no readable manifest. Nothing was changed."
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"The archive's format {manifest.get('format')} is not known here.")
    found = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    if missing := sorted(set(listed) - found):
        raise BackupError(f"The archive lacks {', '.join(missing[:5])}. Nothing was changed.")
    if extra := sorted(found - set(listed)):
        raise BackupError(
            f"The archive holds files its manifest does not list: {', '.join(extra[:5])}. "
            "Nothing was changed."
        )
    for name, expected in listed.items():
        file = into / name
        if file.stat().st_size != expected["size"] or _sha256(file) != expected["sha256"]:
            raise BackupError(
                f"{name} in the archive differs from its checksum: the archive was altered or "
                "damaged. Nothing was changed."
            )
    if DATABASE_MEMBER.get(engine) not in listed:
        raise BackupError("The archive holds no database. Nothing was changed.")
    return manifest


# Restore --------------------------------------------------------------------------------------


def installation_data() -> list[str]:
    """What the installation holds already: the project's tables with rows, and uploaded files."""
    held = []
    existing = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if not model.__module__.startswith("uddannelsesby."):
            continue
        if model._meta.db_table in existing and model._base_manager.exists():
            held.append(model._meta.label)
    if _media_files(_media_root()):
        held.append(f"uploaded files in {_media_root()}")
    return held


def _restore_postgresql(dump: Path) -> None:
    """Replay the dump in one transaction after emptying the schema: all or nothing."""
    script = _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump)], connect=False
    ).stdout
    preamble = b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"
    connection.close()  # our own connection would hold locks the drop waits for
    _run(["psql", "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1",
          "--file=-"], input=preamble + script)  # fmt: skip


def _restore_sqlite(copy: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection, progress=_lock_deadline())
    finally:
        source.close()


def _swap_media(unpacked: Path) -> Path | None:
    """Put the archive's files in MEDIA_ROOT; move what was there aside (returned)."""
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".restore-", dir=root.parent))
    source = unpacked / MEDIA
    if source.is_dir():
        shutil.copytree(source, incoming, dirs_exist_ok=True)
    aside = None
    if root.exists():
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        aside = root.with_name(f"{root.name}.before-restore-{stamp}")
        os.replace(root, aside)
    os.replace(incoming, root)
    return aside


def backup_restore(path: Path, *, force: bool = False) -> Restored:
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="restore-") as work:
        unpacked = Path(work)
        manifest = backup_unpack(path, unpacked)
        if manifest["engine"] != engine:
            raise BackupError(
                f"The archive holds a {manifest['engine']} database; this installation uses "
                f"{engine}. Nothing was changed."
            )
        loader = MigrationLoader(None, ignore_no_migrations=True)
        known = {f"{app}.{name}" for app, name in loader.disk_migrations}
        if unknown := sorted(set(manifest["migrations"]) - known):
            raise BackupError(
                "The archive was made by a newer release (migrations unknown here: "
                f"{', '.join(unknown[:5])}). Install that release first. Nothing was changed."
            )
        if not force and (held := installation_data()):
            raise BackupError(
                "This installation is not empty (it holds "
                f"{', '.join(held[:5])}{' and more' if len(held) > 5 else ''}). Restore into an "
                "empty installation, or use --force to replace everything. Nothing was changed."
            )
        database = unpacked / DATABASE_MEMBER[engine]
        if engine == "postgresql":
            _restore_postgresql(database)
        else:
            _restore_sqlite(database)
        aside = _swap_media(unpacked)
    unapplied = sorted(known - set(applied_migrations()))
    pages_touch(*AREAS)  # every cached page was built from the data now replaced
    return Restored(
        engine=engine,
        created_at=manifest["created_at"],
        files=sum(1 for name in manifest["files"] if name.startswith(f"{MEDIA}/")),
        unapplied=unapplied,
        replaced_media=aside,
    )


# Scheduled backups ----------------------------------------------------------------------------

BACKUP_PATTERN = "uddannelsesby-*.tar.gz"


def backup_scheduled_path(now: datetime.datetime | None = None) -> Path:
    now = now or timezone.now()
    return Path(settings.BACKUP_DIR) / f"uddannelsesby-{now:%Y%m%d-%H%M%S}.tar.gz"


def backups_expired() -> list[Path]:
    """The scheduled backups beyond the newest BACKUP_KEEP, oldest first."""
    found = sorted(Path(settings.BACKUP_DIR).glob(BACKUP_PATTERN))
    keep = max(settings.BACKUP_KEEP, 1)
    return found[:-keep] if len(found) > keep else []
