"""The GPC reporting lines (data) and the totals built from them.

Lines, scopes and which total each line feeds come from ``data/gpc_lines.csv``, transcribed from
the GPC (WRI, C40, ICLEI 2014; v1.1 2021) scope/reporting-level matrix. See ``docs/methods.md``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

TOTALS = ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3")

# Named groups of lines used by the activity catalogue.
LINE_GROUPS: dict[str, tuple[str, ...]] = {
    "stationary_combustion": ("I.1.1", "I.2.1", "I.3.1", "I.4.1", "I.4.4", "I.5.1", "I.6.1"),
    "transport_combustion": ("II.1.1", "II.1.3", "II.2.1", "II.2.3", "II.3.1", "II.3.3", "II.4.1",
                             "II.4.3", "II.5.1"),
    "grid_energy": ("I.1.2", "I.2.2", "I.3.2", "I.4.2", "I.5.2", "I.6.2",
                    "II.1.2", "II.2.2", "II.3.2", "II.4.2", "II.5.2"),
    "on_road": ("II.1.1", "II.1.3"),
}


@lru_cache(maxsize=1)
def gpc_lines() -> pd.DataFrame:
    """Every GPC line in GPC order with sector, sub-sector, scope and total memberships."""
    with resources.files("ghgcalc.data").joinpath("gpc_lines.csv").open("r", encoding="utf-8") as handle:
        lines = pd.read_csv(handle, dtype=str, keep_default_na=False)
    lines["scope"] = lines["scope"].astype("int64")
    for column in ("basic", "basic_plus", "territorial"):
        lines[column] = lines[column].eq("yes")
    lines["scope1"] = lines["scope"].eq(1)
    lines["scope2"] = lines["scope"].eq(2)
    # Scope 3 total = I.x.3 + II.x.3 + III.x.2; VI.1 (other scope 3) is in no total.
    lines["scope3"] = lines["scope"].eq(3) & lines["sector_number"].ne("VI")
    lines["order"] = range(len(lines))
    return lines


@lru_cache(maxsize=1)
def refs_in_text_order() -> tuple[str, ...]:
    """Every GPC reference, sorted as text (the order pandas gives sorted text): a line's
    position here is the number the engine's records carry for it."""
    return tuple(sorted(gpc_lines()["gpc_ref"]))


def expand_lines(spec: str) -> tuple[str, ...]:
    """GPC refs named by a space-separated list of group names and refs."""
    refs: list[str] = []
    for token in spec.split():
        refs.extend(LINE_GROUPS.get(token, (token,)))
    return tuple(dict.fromkeys(refs))


def normalize_ref(refs: pd.Series) -> pd.Series:
    """Canonical spelling of GPC refs: upper-case roman numerals, no spaces (``i.1.2`` → ``I.1.2``)."""
    return refs.astype("string").str.strip().str.upper().str.replace(r"\s+", "", regex=True)


def sector_subsector_index() -> dict[tuple[str, str], str]:
    """(folded sector, folded sub-sector) → sector number and sub-sector prefix, e.g. ``I.1``."""
    lines = gpc_lines()
    prefixes = lines["gpc_ref"].str.rsplit(".", n=1).str[0].where(lines["sector_number"].isin(["I", "II", "III"]),
                                                                  lines["gpc_ref"])
    return {(_fold(s), _fold(ss)): p for s, ss, p in zip(lines["sector"], lines["subsector"], prefixes)}


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().replace("&", "and").replace(",", " ").split())
