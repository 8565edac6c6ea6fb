"""pint's parsed definitions are cached between runs; the registry built from the cache is the
one parsing gives, and a missing, unwritable or damaged cache only costs time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_PROBE = r"""
import json, sys
from ghgcalc.units import conversion_factor, definitions_cache, parse_unit
pairs = [("kWh", "MMBtu"), ("therm", "GJ"), ("scf", "m**3"), ("gallon", "liter"), ("petroleum_barrel", "gallon"),
         ("short_ton", "metric_ton"), ("mile", "km"), ("Mcf", "scf"), ("vehicle_mile", "vehicle_kilometre")]
print(json.dumps({"factors": [repr(conversion_factor(a, b)) for a, b in pairs],
                  "units": [str(parse_unit(t).unit) for t in ("kwh", "MMBTU", "gallons", "bbl", "dth", "t")],
                  "cache": str(definitions_cache())}))
"""


def _probe(cache: str) -> dict:
    env = dict(os.environ, GHGCALC_CACHE_DIR=cache)
    done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_cache_is_filled_once_and_gives_the_registry_parsing_gives(tmp_path):
    parsed = _probe("off")
    assert parsed["cache"] == "None"
    first = _probe(str(tmp_path))  # fills the cache
    folder = Path(first["cache"])
    assert folder.parent == tmp_path and folder.is_dir() and list(folder.glob("*.pickle"))
    assert not list(tmp_path.glob(".filling-*"))  # filled under another name, then renamed
    second = _probe(str(tmp_path))  # reads it
    assert first["factors"] == second["factors"] == parsed["factors"]
    assert first["units"] == second["units"] == parsed["units"]
    # by hand: 1 kWh = 3.6e6 J; 1 MMBtu = 1e6 × 1055.056 J (pint's Btu, the ISO Btu) = 1.055056e9 J
    assert abs(float(parsed["factors"][0]) - 3.6e6 / 1.055056e9) < 1e-15


def test_a_damaged_cache_only_costs_time(tmp_path):
    folder = Path(_probe(str(tmp_path))["cache"])
    for pickled in folder.glob("*.pickle"):
        pickled.write_bytes(pickled.read_bytes()[:10])  # cut short, as a crash might leave it
    assert _probe(str(tmp_path))["factors"] == _probe("off")["factors"]
    assert not folder.exists()  # removed, and filled again by the next run
    assert _probe(str(tmp_path))["factors"] == _probe("off")["factors"] and list(folder.glob("*.pickle"))


def test_no_cache_when_turned_off_or_unwritable(tmp_path):
    assert _probe("off")["cache"] == "None"
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    result = _probe(str(blocked / "cache"))  # cannot be made: parsed as without a cache
    assert result["factors"] == _probe("off")["factors"]
    assert not (blocked / "cache").exists()
