"""Several inventories as a time series by sector (milestone 5, over many years)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ghgcalc.errors import UsageError
from ghgcalc.gpc import gpc_lines
from ghgcalc.milestones.compare import TOTAL_CHOICES
from ghgcalc.milestones.load import Snapshot, load_snapshot
from ghgcalc.problems import Problem, has_errors


@dataclass
class Trend:
    """One row per inventory, sorted by year.

    Attributes
    ----------
    table : DataFrame
        ``year``, ``file``, ``city``, ``gwp``, ``factor_editions``, one column per GPC sector
        [t CO2e] (lines of ``total`` only; GPC sector order), ``total_t`` [t CO2e], ``population``
        and ``per_capita_t`` [t CO2e/person] (NaN without population), ``change_t`` and
        ``change_pct`` against the previous row.
    sectors : list of str
        The sector columns, in GPC order.
    """

    total: str
    table: pd.DataFrame
    sectors: list[str]
    snapshots: list[Snapshot]
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def build_trend(sources: list[str | Path | Snapshot], *, total: str = "basic", decimal: str = ".") -> Trend:
    """A time series by sector from several inventories (input files or ghgcalc JSON outputs).

    Parameters
    ----------
    sources : list of path or Snapshot
        One inventory per year, in any order.
    total : str
        ``basic`` (default), ``basic_plus`` or ``territorial``: which lines count.

    Raises
    ------
    UsageError
        No inventory, an unknown total, an inventory that could not be calculated, or two
        inventories of the same year.

    Notes
    -----
    Sector value = Σ co2e_t of the sector's lines that belong to ``total`` [t CO2e]; the total
    column is their sum. Years are comparable only with the same GWP set and methods: a note
    says when they differ (``ghgcalc compare --recalculate-base`` puts two years on one basis).
    """
    if not sources:
        raise UsageError("give at least one inventory")
    if total not in TOTAL_CHOICES:
        raise UsageError(f"unknown total {total!r}: expected one of {', '.join(TOTAL_CHOICES)}")
    snapshots = [s if isinstance(s, Snapshot) else load_snapshot(s, decimal=decimal) for s in sources]
    problems = [p for s in snapshots for p in s.problems]
    failed = [s.name for s in snapshots if s.year is None]
    if failed:
        raise UsageError(", ".join(failed) + " could not be calculated; run `ghgcalc inventory FILE` to see why")
    years = pd.Series([s.year for s in snapshots])
    if years.duplicated().any():
        twice = sorted(set(years[years.duplicated()]))
        names = [s.name for s in snapshots if s.year in twice]
        raise UsageError(f"more than one inventory for {', '.join(map(str, twice))} ({', '.join(names)}): give one "
                         "per year")
    snapshots = sorted(snapshots, key=lambda s: s.year)
    sector_order = list(dict.fromkeys(gpc_lines()["sector"]))
    rows = []
    for snap in snapshots:  # one per file
        lines = snap.lines[snap.lines[total]]
        by_sector = lines.groupby("sector", sort=False)["co2e_t"].sum(min_count=0)
        row = {"year": snap.year, "file": snap.name, "city": snap.city, "gwp": snap.gwp,
               "factor_editions": ", ".join(snap.factor_editions)}
        row.update({s: float(by_sector.get(s, 0.0)) for s in sector_order if s in set(lines["sector"])})
        row["total_t"] = float(lines["co2e_t"].fillna(0.0).sum())
        row["population"] = snap.population
        rows.append(row)
    table = pd.DataFrame(rows)
    sectors = [s for s in sector_order if s in table.columns]
    table[sectors] = table[sectors].fillna(0.0)
    table["population"] = pd.to_numeric(table["population"], errors="coerce").astype("float64")
    table["per_capita_t"] = table["total_t"] / table["population"]
    table["change_t"] = table["total_t"].diff()
    table["change_pct"] = 100.0 * table["change_t"] / table["total_t"].shift()
    columns = ["year", "file", "city", "gwp", "factor_editions", *sectors, "total_t", "population", "per_capita_t",
               "change_t", "change_pct"]
    notes = []
    gwps = list(dict.fromkeys(table["gwp"]))
    if len(gwps) > 1:
        notes.append(f"the years use different GWP sets ({', '.join(map(str, gwps))}): the series mixes bases; "
                     "recalculate with one set for a like-for-like trend")
    cities = list(dict.fromkeys(c for c in table["city"] if c))
    if len(cities) > 1:
        notes.append(f"the inventories name different cities: {', '.join(cities)}")
    if len(set(table["factor_editions"])) > 1:
        notes.append("the factor editions differ between years; `ghgcalc compare` shows how much of a change "
                     "is due to them")
    return Trend(total, table[columns], sectors, snapshots, notes, problems)
