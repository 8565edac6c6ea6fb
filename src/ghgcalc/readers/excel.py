"""Excel input through calamine: whole sheets at once, never cell by cell."""

from __future__ import annotations

from pathlib import Path

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
    width = max(len(r) for r in rows)
    frame = pd.DataFrame(rows, columns=range(width), dtype="object")
    return frame.replace({"": None})


FORMULA_MARK = "\x00formula\x00"


def mark_formulas_without_values(path: Path, sheet: str, cells: pd.DataFrame) -> pd.DataFrame:
    """Mark blank cells that hold a formula with no cached value (``FORMULA_MARK + formula``).

    calamine reads such a cell as empty, like a truly empty one. Only when a sheet has blank
    cells inside its used area is the workbook opened again with openpyxl (read-only, formulas
    not evaluated) to tell the two apart, so ordinary workbooks pay nothing.
    """
    if cells.empty or path.suffix.casefold() not in {".xlsx", ".xlsm"}:
        return cells
    blank = cells.isna()
    filled_rows = ~blank.all(axis=1)
    if not (blank & filled_rows.to_numpy()[:, None]).to_numpy().any():
        return cells
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
