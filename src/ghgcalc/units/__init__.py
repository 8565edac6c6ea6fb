"""The single unit registry of ghgcalc and the parser for units users type.

pint's ``ton`` is the short ton and its ``bbl`` is the 31.5-gallon barrel; MMBtu, scf and ccf are
not defined by default. ``ghg_units.txt`` adds what inventories use, and :func:`parse_unit`
turns what users type (``kwh``, ``MMBTU``, ``gallons``, ``bbl``) into a pint unit, rejecting a
bare ``ton`` as ambiguous. Conversions are computed once per distinct unit pair.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pint

from ghgcalc.errors import UnitError

__all__ = ["ureg", "parse_unit", "conversion_factor", "dimension_of", "UnitParse", "DIMENSIONS"]


def _make_registry() -> pint.UnitRegistry:
    """pint's registry with ghgcalc's definitions, parsed from pint's cache of them when one is
    there (:func:`_cached_registry`): parsing pint's thousand definitions takes about 0.13 s of
    every command that converts units, loading them 0.02 s."""
    try:
        registry = _cached_registry()
    except Exception:  # noqa: BLE001 - a damaged cache (cut short, another pint's): parse the definitions
        registry = None
        folder = definitions_cache()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)  # filled again by the next run
    return registry if registry is not None else _registry(None)


def _registry(cache_folder: Path | None) -> pint.UnitRegistry:
    registry = pint.UnitRegistry(on_redefinition="raise", cache_folder=cache_folder)
    with resources.as_file(resources.files(__package__) / "ghg_units.txt") as path:
        registry.load_definitions(str(path))
    return registry


def definitions_cache() -> Path | None:
    """The folder of pint's parsed definitions for this pint, Python and ``ghg_units.txt``.

    In the user's cache folder (``~/.cache/ghgcalc`` on Linux), or under ``GHGCALC_CACHE_DIR``;
    ``GHGCALC_CACHE_DIR=off`` (or empty) turns the cache off. Only speed depends on it: the
    registry built from it is the one parsing gives.
    """
    setting = os.environ.get("GHGCALC_CACHE_DIR")
    if setting is not None and setting.strip().casefold() in ("", "0", "off", "no", "false", "none"):
        return None
    if setting:
        base = Path(setting)
    else:
        try:
            import platformdirs  # pint's own dependency
        except ImportError:
            return None
        base = platformdirs.user_cache_path("ghgcalc", appauthor=False)
    own = hashlib.sha256(resources.files(__package__).joinpath("ghg_units.txt").read_bytes()).hexdigest()[:12]
    return base / f"pint-{pint.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}-{own}"


def _cached_registry() -> pint.UnitRegistry | None:
    """The registry read from :func:`definitions_cache`, or made while filling it.

    pint writes its cache files in place; so the folder is filled under a temporary name and
    renamed when complete, and pint only ever reads a complete folder (a folder named for this
    pint, Python and definitions file gets no new files). When the folder cannot be made
    (read-only home), None: the caller parses the definitions.
    """
    folder = definitions_cache()
    if folder is None:
        return None
    if folder.is_dir():
        return _registry(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".filling-", dir=folder.parent))
    except OSError:
        return None
    try:
        registry = _registry(staging)
        os.rename(staging, folder)  # atomic; refused when another process was first: theirs is as good
    except OSError:
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return registry


ureg: pint.UnitRegistry = _make_registry()

# Physical quantities an activity can be given in, by pint dimensionality.
DIMENSIONS: dict[str, str] = {
    "energy": "[mass] * [length] ** 2 / [time] ** 2",
    "volume": "[length] ** 3",
    "mass": "[mass]",
    "distance": "[length]",
    "population": "[population]",
}
_DIMENSION_BY_PINT = {str(ureg.parse_expression(f"1 {u}").dimensionality): name
                      for name, u in (("energy", "J"), ("volume", "m**3"), ("mass", "kg"), ("distance", "m"),
                                      ("population", "person"))}

# Spellings users type, case-folded, mapped to a pint expression. Only spellings whose case
# does not matter in practice are folded (nobody means milliwatt-hours by "mwh").
_ALIASES: dict[str, str] = {
    "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh", "wh": "Wh",
    "kj": "kJ", "mj": "MJ", "gj": "GJ", "tj": "TJ",
    "btu": "Btu", "mbtu": "MBtu", "mmbtu": "MMBtu", "therm": "therm", "therms": "therm",
    "thm": "therm", "dth": "decatherm", "decatherm": "decatherm", "decatherms": "decatherm",
    "dekatherm": "decatherm", "dekatherms": "decatherm",
    "scf": "scf", "cf": "scf", "ft3": "scf", "cubic feet": "scf", "cubic foot": "scf",
    "ccf": "ccf", "hcf": "ccf", "mcf": "Mcf", "mscf": "Mcf", "mmcf": "MMcf", "mmscf": "MMcf",
    "m3": "m**3", "m³": "m**3", "cubic meter": "m**3", "cubic meters": "m**3",
    "cubic metre": "m**3", "cubic metres": "m**3",
    "gal": "gallon", "gals": "gallon", "gallon": "gallon", "gallons": "gallon",
    "us gal": "gallon", "gal (us)": "gallon", "us gallon": "gallon", "us gallons": "gallon",
    "l": "liter", "liter": "liter", "liters": "liter", "litre": "liter", "litres": "liter",
    "kl": "kiloliter", "megaliter": "megaliter", "megalitre": "megaliter",
    "bbl": "petroleum_barrel", "bbls": "petroleum_barrel", "barrel": "petroleum_barrel",
    "barrels": "petroleum_barrel",
    "kg": "kg", "g": "g", "lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb",
    "t": "metric_ton", "tonne": "metric_ton", "tonnes": "metric_ton", "metric ton": "metric_ton",
    "metric tons": "metric_ton", "metric_ton": "metric_ton",
    "short ton": "short_ton", "short tons": "short_ton", "short_ton": "short_ton",
    "us ton": "short_ton", "long ton": "long_ton", "long_ton": "long_ton",
    "mi": "mile", "mile": "mile", "miles": "mile", "km": "km", "kilometer": "km",
    "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "vmt": "vehicle_mile", "vehicle-mile": "vehicle_mile", "vehicle-miles": "vehicle_mile",
    "vehicle mile": "vehicle_mile", "vehicle miles": "vehicle_mile",
    "vkt": "vehicle_kilometre", "vehicle-km": "vehicle_kilometre",
    "person": "person", "persons": "person", "people": "person", "inhabitant": "person",
    "inhabitants": "person", "capita": "person", "cap": "person", "pe": "person",
}
_AMBIGUOUS: dict[str, str] = {
    "ton": 'write "short_ton" (2,000 lb) or "t" (metric tonne, 1,000 kg)',
    "tons": 'write "short_ton" (2,000 lb) or "t" (metric tonne, 1,000 kg)',
    "barrels (us)": 'write "bbl" for a 42-gallon petroleum barrel',
    "mt": 'write "t" for metric tonnes; "Mt" would be megatonnes',
}
# What a "did you mean" may propose, keyed by the case-folded spelling it is matched against.
_CANONICAL = ("kWh", "MWh", "GWh", "GJ", "MJ", "TJ", "MMBtu", "therm", "scf", "ccf", "Mcf", "m3",
              "gal", "L", "bbl", "kg", "lb", "t", "short_ton", "mi", "km")
_SUGGESTIONS = {k: k for k in _ALIASES if " " not in k} | {c.casefold(): c for c in _CANONICAL}


_SHORT_TON = re.compile(r"(?<![_a-z])[a-z]*ton\b")


@dataclass(frozen=True)
class UnitParse:
    """What :func:`parse_unit` made of one spelling: a pint unit, or why not."""

    text: str
    unit: pint.Unit | None
    code: str | None = None  # problem code when unit is None
    hint: str | None = None


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> UnitParse:
    """Parse a unit as a user wrote it; never raises for bad input.

    Parameters
    ----------
    text : str
        The unit cell, e.g. ``"kWh"``, ``"MMBTU"``, ``"gallons"``, ``"ton"``.

    Returns
    -------
    UnitParse
        ``unit`` set on success; otherwise ``code`` is ``ambiguous-unit`` or ``unknown-unit``
        and ``hint`` says what to write instead.
    """
    raw = text.strip()
    folded = " ".join(raw.casefold().split())
    if folded in _AMBIGUOUS:
        return UnitParse(text, None, "ambiguous-unit", _AMBIGUOUS[folded])
    expression = _ALIASES.get(folded, raw)
    try:
        unit = ureg.parse_units(expression)
    except Exception:  # pint raises several unrelated types for garbage input
        return UnitParse(text, None, "unknown-unit", _suggest(raw))
    if _SHORT_TON.search(str(unit)) and "short" not in folded and folded not in _ALIASES:
        # pint's ton is the short ton; "kton", "tons/yr" … are as ambiguous as a bare "ton"
        return UnitParse(text, None, "ambiguous-unit", _AMBIGUOUS["ton"])
    return UnitParse(text, unit)


def _suggest(raw: str) -> str:
    close = difflib.get_close_matches(raw.casefold(), list(_SUGGESTIONS), n=1, cutoff=0.6)
    return f'did you mean "{_SUGGESTIONS[close[0]]}"?' if close else "see the list of units in docs/input-format.md"


def dimension_of(unit: pint.Unit) -> str | None:
    """Name the physical quantity of ``unit`` (``energy``, ``volume``, ``mass``, ``distance``) or None."""
    return _DIMENSION_BY_PINT.get(str(unit.dimensionality))


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Multiplier taking a number in ``from_unit`` to ``to_unit`` [-].

    Raises
    ------
    UnitError
        When the two units measure different things.
    """
    try:
        return float(ureg.Quantity(1.0, from_unit).to(to_unit).magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(f"cannot convert {from_unit} to {to_unit}: {exc}") from exc
