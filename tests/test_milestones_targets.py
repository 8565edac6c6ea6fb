"""Targets and trends (issue 8): straight-line pathway arithmetic by hand, time series ordering.

The inventories use a custom CO2-only factor of 1 t/MWh (and 0.01 t/gal for gasoline), so each
total is its activity: 1,000 MWh = 1,000 t CO2e.
"""

from __future__ import annotations

import math

import pytest

from ghgcalc.errors import UsageError
from ghgcalc.milestones import assess_target, build_trend, parse_percent
from test_milestones import write

CUSTOM = ("factor_id,activity,applies_to,region,gas,value,unit,source\n"
          "grid,electricity,I.1.2,,CO2,1,t/MWh,utility disclosure\n"
          "fuel,gasoline,II.1.1,,CO2,0.01,t/gal,state fuel data\n")


def inventory(tmp_path, name: str, year: int, mwh: float, *, gallons: float = 0, population: float | None = None,
              gwp: str = "AR5"):
    rows = f"I.1.2,electricity,{mwh},MWh\n" + (f"II.1.1,gasoline,{gallons},gal\n" if gallons else "")
    return write(tmp_path / name, rows, year=year, custom=CUSTOM, population=population, gwp=gwp)


def test_parse_percent():
    assert parse_percent("50%") == 0.5
    assert parse_percent("50") == 0.5
    assert parse_percent(" 12.5 % ") == 0.125
    for bad in ("abc", "150%", "-5"):
        with pytest.raises(UsageError):
            parse_percent(bad)


def test_reduction_target_behind_by_hand(tmp_path):
    # Base 2020: 1,000 t; current 2024: 900 t; 50 % below 2020 by 2030 → T = 500 t.
    # Pathway P(y) = 1,000 − 500·(y − 2020)/10: P(2024) = 800 t; gap = 900 − 800 = +100 t (behind).
    # Needed from 2024: (900 − 500)/6 = 66.667 t/yr = 7.407 % of 900 per year;
    # compound 1 − (500/900)^(1/6) = 1 − exp(−0.587787/6) = 1 − 0.906681 = 9.3319 %/yr.
    base = inventory(tmp_path, "b", 2020, 1000)
    current = inventory(tmp_path, "c", 2024, 900)
    a = assess_target(base, current, by=2030, reduction=0.5)
    assert a.target_value == pytest.approx(500.0, abs=1e-9)
    assert a.expected_now == pytest.approx(800.0, abs=1e-9)
    assert a.gap == pytest.approx(100.0, abs=1e-9)
    assert not a.on_track
    assert a.annual_reduction == pytest.approx(400 / 6, abs=1e-9)
    assert a.annual_reduction_pct == pytest.approx(7.4074, abs=1e-4)
    assert a.annual_rate_compound_pct == pytest.approx(9.3319, abs=1e-4)
    assert a.verdict.startswith("behind by 100 t CO2e")
    assert a.pathway["year"].tolist() == list(range(2020, 2031))
    assert a.pathway["pathway"].tolist() == pytest.approx([1000 - 50 * i for i in range(11)], abs=1e-9)
    inventories = a.pathway.set_index("year")["inventory"].dropna().to_dict()
    assert inventories == {2020: 1000.0, 2024: 900.0}


def test_absolute_target_on_track(tmp_path):
    # T = 950 t by 2030: P(2024) = 1,000 − 50·4/10 = 980 t; 900 < 980 → on track, 80 t below the pathway.
    base = inventory(tmp_path, "b", 2020, 1000)
    current = inventory(tmp_path, "c", 2024, 900)
    a = assess_target(base, current, by=2030, absolute=950)
    assert a.on_track and a.gap == pytest.approx(-80.0, abs=1e-9)
    assert a.reduction_pct == pytest.approx(5.0, abs=1e-9)
    assert a.verdict.startswith("on track")


def test_per_capita_target(tmp_path):
    # 1,000 t / 10,000 people = 0.1 t/person (2020); 900 t / 12,000 = 0.075 t/person (2024);
    # target 0.05 by 2030: P(2024) = 0.1 − 0.05·0.4 = 0.08 → 0.005 below the pathway, on track.
    base = inventory(tmp_path, "b", 2020, 1000, population=10000)
    current = inventory(tmp_path, "c", 2024, 900, population=12000)
    a = assess_target(base, current, by=2030, per_capita=0.05)
    assert a.unit == "t CO2e per person"
    assert a.base_value == pytest.approx(0.1, abs=1e-12) and a.current_value == pytest.approx(0.075, abs=1e-12)
    assert a.expected_now == pytest.approx(0.08, abs=1e-12)
    assert a.gap == pytest.approx(-0.005, abs=1e-12) and a.on_track
    without = inventory(tmp_path, "n", 2024, 900)
    with pytest.raises(UsageError, match="population"):
        assess_target(base, without, by=2030, per_capita=0.05)


def test_target_needs_exactly_one_kind_and_a_later_year(tmp_path):
    base = inventory(tmp_path, "b", 2020, 1000)
    current = inventory(tmp_path, "c", 2024, 900)
    with pytest.raises(UsageError, match="exactly one"):
        assess_target(base, current, by=2030)
    with pytest.raises(UsageError, match="exactly one"):
        assess_target(base, current, by=2030, reduction=0.5, absolute=100)
    with pytest.raises(UsageError, match="after the base year"):
        assess_target(base, current, by=2019, reduction=0.5)


def test_trend_sorted_by_year_with_sectors(tmp_path):
    # Given 2024, 2020, 2022: the series runs 2020, 2022, 2024.
    # 2022: 950 t electricity (Stationary energy) + 1,000 gal × 0.01 t/gal = 10 t (Transportation) = 960 t.
    files = [inventory(tmp_path, "y2024", 2024, 900), inventory(tmp_path, "y2020", 2020, 1000),
             inventory(tmp_path, "y2022", 2022, 950, gallons=1000)]
    trend = build_trend(files)
    table = trend.table
    assert table["year"].tolist() == [2020, 2022, 2024]
    assert trend.sectors == ["Stationary energy", "Transportation", "Waste"]
    assert table["Stationary energy"].tolist() == pytest.approx([1000.0, 950.0, 900.0], abs=1e-9)
    assert table["Transportation"].tolist() == pytest.approx([0.0, 10.0, 0.0], abs=1e-9)
    assert table["total_t"].tolist() == pytest.approx([1000.0, 960.0, 900.0], abs=1e-9)
    # change against the previous row: −40 t (−4 %), then −60 t (−6.25 %)
    assert math.isnan(table["change_t"].iloc[0])
    assert table["change_t"].tolist()[1:] == pytest.approx([-40.0, -60.0], abs=1e-9)
    assert table["change_pct"].tolist()[1:] == pytest.approx([-4.0, -6.25], abs=1e-9)


def test_trend_rejects_two_inventories_of_one_year_and_notes_mixed_gwp(tmp_path):
    a = inventory(tmp_path, "a", 2020, 1000)
    b = inventory(tmp_path, "b", 2020, 900)
    with pytest.raises(UsageError, match="more than one inventory for 2020"):
        build_trend([a, b])
    c = inventory(tmp_path, "c", 2022, 900, gwp="AR6")
    assert any("different GWP sets" in n for n in build_trend([a, c]).notes)
