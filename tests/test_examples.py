"""The shipped examples run cleanly, and some of their lines match values computed by hand.

Factors used below (written as literals on purpose, so a changed table shows up here):
- EPA GHG Emission Factors Hub 2025 (HHV), Table 1 Stationary Combustion: natural gas
  53.06 kg CO2/MMBtu and 0.001026 MMBtu/scf; distillate fuel oil No. 2 73.96 kg CO2/MMBtu and
  0.138 MMBtu/gal; propane 62.87 kg CO2/MMBtu and 0.091 MMBtu/gal.
- Hub 2025 Table 2 Mobile Combustion CO2: motor gasoline 8.78 kg CO2/gal, diesel fuel 10.21 kg/gal.
- Hub 2025 Table 3: gasoline passenger cars g CH4/mi, model year 2015: 0.0068, 2019: 0.0051, 2017:
  0.0054; gasoline light-duty trucks g CH4/mi, model year 2018: 0.0081, 2017: 0.0084.
  Table 4: diesel medium- and heavy-duty vehicles (and buses), model years 2007-2022: 0.0095 g CH4/mi.
- eGRID2023 via Hub 2025 Table 6, RFCW: 911.321 lb CO2, 0.071 lb CH4, 0.01 lb N2O per MWh.
- eGRID2022 via GHG Protocol cross-sector tool V2.0 (Electricity US, Table 1, Year 2022), CAMX:
  497.443 lb CO2, 0.03 lb CH4, 0.004 lb N2O per MWh.
- AR5 GWP100 (IPCC AR5 WG I Table 8.A.1, as in Hub 2025 Table 11): CH4 28, N2O 265.
1 lb = 0.45359237 kg (exact); 1 therm = 0.1 MMBtu; 1 ccf = 100 scf; 1 Mcf = 1000 scf.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import openpyxl
import pytest

from ghgcalc.engine import calculate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SPRINGFIELD = EXAMPLES / "springfield_2023.xlsx"
RIVERTON = EXAMPLES / "csv" / "activity.csv"
LB = 0.45359237  # kg per lb, exact
REL = 1e-9


@pytest.fixture(scope="module")
def springfield():
    return calculate(SPRINGFIELD)


@pytest.fixture(scope="module")
def riverton():
    return calculate(RIVERTON)


def line(inventory, ref: str) -> dict:
    return inventory.lines.set_index("gpc_ref").loc[ref].to_dict()


def data_rows_xlsx(path: Path, sheet: str) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = [r for r in workbook[sheet].iter_rows(min_row=2, values_only=True) if any(v not in (None, "") for v in r)]
    workbook.close()
    return len(rows)


def data_rows_csv(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for row in list(csv.reader(handle))[1:] if any(cell.strip() for cell in row))


# ---------------------------------------------------------------------------------------------
# both examples: clean, complete, every row in the trail
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["springfield", "riverton"])
def test_no_errors_and_basic_complete(name, request):
    inventory = request.getfixturevalue(name)
    assert [p for p in inventory.problems if p.severity == "error"] == []
    assert "incomplete" not in {p.code for p in inventory.problems}
    assert inventory.totals["basic"] > 0


@pytest.mark.parametrize("path", [SPRINGFIELD, RIVERTON])
def test_strict_mode_accepts_examples(path):
    # --strict turns missing BASIC lines into errors: the notation keys cover every BASIC line.
    assert calculate(path, strict=True).ok


def test_every_springfield_row_in_trail(springfield):
    expected = data_rows_xlsx(SPRINGFIELD, "activity")
    assert expected == 24
    trail = springfield.trail[springfield.trail["derived"].eq("")]
    assert len(trail) == expected
    assert sorted(trail["row"].astype(int)) == list(range(2, expected + 2))  # Excel rows 2..25
    assert springfield.rejected_rows == []


def test_every_riverton_row_in_trail(riverton):
    expected = data_rows_csv(RIVERTON)
    assert expected == 11
    trail = riverton.trail[riverton.trail["derived"].eq("")]
    assert len(trail) == expected
    assert sorted(trail["row"].astype(int)) == list(range(2, expected + 2))
    assert riverton.rejected_rows == []


# ---------------------------------------------------------------------------------------------
# Springfield 2023, RFCW, AR5: hand-computed lines
# ---------------------------------------------------------------------------------------------
def test_springfield_residential_fuels_co2(springfield):
    # I.1.1: natural gas 37,620,000 therm x 0.1 MMBtu/therm x 53.06 kg CO2/MMBtu
    #      + fuel oil No. 2 498,000 gal x 0.138 MMBtu/gal x 73.96 kg CO2/MMBtu
    #      + propane 1,265,000 gal x 0.091 MMBtu/gal x 62.87 kg CO2/MMBtu      (Hub 2025 Table 1)
    #      = 199,611,720 + 5,082,827.04 + 7,237,280.05 kg = 211,931.82709 t CO2
    gas = 37_620_000 * 0.1 * 53.06
    oil = 498_000 * 0.138 * 73.96
    propane = 1_265_000 * 0.091 * 62.87
    assert line(springfield, "I.1.1")["co2_t"] == pytest.approx((gas + oil + propane) / 1000, rel=REL)


def test_springfield_residential_gas_row(springfield):
    # the natural-gas row alone (Excel row 2): 37,620,000 therm x 0.1 x 53.06 kg/MMBtu / 1000
    #   = 199,611.72 t CO2
    row = springfield.trail.set_index("row").loc[2]
    assert row["activity"] == "natural_gas"
    assert row["co2_t"] == pytest.approx(37_620_000 * 0.1 * 53.06 / 1000, rel=REL)


def test_springfield_residential_electricity(springfield):
    # I.1.2: 756,480 MWh x 911.321 lb CO2/MWh (RFCW, eGRID2023 via Hub 2025 Table 6)
    #        x 0.45359237 kg/lb / 1000 = 312,704.8 t CO2
    # CO2e (AR5): 756,480 x (911.321 + 0.071 x 28 + 0.01 x 265) lb/MWh x 0.45359237 / 1000
    values = line(springfield, "I.1.2")
    assert values["co2_t"] == pytest.approx(756_480 * 911.321 * LB / 1000, rel=REL)
    assert values["co2e_t"] == pytest.approx(756_480 * (911.321 + 0.071 * 28 + 0.01 * 265) * LB / 1000, rel=REL)


def test_springfield_industrial_gas_mixed_units(springfield):
    # I.3.1: 2,146,000 MMBtu + 318,400 Mcf x 1000 scf/Mcf x 0.001026 MMBtu/scf (Hub 2025 Table 1)
    #        = 2,146,000 + 326,678.4 = 2,472,678.4 MMBtu x 53.06 kg CO2/MMBtu / 1000 = 131,200.3 t CO2
    mmbtu = 2_146_000 + 318_400 * 1000 * 0.001026
    assert line(springfield, "I.3.1")["co2_t"] == pytest.approx(mmbtu * 53.06 / 1000, rel=REL)


def test_springfield_commercial_gas_ccf(springfield):
    # I.2.1: 19,840,000 therm x 0.1 MMBtu/therm + 1,412,500 ccf x 100 scf/ccf x 0.001026 MMBtu/scf
    #        = 1,984,000 + 144,922.5 MMBtu, x 53.06 kg CO2/MMBtu / 1000 = 112,960.6 t CO2
    mmbtu = 19_840_000 * 0.1 + 1_412_500 * 100 * 0.001026
    assert line(springfield, "I.2.1")["co2_t"] == pytest.approx(mmbtu * 53.06 / 1000, rel=REL)


def test_springfield_on_road(springfield):
    # II.1.1 CO2 from fuel (Hub 2025 Table 2): 71,350,000 gal x 8.78 + 11,820,000 gal x 10.21 kg/gal
    #        = 626,453,000 + 120,682,200 kg = 747,135.2 t CO2
    # II.1.1 CH4 from vehicle-miles (Hub 2025 Tables 3-4), g/mi x mi / 1e6 = t:
    #        cars 2015 545e6 x 0.0068 + cars 2019 470e6 x 0.0051 + light trucks 2018 612e6 x 0.0081
    #        + diesel heavy-duty 2012 71.5e6 x 0.0095 + diesel bus 2016 3.24e6 x 0.0095
    #        = 3,706,000 + 2,397,000 + 4,957,200 + 679,250 + 30,780 g = 11.77023 t CH4
    values = line(springfield, "II.1.1")
    assert values["co2_t"] == pytest.approx((71_350_000 * 8.78 + 11_820_000 * 10.21) / 1000, rel=REL)
    ch4_g = 545e6 * 0.0068 + 470e6 * 0.0051 + 612e6 * 0.0081 + 71.5e6 * 0.0095 + 3.24e6 * 0.0095
    assert values["ch4_t"] == pytest.approx(ch4_g / 1e6, rel=REL)


def test_springfield_notation_keys(springfield):
    keys = springfield.lines.set_index("gpc_ref")
    assert keys.loc["I.7.1", "notation_key"] == "NO"
    assert keys.loc["II.5.1", "notation_key"] == "IE"
    assert keys.loc["II.5.1", "included_in"] == "II.1.1"
    assert keys.loc["III.1.1", "notation_key"] == "NO"
    basic = keys[keys["basic"]]
    assert not (basic["notation_default"]).any()  # every BASIC line has data or a user key


def test_springfield_waste(springfield):
    lines = springfield.line_gases
    g = {(r, gas): t for r, gas, t in zip(lines["gpc_ref"], lines["gas"], lines["t"])}
    # Landfill, methane commitment (GPC Eq. 8.1), DOC from composition (IPCC 2006 Vol. 5 Table 2.4):
    # DOC = 0.24×0.15 + 0.12×0.20 + 0.22×0.40 + 0.06×0.43 + 0.06×0.24 = 0.1882
    # CH4 = 152,000 t × MCF 1.0 × 0.1882 × DOCf 0.6 × F 0.5 × 16/12 × (1 − 0) × (1 − OX 0) = 11,442.56 t
    assert g[("III.1.2", "CH4")] == pytest.approx(152_000 * 0.1882 * 0.6 * 0.5 * 16 / 12, rel=1e-9)
    # Composting, IPCC 2006 Vol. 5 Table 4.1 (wet): 18,500 t × 4 g CH4/kg = 74 t; × 0.24 g N2O/kg = 4.44 t
    assert g[("III.2.1", "CH4")] == pytest.approx(74.0, rel=1e-9)
    assert g[("III.2.1", "N2O")] == pytest.approx(4.44, rel=1e-9)
    # Effluent N2O (IPCC 2006 Vol. 5 Eq. 6.7-6.8): 170,000 × 41 kg protein × 0.16 × 1.1 × 1.25
    # = 1,533,400 kg N × 0.005 × 44/28 = 12,048.14 kg
    assert g[("III.4.1", "N2O")] == pytest.approx(170_000 * 41 * 0.16 * 1.1 * 1.25 * 0.005 * 44 / 28 / 1000,
                                                  rel=1e-9)


# ---------------------------------------------------------------------------------------------
# Riverton 2022, CAMX, AR5, factors = epa-ghg-hub@2025 + egrid@2022 (ghgcalc.toml)
# ---------------------------------------------------------------------------------------------
def test_riverton_sector_names_resolve(riverton):
    trail = riverton.trail.set_index("row")
    assert trail.loc[3, "gpc_ref"] == "I.1.1"   # Stationary energy / Residential buildings + natural gas
    assert trail.loc[4, "gpc_ref"] == "I.2.2"   # Stationary energy / Commercial ... + electricity
    assert trail.loc[8, "gpc_ref"] == "II.1.1"  # Transportation / On-road transportation + gasoline


def test_riverton_residential_gas(riverton):
    # I.1.1 (row given by sector and sub-sector): 5,080,000 therm x 0.1 MMBtu/therm
    #        x 53.06 kg CO2/MMBtu (Hub 2025 Table 1) / 1000 = 26,954.48 t CO2
    assert line(riverton, "I.1.1")["co2_t"] == pytest.approx(5_080_000 * 0.1 * 53.06 / 1000, rel=REL)


def test_riverton_electricity(riverton):
    # I.1.2: 106,300 MWh x 497.443 lb CO2/MWh (CAMX, eGRID2022) x 0.45359237 kg/lb / 1000
    #        = 23,985.14 t CO2; CO2e (AR5) adds 0.03 lb CH4 x 28 and 0.004 lb N2O x 265 per MWh
    values = line(riverton, "I.1.2")
    assert values["co2_t"] == pytest.approx(106_300 * 497.443 * LB / 1000, rel=REL)
    assert values["co2e_t"] == pytest.approx(106_300 * (497.443 + 0.03 * 28 + 0.004 * 265) * LB / 1000, rel=REL)
    # I.2.2 (row given by sector and sub-sector, in kWh): 97,450,000 kWh = 97,450 MWh
    #        x 497.443 lb/MWh x 0.45359237 / 1000 = 21,988.26 t CO2
    assert line(riverton, "I.2.2")["co2_t"] == pytest.approx(97_450 * 497.443 * LB / 1000, rel=REL)


def test_riverton_vmt_ch4(riverton):
    # II.1.1 CH4: cars 2017 198e6 mi x 0.0054 g/mi + light trucks 2017 154e6 mi x 0.0084 g/mi
    #        (Hub 2025 Table 3) = 1,069,200 + 1,293,600 g = 2.3628 t CH4
    assert line(riverton, "II.1.1")["ch4_t"] == pytest.approx((198e6 * 0.0054 + 154e6 * 0.0084) / 1e6, rel=REL)


# ---------------------------------------------------------------------------------------------
# the committed files are what the script writes
# ---------------------------------------------------------------------------------------------
def test_make_examples_reproduces_committed_files(tmp_path):
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.write_examples(tmp_path)
    for path in written:
        committed = EXAMPLES / path.relative_to(tmp_path)
        assert path.read_bytes() == committed.read_bytes(), f"{committed} differs: run examples/make_examples.py"
