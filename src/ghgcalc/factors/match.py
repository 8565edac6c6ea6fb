"""Match activity rows to emission factors (SPEC §3.4), once per distinct key, then merge.

A row's key is (activity, gpc_ref, region, model_year, pinned factor_id). Each distinct key is
resolved to a set of factor rows (one per gas); the result is merged back onto the rows, giving
one record per (row, gas).
"""

from __future__ import annotations

import re

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
    keys = rows[KEY].drop_duplicates()
    by_activity = {a: g for a, g in factors.groupby("activity", sort=False)}
    matched: list[tuple] = []
    misses: list[tuple] = []
    fallbacks = [r for r in (region, country) if r]
    for key in keys.itertuples(index=False, name=None):  # distinct keys, not rows
        activity, gpc_ref, row_region, model_year, pin = key
        if pin:
            chosen = _pinned(factors, pin)
            if chosen.empty:
                misses.append((*key, "unknown-factor-id", f'no factor has id "{pin}" in the selected tables'))
                continue
        else:
            candidates = by_activity.get(activity)
            chosen = _best(candidates, gpc_ref, [row_region, *fallbacks], model_year) if candidates is not None \
                else candidates
            if chosen is None or chosen.empty:
                misses.append((*key, "no-matching-factor", _nearest(candidates, activity, model_year)))
                continue
        matched.extend((*key, f) for f in chosen.index)
    mapping = pd.DataFrame(matched, columns=[*KEY, "_f"]).astype({"model_year": "int64"})
    missed = pd.DataFrame(misses, columns=[*KEY, "reason", "hint"]).astype({"model_year": "int64"})
    return mapping, missed


def _pinned(factors: pd.DataFrame, pin: str) -> pd.DataFrame:
    exact = factors[factors["factor_id"].eq(pin)]
    chosen = exact if not exact.empty else factors[factors["factor_id"].str.startswith(pin + "-")]
    if chosen.empty:
        return chosen
    chosen = chosen[chosen["_priority"].eq(chosen["_priority"].min())]
    return chosen.sort_values("_set_order").drop_duplicates("gas")


def _best(candidates: pd.DataFrame, gpc_ref: str, regions: list[str], model_year: int) -> pd.DataFrame:
    applies = candidates["applies_to"]
    fits_line = applies.eq("") | applies.eq(gpc_ref) | pd.Series(
        [gpc_ref.startswith(a + ".") for a in applies], index=candidates.index, dtype=bool)
    order = {r: i for i, r in reversed(list(enumerate([r for r in regions if r])))}
    order.setdefault("", len(order) + 1)
    rank = candidates["region"].map(order)
    fits_year = ~candidates["_ranged"] | (
        (model_year > 0) & candidates["_my_min"].le(model_year) & candidates["_my_max"].ge(model_year))
    fit = candidates[fits_line & rank.notna() & fits_year].assign(_rank=rank)
    if fit.empty:
        return fit
    fit = fit[fit["_priority"].eq(fit["_priority"].min())]
    fit = fit.sort_values(["gas", "_prefix_len", "_rank", "_set_order"], ascending=[True, False, True, True])
    return fit.drop_duplicates("gas")


def _nearest(candidates: pd.DataFrame | None, activity: str, model_year: int) -> str:
    if candidates is None or candidates.empty:
        return f"the selected factor tables have no factor for {activity}; add one in a factors sheet or choose " \
               "other tables with --factors"
    if candidates["_ranged"].all() and model_year == 0:
        return f"{activity} factors depend on the vehicle model year; add a model_year column"
    combos = candidates[["applies_to", "region"]].drop_duplicates().head(6)
    shown = "; ".join(f"lines {a or 'any'} in region {r or 'any'}" for a, r in zip(combos["applies_to"], combos["region"]))
    return f"factors for {activity} exist for: {shown}"
