"""A reduction target and where the city stands against it (milestone 2).

A straight line from the base-year value to the target value; the current year is compared with
the line's value for that year::

    P(y)   = B + (T − B) · (y − y_0) / (y_T − y_0)                   pathway [t CO2e]         (1)
    gap    = C − P(y_C)                                              > 0: behind [t CO2e]     (2)
    R_lin  = (C − T) / (y_T − y_C)                                   needed per year [t CO2e/yr] (3)
    r_cmp  = 1 − (T / C)^(1 / (y_T − y_C))                           needed per year, compound [-] (4)

B, C, T: base, current and target values; y_0, y_C, y_T their years. A percentage target sets
T = B · (1 − p); an absolute target gives T in t CO2e; a per-capita target gives T in t CO2e per
person and the whole assessment is made per person (population from each inventory).

References
----------
1. WRI, C40, ICLEI, *Global Protocol for Community-Scale Greenhouse Gas Inventories*, v1.1 (2021),
   Part III: setting goals (base-year, fixed-level and intensity goals) and tracking emissions.
2. WRI, *Mitigation Goal Standard* (2014): base year emissions, fixed level and intensity goals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
import numpy as np
import pandas as pd

from ghgcalc.errors import UsageError
from ghgcalc.milestones.compare import TOTAL_CHOICES, TOTAL_LABELS
from ghgcalc.milestones.load import Snapshot, load_snapshot
from ghgcalc.problems import Problem, has_errors


@dataclass
class TargetAssessment:
    """The pathway from base to target and the current year against it (Eqs. 1–4).

    ``unit`` is ``t CO2e`` or ``t CO2e per person``; every value below is in it.
    """

    base: Snapshot
    current: Snapshot
    total: str
    kind: str            # reduction | absolute | per_capita
    unit: str
    base_year: int
    base_value: float
    current_year: int
    current_value: float
    target_year: int
    target_value: float
    reduction_pct: float | None
    expected_now: float
    gap: float
    on_track: bool
    annual_reduction: float | None
    annual_reduction_pct: float | None
    annual_rate_compound_pct: float | None
    pathway: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    @property
    def verdict(self) -> str:
        """One line for the terminal: on track, or behind by how much."""
        unit = self.unit
        if self.current_year >= self.target_year:
            reached = self.current_value <= self.target_value
            return (f"target {'met' if reached else 'missed'}: {_num(self.current_value)} {unit} in "
                    f"{self.current_year} against {_num(self.target_value)} {unit} for {self.target_year}")
        if self.on_track:
            return (f"on track: {_num(self.current_value)} {unit} in {self.current_year}, "
                    f"{_num(-self.gap)} {unit} below the pathway ({_num(self.expected_now)} {unit})")
        return (f"behind by {_num(self.gap)} {unit}: {_num(self.current_value)} {unit} in {self.current_year} against "
                f"{_num(self.expected_now)} {unit} on the pathway; {_num(self.annual_reduction)} {unit} less each "
                f"year to reach {_num(self.target_value)} {unit} by {self.target_year}")


def parse_percent(text: str | float, *, name: str = "value") -> float:
    """A percentage as a share: ``"50%"``, ``"50"`` and ``50`` all give 0.5.

    Raises
    ------
    UsageError
        Not a number, or outside 0–100 %.
    """
    raw = str(text).strip().rstrip("%").strip()
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{name} must be a percentage such as 50% (got {text!r})") from None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise UsageError(f"{name} must be between 0% and 100% (got {text!r})")
    return value / 100.0


def assess_target(base: str | Path | Snapshot, current: str | Path | Snapshot, *, by: int,
                  reduction: float | None = None, absolute: float | None = None, per_capita: float | None = None,
                  total: str = "basic", decimal: str = ".") -> TargetAssessment:
    """Straight-line pathway from the base year to a target, and the current year against it.

    Parameters
    ----------
    base, current : path or Snapshot
        Base-year and current inventories (input files or ghgcalc JSON outputs).
    by : int
        Target year.
    reduction : float, optional
        Reduction from the base year as a share [-] (0.5 = 50 %).
    absolute : float, optional
        Target emissions [t CO2e].
    per_capita : float, optional
        Target emissions per person [t CO2e/person]; both inventories need a population.
    total : str
        ``basic`` (default), ``basic_plus`` or ``territorial``.

    Raises
    ------
    UsageError
        Not exactly one kind of target; years out of order; per-capita target without population.
    """
    given = [k for k, v in (("reduction", reduction), ("absolute", absolute), ("per_capita", per_capita))
             if v is not None]
    if len(given) != 1:
        raise UsageError("give exactly one target: --reduction PCT, --absolute T_CO2E or --per-capita T_CO2E")
    if total not in TOTAL_CHOICES:
        raise UsageError(f"unknown total {total!r}: expected one of {', '.join(TOTAL_CHOICES)}")
    kind = given[0]
    base = base if isinstance(base, Snapshot) else load_snapshot(base, decimal=decimal)
    current = current if isinstance(current, Snapshot) else load_snapshot(current, decimal=decimal)
    problems = [*base.problems, *current.problems]
    if base.year is None or current.year is None:
        failed = base.name if base.year is None else current.name
        raise UsageError(f"{failed} could not be calculated; run `ghgcalc inventory {failed}` to see why")
    if not base.year < by:
        raise UsageError(f"the target year {by} must be after the base year {base.year}")
    if current.year < base.year:
        raise UsageError(f"the current inventory ({current.year}) is earlier than the base ({base.year}): give the "
                         "base-year inventory first")
    b, c = base.total(total), current.total(total)
    unit = "t CO2e"
    if kind == "per_capita":
        missing = [s.name for s in (base, current) if not s.population]
        if missing:
            raise UsageError("a per-capita target needs the population of both inventories; none in "
                             + ", ".join(missing) + " (set population in ghgcalc.toml or the inventory sheet)")
        b, c = b / base.population, c / current.population
        unit = "t CO2e per person"
        target = float(per_capita)
    elif kind == "absolute":
        target = float(absolute)
    else:
        target = b * (1.0 - float(reduction))
    if target < 0:
        raise UsageError("the target must not be negative")
    span = by - base.year
    expected = b + (target - b) * (current.year - base.year) / span
    gap = c - expected
    remaining = by - current.year
    annual = (c - target) / remaining if remaining > 0 else None
    annual_pct = 100.0 * annual / c if annual is not None and c else None
    compound = 100.0 * (1.0 - (target / c) ** (1.0 / remaining)) if remaining > 0 and c > 0 and target > 0 else None
    years = np.arange(base.year, by + 1)
    pathway = pd.DataFrame({"year": years, "pathway": b + (target - b) * (years - base.year) / span})
    pathway["inventory"] = pathway["year"].map({base.year: b, current.year: c}).astype("float64")
    notes = []
    if base.gwp != current.gwp:
        notes.append(f"the inventories use different GWP sets ({base.gwp}, {current.gwp}); compare with "
                     "`ghgcalc compare --recalculate-base` before judging progress")
    if set(base.factor_editions) != set(current.factor_editions):
        notes.append("the inventories use different factor editions; part of the change is methodological "
                     "(see `ghgcalc compare`)")
    if kind == "reduction":
        notes.append(f"target: {100 * float(reduction):g}% below {base.year} ({TOTAL_LABELS[total]}) by {by}")
    return TargetAssessment(base, current, total, kind, unit, base.year, b, current.year, c, by, target,
                            100.0 * float(reduction) if kind == "reduction" else
                            (100.0 * (1 - target / b) if b else None),
                            expected, gap, bool(gap <= 0), annual, annual_pct, compound, pathway, notes, problems)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}"
