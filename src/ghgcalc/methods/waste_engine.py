"""Waste rows (GPC III) → per-gas records, by the IPCC/GPC waste methods.

The engine hands over the validated activity rows of waste activities (catalogue category
``waste``) and gets back records in its per-gas format plus problems. Each row picks a method
(column ``method``, or the activity's default), its parameters come from the row's own columns
when given, else from the shipped parameter table (``emission_factors/ipcc-2006-waste``, which a
``waste_parameters`` sheet may override), and every record's ``source_ref`` lists the values
used and where each came from. Loops run over methods and distinct keys, never over rows.

Entry points: :func:`waste_records`, :func:`load_waste_parameters`, :func:`read_waste_history`,
:func:`read_waste_parameters`. The row columns are listed in :data:`ROW_COLUMNS` and documented
in ``docs/methods.md`` (part "Waste").
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ghgcalc.activities import activity_catalogue, allowed_pairs
from ghgcalc.gwp import to_co2e
from ghgcalc.methods import biological, incineration, landfill, wastewater
from ghgcalc.methods.waste_columns import ROW_COLUMNS
from ghgcalc.problems import Problem, make_problem, problems_from_rows
from ghgcalc.units import conversion_factor, dimension_of, parse_unit

SET_ID, EDITION = "ipcc-2006-waste", "defaults"

DEFAULT_METHOD = {
    "msw_landfilled": "methane_commitment", "msw_composted": "composting", "msw_digested": "anaerobic_digestion",
    "msw_incinerated": "incineration", "msw_open_burned": "open_burning",
    "wastewater_domestic": "wastewater_domestic", "wastewater_industrial": "wastewater_industrial",
}
ALLOWED_METHODS = {activity: {method} for activity, method in DEFAULT_METHOD.items()}
ALLOWED_METHODS["msw_landfilled"] = {"methane_commitment", "first_order_decay"}

METHOD_REFERENCES = {
    "methane_commitment": "GPC 2014 Eq. 8.1, 8.3, 8.4 (methane commitment)",
    "first_order_decay": "IPCC 2006 Vol. 5 Eq. 3.1-3.6 (first-order decay, inventory year only)",
    "composting": "IPCC 2006 Vol. 5 Eq. 4.1-4.2, Table 4.1 (composting)",
    "anaerobic_digestion": "IPCC 2006 Vol. 5 Eq. 4.1-4.2, Table 4.1 (anaerobic digestion)",
    "incineration": "IPCC 2006 Vol. 5 Eq. 5.1-5.5 (incineration)",
    "open_burning": "IPCC 2006 Vol. 5 Eq. 5.1-5.5 (open burning)",
    "wastewater_domestic": "IPCC 2006 Vol. 5 Eq. 6.1-6.3 (CH4), 6.7-6.8 (effluent N2O)",
    "wastewater_industrial": "IPCC 2006 Vol. 5 Eq. 6.4-6.6 (industrial wastewater CH4)",
}

FRACTION_COLUMNS = {"doc", "mcf", "docf", "ch4_fraction", "ox", "f_rec", "dm", "cf", "fcf", "of", "utilisation"}
NUMBER_COLUMNS = FRACTION_COLUMNS | {"recovered_t", "k", "ef_ch4", "ef_n2o", "bod", "i_factor", "b0", "sludge_t",
                                     "protein", "sludge_n_t", "ww_per_t", "cod"}
# Units a wastewater_domestic quantity may be given in (a head count).
POPULATION_UNITS = frozenset({"person", "persons", "people", "inhabitant", "inhabitants", "capita", "cap",
                              "count", "dimensionless", "1"})
HISTORY_COLUMNS = ("year", "quantity", "unit", "waste_type", "doc", "composition", "site")
HISTORY_ALIASES = {"year": "year", "disposalyear": "year", "quantity": "quantity", "tonnes": "quantity",
                   "amount": "quantity", "mass": "quantity", "waste": "quantity", "unit": "unit", "units": "unit",
                   "wastetype": "waste_type", "type": "waste_type", "doc": "doc", "composition": "composition",
                   "site": "site", "landfill": "site"}
PARAMETER_ALIASES = {"parameter": "parameter", "qualifier": "qualifier", "value": "value", "unit": "unit",
                     "source": "source", "sourceref": "source_ref", "reference": "source_ref", "notes": "notes"}
WASTE_TYPE_ALIASES = {"paper_cardboard": "paper", "cardboard": "paper", "yard": "garden", "park": "garden",
                      "garden_park": "garden", "textile": "textiles", "diapers": "nappies", "rubber": "rubber_leather",
                      "leather": "rubber_leather", "plastic": "plastics", "metals": "metal", "inert": "other_inert",
                      "other": "other_inert", "msw": "bulk", "mixed": "bulk", "sludge": "sewage_sludge"}
_SEPTIC_OR_LATRINE = re.compile(r"^(septic|latrine)")
_YES = {"yes", "y", "true", "1", "x"}


# --------------------------------------------------------------------------------------------
# Parameters and companion tables
# --------------------------------------------------------------------------------------------

def load_waste_parameters(user: pd.DataFrame | None = None) -> pd.DataFrame:
    """The shipped waste parameters, with the user's rows (same parameter and qualifier) replacing them.

    Parameters
    ----------
    user : DataFrame, optional
        Rows of a ``waste_parameters`` sheet (:func:`read_waste_parameters`): ``parameter``,
        ``qualifier``, ``value`` and optionally ``unit``, ``source``, ``source_ref``.

    Returns
    -------
    DataFrame
        ``parameter, qualifier, value`` (float), ``unit, cite`` (a short citation shown in the
        trail), ``set_id, edition``.
    """
    from ghgcalc.factors.load import load_factor_set, shipped_root

    shipped = load_factor_set(shipped_root() / SET_ID / EDITION).parameters
    table = pd.DataFrame({
        "parameter": shipped["parameter"], "qualifier": _key(shipped["qualifier"]),
        "value": pd.to_numeric(shipped["value"], errors="coerce"), "unit": shipped["unit"],
        "cite": _short_source(shipped["source"]) + " " + shipped["source_ref"].str.split(" (", regex=False).str[0],
        "set_id": SET_ID, "edition": EDITION,
    })
    if user is not None and not user.empty:
        mine = pd.DataFrame({
            "parameter": _key(_text(user, "parameter")), "qualifier": _key(_text(user, "qualifier")),
            "value": pd.to_numeric(user["value"], errors="coerce"), "unit": _text(user, "unit"),
            "cite": ("your waste_parameters row " + user["_row"].astype(str) + " " + _text(user, "source")).str.strip(),
            "set_id": "custom", "edition": user["_file"].astype(str),
        })
        replaced = table.set_index(["parameter", "qualifier"]).index.isin(
            mine.set_index(["parameter", "qualifier"]).index)
        table = pd.concat([table[~replaced], mine.dropna(subset=["value"])], ignore_index=True)
    return table.reset_index(drop=True)


def read_waste_history(path: str | Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read the disposal history for first-order decay: sheet ``waste_history`` of a workbook, or a CSV.

    Columns (headers matched like the activity table's): ``year``, ``quantity`` (or ``tonnes``),
    ``unit`` (default t), one of ``waste_type``, ``doc``, ``composition``, and ``site`` when
    several landfills have their own history. Returns an empty frame when a workbook has no
    such sheet.
    """
    return _read_companion(Path(path), "waste_history", HISTORY_ALIASES, HISTORY_COLUMNS)


def read_waste_parameters(path: str | Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read the user's parameter overrides: sheet ``waste_parameters`` of a workbook, or a CSV.

    Columns ``parameter``, ``qualifier``, ``value``, ``source`` (and optionally ``unit``,
    ``source_ref``, ``notes``). A row must name a shipped (parameter, qualifier) pair and give a
    number ≥ 0 (≤ 1 for a fraction); other rows are reported (``bad-waste-parameter``) and left
    out.
    """
    frame, problems = _read_companion(Path(path), "waste_parameters", PARAMETER_ALIASES,
                                      tuple(dict.fromkeys(PARAMETER_ALIASES.values())))
    if frame.empty:
        return frame, problems
    shipped = load_waste_parameters()
    units = dict(zip(zip(shipped["parameter"], shipped["qualifier"]), shipped["unit"]))
    key = pd.Series(list(zip(_key(_text(frame, "parameter")), _key(_text(frame, "qualifier")))), index=frame.index)
    unit = key.map(units)
    value = _text(frame, "value").map(_to_number).astype("float64")
    unknown = unit.isna()
    bad_value = ~unknown & (value.isna() | value.lt(0) | (unit.eq("fraction") & value.gt(1)))
    problems += problems_from_rows(frame[unknown], "bad-waste-parameter", column="parameter",
                                   found=_text(frame, "parameter")[unknown] + " / " + _text(frame, "qualifier")[unknown],
                                   expected="a parameter and qualifier of the shipped table "
                                            "(emission_factors/ipcc-2006-waste/defaults/parameters.csv)")
    problems += problems_from_rows(frame[bad_value], "bad-waste-parameter", column="value",
                                   found=_text(frame, "value")[bad_value],
                                   expected="a number ≥ 0 (a fraction between 0 and 1 for fractions)")
    good = frame[~unknown & ~bad_value].copy()
    good["parameter"], good["qualifier"] = key[good.index].str[0], key[good.index].str[1]
    good["value"] = value[good.index]
    return good, problems


def _read_companion(path: Path, sheet: str, aliases: dict[str, str], known: tuple[str, ...]
                    ) -> tuple[pd.DataFrame, list[Problem]]:
    from ghgcalc.readers.tables import build_table

    if path.suffix.casefold() in {".csv", ".txt", ".tsv"}:
        from ghgcalc.readers.csv import read_csv_cells

        cells, _ = read_csv_cells(path)
        table = build_table(cells, file=path.name, sheet=None, aliases=aliases, known=known)
    else:
        from ghgcalc.readers.excel import open_workbook, read_sheet_cells, sheet_names

        workbook = open_workbook(path)
        name = sheet_names(workbook).get(sheet)
        if name is None:
            return pd.DataFrame(columns=["_file", "_sheet", "_row", *known]), []
        table = build_table(read_sheet_cells(workbook, name), file=path.name, sheet=name, aliases=aliases, known=known)
    frame = table.frame
    for column in known:
        if column not in frame.columns:
            frame[column] = None
    return frame, [p for p in table.problems if p.code != "empty-file"]


# --------------------------------------------------------------------------------------------
# The adapter
# --------------------------------------------------------------------------------------------

def waste_records(rows: pd.DataFrame, params: pd.DataFrame, history: pd.DataFrame | None, *, year: int,
                  gwps: dict[str, float]) -> tuple[pd.DataFrame, list[Problem]]:
    """Per-gas records of waste rows, in the engine's record format.

    Parameters
    ----------
    rows : DataFrame
        Validated activity rows of waste activities: ``_idx, _file, _sheet, _row, gpc_ref,
        activity, quantity, unit, region, description, source, data_quality, model_year`` plus
        any of :data:`ROW_COLUMNS`.
    params : DataFrame
        :func:`load_waste_parameters` (the shipped table, possibly with the user's overrides).
    history : DataFrame or None
        :func:`read_waste_history`, for ``first_order_decay`` rows.
    year : int
        Inventory year (first-order decay reports this year's emissions only).
    gwps : dict
        Gas → GWP of the inventory's set (``CO2_biogenic`` → 0).

    Returns
    -------
    records, problems
        One record per (row, gas) with ``t``, ``co2e_t``, ``factor_id`` (the method), ``_value``
        (t gas per unit of ``factor_unit``'s denominator), ``_conversion`` (user unit → that
        denominator) and ``source_ref`` (every parameter used, with its source); the problems
        found. Rows with an error produce no record.
    """
    ctx = _Context(rows, params)
    ctx.check_lines_and_methods()
    ctx.convert_quantities()
    parts = []
    for method, compute in _METHODS.items():  # a handful of methods, each vectorized over its rows
        selected = ctx.rows_for(method)
        if not selected.empty:
            parts.append(compute(ctx, selected, history, year) if method == "first_order_decay"
                         else compute(ctx, selected))
    records = pd.concat([p for p in parts if not p.empty]) if any(not p.empty for p in parts) else pd.DataFrame()
    return _finish(records, ctx, gwps), ctx.problems


class _Context:
    """The rows being computed, the parameter look-ups, and the problems found so far."""

    def __init__(self, rows: pd.DataFrame, params: pd.DataFrame):
        self.rows = rows.copy()
        self.rows.attrs = dict(rows.attrs)
        self.bad = pd.Series(False, index=self.rows.index)
        self.problems: list[Problem] = []
        self.values = {p: dict(zip(g["qualifier"], g["value"])) for p, g in params.groupby("parameter", sort=False)}
        self.cites = {p: dict(zip(g["qualifier"], g["cite"])) for p, g in params.groupby("parameter", sort=False)}
        for column in ROW_COLUMNS:
            if column not in self.rows.columns:
                self.rows[column] = None
        self.numbers = {c: self._number(c) for c in NUMBER_COLUMNS}

    # -- problems -------------------------------------------------------------------------
    def flag(self, mask: pd.Series, code: str, column: str, found=None, expected: str | None = None,
             hint=None, *, fatal: bool = True) -> None:
        mask = mask.reindex(self.rows.index, fill_value=False) & ~self.bad
        if not mask.any():
            return
        located = self.rows.loc[mask]
        self.problems += problems_from_rows(
            located, code, column=column,
            found=found.reindex(located.index) if isinstance(found, pd.Series) else found, expected=expected,
            hint=hint.reindex(located.index) if isinstance(hint, pd.Series) else hint)
        if fatal:
            self.bad |= mask

    # -- reading row columns ----------------------------------------------------------------
    def text(self, column: str, rows: pd.DataFrame | None = None) -> pd.Series:
        frame = self.rows if rows is None else rows
        return _key(_text(frame, column))

    def yes(self, column: str, rows: pd.DataFrame) -> pd.Series:
        return self.text(column, rows).isin(_YES)

    def _number(self, column: str) -> pd.Series:
        raw = self.rows[column]
        if raw.isna().all():  # a column the input does not have (or left empty): nothing to parse or check
            return pd.Series(np.nan, index=self.rows.index)
        if pd.api.types.is_numeric_dtype(raw.dtype):
            number, text = raw.astype("float64"), None
        else:
            text = _text(self.rows, column)
            number = text.map({v: _to_number(v) for v in text.unique()}).astype("float64")  # distinct cells
            self.flag(text.ne("") & number.isna(), "bad-number", column, text, "a number")
        shown = text if text is not None else _fmt(number)
        self.flag(number.lt(0), "bad-waste-parameter", column, shown, "a number ≥ 0")
        if column in FRACTION_COLUMNS:
            self.flag(number.gt(1), "bad-waste-parameter", column, shown,
                      "a fraction between 0 and 1 (or a percentage such as 60%)")
        return number

    # -- parameters ---------------------------------------------------------------------------
    def param(self, rows: pd.DataFrame, label: str, parameter: str, qualifier, *, override: str | None = None,
              required: bool = True, column: str | None = None, expected: str | None = None) -> tuple[pd.Series, pd.Series]:
        """Value and trail text of one parameter for ``rows``: the row's own column, else the table.

        ``qualifier`` is a Series (or a constant) naming the table row. Missing values are
        reported (``bad-waste-parameter``) when ``required``; the rows are then dropped.
        """
        qual = qualifier if isinstance(qualifier, pd.Series) else pd.Series(qualifier, index=rows.index)
        folded = _key(qual.astype(object))
        table = folded.map(self.values.get(parameter, {})).astype("float64")
        cite = folded.map(self.cites.get(parameter, {})).astype(object)
        given = self.numbers[override].reindex(rows.index) if override else pd.Series(np.nan, index=rows.index)
        value = given.where(given.notna(), table)
        source = pd.Series("row", index=rows.index).where(given.notna(), cite)
        where = (" " + qual.astype(str)).where(qual.ne("") & given.isna(), "")
        shown = label + "=" + _fmt(value) + " (" + source.fillna("") + where + ")"
        if required:
            missing = value.isna()
            hint = f"give {override} on the row" if override else None
            if column and self.values.get(parameter):
                choices = ", ".join(sorted(q for q in self.values[parameter] if q))
                hint = (f"{hint} or " if hint else "") + f"{column} ({choices})"
            self.flag(missing, "bad-waste-parameter", column or override or parameter,
                      qual.where(qual.ne(""), "nothing") if column else "nothing",
                      expected or f"{label} for the {parameter} look-up", hint)
        return value, shown

    # -- row set-up ---------------------------------------------------------------------------
    def check_lines_and_methods(self) -> None:
        catalogue = activity_catalogue()
        activity = self.rows["activity"]
        is_waste = activity.map(catalogue["category"]).eq("waste")
        self.flag(~is_waste, "unknown-method", "activity", activity, "a waste activity (msw_landfilled, "
                  "wastewater_domestic, …)", "only waste activities are computed by the waste methods")
        pairs = allowed_pairs().assign(_on=True)
        on_line = self.rows[["activity", "gpc_ref"]].merge(pairs, on=["activity", "gpc_ref"], how="left",
                                                           validate="many_to_one")["_on"].fillna(False)
        on_line = pd.Series(on_line.to_numpy(dtype=bool), index=self.rows.index)
        hint = activity.map({a: f"{a} belongs on " + ", ".join(catalogue.at[a, "line_refs"])
                             for a in activity[is_waste].unique()})
        self.flag(is_waste & ~on_line, "activity-not-on-line", "gpc_ref", self.rows["gpc_ref"],
                  "a GPC line of the waste sub-sector (III.x.1 generated and treated in the city, III.x.2 treated "
                  "outside, III.x.3 generated outside and treated inside)", hint)
        method = self.text("method")
        method = method.where(method.ne(""), activity.map(DEFAULT_METHOD).fillna(""))
        methods = pd.DataFrame([(a, m) for a, ms in ALLOWED_METHODS.items() for m in ms],
                               columns=["activity", "_method"]).assign(_ok=True)
        allowed = pd.DataFrame({"activity": activity.to_numpy(), "_method": method.to_numpy()}).merge(
            methods, on=["activity", "_method"], how="left", validate="many_to_one")["_ok"].fillna(False)
        allowed = pd.Series(allowed.to_numpy(dtype=bool), index=self.rows.index)
        self.flag(~allowed, "unknown-method", "method", method,
                  "a method for the activity", activity.map({a: "methods for " + a + ": " + ", ".join(sorted(m))
                                                            for a, m in ALLOWED_METHODS.items()}))
        self.rows["_method"] = method

    def convert_quantities(self) -> None:
        """t of waste (or persons) per unit the user gave; the conversion is kept for the trail."""
        units = _text(self.rows, "unit")
        population = self.rows["activity"].eq("wastewater_domestic")
        factors = {}
        for unit in units[~population].unique():  # distinct units
            parsed = parse_unit(unit)
            ok = parsed.unit is not None and dimension_of(parsed.unit) == "mass"
            factors[unit] = conversion_factor(str(parsed.unit), "metric_ton") if ok else np.nan
        conversion = units.map(factors).astype("float64")
        conversion = conversion.mask(population, units.str.casefold().isin(POPULATION_UNITS).map({True: 1.0, False: np.nan}))
        self.flag(conversion.isna() & population, "incompatible-unit", "unit", units, "a head count, unit person",
                  "the quantity of wastewater_domestic is the number of people")
        self.flag(conversion.isna() & ~population, "incompatible-unit", "unit", units,
                  "a mass such as t, kg or short_ton", "waste quantities are masses of waste (or of product)")
        self.rows["_conversion"] = conversion
        self.rows["_amount"] = pd.to_numeric(self.rows["quantity"], errors="coerce") * conversion

    def rows_for(self, method: str) -> pd.DataFrame:
        return self.rows.loc[self.rows["_method"].eq(method) & ~self.bad]

    def keep(self, rows: pd.DataFrame) -> pd.Series:
        return ~self.bad.reindex(rows.index, fill_value=True)

    # -- waste composition ----------------------------------------------------------------------
    def shares(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Composition of each row as a long frame (``_row_index``, ``waste_type``, ``share``).

        From ``composition`` when given, else ``waste_type`` with share 1; rows with neither get
        no component. Unreadable compositions and unknown types are reported and their rows dropped.
        """
        known = self.known_types()
        parts, errors = composition_parts(rows, known)
        self.flag(errors["composition"].notna(), "bad-waste-parameter", "composition", errors["composition"],
                  "type:share pairs such as 'food:40; paper:25; plastics:15' (shares in % or fractions, "
                  "adding up to at most 100 %) of the types " + ", ".join(sorted(known)))
        self.flag(errors["waste_type"].notna(), "bad-waste-parameter", "waste_type", errors["waste_type"],
                  "a waste type: " + ", ".join(sorted(known)))
        return parts[parts["_row_index"].isin(rows.index[~errors.notna().any(axis=1)])]

    def known_types(self) -> set[str]:
        types = set()
        for parameter in ("doc", "dm", "cf", "fcf"):
            types |= set(self.values.get(parameter, {}))
        types |= {q.split("/")[1] for q in self.values.get("k", {}) if "/" in q}
        return types | {"industrial", "sewage_sludge"}


# --------------------------------------------------------------------------------------------
# Methods
# --------------------------------------------------------------------------------------------

def _doc(ctx: _Context, rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """DOC of each row [t C / t waste]: the row's ``doc``, else from composition or waste type."""
    parts = ctx.shares(rows)
    doc_i = parts["waste_type"].map(ctx.values.get("doc", {})).fillna(0.0)
    from_parts = (parts["share"] * doc_i).groupby(parts["_row_index"]).sum().reindex(rows.index)
    described = _text(rows, "composition").where(_text(rows, "composition").ne(""), _text(rows, "waste_type"))
    given = ctx.numbers["doc"].reindex(rows.index)
    doc = given.where(given.notna(), from_parts)
    cite = ctx.cites.get("doc", {}).get("food", "IPCC 2006 Vol. 5 Ch. 2 Table 2.4")
    shown = "DOC=" + _fmt(doc) + pd.Series(" (row)", index=rows.index).where(
        given.notna(), " (" + described.fillna("") + " × " + cite + ")")
    ctx.flag(doc.isna(), "bad-waste-parameter", "doc", "nothing", "doc, composition or waste_type on the row",
             "e.g. composition 'food:40; paper:25; garden:10' or waste_type food")
    return doc, shown


def _methane_commitment(ctx: _Context, rows: pd.DataFrame) -> pd.DataFrame:
    doc, doc_txt = _doc(ctx, rows)
    landfill_type = ctx.text("landfill_type", rows).replace("", "uncategorised")
    mcf, mcf_txt = ctx.param(rows, "MCF", "mcf", landfill_type, override="mcf", column="landfill_type")
    docf, docf_txt = ctx.param(rows, "DOCf", "docf", "methane_commitment", override="docf")
    f, f_txt = ctx.param(rows, "F", "f", "", override="ch4_fraction")
    cover = ctx.yes("covered", rows).map({True: "covered", False: "not_covered"})
    ox, ox_txt = ctx.param(rows, "OX", "ox", cover, override="ox")
    f_rec = ctx.numbers["f_rec"].reindex(rows.index).fillna(0.0)
    l0 = landfill.methane_generation_potential(mcf, doc, docf, f)
    ch4 = landfill.methane_commitment(rows["_amount"], l0, f_rec, ox)
    texts = [mcf_txt, doc_txt, docf_txt, f_txt, ox_txt, "f_rec=" + _fmt(f_rec)]
    return _gas_frame(ctx, rows, {"CH4": ch4}, texts)


def _first_order_decay(ctx: _Context, rows: pd.DataFrame, history: pd.DataFrame | None, year: int) -> pd.DataFrame:
    landfill_type = ctx.text("landfill_type", rows).replace("", "uncategorised")
    mcf, mcf_txt = ctx.param(rows, "MCF", "mcf", landfill_type, override="mcf", column="landfill_type")
    docf, docf_txt = ctx.param(rows, "DOCf", "docf", "first_order_decay", override="docf")
    f, f_txt = ctx.param(rows, "F", "f", "", override="ch4_fraction")
    cover = ctx.yes("covered", rows).map({True: "covered", False: "not_covered"})
    ox, ox_txt = ctx.param(rows, "OX", "ox", cover, override="ox")
    recovered = ctx.numbers["recovered_t"].reindex(rows.index).fillna(0.0)
    zone = ctx.text("climate_zone", rows)
    zones = sorted({q.split("/")[0] for q in ctx.values.get("k", {})})
    k_given = ctx.numbers["k"].reindex(rows.index)
    ctx.flag(k_given.isna() & ~zone.isin(zones), "bad-waste-parameter", "climate_zone",
             _text(rows, "climate_zone").replace("", "nothing"), "a climate zone: " + ", ".join(zones),
             "IPCC Table 3.3 k depends on the climate zone; or give k on the row")
    site = ctx.text("site", rows)
    twice = site.duplicated(keep="first") & ctx.keep(rows)
    ctx.flag(twice, "bad-waste-history", "site", site, "one first_order_decay row per site",
             "the history would be counted twice; name each landfill in a site column")
    deposits, history_txt = _history_deposits(ctx, rows, site, history, year)
    # decay of every (row, deposit year, waste type) at once: Eq. 3.2, 3.4-3.6
    deposits = deposits[deposits["_row_index"].isin(rows.index[ctx.keep(rows)])]
    keyed = deposits["_row_index"]
    k_table = (zone.reindex(keyed).to_numpy() + "/" + deposits["waste_type"]).map(ctx.values.get("k", {}))
    k_bulk = (zone.reindex(keyed).to_numpy() + "/bulk")
    k_bulk = pd.Series(k_bulk, index=deposits.index).map(ctx.values.get("k", {}))
    k = pd.Series(k_given.reindex(keyed).to_numpy(), index=deposits.index)
    k = k.where(k.notna(), k_table.where(k_table.notna(), k_bulk.where(deposits["waste_type"].eq("bulk"))))
    degradable = deposits["doc"].gt(0)
    no_k = degradable & k.isna()
    missing = pd.Series(no_k.to_numpy(), index=keyed).groupby(level=0).any().reindex(rows.index, fill_value=False)
    which = deposits.loc[no_k].groupby("_row_index")["waste_type"].agg(lambda t: ", ".join(sorted(set(t))))
    ctx.flag(missing, "bad-waste-parameter", "k", which.reindex(rows.index), "a decay rate k for every "
             "degradable waste type in the history", "IPCC Table 3.3 has no k for it: give k on the row")
    ddocm = landfill.ddoc_deposited(deposits["t"], deposits["doc"], docf.reindex(keyed).to_numpy(),
                                    mcf.reindex(keyed).to_numpy())
    weight = landfill.fod_decay_weights(deposits["year"].to_numpy(), k.fillna(0.0).to_numpy(), year)
    decomposed = (ddocm * weight).groupby(keyed).sum().reindex(rows.index, fill_value=0.0)
    generated = landfill.ch4_generated(decomposed, f)
    ch4 = landfill.ch4_emitted(generated, recovered, ox)
    ctx.flag(recovered.gt(generated), "recovery-exceeds-generation", "recovered_t", _fmt(recovered),
             "at most the methane generated (" + _fmt(generated) + " t)", "emissions set to 0", fatal=False)
    k_txt = _k_text(deposits.assign(k=k), zone, k_given, rows, ctx)
    texts = [mcf_txt, docf_txt, f_txt, ox_txt, "R=" + _fmt(recovered) + " t", k_txt, history_txt]
    return _gas_frame(ctx, rows, {"CH4": ch4}, texts)


def _history_deposits(ctx: _Context, rows: pd.DataFrame, site: pd.Series, history: pd.DataFrame | None,
                      year: int) -> tuple[pd.DataFrame, pd.Series]:
    """Each FOD row's deposits: (row index, year, waste type, t, DOC) from the waste_history rows of its site."""
    empty = pd.DataFrame({"_row_index": pd.Series(dtype="int64"), "year": pd.Series(dtype="float64"),
                          "waste_type": pd.Series(dtype="object"), "t": pd.Series(dtype="float64"),
                          "doc": pd.Series(dtype="float64")})
    if history is None or history.empty:
        ctx.flag(pd.Series(True, index=rows.index), "bad-waste-history", "method", "first_order_decay",
                 "a waste_history sheet with the tonnes landfilled in earlier years",
                 "first-order decay needs the disposal history; or use method methane_commitment")
        return empty, pd.Series("", index=rows.index)
    h = _located(history)
    h_year = pd.to_numeric(h["year"], errors="coerce")
    units = _text(h, "unit").replace("", "t")
    to_t = {}
    for unit in units.unique():  # distinct units
        parsed = parse_unit(unit)
        ok = parsed.unit is not None and dimension_of(parsed.unit) == "mass"
        to_t[unit] = conversion_factor(str(parsed.unit), "metric_ton") if ok else np.nan
    h_t = pd.to_numeric(h["quantity"], errors="coerce") * units.map(to_t).astype("float64")
    bad_year = h_year.isna() | h_year.mod(1).ne(0)
    ctx.problems += problems_from_rows(h[bad_year], "bad-waste-history", column="year",
                                       found=h.loc[bad_year, "year"].astype("string"),
                                       expected="a whole year such as 1998")
    bad_t = ~bad_year & (h_t.isna() | h_t.lt(0))
    ctx.problems += problems_from_rows(h[bad_t], "bad-waste-history", column="quantity",
                                       found=h.loc[bad_t, "quantity"].astype("string") + " " + units[bad_t],
                                       expected="a mass ≥ 0 such as 12000 t")
    later = ~bad_year & h_year.gt(year)
    ctx.problems += problems_from_rows(h[later], "bad-waste-history", column="year",
                                       found=h.loc[later, "year"].astype("string"),
                                       expected=f"a year up to the inventory year {year}",
                                       hint="waste landfilled after the inventory year cannot emit in it; row ignored")
    h = h.assign(_year=h_year, _t=h_t, _site=_text(h, "site").str.casefold().str.replace(r"[\s\-]+", "_", regex=True))
    h = h[~bad_year & ~bad_t & ~later]
    # history rows are described like activity rows: composition, waste_type, or doc (+ waste_type for k)
    known = ctx.known_types()
    parts, errors = composition_parts(h, known)
    doc_given = pd.to_numeric(h["doc"], errors="coerce")
    bad_doc = _text(h, "doc").ne("") & (doc_given.isna() | doc_given.lt(0) | doc_given.gt(1))
    ctx.problems += problems_from_rows(h[bad_doc], "bad-waste-history", column="doc", found=_text(h, "doc")[bad_doc],
                                       expected="a fraction between 0 and 1")
    for column in ("composition", "waste_type"):
        wrong = errors[column].notna() & ~bad_doc
        ctx.problems += problems_from_rows(h[wrong], "bad-waste-history", column=column, found=errors[column][wrong],
                                           expected="type:share pairs or a waste type of " + ", ".join(sorted(known)))
    broken = errors.notna().any(axis=1) | bad_doc
    with_doc = h.index[doc_given.notna() & ~bad_doc]
    types = _text(h, "waste_type").str.casefold().map(lambda t: WASTE_TYPE_ALIASES.get(t, t))
    parts = parts[~parts["_row_index"].isin(with_doc) & ~parts["_row_index"].isin(h.index[broken])]
    parts = parts.assign(doc=parts["waste_type"].map(ctx.values.get("doc", {})).fillna(0.0).astype("float64"))
    given = pd.DataFrame({"_row_index": with_doc, "share": 1.0, "doc": doc_given.loc[with_doc].to_numpy(),
                          "waste_type": types.loc[with_doc].replace("", "bulk").to_numpy()})
    parts = pd.concat([parts, given], ignore_index=True)
    undescribed = ~h.index.isin(parts["_row_index"]) & ~broken
    ctx.problems += problems_from_rows(h[undescribed], "bad-waste-history", column="waste_type", found="nothing",
                                       expected="waste_type, doc or composition")
    # link history rows to the FOD rows by site
    link = pd.DataFrame({"_site": site.to_numpy(), "_fod": rows.index})
    described = h.loc[h.index.isin(parts["_row_index"]), ["_site", "_year", "_t"]]
    linked = described.reset_index(names="_h").merge(link, on="_site", how="inner", validate="many_to_one")
    parts = parts.merge(linked, left_on="_row_index", right_on="_h", how="inner", validate="many_to_one")
    deposits = pd.DataFrame({"_row_index": parts["_fod"].to_numpy(), "year": parts["_year"].to_numpy(dtype="float64"),
                             "waste_type": parts["waste_type"].to_numpy(),
                             "t": (parts["_t"] * parts["share"]).to_numpy(dtype="float64"),
                             "doc": parts["doc"].to_numpy(dtype="float64")})
    counted = linked.groupby("_fod")
    first, last, n = counted["_year"].min(), counted["_year"].max(), counted.size()
    text = ("history " + first.astype(int).astype(str) + "-" + last.astype(int).astype(str) + " ("
            + n.astype(str) + " waste_history rows)").reindex(rows.index)
    ctx.flag(text.isna(), "bad-waste-history", "site", site.where(site.ne(""), "(no site)"),
             "waste_history rows for this site", "first-order decay needs the tonnes landfilled in earlier years")
    return deposits, text.fillna("")


def _k_text(deposits: pd.DataFrame, zone: pd.Series, k_given: pd.Series, rows: pd.DataFrame,
            ctx: _Context) -> pd.Series:
    """``k: food 0.185, paper 0.06 (Table 3.3, zone)``, from the waste types each zone's history holds."""
    pairs = deposits[deposits["doc"].gt(0)].assign(zone=zone.reindex(deposits["_row_index"]).to_numpy())
    pairs = pairs.drop_duplicates(["zone", "waste_type"]).sort_values(["zone", "waste_type"])
    listed = {z: ", ".join(g["waste_type"] + " " + _fmt(g["k"])) for z, g in pairs.groupby("zone")}  # ≤ 4 zones
    cite = next(iter(ctx.cites.get("k", {}).values()), "IPCC 2006 Vol. 5 Ch. 3 Table 3.3")
    from_table = "k: " + zone.map(listed).astype(object).fillna("none") + " (" + cite + " " + zone + ")"
    return from_table.where(k_given.isna(), "k=" + _fmt(k_given) + " (row)")


def _biological(ctx: _Context, rows: pd.DataFrame) -> pd.DataFrame:
    method = rows["_method"]
    basis = ctx.text("basis", rows).replace("", "wet")
    ctx.flag(~basis.isin(["wet", "dry"]), "bad-waste-parameter", "basis", _text(rows, "basis"), "wet or dry")
    qualifier = method + "/" + basis
    ef_ch4, ch4_txt = ctx.param(rows, "EF_CH4", "bio_ef_ch4", qualifier, override="ef_ch4")
    ef_n2o, n2o_txt = ctx.param(rows, "EF_N2O", "bio_ef_n2o", qualifier, override="ef_n2o")
    recovered = ctx.numbers["recovered_t"].reindex(rows.index).fillna(0.0)
    produced = biological.biological_ch4(rows["_amount"], ef_ch4, 0.0)
    ctx.flag(recovered.gt(produced), "recovery-exceeds-generation", "recovered_t", _fmt(recovered),
             "at most the methane produced (" + _fmt(produced) + " t)", "emissions set to 0", fatal=False)
    ch4 = biological.biological_ch4(rows["_amount"], ef_ch4, recovered)
    n2o = biological.biological_n2o(rows["_amount"], ef_n2o)
    texts = ["basis=" + basis, ch4_txt + " g/kg", n2o_txt + " g/kg", "R=" + _fmt(recovered) + " t"]
    return _gas_frame(ctx, rows, {"CH4": ch4, "N2O": n2o}, texts)


def _burning(ctx: _Context, rows: pd.DataFrame) -> pd.DataFrame:
    method = rows["_method"]
    composition = _text(rows, "composition").ne("")
    parts = ctx.shares(rows)
    per = {p: parts["waste_type"].map(ctx.values.get(p, {})) for p in ("dm", "cf", "fcf")}
    lacking = pd.concat(per, axis=1).isna().any(axis=1) & parts["share"].gt(0)
    # composition: Σ_j WF_j·dm_j·CF_j·FCF_j (Eq. 5.2); one waste type: its Table 2.4 values
    fossil_j, bio_j = incineration.carbon_fraction(per["dm"], per["cf"], per["fcf"])
    fossil_c = (parts["share"] * fossil_j).groupby(parts["_row_index"]).sum(min_count=1).reindex(rows.index)
    bio_c = (parts["share"] * bio_j).groupby(parts["_row_index"]).sum(min_count=1).reindex(rows.index)
    dm_mix = (parts["share"] * per["dm"]).groupby(parts["_row_index"]).sum(min_count=1).reindex(rows.index)
    bad_part = lacking.groupby(parts["_row_index"]).any().reindex(rows.index, fill_value=False)
    which = parts.loc[lacking].groupby("_row_index")["waste_type"].agg(lambda t: ", ".join(sorted(set(t))))
    # the row's own dm, cf, fcf replace the table's (for one waste type or mixed waste)
    own = {p: ctx.numbers[p].reindex(rows.index) for p in ("dm", "cf", "fcf")}
    any_own = pd.concat(own, axis=1).notna().any(axis=1)
    single = parts.drop_duplicates("_row_index").set_index("_row_index").reindex(rows.index)
    table_single = {p: single["waste_type"].map(ctx.values.get(p, {})) for p in ("dm", "cf", "fcf")}
    mixed = {p: own[p].where(own[p].notna(), table_single[p]) for p in own}
    use_own = any_own & ~composition
    m_fossil, m_bio = incineration.carbon_fraction(mixed["dm"], mixed["cf"], mixed["fcf"])
    fossil_c = fossil_c.where(~use_own, m_fossil)
    bio_c = bio_c.where(~use_own, m_bio)
    dm_mix = dm_mix.where(~use_own, mixed["dm"])
    ctx.flag(bad_part & ~use_own, "bad-waste-parameter", "composition", which.reindex(rows.index),
             "waste types with dry matter, carbon and fossil carbon defaults (IPCC Table 2.4)",
             "give dm, cf and fcf on the row for these")
    ctx.flag(fossil_c.isna() & ~bad_part, "bad-waste-parameter", "composition", "nothing",
             "composition, waste_type, or dm, cf and fcf on the row", "e.g. composition 'food:40; paper:25; plastics:15'")
    of, of_txt = ctx.param(rows, "OF", "of", method, override="of")
    co2 = incineration.incineration_co2(rows["_amount"], fossil_c, of)
    co2_bio = incineration.incineration_co2(rows["_amount"], bio_c, of)
    described = _text(rows, "composition").where(_text(rows, "composition").ne(""), _text(rows, "waste_type"))
    carbon_txt = ("fossil C=" + _fmt(fossil_c) + " t/t, biogenic C=" + _fmt(bio_c) + " t/t ("
                  + described.where(~use_own, "row dm/cf/fcf") + "; IPCC 2006 Vol. 5 Ch. 2 Table 2.4)")
    gases = {"CO2": co2, "CO2_biogenic": co2_bio}
    texts = [carbon_txt, of_txt]
    # CH4 by technology (Table 5.3); none shipped for open burning
    technology = ctx.text("technology", rows)
    ch4_qual = technology.where(method.eq("incineration"), "open_burning")
    ef_ch4, ch4_txt = ctx.param(rows, "EF_CH4", "inc_ef_ch4", ch4_qual, override="ef_ch4", required=False)
    ctx.flag(ef_ch4.isna(), "gas-not-estimated", "technology", "CH4 of " + method,
             "an incinerator technology (" + ", ".join(sorted(ctx.values.get("inc_ef_ch4", {}))) + ") or ef_ch4 [g/t]",
             method.map({"incineration": "CH4 not estimated for this row",
                         "open_burning": "no IPCC default is shipped for open burning: give ef_ch4 [g/t] on the row"}),
             fatal=False)
    gases["CH4"] = incineration.incineration_gas(rows["_amount"], ef_ch4)
    texts.append(ch4_txt + " g/t")
    # N2O (Table 5.4): per wet tonne, except open burning per dry tonne
    waste_type = ctx.text("waste_type", rows).map(lambda t: WASTE_TYPE_ALIASES.get(t, t))
    klass = waste_type.where(waste_type.isin(["industrial", "sewage_sludge"]), "msw")
    tech_group = technology.str.replace(r"_(stoker|fluidised_bed)$", "", regex=True).replace("semi_continuous", "continuous")
    n2o_qual = (klass + "/all").where(klass.ne("msw"), "msw/" + tech_group.where(method.eq("incineration"), "open_burning"))
    ef_n2o, n2o_txt = ctx.param(rows, "EF_N2O", "inc_ef_n2o", n2o_qual, override="ef_n2o", required=False)
    n2o_mass = rows["_amount"].where(method.eq("incineration"), rows["_amount"] * dm_mix)
    ctx.flag(ef_n2o.isna() | n2o_mass.isna(), "gas-not-estimated", "technology", "N2O of " + method,
             "an incinerator technology with an N2O default (continuous or semi-continuous) or ef_n2o [g/t]",
             "N2O not estimated for this row (no default for batch-type incinerators is shipped)", fatal=False)
    gases["N2O"] = incineration.incineration_gas(n2o_mass, ef_n2o)
    texts.append(n2o_txt + " g/t" + method.map({"incineration": " wet", "open_burning": " dry"}))
    return _gas_frame(ctx, rows, gases, texts)


def _wastewater_domestic(ctx: _Context, rows: pd.DataFrame) -> pd.DataFrame:
    people = rows["_amount"]
    utilisation = ctx.numbers["utilisation"].reindex(rows.index).fillna(1.0)
    bod, bod_txt = ctx.param(rows, "BOD", "bod", _text(rows, "bod_region"),
                             override="bod", column="bod_region")
    pathway = ctx.text("pathway", rows)
    mcf, mcf_txt = ctx.param(rows, "MCF", "ww_mcf", pathway, override="mcf", column="pathway")
    b0, b0_txt = ctx.param(rows, "B0", "b0_bod", "", override="b0")
    collected_given = ctx.text("collected", rows)
    collected = collected_given.isin(_YES).where(collected_given.ne(""), ~pathway.str.match(_SEPTIC_OR_LATRINE.pattern))
    i_factor, i_txt = ctx.param(rows, "I", "i_factor", collected.map({True: "collected", False: "not_collected"}),
                                override="i_factor")
    sludge = ctx.numbers["sludge_t"].reindex(rows.index).fillna(0.0) * 1000.0
    recovered = ctx.numbers["recovered_t"].reindex(rows.index).fillna(0.0) * 1000.0
    tow = wastewater.domestic_organics(people, bod, i_factor)
    ef = wastewater.wastewater_ef(b0, mcf)
    produced = np.maximum(tow - sludge, 0.0) * utilisation * ef
    ctx.flag(recovered.gt(produced), "recovery-exceeds-generation", "recovered_t", _fmt(recovered / 1000.0),
             "at most the methane produced (" + _fmt(produced / 1000.0) + " t)", "emissions set to 0", fatal=False)
    ch4 = wastewater.wastewater_ch4(tow, sludge, ef, utilisation, recovered)
    texts = [bod_txt + " g/person/day", i_txt, mcf_txt, b0_txt + " kg CH4/kg BOD", "U×T=" + _fmt(utilisation),
             "S=" + _fmt(sludge / 1000.0) + " t BOD", "R=" + _fmt(recovered / 1000.0) + " t"]
    gases = {"CH4": ch4}
    protein = ctx.numbers["protein"].reindex(rows.index)
    ctx.flag(protein.isna(), "gas-not-estimated", "protein", "N2O of wastewater_domestic",
             "protein consumption per person [kg/person/yr]", "effluent N2O not estimated; give protein on the row",
             fatal=False)
    f_npr, npr_txt = ctx.param(rows, "F_NPR", "f_npr", "")
    garbage = ctx.yes("garbage_disposal", rows).map({True: "garbage_disposal", False: ""})
    f_non_con, non_con_txt = ctx.param(rows, "F_NON-CON", "f_non_con", garbage)
    f_ind_com, ind_com_txt = ctx.param(rows, "F_IND-COM", "f_ind_com", "")
    ef_eff, ef_txt = ctx.param(rows, "EF_EFFLUENT", "ef_effluent", "")
    sludge_n = ctx.numbers["sludge_n_t"].reindex(rows.index).fillna(0.0) * 1000.0
    n_eff = wastewater.effluent_nitrogen(people * utilisation, protein, f_npr, f_non_con, f_ind_com, sludge_n)
    gases["N2O"] = wastewater.effluent_n2o(n_eff, ef_eff)
    texts += ["protein=" + _fmt(protein) + " kg/person/yr (row)", npr_txt, non_con_txt, ind_com_txt, ef_txt,
              "N_sludge=" + _fmt(sludge_n / 1000.0) + " t"]
    return _gas_frame(ctx, rows, gases, texts)


def _wastewater_industrial(ctx: _Context, rows: pd.DataFrame) -> pd.DataFrame:
    industry = ctx.text("industry", rows)
    w, w_txt = ctx.param(rows, "W", "ww_per_t", industry, override="ww_per_t", column="industry")
    cod, cod_txt = ctx.param(rows, "COD", "cod", industry, override="cod", column="industry")
    pathway = ctx.text("pathway", rows)
    mcf, mcf_txt = ctx.param(rows, "MCF", "ww_mcf", pathway, override="mcf", column="pathway")
    b0, b0_txt = ctx.param(rows, "B0", "b0_cod", "", override="b0")
    utilisation = ctx.numbers["utilisation"].reindex(rows.index).fillna(1.0)
    sludge = ctx.numbers["sludge_t"].reindex(rows.index).fillna(0.0) * 1000.0
    recovered = ctx.numbers["recovered_t"].reindex(rows.index).fillna(0.0) * 1000.0
    tow = wastewater.industrial_organics(rows["_amount"], w, cod)
    ef = wastewater.wastewater_ef(b0, mcf)
    produced = np.maximum(tow - sludge, 0.0) * utilisation * ef
    ctx.flag(recovered.gt(produced), "recovery-exceeds-generation", "recovered_t", _fmt(recovered / 1000.0),
             "at most the methane produced (" + _fmt(produced / 1000.0) + " t)", "emissions set to 0", fatal=False)
    ch4 = wastewater.wastewater_ch4(tow, sludge, ef, utilisation, recovered)
    texts = [w_txt + " m3/t", cod_txt + " kg COD/m3", mcf_txt, b0_txt + " kg CH4/kg COD", "U×T=" + _fmt(utilisation),
             "S=" + _fmt(sludge / 1000.0) + " t COD", "R=" + _fmt(recovered / 1000.0) + " t"]
    return _gas_frame(ctx, rows, {"CH4": ch4}, texts)


_METHODS = {
    "methane_commitment": _methane_commitment, "first_order_decay": _first_order_decay,
    "composting": _biological, "anaerobic_digestion": _biological,
    "incineration": _burning, "open_burning": _burning,
    "wastewater_domestic": _wastewater_domestic, "wastewater_industrial": _wastewater_industrial,
}


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------

RECORD_COLUMNS = ["_idx", "_file", "_sheet", "_row", "gpc_ref", "activity", "quantity", "unit", "region",
                  "description", "source", "data_quality", "model_year", "_derived", "loss_pct", "gas", "t",
                  "co2e_t", "set_id", "edition", "factor_id", "_value", "factor_unit", "_conversion", "_to_t",
                  "_quality", "applies_to", "factor_region", "factor_model_year", "gwp_basis", "factor_table",
                  "source_ref", "factor_notes"]


def _gas_frame(ctx: _Context, rows: pd.DataFrame, gases: dict[str, pd.Series], texts: list) -> pd.DataFrame:
    """Long frame (row × gas) of the rows still good, with the trail text of the parameters."""
    good = rows.index[ctx.keep(rows)]
    base = rows.loc[good, [c for c in dict.fromkeys((*RECORD_COLUMNS, "_method")) if c in rows.columns]]
    text = _join_texts(texts, rows.index).loc[good]
    frames = []
    for gas, tonnes in gases.items():
        tonnes = pd.Series(tonnes, index=rows.index).reindex(good)
        keep = tonnes.notna().to_numpy()
        frames.append(base[keep].assign(gas=gas, t=tonnes[keep].astype("float64"), source_ref=text[keep]))
    return pd.concat(frames) if frames else pd.DataFrame()


def _join_texts(texts: list, index: pd.Index) -> pd.Series:
    """``"; "``-joined parts, built once per distinct combination of parts (rows repeat them)."""
    parts = pd.DataFrame({i: (p if isinstance(p, pd.Series) else pd.Series(p, index=index)).reindex(index)
                          .astype(object).fillna("") for i, p in enumerate(texts)}, index=index)
    if parts.empty:
        return pd.Series("", index=index, dtype=object)
    codes = parts.groupby(list(parts.columns), sort=False).ngroup().to_numpy()
    first = parts[~pd.Series(codes).duplicated().to_numpy()]
    joined = np.array(["; ".join(x for x in combo if x) for combo in first.itertuples(index=False, name=None)],
                      dtype=object)  # distinct combinations
    return pd.Series(joined[codes], index=index)


def _finish(records: pd.DataFrame, ctx: _Context, gwps: dict[str, float]) -> pd.DataFrame:
    if records.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in RECORD_COLUMNS})
    records = records[~ctx.bad.reindex(records.index, fill_value=True).to_numpy()].copy()
    records = records.reset_index(drop=True)
    per_unit = records["quantity"].astype("float64") * records["_conversion"]
    records["_value"] = (records["t"] / per_unit).where(per_unit.ne(0), 0.0)
    records["factor_unit"] = np.where(records["activity"].eq("wastewater_domestic"), "t/person", "t/t")
    records["co2e_t"] = to_co2e(records["gas"], records["t"], gwps)
    records["factor_id"] = records["_method"]
    records["factor_notes"] = records["_method"].map(METHOD_REFERENCES)
    records["applies_to"] = records["gpc_ref"].map({r: r.rsplit(".", 1)[0] for r in records["gpc_ref"].unique()})
    records["set_id"], records["edition"] = SET_ID, EDITION
    records["factor_table"] = "Default parameters of the waste methods (parameters.csv)"
    records["_derived"], records["loss_pct"], records["_to_t"], records["_quality"] = "", np.nan, 1.0, "L"
    records["factor_region"], records["factor_model_year"], records["gwp_basis"] = "", "", ""
    for column in ("_idx", "_file", "_sheet", "_row", "region", "description", "source", "data_quality", "model_year"):
        if column not in records.columns:
            records[column] = records.index if column == "_idx" else ""
    order = {"CO2": 0, "CO2_biogenic": 1, "CH4": 2, "N2O": 3}
    records = records.assign(_o=records["gas"].map(order)).sort_values(["_idx", "_o"], kind="stable")
    return records[RECORD_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

def composition_parts(rows: pd.DataFrame, known: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Waste components of each row and what is wrong with them.

    Returns ``parts`` (``_row_index``, ``waste_type``, ``share`` [fraction]) and ``errors``
    (columns ``composition`` and ``waste_type``: a message, or NaN). Composition strings are
    parsed once per distinct value.
    """
    text = _text(rows, "composition")
    types = _text(rows, "waste_type").str.casefold().str.replace(r"[\s\-/]+", "_", regex=True)
    types = types.map(lambda t: WASTE_TYPE_ALIASES.get(t, t))  # distinct spellings are few; map is per value
    parsed = {value: _parse_composition(value) for value in text[text.ne("")].unique()}
    messages = {v: p for v, p in parsed.items() if isinstance(p, str)}
    messages.update({v: "unknown waste type " + ", ".join(sorted(set(p) - known))
                     for v, p in parsed.items() if isinstance(p, dict) and set(p) - known})
    errors = pd.DataFrame({"composition": text.map(messages),
                           "waste_type": types.where(text.eq("") & types.ne("") & ~types.isin(known))})
    good = {v: p for v, p in parsed.items() if v not in messages}
    long = pd.DataFrame({"_row_index": rows.index, "_text": text.to_numpy()})
    long = long[long["_text"].isin(list(good))]
    table = pd.DataFrame([(v, t, share) for v, p in good.items() for t, share in p.items()],
                         columns=["_text", "waste_type", "share"])
    parts = long.merge(table, on="_text", how="inner").drop(columns="_text")
    single = text.eq("") & types.ne("") & types.isin(known)
    parts = pd.concat([parts, pd.DataFrame({"_row_index": rows.index[single], "waste_type": types[single].to_numpy(),
                                            "share": 1.0})], ignore_index=True)
    return parts.astype({"share": "float64"}), errors


def _fmt(values) -> pd.Series:
    """Numbers for the trail text: up to 6 significant digits, no float noise; blank for NaN."""
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    distinct = {v: ("" if pd.isna(v) else f"{v:.6g}") for v in series.unique()}
    return series.map(distinct).astype(str)


def _short_source(source: pd.Series) -> pd.Series:
    short = pd.Series("", index=source.index)
    short = short.mask(source.str.startswith("2006 IPCC"), "IPCC 2006 Vol. 5")
    short = short.mask(source.str.startswith("Global Protocol"), "GPC 2014")
    return short.where(short.ne(""), source)


def _located(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a companion table with the location columns problems need and every history column."""
    frame = table.copy()
    frame.attrs = dict(table.attrs)
    if "_row" not in frame.columns:
        frame["_row"] = np.arange(2, len(frame) + 2)
    for column in ("_file", "_sheet"):
        if column not in frame.columns:
            frame[column] = "waste_history" if column == "_file" else None
    for column in HISTORY_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    return frame


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series("", index=frame.index)
    values = frame[column]
    if values.isna().all():
        return pd.Series("", index=frame.index, dtype=object)
    distinct = {v: ("" if v is None or (isinstance(v, float) and v != v) else
                    (f"{v:g}" if isinstance(v, float) and v.is_integer() else str(v)).strip())
                for v in values.unique()}  # distinct cell values
    # NaN is not equal to itself, so a dict cannot map it: blank cells are set apart first
    return values.map(distinct).astype(object).where(values.notna(), "")


def _to_number(text: str) -> float:
    """``"0.25"`` → 0.25, ``"25%"`` → 0.25, ``""`` or junk → NaN."""
    text = text.strip()
    scale = 100.0 if text.endswith("%") else 1.0
    try:
        value = float(text.rstrip("%").strip()) / scale if text else np.nan
    except ValueError:
        return np.nan
    return value if np.isfinite(value) else np.nan


def _key(text: pd.Series) -> pd.Series:
    """Case-folded, with spaces and hyphens as underscores: ``Managed Anaerobic`` → ``managed_anaerobic``."""
    distinct = {v: re.sub(r"[\s\-]+", "_", v.casefold()) if isinstance(v, str) else "" for v in text.unique()}
    return text.map(distinct).astype(object)


def _parse_composition(text: str) -> dict[str, float] | str:
    """``'food:40; paper:25'`` → ``{'food': 0.4, 'paper': 0.25}``, or a message saying what is wrong."""
    shares: dict[str, float] = {}
    for item in re.split(r"[;,]", text):  # the items of one distinct composition string
        item = item.strip()
        if not item:
            continue
        match = re.fullmatch(r"([A-Za-z][A-Za-z _/\-]*?)\s*[:=]?\s*([0-9]+(?:\.[0-9]+)?)\s*(%?)", item)
        if match is None:
            return f'"{item}" is not type:share'
        name = re.sub(r"[\s\-/]+", "_", match.group(1).strip().casefold())
        name = WASTE_TYPE_ALIASES.get(name, name)
        shares[name] = shares.get(name, 0.0) + float(match.group(2)) / (100.0 if match.group(3) else 1.0)
    total = sum(shares.values())
    if total > 1.0 + 1e-9:
        if total > 100.0 + 1e-6:
            return f"the shares add up to {total:g}, more than 100 %"
        shares = {k: v / 100.0 for k, v in shares.items()}
    return shares if shares else "no type:share pair"
