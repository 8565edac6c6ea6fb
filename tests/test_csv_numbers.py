"""A CSV's quantities read as numbers by the parser give what reading them as text gives.

``read_input`` first tries to read an activity CSV with its quantity column typed as numbers
(``readers.csv.read_csv_numbers``) and falls back to reading every cell as text when any cell is
not a plain finite number ≥ 0, a line is blank, or the header is not where it expected. These
tests hold the two readings against each other: same rows, same row numbers, same quantities,
same problems.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghgcalc import calculate, read_activity
from ghgcalc.validation import validate_activity

_SETTINGS = 'year = 2023\nregion = "CAMX"\n'
_NUMBERISH = st.text(alphabet="0123456789.,eE+- _xinfaNIt%\u00a0", max_size=10)
_QUANTITY = st.one_of(
    _NUMBERISH,
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=0, max_value=1e12).map(repr),
    st.integers(min_value=-5, max_value=10**20).map(str),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6),
)


def _write(folder: Path, quantities: list[str], *, title: bool = False, blank_line: bool = False) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if title:
        writer.writerow(["Community inventory 2023", "", "", ""])
        writer.writerow([])
    writer.writerow(["gpc_ref", "activity", "Quantity", "unit"])
    for i, quantity in enumerate(quantities):
        writer.writerow(["I.1.2", "electricity", quantity, "kWh" if i % 2 else "MWh"])
        if blank_line and i == 0:
            writer.writerow([])
    (folder / "ghgcalc.toml").write_text(_SETTINGS, encoding="utf-8")
    path = folder / "activity.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _validated(path: Path, *, as_text: bool) -> tuple[pd.DataFrame, list[tuple], object]:
    if as_text:
        with mock.patch("ghgcalc.readers.read_csv_numbers", return_value=None):
            data = read_activity(path)
    else:
        data = read_activity(path)
    rows, problems = validate_activity(data.activity)
    located = [(p.row, p.column, p.code, p.found) for p in data.problems + problems]
    return rows, located, data.decimal


def _same_both_ways(path: Path) -> object:
    fast_rows, fast_problems, decimal = _validated(path, as_text=False)
    text_rows, text_problems, _ = _validated(path, as_text=True)
    assert fast_rows["_row"].tolist() == text_rows["_row"].tolist()
    assert fast_rows["_bad"].tolist() == text_rows["_bad"].tolist()
    np.testing.assert_array_equal(fast_rows["quantity"].to_numpy(dtype="float64"),
                                  text_rows["quantity"].to_numpy(dtype="float64"))
    assert fast_problems == text_problems
    return decimal


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quantities=st.lists(_QUANTITY, min_size=1, max_size=12), title=st.booleans(), blank_line=st.booleans())
def test_numbers_read_by_the_parser_equal_the_text_reading(tmp_path, quantities, title, blank_line):
    _same_both_ways(_write(tmp_path, quantities, title=title, blank_line=blank_line))


def test_plain_numbers_take_the_fast_reading_with_row_numbers_kept(tmp_path):
    # two title lines, header on line 3, data on lines 4 to 7
    path = _write(tmp_path, ["575.44", "1e3", "0", "12"], title=True)
    assert _same_both_ways(path) == "."  # read as numbers
    inventory = calculate(path)
    trail = inventory.trail
    assert trail["row"].tolist() == [4, 5, 6, 7]
    # by hand: the cells as written; 1e3 kWh is 1,000 kWh
    assert trail["quantity"].tolist() == [575.44, 1000.0, 0.0, 12.0]


def test_anything_unusual_falls_back_to_reading_text(tmp_path):
    for quantities, blank_line in ((["1,234.5", "7"], False), (["7", ""], False), (["-5", "7"], False),
                                   (["nan", "7"], False), (["7", "8"], True)):
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        assert _same_both_ways(_write(folder, quantities, blank_line=blank_line)) is None


def test_a_decimal_comma_reads_the_file_again(tmp_path):
    path = _write(tmp_path, ["1.234", "2,5"])
    data = read_activity(path)  # "2,5" is not a plain number: read as text, parsed by validation
    assert data.decimal is None
    path = _write(tmp_path, ["1.234", "7"])
    data = read_activity(path)
    assert data.decimal == "."
    # by hand: with a decimal comma, "1.234" is one thousand two hundred and thirty-four
    inventory = calculate(data, decimal=",")
    assert inventory.trail["quantity"].tolist() == [1234.0, 7.0]
    assert calculate(data).trail["quantity"].tolist() == [1.234, 7.0]


# Columns whose values repeat are read as categories and handed to validation with their codes;
# these pools repeat (so they are read that way) and hold spellings validation must clean or refuse.
_LINES = ["I.1.2", "I.2.2", " I.1.2", "i.1.2", "II.1.1", "I.9.9", "", "III.1.1"]
_ACTIVITIES = ["electricity", "Electricity ", "natural_gas", "natural gas", "diesel", "msw_landfilled", "unobtainium", ""]
_UNITS = ["kWh", "MWh", " kwh", "therm", "gal", "ton", "furlong", "", "MMBtu"]
_REGIONS = ["", "CAMX", "camx", "NWPP", "XXXX"]
_YEARS = ["", "2015", "2015.0", "1800", "abc"]
_QUALITY = ["", "H", "m", "low", "excellent"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from(_LINES), st.sampled_from(_ACTIVITIES), st.sampled_from(_UNITS),
                               st.sampled_from(_REGIONS), st.sampled_from(_YEARS), st.sampled_from(_QUALITY),
                               st.floats(min_value=0, max_value=1e9).map(repr)),
                     min_size=60, max_size=150))
def test_repeating_columns_read_as_categories_equal_the_text_reading(tmp_path, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["gpc_ref", "activity", "unit", "region", "model_year", "data_quality", "quantity",
                     "description"])
    for i, (line, activity, unit, region, year, quality, quantity) in enumerate(rows):
        writer.writerow([line, activity, unit, region, year, quality, quantity, f"account {i:07d}"])
    (tmp_path / "ghgcalc.toml").write_text(_SETTINGS, encoding="utf-8")
    path = tmp_path / "activity.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    data = read_activity(path)
    assert data.decimal == "." and "activity" in data.activity.codes  # the categorical reading was taken
    _same_both_ways(path)
    fast = calculate(path)
    with mock.patch("ghgcalc.readers.read_csv_numbers", return_value=None):
        text = calculate(path)
    pd.testing.assert_frame_equal(fast.trail, text.trail)
    pd.testing.assert_frame_equal(fast.lines, text.lines)
    assert [p.model_dump() for p in fast.problems] == [p.model_dump() for p in text.problems]


def test_other_encodings_and_delimiters_read_alike(tmp_path):
    # semicolons and tabs, a BOM, UTF-16 and Windows-1252 (accents in the descriptions)
    rows = [["I.1.2", "electricity", f"{1.5 * i!r}", "kWh" if i % 3 else "MWh", "CAMX", f"compteur {i} électricité"]
            for i in range(80)]
    for delimiter, encoding in ((";", "utf-8-sig"), ("\t", "utf-16"), (",", "cp1252")):
        folder = tmp_path / f"{ord(delimiter)}-{encoding}"
        folder.mkdir()
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(["gpc_ref", "activity", "quantity", "unit", "region", "description"])
        writer.writerows(rows)
        (folder / "ghgcalc.toml").write_text(_SETTINGS, encoding="utf-8")
        path = folder / "activity.csv"
        path.write_text(buffer.getvalue(), encoding=encoding)
        assert _same_both_ways(path) == "."  # the numbers were read by the parser
        assert "unit" in read_activity(path).activity.codes  # and the repeating columns as categories
        fast = calculate(path)
        with mock.patch("ghgcalc.readers.read_csv_numbers", return_value=None):
            text = calculate(path)
        pd.testing.assert_frame_equal(fast.trail, text.trail)
        assert fast.trail["description"].iloc[1] == "compteur 1 électricité"
