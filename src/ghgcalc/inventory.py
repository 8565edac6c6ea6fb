"""The result of a calculation: GPC lines, totals, the per-row trail, problems and provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ghgcalc._version import __version__
from ghgcalc.config import InventoryConfig
from ghgcalc.gpc import TOTALS, gpc_lines, refs_in_text_order
from ghgcalc.gwp import AS_CO2E, NOT_IN_CO2E, gas_family
from ghgcalc.problems import Problem, has_errors, make_problem

if TYPE_CHECKING:
    from ghgcalc.factors.model import FactorSet
    from ghgcalc.factors.select import Choice
    from ghgcalc.readers import InputData

# Per-gas columns of the GPC table, in GPC reporting order. HFCs and PFCs are groups of gases
# and are shown in t CO2e; the others in tonnes of the gas.
GAS_COLUMNS = {"CO2": "co2_t", "CH4": "ch4_t", "N2O": "n2o_t", "HFCs": "hfcs_t_co2e", "PFCs": "pfcs_t_co2e",
               "SF6": "sf6_t", "NF3": "nf3_t"}
_QUALITY_RANK = {"L": 1, "M": 2, "H": 3}
_RANK_QUALITY = {v: k for k, v in _QUALITY_RANK.items()}
TRAIL_BASE = ["file", "sheet", "row", "derived", "gpc_ref", "activity", "quantity", "unit", "region", "model_year",
              "description", "source", "data_quality", "loss_pct"]


@dataclass
class Inventory:
    """A GPC inventory and everything needed to see how each number was made.

    Attributes
    ----------
    lines : DataFrame
        Every GPC line in GPC order: sector, sub-sector, scope, per-gas tonnes (``co2_t`` …),
        ``co2e_t``, ``co2_biogenic_t``, ``notation_key``, data quality and total memberships.
    line_gases : DataFrame
        (gpc_ref, gas, t) for every gas with emissions, HFCs and PFCs by name.
    totals : dict
        ``basic``, ``basic_plus``, ``territorial``, ``scope1``, ``scope2``, ``scope3`` [t CO2e],
        plus ``by_sector``, ``gases`` and ``per_capita``.
    trail : DataFrame
        One row per input row used (and per derived T&D row) with the factors and results;
        built when first asked for (a million-row trail takes seconds and gigabytes).
    factors_used : DataFrame
        Every factor that contributed, with its set, edition, table and citation.
    problems : list of Problem
        Everything found wrong or worth a warning, located.
    metadata : dict
        ghgcalc version, settings, input hash, factor editions and table hashes.
    """

    config: InventoryConfig | None
    lines: pd.DataFrame
    line_gases: pd.DataFrame
    totals: dict[str, Any]
    _trail: pd.DataFrame | None
    factors_used: pd.DataFrame
    problems: list[Problem]
    metadata: dict[str, Any]
    input_rows: int = 0
    rejected_rows: list[int] = field(default_factory=list)
    _source: _TrailSource | None = field(default=None, repr=False, compare=False)

    @property
    def trail(self) -> pd.DataFrame:
        if self._trail is None:
            self._trail = self._source.per_row() if self._source is not None else pd.DataFrame()
        return self._trail

    @property
    def trail_rows(self) -> int:
        """Number of rows of :attr:`trail`, without building it."""
        if self._trail is None and self._source is not None:
            return self._source.count()
        return len(self.trail)

    def calculations(self) -> pd.DataFrame:
        """The trail grouped by calculation: one row per distinct way rows were computed.

        Rows of one input table with the same line, activity, unit, region, model year and
        pinned factor get the same factors and conversions; each group is one row here with the
        trail's columns (file, sheet, derived, gpc_ref, activity, unit, region, model_year,
        loss_pct and per gas the factor set, id, value, unit and conversion), ``calculation``
        (its number), ``row_count``, ``rows`` (the input row numbers, an array) and the sums of
        ``quantity``, ``co2e_t`` and each gas's tonnes over its rows. Per-row text
        (description, source, data quality) stays in the input and in :attr:`trail`.
        """
        if self._source is None:
            return _calculations_from_trail(self.trail)
        return self._source.calculations()

    @property
    def ok(self) -> bool:
        """True when no problem is an error (warnings allowed)."""
        return not has_errors(self.problems)

    def to_frame(self) -> pd.DataFrame:
        """The GPC table as a DataFrame, one row per line."""
        return self.lines.copy()

    def to_document(self) -> dict[str, Any]:
        """The JSON document of SPEC §6 as Python objects (see ``ghgcalc schema``)."""
        from ghgcalc.reporters.json import inventory_document
        return inventory_document(self)

    def to_json(self, path=None) -> str:
        """The JSON document as text; written atomically to ``path`` when given."""
        from ghgcalc.reporters.json import render_json
        text = render_json(self)
        if path is not None:
            from ghgcalc.reporters import write_atomic
            write_atomic(path, text.encode("utf-8"))
        return text

    def to_excel(self, path) -> None:
        """Write the Excel workbook (Summary with charts, GPC Table, Trail, Factors, Metadata) to ``path``."""
        from ghgcalc.reporters.excel import write_excel
        write_excel(self, path)

    @classmethod
    def failed(cls, data: InputData, problems: list[Problem]) -> Inventory:
        """An inventory that could not be calculated (e.g. no year): problems only."""
        empty = pd.DataFrame()
        return cls(None, _empty_lines(), empty, {}, empty, empty, problems,
                   _metadata(data, None, [], None, None), input_rows=len(data.activity.frame))


def build_inventory(*, data: InputData, config: InventoryConfig, rows: pd.DataFrame, records: pd.DataFrame,
                    factor_info: pd.DataFrame, notation: pd.DataFrame, choices: list[Choice], gwp_set: FactorSet,
                    custom: pd.DataFrame, problems: list[Problem], country: str | None, strict: bool = False,
                    gwp_reason: str = "") -> Inventory:
    """Aggregate per-gas records into GPC lines and totals; apply notation keys; keep the trail.

    ``records`` are narrow (see ``engine.RECORD_COLUMNS``): each points to its input row in
    ``rows`` (``_idx``) and to its factor in ``factor_info`` (``_f``).
    """
    kinds = _kind_codes(records)
    groups = _record_groups(records, kinds)
    lines, line_gases, line_problems = _lines(records, rows, factor_info, notation, config, strict, groups)
    problems = problems + line_problems + _partial_gas_warnings(line_gases, records, kinds)
    totals = _totals(lines, line_gases, config)
    used = _factors_used(records, rows, factor_info, choices)
    metadata = _metadata(data, config, choices, gwp_set, country, gwp_reason)
    return Inventory(config, lines, line_gases, totals, None, used, problems, metadata,
                     input_rows=len(rows), rejected_rows=sorted(rows.loc[rows["_bad"], "_row"].astype(int).tolist()),
                     _source=_TrailSource(records, rows, factor_info, config, lines, groups))


@dataclass
class _TrailSource:
    """What the trail is made from: the narrow records, the validated rows and the factors."""

    records: pd.DataFrame
    rows: pd.DataFrame
    info: pd.DataFrame
    config: InventoryConfig
    lines: pd.DataFrame
    groups: tuple[np.ndarray, np.ndarray]  # what _record_groups(records) gives

    def per_row(self) -> pd.DataFrame:
        return _hide_confidential(_trail(self.records, self.rows, self.info, self.config, self.groups), self.lines)

    def count(self) -> int:
        return len(self.groups[1])

    def calculations(self) -> pd.DataFrame:
        records, rows = self.records, self.rows
        if records.empty:
            return _calculations_from_trail(self.per_row())
        codes, first = self.groups
        at = record_positions(records, rows, first)
        derived_codes, kinds = _kind_codes(records, first)
        row_numbers = rows["_row"].to_numpy(dtype="int64")[at]
        order = _sort_order(_ranks(kinds)[derived_codes], row_numbers,
                            _ranks_at(rows["_sheet"], at), _ranks_at(rows["_file"], at))  # the trail's order
        signature = records["_calc"].to_numpy(dtype="int64")[first] * (len(kinds) + 1) + derived_codes
        calc_sorted, _ = pd.factorize(signature[order])  # numbered in trail order
        calc_of_group = np.empty(len(first), dtype=np.int32)
        calc_of_group[order] = calc_sorted
        representative = order[np.flatnonzero(~pd.Series(calc_sorted).duplicated().to_numpy())]
        is_representative = np.zeros(len(first), dtype=bool)
        is_representative[representative] = True
        shown = _trail(records.iloc[np.flatnonzero(is_representative[codes])], rows, self.info, self.config)
        calc_of_record = calc_of_group[codes]
        calculations = len(shown)  # every calculation number has records
        shown["quantity"] = _group_sums(records["quantity"].to_numpy(dtype="float64")[first][order], calc_sorted,
                                        calculations)
        shown["co2e_t"] = _group_sums(records["co2e_t"], calc_of_record, calculations)
        gas_codes, gases = _gas_codes(records, self.info)
        pair = calc_of_record * np.int32(len(gases)) + gas_codes  # (calculation, gas)
        sums = _group_sums(records["t"], pair, calculations * len(gases)).reshape(calculations, len(gases))
        present = np.bincount(pair, minlength=calculations * len(gases)).reshape(calculations, len(gases)) > 0
        for code in np.unique(gas_codes):  # a few gases
            gas = gases[code]
            prefix = "co2e_only" if gas == AS_CO2E else gas.lower().replace("-", "_")
            shown[f"{prefix}_t"] = np.where(present[:, code], sums[:, code], np.nan)
        counts = np.bincount(calc_sorted, minlength=calculations)
        by_calc = row_numbers[order][_stable_argsort(calc_sorted)]
        shown = shown.drop(columns=["row", "description", "source", "data_quality"])
        shown.insert(0, "calculation", np.arange(1, len(shown) + 1))
        shown.insert(1, "row_count", counts)
        shown.insert(2, "rows", np.split(by_calc, np.cumsum(counts)[:-1]))
        return _hide_confidential(shown, self.lines)


def _calculations_from_trail(trail: pd.DataFrame) -> pd.DataFrame:
    """:meth:`Inventory.calculations` of a small or empty trail: one calculation per row."""
    shown = trail.drop(columns=[c for c in ("row", "description", "source", "data_quality") if c in trail.columns])
    shown.insert(0, "calculation", np.arange(1, len(trail) + 1))
    shown.insert(1, "row_count", np.ones(len(trail), dtype="int64"))
    shown.insert(2, "rows", [np.array([r], dtype="int64") for r in trail["row"]] if "row" in trail else [])
    return shown


def _empty_lines() -> pd.DataFrame:
    lines = gpc_lines().copy()
    for column in [*GAS_COLUMNS.values(), "co2e_t", "co2_biogenic_t"]:
        lines[column] = np.nan
    lines["notation_key"] = ""
    return lines


def _lines(records: pd.DataFrame, rows: pd.DataFrame, info: pd.DataFrame, notation: pd.DataFrame,
           config: InventoryConfig, strict: bool,
           groups: tuple[np.ndarray, np.ndarray]) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    lines = gpc_lines().copy()
    problems: list[Problem] = []
    # integer codes of lines and gases, so that each sum groups numbers, not text (same sums and
    # order as grouping by the text: pandas adds each group's records in record order)
    ref_codes, refs = _line_codes(records)  # sorted: sums digit for digit as by text
    gas_codes, gases = _gas_codes(records, info)
    pair_codes, pairs = dense_codes(ref_codes * np.int32(len(gases) + 1) + gas_codes, len(refs) * (len(gases) + 1))
    line_gases = pd.DataFrame({
        "gpc_ref": refs[pairs // (len(gases) + 1)], "gas": np.asarray(gases, dtype=object)[pairs % (len(gases) + 1)],
        "t": _group_sums(records["t"], pair_codes, len(pairs)),
        "co2e_t": _group_sums(records["co2e_t"], pair_codes, len(pairs))})
    line_gases["family"] = line_gases["gas"].map({g: gas_family(g) for g in line_gases["gas"].unique()})
    order = lines.set_index("gpc_ref")["order"]
    line_gases = line_gases.assign(_o=line_gases["gpc_ref"].map(order)).sort_values(["_o", "gas"]).drop(columns="_o")
    wide_t = line_gases.pivot_table(index="gpc_ref", columns="family", values="t", aggfunc="sum")
    wide_co2e = line_gases.pivot_table(index="gpc_ref", columns="family", values="co2e_t", aggfunc="sum")
    for family, column in GAS_COLUMNS.items():
        source = wide_co2e if column.endswith("co2e") else wide_t
        lines[column] = lines["gpc_ref"].map(source[family]) if family in source.columns else np.nan
    lines["co2e_only_t"] = lines["gpc_ref"].map(wide_t[AS_CO2E]) if AS_CO2E in wide_t.columns else np.nan
    lines["co2e_t"] = lines["gpc_ref"].map(pd.Series(_group_sums(records["co2e_t"], ref_codes, len(refs)),
                                                     index=refs))  # every code occurs
    lines["co2_biogenic_t"] = lines["gpc_ref"].map(wide_t[NOT_IN_CO2E]) if NOT_IN_CO2E in wide_t.columns else np.nan
    lines["has_data"] = lines["gpc_ref"].isin(refs)
    _, first = groups  # one record per input row (or derived row), not per gas
    primary = ref_codes[first]
    lines["rows"] = lines["gpc_ref"].map(pd.Series(np.bincount(primary, minlength=len(refs)), index=refs)) \
        .fillna(0).astype("int64")
    activity_q = _lowest_quality(primary, refs,
                                 *pd.factorize(rows["data_quality"].array.take(record_positions(records, rows, first)),
                                               use_na_sentinel=False))
    quality_codes, qualities = pd.factorize(info["_quality"], use_na_sentinel=False)  # per factor, not per record
    factor_q = _lowest_quality(ref_codes, refs, quality_codes.astype(np.int32)[records["_f"].to_numpy()], qualities)
    lines["data_quality_activity"] = lines["gpc_ref"].map(activity_q).map(_RANK_QUALITY).fillna("")
    lines["data_quality_factor"] = lines["gpc_ref"].map(factor_q).map(_RANK_QUALITY).fillna("")
    # Notation keys: the user's, else NE.
    for column, source in (("notation_key", "key"), ("notation_explanation", "explanation"),
                           ("included_in", "included_in")):
        values = dict(zip(notation["gpc_ref"], notation[source])) if not notation.empty else {}
        lines[column] = lines["gpc_ref"].map(values).astype("object").fillna("")
    clash = lines["has_data"] & lines["notation_key"].ne("") & lines["notation_key"].ne("C")
    if clash.any():
        clashing = notation[notation["gpc_ref"].isin(lines.loc[clash, "gpc_ref"])]
        from ghgcalc.problems import problems_from_rows
        problems += problems_from_rows(clashing, "notation-key-with-data", column="key",
                                       found=clashing["gpc_ref"] + " " + clashing["key"],
                                       expected="a notation key only on a line without data",
                                       hint="remove the key, or the activity rows on that line")
    auto = ~lines["has_data"] & lines["notation_key"].eq("")
    lines.loc[auto, "notation_key"] = "NE"
    lines.loc[auto, "notation_explanation"] = "no data and no notation key given (ghgcalc default)"
    lines["notation_default"] = auto
    level_column = "basic" if config.level == "BASIC" else "basic_plus"
    outside = lines.loc[auto & ~lines[level_column], "gpc_ref"].tolist()
    if outside:
        problems.append(make_problem("not-estimated", found=f"{len(outside)} lines outside {config.level}: "
                                     + _listing(outside),
                                     expected="data or a notation key (NO, IE, NE, C) with an explanation",
                                     hint="shown as NE; add them to the notation_keys sheet to say why"))
    missing = lines.loc[auto & lines[level_column], "gpc_ref"].tolist()
    if missing:
        problem = make_problem("incomplete", found=f"{config.level} lacks {len(missing)} lines: " + _listing(missing),
                               expected=f"data or a notation key for every {config.level} line",
                               hint="shown as NE; --strict makes this an error")
        problems.append(problem.model_copy(update={"severity": "error"}) if strict else problem)
    return lines, line_gases, problems


def _sort_order(*keys: np.ndarray) -> np.ndarray:
    """``np.lexsort(keys)`` (the last key sorts first; stable), leaving out keys that are the same
    on every row (one table's file and sheet, the derived kind of an inventory without T&D)."""
    varying = [k for k in keys if len(k) and k.min() != k.max()]
    if not varying:
        return np.arange(len(keys[0]) if keys else 0)
    if len(varying) == 1:
        return np.argsort(varying[0], kind="stable")
    return np.lexsort(varying)


def _ranks(values) -> np.ndarray:
    """Integer ranks of text values in sorted order, equal for equal values: sort keys that
    ``np.lexsort`` orders without comparing a million strings (one table's file and sheet are
    the same on every row: no hashing then)."""
    values = np.asarray(values, dtype=object)
    if len(values) and (values == values[0]).all():
        return np.zeros(len(values), dtype="int64")
    return pd.factorize(values, sort=True)[0]


def _ranks_at(column: pd.Series, at: np.ndarray) -> np.ndarray:
    """``_ranks`` of a text column of the rows (missing as "") taken at ``at``; zeros at once when
    the column holds one value (an input table's file and sheet)."""
    values = column.to_numpy(dtype=object)
    if len(values) and (values == values[0]).all():
        return np.zeros(len(at), dtype="int64")
    return _ranks(column.fillna("").to_numpy(dtype=object)[at])


def _group_sums(values, codes: np.ndarray, size: int) -> np.ndarray:
    """``pd.Series(values).groupby(codes, sort=True).sum()`` for integer codes 0…size-1: the same
    compensated (Kahan) sums, taken in record order, without hashing millions of codes (a
    categorical grouper takes them as they are). A code with no record sums to 0."""
    grouper = pd.Categorical.from_codes(np.asarray(codes), categories=pd.RangeIndex(size), validate=False)
    return pd.Series(np.asarray(values, dtype="float64")).groupby(grouper, observed=False, sort=True).sum().to_numpy()


def dense_codes(values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes 0…k-1 of integers in 0…size-1 and the k distinct values in increasing order (as
    ``pd.factorize(values, sort=True)``), by counting rather than hashing: for a small ``size``
    (lines × gases, activities × units × factors)."""
    present = np.flatnonzero(np.bincount(values, minlength=size))
    rank = np.zeros(size, dtype=np.int32)
    rank[present] = np.arange(len(present))
    return rank[values], present


def _stable_argsort(codes: np.ndarray) -> np.ndarray:
    """``np.argsort(codes, kind="stable")`` of non-negative codes; a radix sort when they fit 16 bits."""
    if len(codes) and 0 <= codes.min() and codes.max() < 2**16:
        codes = codes.astype(np.uint16)
    return np.argsort(codes, kind="stable")


def _record_groups(records: pd.DataFrame, kinds: tuple[np.ndarray, np.ndarray] | None = None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Group number of each record by (``_idx``, ``_derived``), numbered in order of first
    appearance, and the position of each group's first record (what ``drop_duplicates`` keeps)."""
    derived_codes, derived = kinds if kinds is not None else _kind_codes(records)
    pair = records["_idx"].to_numpy(dtype="int64")
    if len(derived) > 1:  # T&D records beside the rows' own
        pair = pair * (len(derived) + 1) + derived_codes
    # the engine writes a row's records next to each other: when every group is one run, the
    # runs are the groups (checked on one value per run, not by hashing every record)
    starts = np.ones(len(pair), dtype=bool)
    starts[1:] = pair[1:] != pair[:-1]
    first = np.flatnonzero(starts)
    if _all_different(pair[first]):
        codes = np.cumsum(starts, dtype=np.int32)
        codes -= 1
        return codes, first
    codes, distinct = pd.factorize(pair)
    # codes are numbered by first appearance: the k-th first occurrence is group k's
    first = np.flatnonzero(~pd.Series(codes).duplicated().to_numpy())
    return codes, first


def _all_different(values: np.ndarray) -> bool:
    """No value twice among non-negative integers: increasing (rows in order), else counted."""
    if len(values) < 2 or (values[1:] > values[:-1]).all():
        return True
    if values.min() >= 0 and values.max() < 8 * len(values) + 1024:
        return int(np.bincount(values).max()) <= 1
    return bool(pd.Series(values).is_unique)


def _kind_codes(records: pd.DataFrame, positions: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of the records' derived labels (at ``positions``), from their small
    integer ``_kind`` (:data:`KIND_LABELS`)."""
    kind = records["_kind"].to_numpy()
    kind = kind if positions is None else kind[positions]
    present = np.flatnonzero(np.bincount(kind, minlength=len(KIND_LABELS))) if len(kind) else np.array([], dtype=np.int64)
    if len(present) and kind[0] == present[0] and present[-1] == len(present) - 1 and len(present) <= 2:
        return kind, np.array(KIND_LABELS[:len(present)], dtype=object)  # 0, then 1: already the codes
    codes, distinct = pd.factorize(kind)
    return np.asarray(codes, dtype="int64"), np.array([KIND_LABELS[k] for k in distinct], dtype=object)


ROW_FIELDS = ["_file", "_sheet", "_row", "unit", "region", "description", "source", "data_quality", "model_year"]
FACTOR_FIELDS = ["gas", "_value", "set_id", "edition", "factor_id", "factor_unit", "_quality", "applies_to",
                 "factor_region", "factor_model_year", "gwp_basis", "factor_table", "source_ref", "factor_notes"]


KIND_LABELS = ("", "T&D losses")  # a record's _kind → the trail's "derived" text


def record_positions(records: pd.DataFrame, rows: pd.DataFrame, positions: np.ndarray | None = None) -> np.ndarray:
    """Each record's row (at ``positions`` of the records) as a position in ``rows``."""
    labels = records["_idx"].to_numpy()
    labels = labels if positions is None else labels[positions]
    index = rows.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return labels  # labels of 0, 1, 2 … are positions
    return index.get_indexer(labels)


def record_activities(records: pd.DataFrame, rows: pd.DataFrame, positions: np.ndarray | None = None) -> np.ndarray:
    """Each record's activity: its row's (records do not copy the text)."""
    return rows["activity"].to_numpy(dtype=object)[record_positions(records, rows, positions)]


def record_refs(records: pd.DataFrame, positions: np.ndarray | None = None) -> np.ndarray:
    """Each record's GPC reference, from its ``_line`` (a T&D record's is the scope-3 line)."""
    lines = records["_line"].to_numpy()
    return np.asarray(refs_in_text_order(), dtype=object)[lines if positions is None else lines[positions]]


def record_kinds(records: pd.DataFrame, positions: np.ndarray | None = None) -> np.ndarray:
    """Each record's "derived" text (:data:`KIND_LABELS`)."""
    kinds = records["_kind"].to_numpy()
    return np.asarray(KIND_LABELS, dtype=object)[kinds if positions is None else kinds[positions]]


def _record_loss(records: pd.DataFrame, positions: np.ndarray) -> np.ndarray:
    """Each record's grid loss rate [%] (NaN but on T&D records)."""
    if "loss_pct" not in records.columns:
        return np.full(len(positions), np.nan)
    return records["loss_pct"].to_numpy(dtype="float64")[positions]


def _line_codes(records: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of the records' GPC references with ``sort=True``, from their ``_line``
    numbers (the same codes: both rank the lines present in text order)."""
    known = np.array(refs_in_text_order(), dtype=object)
    codes, present = dense_codes(records["_line"].to_numpy(), len(known))
    return codes, known[present]


def _gas_codes(records: pd.DataFrame, info: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each record's gas as a code into the gases of ``info`` (a record's gas is its factor's)."""
    codes, gases = pd.factorize(info["gas"], use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int32)[records["_f"].to_numpy()], np.asarray(gases, dtype=object)


def _widen(records: pd.DataFrame, rows: pd.DataFrame, info: pd.DataFrame) -> pd.DataFrame:
    """The records with the text of their rows and factors: for the few places that want it all."""
    at = record_positions(records, rows)
    wide = records.reset_index(drop=True).copy()
    wide["gpc_ref"], wide["_derived"] = record_refs(records), record_kinds(records)
    wide["activity"], wide["loss_pct"] = record_activities(records, rows), _record_loss(records, np.arange(len(records)))
    for column in ROW_FIELDS:
        if column not in wide.columns:
            wide[column] = rows[column].array.take(at)
    f = records["_f"].to_numpy()
    for column in FACTOR_FIELDS:
        wide[column] = info[column].array.take(f)
    return wide


def _first_codes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per distinct combination of ``columns``, numbered by first appearance."""
    combined = np.zeros(len(frame), dtype="int64")
    for column in columns:
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        combined, _ = pd.factorize(combined * (len(uniques) + 1) + codes)
    return combined


def _lowest_quality(ref_codes: np.ndarray, ref_values, quality_codes: np.ndarray, quality_values) -> pd.Series:
    """Per GPC line, the rank of the lowest H/M/L rating (NaN when none), from integer codes of
    the lines and ratings of the records.

    Taken over the distinct (line, rating) pairs, which are few, instead of millions of records.
    """
    pair = dense_codes(ref_codes * np.int32(len(quality_values) + 1) + np.asarray(quality_codes, dtype=np.int32),
                        len(ref_values) * (len(quality_values) + 1))[1]
    distinct_refs = np.asarray(ref_values, dtype=object)[pair // (len(quality_values) + 1)]
    distinct_quality = pd.Series(np.asarray(quality_values, dtype=object)[pair % (len(quality_values) + 1)])
    return distinct_quality.map(_QUALITY_RANK).groupby(distinct_refs).min()


def _listing(refs: list[str], most: int = 12) -> str:
    return ", ".join(refs[:most]) + (f" … and {len(refs) - most} more" if len(refs) > most else "")


def _partial_gas_warnings(line_gases: pd.DataFrame, records: pd.DataFrame,
                          kinds: tuple[np.ndarray, np.ndarray]) -> list[Problem]:
    """Combustion lines with CO2 but no CH4 or N2O: say so instead of silently reporting less.

    ``kinds``: what ``_kind_codes(records)`` gave."""
    problems = []
    codes, values = kinds
    if len(values) == 1 and values[0] == "":  # no derived record: the lines of line_gases
        refs = pd.Series(line_gases["gpc_ref"].unique(), dtype=object)
    else:
        plain = codes == list(values).index("") if "" in list(values) else np.zeros(len(codes), dtype=bool)
        refs = pd.Series(pd.unique(record_refs(records, np.flatnonzero(plain))), dtype=object)  # distinct lines
    for ref in sorted(refs[refs.str.match(r"^(I|II)\.\d\.[13]$")]):
        gases = set(line_gases.loc[line_gases["gpc_ref"].eq(ref), "gas"])
        lacking = [g for g in ("CH4", "N2O") if g not in gases]
        if lacking and gases & {"CO2", "CO2_biogenic"} and AS_CO2E not in gases:
            hint = ("give vehicle-miles (vmt_* activities) for CH4 and N2O" if ref.startswith("II.1") else
                    "the selected tables have no CH4/N2O factor for this fuel on this line")
            problems.append(make_problem("partial-gases", found=f"{ref}: {' and '.join(lacking)} not estimated",
                                         expected="CO2, CH4 and N2O for combustion", hint=hint))
    return problems


def _totals(lines: pd.DataFrame, line_gases: pd.DataFrame, config: InventoryConfig) -> dict[str, Any]:
    totals: dict[str, Any] = {}
    for name in TOTALS:
        totals[name] = float(lines.loc[lines[name], "co2e_t"].fillna(0).sum())
    gases: dict[str, dict[str, float]] = {}
    members = lines.set_index("gpc_ref")
    for name in TOTALS:
        in_total = line_gases[line_gases["gpc_ref"].map(members[name]).fillna(False).astype(bool)]
        gases[name] = {g: float(t) for g, t in in_total.groupby("gas", sort=True)["t"].sum().items()}
    totals["gases"] = gases
    by_sector: dict[str, dict[str, float]] = {}
    for sector, group in lines.groupby("sector", sort=False):
        by_sector[sector] = {name: float(group.loc[group[name], "co2e_t"].fillna(0).sum())
                             for name in ("basic", "basic_plus", "territorial")}
    totals["by_sector"] = by_sector
    totals["co2_biogenic_t"] = float(lines["co2_biogenic_t"].fillna(0).sum())
    if config.population:
        totals["per_capita"] = {name: totals[name] / config.population for name in ("basic", "basic_plus",
                                                                                    "territorial")}
    else:
        totals["per_capita"] = None
    return totals


def _hide_confidential(trail: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Rows on a line keyed C (confidential) keep their place in the trail, so every input row is
    accounted for, but not their quantities and tonnes: the trail goes into shared files. The
    amounts stay in the totals (aggregated, as IPCC practice keeps confidential data)."""
    secret = set(lines.loc[lines["notation_key"].eq("C"), "gpc_ref"])
    if not secret or trail.empty:
        return trail
    hidden = trail["gpc_ref"].isin(secret)
    numbers = ["quantity", *[c for c in trail.columns if c.endswith(("_t", "_conversion"))]]
    trail = trail.copy()
    trail.loc[hidden, numbers] = np.nan
    if "description" in trail.columns:
        trail.loc[hidden, "description"] = "confidential (notation key C)"
    return trail


def _trail(records: pd.DataFrame, rows: pd.DataFrame, info: pd.DataFrame, config: InventoryConfig,
           groups: tuple[np.ndarray, np.ndarray] | None = None) -> pd.DataFrame:
    if records.empty:
        return pd.DataFrame(columns=[*TRAIL_BASE, "co2e_t"])
    codes, first = groups if groups is not None else _record_groups(records)
    gas_codes, gases = _gas_codes(records, info)
    present = np.unique(gas_codes)
    per_gas = {}
    for code in present:  # a few gases
        name, where = gases[code], np.flatnonzero(gas_codes == code)
        if np.bincount(codes[where]).max(initial=0) > 1:  # two records of one gas on one row: let pivot say so
            return _trail_by_pivot(_widen(records, rows, info), config)
        taken = np.full(len(first), -1, dtype="int64")
        taken[codes[where]] = where
        per_gas[name] = taken
    # the trail's order (file, sheet, row, derived), applied once to every column as it is taken
    at = record_positions(records, rows, first)
    keys = pd.DataFrame({c: rows[c].array.take(at) for c in ("_file", "_sheet", "_row")})
    derived_codes, kinds = _kind_codes(records, first)
    derived_ranks = _ranks(kinds)[derived_codes]  # the derived kind of each trail row, as a sort key
    order = _sort_order(derived_ranks, keys["_row"].astype("int64").to_numpy(),
                        _ranks_at(rows["_sheet"], at), _ranks_at(rows["_file"], at))
    shown = first[order]
    base = pd.DataFrame({"_derived": record_kinds(records, shown), "gpc_ref": record_refs(records, shown),
                         "activity": rows["activity"].array.take(at[order]),
                         "quantity": records["quantity"].to_numpy(dtype="float64")[shown],
                         "loss_pct": _record_loss(records, shown)})
    base = base.assign(**{c: rows[c].array.take(at[order]) for c in ROW_FIELDS})
    region = base["region"]
    trail = pd.DataFrame({
        "file": base["_file"], "sheet": base["_sheet"].fillna(""), "row": base["_row"].astype("int64"),
        "derived": base["_derived"], "gpc_ref": base["gpc_ref"],
        "activity": base["activity"], "quantity": base["quantity"], "unit": base["unit"],
        "region": region.mask(region.eq(""), config.region or ""),
        "model_year": base["model_year"].replace(0, np.nan).astype("Int64"), "description": base["description"],
        "source": base["source"], "data_quality": base["data_quality"], "loss_pct": base["loss_pct"],
    }).reset_index(drop=True)
    # the same grouped sum as always (its summation decides the last digits), put in trail order
    by_key = records.groupby(["_idx", "_kind"])["co2e_t"].sum()
    sorted_groups = np.lexsort((derived_ranks, records["_idx"].to_numpy()[first]))
    co2e = np.empty(len(first), dtype="float64")
    co2e[sorted_groups] = by_key.to_numpy()
    trail["co2e_t"] = co2e[order]
    f = records["_f"].to_numpy()
    factor_set = (info["set_id"] + "@" + info["edition"]).array  # per factor, not per record
    sources = {"factor_set": factor_set, "factor_id": info["factor_id"].array,
               "factor": pd.Series(info["_value"].to_numpy(dtype="float64")[f]),
               "factor_unit": info["factor_unit"].array, "conversion": records["_conversion"], "t": records["t"]}
    numeric = {"factor", "conversion", "t"}
    for name in _gas_order(list(gases[present])):
        prefix = "co2e_only" if name == AS_CO2E else name.lower().replace("-", "_")
        taken = per_gas[name][order]
        missing = taken < 0
        for part, values in sources.items():
            if part in numeric:
                column = values.to_numpy(dtype="float64", na_value=np.nan)[np.where(missing, 0, taken)]
                column[missing] = np.nan
                trail[f"{prefix}_{part}"] = column
            else:  # per-factor text: the record's factor, then the text
                at_f = np.where(missing, -1, f[np.where(missing, 0, taken)])
                trail[f"{prefix}_{part}"] = pd.Series(values.take(at_f, allow_fill=True)).astype("string")
    return trail


def _trail_by_pivot(records: pd.DataFrame, config: InventoryConfig) -> pd.DataFrame:
    """The trail through ``DataFrame.pivot``, which refuses two records of one gas on one row."""
    rec = records.assign(
        factor_set=records["set_id"] + "@" + records["edition"],
        region=records["region"].mask(records["region"].eq(""), config.region or ""),
    )
    keys = ["_idx", "_derived"]
    base = rec.drop_duplicates(keys).set_index(keys)
    trail = pd.DataFrame({
        "file": base["_file"], "sheet": base["_sheet"].fillna(""), "row": base["_row"].astype("int64"),
        "derived": base.index.get_level_values("_derived"), "gpc_ref": base["gpc_ref"],
        "activity": base["activity"], "quantity": base["quantity"], "unit": base["unit"], "region": base["region"],
        "model_year": base["model_year"].replace(0, np.nan).astype("Int64"), "description": base["description"],
        "source": base["source"], "data_quality": base["data_quality"], "loss_pct": base["loss_pct"],
    })
    trail["co2e_t"] = rec.groupby(keys)["co2e_t"].sum()
    fields = {"factor_set": "factor_set", "factor_id": "factor_id", "_value": "factor", "factor_unit": "factor_unit",
              "_conversion": "conversion", "t": "t"}
    wide = rec.pivot(index=keys, columns="gas", values=list(fields))
    numeric = {"_value", "_conversion", "t"}
    for gas in _gas_order(rec["gas"].unique()):
        prefix = "co2e_only" if gas == AS_CO2E else gas.lower().replace("-", "_")
        for source, name in fields.items():
            column = wide[(source, gas)]
            trail[f"{prefix}_{name}"] = column.astype("float64") if source in numeric else column.astype("string")
    trail = trail.reset_index(drop=True)
    order = np.lexsort((trail["derived"].to_numpy(), trail["row"].to_numpy(), trail["sheet"].to_numpy(),
                        trail["file"].to_numpy()))
    return trail.iloc[order].reset_index(drop=True)


def _gas_order(gases) -> list[str]:
    first = ["CO2", "CO2_biogenic", "CH4", "N2O", "SF6", "NF3", AS_CO2E]
    return [g for g in first if g in gases] + sorted(g for g in gases if g not in first)


def _factors_used(records: pd.DataFrame, rows: pd.DataFrame, info: pd.DataFrame,
                  choices: list[Choice]) -> pd.DataFrame:
    columns = ["set_id", "edition", "factor_id", "activity", "applies_to", "factor_region", "factor_model_year", "gas",
               "_value", "factor_unit", "gwp_basis", "factor_table", "source_ref", "factor_notes"]
    # the first record of each (set, edition, factor id), found from codes of the factors
    id_codes = np.asarray(_first_codes(info, ["set_id", "edition", "factor_id"]), dtype="int64")
    f = records["_f"].to_numpy()
    first = np.flatnonzero(~pd.Series(id_codes[f]).duplicated().to_numpy())
    used = info[[c for c in columns if c != "activity"]].iloc[f[first]].reset_index(drop=True)
    used["activity"] = record_activities(records, rows, first)
    used = used[columns].rename(columns={
        "factor_region": "region", "factor_model_year": "model_year", "_value": "value", "factor_unit": "unit",
        "factor_table": "table", "factor_notes": "notes"})
    meta = {c.factor_set.meta.id: c.factor_set.meta for c in choices}
    used["publisher"] = used["set_id"].map({k: m.publisher for k, m in meta.items()}).fillna("user")
    used["title"] = used["set_id"].map({k: m.title for k, m in meta.items()}).fillna("custom factor")
    used["licence"] = used["set_id"].map({k: m.licence for k, m in meta.items()}).fillna("as given by the user")
    used["url"] = used["set_id"].map({k: m.url for k, m in meta.items()}).fillna("")
    return used.sort_values(["set_id", "edition", "factor_id"]).reset_index(drop=True)


def _metadata(data: InputData, config: InventoryConfig | None, choices: list[Choice], gwp_set: FactorSet | None,
              country: str | None, gwp_reason: str = "") -> dict[str, Any]:
    tables = []
    for choice in [*choices] + ([None] if gwp_set is not None else []):
        s = choice.factor_set if choice is not None else gwp_set
        tables.append({
            "set": s.meta.id, "edition": s.meta.edition, "title": s.meta.title, "publisher": s.meta.publisher,
            "data_year": s.meta.data_year, "licence": s.meta.licence, "url": s.meta.url,
            "heating_value_basis": s.meta.heating_value_basis,
            "chosen_because": choice.reason if choice is not None else gwp_reason,
            "tables": [{"file": t.file, "table": t.table, "sha256": s.table_hashes.get(t.file, "")}
                       for t in s.meta.tables],
        })
    settings = config.model_dump(mode="json") if config is not None else {}
    if config is not None:
        settings["country"] = country
        settings["tnd"] = config.tnd_enabled
    return {
        "ghgcalc_version": __version__,
        "city": settings.get("city"), "year": settings.get("year"), "gwp": settings.get("gwp"),
        "settings": settings,
        "input": {"file": data.display_name, "sha256": data.sha256},
        "companion_files": [{"file": k, "sha256": v} for k, v in sorted(data.companions.items())],
        "factor_tables": tables,
        "units": {"emissions": "t (metric tonnes)", "co2e": "t CO2e (100-year GWP of the stated set)"},
    }
