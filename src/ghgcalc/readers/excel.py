"""Excel input through calamine: whole sheets at once, never cell by cell."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ghgcalc.errors import InputFileError


def open_workbook(path: Path):
    """Open a workbook with python-calamine; raise InputFileError when it is not one."""
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for every kind of bad file
        raise InputFileError(
            f"{path.name}: cannot be opened as a workbook ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); "
            "is it really an .xlsx file? A CSV must be named .csv"
        ) from exc


def sheet_names(workbook) -> dict[str, str]:
    """Folded sheet name → the workbook's own spelling."""
    return {name.strip().casefold(): name for name in workbook.sheet_names}


def read_sheet_cells(workbook, name: str) -> pd.DataFrame:
    """All cells of one sheet; row ``i`` of the result is Excel row ``i + 1``."""
    sheet = workbook.get_sheet_by_name(name)
    rows = sheet.to_python(skip_empty_area=False)
    if not rows:
        return pd.DataFrame()
    width = max(len(r) for r in rows)
    frame = pd.DataFrame(rows, columns=range(width), dtype="object")
    return frame.replace({"": None})
