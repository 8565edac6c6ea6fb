"""Two inventories side by side (milestones 1 and 5): by GPC line, sector, scope and total.

The change of every line with a number in both years is split into activity, emission-factor and
GWP effects (:mod:`ghgcalc.milestones.decompose`); a line that went from a notation key to a
number, or back, is a *completeness* change and is kept out of the effects. For every line and
every total::

    E^T − E^0 = ΔE_activity + ΔE_factor + ΔE_gwp + ΔE_completeness + ΔE_other          (1)

``other`` is zero in a normal comparison; it holds the elements that cannot be decomposed
(an activity without a common measure, a value that changes sign).

Base-year recalculation (GPC Part III, "setting goals and tracking emissions over time" [1]):
the base-year input file is calculated again with the current inventory's factor editions, GWP
set and T&D setting, and the change is logged and tested against a significance threshold.

References
----------
1. WRI, C40, ICLEI, *Global Protocol for Community-Scale Greenhouse Gas Inventories*, v1.1
   (2021), Part III: setting goals and tracking emissions over time (base year, recalculation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ghgcalc.errors import UsageError
from ghgcalc.gpc import TOTALS
from ghgcalc.milestones.decompose import EFFECTS, decompose
from ghgcalc.milestones.load import Snapshot, load_snapshot
from ghgcalc.problems import Problem, has_errors

PARTS = [*(f"{e}_t" for e in EFFECTS), "completeness_t", "other_t"]
TOTAL_CHOICES = ("basic", "basic_plus", "territorial")
TOTAL_LABELS = {"basic": "BASIC", "basic_plus": "BASIC+", "territorial": "Territorial", "scope1": "Scope 1",
                "scope2": "Scope 2", "scope3": "Scope 3"}
# |other| below this share of the largest line amount is floating-point noise, not a finding
_NOISE = 1e-9


@dataclass
class Recalculation:
    """The base year as originally computed and as recalculated with the current methods."""

    settings: dict[str, Any]
    changes: list[dict[str, str]]
    comparison: Comparison
    threshold: float
    total: str
    change_t: float
    change_pct: float | None
    significant: bool


@dataclass
class Comparison:
    """Base and current inventory side by side, the change split by cause (Eq. 1).

    Attributes
    ----------
    base, current : Snapshot
        The inventories compared (with ``--recalculate-base``, ``base`` is the recalculated one).
    total : str
        The total the sector table and the headline use (``basic``, ``basic_plus``, ``territorial``).
    lines : DataFrame
        The 53 GPC lines: ``base_t``, ``current_t``, ``change_t`` [t CO2e], ``change_pct`` [%],
        ``status`` (compared, newly-reported, no-longer-reported, no-number), notation keys and
        the parts of Eq. 1 (``activity_t``, ``factor_t``, ``gwp_t``, ``completeness_t``, ``other_t``).
    sectors, scopes, totals : DataFrame
        The same columns summed by sector (lines of ``total``), by scope and by GPC total.
    elements : DataFrame
        The sub-category × gas elements of the decomposition (compared lines only).
    notes : list of str
        What a reader should know (GWP or editions changed, cities differ, …).
    problems : list of Problem
        The problems of the inventories read.
    recalculation : Recalculation or None
        With ``recalculate_base``.
    """

    base: Snapshot
    current: Snapshot
    total: str
    lines: pd.DataFrame
    sectors: pd.DataFrame
    scopes: pd.DataFrame
    totals: pd.DataFrame
    elements: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    recalculation: Recalculation | None = None

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    @property
    def computed(self) -> bool:
        """False when an inventory could not be calculated at all (its problems say why)."""
        return not self.lines.empty

    def headline(self) -> dict[str, Any]:
        """The chosen total's row of the totals table."""
        return self.totals.set_index("name").loc[self.total].to_dict() if self.computed else {}


def compare_inventories(base: str | Path | Snapshot, current: str | Path | Snapshot, *, total: str = "basic",
                        recalculate_base: bool = False, threshold: float = 0.05, decimal: str = ".") -> Comparison:
    """Compare two inventories by GPC line, sector, scope and total, and say why they differ.

    Parameters
    ----------
    base, current : path or Snapshot
        Input files (calculated) or ghgcalc JSON outputs; ``base`` is the earlier year.
    total : str
        ``basic`` (default), ``basic_plus`` or ``territorial``: the total of the headline and of
        the sector table.
    recalculate_base : bool
        Calculate the base-year input file again with the current inventory's factor editions,
        GWP set and T&D setting, compare the current inventory with that, and log the
        recalculation. Needs ``base`` as an input file.
    threshold : float
        Share of the chosen total [-] from which the recalculation is significant (0.05 = 5 %).

    Returns
    -------
    Comparison
        With ``computed`` False when an inventory could not be calculated (see ``problems``).

    Raises
    ------
    UsageError
        Unknown total; base later than current; ``recalculate_base`` with a JSON base.
    """
    if total not in TOTAL_CHOICES:
        raise UsageError(f"unknown total {total!r}: expected one of {', '.join(TOTAL_CHOICES)}")
    if recalculate_base and isinstance(base, (str, Path)) and Path(base).suffix.casefold() == ".json":
        raise UsageError(f"--recalculate-base needs the base year as an input file (CSV or workbook), not the JSON "
                         f"output {Path(base).name}: a JSON output has the results but not the activity data to "
                         "calculate again")
    base_snap = base if isinstance(base, Snapshot) else load_snapshot(base, decimal=decimal)
    current_snap = current if isinstance(current, Snapshot) else load_snapshot(current, decimal=decimal)
    if recalculate_base and base_snap.kind != "input":
        raise UsageError(f"--recalculate-base needs the base year as an input file, not {base_snap.name}")
    problems = [*_located(base_snap), *_located(current_snap)]
    if base_snap.year is None or current_snap.year is None:
        return _failed(base_snap, current_snap, total, problems)
    if base_snap.year > current_snap.year:
        raise UsageError(f"the base inventory ({base_snap.name}, {base_snap.year}) is later than the current one "
                         f"({current_snap.name}, {current_snap.year}): give the earlier inventory first")
    recalculation = None
    if recalculate_base:
        recalculated, settings = _recalculate(base_snap, current_snap, decimal)
        seen = set(problems)
        problems += [p for p in _located(recalculated, base_snap.name) if p not in seen]
        if recalculated.year is None:
            return _failed(base_snap, current_snap, total, problems)
        recalculation = _recalculation(base_snap, recalculated, settings, total, threshold)
        base_snap = recalculated
    comparison = compare_snapshots(base_snap, current_snap, total=total)
    comparison.problems = problems
    comparison.recalculation = recalculation
    if recalculation is not None:
        comparison.notes.insert(0, f"the base year is the recalculated one ({base_snap.name}); see the "
                                   "recalculation log for the original")
    return comparison


def compare_snapshots(base: Snapshot, current: Snapshot, *, total: str = "basic") -> Comparison:
    """:func:`compare_inventories` on two loaded inventories (no recalculation)."""
    lines = _line_table(base, current)
    elements = decompose(base, current)
    compared = set(lines.loc[lines["status"].eq("compared"), "gpc_ref"])
    elements = elements[elements["gpc_ref"].isin(compared)].reset_index(drop=True)
    effects = elements.groupby("gpc_ref")[[f"{e}_t" for e in EFFECTS]].sum()
    is_compared = lines["status"].eq("compared")
    for name in EFFECTS:
        column = f"{name}_t"
        lines[column] = lines["gpc_ref"].map(effects[column]).fillna(0.0).where(is_compared, 0.0)
    explained = lines[[f"{e}_t" for e in EFFECTS]].sum(axis=1)
    lines["other_t"] = (lines["change_t"].fillna(0.0) - explained).where(is_compared, 0.0)
    lines["completeness_t"] = lines["change_t"].where(lines["status"].isin(["newly-reported", "no-longer-reported"]),
                                                      0.0).fillna(0.0)
    sectors = _sum_by(lines[lines[total]], "sector", order=lines["sector"].unique())
    scopes = pd.concat([_sum_rows(lines[lines[name]], TOTAL_LABELS[name]) for name in ("scope1", "scope2", "scope3")],
                       ignore_index=True).rename(columns={"name": "scope"})
    totals = pd.concat([_sum_rows(lines[lines[name]], name) for name in TOTALS], ignore_index=True)
    return Comparison(base, current, total, lines, sectors, scopes, totals, elements,
                      notes=_notes(base, current, lines, elements))


def _located(snapshot: Snapshot, name: str | None = None) -> list[Problem]:
    """The snapshot's problems, those without a file named after it (both inventories warn alike)."""
    return [p if p.file else p.model_copy(update={"file": name or snapshot.name}) for p in snapshot.problems]


def _failed(base: Snapshot, current: Snapshot, total: str, problems: list[Problem]) -> Comparison:
    empty = pd.DataFrame()
    return Comparison(base, current, total, empty, empty, empty, empty, empty,
                      notes=["an inventory could not be calculated; see the problems"], problems=problems)


def _line_table(base: Snapshot, current: Snapshot) -> pd.DataFrame:
    lines = base.lines.drop(columns=["co2e_t", "notation_key", "has_number"]).copy()
    lines["base_key"] = base.lines["notation_key"].to_numpy()
    lines["current_key"] = current.lines["notation_key"].to_numpy()
    lines["base_t"] = base.lines["co2e_t"].to_numpy()
    lines["current_t"] = current.lines["co2e_t"].to_numpy()
    had, has = base.lines["has_number"].to_numpy(), current.lines["has_number"].to_numpy()
    lines["status"] = np.select([had & has, ~had & has, had & ~has], ["compared", "newly-reported",
                                                                       "no-longer-reported"], "no-number")
    either = had | has
    lines["change_t"] = (lines["current_t"].fillna(0.0) - lines["base_t"].fillna(0.0)).where(either)
    with np.errstate(divide="ignore", invalid="ignore"):
        lines["change_pct"] = (100.0 * lines["change_t"] / lines["base_t"]).where(had & has & (lines["base_t"] != 0))
    return lines


def _sum_rows(lines: pd.DataFrame, name: str) -> pd.DataFrame:
    row = {"name": name, "base_t": float(lines["base_t"].fillna(0.0).sum()),
           "current_t": float(lines["current_t"].fillna(0.0).sum())}
    row["change_t"] = row["current_t"] - row["base_t"]
    row["change_pct"] = 100.0 * row["change_t"] / row["base_t"] if row["base_t"] else np.nan
    for column in PARTS:
        row[column] = float(lines[column].sum()) if column in lines else 0.0
    return pd.DataFrame([row])


def _sum_by(lines: pd.DataFrame, by: str, order) -> pd.DataFrame:
    if lines.empty:
        return pd.DataFrame(columns=[by, "base_t", "current_t", "change_t", "change_pct", *PARTS])
    frames = [_sum_rows(group, key) for key, group in lines.groupby(by, sort=False)]  # sectors, not rows
    table = pd.concat(frames, ignore_index=True).rename(columns={"name": by})
    rank = {k: i for i, k in enumerate(order)}
    return table.assign(_o=table[by].map(rank)).sort_values("_o").drop(columns="_o").reset_index(drop=True)


def _notes(base: Snapshot, current: Snapshot, lines: pd.DataFrame, elements: pd.DataFrame) -> list[str]:
    notes = []
    if base.gwp != current.gwp:
        notes.append(f"GWP set changed {base.gwp} → {current.gwp}: its effect is the gwp column")
    b, c = set(base.factor_editions), set(current.factor_editions)
    if b != c:
        notes.append("factor editions changed: " + ", ".join(sorted(b - c)) + " → " + ", ".join(sorted(c - b))
                     + "; their effect is in the factor column (--recalculate-base applies the current ones to "
                     "the base year)")
    if (base.city or "") != (current.city or ""):
        notes.append(f"the inventories name different cities ({base.city or '?'} and {current.city or '?'})")
    moved = lines[lines["status"].isin(["newly-reported", "no-longer-reported"])]
    if not moved.empty:
        notes.append(f"{len(moved)} line(s) changed completeness (" + ", ".join(
            f"{r} {k0 or 'number'} → {k1 or 'number'}" for r, k0, k1 in
            zip(moved["gpc_ref"], moved["base_key"], moved["current_key"])) + "): their amounts are in the "
            "completeness column, not in the trends")
    scale = float(np.nanmax(np.abs(np.r_[lines["base_t"].fillna(0.0), lines["current_t"].fillna(0.0), 1.0])))
    odd = lines[lines["other_t"].abs() > _NOISE * scale]
    if not odd.empty:
        notes.append("not decomposed (other column): " + ", ".join(odd["gpc_ref"]) + " — a sub-category without a "
                     "common activity measure in both years, a value changing sign, or lines that do not match "
                     "the trail")
    if "C" in set(base.lines["notation_key"]) | set(current.lines["notation_key"]):
        notes.append("confidential lines (C) have no number in a JSON output and are compared as such")
    return notes


def _recalculate(base: Snapshot, current: Snapshot, decimal: str) -> tuple[Snapshot, dict[str, Any]]:
    """The base-year input calculated with the current inventory's editions, GWP set and T&D setting."""
    editions = current.factor_editions
    settings = {"factors": ",".join(editions) if editions else None, "gwp": current.gwp,
                "tnd": current.settings.get("tnd")}
    try:
        recalculated = load_snapshot(base.path, decimal=decimal, **settings)
    except UsageError as exc:
        raise UsageError(f"cannot recalculate {base.name} with the current inventory's tables "
                         f"({settings['factors']}): {exc}") from exc
    recalculated.name = f"{base.name} (recalculated)"
    return recalculated, settings


def _recalculation(original: Snapshot, recalculated: Snapshot, settings: dict[str, Any], total: str,
                   threshold: float) -> Recalculation:
    changes = []
    if original.factor_editions != recalculated.factor_editions:
        changes.append({"item": "factor editions", "original": ", ".join(original.factor_editions),
                        "recalculated": ", ".join(recalculated.factor_editions)})
    if original.gwp != recalculated.gwp:
        changes.append({"item": "GWP set", "original": original.gwp or "", "recalculated": recalculated.gwp or ""})
    tnd0, tnd1 = original.settings.get("tnd"), recalculated.settings.get("tnd")
    if tnd0 != tnd1:
        changes.append({"item": "T&D losses (scope 3)", "original": "on" if tnd0 else "off",
                        "recalculated": "on" if tnd1 else "off"})
    comparison = compare_snapshots(original, recalculated, total=total)
    head = comparison.headline()
    changed = comparison.lines[comparison.lines["change_t"].fillna(0.0).ne(0.0)]
    for ref, before, after in zip(changed["gpc_ref"], changed["base_t"], changed["current_t"]):
        changes.append({"item": f"line {ref} [t CO2e]", "original": _fmt(before), "recalculated": _fmt(after)})
    change, base_total = head["change_t"], head["base_t"]
    share = change / base_total if base_total else (np.inf if change else 0.0)
    return Recalculation(settings=settings, changes=changes, comparison=comparison, threshold=threshold, total=total,
                         change_t=float(change), change_pct=float(100.0 * share) if np.isfinite(share) else None,
                         significant=bool(abs(share) >= threshold))


def _fmt(value: float) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else repr(float(value))
