"""Read an input file (CSV or workbook) into located tables, collecting problems.

A workbook has sheets ``activity`` (required), ``inventory`` (key, value), ``notation_keys`` and
``factors`` (custom factors). A CSV file is the activity table; its settings come from a
``ghgcalc.toml`` beside it, which may also name CSV files for ``notation_keys`` and
``custom_factors``.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ghgcalc.columns import NOTATION_ALIASES, NOTATION_COLUMNS, activity_aliases, activity_columns, normalize_header
from ghgcalc.errors import InputFileError
from ghgcalc.problems import Problem, make_problem
from ghgcalc.readers.csv import read_csv_cells, read_csv_numbers
from ghgcalc.readers.excel import hidden_sheets, mark_formulas_without_values, mark_percent_cells, open_workbook, \
    read_sheet_cells, sheet_names, start_formula_scan
from ghgcalc.readers.safety import check_input_file, resolve_max_bytes
from ghgcalc.readers.tables import Table, build_table, find_header, is_blank

__all__ = ["InputData", "read_input", "file_sha256", "CUSTOM_FACTOR_ALIASES"]

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CUSTOM_FACTOR_COLUMNS = ("factor_id", "activity", "applies_to", "region", "model_year", "gas",
                         "value", "unit", "gwp_basis", "source", "source_ref", "notes")
CUSTOM_FACTOR_ALIASES = {c.replace("_", ""): c for c in CUSTOM_FACTOR_COLUMNS} | {
    "factor": "value", "emissionfactor": "value", "reference": "source_ref", "table": "source_ref",
}


@dataclass
class InputData:
    """Everything read from one input: tables, settings, and the problems found reading them."""

    path: Path
    display_name: str
    sha256: str
    activity: Table
    metadata: dict[str, object] = field(default_factory=dict)
    metadata_origin: str | None = None
    notation_keys: Table | None = None
    custom_factors: Table | None = None
    problems: list[Problem] = field(default_factory=list)
    companions: dict[str, str] = field(default_factory=dict)  # other files read → sha256
    # where the waste methods' companion tables are: the workbook itself (sheets waste_history,
    # waste_parameters) or CSV files named in ghgcalc.toml
    waste_history_path: Path | None = None
    waste_parameters_path: Path | None = None
    # a CSV's quantities read as numbers with this decimal separator (None: read as text, which
    # validation parses with the separator it is given)
    decimal: str | None = None
    max_bytes: int | None = None  # the size limit the file was read with


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_input(path: str | Path, *, max_bytes: int | str | None = None, decimal: str = ".") -> InputData:
    """Read an activity file and its companions.

    Parameters
    ----------
    max_bytes : int or str, optional
        Largest CSV file read [bytes; "512M", "2G" accepted]; a workbook may unpack to four times
        this. Default: the ``GHGCALC_MAX_BYTES`` environment variable, else 128 MiB (see
        :mod:`ghgcalc.readers.safety`).
    decimal : str
        Decimal separator of numbers written as text (``"."`` or ``","``). With ``"."`` a CSV's
        quantities are read as numbers while parsing when every one is a plain number;
        :func:`ghgcalc.calculate` reads the file again if it is asked for another separator.

    Raises
    ------
    InputFileError
        When the file does not exist, cannot be opened as its format at all, or is refused before
        parsing (too large, a zip bomb, XML entity declarations, encrypted). Problems inside a
        readable file are returned in ``InputData.problems``.
    """
    path = Path(path)
    display = str(path.name)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file", code="file-not-found")
    suffix = path.suffix.casefold()
    limit = resolve_max_bytes(max_bytes)
    if suffix in EXCEL_SUFFIXES:
        check_input_file(path, max_bytes=limit, workbook=True)
        data = _read_workbook(path, display)
    elif suffix in {".csv", ".txt", ".tsv"}:
        check_input_file(path, max_bytes=limit, workbook=False)
        data = _read_csv_input(path, display, limit, decimal)
    else:
        raise InputFileError(f"{path.name}: unsupported file type {path.suffix!r}; expected .csv or .xlsx")
    data.max_bytes = limit
    return data


def _read_csv_input(path: Path, display: str, limit: int, decimal: str) -> InputData:
    fast = read_csv_numbers(path, _quantity_column) if decimal == "." else None
    if fast is not None:  # quantities read as numbers by the parser: no million texts to parse again
        rows, header, header_row, encoding, codes = fast
        activity = build_table(rows, file=display, sheet=None, aliases=activity_aliases(), known=activity_columns(),
                               row_offset=header_row + 1, header=header, codes=codes)
    else:
        cells, encoding = read_csv_cells(path)
        activity = build_table(cells, file=display, sheet=None, aliases=activity_aliases(), known=activity_columns())
    activity.frame.attrs["text_only"] = True  # text (or numbers the parser read): no formulas, dates or typed cells
    data = InputData(path, display, file_sha256(path), activity,
                     problems=_encoding_warning(display, encoding) + list(activity.problems),
                     decimal=decimal if fast is not None else None)
    toml_path = path.with_name("ghgcalc.toml")
    if toml_path.is_file():
        _read_toml(toml_path, data, limit)
    return data


def _quantity_column(head: pd.DataFrame, whole: bool) -> tuple[int, int] | None:
    """The header's position among the first rows of an activity CSV (``whole``: all its rows)
    and the position of its (first) quantity column, as :func:`build_table` will name them;
    None when not found there."""
    aliases = activity_aliases()
    header_pos = find_header(head, aliases, partial=not whole)
    if header_pos is None:
        return None
    for position, text in enumerate(head.loc[header_pos]):
        if not is_blank(text) and aliases.get(normalize_header(text)[0]) == "quantity":
            return header_pos, position
    return None


def _encoding_warning(display: str, encoding: str) -> list[Problem]:
    """Text that is not UTF-8 is read as Windows-1252, which cannot fail: say so, never silently."""
    if encoding != "cp1252":
        return []
    return [make_problem("assumed-encoding", file=display, found="text that is not UTF-8",
                         expected="UTF-8 (with or without BOM) or UTF-16",
                         hint="read as Windows-1252 (Latin-1); check accented letters in the outputs, "
                              "or save the file as CSV UTF-8")]


def _read_toml(toml_path: Path, data: InputData, limit: int) -> None:
    data.companions[toml_path.name] = file_sha256(toml_path)
    try:
        settings = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        data.problems.append(make_problem("bad-metadata", file=toml_path.name, found=str(exc),
                                          expected="a valid TOML file"))
        return
    settings = settings.get("inventory", settings) | {k: v for k, v in settings.items() if k != "inventory"
                                                       and not isinstance(v, dict)}
    for key, canonical, aliases, known in (
        ("notation_keys", "notation_keys", NOTATION_ALIASES, NOTATION_COLUMNS),
        ("custom_factors", "custom_factors", CUSTOM_FACTOR_ALIASES, CUSTOM_FACTOR_COLUMNS),
    ):
        name = settings.pop(key, None)
        if not name:
            continue
        companion = toml_path.with_name(str(name))
        if not companion.is_file():
            data.problems.append(make_problem("file-not-found", file=toml_path.name, column=key,
                                              found=str(name), expected="a CSV file beside ghgcalc.toml"))
            continue
        check_input_file(companion, max_bytes=limit, workbook=False)
        cells, encoding = read_csv_cells(companion)
        table = build_table(cells, file=companion.name, sheet=None, aliases=aliases, known=known)
        data.problems.extend(_encoding_warning(companion.name, encoding) + table.problems)
        data.companions[companion.name] = file_sha256(companion)
        setattr(data, canonical, table)
    for key in ("waste_history", "waste_parameters"):
        name = settings.pop(key, None)
        if name:
            companion = toml_path.with_name(str(name))
            if companion.is_file():
                check_input_file(companion, max_bytes=limit, workbook=False)
                data.companions[companion.name] = file_sha256(companion)
                setattr(data, f"{key}_path", companion)
            else:
                data.problems.append(make_problem("file-not-found", file=toml_path.name, column=key,
                                                  found=str(name), expected="a CSV file beside ghgcalc.toml"))
    data.metadata = settings
    data.metadata_origin = toml_path.name


def _read_workbook(path: Path, display: str) -> InputData:
    workbook = open_workbook(path)
    sheets = sheet_names(workbook)
    activity_sheet = sheets.get("activity")
    problems: list[Problem] = []
    if activity_sheet is None:
        if len(sheets) == 1:
            activity_sheet = next(iter(sheets.values()))
        else:
            problems.append(make_problem(
                "missing-sheet", file=display, found=", ".join(workbook.sheet_names) or "no sheets",
                expected='a sheet named "activity"',
                hint='rename the sheet that holds the activity rows to "activity" '
                     "(`ghgcalc template` writes a workbook with the right sheets)"))
            # The table's own empty-file problem is kept out of the report (missing-sheet says it) but
            # tells validation not to list every column as missing; settings are still read.
            empty = build_table(pd.DataFrame(), file=display, sheet=None, aliases=activity_aliases(), known=())
            data = InputData(path, display, file_sha256(path), Table(empty.frame, empty.problems), problems=problems)
            if "inventory" in sheets:
                data.metadata = _read_key_values(read_sheet_cells(workbook, sheets["inventory"]))
                data.metadata_origin = f'{display}, sheet "{sheets["inventory"]}"'
            return data
    problems += _hidden_sheet_warnings(display, workbook, sheets, activity_sheet)
    scan = start_formula_scan(path, activity_sheet)  # runs while calamine reads the sheet
    cells = mark_formulas_without_values(path, activity_sheet, read_sheet_cells(workbook, activity_sheet), scan)
    cells = mark_percent_cells(path, activity_sheet, cells)
    activity = build_table(cells, file=display, sheet=activity_sheet, aliases=activity_aliases(), known=activity_columns())
    data = InputData(path, display, file_sha256(path), activity, problems=problems + activity.problems)
    if "inventory" in sheets:
        data.metadata = _read_key_values(read_sheet_cells(workbook, sheets["inventory"]))
        data.metadata_origin = f'{display}, sheet "{sheets["inventory"]}"'
    for sheet_key, attr, aliases, known in (
        ("notation_keys", "notation_keys", NOTATION_ALIASES, NOTATION_COLUMNS),
        ("factors", "custom_factors", CUSTOM_FACTOR_ALIASES, CUSTOM_FACTOR_COLUMNS),
    ):
        if sheet_key in sheets:
            table = build_table(read_sheet_cells(workbook, sheets[sheet_key]), file=display,
                                sheet=sheets[sheet_key], aliases=aliases, known=known)
            if table.frame.columns.difference(["_file", "_sheet", "_row"]).empty and not table.problems:
                continue
            data.problems.extend(p for p in table.problems if p.code != "empty-file")
            setattr(data, attr, table)
    if "waste_history" in sheets:
        data.waste_history_path = path
    if "waste_parameters" in sheets:
        data.waste_parameters_path = path
    return data


def _hidden_sheet_warnings(display: str, workbook, sheets: dict[str, str], activity_sheet: str) -> list[Problem]:
    """A hidden sheet that ghgcalc reads is still read (its rows are data the user gave), with a
    warning, because what the user cannot see in Excel must not count silently."""
    read = {activity_sheet} | {sheets[k] for k in ("inventory", "notation_keys", "factors", "waste_history",
                                                    "waste_parameters") if k in sheets}
    return [make_problem("hidden-sheet", file=display, sheet=name, found=f"{state} sheet",
                         expected="a visible sheet",
                         hint="it is read all the same; unhide it (right-click a sheet tab → Unhide) to check it")
            for name, state in hidden_sheets(workbook).items() if name in read]


def _read_key_values(cells: pd.DataFrame) -> dict[str, object]:
    """Two columns, key and value; a header row ``key, value`` is skipped, blank keys ignored."""
    settings: dict[str, object] = {}
    if cells.empty or cells.shape[1] < 2:
        return settings
    for key, value in zip(cells.iloc[:, 0], cells.iloc[:, 1]):  # a handful of settings rows
        if key is None or (isinstance(key, float) and key != key):
            continue
        name = str(key).strip().casefold().replace(" ", "_")
        if not name or name in {"key", "setting"}:
            continue
        if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
            continue
        settings[name] = value.strip() if isinstance(value, str) else value
    return settings
