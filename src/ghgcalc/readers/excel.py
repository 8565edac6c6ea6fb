"""Excel input through calamine: whole sheets at once, never cell by cell."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ghgcalc.errors import InputFileError


def open_workbook(path: Path):
    """Open a workbook with python-calamine; raise InputFileError when it is not one."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise InputFileError(f"{path.name}: the workbook is password-protected and cannot be read; save a copy "
                             "without a password", code="encrypted-file") from exc
    except Exception as exc:  # calamine raises its own error types for every kind of bad file
        raise InputFileError(
            f"{path.name}: cannot be opened as a workbook ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); "
            "is it really an .xlsx file? A CSV must be named .csv"
        ) from exc


def sheet_names(workbook) -> dict[str, str]:
    """Folded sheet name → the workbook's own spelling."""
    return {name.strip().casefold(): name for name in workbook.sheet_names}


def hidden_sheets(workbook) -> dict[str, str]:
    """Sheet name → ``"hidden"`` or ``"very hidden"`` for each sheet not visible in Excel."""
    states = {}
    for meta in getattr(workbook, "sheets_metadata", []):
        state = str(getattr(meta, "visible", "")).rsplit(".", 1)[-1].casefold()
        if state in ("hidden", "veryhidden"):
            states[meta.name] = "very hidden" if state == "veryhidden" else "hidden"
    return states


def read_sheet_cells(workbook, name: str) -> pd.DataFrame:
    """All cells of one sheet; row ``i`` of the result is Excel row ``i + 1``."""
    sheet = workbook.get_sheet_by_name(name)
    rows = sheet.to_python(skip_empty_area=False)
    if not rows:
        return pd.DataFrame()
    widths = list(map(len, rows))
    width = max(widths)
    if min(widths) == width:  # calamine's rows are all as wide as the used area
        cells = np.array(rows, dtype=object)
    else:
        cells = pd.DataFrame(rows, columns=range(width), dtype="object").to_numpy(copy=True)
    cells[cells == ""] = None  # calamine gives "" for an empty cell
    return pd.DataFrame(cells, columns=range(width), dtype="object", copy=False)


FORMULA_MARK = "\x00formula\x00"


def start_formula_scan(path: Path, sheet: str):
    """Start :func:`_may_hold_formulas_without_values` in a background thread, or None.

    calamine releases the GIL while it parses, so the scan costs no wall time when started
    before :func:`read_sheet_cells`; pass the result to :func:`mark_formulas_without_values`.
    """
    if path.suffix.casefold() not in {".xlsx", ".xlsm"}:
        return None
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ghgcalc-formula-scan")
    try:
        return pool.submit(_may_hold_formulas_without_values, path, sheet)
    finally:
        pool.shutdown(wait=False)


def mark_formulas_without_values(path: Path, sheet: str, cells: pd.DataFrame, scan=None) -> pd.DataFrame:
    """Mark blank cells that hold a formula with no cached value (``FORMULA_MARK + formula``).

    calamine reads such a cell as empty, like a truly empty one. Only when a sheet has blank
    cells inside its used area is the workbook opened again with openpyxl (read-only, formulas
    not evaluated) to tell the two apart, and only when a scan of the sheet's XML finds a
    formula without a stored value (``scan``: from :func:`start_formula_scan`), so ordinary
    workbooks pay nothing.
    """
    if cells.empty or path.suffix.casefold() not in {".xlsx", ".xlsm"}:
        return cells
    if scan is not None and not scan.result():  # the scan ran while calamine read the sheet
        return cells  # no formula cell lacks its value: openpyxl would mark nothing
    blank = cells.isna()
    filled_rows = ~blank.all(axis=1)
    if not (blank & filled_rows.to_numpy()[:, None]).to_numpy().any():
        return cells
    if scan is None and not _may_hold_formulas_without_values(path, sheet):
        return cells  # no formula cell lacks its value: openpyxl would mark nothing
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # unreadable by openpyxl: keep calamine's reading
        return cells
    try:
        worksheet = workbook[sheet]
        marked = cells.copy()
        last_row = int(filled_rows[filled_rows].index.max()) + 1
        for row in worksheet.iter_rows(min_row=1, max_row=last_row):  # openpyxl streams rows; no cell lookups
            for cell in row:
                if cell.data_type == "f" and getattr(cell, "column", None):
                    r, c = cell.row - 1, cell.column - 1
                    if r in marked.index and c in marked.columns and pd.isna(marked.at[r, c]):
                        marked.at[r, c] = FORMULA_MARK + str(cell.value)
        return marked
    finally:
        workbook.close()


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PERCENT_FORMATS = {9, 10}  # built-in number formats 0% and 0.00% (ECMA-376 Part 1, §18.8.30)


def mark_percent_cells(path: Path, sheet: str, cells: pd.DataFrame) -> pd.DataFrame:
    """Turn numbers shown as percentages (0.12 formatted ``0%``) into the text Excel shows ("12%").

    calamine returns the stored 0.12 and drops the format, so a quantity typed as "12%" would be
    read as 0.12 without a word; as text it is reported like "12%" in a CSV. Styles are read only
    when the workbook defines a percent format, and the sheet's cells are scanned only for the
    styles that use one, so ordinary workbooks pay one small read of ``styles.xml``.
    """
    if cells.empty or path.suffix.casefold() not in {".xlsx", ".xlsm"}:
        return cells
    import re
    import zipfile
    from xml.etree import ElementTree

    # The parts were checked for DTDs before (readers.safety), so ElementTree parses plain XML here.
    try:
        with zipfile.ZipFile(path) as archive:
            styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
            custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{_MAIN_NS}numFmt")}
            percent_ids = _PERCENT_FORMATS | {i for i, code in custom.items() if "%" in re.sub(r'"[^"]*"|\\.', "", code)}
            xfs = styles.find(f"{_MAIN_NS}cellXfs")
            percent_styles = [str(i) for i, xf in enumerate(xfs if xfs is not None else [])
                              if int(xf.get("numFmtId", "0")) in percent_ids]
            if not percent_styles:
                return cells
            part = _sheet_part(archive, sheet)
            xml = archive.read(part) if part else b""
    except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return cells  # no styles or an unusual layout: keep calamine's reading
    # Find the style attribute (a fast literal search), then look back to the tag that holds it.
    pattern = re.compile(rb'\ss="(?:' + "|".join(percent_styles).encode() + rb')"')
    marked = cells
    for hit in pattern.finditer(xml):
        start = xml.rfind(b"<", 0, hit.start())
        if xml[start:start + 3] not in (b"<c ", b"<c\t", b"<c\n"):
            continue  # a row or column style, not a cell's
        ref = re.search(rb'\br="([A-Z]+)(\d+)"', xml[start:hit.start()] + xml[hit.end():xml.find(b">", hit.end())])
        if ref is None:
            continue
        r, c = int(ref.group(2)) - 1, _column_index(ref.group(1).decode())
        if r in marked.index and c in marked.columns:
            value = marked.at[r, c]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if marked is cells:
                    marked = cells.copy()
                marked.at[r, c] = f"{value * 100:.15g}%"
    return marked


def _sheet_part(archive, sheet: str) -> str | None:
    """The zip path of a sheet, from workbook.xml and its relationships."""
    from xml.etree import ElementTree

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next((s.get(_REL_ID) for s in book.iter(f"{_MAIN_NS}sheet") if s.get("name") == sheet), None)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels if r.get("Id") == rel_id), None)
    if target is None:
        return None
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


# Sheet XML (ECMA-376 Part 1, §18.3.1): a cell <c> holds first its formula <f>, then its cached
# value <v>; any element may carry a namespace prefix (<x:c>).
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_SHEET_DATA = re.compile(rb"<" + _PREFIX + rb"sheetData[\s/>]")
_FORMULA = re.compile(rb"<" + _PREFIX + rb"f[\s/>]")
_CELL_TAG = re.compile(rb"<" + _PREFIX + rb"c[\s>]")
_CELL_END = re.compile(rb"</" + _PREFIX + rb"c>")
_FILLED_VALUE = re.compile(rb"<" + _PREFIX + rb"v(?:\s[^>]*)?>[^<]")
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
_F_THEN_END = re.compile(rb"f[\s/>]")


def _may_hold_formulas_without_values(path: Path, sheet: str) -> bool:
    """False only when every formula cell of ``sheet`` has a cached value calamine reads.

    A scan of the sheet's XML for formula elements, instead of openpyxl parsing every cell
    (seconds per 10,000 rows). An error value (``t="e"``), an empty value, or anything not
    understood answers True, so that openpyxl decides.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return True
            xml = archive.read(part)
    except Exception:  # not a zip, a damaged or unusual part: let openpyxl try
        return True
    start = _SHEET_DATA.search(xml)
    if start is None:
        return True
    stop = xml.rfind(b"sheetData>")  # the closing tag, near the end
    stop = stop if stop > start.end() else len(xml)
    for formula in _formula_elements(xml, start.end(), stop):  # formula cells only
        tag_start = xml.rfind(b"<", 0, formula)
        if tag_start < 0 or not _CELL_TAG.match(xml, tag_start):
            return True
        cell_end = _CELL_END.search(xml, formula, stop)
        if cell_end is None or _ERROR_TYPE.search(xml, tag_start, formula):
            return True
        if not _FILLED_VALUE.search(xml, formula, cell_end.start()):
            return True
    return False


def _formula_elements(xml: bytes, start: int, stop: int):
    """Start of each formula element (``<f`` or ``<prefix:f``) between ``start`` and ``stop``.

    The search is for the literal ``f`` followed by a space, ``/`` or ``>`` (a fast scan for one
    byte), each hit then checked; a full regular expression over a 200,000-row sheet takes a
    third of a second.
    """
    for hit in _F_THEN_END.finditer(xml, start, stop):
        before = xml[hit.start() - 1:hit.start()]
        if before == b"<":
            yield hit.start() - 1
        elif before == b":":
            begin = xml.rfind(b"<", start, hit.start())
            if begin >= 0 and _FORMULA.match(xml, begin):
                yield begin
