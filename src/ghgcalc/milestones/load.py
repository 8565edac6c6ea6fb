"""An inventory as the milestone commands see it: from an input file, or from a ghgcalc JSON output.

An input file (CSV with ``ghgcalc.toml``, or a workbook) is calculated with
:func:`ghgcalc.engine.calculate`; a JSON file written by ``ghgcalc inventory … -o x.json`` (its
schema: ``ghgcalc schema``) is read as it is, without recalculating. Either way the result is a
:class:`Snapshot`: the 53 GPC lines with their t CO2e and notation keys, the per-row trail and
the provenance (year, GWP set, factor editions).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ghgcalc.errors import InputFileError, UsageError
from ghgcalc.gpc import gpc_lines
from ghgcalc.problems import Problem, has_errors

LINE_COLUMNS = ["gpc_ref", "sector_number", "sector", "subsector", "scope", "basic", "basic_plus", "territorial",
                "scope1", "scope2", "scope3", "order"]


@dataclass
class Snapshot:
    """One inventory, reduced to what comparing inventories needs.

    Attributes
    ----------
    name : str
        The file name, as shown in outputs.
    kind : str
        ``"input"`` (calculated from an activity file) or ``"json"`` (read from a ghgcalc output).
    path : Path
        Where it was read from.
    year, city, gwp, population
        From the inventory's settings; ``gwp`` is ``AR4``, ``AR5`` or ``AR6``.
    lines : DataFrame
        The 53 GPC lines in GPC order: ``gpc_ref``, sector, sub-sector, scope, total memberships,
        ``co2e_t`` [t CO2e] (NaN without a number), ``notation_key`` and ``has_number``.
    trail : DataFrame
        One row per input row (and derived T&D row) with per-gas ``<gas>_t``, ``<gas>_factor_unit``
        and ``<gas>_conversion`` columns, as in the inventory's trail.
    metadata : dict
        The inventory's metadata (version, settings, input hash, factor editions).
    problems : list of Problem
        Problems found while calculating (input files only; a JSON output keeps its own).
    """

    name: str
    kind: str
    path: Path
    year: int | None
    city: str | None
    gwp: str | None
    population: float | None
    lines: pd.DataFrame
    trail: pd.DataFrame
    metadata: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the inventory could be calculated and no problem is an error."""
        return self.year is not None and not has_errors(self.problems)

    @property
    def settings(self) -> dict[str, Any]:
        return self.metadata.get("settings") or {}

    @property
    def factor_editions(self) -> list[str]:
        """``SET@EDITION`` of every emission-factor table used (the GWP table excluded), in order."""
        keys = [f"{t['set']}@{t['edition']}" for t in self.metadata.get("factor_tables", []) if t.get("set") != "gwp"]
        return list(dict.fromkeys(keys))

    def total(self, name: str) -> float:
        """A GPC total [t CO2e] from the lines: Σ co2e_t of the lines that belong to ``name``."""
        members = self.lines[self.lines[name]]
        return float(members["co2e_t"].fillna(0.0).sum())

    def summary(self) -> dict[str, Any]:
        """Who, when and how, for the head of every milestone output."""
        return {"file": self.name, "kind": self.kind, "city": self.city, "year": self.year, "gwp": self.gwp,
                "population": self.population, "factor_editions": self.factor_editions,
                "ghgcalc_version": self.metadata.get("ghgcalc_version"),
                "input_sha256": (self.metadata.get("input") or {}).get("sha256")}


def load_snapshot(path: str | Path, *, decimal: str = ".", **settings) -> Snapshot:
    """Read an inventory from an input file (calculated) or a ghgcalc JSON output (as written).

    Parameters
    ----------
    path : str or Path
        ``.json`` written by ``ghgcalc inventory``; anything else is an input file for
        :func:`ghgcalc.engine.calculate`.
    decimal : str
        Decimal separator of numbers written as text in an input file.
    **settings
        Settings passed to :func:`~ghgcalc.engine.calculate` (input files only).

    Raises
    ------
    InputFileError
        The file does not exist, or a ``.json`` file is not a ghgcalc inventory.
    """
    path = Path(path)
    if path.suffix.casefold() == ".json":
        if not path.is_file():
            raise InputFileError(f"{path.name}: no such file", code="file-not-found")
        return _from_json(path)
    from ghgcalc.engine import calculate

    inventory = calculate(path, decimal=decimal, **{k: v for k, v in settings.items() if v is not None})
    return snapshot_of(inventory, path)


def snapshot_of(inventory, path: str | Path) -> Snapshot:
    """The :class:`Snapshot` of a calculated :class:`~ghgcalc.inventory.Inventory`."""
    path = Path(path)
    config = inventory.config
    if config is None:  # could not be calculated (e.g. no year): problems only
        return Snapshot(path.name, "input", path, None, None, None, None, _lines_frame({}, {}), pd.DataFrame(),
                        inventory.metadata, list(inventory.problems))
    lines = inventory.lines
    co2e = dict(zip(lines["gpc_ref"], lines["co2e_t"].where(lines["has_data"])))
    keys = dict(zip(lines["gpc_ref"], lines["notation_key"]))
    return Snapshot(path.name, "input", path, config.year, config.city, config.gwp, config.population,
                    _lines_frame(co2e, keys), inventory.trail.copy(), inventory.metadata, list(inventory.problems))


def _from_json(path: Path) -> Snapshot:
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(f"{path.name}: not readable as JSON ({exc})") from exc
    if not isinstance(document, dict) or not {"metadata", "lines", "totals", "rows"} <= set(document):
        raise InputFileError(f"{path.name}: not a ghgcalc inventory (expected the keys metadata, lines, totals and "
                             "rows of `ghgcalc inventory -o FILE.json`; see `ghgcalc schema`)")
    metadata = document["metadata"] or {}
    settings = metadata.get("settings") or {}
    co2e = {line["gpc_ref"]: line.get("co2e_t") for line in document["lines"]}
    keys = {line["gpc_ref"]: line.get("notation_key") or "" for line in document["lines"]}
    trail = pd.DataFrame(document["rows"])
    beside = (metadata.get("trail") or {}).get("file")
    if trail.empty and beside:  # a large inventory keeps its trail in NAME.trail.jsonl beside the document
        trail_path = path.with_name(Path(beside).name)
        if not trail_path.is_file():
            raise InputFileError(f"{path.name}: its trail {trail_path.name} is not beside it")
        trail = pd.read_json(trail_path, lines=True, dtype=False, precise_float=True)
        if metadata["trail"].get("format") == "jsonl-calculations":  # one line per calculation: sums of its rows
            trail = trail.drop(columns=["calculation", "row_count", "rows"], errors="ignore")
    known = set(Problem.model_fields)  # a newer ghgcalc may have added fields: keep what this one knows
    problems = [Problem(**{k: v for k, v in p.items() if k in known}) for p in document.get("problems") or []
                if isinstance(p, dict) and p.get("code") and p.get("severity") in ("error", "warning")]
    return Snapshot(path.name, "json", path, metadata.get("year"), metadata.get("city"), metadata.get("gwp"),
                    settings.get("population"), _lines_frame(co2e, keys), trail, metadata, problems)


def _lines_frame(co2e: dict[str, float | None], keys: dict[str, str]) -> pd.DataFrame:
    lines = gpc_lines()[LINE_COLUMNS].copy()
    lines["co2e_t"] = lines["gpc_ref"].map(co2e).astype("float64")
    lines["notation_key"] = lines["gpc_ref"].map(keys).astype("object").fillna("")
    lines["has_number"] = lines["co2e_t"].notna()
    return lines.reset_index(drop=True)


@lru_cache(maxsize=8)
def gwp_weights(name: str) -> dict[str, float]:
    """GWP-100 of each gas in the set ``name`` (``AR4``, ``AR5``, ``AR6``), CO2e-only factors at 1
    and biogenic CO2 at 0, as the calculation uses them."""
    from ghgcalc.factors.select import select_gwp
    from ghgcalc.gwp import gwp_map

    if not name:
        raise UsageError("the inventory does not say which GWP set it used")
    return gwp_map(select_gwp(name))


def trail_gases(trail: pd.DataFrame, gwp_names: list[str]) -> dict[str, str]:
    """Gas name of each per-gas column prefix of a trail (``hfc_134a`` → ``HFC-134a``).

    The trail writes a gas ``G`` as ``G.lower()`` with ``-`` as ``_`` (``co2e_only`` for CO2e-only
    factors); the names come back from the GWP tables, which list every gas a factor table may use.
    """
    from ghgcalc.gwp import AS_CO2E, NOT_IN_CO2E

    names = {AS_CO2E, NOT_IN_CO2E}
    for gwp in gwp_names:
        names |= set(gwp_weights(gwp))
    by_prefix = {n.lower().replace("-", "_"): n for n in sorted(names)}
    by_prefix["co2e_only"] = AS_CO2E  # the trail's name for CO2e-only factors (no clash with the row's co2e_t)
    prefixes = [c[: -len("_factor_id")] for c in trail.columns if c.endswith("_factor_id")]
    return {p: by_prefix.get(p, p.upper()) for p in prefixes}


def numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    """A trail column as float64 (absent → NaN), whether it came from an Inventory or from JSON."""
    if column not in frame:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")
