"""Why emissions changed: additive LMDI-I over activity, emission intensity and GWP.

The identity (one element per sub-category *k* and gas *g*)::

    E = Σ_k Σ_g  A_k · F_kg · W_g                                                        (1)

    A_k   activity of sub-category k in one canonical unit [unit]
    F_kg  emission intensity: tonnes of gas g per unit of activity [t/unit]
    W_g   100-year GWP of gas g in the inventory's set [t CO2e/t]

is decomposed with the additive logarithmic mean Divisia index, method I (LMDI-I) [1]::

    ΔE_X = Σ_k Σ_g  L(E^T_kg, E^0_kg) · ln(X^T / X^0),   X ∈ {A, F, W}                    (2)
    L(a, b) = (a − b) / (ln a − ln b),   L(a, a) = a                                       (3)

and ΔE_A + ΔE_F + ΔE_W = E^T − E^0 exactly, because Σ_X ln(X^T/X^0) = ln(E^T/E^0) element by
element. A sub-category is one (GPC line, activity key) pair; see ``docs/milestones.md``.

Zero values use the analytical limits of LMDI [2, Table 2], the treatment recommended in [3] and
[4]: when an element is zero in one year only, its whole change goes to the factor that is zero
(the activity when a sub-category appears or disappears, the intensity when a gas appears or
disappears), the other factors get zero. Elements negative in both years (removals) decompose
as usual (the ratios stay positive) [5]; an element that changes sign, or whose activity has no
common measure in both years, is not decomposed and is reported apart.

References
----------
1. B.W. Ang, "The LMDI approach to decomposition analysis: a practical guide", Energy Policy
   33 (2005) 867–871, doi:10.1016/j.enpol.2003.10.010 (additive LMDI-I).
2. B.W. Ang, F.Q. Zhang, K.-H. Choi, "Factorizing changes in energy and environmental indicators
   through decomposition", Energy 23 (1998) 489–495, Table 2 (limits for zero values).
3. B.W. Ang, N. Liu, "Handling zero values in the logarithmic mean Divisia index decomposition
   approach", Energy Policy 35 (2007) 238–246.
4. B.W. Ang, "LMDI decomposition approach: A guide for implementation", Energy Policy 86 (2015)
   233–238, doi:10.1016/j.enpol.2015.07.007.
5. B.W. Ang, N. Liu, "Negative-value problems of the logarithmic mean Divisia index decomposition
   approach", Energy Policy 35 (2007) 739–742.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ghgcalc.milestones.load import Snapshot, gwp_weights, numeric, trail_gases

EFFECTS = ("activity", "factor", "gwp")
KEY = ["gpc_ref", "activity"]
# Measures tried, in order, after the activity's default unit when not every row converts to it.
STANDARD_UNITS = (("energy", "MMBtu"), ("volume", "m3"), ("mass", "t"), ("distance", "km"))


def logarithmic_mean(a, b) -> np.ndarray:
    """Logarithmic mean of two numbers of the same sign [same unit as a and b].

    Notes
    -----
    L(a, b) = (a − b) / ln(a / b) for a ≠ b, L(a, a) = a (Ang 2005 [1]); written with
    ln(a/b) it also holds for two negative numbers. Zero when either is zero (its limit).
    """
    a = np.asarray(a, dtype="float64")
    b = np.asarray(b, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (a - b) / np.log(a / b)
    mean = np.where(a == b, a, mean)
    return np.where((a == 0) | (b == 0), 0.0, mean)


def lmdi_additive(e0, e1, x0: Mapping[str, object], x1: Mapping[str, object]) -> pd.DataFrame:
    """Additive LMDI-I effects of each factor for each element, with zero values handled.

    Parameters
    ----------
    e0, e1 : array-like
        The element in the base year and the end year, ``e = Π_j x_j`` [t CO2e].
    x0, x1 : mapping of name → array-like
        The factors in the two years, in the order used to break ties when an element is zero.

    Returns
    -------
    DataFrame
        One column per factor [t CO2e] and ``decomposed`` (False where the element changes sign,
        or a factor is missing or not positive in a ratio; its effects are then all zero).

    Notes
    -----
    ΔE_j = L(e1, e0) · ln(x1_j / x0_j) (Ang 2005 [1], additive LMDI-I). When e0 = 0 ≠ e1 the first
    factor with x0_j = 0 gets e1; when e1 = 0 ≠ e0 the first with x1_j = 0 gets −e0 (analytical
    limits, Ang, Zhang & Choi 1998 Table 2 [2]; Ang & Liu 2007 [3]).
    """
    names = list(x0)
    e0 = np.asarray(e0, dtype="float64")
    e1 = np.asarray(e1, dtype="float64")
    size = e0.shape[0]
    if not names or size == 0:
        return pd.DataFrame({**{n: np.zeros(size) for n in names}, "decomposed": np.ones(size, dtype=bool)})
    a = np.column_stack([np.asarray(x0[n], dtype="float64") for n in names])
    b = np.column_stack([np.asarray(x1[n], dtype="float64") for n in names])
    effects = np.zeros((size, len(names)))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = b / a
        logs = np.log(ratio)
    regular = (e0 != 0) & (e1 != 0) & (np.sign(e0) == np.sign(e1)) & np.all(np.isfinite(ratio) & (ratio > 0), axis=1)
    mean = logarithmic_mean(e1, e0)
    effects[regular] = mean[regular, None] * logs[regular]
    appear = (e0 == 0) & (e1 != 0) & np.isfinite(e1) & (a == 0).any(axis=1)
    rows = np.flatnonzero(appear)
    effects[rows, np.argmax(a[appear] == 0, axis=1)] = e1[appear]
    vanish = (e1 == 0) & (e0 != 0) & np.isfinite(e0) & (b == 0).any(axis=1)
    rows = np.flatnonzero(vanish)
    effects[rows, np.argmax(b[vanish] == 0, axis=1)] = -e0[vanish]
    decomposed = regular | appear | vanish | ((e0 == 0) & (e1 == 0))
    out = pd.DataFrame(effects, columns=names)
    out["decomposed"] = decomposed
    return out


def activity_measures(trail: pd.DataFrame, prefixes: list[str]) -> pd.DataFrame:
    """Each trail row's activity in the canonical unit of its sub-category (GPC line, activity).

    Parameters
    ----------
    trail : DataFrame
        Trail rows of both inventories (``gpc_ref``, ``activity``, ``quantity``, ``unit`` and the
        per-gas ``<gas>_t``, ``<gas>_factor_unit``, ``<gas>_conversion``).
    prefixes : list of str
        The per-gas column prefixes present.

    Returns
    -------
    DataFrame
        ``activity_amount`` [canonical unit] and ``activity_unit`` per row (NaN / "" where no
        common measure exists).

    Notes
    -----
    The canonical unit of a sub-category is the activity's default unit from the activity
    catalogue when every row of it, in both years, converts to it; else the first of MMBtu, m3,
    t, km that every row reaches. A row converts directly when its unit has that dimension, or
    through the calculation's own conversion to a factor's denominator (which carries the heat
    content the calculation used)::

        A = quantity · u(unit → canonical)                       (same dimension)
        A = quantity · c_g · u(denominator_g → canonical)        (through gas g's factor)

    Conversions are computed once per distinct unit pair.
    """
    from ghgcalc.activities import activity_catalogue

    frame = pd.DataFrame({"gpc_ref": trail["gpc_ref"].astype(str), "activity": trail["activity"].astype(str),
                          "quantity": numeric(trail, "quantity")}, index=trail.index)
    units = _unit_table(trail["unit"].astype(str).unique())
    frame["_pint"] = trail["unit"].astype(str).map(units["pint"])
    frame["_dim"] = trail["unit"].astype(str).map(units["dim"])
    dens = {}
    for prefix in prefixes:  # distinct gases
        unit_column = trail.get(f"{prefix}_factor_unit", pd.Series("", index=trail.index)).astype("string").fillna("")
        table = _denominator_table(unit_column.unique())
        has_gas = numeric(trail, f"{prefix}_t").notna()
        dens[prefix] = (unit_column.map(table["pint"]).where(has_gas), unit_column.map(table["dim"]).where(has_gas),
                        numeric(trail, f"{prefix}_conversion"))
    catalogue = activity_catalogue()
    default = frame["activity"].map(catalogue["default_unit"]).fillna("")
    default_units = _unit_table(default.unique())
    candidates = [(default.map(default_units["dim"]), default)]
    candidates += [(pd.Series(dim, index=frame.index), pd.Series(unit, index=frame.index))
                   for dim, unit in STANDARD_UNITS]
    chosen_unit = pd.Series("", index=frame.index, dtype="object")
    chosen_dim = pd.Series(None, index=frame.index, dtype="object")
    undecided = pd.Series(True, index=frame.index)
    for dim, unit in candidates:  # at most five measures
        reach = frame["_dim"].eq(dim) & dim.notna()
        for _pint, den_dim, _conv in dens.values():
            reach |= den_dim.eq(dim) & dim.notna()
        all_reach = reach.groupby([frame["gpc_ref"], frame["activity"]]).transform("all")
        take = undecided & all_reach
        chosen_unit[take] = unit[take]
        chosen_dim[take] = dim[take]
        undecided &= ~take
    chosen = _unit_table(chosen_unit.unique())
    target = chosen_unit.map(chosen["pint"])
    amount = pd.Series(np.nan, index=frame.index)
    direct = frame["_dim"].eq(chosen_dim) & chosen_dim.notna()
    amount[direct] = frame.loc[direct, "quantity"] * _pair_factors(frame.loc[direct, "_pint"], target[direct])
    for den_pint, den_dim, conversion in dens.values():  # distinct gases
        via = amount.isna() & den_dim.eq(chosen_dim) & chosen_dim.notna() & conversion.notna()
        amount[via] = frame.loc[via, "quantity"] * conversion[via] * _pair_factors(den_pint[via], target[via])
    return pd.DataFrame({"activity_amount": amount, "activity_unit": chosen_unit.where(amount.notna(), "")})


def _unit_table(texts) -> pd.DataFrame:
    from ghgcalc.units import dimension_of, parse_unit

    records = {}
    for text in texts:  # distinct spellings
        parsed = parse_unit(str(text)) if str(text).strip() else None
        unit = parsed.unit if parsed is not None else None
        records[text] = (str(unit) if unit is not None else None, dimension_of(unit) if unit is not None else None)
    return pd.DataFrame.from_dict(records, orient="index", columns=["pint", "dim"]) if records else \
        pd.DataFrame(columns=["pint", "dim"])


def _denominator_table(texts) -> pd.DataFrame:
    from ghgcalc.factors.validate import split_factor_unit

    dens = {}
    for text in texts:  # distinct factor units
        split = split_factor_unit(str(text)) if str(text) else None
        dens[text] = split[1] if split else ""
    table = _unit_table(set(dens.values()))
    return pd.DataFrame({"pint": {k: table["pint"].get(v) for k, v in dens.items()},
                         "dim": {k: table["dim"].get(v) for k, v in dens.items()}})


def _pair_factors(source: pd.Series, target: pd.Series) -> np.ndarray:
    from ghgcalc.units import conversion_factor

    pairs = pd.DataFrame({"s": source.to_numpy(), "t": target.to_numpy()})
    distinct = pairs.drop_duplicates().reset_index(drop=True)
    distinct["f"] = [conversion_factor(s, t) for s, t in zip(distinct["s"], distinct["t"])]  # distinct pairs
    return pairs.merge(distinct, on=["s", "t"], how="left", validate="many_to_one")["f"].to_numpy(dtype="float64")


def decompose(base: Snapshot, current: Snapshot) -> pd.DataFrame:
    """The elements of identity (1) in both inventories and their LMDI-I effects.

    Returns
    -------
    DataFrame
        One row per (gpc_ref, activity, gas) with ``activity_unit``, ``base_activity`` /
        ``current_activity`` [unit], ``base_intensity`` / ``current_intensity`` [t gas/unit],
        ``base_gwp`` / ``current_gwp``, ``base_t`` / ``current_t`` [t CO2e], the effects
        ``activity_t``, ``factor_t``, ``gwp_t`` [t CO2e] and ``decomposed``. Biogenic CO2
        (weight 0 in both years) is left out.
    """
    trails = [t for t in (base.trail, current.trail)]
    prefixes = trail_gases(pd.concat([t.head(0) for t in trails]), [base.gwp, current.gwp])
    parts = []
    for side, trail in enumerate(trails):
        if trail.empty:
            continue
        part = trail.copy()
        part["_side"] = side
        parts.append(part)
    columns = [*KEY, "gas", "activity_unit", "base_activity", "current_activity", "base_intensity",
               "current_intensity", "base_gwp", "current_gwp", "base_t", "current_t", *[f"{e}_t" for e in EFFECTS],
               "decomposed"]
    if not parts:
        return pd.DataFrame(columns=columns)
    rows = pd.concat(parts, ignore_index=True)
    measures = activity_measures(rows, list(prefixes))
    rows = rows.assign(_amount=measures["activity_amount"], _unit=measures["activity_unit"])
    group = [*KEY, "_side"]
    rows["_unmeasured"] = rows["_amount"].isna()
    activity = rows.groupby(group, sort=False).agg(_amount=("_amount", "sum"), _unmeasured=("_unmeasured", "any"),
                                                   _unit=("_unit", "first"))
    activity.loc[activity["_unmeasured"], "_amount"] = np.nan  # one row without a measure: no activity
    long = []
    for prefix, gas in prefixes.items():  # distinct gases
        tonnes = numeric(rows, f"{prefix}_t")
        has = tonnes.notna()
        long.append(pd.DataFrame({"gpc_ref": rows.loc[has, "gpc_ref"], "activity": rows.loc[has, "activity"],
                                  "_side": rows.loc[has, "_side"], "gas": gas, "t": tonnes[has]}))
    gases = pd.concat(long, ignore_index=True).groupby([*KEY, "gas", "_side"], sort=False)["t"].sum()
    wide_t = gases.unstack("_side").reindex(columns=[0, 1]).fillna(0.0)
    unmeasured = activity["_unmeasured"].unstack("_side").reindex(columns=[0, 1]).fillna(False).astype(bool)
    wide_a = activity["_amount"].unstack("_side").reindex(columns=[0, 1]).fillna(0.0).mask(unmeasured)
    unit = activity["_unit"].groupby(level=KEY).first()
    wide_t.columns.name = None
    elements = wide_t.reset_index().rename(columns={0: "base_gas_t", 1: "current_gas_t"})
    elements = elements.merge(wide_a.reset_index().rename(columns={0: "base_activity", 1: "current_activity"}),
                              on=KEY, how="left", validate="many_to_one")
    elements["activity_unit"] = pd.MultiIndex.from_frame(elements[KEY]).map(unit).fillna("")
    w0, w1 = gwp_weights(base.gwp), gwp_weights(current.gwp)
    elements["base_gwp"] = elements["gas"].map(w0).astype("float64")
    elements["current_gwp"] = elements["gas"].map(w1).astype("float64")
    elements = elements[~(elements["base_gwp"].eq(0) & elements["current_gwp"].eq(0))].reset_index(drop=True)
    a0, a1 = elements["base_activity"], elements["current_activity"]
    with np.errstate(divide="ignore", invalid="ignore"):
        f0 = (elements["base_gas_t"] / a0).where(a0.ne(0))
        f1 = (elements["current_gas_t"] / a1).where(a1.ne(0))
    # a sub-category absent in one year has no intensity there: take the other year's, so that
    # only its activity is zero and the analytical limit gives the change to the activity effect
    elements["base_intensity"] = f0.where(a0.ne(0), f1)
    elements["current_intensity"] = f1.where(a1.ne(0), f0)
    elements["base_t"] = elements["base_gas_t"] * elements["base_gwp"]
    elements["current_t"] = elements["current_gas_t"] * elements["current_gwp"]
    effects = lmdi_additive(elements["base_t"], elements["current_t"],
                            {"activity": a0, "factor": elements["base_intensity"], "gwp": elements["base_gwp"]},
                            {"activity": a1, "factor": elements["current_intensity"], "gwp": elements["current_gwp"]})
    for name in EFFECTS:
        elements[f"{name}_t"] = effects[name].to_numpy()
    elements["decomposed"] = effects["decomposed"].to_numpy()
    order = base.lines.set_index("gpc_ref")["order"]
    elements = elements.assign(_o=elements["gpc_ref"].map(order)).sort_values(["_o", "activity", "gas"],
                                                                             kind="stable")
    return elements[columns].reset_index(drop=True)
