"""Check activity rows: one boolean mask per rule, each turned into located problems.

The result keeps every row; rows with an error are flagged in ``_bad`` and left out of the
calculation, so every input row ends up in the trail or in the problems.
"""

from __future__ import annotations

import difflib
import weakref

import numpy as np
import pandas as pd

from ghgcalc.activities import activity_catalogue, allowed_pairs
from ghgcalc.columns import ACTIVITY_COLUMNS
from ghgcalc.gpc import gpc_lines, normalize_ref, sector_subsector_index
from ghgcalc.problems import Problem, make_problem, problems_from_rows
from ghgcalc.readers.excel import FORMULA_MARK
from ghgcalc.readers.tables import Table
from ghgcalc.units import dimension_of, parse_unit

_SCOPE_BY_CATEGORY = {"grid_electricity": "2", "grid_heat": "2", "fuel": "1", "vehicle_distance": "1"}
_LIQUID_UNITS = {"gallon", "liter", "petroleum_barrel", "kiloliter", "megaliter", "milliliter"}
_QUALITY = {"h": "H", "high": "H", "m": "M", "medium": "M", "l": "L", "low": "L"}


def validate_activity(table: Table, *, decimal: str = ".", custom_activities: frozenset[str] = frozenset(),
                      keep_codes: bool = False) -> tuple[pd.DataFrame, list[Problem]]:
    """Clean and check the activity rows.

    Returns the rows with canonical typed columns (``quantity`` float, ``unit`` the pint unit
    text, ``gpc_ref`` resolved, ``data_quality`` H/M/L or "") and a ``_bad`` flag, plus the
    problems found. ``custom_activities`` are activity keys defined only by the user's own
    factors; they may be used on any line. With ``keep_codes`` the integer codes of the text
    columns stay known (:func:`column_codes`) until :func:`forget_codes`.
    """
    frame = table.frame.copy(deep=False)  # columns are replaced, never written into (copy-on-write)
    frame.attrs = dict(table.frame.attrs)
    _remember_reader_codes(frame, table)
    try:
        return _validate(frame, table, decimal, custom_activities)
    finally:
        if not keep_codes:
            forget_codes()


def column_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(series, use_na_sentinel=False)``, from what validation already knows when it can."""
    return _factorized(series) or pd.factorize(series, use_na_sentinel=False)


def forget_codes() -> None:
    """Drop the codes kept since ``validate_activity(…, keep_codes=True)``."""
    _MEMO.clear()


def _validate(frame: pd.DataFrame, table: Table, decimal: str,
              custom_activities: frozenset[str]) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    file = frame["_file"].iloc[0] if len(frame) else frame.attrs.get("file")
    sheet = frame["_sheet"].iloc[0] if len(frame) else frame.attrs.get("sheet")
    columns = set(frame.columns)
    header_units = frame.attrs.get("header_units", {})
    missing = [c for c in ("activity", "quantity") if c not in columns]
    if "unit" not in columns and "quantity" not in header_units:
        missing.append("unit")
    if "gpc_ref" not in columns and not {"sector", "subsector"} <= columns:
        missing.append("gpc_ref")
    if any(p.code == "empty-file" for p in table.problems):
        missing = []  # an empty file is one problem, not one per column
    for column in missing:
        problems.append(make_problem(
            "missing-column", file=file, sheet=sheet, row=frame.attrs.get("header_row"), column=column,
            found="no such column",
            expected=f'a column "{column}" ({ACTIVITY_COLUMNS[column]})',
            hint="or sector and subsector columns" if column == "gpc_ref" else
                 "or a unit in brackets in the quantity header, e.g. Quantity (kWh)" if column == "unit" else None))
    if missing or frame.empty:
        if not missing and frame.empty and not any(p.code == "empty-file" for p in table.problems):  # header only
            problems.append(make_problem("no-data", file=file, sheet=sheet, found="a header and no rows",
                                         expected="one row per activity record"))
        for column in (*ACTIVITY_COLUMNS, "_unit", "_dimension"):
            if column not in frame.columns:
                frame[column] = ""
        frame["quantity"] = pd.to_numeric(frame["quantity"], errors="coerce")
        frame["model_year"] = 0
        frame["_bad"] = True
        return frame, problems
    empty = None
    for column in ACTIVITY_COLUMNS:
        if column not in frame.columns:  # an absent column is empty text: one distinct value
            if empty is None:  # one shared column of "" (columns are replaced, never written into)
                empty = pd.Series(np.full(len(frame), "", dtype=object), index=frame.index, dtype=str)
                _remember(empty.array, (np.zeros(len(frame), dtype=np.int32), np.array([""], dtype=object)))
            frame[column] = empty
        elif column != "quantity":
            frame[column] = _text(frame[column])
    if "unit" in header_units:
        frame["unit"] = frame["unit"].mask(frame["unit"].eq(""), header_units["quantity"]
                                           if "quantity" in header_units else "")
    if "quantity" in header_units:
        frame["unit"] = frame["unit"].mask(frame["unit"].eq(""), header_units["quantity"])
    bad = pd.Series(False, index=frame.index)

    def flag(mask: pd.Series, code: str, column: str, found=None, expected=None, hint=None, *,
             depends: bool = False) -> None:
        """Report ``mask``'s rows. A rule that ``depends`` on cells another rule already found
        wrong skips those rows, so one mistake is not reported twice."""
        nonlocal bad
        mask = mask & ~bad if depends else mask
        if mask.any():
            rows = frame.loc[mask]
            problems.extend(problems_from_rows(
                rows, code, column=column,
                found=found[mask] if isinstance(found, pd.Series) else found, expected=expected,
                hint=hint[mask] if isinstance(hint, pd.Series) else hint))
            bad = bad | mask

    # formulas whose value Excel never computed (files written by scripts): say so, not "empty"
    no_formula = pd.Series(False, index=frame.index)
    formula = dict.fromkeys(ACTIVITY_COLUMNS, no_formula)  # per column: cells holding a formula
    for column in () if frame.attrs.get("text_only") else ACTIVITY_COLUMNS:  # a CSV holds no formulas
        cells = frame[column].astype("string").fillna("") if column == "quantity" else frame[column]
        marked = cells.str.startswith(FORMULA_MARK)
        if marked.any():
            formula[column] = marked
            flag(marked, "formula-without-value", column, cells.str.removeprefix(FORMULA_MARK),
                 "a value", "open the workbook in Excel or LibreOffice and save it, so formulas get values")
            frame[column] = frame[column].mask(marked, "" if column != "quantity" else None)
    # activity
    catalogue = activity_catalogue()
    frame["activity"] = _on_distinct(frame["activity"],
                                     lambda a: a.str.casefold().str.replace(r"[\s\-]+", "_", regex=True))
    flag(_test(frame["activity"], lambda a: a.eq("")) & ~formula["activity"], "missing-value", "activity",
         expected="an activity key, e.g. electricity")
    known = _test(frame["activity"], lambda a: a.isin(catalogue.index) | a.isin(custom_activities))
    unknown = ~known & _test(frame["activity"], lambda a: a.ne(""))
    if unknown.any():
        flag(unknown, "unknown-activity", "activity", frame["activity"], "an activity key listed by `ghgcalc activities`",
             _did_you_mean(frame["activity"], unknown, list(catalogue.index) + sorted(custom_activities)))
    # quantity
    if pd.api.types.is_float_dtype(frame["quantity"].dtype):  # numbers read by the CSV parser: no texts
        number = frame["quantity"].to_numpy(dtype="float64")
        blank = pd.Series(np.isnan(number), index=frame.index)
        not_finite = pd.Series(np.isinf(number), index=frame.index)
        reason = None
    else:
        quantity, reason = parse_quantity(frame["quantity"], decimal)
        frame["quantity"] = quantity
        blank, not_finite = reason.eq("blank"), reason.eq("bad")
    flag(blank & ~formula["quantity"], "missing-value", "quantity", expected="a number")
    if not_finite.any():
        frame["quantity"] = frame["quantity"].where(~not_finite)
        reason = reason if reason is not None else pd.Series(np.where(not_finite, "bad", ""), index=frame.index)
        flag(not_finite, "bad-number", "quantity", table.frame["quantity"][not_finite].astype("string"),
             "a finite number", _number_hint(table.frame["quantity"], reason, decimal))
    # unit
    flag(_test(frame["unit"], lambda u: u.eq("")) & ~formula["unit"], "missing-value", "unit",
         expected="a unit such as kWh, therm or gal")
    units = _factorized(frame["unit"])  # four look-ups below, one factorization
    distinct_units = units[1] if units is not None else frame["unit"].unique()
    parsed = {u: parse_unit(u) for u in distinct_units if u != ""}
    codes = {u: p.code for u, p in parsed.items()}
    ambiguous = _test(frame["unit"], lambda u: u.map(codes).eq("ambiguous-unit"))
    unknown_unit = _test(frame["unit"], lambda u: u.map(codes).eq("unknown-unit"))
    if ambiguous.any() or unknown_unit.any():
        hint = _on_distinct(frame["unit"], lambda u: u.map({u: p.hint for u, p in parsed.items()}), units)
        flag(ambiguous, "ambiguous-unit", "unit", frame["unit"], "an unambiguous unit", hint)
        flag(unknown_unit, "unknown-unit", "unit", frame["unit"],
             "a unit such as kWh, MWh, therm, MMBtu, scf, ccf, gal, L, short_ton, t, mi or km", hint)
    frame["_dimension"] = _on_distinct(frame["unit"], lambda u: u.map(
        {u: dimension_of(p.unit) if p.unit is not None else None for u, p in parsed.items()}), units)
    frame["_unit"] = _on_distinct(frame["unit"], lambda u: u.map(
        {u: str(p.unit) if p.unit is not None else None for u, p in parsed.items()}), units)
    in_catalogue = _test(frame["activity"], lambda a: a.isin(catalogue.index))
    dimension_fits = _on_distinct_pairs(frame["activity"], frame["_dimension"],
                                        lambda a, d: a in catalogue.index and d in catalogue.at[a, "dimension_set"])
    # a unit of another kind of quantity (kW, %, kWh/yr) has no dimension name: never allowed
    known_unit = _test(frame["_unit"], lambda u: u.notna()) & _test(frame["unit"], lambda u: u.ne(""))
    wrong_dim = in_catalogue & known_unit & ~dimension_fits
    flag(wrong_dim, "incompatible-unit", "unit", frame["unit"], None,
         _per_distinct(frame["activity"], wrong_dim, lambda a: _unit_advice(a, catalogue)), depends=True)
    # a gaseous fuel (measured in scf) given in a liquid volume is almost surely liquefied gas
    gaseous = _test(frame["activity"], lambda a: a.map(catalogue["default_unit"]).eq("scf"))
    liquid = gaseous & _test(frame["_unit"], lambda u: u.isin(_LIQUID_UNITS))
    flag(liquid, "incompatible-unit", "unit", frame["unit"], "a gas volume such as scf, ccf, Mcf or m3, or energy",
         _per_distinct(frame["activity"], liquid, lambda a: f"{a} is a gas; liquefied natural gas is activity lng "
                                                            "(gallons), propane by the gallon is activity propane"),
         depends=True)
    # GPC line
    resolve_lines(frame, flag, catalogue)
    # lines the activity belongs on (custom activities may go anywhere)
    allowed = set(allowed_pairs().itertuples(index=False, name=None))
    on_line = _on_distinct_pairs(frame["activity"], frame["gpc_ref"], lambda a, r: (a, r) in allowed)
    not_on_line = in_catalogue & _test(frame["gpc_ref"], lambda r: r.ne("")) & ~on_line
    flag(not_on_line, "activity-not-on-line", "gpc_ref", frame["gpc_ref"], None,
         _per_distinct(frame["activity"], not_on_line, lambda a: _line_advice(a, catalogue)), depends=True)
    # negative quantities only on AFOLU lines
    negative = frame["quantity"].lt(0) & ~_test(frame["gpc_ref"], lambda r: r.str.startswith("V."))
    if negative.any():  # the cells as written, for the few rows reported
        flag(negative, "negative-quantity", "quantity", table.frame["quantity"][negative].astype("string"),
             "a quantity ≥ 0 (negative values are removals, allowed only on AFOLU lines V.*)")
    # data quality and model year
    dq = _on_distinct(frame["data_quality"], lambda q: q.str.casefold().map(_QUALITY))
    flag(_test(frame["data_quality"], lambda q: q.ne("")) & dq.isna(), "bad-data-quality", "data_quality", frame["data_quality"],
         "H, M or L (high, medium, low)")
    frame["data_quality"] = dq.fillna("")
    year = _on_distinct(frame["model_year"], lambda y: pd.to_numeric(y.str.removesuffix(".0"), errors="coerce"))
    bad_year = _test(frame["model_year"], lambda y: y.ne("")) & (year.isna() | year.lt(1900) | year.gt(2100) | year.mod(1).ne(0))
    flag(bad_year, "bad-model-year", "model_year", frame["model_year"], "a model year such as 2015")
    frame["model_year"] = year.where(~bad_year).fillna(0).astype("int64")
    frame["region"] = _on_distinct(frame["region"], lambda r: r.str.upper())
    frame["_bad"] = bad
    return frame, problems


def resolve_lines(frame: pd.DataFrame, flag, catalogue: pd.DataFrame) -> None:
    """Fill ``gpc_ref`` from itself or from sector + sub-sector + the activity's scope."""
    lines = gpc_lines()
    refs = _on_distinct(frame["gpc_ref"], lambda r: normalize_ref(r).fillna(""))
    given = _test(refs, lambda r: r.ne(""))
    by_name = ~given & (_test(frame["sector"], lambda s: s.ne("")) | _test(frame["subsector"], lambda s: s.ne("")))
    if by_name.any():
        index = sector_subsector_index()
        fold = lambda s: s.str.casefold().str.replace("&", "and").str.replace(",", " ").str.split().str.join(" ")
        keys = pd.Series(list(zip(fold(frame["sector"]), fold(frame["subsector"]))), index=frame.index)
        prefix = keys.map(index).where(by_name)
        scope = frame["activity"].map(catalogue["category"]).map(_SCOPE_BY_CATEGORY)
        is_energy = prefix.str.count(r"\.").eq(1) & prefix.str.match(r"^(I|II)\.")
        derived = (prefix + "." + scope).where(is_energy, prefix)
        unresolved = by_name & (prefix.isna() | (is_energy & scope.isna()) | ~derived.isin(lines["gpc_ref"]))
        flag(unresolved, "ambiguous-line", "subsector",
             frame["sector"] + " / " + frame["subsector"], "a GPC sector and sub-sector name, or a gpc_ref",
             "sector and sub-sector name a line only in stationary energy and transportation (the scope comes "
             "from the activity); elsewhere write the GPC reference, e.g. III.1.2, in a gpc_ref column")
        refs = refs.mask(by_name, derived.where(~unresolved, "").fillna(""))
    flag(~given & ~by_name, "missing-value", "gpc_ref", expected="a GPC reference such as I.1.2",
         hint="or give sector and subsector")
    unknown = given & ~_test(refs, lambda r: r.isin(lines["gpc_ref"]))
    known_refs = list(lines["gpc_ref"])
    hint = _per_distinct(refs, unknown, lambda r: _ref_hint(r, known_refs))
    flag(unknown, "unknown-gpc-ref", "gpc_ref", frame["gpc_ref"], "a GPC line from I.1.1 to VI.1", hint)
    frame["gpc_ref"] = _on_distinct(refs, lambda r: r.where(r.isin(lines["gpc_ref"]), "").astype(str))
    # safety net: a row that reaches the calculation always has a line
    flag(_test(frame["gpc_ref"], lambda r: r.eq("")), "missing-value", "gpc_ref", expected="a GPC reference such as I.1.2",
         depends=True)


def parse_quantity(values: pd.Series, decimal: str = ".") -> tuple[pd.Series, pd.Series]:
    """Numbers from cells that hold numbers or text; ``reason`` is "", "blank" or "bad".

    Text may carry thousands separators (``1,234.5``; with ``decimal=","``: ``1.234,5``).
    Percentages, dates, booleans, ``NaN`` and infinities are not quantities.
    """
    if pd.api.types.is_float_dtype(values.dtype):  # numbers already (a CSV's, read by the parser)
        reason = pd.Series(np.where(values.isna(), "blank", np.where(values.abs().lt(np.inf), "", "bad")),
                           index=values.index)
        return values.where(reason.eq("")).astype("float64"), reason
    if decimal == "." and pd.api.types.infer_dtype(values, skipna=True) == "string":
        # Text cells (a CSV): a number numpy's parser reads as finite is read the same way by the
        # rules (they strip spaces and admit no other spelling of a finite number), so only
        # the other cells need them: a few instead of a million regular expressions.
        fast = pd.to_numeric(values, errors="coerce").astype("float64") + 0.0  # + 0.0: -0 is 0
        plain = fast.abs().lt(float("inf"))
        reason = pd.Series("", index=values.index)
        if not plain.all():
            number, why = _parse_by_rules(values[~plain], decimal)
            fast, reason = fast.mask(~plain, number), reason.mask(~plain, why)
        return fast, reason
    return _parse_by_rules(values, decimal)


def _parse_by_rules(values: pd.Series, decimal: str) -> tuple[pd.Series, pd.Series]:
    text = values.astype("string").str.strip().fillna("")
    is_bool = values.astype("string").isin(["True", "False"]) & ~text.str.match(r"^[0-9]")
    numeric = pd.to_numeric(values.where(~is_bool), errors="coerce") if values.dtype == object else \
        pd.Series(float("nan"), index=values.index)
    # only cells that look like numbers are cleaned of their thousands separators
    if decimal == ",":
        textual = text.str.match(r"^[+-]?\d{1,3}([.\s\u00a0]\d{3})*(,\d+)?$|^[+-]?\d+(,\d+)?$")
        cleaned = text[textual].str.replace(r"[\s.\u00a0']", "", regex=True).str.replace(",", ".", regex=False)
    else:
        textual = text.str.match(r"^[+-]?\d{1,3}(,\d{3})*(\.\d*)?$|^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
        cleaned = text[textual].str.replace(",", "", regex=False)  # neither pattern admits spaces
    from_text = pd.to_numeric(cleaned, errors="coerce").reindex(values.index)
    # text cells only (a CSV): every number comes from the text, no need to ask each cell its type
    is_number = numeric.notna() & values.map(type).ne(str) if values.dtype == object else \
        pd.Series(False, index=values.index)
    number = numeric.where(is_number, from_text)
    finite = number.abs().lt(float("inf"))
    blank = text.eq("") | values.isna()
    reason = pd.Series("", index=values.index).mask(~finite & ~blank, "bad").mask(blank, "blank")
    return number.where(finite).astype("float64"), reason


def _text(series: pd.Series) -> pd.Series:
    if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
        # no float cells, so no "2015.0" to turn into "2015"
        strip = lambda s: s.astype("string").str.strip().fillna("").astype(str)
        if _mostly_distinct(series):  # free text (descriptions): str.strip run by map, in C, per cell
            values = series.to_numpy(dtype=object, na_value="")
            return pd.Series(np.fromiter(map(str.strip, values), dtype=object, count=len(values)),
                             index=series.index, dtype=str)
        return _on_distinct(series, strip)
    text = series.astype("string").str.strip().fillna("")
    return text.str.replace(r"\.0$", "", regex=True).where(series.map(type).eq(float), text).astype(str)


def _mostly_distinct(series: pd.Series, sample: int = 1000) -> bool:
    """True when the first cells are mostly different (descriptions, account numbers): grouping
    such a column by distinct value costs more than it saves."""
    head = series.iloc[:sample]
    return len(head) >= 50 and head.nunique(dropna=False) > len(head) // 2


def _number_hint(raw: pd.Series, reason: pd.Series, decimal: str) -> pd.Series:
    bad = reason.eq("bad")
    if not bad.all():  # hints only for the bad cells: the rule reports no others
        return _number_hint(raw[bad], reason[bad], decimal).reindex(raw.index)
    text = raw.astype("string").str.strip().fillna("")
    hint = pd.Series(None, index=raw.index, dtype="object")
    hint = hint.mask(text.str.endswith("%"), "a percentage is not a quantity; give the amount itself")
    if decimal == ".":
        hint = hint.mask(text.str.match(r"^[+-]?\d+,\d{1,2}$|^[+-]?\d{1,3}(\.\d{3})+,\d+$"),
                         "this looks like a decimal comma; run with --decimal , if the file uses them")
    hint = hint.mask(text.str.casefold().isin(["nan", "inf", "-inf", "infinity"]), "give a finite number")
    hint = hint.mask(raw.map(type).astype(str).str.contains("date|time", case=False), "a date is not a quantity")
    return hint.where(reason.eq("bad"))


def _per_distinct(values: pd.Series, mask: pd.Series, make) -> pd.Series | None:
    """``make(value)`` computed once per distinct value under ``mask``, mapped onto those rows
    (None when no row is under it: the rule then reports nothing and needs no hint)."""
    if not mask.any():
        return None
    chosen = values[mask]
    return chosen.map({v: make(v) for v in chosen.unique()}).reindex(values.index)


def _did_you_mean(values: pd.Series, mask: pd.Series, choices: list[str]) -> pd.Series:
    chosen = values[mask]
    hints = {v: difflib.get_close_matches(v, choices, n=1, cutoff=0.6) for v in chosen.unique()}
    return chosen.map({v: f'did you mean "{m[0]}"?' if m else "run `ghgcalc activities` to list the keys"
                       for v, m in hints.items()}).reindex(values.index)


# Values of these kinds can be grouped as distinct values safely; in a mixed object column,
# Python's 1 == 1.0 == True would merge cells that are written differently.
_ONE_KIND = {"string", "empty", "floating", "integer", "boolean"}


# Factorizations made during one validation, by the identity of the column's array (a column
# is replaced, never changed in place, so an array stands for its values). An entry goes when
# its array does, and all of them after the validation.
_MEMO: dict[int, tuple[weakref.ref, tuple | None]] = {}


def _factorized(series: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """``pd.factorize(series)`` when its values may be grouped (see :func:`_on_distinct`), else None."""
    array = series.array
    key = id(array)
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is array:
        return hit[1]
    if len(series) < 2 or pd.api.types.infer_dtype(series, skipna=True) not in _ONE_KIND:
        found = None
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=False)
        found = (codes.astype(np.int32) if len(uniques) < 2**31 else codes, uniques)
    _remember(array, found)
    return found


def _remember_reader_codes(frame: pd.DataFrame, table: Table) -> None:
    """Take the codes the reader knew (:attr:`Table.codes`) for the columns of ``frame`` that
    still hold the very cells they describe (the same buffer, which the table keeps alive)."""
    for column, (cells, codes, uniques) in table.codes.items():
        if column in frame.columns:
            array = frame[column].array
            held = np.asarray(array)
            if held.dtype == object and held.shape == cells.shape and held.strides == cells.strides and \
                    held.__array_interface__["data"][0] == cells.__array_interface__["data"][0]:
                _remember(array, (codes, uniques))


def _remember(array, found) -> None:
    key = id(array)
    _MEMO[key] = (weakref.ref(array, lambda _, key=key: _MEMO.pop(key, None)), found)


def _test(series: pd.Series, predicate) -> pd.Series:
    """``predicate`` (Series → bool Series) per distinct value of ``series``, as a bool per row."""
    found = _factorized(series)
    if found is None:
        return predicate(series).fillna(False).astype(bool)
    codes, uniques = found
    verdict = predicate(pd.Series(np.asarray(uniques, dtype=object), dtype=series.dtype))
    return pd.Series(verdict.fillna(False).to_numpy(dtype=bool)[codes], index=series.index)


def _on_distinct(series: pd.Series, transform, factorized=False) -> pd.Series:
    """``transform`` (element-wise on a Series) run once per distinct value, mapped onto the rows.

    Activity columns repeat a few values (units, keys, lines) over many rows; cleaning them per
    row costs as much as a million string operations, per distinct value a few hundred.
    ``factorized``: what :func:`_factorized` gave for ``series``, when already computed.
    """
    found = _factorized(series) if factorized is False else factorized
    if found is None:
        return transform(series)
    codes, uniques = found
    result = transform(pd.Series(uniques, name=series.name))
    if result.dtype == series.dtype and _same_values(result.to_numpy(dtype=object), np.asarray(uniques, dtype=object)):
        return series  # nothing to change (text already clean): no new column of a million cells
    rows = pd.Series(result.array.take(codes), index=series.index, name=result.name)
    # the result's values are known by code already: its factorization needs no second hashing
    # (two values cleaned alike, "kWh " and "kWh", become one code)
    merged, distinct = pd.factorize(np.asarray(result.array, dtype=object), use_na_sentinel=False)
    _remember(rows.array, (merged.astype(np.int32)[codes], distinct))
    return rows


def _same_values(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal element by element, the same type too (``1`` is not ``True`` nor ``"1"``); missing
    values equal only missing values."""
    return len(a) == len(b) and all(
        (x is y) or (type(x) is type(y) and (x == y or (x != x and y != y))) for x, y in zip(a, b))  # distinct values


def _on_distinct_pairs(first: pd.Series, second: pd.Series, test) -> pd.Series:
    """``test(a, b)`` once per distinct pair of values, as a boolean per row."""
    codes_a, uniques_a = _factorized(first) or pd.factorize(first, use_na_sentinel=False)
    codes_b, uniques_b = _factorized(second) or pd.factorize(second, use_na_sentinel=False)
    pair = codes_a.astype("int64") * (len(uniques_b) + 1) + codes_b
    inverse, distinct = pd.factorize(pair)
    values_a, values_b = np.asarray(uniques_a, dtype=object), np.asarray(uniques_b, dtype=object)
    verdict = np.array([bool(test(values_a[p // (len(uniques_b) + 1)], values_b[p % (len(uniques_b) + 1)]))
                        for p in distinct], dtype=bool)
    return pd.Series(verdict[inverse.reshape(-1)], index=first.index)


def _unit_advice(activity: str, catalogue: pd.DataFrame) -> str:
    row = catalogue.loc[activity]
    return f"{activity} is measured as {row['dimensions'].replace(';', ' or ')}, e.g. {row['default_unit']}"


def _line_advice(activity: str, catalogue: pd.DataFrame) -> str:
    refs = catalogue.at[activity, "line_refs"]
    shown = ", ".join(refs[:6]) + (f" … ({len(refs)} lines)" if len(refs) > 6 else "")
    return f"{activity} belongs on {shown}"


def _ref_hint(ref: str, known: list[str]) -> str:
    children = [k for k in known if k.startswith(ref + ".")]
    if children:
        return "give the line with its scope: " + ", ".join(children)
    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else "see `ghgcalc activities` for the lines each activity fits"

