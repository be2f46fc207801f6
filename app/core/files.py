"""Files left behind: uploads waiting for a confirmation, half-written exports.

An upload of a beneficiary list holds personal data; it waits for the confirmation
of its preview and is removed then, on cancel, or after IMPORT_KEEP_HOURS. An export is
written to a `tmp<pid>-*.tmp` file (export_temp) and renamed when complete; a process
killed meanwhile leaves the temporary file, swept as soon as the process that wrote it
is gone, or else when older than an hour (a younger one may still be being written).
The exports folder belongs to one machine, so the process ids are that machine's.
"""

import logging
import os
import re
import tempfile
import time
from pathlib import Path

from flask import Flask

log = logging.getLogger("cantina.files")

EXPORT_TEMP_MAX_AGE = 3600
UPLOAD_PATTERNS = ("*.xlsx", "*.json", "*.part")


def sweep(folder: Path | str, patterns: tuple[str, ...], older_than: float, *, deep=False) -> int:
    """Remove the files matching the patterns not modified for `older_than` seconds."""
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    limit = time.time() - older_than
    removed = 0
    for pattern in patterns:
        for path in folder.rglob(pattern) if deep else folder.glob(pattern):
            try:
                if path.is_file() and path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another process swept it first
                continue
    return removed


def sweep_uploads(app: Flask) -> int:
    """Uploads (and their job state) whose preview was never confirmed nor cancelled."""
    return sweep(app.config["IMPORTS_DIR"], UPLOAD_PATTERNS, app.config["IMPORT_KEEP_HOURS"] * 3600)


def export_temp(folder: Path | str) -> tuple[int, str]:
    """A temporary file (descriptor, path) for an export, named after this process."""
    return tempfile.mkstemp(dir=folder, prefix=f"tmp{os.getpid()}-", suffix=".tmp")


def process_gone(pid: int) -> bool:
    """Whether no process of this machine has that id any more."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def _writer_gone(path: Path) -> bool:
    match = re.fullmatch(r"tmp(\d+)-.*\.tmp", path.name)
    if match is None or int(match.group(1)) == os.getpid():
        return False
    return process_gone(int(match.group(1)))


def sweep_dead_writers(folder: Path | str) -> int:
    """In one folder (not below), the temporaries of export writers no longer running."""
    removed = 0
    for path in Path(folder).glob("tmp*.tmp"):
        try:
            if _writer_gone(path):
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another process swept it first
            continue
    return removed


def sweep_export_temps(app: Flask, older_than: float = EXPORT_TEMP_MAX_AGE) -> int:
    """Temporary files of export writers killed before their rename."""
    folder = Path(app.config["EXPORTS_DIR"])
    removed = 0
    if folder.is_dir():
        for path in folder.rglob("tmp*.tmp"):
            try:
                if _writer_gone(path):
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another process swept it first
                continue
    return removed + sweep(folder, ("tmp*.tmp",), older_than, deep=True)


def sweep_leftovers(app: Flask) -> int:
    """Both sweeps; run when the scheduler or a command starts."""
    removed = sweep_uploads(app) + sweep_export_temps(app)
    if removed:
        log.info("removed %d left-over files", removed)
    return removed
