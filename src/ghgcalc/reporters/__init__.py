"""Writers of an Inventory: they format, they never compute."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
import tempfile
from pathlib import Path

FORMATS = ("table", "csv", "json", "md", "xlsx")
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "md", ".markdown": "md", ".xlsx": "xlsx", ".txt": "table"}


def write_atomic(path: str | Path, payload: bytes | Iterable[bytes]) -> str:
    """Write ``payload`` (bytes, or pieces of it) to ``path`` through a temporary file in the same
    folder and a rename, so an interrupted run leaves any earlier file intact; return its sha256."""
    path = Path(path)
    chunks = [payload] if isinstance(payload, bytes | bytearray) else payload
    digest = hashlib.sha256()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def neutralize_formula(text: str) -> str:
    """Prefix text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) with ``'``."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
