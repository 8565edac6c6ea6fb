"""CSV output: the GPC table (one row per line), and optionally the per-row trail beside it."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pandas as pd

from ghgcalc.reporters import neutralize_formula

if TYPE_CHECKING:
    from ghgcalc.inventory import Inventory

LINE_COLUMNS = ["gpc_ref", "sector", "subsector", "scope", "co2_t", "ch4_t", "n2o_t", "hfcs_t_co2e", "pfcs_t_co2e",
                "sf6_t", "nf3_t", "co2e_only_t", "co2e_t", "co2_biogenic_t", "notation_key", "notation_explanation",
                "included_in", "data_quality_activity", "data_quality_factor", "rows", "basic", "basic_plus",
                "territorial"]


def lines_csv(inventory: Inventory) -> bytes:
    """The GPC table as CSV bytes (UTF-8, ``\\n``, full float precision)."""
    frame = inventory.lines.reindex(columns=LINE_COLUMNS).copy()
    hidden = frame["notation_key"].eq("C")
    numeric = [c for c in LINE_COLUMNS if c.endswith(("_t", "_co2e"))]
    frame.loc[hidden, numeric] = float("nan")
    return _to_csv(frame)


def trail_csv(inventory: Inventory) -> bytes:
    """The per-row calculation trail as CSV bytes."""
    return _to_csv(inventory.trail)


def _to_csv(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype).startswith(("string", "str")):
            safe[column] = safe[column].astype("string").map(neutralize_formula, na_action="ignore")
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n", float_format=None)
    return buffer.getvalue().encode("utf-8")
