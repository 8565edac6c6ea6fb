"""The activity catalogue: keys users write in the ``activity`` column, their units and GPC lines."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

from ghgcalc.gpc import expand_lines


@lru_cache(maxsize=1)
def activity_catalogue() -> pd.DataFrame:
    """One row per activity key: label, category, allowed dimensions, default unit, GPC lines."""
    with resources.files("ghgcalc.data").joinpath("activities.csv").open("r", encoding="utf-8") as handle:
        catalogue = pd.read_csv(handle, dtype=str, keep_default_na=False)
    catalogue["line_refs"] = catalogue["lines"].map(expand_lines)
    catalogue["dimension_set"] = catalogue["dimensions"].map(lambda d: frozenset(d.split(";")))
    return catalogue.set_index("activity", drop=False)


def allowed_pairs() -> pd.DataFrame:
    """(activity, gpc_ref) pairs the catalogue allows, for a merge against activity rows."""
    catalogue = activity_catalogue()
    pairs = catalogue[["activity", "line_refs"]].explode("line_refs").rename(columns={"line_refs": "gpc_ref"})
    return pairs.reset_index(drop=True)
