"""The waste adapter (methods/waste_engine.py): rows in, per-gas records out, values by hand (issue 7).

GWPs are AR5 (CH4 28, N2O 265). Parameters are the shipped defaults
(emission_factors/ipcc-2006-waste/defaults/parameters.csv) unless a row or a user table gives its own.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ghgcalc.methods.waste_engine import (RECORD_COLUMNS, load_waste_parameters, read_waste_history,
                                          read_waste_parameters, waste_records)

GWPS = {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0, "CO2_biogenic": 0.0, "CO2e": 1.0}
REL = 1e-9


def make_rows(*rows: dict) -> pd.DataFrame:
    base = {"_file": "city.xlsx", "_sheet": "activity", "region": "", "description": "", "source": "",
            "data_quality": "", "model_year": 0, "unit": "t"}
    frame = pd.DataFrame([{**base, "_idx": i, "_row": i + 2, **row} for i, row in enumerate(rows)])
    frame.index = frame["_idx"]
    return frame


def run(rows: pd.DataFrame, history: pd.DataFrame | None = None, params: pd.DataFrame | None = None, year=2023):
    return waste_records(rows, load_waste_parameters() if params is None else params, history, year=year, gwps=GWPS)


def gas(records: pd.DataFrame, idx: int, name: str) -> pd.Series:
    hit = records[records["_idx"].eq(idx) & records["gas"].eq(name)]
    assert len(hit) == 1, (idx, name, records[["_idx", "gas"]].values.tolist())
    return hit.iloc[0]


def codes(problems) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.code) for p in problems]


def test_methane_commitment_row_with_composition():
    rows = make_rows({"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 1000.0,
                      "composition": "food:40; paper:20; garden:10; plastics:30", "landfill_type": "managed_anaerobic",
                      "covered": "yes", "f_rec": "25%"})
    records, problems = run(rows)
    assert problems == []
    ch4 = gas(records, 0, "CH4")
    # DOC = 0.4·0.15 + 0.2·0.40 + 0.1·0.20 = 0.16; L0 = 1.0 × 0.16 × 0.6 (GPC DOCf) × 0.5 × 16/12 = 0.064
    # CH4 = 1,000 × 0.064 × (1 − 0.25) × (1 − 0.1 covered) = 43.2 t; CO2e = 43.2 × 28 = 1,209.6 t
    assert ch4["t"] == pytest.approx(43.2, rel=REL)
    assert ch4["co2e_t"] == pytest.approx(1209.6, rel=REL)
    assert ch4["_value"] == pytest.approx(0.0432, rel=REL) and ch4["factor_unit"] == "t/t"
    assert ch4["_conversion"] == 1.0 and ch4["_quality"] == "L" and ch4["_derived"] == ""
    assert (ch4["factor_id"], ch4["set_id"], ch4["edition"], ch4["applies_to"]) == (
        "methane_commitment", "ipcc-2006-waste", "defaults", "III.1")
    for part in ("MCF=1 (IPCC 2006 Vol. 5 Ch. 3 Table 3.1 managed_anaerobic)", "DOC=0.16 (food:40;",
                 "DOCf=0.6 (GPC 2014 Chapter 8 Equation 8.4", "F=0.5 (IPCC 2006 Vol. 5", "OX=0.1 (IPCC 2006 Vol. 5 Ch. 3 "
                 "Table 3.2 covered)", "f_rec=0.25"):
        assert part in ch4["source_ref"], (part, ch4["source_ref"])
    assert list(records.columns) == RECORD_COLUMNS


def test_quantity_in_kg_and_doc_given_on_the_row_and_mcf_override():
    rows = make_rows({"gpc_ref": "III.1.2", "activity": "msw_landfilled", "quantity": 2_000_000.0, "unit": "kg",
                      "doc": 0.2, "mcf": 0.8})
    records, problems = run(rows)
    assert problems == []
    ch4 = gas(records, 0, "CH4")
    # 2,000,000 kg = 2,000 t; L0 = 0.8 × 0.2 × 0.6 × 0.5 × 16/12 = 0.064; OX 0 (not covered) → 128 t
    assert ch4["t"] == pytest.approx(128.0, rel=REL)
    assert ch4["_conversion"] == pytest.approx(0.001, rel=REL)
    assert ch4["_value"] == pytest.approx(0.064, rel=REL)  # t CH4 per t waste: t = quantity × conversion × value
    assert ch4["gpc_ref"] == "III.1.2"  # allocation is the user's line
    assert "MCF=0.8 (row)" in ch4["source_ref"] and "DOC=0.2 (row)" in ch4["source_ref"]


def test_first_order_decay_row_with_history_decades_back():
    # Site "north": 1,000 t food every year 1970-2022 (53 years); inventory year 2023, boreal/temperate wet
    # (k food = 0.185), uncategorised site (MCF 0.6), DOCf 0.5, F 0.5, 5 t CH4 recovered, not covered.
    # DDOCm per year = 1,000 × 0.15 × 0.5 × 0.6 = 45 t C; decomposed 2023 = 45·(1 − e^{−0.185·53})
    # = 45 × (1 − 0.0000554) = 44.99751 t C; generated = × 0.5 × 16/12 = 29.99834 t; emitted = 29.99834 − 5
    # = 24.99834 t CH4. A second site's history must not count.
    history = pd.DataFrame({"year": list(range(1970, 2023)) + [2010], "quantity": [1000.0] * 53 + [9999.0],
                            "waste_type": ["food"] * 54, "site": ["North"] * 53 + ["south"]})
    rows = make_rows({"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 1200.0,
                      "method": "first_order_decay", "waste_type": "food", "climate_zone": "boreal_temperate_wet",
                      "site": "north", "recovered_t": 5.0})
    records, problems = run(rows, history)
    assert problems == []
    ch4 = gas(records, 0, "CH4")
    expected = 45 * (1 - math.exp(-0.185 * 53)) * 0.5 * 16 / 12 - 5.0
    assert ch4["t"] == pytest.approx(expected, rel=REL)
    assert ch4["t"] == pytest.approx(24.99834, rel=1e-6)
    assert "k: food 0.185 (IPCC 2006 Vol. 5 Ch. 3 Table 3.3 boreal_temperate_wet)" in ch4["source_ref"]
    assert "history 1970-2022 (53 waste_history rows)" in ch4["source_ref"]
    assert "DOCf=0.5 (IPCC 2006" in ch4["source_ref"]


def test_first_order_decay_history_by_composition_and_by_doc():
    # 2021: 100 t of 50 % food, 50 % paper; 2022: 100 t with DOC 0.2 (bulk k). Tropical wet: k food 0.4,
    # paper 0.07, bulk 0.17. MCF 1 (managed anaerobic), DOCf 0.5. Inventory year 2023:
    # food  50 t × 0.15 × 0.5 = 3.75 t C × e^{−0.4}(1 − e^{−0.4})
    # paper 50 t × 0.40 × 0.5 = 10 t C   × e^{−0.07}(1 − e^{−0.07})
    # bulk 100 t × 0.20 × 0.5 = 10 t C   × (1 − e^{−0.17})
    history = pd.DataFrame({"year": [2021, 2022], "quantity": [100.0, 100.0],
                            "composition": ["food:50; paper:50", None], "doc": [None, 0.2]})
    rows = make_rows({"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 0.0, "method": "first_order_decay",
                      "waste_type": "food", "climate_zone": "tropical_wet", "landfill_type": "managed_anaerobic"})
    records, problems = run(rows, history)
    assert problems == []
    decomposed = (3.75 * math.exp(-0.4) * (1 - math.exp(-0.4)) + 10 * math.exp(-0.07) * (1 - math.exp(-0.07))
                  + 10 * (1 - math.exp(-0.17)))
    # = 0.828717 + 0.630356 + 1.563352 = 3.022424 t C → × 2/3 = 2.014949 t CH4
    assert gas(records, 0, "CH4")["t"] == pytest.approx(decomposed * 0.5 * 16 / 12, rel=REL)
    assert gas(records, 0, "CH4")["t"] == pytest.approx(2.014949, rel=1e-6)
    assert gas(records, 0, "CH4")["_value"] == 0.0  # no quantity this year


def test_composting_dry_basis_with_recovery_and_digestion_wet():
    rows = make_rows({"gpc_ref": "III.2.1", "activity": "msw_composted", "quantity": 200.0, "basis": "dry",
                      "recovered_t": 0.5},
                     {"gpc_ref": "III.2.3", "activity": "msw_digested", "quantity": 1000.0})
    records, problems = run(rows)
    assert problems == []
    # composting, dry: 200 × 10 g/kg = 2 t − 0.5 = 1.5 t CH4; 200 × 0.6 g/kg = 0.12 t N2O
    assert gas(records, 0, "CH4")["t"] == pytest.approx(1.5, rel=REL)
    assert gas(records, 0, "N2O")["t"] == pytest.approx(0.12, rel=REL)
    assert gas(records, 0, "N2O")["co2e_t"] == pytest.approx(0.12 * 265, rel=REL)
    # digestion, wet: 1,000 × 0.8 g/kg = 0.8 t CH4; N2O negligible (0)
    assert gas(records, 1, "CH4")["t"] == pytest.approx(0.8, rel=REL)
    assert gas(records, 1, "N2O")["t"] == 0.0
    assert "EF_CH4=10 (IPCC 2006 Vol. 5 Ch. 4 Table 4.1 composting/dry) g/kg" in gas(records, 0, "CH4")["source_ref"]


def test_incineration_by_composition_fossil_and_biogenic():
    rows = make_rows({"gpc_ref": "III.3.1", "activity": "msw_incinerated", "quantity": 100.0,
                      "composition": "food:40; paper:20; plastics:40", "technology": "continuous_stoker"})
    records, problems = run(rows)
    assert problems == []
    # fossil C/t: paper 0.2 × 0.9 × 0.46 × 0.01 = 0.000828; plastics 0.4 × 1 × 0.75 × 1 = 0.3 → 0.300828
    # CO2 = 100 × 0.300828 × 1.0 × 44/12 = 110.3036 t
    assert gas(records, 0, "CO2")["t"] == pytest.approx(110.3036, rel=REL)
    # biogenic C/t: food 0.4 × 0.4 × 0.38 = 0.0608; paper 0.2 × 0.9 × 0.46 × 0.99 = 0.081972 → 0.142772
    # CO2_biogenic = 100 × 0.142772 × 44/12 = 52.34973 t, outside CO2e
    bio = gas(records, 0, "CO2_biogenic")
    assert bio["t"] == pytest.approx(100 * 0.142772 * 44 / 12, rel=REL) and bio["co2e_t"] == 0.0
    # CH4 100 × 0.2 g/t = 2e-5 t; N2O 100 × 50 g/t = 0.005 t
    assert gas(records, 0, "CH4")["t"] == pytest.approx(2e-5, rel=REL)
    assert gas(records, 0, "N2O")["t"] == pytest.approx(0.005, rel=REL)


def test_open_burning_warns_that_ch4_has_no_default():
    rows = make_rows({"gpc_ref": "III.3.1", "activity": "msw_open_burned", "quantity": 10.0, "waste_type": "plastics"})
    records, problems = run(rows)
    # CO2 = 10 × 0.75 × 0.58 × 44/12 = 15.95 t; N2O = 10 t × dm 1.0 × 150 g/t (dry) = 0.0015 t
    assert gas(records, 0, "CO2")["t"] == pytest.approx(15.95, rel=REL)
    assert gas(records, 0, "N2O")["t"] == pytest.approx(0.0015, rel=REL)
    assert set(records["gas"]) == {"CO2", "CO2_biogenic", "N2O"}
    assert codes(problems) == [(2, "technology", "gas-not-estimated")]
    assert problems[0].severity == "warning"


def test_domestic_wastewater_ch4_and_effluent_n2o():
    rows = make_rows({"gpc_ref": "III.4.1", "activity": "wastewater_domestic", "quantity": 10_000.0, "unit": "person",
                      "bod_region": "US", "pathway": "septic_system", "protein": 40})
    records, problems = run(rows)
    assert problems == []
    # TOW = 10,000 × 85 × 0.001 × 1.0 (septic: not collected) × 365 = 310,250 kg BOD
    # CH4 = 310,250 × 0.6 × 0.5 = 93,075 kg = 93.075 t
    assert gas(records, 0, "CH4")["t"] == pytest.approx(93.075, rel=REL)
    assert gas(records, 0, "CH4")["factor_unit"] == "t/person"
    # N = 10,000 × 40 × 0.16 × 1.1 × 1.25 = 88,000 kg N; N2O = 88,000 × 0.005 × 44/28 = 691.4286 kg
    assert gas(records, 0, "N2O")["t"] == pytest.approx(88_000 * 0.005 * 44 / 28 / 1000, rel=REL)
    assert gas(records, 0, "N2O")["t"] == pytest.approx(0.6914286, rel=1e-6)
    assert "BOD=85 (IPCC 2006 Vol. 5 Ch. 6 Table 6.4 US)" in gas(records, 0, "CH4")["source_ref"]


def test_domestic_wastewater_without_protein_warns_and_reports_ch4():
    rows = make_rows({"gpc_ref": "III.4.2", "activity": "wastewater_domestic", "quantity": 1000.0, "unit": "people",
                      "bod": 60, "pathway": "anaerobic_reactor", "utilisation": 0.5})
    records, problems = run(rows)
    # collected: TOW = 1,000 × 60 × 0.001 × 1.25 × 365 = 27,375 kg; × 0.5 × 0.6 × 0.8 = 6,570 kg = 6.57 t
    assert gas(records, 0, "CH4")["t"] == pytest.approx(6.57, rel=REL)
    assert set(records["gas"]) == {"CH4"}
    assert codes(problems) == [(2, "protein", "gas-not-estimated")]


def test_industrial_wastewater():
    rows = make_rows({"gpc_ref": "III.4.1", "activity": "wastewater_industrial", "quantity": 10_000.0,
                      "industry": "beer_malt", "pathway": "anaerobic_reactor", "recovered_t": 6.54})
    records, problems = run(rows)
    assert problems == []
    # 10,000 t × 6.3 m3/t × 2.9 kg COD/m3 = 182,700 kg × 0.25 × 0.8 = 36,540 kg − 6,540 = 30,000 kg = 30 t
    assert gas(records, 0, "CH4")["t"] == pytest.approx(30.0, rel=REL)


def test_problems_are_located_and_rows_left_out():
    rows = make_rows(
        {"gpc_ref": "I.1.1", "activity": "msw_landfilled", "quantity": 1.0, "doc": 0.2},              # row 2
        {"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 1.0, "method": "incineration"},  # row 3
        {"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 1.0},                        # row 4
        {"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 1.0, "unit": "kWh", "doc": 0.2},  # row 5
        {"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 1.0, "composition": "food 40, rocks 60"},  # 6
        {"gpc_ref": "III.4.1", "activity": "wastewater_domestic", "quantity": 5.0, "unit": "person",
         "pathway": "septic_system"},                                                                 # row 7
        {"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 1.0, "method": "first_order_decay",
         "doc": 0.2},                                                                                  # row 8
        {"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 1.0, "doc": 0.2, "mcf": 1.7},  # row 9
        {"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 1.0, "doc": 0.2},             # row 10 fine
    )
    records, problems = run(rows)
    assert sorted(codes(problems)) == sorted([
        (2, "gpc_ref", "activity-not-on-line"), (3, "method", "unknown-method"), (4, "doc", "bad-waste-parameter"),
        (5, "unit", "incompatible-unit"), (6, "composition", "bad-waste-parameter"),
        (7, "bod_region", "bad-waste-parameter"), (8, "climate_zone", "bad-waste-parameter"),
        (9, "mcf", "bad-waste-parameter")])
    assert set(records["_idx"]) == {8}
    assert all(p.file == "city.xlsx" and p.sheet == "activity" for p in problems)


def test_first_order_decay_without_history_is_an_error():
    rows = make_rows({"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 1.0, "method": "first_order_decay",
                      "waste_type": "food", "climate_zone": "tropical_dry"})
    records, problems = run(rows, None)
    assert codes(problems) == [(2, "method", "bad-waste-history")]
    assert records.empty


def test_user_parameter_table_overrides_the_default():
    user = pd.DataFrame({"_file": ["city.xlsx"], "_sheet": ["waste_parameters"], "_row": [3], "parameter": ["bio_ef_ch4"],
                         "qualifier": ["composting/wet"], "value": ["2"], "source": ["plant measurements 2023"]})
    rows = make_rows({"gpc_ref": "III.2.1", "activity": "msw_composted", "quantity": 1000.0})
    records, problems = run(rows, params=load_waste_parameters(user))
    # 1,000 t × 2 g/kg = 2 t CH4 (instead of 4 t with the IPCC default)
    assert gas(records, 0, "CH4")["t"] == pytest.approx(2.0, rel=REL)
    assert "your waste_parameters row 3 plant measurements 2023" in gas(records, 0, "CH4")["source_ref"]


def test_waste_history_sheet_is_read_from_a_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "city.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "activity"
    sheet = book.create_sheet("Waste_History")
    sheet.append(["Disposal history of the city landfill"])
    sheet.append(["Year", "Tonnes", "Waste type"])
    for year in range(2013, 2023):
        sheet.append([year, 500, "paper"])
    sheet.append(["19x0", 500, "paper"])
    parameters = book.create_sheet("waste_parameters")
    parameters.append(["parameter", "qualifier", "value", "source"])
    parameters.append(["docf", "first_order_decay", 0.6, "site study"])
    book.save(path)
    history, problems = read_waste_history(path)
    assert problems == []
    assert history["_row"].tolist() == list(range(3, 14)) and history["_sheet"].iloc[0] == "Waste_History"
    user, _ = read_waste_parameters(path)
    rows = make_rows({"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 500.0, "method": "first_order_decay",
                      "waste_type": "paper", "climate_zone": "boreal_temperate_dry"})
    records, problems = run(rows, history, load_waste_parameters(user))
    # bad year on Excel row 13 reported; ten years 2013-2022 of 500 t paper: DDOCm = 500 × 0.4 × 0.6 (user DOCf)
    # × 0.6 (uncategorised) = 72 t C; k = 0.04: decomposed = 72 (1 − e^{−0.4}) = 72 × 0.3296800 = 23.73696; × 2/3 = 15.82464 t CH4
    assert codes(problems) == [(13, "Year", "bad-waste-history")]  # the user's own header
    assert gas(records, 0, "CH4")["t"] == pytest.approx(72 * (1 - math.exp(-0.4)) * 2 / 3, rel=REL)
    assert gas(records, 0, "CH4")["t"] == pytest.approx(15.82464, rel=1e-6)


def test_waste_history_csv(tmp_path):
    path = tmp_path / "waste_history.csv"
    path.write_text("year,quantity,unit,doc\n2022,1000,short_ton,0.1\n", encoding="utf-8")
    history, problems = read_waste_history(path)
    assert problems == [] and history["_row"].tolist() == [2]
    rows = make_rows({"gpc_ref": "III.1.1", "activity": "msw_landfilled", "quantity": 1.0, "method": "first_order_decay",
                      "climate_zone": "boreal_temperate_wet", "landfill_type": "managed_anaerobic"})
    records, _ = run(rows, history)
    # 1,000 short tons = 907.18474 t; DDOCm = 907.18474 × 0.1 × 0.5 × 1.0 = 45.359237 t C;
    # bulk k 0.09: decomposed = 45.359237 × (1 − e^{−0.09}) = 3.904016 t C → × 2/3 = 2.602677 t CH4
    assert gas(records, 0, "CH4")["t"] == pytest.approx(45.359237 * (1 - math.exp(-0.09)) * 2 / 3, rel=REL)
    assert gas(records, 0, "CH4")["t"] == pytest.approx(2.602677, rel=1e-6)


def test_waste_parameters_csv_rows_are_checked(tmp_path):
    path = tmp_path / "waste_parameters.csv"
    path.write_text("parameter,qualifier,value,source\n"
                    "mcf,Uncategorised,0.7,national study\n"     # row 2: kept (qualifier folded)
                    "mcf,uncategorised_x,0.7,typo\n"             # row 3: unknown qualifier
                    "ox,covered,1.4,too big\n"                   # row 4: a fraction > 1
                    "bod,US,lots,not a number\n", encoding="utf-8")  # row 5
    user, problems = read_waste_parameters(path)
    assert codes(problems) == [(3, "parameter", "bad-waste-parameter"), (4, "value", "bad-waste-parameter"),
                               (5, "value", "bad-waste-parameter")]
    params = load_waste_parameters(user).set_index(["parameter", "qualifier"])
    assert params.loc[("mcf", "uncategorised"), "value"] == 0.7


def test_workbook_without_a_waste_history_sheet_gives_an_empty_history(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "city.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "activity"
    book.save(path)
    history, problems = read_waste_history(path)
    assert history.empty and problems == []
