"""Match activity rows to emission factors (SPEC §3.4), once per distinct key, then merge.

A row's key is (activity, gpc_ref, region, model_year, pinned factor_id). Each distinct key is
resolved to a set of factor rows (one per gas); the result is merged back onto the rows, giving
one record per (row, gas).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

KEY = ["activity", "gpc_ref", "region", "model_year", "factor_id"]
_RANGE = re.compile(r"^\s*(?:(?P<le>(?:<=|≤))\s*(?P<upper>\d{4})|(?P<lo>\d{4})(?:\s*-\s*(?P<hi>\d{4}))?)\s*$")


def prepare_factors(factors: pd.DataFrame) -> pd.DataFrame:
    """Add matching helpers: applies_to length, model-year bounds; index = factor position."""
    f = factors.reset_index(drop=True).copy()
    f["_prefix_len"] = f["applies_to"].str.len()
    bounds = f["model_year"].str.extract(_RANGE)
    lower = pd.to_numeric(bounds["lo"], errors="coerce").fillna(0)
    upper = pd.to_numeric(bounds["hi"].fillna(bounds["lo"]).fillna(bounds["upper"]), errors="coerce")
    f["_my_min"] = lower.where(f["model_year"].ne(""), 0).astype("int64")
    f["_my_max"] = upper.where(f["model_year"].ne(""), 9999).fillna(9999).astype("int64")
    f["_ranged"] = f["model_year"].ne("")
    return f


def match_factors(rows: pd.DataFrame, factors: pd.DataFrame, *, region: str | None,
                  country: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Resolve factors for ``rows``.

    Parameters
    ----------
    rows : DataFrame
        Valid activity rows with the columns of :data:`KEY` (``region`` "" when the row gives
        none; ``model_year`` 0 when none; ``factor_id`` "" when not pinned).
    factors : DataFrame
        From :func:`prepare_factors`: custom factors (``_priority`` 0) and the selected shipped
        sets (``_priority`` 1, ``_set_order`` their order in the selection).
    region, country : str or None
        The inventory's region and country, the fallbacks after the row's own region.

    Returns
    -------
    (mapping, misses)
        ``mapping`` has the key columns and ``_f`` (index into ``factors``), one row per
        matched gas; ``misses`` has the key columns, ``reason`` (``no-matching-factor`` or
        ``unknown-factor-id``) and ``hint``.
    """
    keys = rows[KEY].drop_duplicates().reset_index(drop=True)
    fallbacks = [r for r in (region, country) if r]
    pinned = keys["factor_id"].ne("")
    found, misses = _match_unpinned(keys.loc[~pinned], factors, fallbacks)
    for position, key in zip(keys.index[pinned], keys.loc[pinned].itertuples(index=False, name=None)):
        chosen = _pinned(factors, key[-1])  # distinct pinned keys, usually none or a few
        if chosen.empty:
            misses.append((position, *key, "unknown-factor-id", f'no factor has id "{key[-1]}" in the selected tables'))
        else:
            found.append(pd.DataFrame({"_k": position, "gas": chosen["gas"].to_numpy(), "_f": chosen.index}))
    chosen = pd.concat(found, ignore_index=True) if found else pd.DataFrame({"_k": [], "gas": [], "_f": []})
    # one row per (key, gas) in key order; within a key, gases in the order they were chosen
    chosen = chosen.sort_values("_k", kind="stable")
    mapping = keys.iloc[chosen["_k"].to_numpy(dtype="int64")].reset_index(drop=True)
    mapping["_f"] = chosen["_f"].to_numpy(dtype="int64")
    mapping = mapping.astype({"model_year": "int64"})
    misses.sort(key=lambda miss: miss[0])
    missed = pd.DataFrame([m[1:] for m in misses], columns=[*KEY, "reason", "hint"]).astype({"model_year": "int64"})
    return mapping, missed


def _match_unpinned(keys: pd.DataFrame, factors: pd.DataFrame,
                    fallbacks: list[str]) -> tuple[list[pd.DataFrame], list[tuple]]:
    """The best factor per gas for each key, by merges over (activity, applies_to prefix).

    For each key and gas: the lowest ``_priority`` (custom first), then the longest
    ``applies_to`` prefix of the key's ``gpc_ref``, then the region rank (the row's region, the
    fallbacks, then any), then the set's order in the selection, then table order.
    """
    if keys.empty:
        return [], []
    refs = keys["gpc_ref"].unique()
    prefixes = pd.DataFrame([(ref, prefix) for ref in refs for prefix in _line_prefixes(ref)],
                            columns=["gpc_ref", "applies_to"])
    columns = ["activity", "applies_to", "region", "gas", "_prefix_len", "_ranged", "_my_min", "_my_max",
               "_priority", "_set_order"]
    table = factors[columns].rename(columns={"region": "_region"}).rename_axis("_f").reset_index()
    table = table.astype({"activity": object, "applies_to": object, "_region": object, "gas": object})
    candidates = (keys.rename_axis("_k").reset_index().astype({"activity": object, "gpc_ref": object})
                  .merge(prefixes, on="gpc_ref").merge(table, on=["activity", "applies_to"]))
    region = candidates["_region"]
    row_region = candidates["region"]
    conditions = [row_region.ne("") & region.eq(row_region)] + [region.eq(r) for r in fallbacks] + [region.eq("")]
    candidates["_rank"] = np.select(conditions, np.arange(len(conditions)), default=-1)
    year = candidates["model_year"]
    fits_year = ~candidates["_ranged"] | (year.gt(0) & candidates["_my_min"].le(year) & candidates["_my_max"].ge(year))
    fit = candidates[candidates["_rank"].ge(0) & fits_year]
    fit = fit[fit["_priority"].eq(fit.groupby("_k")["_priority"].transform("min"))]
    fit = fit.assign(_longest=-fit["_prefix_len"]).sort_values(
        ["_k", "gas", "_longest", "_rank", "_set_order", "_f"], kind="stable")
    best = fit.drop_duplicates(["_k", "gas"])[["_k", "gas", "_f"]]
    by_activity = None
    misses = []
    for position in keys.index.difference(best["_k"].unique()):  # distinct keys without a factor
        if by_activity is None:
            by_activity = {a: g for a, g in factors.groupby("activity", sort=False)}
        activity, gpc_ref, _, model_year, _ = keys.loc[position]
        hint = _nearest(by_activity.get(activity), activity, int(model_year))
        misses.append((position, *keys.loc[position], "no-matching-factor", hint))
    return [best], misses


def _line_prefixes(gpc_ref: str) -> list[str]:
    """The ``applies_to`` values that serve ``gpc_ref``: any (""), each leading part, itself."""
    parts = gpc_ref.split(".")
    return [""] + [".".join(parts[:n]) for n in range(1, len(parts) + 1)] if gpc_ref else [""]


def _pinned(factors: pd.DataFrame, pin: str) -> pd.DataFrame:
    exact = factors[factors["factor_id"].eq(pin)]
    chosen = exact if not exact.empty else factors[factors["factor_id"].str.startswith(pin + "-")]
    if chosen.empty:
        return chosen
    chosen = chosen[chosen["_priority"].eq(chosen["_priority"].min())]
    return chosen.sort_values("_set_order").drop_duplicates("gas")


def _nearest(candidates: pd.DataFrame | None, activity: str, model_year: int) -> str:
    if candidates is None or candidates.empty:
        return f"the selected factor tables have no factor for {activity}; add one in a factors sheet or choose " \
               "other tables with --factors"
    if candidates["_ranged"].all() and model_year == 0:
        return f"{activity} factors depend on the vehicle model year; add a model_year column"
    combos = candidates[["applies_to", "region"]].drop_duplicates().head(6)
    shown = "; ".join(f"lines {a or 'any'} in region {r or 'any'}" for a, r in zip(combos["applies_to"], combos["region"]))
    return f"factors for {activity} exist for: {shown}"
