"""Checks made before an input file is handed to a parser: size, zip bombs, XML entities, encryption.

An input file comes from someone else's computer. Before calamine or openpyxl open it, ghgcalc
makes sure that reading it takes bounded time and memory and cannot reach outside the file:

1. **Size.** A file larger than ``max_bytes`` is refused (``file-too-large``). For a workbook, a
   zip archive, the limit is on what it *unpacks to*, :data:`WORKBOOK_FACTOR` times ``max_bytes``
   (XML takes more bytes than CSV for the same rows): the sum of the uncompressed sizes its
   central directory declares, checked before anything is decompressed. A zip bomb (a few MB that
   unpack to GBs) is refused this way; an entry that unpacks to more than it declares is stopped
   by the zip reader itself (calamine and Python's ``zipfile`` both refuse to read past the
   declared size).
2. **XML entities.** Every XML part of a workbook is refused if its prolog holds a ``<!DOCTYPE``
   or ``<!ENTITY`` declaration (``unsafe-file``). Spreadsheet XML never needs a DTD; a DTD is how
   "billion laughs" (exponential entity expansion) and external entities (reading local files or
   URLs) work. A DTD may only stand before the root element, so reading the prolog suffices.
3. **What the file really is.** An encrypted (password-protected) workbook is an OLE container,
   not a zip: refused with ``encrypted-file`` and a hint. A text file or random bytes named
   ``.xlsx`` is refused with ``unreadable-file`` saying which.

The limit can be raised: ``--max-bytes`` on the command line, ``max_bytes=`` in
:func:`ghgcalc.readers.read_input`, or the ``GHGCALC_MAX_BYTES`` environment variable.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from ghgcalc.errors import InputFileError, UsageError

__all__ = ["DEFAULT_MAX_BYTES", "MAX_ZIP_ENTRIES", "WORKBOOK_FACTOR", "check_input_file", "format_bytes", "parse_byte_size",
           "resolve_max_bytes"]

#: Default limit on a CSV file's size [bytes]: 128 MiB, some 1.2 million activity rows (the
#: 1,000,000-row file of benchmarks/ is 100 MB), far more than any city's inventory. Memory use
#: grows with the rows (measured: about 9 GB for that 1,000,000-row file), hence a limit at all.
DEFAULT_MAX_BYTES = 128 * 2**20
#: A workbook may unpack to this many times the limit: the sheet XML of a row is 4-5 times its
#: CSV line (measured on benchmarks/generate.py files: 490 vs 105 bytes a row), so the default,
#: 512 MiB, holds a full Excel sheet (1,048,576 rows) of such rows.
WORKBOOK_FACTOR = 4
#: A workbook with more parts than this is refused: real ones have tens, rarely hundreds.
MAX_ZIP_ENTRIES = 10_000
#: How much of each XML part is read to find its root element [bytes]. Real prologs are < 200 B.
PROLOG_WINDOW = 64 * 1024
ENV_MAX_BYTES = "GHGCALC_MAX_BYTES"

_ZIP_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".ods"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_XML_PART = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 2**10, "kb": 2**10, "kib": 2**10, "m": 2**20, "mb": 2**20, "mib": 2**20,
          "g": 2**30, "gb": 2**30, "gib": 2**30, "t": 2**40, "tb": 2**40, "tib": 2**40}


def parse_byte_size(text: str | int) -> int:
    """Bytes from ``"512M"``, ``"2G"``, ``"1.5GiB"`` or a plain number (binary multiples: 1K = 1024 B).

    >>> parse_byte_size("2G")
    2147483648
    """
    if isinstance(text, int):
        value = text
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(text))
        if not match or match.group(2).casefold() not in _UNITS:
            raise UsageError(f"not a size: {text!r}; expected a number of bytes such as 500M or 2G")
        value = int(float(match.group(1)) * _UNITS[match.group(2).casefold()])
    if value <= 0:
        raise UsageError(f"a size limit must be positive, not {text!r}")
    return value


def resolve_max_bytes(max_bytes: int | str | None) -> int:
    """The limit in force: the argument, else ``GHGCALC_MAX_BYTES``, else :data:`DEFAULT_MAX_BYTES`."""
    if max_bytes is not None:
        return parse_byte_size(max_bytes)
    from_env = os.environ.get(ENV_MAX_BYTES, "").strip()
    return parse_byte_size(from_env) if from_env else DEFAULT_MAX_BYTES


def format_bytes(n: int) -> str:
    """``268435456`` → ``"256 MiB"``: sizes in messages."""
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def _too_large(path: Path, what: str, limit: int, *, suspicious: bool = False,
               unpacked: bool = False) -> InputFileError:
    advice = ("refused unread" if suspicious else
              f"if the file is what you meant, raise the limit with --max-bytes (e.g. --max-bytes "
              f"{_suggest(limit)}) or the {ENV_MAX_BYTES} environment variable")
    shown = (f"{format_bytes(WORKBOOK_FACTOR * limit)} ({WORKBOOK_FACTOR} × --max-bytes {format_bytes(limit)})"
             if unpacked else format_bytes(limit))
    return InputFileError(f"{path.name}: {what}, more than the limit of {shown}; {advice}", code="file-too-large")


def _suggest(limit: int) -> str:
    gib = -(-limit * 4 // 2**30)
    return f"{gib}G"


def check_input_file(path: Path, *, max_bytes: int, workbook: bool) -> None:
    """Refuse a file that is too large, disguised, encrypted or unsafe to parse.

    Raises
    ------
    InputFileError
        With ``code`` ``file-too-large``, ``encrypted-file``, ``unsafe-file`` or ``unreadable-file``.
    """
    size = path.stat().st_size
    if not workbook:
        if size > max_bytes:
            raise _too_large(path, f"the file is {format_bytes(size)}", max_bytes)
        return
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_OLE_MAGIC):
        _check_ole(path, size)
        if size > max_bytes:
            raise _too_large(path, f"the file is {format_bytes(size)}", max_bytes)
        return
    if path.suffix.casefold() in _ZIP_SUFFIXES and not head.startswith(_ZIP_MAGIC):
        raise InputFileError(f"{path.name}: {_what_it_is(path)}, not an Excel workbook (an .xlsx file is a zip "
                             "archive); a CSV file must be named .csv")
    if head.startswith(_ZIP_MAGIC):
        _check_zip(path, size, max_bytes)
    elif size > max_bytes:
        raise _too_large(path, f"the file is {format_bytes(size)}", max_bytes)


def _check_ole(path: Path, size: int) -> None:
    """An OLE compound file: an encrypted OOXML workbook, or a legacy .xls (fine if named so)."""
    with path.open("rb") as handle:
        body = handle.read(min(size, 8 * 2**20))
    if "EncryptionInfo".encode("utf-16-le") in body or "EncryptedPackage".encode("utf-16-le") in body:
        raise InputFileError(
            f"{path.name}: the workbook is password-protected (encrypted) and cannot be read; open it in "
            "Excel or LibreOffice and save a copy without a password", code="encrypted-file")
    if path.suffix.casefold() in _ZIP_SUFFIXES:
        raise InputFileError(f"{path.name}: this is an old-style .xls workbook named {path.suffix}; "
                             "rename it to .xls or save it as .xlsx")


def _check_zip(path: Path, size: int, max_bytes: int) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputFileError(f"{path.name}: a damaged zip archive, not a readable workbook ({exc})") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise InputFileError(f"{path.name}: the workbook has {len(entries):,} parts (at most "
                                 f"{MAX_ZIP_ENTRIES:,} are read); refused as unsafe", code="unsafe-file")
        unpacked = sum(e.file_size for e in entries)
        if unpacked > WORKBOOK_FACTOR * max_bytes:
            ratio = unpacked / max(size, 1)
            bomb = ratio > 200  # XML compresses 5-30 times; hundreds of times is made on purpose
            note = f" ({ratio:,.0f} times its size on disk: a zip bomb)" if bomb else ""
            raise _too_large(path, f"the workbook unpacks to {format_bytes(unpacked)}{note}", max_bytes,
                             suspicious=bomb, unpacked=True)
        for entry in entries:
            if _XML_PART.search(entry.filename) and not entry.is_dir():
                _check_prolog(path, archive, entry)


def _check_prolog(path: Path, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Refuse a DOCTYPE or ENTITY declaration before the root element of one XML part."""
    try:
        with archive.open(entry) as part:
            head = part.read(PROLOG_WINDOW)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputFileError(f"{path.name}: part {entry.filename} cannot be unpacked ({exc})") from exc
    text = _decode_head(head)
    root = _ROOT_START.search(text)
    prolog = text[:root.start()] if root else text
    if "<!DOCTYPE" in prolog.upper() or "<!ENTITY" in prolog.upper():
        raise InputFileError(
            f"{path.name}: part {entry.filename} declares a DTD (<!DOCTYPE or <!ENTITY); spreadsheet XML never "
            "needs one and it is how entity-expansion (\"billion laughs\") and external-entity attacks work; "
            "refused as unsafe", code="unsafe-file")
    if root is None and len(head) == PROLOG_WINDOW:
        raise InputFileError(f"{path.name}: part {entry.filename} has no root element in its first "
                             f"{format_bytes(PROLOG_WINDOW)}; refused as unsafe", code="unsafe-file")


# The root element: "<" followed by a name start character (not "<?" or "<!").
_ROOT_START = re.compile(r"<[A-Za-z_:\u00c0-\uffff]")


def _decode_head(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if head[:2] in (b"<\x00", b"\x00<"):
        return head.decode("utf-16-le" if head[0] else "utf-16-be", errors="replace")
    return head.decode("latin-1")


def _what_it_is(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        return "an empty file"
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return "a text file"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = head[:exc.start].decode("utf-8") if exc.start > len(head) - 4 else ""
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    if text and printable >= 0.95 * len(text):
        return "a text file" + (" (it looks like a CSV)" if any(d in text for d in ",;\t") else "")
    return "not a workbook (unrecognised binary content)"
