"""CSV input: encoding and delimiter detection, cells read as text, row numbers kept."""

from __future__ import annotations

import codecs
import csv as _csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ghgcalc.errors import InputFileError

_DELIMITERS = ",;\t"
_HEAD_ROWS = 200  # rows read first to find the header


def read_csv_cells(path: Path) -> tuple[pd.DataFrame, str]:
    """Read a CSV file as text cells without a header; blank lines kept.

    Returns the cells (``index + 1`` = line number) and the encoding used. UTF-8 with or without
    BOM and UTF-16 with BOM are recognised; anything else that is not valid UTF-8 is read as
    cp1252 (a superset of latin-1 for printable text), which the caller may warn about.
    """
    encoding, delimiter, width = _sniff(path)
    for _ in range(8):
        try:
            cells = pd.read_csv(path, **_options(delimiter, width, encoding), dtype=str)
            break
        except pd.errors.EmptyDataError:
            return pd.DataFrame(), encoding
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            # A line further down with more cells than the sample showed: read again, wider, so
            # that its extra cells are reported like any cell without a header, not the file refused.
            wider = re.search(r"Expected \d+ fields in line \d+, saw (\d+)", str(exc))
            if wider is None:
                raise InputFileError(f"{path.name}: cannot be read as CSV ({_parser_message(exc)})") from exc
            width = max(int(wider.group(1)), 2 * width)
    else:
        raise InputFileError(f"{path.name}: cannot be read as CSV (rows of very different lengths)")
    return cells, encoding


def read_csv_numbers(path: Path, locate: Callable[[pd.DataFrame, bool], tuple[int, int] | None]
                     ) -> tuple[pd.DataFrame, pd.Series, int, str, dict[int, tuple]] | None:
    """The rows below the header, one column read as numbers by the parser, when that reads
    the file completely; else None, and the caller reads every cell as text (:func:`read_csv_cells`).

    ``locate(head, whole)`` gets the first rows as text cells (``whole``: they are all the file's)
    and returns the header's position among them and the position of the column to read as
    numbers, or None.

    Returns the rows (index 0 is the line after the header), the header's cells, the header's
    line number (1-based), the encoding and, for the columns whose values repeat (activity keys,
    units, lines…), ``pd.factorize`` of their text by position: the parser read those columns
    as categories (one Python string per distinct value, not per row), turned into text again.

    Anything the text reading treats with care makes this give up rather than guess: a cell
    that is not a plain finite number (blank, text, thousands separators, NaN, infinity), a
    negative number (reported with the text as written), a blank line, a line wider than the
    sample, any parser error.
    """
    encoding, delimiter, width = _sniff(path)
    options = _options(delimiter, width, encoding)
    try:
        head = pd.read_csv(path, **options, dtype=str, nrows=_HEAD_ROWS)
        found = locate(head, len(head) < _HEAD_ROWS)
        if found is None:
            return None
        header_pos, column = found
        types = {i: (str if i != column else "float64") for i in range(width)}
        types |= dict.fromkeys(_repeating(head.iloc[header_pos + 1:], exclude=column), "category")
        rows = pd.read_csv(path, **options, dtype=types, skiprows=header_pos + 1)
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError):
        return None  # ValueError: a cell that is not a number
    numbers = rows[column].to_numpy()
    if not len(rows) or not (np.abs(numbers) < np.inf).all() or (numbers < 0).any():
        return None
    rows[column] = numbers + 0.0  # -0 → 0, as reading the text gives
    codes = {}
    for position in [p for p, kind in types.items() if kind == "category"]:
        rows[position], found = _text_of_categories(rows[position])
        if found is not None:
            codes[position] = found
    return rows, head.loc[header_pos], header_pos + 1, encoding, codes


def _repeating(rows: pd.DataFrame, exclude: int) -> list[int]:
    """Columns whose first rows repeat their values (keys, units, lines; not descriptions): read
    as categories, each distinct text becomes one string, not one per row."""
    if len(rows) < 50:  # too few rows to tell, and too few to matter
        return []
    return [p for p in rows.columns if p != exclude and rows[p].nunique(dropna=False) <= len(rows) // 2]


def _text_of_categories(column: pd.Series) -> tuple[pd.Series, tuple | None]:
    """A categorical column as the text column reading it as text gives (same values, dtype
    ``str``), and ``pd.factorize`` of it: codes numbered by first appearance, the distinct texts
    in that order. No codes when a cell is missing (a short line)."""
    categorical = column.array
    codes = np.asarray(categorical.codes)
    if (codes < 0).any():
        return pd.Series(pd.array(np.asarray(categorical, dtype=object), dtype="str"), index=column.index), None
    order = pd.unique(codes)  # categories in order of first appearance
    rank = np.empty(len(categorical.categories), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    first_codes = rank[codes]
    uniques = categorical.categories.to_numpy(dtype=object)[order]
    text = pd.array(uniques[first_codes], dtype="str")
    return pd.Series(text, index=column.index), (first_codes, pd.Index(pd.array(uniques, dtype="str")))


def _sniff(path: Path) -> tuple[str, str, int]:
    """Encoding, delimiter and number of columns, from the first 64 KiB."""
    head = path.open("rb").read(65536)
    encoding = _detect_encoding(head, path)
    sample = head.decode(encoding, errors="ignore")
    delimiter = _sniff_delimiter(sample)
    # Blank lines or a title line before the header must not fix the width of the table.
    widths = [len(r) for r in _csv.reader(sample.splitlines()[:200], delimiter=delimiter)]
    return encoding, delimiter, max(widths, default=1)


def _options(delimiter: str, width: int, encoding: str) -> dict:
    """read_csv's options for cells without a header, blank lines kept (row = index + 1)."""
    return dict(sep=delimiter, header=None, names=range(width), keep_default_na=False, na_filter=False,
                skip_blank_lines=False, encoding=encoding, engine="c", quotechar='"', on_bad_lines="error")


def _parser_message(exc: Exception) -> str:
    """pandas counts records from 0; say the line as an editor numbers it."""
    text = _first_line(exc)
    unclosed = re.search(r"EOF inside string starting at row (\d+)", text)
    if unclosed:
        return f'a quote (") opened on line {int(unclosed.group(1)) + 1} is never closed'
    return text


def _detect_encoding(head: bytes, path: Path) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _utf16_without_bom(head)
    if utf16:
        return utf16
    if b"\x00" in head:
        raise InputFileError(f"{path.name}: looks like a binary file, not a CSV")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a multi-byte character cut at the sample's end
            return "cp1252"
    return "utf-8"


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM: ASCII characters leave a NUL in every other byte."""
    pairs = len(head) // 2
    if pairs < 4:
        return None
    odd_nul = head[1:2 * pairs:2].count(0) / pairs
    even_nul = head[0:2 * pairs:2].count(0) / pairs
    if odd_nul > 0.9 and even_nul < 0.1:
        return "utf-16-le"
    if even_nul > 0.9 and odd_nul < 0.1:
        return "utf-16-be"
    return None


def _sniff_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    try:
        return _csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except _csv.Error:
        counts = {d: lines[0].count(d) for d in _DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def read_text_table(text: str) -> pd.DataFrame:
    """Cells of a small CSV given as text (used by tests and the template)."""
    return pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False,
                       skip_blank_lines=False)
