"""The fast readings of the validation step give what the slow, general rules give.

Validation reads a CSV's quantities with numpy's number parser first and applies the spelling
rules (thousands separators, percentages, dates, NaN …) only to the cells that parser refuses.
These tests hold the two readings against each other on arbitrary text, so a spelling the
parser accepts differently from the rules cannot slip through.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.validation import _parse_by_rules, parse_quantity

_NUMBERISH = st.text(alphabet="0123456789.,eE+- _xinfaNIt%\u00a0\u0661", max_size=12)
_CELLS = st.one_of(_NUMBERISH, st.floats(allow_nan=True, allow_infinity=True).map(repr), st.text(max_size=6))


def _same(values: list[str]) -> None:
    series = pd.Series(values, dtype="str")
    fast_number, fast_reason = parse_quantity(series, ".")
    rule_number, rule_reason = _parse_by_rules(series, ".")
    assert fast_reason.tolist() == rule_reason.tolist()
    np.testing.assert_array_equal(fast_number.to_numpy(), rule_number.to_numpy())


@settings(max_examples=400, deadline=None)
@given(st.lists(_CELLS, min_size=1, max_size=30))
def test_fast_quantity_reading_equals_the_rules(values):
    _same(values)


def test_fast_quantity_reading_on_known_spellings():
    _same(["575.44", " 12 ", "1e3", "+.5", "5.", "-0", "0x10", "1_000", "1,234.5", "1.234,5", "12%", "nan", "inf",
           "-inf", "Infinity", "True", "False", "", "   ", "\u0661\u0662", "2023-01-05", "1e", ".", "-", "1.2.3",
           "99999999999999999999", "1e400", "-1e400", "4.9e-324"])
    number, reason = parse_quantity(pd.Series(["1,234.5", "12%", "7"], dtype="str"))
    # by hand: the thousands separator is dropped; a percentage is refused; 7 is 7
    assert number.iloc[0] == 1234.5 and np.isnan(number.iloc[1]) and number.iloc[2] == 7.0
    assert reason.tolist() == ["", "bad", ""]
