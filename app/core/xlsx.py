"""Opening uploaded workbooks safely.

An .xlsx is a zip of XML parts, and none of them ever needs a document type
declaration. A part that declares one can define entities that expand a few bytes into
gigabytes (the "billion laughs") or read local files, so such a workbook is refused
before openpyxl parses anything (openpyxl also parses through defusedxml when it is
installed, which forbids entities, but only once a sheet is being read).
"""

import re
import zipfile
from typing import IO

from openpyxl import load_workbook
from openpyxl.workbook import Workbook

CHUNK = 64 * 1024
# the root element's start tag ends the prolog, where a declaration would have to be
START_TAG = re.compile(r"<[A-Za-z_]")


class UnsafeWorkbookError(ValueError):
    """The workbook holds XML with a document type declaration (entities)."""


def _prolog_declares_dtd(part: IO[bytes]) -> bool:
    head = b""
    while True:
        chunk = part.read(CHUNK)
        head += chunk
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = head.decode("utf-16", errors="ignore")
        else:
            text = head.decode("utf-8", errors="ignore")
        tag = START_TAG.search(text)
        prolog = text[: tag.start()] if tag else text
        if "<!DOCTYPE" in prolog.upper() or "<!ENTITY" in prolog.upper():
            return True
        if tag or not chunk:
            return False


def check_workbook(source: IO[bytes] | str) -> None:
    """Raise UnsafeWorkbookError when an XML part declares a DTD; other damage is left to
    openpyxl (a file that is not a zip raises zipfile.BadZipFile here)."""
    position = source.tell() if hasattr(source, "tell") else None
    try:
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with archive.open(info) as part:
                    if _prolog_declares_dtd(part):
                        raise UnsafeWorkbookError(info.filename)
    finally:
        if position is not None:
            source.seek(position)


def open_workbook(source: IO[bytes] | str) -> Workbook:
    """load_workbook (read-only, values) for an upload, after check_workbook."""
    check_workbook(source)
    return load_workbook(source, read_only=True, data_only=True)
