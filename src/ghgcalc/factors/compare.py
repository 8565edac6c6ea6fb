"""What changes between two factor-set editions, and how much it moves an inventory."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghgcalc.factors.model import FactorSet
from ghgcalc.units import conversion_factor, parse_unit

DIFF_KEY = ["activity", "applies_to", "region", "model_year", "gas"]


def diff_factor_sets(old: FactorSet, new: FactorSet, *, include_unchanged: bool = False) -> pd.DataFrame:
    """Added, removed and changed factors between two editions, keyed by (activity, applies_to,
    region, model_year, gas).

    A factor whose unit changed is compared after converting the old value into the new unit,
    so ``1000 g/MMBtu`` and ``1 kg/MMBtu`` are equal.

    Returns
    -------
    DataFrame
        One row per key with ``status`` (added, removed, changed, unchanged), ``old_value``
        converted to ``unit`` [new unit], ``new_value``, ``change`` and ``change_pct`` [%].
    """
    columns = [*DIFF_KEY, "factor_id", "value", "unit"]
    a = old.factors[columns].rename(columns={"factor_id": "old_factor_id", "value": "old_value", "unit": "old_unit"})
    b = new.factors[columns].rename(columns={"factor_id": "new_factor_id", "value": "new_value", "unit": "new_unit"})
    merged = a.merge(b, on=DIFF_KEY, how="outer", validate="one_to_one", indicator=True)
    merged["old_value"] = pd.to_numeric(merged["old_value"], errors="coerce")
    merged["new_value"] = pd.to_numeric(merged["new_value"], errors="coerce")
    both = merged["_merge"].eq("both")
    pairs = merged.loc[both, ["old_unit", "new_unit"]].drop_duplicates()
    scale = {(u, v): _unit_ratio(u, v) for u, v in zip(pairs["old_unit"], pairs["new_unit"])}
    ratio = pd.Series(list(zip(merged["old_unit"], merged["new_unit"])), index=merged.index).map(scale)
    merged["unit"] = merged["new_unit"].fillna(merged["old_unit"])
    merged["old_value"] = merged["old_value"] * ratio.where(both, 1.0).astype(float)
    merged["change"] = merged["new_value"] - merged["old_value"]
    merged["change_pct"] = np.where(merged["old_value"].ne(0), merged["change"] / merged["old_value"] * 100, np.nan)
    status = np.select([merged["_merge"].eq("left_only"), merged["_merge"].eq("right_only"),
                        merged["change"].abs().gt(1e-12 * merged["old_value"].abs())],
                       ["removed", "added", "changed"], default="unchanged")
    merged["status"] = status
    if not include_unchanged:
        merged = merged[merged["status"].ne("unchanged")]
    out = merged[["status", *DIFF_KEY, "old_factor_id", "new_factor_id", "old_value", "new_value", "unit",
                  "change", "change_pct"]]
    order = {"changed": 0, "added": 1, "removed": 2, "unchanged": 3}
    return out.assign(_o=out["status"].map(order)).sort_values(["_o", *DIFF_KEY]).drop(columns="_o") \
        .reset_index(drop=True)


def _unit_ratio(old_unit: str, new_unit: str) -> float:
    """Multiplier taking a factor in ``old_unit`` to ``new_unit`` (both mass per something)."""
    if old_unit == new_unit:
        return 1.0
    try:
        old_num, old_den = (str(parse_unit(p.strip()).unit) for p in old_unit.split("/"))
        new_num, new_den = (str(parse_unit(p.strip()).unit) for p in new_unit.split("/"))
        return conversion_factor(old_num, new_num) / conversion_factor(old_den, new_den)
    except Exception:  # units of different kinds: not comparable
        return float("nan")


def inventory_effect(path, old: FactorSet, new: FactorSet) -> pd.DataFrame:
    """t CO2e by GPC line of an inventory computed with ``old`` and with ``new`` in place of it.

    The other factor sets are those the inventory would use anyway.
    """
    from ghgcalc.engine import calculate

    base = calculate(path)
    others = [f"{t['set']}@{t['edition']}" for t in base.metadata.get("factor_tables", [])
              if t["set"] not in (old.meta.id, new.meta.id, "gwp")]
    results = {}
    for label, chosen in (("old", old), ("new", new)):
        inventory = calculate(path, factors=",".join([*others, chosen.key]))
        results[label] = inventory.lines.set_index("gpc_ref")["co2e_t"]
    frame = pd.DataFrame({"old_co2e_t": results["old"], "new_co2e_t": results["new"]})
    frame["change_t"] = frame["new_co2e_t"].fillna(0) - frame["old_co2e_t"].fillna(0)
    frame = frame[frame["old_co2e_t"].notna() | frame["new_co2e_t"].notna()]
    return frame.reset_index()
