"""Turn a grid of cells (from CSV or Excel) into a located DataFrame with canonical columns."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ghgcalc.columns import column_letter, normalize_header
from ghgcalc.problems import Problem, make_problem

LOCATION_COLUMNS = ("_file", "_sheet", "_row")
_HEADER_SEARCH = 20  # the header is among the first 20 filled rows


@dataclass
class Table:
    """One input table: data with canonical column names and where each row came from.

    ``frame`` has the canonical columns present plus ``_file``, ``_sheet`` and ``_row`` (the row
    number the user sees in Excel or an editor). ``frame.attrs`` holds ``headers`` (canonical →
    the user's header text), ``letters`` (canonical → column letter) and ``header_units``
    (canonical → a unit written in brackets in the header).
    """

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    # column → (its cells' buffer, codes, distinct values): ``pd.factorize`` of columns the reader
    # knew already; valid while the column still holds that buffer (validation checks)
    codes: dict[str, tuple[np.ndarray, np.ndarray, pd.Index]] = field(default_factory=dict)


def build_table(
    raw: pd.DataFrame,
    *,
    file: str,
    sheet: str | None,
    aliases: dict[str, str],
    known: tuple[str, ...] | dict,
    row_offset: int = 1,
    header: pd.Series | None = None,
    codes: dict[int, tuple] | None = None,
) -> Table:
    """Locate the header row of ``raw`` (cells, no header) and return canonical columns.

    Parameters
    ----------
    raw : DataFrame
        Cells as read, positional columns, one row per line/row of the file, blank rows kept so
        that ``raw.index + row_offset`` is the row number the user sees.
    aliases : dict
        Folded header spelling → canonical name.
    known : collection
        Canonical names this table may have; others are reported as ``unknown-column``.
    header : Series, optional
        The header's cells when the reader found the header already (:func:`find_header`):
        ``raw`` is then the rows below it, numbered from 0, and its first row is row ``row_offset``.
    codes : dict, optional
        Position → ``pd.factorize`` of that column of ``raw``, when the reader knows it; kept in
        :attr:`Table.codes` for the table's column when every row of ``raw`` is kept.
    """
    problems: list[Problem] = []
    loc = {"file": file, "sheet": sheet}
    blank = _blank_mask(raw)
    if header is not None:  # the header is the row just above raw's first (position 0)
        header_pos, headers = -1, header
    else:
        filled = raw.index[~blank]
        if len(filled) == 0:
            problems.append(make_problem("empty-file", **loc, expected="a header row and data rows"))
            return Table(_empty_frame(), problems)
        header_pos = _find_header(raw, filled, aliases)
        headers = raw.loc[header_pos]
    mapping: dict[int, str] = {}
    shown: dict[str, str] = {}
    letters: dict[str, str] = {}
    units: dict[str, str] = {}
    for position, text in enumerate(headers):
        if is_blank(text):
            continue
        folded, unit = normalize_header(text)
        canonical = aliases.get(folded)
        letter = column_letter(position)
        if canonical is None:
            problems.append(make_problem(
                "unknown-column", **loc, row=int(header_pos + row_offset), column=str(text),
                column_letter=letter, found=str(text), expected="one of " + ", ".join(known),
                hint="the column is ignored",
            ))
            continue
        if canonical in shown:
            problems.append(make_problem(
                "duplicate-column", **loc, row=int(header_pos + row_offset), column=str(text),
                column_letter=letter, found=str(text),
                expected=f'one column for "{canonical}"',
                hint=f'column {letters[canonical]} ("{shown[canonical]}") already means {canonical}; '
                     "rename or delete one of them",
            ))
            continue
        mapping[position] = canonical
        shown[canonical] = str(text).strip()
        letters[canonical] = letter
        if unit:
            units[canonical] = unit
    problems += _cells_without_header(raw, headers, header_pos, blank, loc, row_offset)
    keep = (raw.index > header_pos) & ~blank
    below = raw.index.get_loc(header_pos) + 1 if header is None else 0
    whole = bool(keep[below:].all()) and below == 0
    if keep[below:].all():  # no blank row inside the data: a slice, not a copy of a million rows
        body = raw.iloc[below:, list(mapping)]
    else:
        body = raw.loc[keep, list(mapping)]
    body.columns = [mapping[p] for p in mapping]
    frame = body.reset_index(names="_pos")
    frame.insert(0, "_row", (frame.pop("_pos") + row_offset).astype("int64"))
    frame.insert(0, "_sheet", sheet)
    frame.insert(0, "_file", file)
    frame.attrs.update(headers=shown, letters=letters, header_units=units, header_row=int(header_pos + row_offset),
                       file=file, sheet=sheet)
    known_codes = {mapping[p]: (np.asarray(frame[mapping[p]].array), *codes[p])
                   for p in (codes or {}) if p in mapping and whole}
    return Table(frame, problems, codes=known_codes)


def _cells_without_header(raw: pd.DataFrame, headers: pd.Series, header_pos: int, blank: pd.Series, loc: dict,
                          row_offset: int) -> list[Problem]:
    """A value below a blank header is ignored: say so (one warning per column), never silently."""
    unnamed = [position for position, text in enumerate(headers) if is_blank(text)]
    if not unnamed:
        return []
    below = raw.loc[(raw.index > header_pos) & ~blank, unnamed]
    filled = ~_blank_mask_cells(below)
    problems = []
    for position in unnamed:
        rows = filled.index[filled[position]]
        if len(rows):
            letter = column_letter(position)
            more = f" and {len(rows) - 1} more below it are" if len(rows) > 1 else " is"
            problems.append(make_problem(
                "cell-without-header", **loc, row=int(rows[0] + row_offset), column="(no header)", column_letter=letter,
                found=str(raw.at[rows[0], position]), expected="a header above every column that holds data",
                hint=f"column {letter} has no header, so this value{more} ignored; give the column a header "
                     "or delete the stray cells"))
    return problems


def _blank_mask_cells(cells: pd.DataFrame) -> pd.DataFrame:
    as_text = cells.astype("string").fillna("")
    return as_text.apply(lambda col: col.str.strip().eq(""))


def find_header(raw: pd.DataFrame, aliases: dict[str, str], *, partial: bool = False) -> int | None:
    """Position of the header row in ``raw`` (cells, no header) as :func:`build_table` finds it,
    or None when every row is blank. With ``partial`` (``raw`` is only the first rows of a
    table), None also when ``raw`` has fewer filled rows than the search looks at."""
    filled = raw.index[~_blank_mask(raw)]
    if len(filled) == 0 or (partial and len(filled) < _HEADER_SEARCH):
        return None
    return _find_header(raw, filled, aliases)


def _find_header(raw: pd.DataFrame, filled: pd.Index, aliases: dict[str, str]) -> int:
    """The header row: among the first filled rows, the one naming the most known columns (a
    title line above the header is skipped); the first filled row when none names two."""
    best, best_hits = filled[0], 1
    for position in filled[:_HEADER_SEARCH]:
        hits = sum(normalize_header(v)[0] in aliases for v in raw.loc[position] if not is_blank(v))
        if hits > best_hits:
            best, best_hits = position, hits
    return best


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (
        isinstance(value, str) and not value.strip())


def _blank_mask(raw: pd.DataFrame) -> pd.Series:
    """Rows whose every cell is empty or white space.

    Column by column, and each column only for the rows still blank so far: the first filled
    column rules out most rows, so a million-row table is not turned into text cell by cell.
    """
    if raw.empty:
        return pd.Series(False, index=raw.index)
    blank = np.ones(len(raw), dtype=bool)
    for position in range(raw.shape[1]):  # numbers the parser read: blank only where missing
        if pd.api.types.is_float_dtype(raw.dtypes.iloc[position]):
            blank &= raw.iloc[:, position].isna().to_numpy()
    for position in range(raw.shape[1]):  # columns, not rows
        rows = np.flatnonzero(blank)
        if rows.size == 0:
            break
        cells = raw.iloc[rows, position]
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)  # columns repeat their values
        distinct = pd.Series(uniques, dtype="object").astype("string").fillna("")
        blank[rows] = distinct.str.strip().eq("").to_numpy(dtype=bool)[codes]
    return pd.Series(blank, index=raw.index)


def _empty_frame() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in LOCATION_COLUMNS})
    frame.attrs.update(headers={}, letters={}, header_units={})
    return frame
