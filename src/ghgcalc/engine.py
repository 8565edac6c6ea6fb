"""calculate(): activity rows → matched factors → per-gas tonnes → a GPC Inventory.

Data flows one way: read → validate → resolve GPC line → match factors → convert units →
compute gases → CO2e → inventory. Loops run over distinct keys (units, factor groups), never rows.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ghgcalc.activities import activity_catalogue
from ghgcalc.config import build_config
from ghgcalc.factors.match import KEY, match_factors, prepare_factors
from ghgcalc.factors.model import FactorSet
from ghgcalc.factors.select import Choice, select_factor_sets, select_gwp, supplement_editions
from ghgcalc.factors.validate import known_gases, split_factor_unit, validate_factor_rows
from ghgcalc.gpc import refs_in_text_order
from ghgcalc.gwp import AS_CO2E, gwp_map, to_co2e
from ghgcalc.inventory import Inventory, build_inventory, dense_codes, record_activities, record_positions
from ghgcalc.methods.combustion import factor_emissions, tnd_loss_share
from ghgcalc.notation import read_notation_keys
from ghgcalc.problems import Problem, make_problem, problems_from_rows
from ghgcalc.readers import InputData, read_input
from ghgcalc.units import conversion_factor, dimension_of, parse_unit, ureg
from ghgcalc.validation import column_codes, forget_codes, validate_activity

_GRID_LINE = r"^(I|II)\.\d\.2$"
# Factor columns that share a name with activity columns get a factor_ prefix in the records.
_FACTOR_RENAMES = {"unit": "factor_unit", "region": "factor_region", "model_year": "factor_model_year",
                   "notes": "factor_notes", "value": "factor_value_text", "table": "factor_table"}


def calculate(source: InputData | str | Path, *, decimal: str = ".", strict: bool = False,
              **settings) -> Inventory:
    """Compute a GPC inventory from an input file.

    Parameters
    ----------
    source : InputData, str or Path
        An activity file (CSV or workbook) or what :func:`ghgcalc.read_activity` returned.
    decimal : str
        Decimal separator of numbers written as text (``"."`` or ``","``).
    strict : bool
        Make lines of the chosen level with neither data nor a notation key an error.
    **settings
        Inventory settings overriding the file's (SPEC §2.2): ``city``, ``year``, ``region``,
        ``country``, ``population``, ``gwp``, ``factors``, ``level``, ``boundary``, ``tnd``.

    Returns
    -------
    Inventory
        Lines, totals, the per-row trail and every problem found. Data problems never raise.
    """
    data = source if isinstance(source, InputData) else read_input(source, decimal=decimal)
    if data.decimal not in (None, decimal):  # quantities were read as numbers with another separator
        data = read_input(data.path, max_bytes=data.max_bytes, decimal=decimal)
    problems: list[Problem] = list(data.problems)
    config, config_problems = build_config(data.metadata, settings, data.metadata_origin)
    problems += config_problems
    if config is None:
        return Inventory.failed(data, problems)
    choices = select_factor_sets(config.factors, year=config.year, country=config.country,
                                 base=data.path.parent)
    if not config.factors:
        choices += supplement_editions(choices)
    gwp_set = select_gwp(config.gwp)
    gwps = gwp_map(gwp_set)
    custom, custom_problems = _custom_factors(data, gwp_set)
    problems += custom_problems
    try:
        return _calculate(data, config, settings, problems, choices, custom, gwp_set, gwps, decimal, strict)
    finally:
        forget_codes()  # the text columns' codes, kept from validation for the matching below


def _calculate(data: InputData, config, settings: dict, problems: list[Problem], choices: list[Choice],
               custom: pd.DataFrame, gwp_set: FactorSet, gwps: dict[str, float], decimal: str,
               strict: bool) -> Inventory:
    """:func:`calculate` once the settings, factor tables and GWP set are known."""
    rows, row_problems = validate_activity(data.activity, decimal=decimal, keep_codes=True,
                                           custom_activities=frozenset(custom["activity"]))
    problems += row_problems
    sets = [c.factor_set for c in choices]
    country = config.country or _common_country(sets)
    factors = _factor_frame(custom, sets)
    problems += _check_regions(rows, factors, sets, config.region, country, data)
    good = ~rows["_bad"].to_numpy(dtype=bool)
    by_method = _uses_waste_method(rows, frozenset(custom["activity"])).to_numpy(dtype=bool) & good
    waste_rows = rows.loc[by_method].assign(_idx=rows.index[by_method])
    waste, waste_problems, waste_choice = _waste_records(waste_rows, data, config.year, gwps, rows,
                                                         country=config.country or _common_country(sets))
    problems += waste_problems
    choices = choices + ([waste_choice] if waste_choice is not None else [])
    # the other good rows, by position (no copy of their columns)
    positions = np.flatnonzero(good & ~by_method)
    keys, key_codes = _distinct_keys(rows, positions)
    mapping, misses = match_factors(keys, factors, region=config.region, country=country)
    misses = _point_to_other_editions(misses, choices)
    if not misses.empty:
        missed_keys = keys.reset_index(drop=True).reset_index().merge(misses, on=KEY, validate="one_to_one")
        missed = rows.iloc[positions[np.isin(key_codes, missed_keys["index"].to_numpy())]]
        missed = missed.assign(_idx=missed.index).reset_index(drop=True).merge(misses, on=KEY, validate="many_to_one")
        missed.attrs = rows.attrs
        for reason, group in missed.groupby("reason", sort=True):
            group.attrs = rows.attrs
            pinned = reason == "unknown-factor-id"
            found = group["factor_id"] if pinned else group["activity"] + " on " + group["gpc_ref"]
            problems += problems_from_rows(group, reason, column="factor_id" if pinned else "activity",
                                           found=found, hint=group["hint"])
        rows.loc[missed["_idx"], "_bad"] = True
    info = factors.rename(columns=_FACTOR_RENAMES)
    long = _factor_records(rows, positions, key_codes, keys, mapping)
    del key_codes, waste_rows, positions
    long, unit_problems, to_t = _convert(long, info, sets, rows, config.energy_basis)
    problems += unit_problems
    value = info["_value"].to_numpy(dtype="float64")[long["_f"].to_numpy()]
    long["t"] = factor_emissions(long["quantity"].to_numpy(), long["_conversion"].to_numpy(), value,
                                 to_t.loc[long.index].to_numpy() if len(to_t) != len(long) else to_t.to_numpy())
    del value, to_t
    # t CO2e = t × GWP(gas) (gwp.to_co2e), with each factor's GWP found once, not per record
    gwp_of_factor = to_co2e(info["gas"], pd.Series(1.0, index=info.index), gwps).to_numpy()
    long["co2e_t"] = long["t"] * gwp_of_factor[long["_f"].to_numpy()]
    problems += _gwp_problems(long, info, config.gwp, rows)
    if long["co2e_t"].isna().any():
        long = long[long["co2e_t"].notna()]
    problems += _supplement_warnings(long, rows, info, choices)
    long["_kind"] = np.zeros(len(long), dtype=np.int8)  # 0: the row's own record; 1: derived T&D losses
    if not waste.empty:
        waste_long, info = _narrow_waste_records(waste.assign(_kind=np.int8(0)), info,
                                                 int(long["_calc"].max()) + 1 if len(long) else 0)
        parts = [long, waste_long]
        del long, waste_long
        long = _stacked(parts)
    if config.tnd_enabled:
        derived, tnd_problems = _tnd_losses(long, rows, sets, config.region, country)
        parts = [long, derived]
        del long, derived
        long = _stacked(parts)
        problems += tnd_problems
    notation, notation_problems = read_notation_keys(data.notation_keys)
    problems += notation_problems
    return build_inventory(data=data, config=config, rows=rows, records=long, factor_info=info, notation=notation,
                           choices=choices, gwp_set=gwp_set, custom=custom, problems=problems,
                           country=country, strict=strict, gwp_reason=_gwp_reason(settings, data, config.gwp))


def _stacked(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The record frames one below the other (as ``pd.concat(parts, ignore_index=True)``), built
    column by column and taking each column out of ``parts`` as it goes, so that a few hundred
    megabytes of records are not held twice. ``parts`` is emptied; the first part's columns
    come first."""
    columns = list(dict.fromkeys(c for part in parts for c in part.columns))
    stacked = {}
    for column in columns:
        pieces = [part.pop(column) if column in part.columns else pd.Series(np.nan, index=part.index)
                  for part in parts]
        stacked[column] = pd.concat(pieces, ignore_index=True).array
        del pieces
    parts.clear()
    return pd.DataFrame(stacked, copy=False)


def _uses_waste_method(rows: pd.DataFrame, custom_activities: frozenset[str]) -> pd.Series:
    """Waste rows go to the waste methods (GPC III), unless the user gave a custom factor for the
    activity and no ``method`` for the row: custom factors win, as everywhere (SPEC §2.4)."""
    codes, activities = column_codes(rows["activity"])  # per distinct activity
    category = activity_catalogue()["category"]
    waste = np.array([category.get(a) == "waste" for a in activities], dtype=bool)[codes]
    custom = np.array([a in custom_activities for a in activities], dtype=bool)[codes]
    if "method" in rows.columns:
        named = rows["method"].astype("string").str.strip().fillna("").ne("").to_numpy(dtype=bool)
    else:
        named = np.zeros(len(rows), dtype=bool)
    return pd.Series(waste & (named | ~custom), index=rows.index)


def _waste_records(rows: pd.DataFrame, data: InputData, year: int, gwps: dict[str, float],
                   all_rows: pd.DataFrame, *, country: str | None) -> tuple[pd.DataFrame, list[Problem], Choice | None]:
    """Per-gas records of the rows computed by the waste methods (``methods/waste_engine.py``).

    The inventory's country is the default ``bod_region`` of domestic wastewater rows (IPCC
    2006 Vol. 5 Table 6.4 gives BOD per person by country and region).
    """
    if rows.empty:
        return pd.DataFrame(), [], None
    if country:
        rows = rows.copy()
        given = rows["bod_region"].astype("string").str.strip().fillna("") if "bod_region" in rows else ""
        rows["bod_region"] = pd.Series(given, index=rows.index).mask(pd.Series(given, index=rows.index).eq(""),
                                                                      country.lower())
    from ghgcalc.factors.select import find_edition
    from ghgcalc.methods.waste_engine import (load_waste_parameters, read_waste_history, read_waste_parameters,
                                              waste_records)

    problems: list[Problem] = []
    user = None
    if data.waste_parameters_path is not None:
        user, found = read_waste_parameters(data.waste_parameters_path)
        problems += found
    history = None
    if data.waste_history_path is not None:
        history, found = read_waste_history(data.waste_history_path)
        problems += found
    records, found = waste_records(rows, load_waste_parameters(user if user is not None and not user.empty else None),
                                   history if history is not None and not history.empty else None,
                                   year=year, gwps=gwps)
    problems += found
    failed = rows.index[~rows["_idx"].isin(records["_idx"] if not records.empty else [])]
    all_rows.loc[failed, "_bad"] = True
    choice = Choice(find_edition("ipcc-2006-waste@defaults"), "parameters of the waste methods (GPC III)")
    return records, problems, choice


def _gwp_reason(settings: dict, data: InputData, gwp: str) -> str:
    if settings.get("gwp"):
        return f"GWP set {gwp} (given as an option)"
    if "gwp" in data.metadata:
        return f"GWP set {gwp} (from {data.metadata_origin})"
    return f"GWP set {gwp} (default)"


def _custom_factors(data: InputData, gwp_set: FactorSet) -> tuple[pd.DataFrame, list[Problem]]:
    """The user's own factors (SPEC §2.4): validated like shipped tables, plus a required source."""
    columns = ["factor_id", "activity", "applies_to", "region", "model_year", "gas", "value", "unit",
               "gwp_basis", "source", "source_ref", "notes"]
    if data.custom_factors is None or data.custom_factors.frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=str) for c in [*columns, "_file", "_sheet", "_row"]}), []
    table = data.custom_factors.frame.copy()
    table.attrs = dict(data.custom_factors.frame.attrs)
    for column in columns:
        table[column] = table[column].astype("string").str.strip().fillna("") if column in table else ""
        table[column] = table[column].str.replace(r"\.0$", "", regex=True) if column in ("value",) else table[column]
    table["activity"] = table["activity"].str.casefold()
    table["region"] = table["region"].str.upper()
    table["applies_to"] = table["applies_to"].str.upper()
    missing_id = table["factor_id"].eq("")
    table.loc[missing_id, "factor_id"] = "custom-row-" + table.loc[missing_id, "_row"].astype(str)
    problems = validate_factor_rows(table, known_gases([gwp_set.gwp]), custom=True)
    no_source = table["source"].eq("")
    problems += problems_from_rows(table.loc[no_source], "bad-custom-factor", column="source", found="nothing",
                                   expected="where the factor comes from (publisher, document, year)")
    bad_rows = {p.row for p in problems if p.severity == "error"}
    return table.loc[~table["_row"].isin(bad_rows)], problems


def _factor_frame(custom: pd.DataFrame, sets: list[FactorSet]) -> pd.DataFrame:
    parts = []
    if not custom.empty:
        c = custom.assign(set_id="custom", edition=custom["_file"], table=custom["_sheet"].fillna("factors"),
                          _priority=0, _set_order=0, _quality="H")
        c["source_ref"] = (c["source"] + " " + c["source_ref"]).str.strip()
        parts.append(c)
    for order, s in enumerate(sets, start=1):
        if not s.factors.empty:
            parts.append(s.factors.assign(_priority=1, _set_order=order, _quality=s.meta.factor_quality or "M",
                                          _basis=s.meta.heating_value_basis))
    columns = ["factor_id", "activity", "applies_to", "region", "model_year", "gas", "value", "unit", "gwp_basis",
               "source_ref", "notes", "table", "set_id", "edition", "_priority", "_set_order", "_quality"]
    frame = pd.concat([p.reindex(columns=columns) for p in parts], ignore_index=True) if parts else \
        pd.DataFrame(columns=columns)
    for column in ("applies_to", "region", "model_year", "gwp_basis", "notes"):
        frame[column] = frame[column].fillna("").astype(str)
    frame["_value"] = pd.to_numeric(frame["value"], errors="coerce")
    return prepare_factors(frame)


def _supplement_warnings(long: pd.DataFrame, rows: pd.DataFrame, info: pd.DataFrame,
                         choices: list[Choice]) -> list[Problem]:
    problems = []
    supplements = [c for c in choices if c.reason.startswith("supplement")]
    if not supplements or long.empty:
        return problems
    activity_codes, activities = pd.factorize(record_activities(long, rows))
    pairs = np.unique(activity_codes.astype("int64") * len(info) + long["_f"].to_numpy())  # distinct (activity, factor)
    used_factors = pd.DataFrame({"activity": np.asarray(activities, dtype=object)[pairs // len(info)],
                                 "set_id": info["set_id"].to_numpy()[pairs % len(info)],
                                 "edition": info["edition"].to_numpy()[pairs % len(info)]})
    for choice in supplements:
        used = used_factors.loc[(used_factors["set_id"] == choice.factor_set.meta.id) &
                                (used_factors["edition"] == choice.factor_set.meta.edition), "activity"].unique()
        if len(used):
            problems.append(make_problem(
                "edition-supplement", found=f"{choice.factor_set.key} used for {', '.join(sorted(used))}",
                expected="factors from the edition chosen for the inventory year",
                hint="that edition has no factor for these activities; pin editions with --factors to choose"))
    return problems


def _point_to_other_editions(misses: pd.DataFrame, choices: list[Choice]) -> pd.DataFrame:
    """When a chosen edition lacks an activity that another shipped edition of the set has, say so."""
    if misses.empty:
        return misses
    from ghgcalc.factors.load import shipped_editions

    chosen = {c.factor_set.key for c in choices}
    chosen_ids = {c.factor_set.meta.id for c in choices}
    others = [e.load() for e in shipped_editions() if e.id in chosen_ids and e.key not in chosen]
    hints = {}
    keys = misses.loc[misses["reason"].eq("no-matching-factor"), ["activity", "gpc_ref"]].drop_duplicates()
    for activity, gpc_ref in keys.itertuples(index=False, name=None):  # distinct keys
        having = [s.key for s in others if _serves(s.factors, activity, gpc_ref)]
        if having:
            hints[(activity, gpc_ref)] = (
                f"the chosen editions ({', '.join(sorted(chosen))}) have no factor for {activity} on {gpc_ref}; "
                f"{', '.join(having)} has: pin it with --factors (e.g. --factors {having[-1]},…)")
    better = pd.Series(list(zip(misses["activity"], misses["gpc_ref"])), index=misses.index).map(hints)
    misses["hint"] = better.where(better.notna() & misses["reason"].eq("no-matching-factor"), misses["hint"])
    return misses


def _serves(factors: pd.DataFrame, activity: str, gpc_ref: str) -> bool:
    applies = factors.loc[factors["activity"].eq(activity), "applies_to"]
    return any(a == "" or gpc_ref == a or gpc_ref.startswith(a + ".") for a in applies.unique())


def _common_country(sets: list[FactorSet]) -> str | None:
    countries = {s.meta.country for s in sets if s.meta.country}
    return countries.pop() if len(countries) == 1 else None


def _check_regions(rows: pd.DataFrame, factors: pd.DataFrame, sets: list[FactorSet], region: str | None,
                   country: str | None, data: InputData) -> list[Problem]:
    """A region code must be known to a loaded table; a typo would silently fall back otherwise."""
    known = set(factors["region"]) | {r for s in sets for r in s.grid_loss["region"]} | {country or ""}
    known.discard("")
    problems: list[Problem] = []
    if region and region not in known:
        close = difflib.get_close_matches(region, sorted(known), n=1)
        problems.append(make_problem(
            "unknown-region", file=data.metadata_origin, column="region", found=region,
            expected="a region code of the selected factor tables (" + ", ".join(sorted(known)[:8]) + ", …)",
            hint=f'did you mean "{close[0]}"?' if close else "run `ghgcalc factors list` for the shipped tables"))
    codes, regions = column_codes(rows["region"])  # distinct regions, not a million cells
    verdict = np.array([r != "" and r not in known for r in regions], dtype=bool)
    unknown = pd.Series(verdict[codes], index=rows.index) & ~rows["_bad"]
    if unknown.any():
        hints = {r: difflib.get_close_matches(r, sorted(known), n=1) for r in rows.loc[unknown, "region"].unique()}
        hint = rows["region"].map({r: f'did you mean "{m[0]}"?' if m else None for r, m in hints.items()})
        problems += problems_from_rows(rows.loc[unknown], "unknown-region", column="region",
                                       found=rows.loc[unknown, "region"], expected="a region code of the selected "
                                       "factor tables, e.g. an eGRID subregion such as CAMX", hint=hint[unknown])
        rows.loc[unknown, "_bad"] = True
    return problems


def line_numbers(refs: pd.Series) -> np.ndarray:
    """Each GPC reference's position in :func:`~ghgcalc.gpc.refs_in_text_order` (int16; -1 when
    not a GPC line), found once per distinct reference: records carry it so that summing by line
    groups numbers, not text."""
    codes, distinct = column_codes(refs)
    position = {ref: i for i, ref in enumerate(refs_in_text_order())}
    numbers = np.array([position.get(ref, -1) for ref in distinct], dtype=np.int16)  # distinct references
    return numbers[np.asarray(codes)]


def _distinct_keys(rows: pd.DataFrame, positions: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct matching keys of the rows at ``positions`` (in order of first appearance) and
    each one's key number, from integer codes of each key column (known from validation) rather
    than a hash of five text columns."""
    combined, span = np.zeros(len(positions), dtype="int64"), 1
    for column in KEY:
        codes, uniques = column_codes(rows[column])
        if span * (len(uniques) + 1) >= 2**62:  # renumber before the product could overflow
            combined, distinct = pd.factorize(combined)
            combined, span = np.asarray(combined, dtype="int64"), len(distinct)
        combined = combined * (len(uniques) + 1) + np.asarray(codes)[positions]
        span *= len(uniques) + 1
    combined = np.asarray(pd.factorize(combined)[0], dtype="int64")
    first = np.flatnonzero(~pd.Series(combined).duplicated().to_numpy())
    return rows[KEY].iloc[positions[first]].reset_index(drop=True), combined


def _factor_records(rows: pd.DataFrame, positions: np.ndarray, key_codes: np.ndarray, keys: pd.DataFrame,
                    mapping: pd.DataFrame) -> pd.DataFrame:
    """One record per (row, matched gas): each row still good times its key's factors.

    ``positions``: the rows of ``rows`` taking part; ``key_codes``: each one's key in ``keys``.

    Records are narrow: the row (``_idx``, a label of ``rows``), the factor (``_f``, a
    position in ``info``, which also gives the gas and the factor's value), the line (``_line``,
    see :func:`line_numbers`), quantity and results. Text of the row (its activity too), the
    line or the factor is looked up when a report needs it, not copied onto every record.
    Order: rows in input order; a row's gases in the order ``mapping`` gives them.
    """
    mapping_keys = mapping[KEY].merge(keys.reset_index(), on=KEY, how="left", validate="many_to_one")["index"]
    mapping_keys = mapping_keys.to_numpy(dtype="int64")
    by_key = np.argsort(mapping_keys, kind="stable")
    factors_by_key = mapping["_f"].to_numpy(dtype="int64")[by_key]
    counts = np.bincount(mapping_keys, minlength=len(keys))
    starts = np.cumsum(counts) - counts
    # a calculation: rows with the same key and unit get the same factors and conversions
    unit_codes, units = column_codes(rows["unit"])
    unit_codes = np.asarray(unit_codes, dtype="int64")[positions]
    calc, _ = pd.factorize(key_codes * (len(units) + 1) + unit_codes)
    good = np.flatnonzero(~rows["_bad"].to_numpy(dtype=bool)[positions])  # matching may have found more
    # record j of a row whose records begin at j0 takes its key's factor number j - j0, at
    # factors_by_key[start of the key + j - j0]: one offset per row, repeated, plus j
    # (32-bit numbers: these arrays have millions of entries, made once)
    n = counts[key_codes[good]]
    first_record = np.cumsum(n) - n
    offset = (starts[key_codes[good]] - first_record).astype(np.int32)
    del first_record
    f = np.repeat(offset, n)
    f += np.arange(len(f), dtype=np.int32)
    f = factors_by_key.astype(np.int32)[f]
    pos = np.repeat(good.astype(np.int32), n)  # each record's row among positions
    at = positions.astype(np.int32)[pos]  # each record's row, as a position in rows
    return pd.DataFrame({
        "_idx": rows.index.to_numpy()[at], "_line": line_numbers(rows["gpc_ref"])[at],
        "quantity": rows["quantity"].to_numpy(dtype="float64")[at],
        "_f": f, "_calc": np.asarray(calc, dtype=np.int32)[pos],
    }, copy=False)  # one block per column: no copy of a few hundred megabytes into combined blocks


def _convert(long: pd.DataFrame, info: pd.DataFrame, sets: list[FactorSet], rows: pd.DataFrame,
             energy_basis: str | None) -> tuple[pd.DataFrame, list[Problem], pd.Series]:
    """Conversion multipliers, computed once per distinct (activity, unit, factor).

    Energy quantities are taken on the heating-value basis of the factor's set unless the
    inventory declares ``energy_basis``; a declared basis that differs from the set's is an
    error, never a silent mix of HHV and NCV. Rows that cannot be converted are reported and
    marked bad; their records are dropped. Also returns each record's factor-numerator-to-tonnes
    multiplier (indexed like the records given).
    """
    heat: dict[str, list[tuple]] = {}  # activity → its heat contents (value, unit, set, basis), in table order
    for s in sets:
        table = s.heat_content
        for activity, value, unit, set_id in zip(table["activity"], table["value"], table["unit"], table["set_id"]):
            heat.setdefault(activity, []).append((value, unit, set_id, s.meta.heating_value_basis))
    basis = {s.meta.id: s.meta.heating_value_basis for s in sets}
    row_at = record_positions(long, rows)
    unit_codes, units = column_codes(rows["_unit"])
    activity_codes, activities = column_codes(rows["activity"])
    # (activity, unit) pairs of the rows, then (pair, factor) of the records: numbered by
    # counting, not hashing, when that space is small (a few hundred pairs × the factors)
    row_pair, pairs = dense_codes(activity_codes.astype("int64") * (len(units) + 1) + unit_codes,
                                  len(activities) * (len(units) + 1))
    combo = row_pair[row_at].astype("int64") * (len(info) + 1) + long["_f"].to_numpy()
    span = len(pairs) * (len(info) + 1)
    combo_codes, combos = dense_codes(combo, span) if span <= 2**22 else pd.factorize(combo)
    del combo
    combos = np.asarray(combos, dtype="int64")
    f, row_part = combos % (len(info) + 1), pairs[combos // (len(info) + 1)]
    combo_activity = np.asarray(activities, dtype=object)[row_part // (len(units) + 1)]
    combo_unit = np.asarray(units, dtype=object)[row_part % (len(units) + 1)]
    factor_unit, set_id = info["factor_unit"].to_numpy()[f], info["set_id"].to_numpy()[f]
    done: dict[tuple, tuple] = {}
    conversion, to_t = np.empty(len(combos)), np.empty(len(combos))
    for i, combo in enumerate(zip(combo_activity, combo_unit, factor_unit, set_id)):  # distinct combinations
        if combo not in done:
            done[combo] = _conversion(*combo, heat, basis.get(combo[3]))[:2]
        conversion[i], to_t[i] = done[combo]
    long["_conversion"] = conversion[combo_codes]
    to_t = pd.Series(to_t[combo_codes], index=long.index)
    problems: list[Problem] = []
    if energy_basis:
        set_basis = pd.Series(set_id, dtype=object).map(basis).fillna("none")
        dimension = rows["_dimension"].to_numpy()[row_at[np.unique(combo_codes, return_index=True)[1]]]
        combo_clash = (pd.Series(dimension, dtype=object).eq("energy") & set_basis.isin(["HHV", "NCV"]) &
                       set_basis.ne(energy_basis)).to_numpy()
        clash = combo_clash[combo_codes]
        if clash.any():
            first = long[clash].drop_duplicates("_idx")
            located = rows.loc[first["_idx"]]
            first_combo = combo_codes[np.flatnonzero(clash)][~long.loc[clash, "_idx"].duplicated().to_numpy()]
            hint = (pd.Series(set_id[first_combo], dtype=object) + " factors are on a " +
                    set_basis.to_numpy()[first_combo] + f" basis and the inventory's energy_basis is {energy_basis}; "
                    "convert the quantity or choose matching tables with --factors")
            problems += problems_from_rows(located, "energy-basis-mismatch", column="unit", found=located["unit"],
                                           expected=f"energy on the {energy_basis} basis of the factor tables",
                                           hint=pd.Series(hint.to_numpy(), index=located.index))
            long.loc[clash, "_conversion"] = np.nan
            long = long[~long["_idx"].isin(set(first["_idx"]))]
            rows.loc[first["_idx"], "_bad"] = True
    failed = long[long["_conversion"].isna()]
    if failed.empty:
        return long, problems, to_t
    first = failed.drop_duplicates("_idx")
    located = rows.loc[first["_idx"]]
    f_first = first["_f"].to_numpy()
    hint = ("the factor " + pd.Series(info["factor_id"].to_numpy()[f_first], dtype=object) + " is per " +
            pd.Series(info["factor_unit"].to_numpy()[f_first], dtype=object).str.split("/").str[1] +
            " and no heat content of " + located["activity"].to_numpy() + " converts " + located["unit"].to_numpy() +
            " to it")
    problems += problems_from_rows(located, "incompatible-unit", column="unit", found=located["unit"],
                                   expected="a unit convertible to the factor's denominator",
                                   hint=pd.Series(hint.to_numpy(), index=located.index))
    bad = set(failed["_idx"].tolist())
    rows.loc[list(bad), "_bad"] = True
    return long[~long["_idx"].isin(bad)], problems, to_t


def _conversion(activity: str, user_unit: str, factor_unit: str, set_id: str, heat: dict[str, list[tuple]],
                basis: str | None) -> tuple[float, float, str]:
    """(activity unit → factor denominator, factor numerator → t, how) for one combination.

    ``user_unit`` is pint's canonical name (from validation); factor and heat-content units are
    spelled as in the tables and go through the same parser as users' units.
    """
    split = split_factor_unit(factor_unit)
    if split is None:
        return np.nan, np.nan, ""
    numerator, denominator = (parse_unit(part).unit for part in split)
    to_t = conversion_factor(str(numerator), "metric_ton")
    user_dim = dimension_of(ureg.parse_units(user_unit))
    den_dim = dimension_of(denominator)
    if user_dim == den_dim:
        return conversion_factor(user_unit, str(denominator)), to_t, "unit"
    candidates = [c for c in heat.get(activity, ()) if not basis or basis == "none" or c[3] == basis]
    candidates.sort(key=lambda c: c[2] != set_id)  # the factor's own set first (a stable sort)
    for value, unit, hc_set, _ in candidates:
        hc_num, hc_den = (parse_unit(part.strip()).unit for part in unit.split("/"))
        hc = float(value)
        how = f"heat content {value} {unit} ({hc_set})"
        if user_dim == dimension_of(hc_den) and den_dim == "energy":
            return conversion_factor(user_unit, str(hc_den)) * hc * conversion_factor(str(hc_num), str(denominator)), \
                to_t, how
        if user_dim == "energy" and den_dim == dimension_of(hc_den):
            return conversion_factor(user_unit, str(hc_num)) / hc * conversion_factor(str(hc_den), str(denominator)), \
                to_t, how
    return np.nan, to_t, ""


def _gwp_problems(long: pd.DataFrame, info: pd.DataFrame, gwp: str, rows: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    missing = long[long["co2e_t"].isna()].drop_duplicates("_idx")
    if not missing.empty:
        located = rows.loc[missing["_idx"]]
        problems += problems_from_rows(located, "no-matching-factor", column="activity",
                                       found=pd.Series(info["gas"].to_numpy()[missing["_f"].to_numpy()],
                                                       index=located.index),
                                       expected=f"a gas with a GWP in {gwp}",
                                       hint="the gas has no GWP value in this assessment report; choose another --gwp")
        rows.loc[missing["_idx"], "_bad"] = True
    used = info.iloc[pd.unique(long["_f"].to_numpy())]  # in order of first use
    co2e = used[used["gas"].eq(AS_CO2E)].drop_duplicates("factor_id")
    for factor_id, basis, set_id in zip(co2e["factor_id"], co2e["gwp_basis"], co2e["set_id"]):
        note = f"its GWP basis is {basis}, the inventory uses {gwp}" if basis and basis != gwp else \
            "added to CO2e as published; not split into gases"
        problems.append(make_problem("co2e-only-factor", file=None, column="factor_id", found=f"{set_id}:{factor_id}",
                                     expected="per-gas factors", hint=note))
    return problems


_INFO_COLUMNS = ["activity", "gas", "_value", "set_id", "edition", "factor_id", "factor_unit", "_quality", "applies_to",
                 "factor_region", "factor_model_year", "gwp_basis", "factor_table", "source_ref", "factor_notes"]
# a record: its row (a label of the validated rows), GPC line (position in refs_in_text_order),
# quantity, factor (position in the factor info), calculation number, conversion, results and kind
# (KIND_LABELS); T&D records add loss_pct
RECORD_COLUMNS = ["_idx", "_line", "quantity", "_f", "_calc", "_conversion", "t", "co2e_t", "_kind"]


def _narrow_waste_records(waste: pd.DataFrame, info: pd.DataFrame,
                          first_calc: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The waste methods' records in the engine's narrow shape: their parameters and citations
    (one set per record) become rows of ``info`` that the records point to, and each row is a
    calculation of its own (numbered from ``first_calc``)."""
    extra = waste[_INFO_COLUMNS].reset_index(drop=True)
    extra.index = pd.RangeIndex(len(info), len(info) + len(extra))
    records = waste.reset_index(drop=True).assign(_f=extra.index.to_numpy().astype("int32"))
    records["_calc"] = (first_calc + pd.factorize(records["_idx"])[0]).astype("int32")
    records["_line"] = line_numbers(records["gpc_ref"])
    return records[RECORD_COLUMNS], pd.concat([info, extra])


def _tnd_losses(long: pd.DataFrame, rows: pd.DataFrame, sets: list[FactorSet], region: str | None,
                country: str | None) -> tuple[pd.DataFrame, list[Problem]]:
    """Scope-3 T&D-loss records for grid electricity on I.x.2 / II.x.2 (SPEC §4)."""
    catalogue = activity_catalogue()
    refs = refs_in_text_order()
    grid_line = np.array([bool(re.match(_GRID_LINE, r)) for r in refs], dtype=bool)  # per GPC line
    grid_activities = set(catalogue.index[catalogue["category"].eq("grid_electricity")])
    activity_codes, activities = column_codes(rows["activity"])
    grid_activity = np.array([a in grid_activities for a in activities], dtype=bool)[np.asarray(activity_codes)]
    at = record_positions(long, rows)
    is_grid = grid_activity[at] & grid_line[long["_line"].to_numpy()] & (long["_kind"].to_numpy() == 0)
    grid = long[is_grid].copy()
    if grid.empty:
        return grid, []
    losses = pd.concat([s.grid_loss for s in sets], ignore_index=True) if sets else pd.DataFrame()
    row_region = pd.Series(rows["region"].to_numpy()[at[is_grid]], index=grid.index)
    effective = row_region.mask(row_region.eq(""), region or "")
    problems: list[Problem] = []
    loss_by_region = {}
    for code in effective.unique():  # distinct regions
        for candidate in (code, region, country, ""):
            hit = losses[losses["region"].eq(candidate or "")] if not losses.empty else losses
            if candidate is not None and not hit.empty:
                loss_by_region[code] = float(hit["loss_pct"].iloc[0])
                break
        else:
            problems.append(make_problem("no-grid-loss", found=code or "no region",
                                         expected="a grid gross loss rate in the selected tables",
                                         hint="T&D losses (I.x.3, II.x.3) not estimated for this region"))
    grid["loss_pct"] = effective.map(loss_by_region)
    grid = grid[grid["loss_pct"].notna()]
    share = tnd_loss_share(grid["loss_pct"])
    grid["t"] = grid["t"] * share
    grid["co2e_t"] = grid["co2e_t"] * share
    # the scope-3 line beside each scope-2 line: I.1.2 → I.1.3 (-1 when the GPC has none)
    position = {ref: i for i, ref in enumerate(refs)}
    scope3 = np.array([position.get(ref[:-1] + "3", -1) for ref in refs], dtype=np.int16)
    lines = grid["_line"].to_numpy()
    grid["_line"], grid["_kind"] = scope3[lines], np.int8(1)
    lineless = grid["_line"].to_numpy() < 0
    for ref in sorted({refs[line][:-1] + "3" for line in np.unique(lines[lineless])}):  # II.5.3: no such line
        problems.append(make_problem("no-tnd-line", found=f"{ref[:-1]}2 electricity",
                                     expected="a scope-3 line for its T&D losses",
                                     hint=f"the GPC defines no {ref}; these T&D losses are not estimated"))
    return grid[~lineless], problems


__all__ = ["calculate", "Choice"]
