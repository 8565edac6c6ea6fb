"""Shared helpers: write small inputs in a temporary folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# pint's parsed unit definitions are cached (ghgcalc.units.definitions_cache): the tests and the
# programs they start use a folder of their own, not the user's cache
os.environ.setdefault("GHGCALC_CACHE_DIR", str(Path(tempfile.gettempdir()) / "ghgcalc-test-cache"))


@pytest.fixture
def make_input(tmp_path: Path):
    """Write ``activity.csv`` (+ ``ghgcalc.toml`` and optional companions) and return its path."""

    def make(rows: str, *, settings: str = 'year = 2023\nregion = "CAMX"\n', notation_keys: str | None = None,
             custom_factors: str | None = None, name: str = "activity.csv") -> Path:
        extra = ""
        if notation_keys is not None:
            (tmp_path / "notation_keys.csv").write_text(notation_keys, encoding="utf-8")
            extra += 'notation_keys = "notation_keys.csv"\n'
        if custom_factors is not None:
            (tmp_path / "factors.csv").write_text(custom_factors, encoding="utf-8")
            extra += 'custom_factors = "factors.csv"\n'
        (tmp_path / "ghgcalc.toml").write_text(settings + extra, encoding="utf-8")
        path = tmp_path / name
        path.write_text(rows, encoding="utf-8")
        return path

    return make
