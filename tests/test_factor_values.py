"""Spot checks of the shipped factor tables against the published values, plus structure.

The expected numbers below are the values printed in the cited source (table and edition named
in each case); they were checked against the reference transcription the tables are generated
from (``scripts/transcribe_reference.py``). These tests read the CSV/TOML files directly, not
through ``ghgcalc``, so they pin the data independently of the loader.
"""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
FACTORS = ROOT / "emission_factors"
ACTIVITIES = ROOT / "src" / "ghgcalc" / "data" / "activities.csv"

SHIPPED = {
    "epa-ghg-hub": ["2021", "2025"],
    "egrid": ["2019", "2022", "2023"],
    "gwp": ["AR4", "AR5", "AR6"],
}
REQUIRED_TOML_KEYS = {
    "id", "edition", "title", "publisher", "publication_date", "url", "licence",
    "data_year", "heating_value_basis", "notes", "tables",
}
FACTOR_COLUMNS = ["factor_id", "activity", "applies_to", "region", "model_year", "gas", "value",
                  "unit", "source_ref", "notes"]
KIND_COLUMNS = {
    "factors": FACTOR_COLUMNS,
    "heat_content": ["activity", "value", "unit", "source_ref", "notes"],
    "grid_loss": ["region", "loss_pct", "source_ref", "notes"],
    "gwp": ["gas", "formula", "value", "source_ref", "notes"],
}
PLAIN_DECIMAL = re.compile(r"\d+(\.\d+)?")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def edition_dirs():
    for set_id, editions in SHIPPED.items():
        for edition in editions:
            yield set_id, edition, FACTORS / set_id / edition


def load_toml(folder: Path) -> dict:
    with (folder / "factor_set.toml").open("rb") as handle:
        return tomllib.load(handle)


def tables_of(folder: Path, kind: str | None = None) -> list[Path]:
    meta = load_toml(folder)
    return [folder / t["file"] for t in meta["tables"] if kind is None or t["kind"] == kind]


def factor(set_id: str, edition: str, file: str, factor_id: str) -> dict[str, str]:
    rows = [r for r in read_csv(FACTORS / set_id / edition / file) if r["factor_id"] == factor_id]
    assert len(rows) == 1, f"{set_id}/{edition}/{file}: {factor_id} found {len(rows)} times"
    return rows[0]


# --------------------------------------------------------------------------------------------
# Spot checks: (description naming table and edition, set, edition, file, factor_id,
#               expected value, expected unit, expected gas)
# --------------------------------------------------------------------------------------------

FACTOR_CHECKS = [
    ("Hub 2025 Table 1 natural gas CO2 = 53.06 kg/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-natural-gas-co2", 53.06, "kg/MMBtu", "CO2"),
    ("Hub 2025 Table 1 natural gas CH4 = 1 g/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-natural-gas-ch4", 1, "g/MMBtu", "CH4"),
    ("Hub 2025 Table 1 natural gas N2O = 0.1 g/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-natural-gas-n2o", 0.1, "g/MMBtu", "N2O"),
    ("Hub 2025 Table 1 Distillate Fuel Oil No. 2 CO2 = 73.96 kg/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-fuel-oil-2-co2", 73.96, "kg/MMBtu", "CO2"),
    ("Hub 2025 Table 1 stationary diesel (= Distillate No. 2) CO2 = 73.96 kg/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-diesel-co2", 73.96, "kg/MMBtu", "CO2"),
    ("Hub 2025 Table 1 Anthracite CO2 = 103.69 kg/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-coal-anthracite-co2", 103.69, "kg/MMBtu", "CO2"),
    ("Hub 2025 Table 1 Propane Gas CO2 = 61.46 kg/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-propane-gas-co2", 61.46, "kg/MMBtu", "CO2"),
    ("Hub 2025 Table 1 Wood and Wood Residuals biogenic CO2 = 93.8 kg/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-wood-co2-biogenic", 93.8, "kg/MMBtu", "CO2_biogenic"),
    ("Hub 2025 Table 1 Wood and Wood Residuals CH4 = 7.2 g/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-wood-ch4", 7.2, "g/MMBtu", "CH4"),
    ("Hub 2025 Table 1 Peat CO2 = 111.84 kg/MMBtu, shipped as fossil CO2",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-peat-co2", 111.84, "kg/MMBtu", "CO2"),
    ("Hub 2025 Table 1 Kraft liquor North American Softwood biogenic CO2 = 94.4 kg/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-kraft-liquor-softwood-co2-biogenic", 94.4, "kg/MMBtu", "CO2_biogenic"),
    ("Hub 2025 Table 1 Blast Furnace Gas CH4 = 0.022 g/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-blast-furnace-gas-ch4", 0.022, "g/MMBtu", "CH4"),
    ("Hub 2025 Table 1 Motor Gasoline CO2 = 70.22 kg/MMBtu",
     "epa-ghg-hub", "2025", "stationary_combustion.csv", "t1-gasoline-co2", 70.22, "kg/MMBtu", "CO2"),
    ("Hub 2021 Table 1 natural gas CO2 = 53.06 kg/MMBtu",
     "epa-ghg-hub", "2021", "stationary_combustion.csv", "t1-natural-gas-co2", 53.06, "kg/MMBtu", "CO2"),
    ("Hub 2021 Table 1 Residual Fuel Oil No. 6 CO2 = 75.1 kg/MMBtu",
     "epa-ghg-hub", "2021", "stationary_combustion.csv", "t1-fuel-oil-6-co2", 75.1, "kg/MMBtu", "CO2"),
    ("Hub 2021 Table 1 Bituminous Coal N2O = 1.6 g/MMBtu",
     "epa-ghg-hub", "2021", "stationary_combustion.csv", "t1-coal-bituminous-n2o", 1.6, "g/MMBtu", "N2O"),
    ("Hub 2025 Table 2 Motor Gasoline CO2 = 8.78 kg/gal",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t2-gasoline-co2", 8.78, "kg/gal", "CO2"),
    ("Hub 2025 Table 2 Diesel Fuel CO2 = 10.21 kg/gal",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t2-diesel-co2", 10.21, "kg/gal", "CO2"),
    ("Hub 2025 Table 2 CNG CO2 = 0.05444 kg/scf",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t2-cng-co2", 0.05444, "kg/scf", "CO2"),
    ("Hub 2025 Table 2 LNG CO2 = 4.5 kg/gal",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t2-lng-co2", 4.5, "kg/gal", "CO2"),
    ("Hub 2021 Table 2 LNG CO2 = 4.5005492 kg/gal",
     "epa-ghg-hub", "2021", "mobile_combustion.csv", "t2-lng-co2", 4.5005492, "kg/gal", "CO2"),
    ("Hub 2025 Table 2 Ethanol (100%) biogenic CO2 = 5.75 kg/gal",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t2-ethanol-co2-biogenic", 5.75, "kg/gal", "CO2_biogenic"),
    ("Hub 2025 Table 2 Residual Fuel Oil CO2 = 11.27 kg/gal (fuel_oil_6)",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t2-fuel-oil-6-co2", 11.27, "kg/gal", "CO2"),
    ("Hub 2025 Table 3 gasoline passenger car model year 2015 CH4 = 0.0068 g/mi",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t3-gasoline-car-2015-ch4", 0.0068, "g/mi", "CH4"),
    ("Hub 2025 Table 3 gasoline passenger car model year 2015 N2O = 0.0042 g/mi",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t3-gasoline-car-2015-n2o", 0.0042, "g/mi", "N2O"),
    ("Hub 2025 Table 3 gasoline heavy-duty model years <=1980 CH4 = 0.4604 g/mi",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t3-gasoline-heavy-duty-1980-and-older-ch4", 0.4604, "g/mi", "CH4"),
    ("Hub 2025 Table 3 gasoline motorcycle 2006-2022 N2O = 0.066 g/mi",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t3-gasoline-motorcycle-2006-2022-n2o", 0.066, "g/mi", "N2O"),
    ("Hub 2025 Table 4 diesel medium- and heavy-duty 2007-2022 N2O = 0.0431 g/mi",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t4-diesel-heavy-duty-2007-2022-n2o", 0.0431, "g/mi", "N2O"),
    ("Hub 2025 Table 4 diesel bus (EPA medium- and heavy-duty row) 2007-2022 N2O = 0.0431 g/mi",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t4-diesel-bus-2007-2022-n2o", 0.0431, "g/mi", "N2O"),
    ("Hub 2025 Table 4 CNG bus CH4 = 2.719 g/mi",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t4-cng-bus-ch4", 2.719, "g/mi", "CH4"),
    ("Hub 2025 Table 4 methanol light-duty car N2O = 0.004 g/mi",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t4-methanol-car-n2o", 0.004, "g/mi", "N2O"),
    ("Hub 2025 Table 5 aircraft jet fuel CH4 = 0 g/gal",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t5-jet-fuel-aircraft-ch4", 0, "g/gal", "CH4"),
    ("Hub 2025 Table 5 aircraft jet fuel N2O = 0.3 g/gal",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t5-jet-fuel-aircraft-n2o", 0.3, "g/gal", "N2O"),
    ("Hub 2025 Table 5 locomotive diesel CH4 = 0.8 g/gal",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t5-diesel-locomotive-ch4", 0.8, "g/gal", "CH4"),
    ("Hub 2025 Table 5 ships and boats residual fuel oil N2O = 0.31 g/gal",
     "epa-ghg-hub", "2025", "mobile_combustion.csv", "t5-fuel-oil-6-ships-n2o", 0.31, "g/gal", "N2O"),
    ("Hub 2025 Table 7 steam CO2 = 66.33 kg/MMBtu",
     "epa-ghg-hub", "2025", "steam_and_heat.csv", "t7-steam-co2", 66.33, "kg/MMBtu", "CO2"),
    ("Hub 2025 Table 7 steam CH4 = 1.25 g/MMBtu",
     "epa-ghg-hub", "2025", "steam_and_heat.csv", "t7-steam-ch4", 1.25, "g/MMBtu", "CH4"),
    ("Hub 2025 Table 7 steam N2O = 0.125 g/MMBtu",
     "epa-ghg-hub", "2025", "steam_and_heat.csv", "t7-steam-n2o", 0.125, "g/MMBtu", "N2O"),
    ("Hub 2021 Table 7 steam CO2 = 66.33 kg/MMBtu",
     "epa-ghg-hub", "2021", "steam_and_heat.csv", "t7-steam-co2", 66.33, "kg/MMBtu", "CO2"),
    ("eGRID2023 (Hub 2025 Table 6) CAMX CO2 = 436.655 lb/MWh",
     "egrid", "2023", "subregion_rates.csv", "camx-co2", 436.655, "lb/MWh", "CO2"),
    ("eGRID2023 (Hub 2025 Table 6) US average CO2 = 771.523 lb/MWh",
     "egrid", "2023", "subregion_rates.csv", "us-co2", 771.523, "lb/MWh", "CO2"),
    ("eGRID2023 (Hub 2025 Table 6) US average CH4 = 0.057 lb/MWh",
     "egrid", "2023", "subregion_rates.csv", "us-ch4", 0.057, "lb/MWh", "CH4"),
    ("eGRID2023 (Hub 2025 Table 6) RFCE N2O = 0.005 lb/MWh",
     "egrid", "2023", "subregion_rates.csv", "rfce-n2o", 0.005, "lb/MWh", "N2O"),
    ("eGRID2022 (GHG Protocol tool, Year 2022) AKGD CO2 = 1052.114 lb/MWh",
     "egrid", "2022", "subregion_rates.csv", "akgd-co2", 1052.114, "lb/MWh", "CO2"),
    ("eGRID2022 (GHG Protocol tool, Year 2022) CAMX CO2 = 497.443 lb/MWh",
     "egrid", "2022", "subregion_rates.csv", "camx-co2", 497.443, "lb/MWh", "CO2"),
    ("eGRID2019 (Hub 2021 Table 6) CAMX CO2 = 453.2 lb/MWh",
     "egrid", "2019", "subregion_rates.csv", "camx-co2", 453.2, "lb/MWh", "CO2"),
    ("eGRID2019 (Hub 2021 Table 6) US average CO2 = 884.2 lb/MWh",
     "egrid", "2019", "subregion_rates.csv", "us-co2", 884.2, "lb/MWh", "CO2"),
]


@pytest.mark.parametrize(
    "set_id, edition, file, factor_id, expected, unit, gas",
    [c[1:] for c in FACTOR_CHECKS],
    ids=[c[0] for c in FACTOR_CHECKS],
)
def test_published_factor_value(set_id, edition, file, factor_id, expected, unit, gas):
    row = factor(set_id, edition, file, factor_id)
    assert float(row["value"]) == expected
    assert row["unit"] == unit
    assert row["gas"] == gas


HEAT_CHECKS = [
    ("Hub 2025 Table 1 natural gas heat content = 0.001026 MMBtu/scf", "2025", "natural_gas", 0.001026, "MMBtu/scf"),
    ("Hub 2025 Table 1 Distillate No. 2 heat content used for diesel = 0.138 MMBtu/gal", "2025", "diesel", 0.138, "MMBtu/gal"),
    ("Hub 2025 Table 1 natural gas heat content used for CNG = 0.001026 MMBtu/scf", "2025", "cng", 0.001026, "MMBtu/scf"),
    ("Hub 2025 Table 1 Bituminous heat content = 24.93 MMBtu/short_ton", "2025", "coal_bituminous", 24.93, "MMBtu/short_ton"),
    ("Hub 2025 Table 1 Propane heat content = 0.091 MMBtu/gal", "2025", "propane", 0.091, "MMBtu/gal"),
    ("Hub 2021 Table 1 Motor Gasoline heat content = 0.125 MMBtu/gal", "2021", "gasoline", 0.125, "MMBtu/gal"),
]


@pytest.mark.parametrize("edition, activity, expected, unit", [c[1:] for c in HEAT_CHECKS],
                         ids=[c[0] for c in HEAT_CHECKS])
def test_published_heat_content(edition, activity, expected, unit):
    rows = [r for r in read_csv(FACTORS / "epa-ghg-hub" / edition / "heat_content.csv")
            if r["activity"] == activity]
    assert len(rows) == 1
    assert float(rows[0]["value"]) == expected
    assert rows[0]["unit"] == unit


LOSS_CHECKS = [
    ("eGRID2023 (Hub 2025 Table 6) grid gross loss US = 4.2 %", "US", 4.2),
    ("eGRID2023 (Hub 2025 Table 6) grid gross loss CAMX = 4.1 %", "CAMX", 4.1),
    ("eGRID2023 (Hub 2025 Table 6) grid gross loss HIOA = 4.4 %", "HIOA", 4.4),
]


@pytest.mark.parametrize("region, expected", [c[1:] for c in LOSS_CHECKS],
                         ids=[c[0] for c in LOSS_CHECKS])
def test_published_grid_loss(region, expected):
    rows = [r for r in read_csv(FACTORS / "egrid" / "2023" / "grid_loss.csv") if r["region"] == region]
    assert len(rows) == 1
    assert float(rows[0]["loss_pct"]) == expected


GWP_CHECKS = [
    ("AR5 (Hub 2025 Table 11) CH4 = 28", "AR5", "CH4", 28),
    ("AR5 (Hub 2025 Table 11) N2O = 265", "AR5", "N2O", 265),
    ("AR5 (Hub 2025 Table 11) SF6 = 23500", "AR5", "SF6", 23500),
    ("AR5 (Hub 2025 Table 11) HFC-134a = 1300", "AR5", "HFC-134a", 1300),
    ("AR4 (Hub 2021 Table 11) N2O = 298", "AR4", "N2O", 298),
    ("AR4 (Hub 2021 Table 11) CH4 = 25", "AR4", "CH4", 25),
    ("AR4 (Hub 2021 Table 11) PFC-14 = 7390", "AR4", "PFC-14", 7390),
    ("AR6 (Table 7.SM.7) N2O = 273", "AR6", "N2O", 273),
    ("AR6 (Table 7.SM.7) CH4 = 27.9", "AR6", "CH4", 27.9),
    ("AR6 (Table 7.15, secondary) CH4_fossil = 29.8", "AR6", "CH4_fossil", 29.8),
    ("AR6 (Table 7.15, secondary) CH4_nonfossil = 27.0", "AR6", "CH4_nonfossil", 27.0),
    ("AR6 (Table 7.SM.7) SF6 = 25200 (conflict noted)", "AR6", "SF6", 25200),
    ("AR6 (Table 7.SM.7) HFC-152 = 21.5", "AR6", "HFC-152", 21.5),
    ("AR6 (Table 7.SM.7) CO2 = 1", "AR6", "CO2", 1),
]


@pytest.mark.parametrize("edition, gas, expected", [c[1:] for c in GWP_CHECKS],
                         ids=[c[0] for c in GWP_CHECKS])
def test_published_gwp(edition, gas, expected):
    rows = [r for r in read_csv(FACTORS / "gwp" / edition / "gwp.csv") if r["gas"] == gas]
    assert len(rows) == 1
    assert float(rows[0]["value"]) == expected


def test_gwp_formula_aliases():
    rows = {r["gas"]: r for r in read_csv(FACTORS / "gwp" / "AR5" / "gwp.csv")}
    assert rows["PFC-14"]["formula"] == "CF4"
    assert rows["HFC-134a"]["formula"] == "CH2FCF3"


# --------------------------------------------------------------------------------------------
# What must not ship
# --------------------------------------------------------------------------------------------

def test_unconfirmed_egrid_rows_not_shipped():
    assert not (FACTORS / "egrid" / "2024").exists(), "eGRID2024 rows are unconfirmed"
    regions_2022 = {r["region"] for r in read_csv(FACTORS / "egrid" / "2022" / "subregion_rates.csv")}
    assert "US" not in regions_2022, "the 2022 US average is unconfirmed"
    assert len(regions_2022) == 27


def test_grid_loss_only_for_2023():
    assert (FACTORS / "egrid" / "2023" / "grid_loss.csv").exists()
    assert not (FACTORS / "egrid" / "2022" / "grid_loss.csv").exists()
    assert not (FACTORS / "egrid" / "2019" / "grid_loss.csv").exists()
    regions = {r["region"] for r in read_csv(FACTORS / "egrid" / "2023" / "grid_loss.csv")}
    assert "PRMS" not in regions  # no value published


def test_msw_not_shipped():
    for edition in SHIPPED["epa-ghg-hub"]:
        for path in (FACTORS / "epa-ghg-hub" / edition).glob("*.csv"):
            text = path.read_text(encoding="utf-8").lower()
            assert "municipal solid waste" not in text and "msw" not in text, path


def test_biomass_co2_is_biogenic_but_peat_is_fossil():
    rows = read_csv(FACTORS / "epa-ghg-hub" / "2025" / "stationary_combustion.csv")
    co2 = {r["activity"]: r["gas"] for r in rows if r["gas"].startswith("CO2")}
    assert co2["wood"] == "CO2_biogenic"
    assert co2["landfill_gas"] == "CO2_biogenic"
    assert co2["biodiesel"] == "CO2_biogenic"
    assert co2["peat"] == "CO2"
    assert co2["natural_gas"] == "CO2"


def test_hub_2021_has_no_tables_3_to_5():
    rows = read_csv(FACTORS / "epa-ghg-hub" / "2021" / "mobile_combustion.csv")
    assert rows and all(r["factor_id"].startswith("t2-") for r in rows)


def test_table5_only_unambiguous_rows():
    rows = read_csv(FACTORS / "epa-ghg-hub" / "2025" / "mobile_combustion.csv")
    t5 = {(r["activity"], r["applies_to"]) for r in rows if r["factor_id"].startswith("t5-")}
    assert t5 == {("jet_fuel", "II.4"), ("aviation_gasoline", "II.4"), ("diesel", "II.2"),
                  ("fuel_oil_6", "II.3"), ("diesel", "II.3")}


def test_ar4_pfc_91_18_left_out():
    gases = {r["gas"] for r in read_csv(FACTORS / "gwp" / "AR4" / "gwp.csv")}
    assert "PFC-91-18" not in gases


def test_model_years_normalised():
    rows = read_csv(FACTORS / "epa-ghg-hub" / "2025" / "mobile_combustion.csv")
    years = {r["model_year"] for r in rows}
    assert "<=1980" in years
    assert not any("\u2264" in y for y in years)
    assert all(re.fullmatch(r"((<=)?\d{4}(-\d{4})?)?", y) for y in years)


def test_row_counts():
    counts = {
        ("epa-ghg-hub", "2025", "stationary_combustion.csv"): 189,  # 62 fuels + diesel, x3 gases
        ("epa-ghg-hub", "2025", "heat_content.csv"): 59,
        ("epa-ghg-hub", "2025", "mobile_combustion.csv"): 322,
        ("epa-ghg-hub", "2025", "steam_and_heat.csv"): 3,
        ("epa-ghg-hub", "2021", "stationary_combustion.csv"): 189,
        ("epa-ghg-hub", "2021", "heat_content.csv"): 59,
        ("epa-ghg-hub", "2021", "mobile_combustion.csv"): 10,
        ("epa-ghg-hub", "2021", "steam_and_heat.csv"): 3,
        ("egrid", "2023", "subregion_rates.csv"): 84,  # 27 subregions + US, x3 gases
        ("egrid", "2023", "grid_loss.csv"): 27,
        ("egrid", "2022", "subregion_rates.csv"): 81,
        ("egrid", "2019", "subregion_rates.csv"): 84,
        ("gwp", "AR4", "gwp.csv"): 31,
        ("gwp", "AR5", "gwp.csv"): 32,
        ("gwp", "AR6", "gwp.csv"): 34,
    }
    for (set_id, edition, file), n in counts.items():
        assert len(read_csv(FACTORS / set_id / edition / file)) == n, (set_id, edition, file)


# --------------------------------------------------------------------------------------------
# Structure
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("set_id, edition, folder", list(edition_dirs()),
                         ids=[f"{s}/{e}" for s, e, _ in edition_dirs()])
def test_factor_set_toml(set_id, edition, folder):
    meta = load_toml(folder)
    missing = REQUIRED_TOML_KEYS - set(meta)
    assert not missing, f"{set_id}/{edition}: missing {sorted(missing)}"
    assert meta["id"] == set_id
    assert meta["edition"] == edition
    assert isinstance(meta["data_year"], int)
    assert meta["heating_value_basis"] in {"HHV", "NCV", "none"}
    for key in ("title", "publisher", "url", "licence", "publication_date"):
        assert isinstance(meta[key], str) and meta[key].strip(), key
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", meta["publication_date"])
    if "factor_quality" in meta:
        assert meta["factor_quality"] in {"H", "M", "L"}
    listed = set()
    for table in meta["tables"]:
        assert set(table) >= {"file", "kind", "table"}
        assert table["kind"] in KIND_COLUMNS
        path = folder / table["file"]
        assert path.is_file(), path
        listed.add(table["file"])
        with path.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == KIND_COLUMNS[table["kind"]], path
    assert listed == {p.name for p in folder.glob("*.csv")}, "every CSV is listed in the toml"


def test_set_metadata():
    hub = load_toml(FACTORS / "epa-ghg-hub" / "2025")
    assert hub["data_year"] == 2023 and hub["heating_value_basis"] == "HHV"
    assert hub["publication_date"] == "2025-01-15"
    assert load_toml(FACTORS / "epa-ghg-hub" / "2021")["data_year"] == 2019
    for year in SHIPPED["egrid"]:
        meta = load_toml(FACTORS / "egrid" / year)
        assert meta["data_year"] == int(year) and meta["heating_value_basis"] == "none"
    for edition in SHIPPED["gwp"]:
        assert load_toml(FACTORS / "gwp" / edition)["data_year"] == 0


def all_factor_tables():
    for set_id, edition, folder in edition_dirs():
        yield set_id, edition, tables_of(folder, "factors")


@pytest.mark.parametrize("set_id, edition, paths", list(all_factor_tables()),
                         ids=[f"{s}/{e}" for s, e, _ in all_factor_tables()])
def test_factor_rows(set_id, edition, paths):
    ids: list[str] = []
    keys: list[tuple] = []
    for path in paths:
        for row in read_csv(path):
            ids.append(row["factor_id"])
            keys.append((row["activity"], row["applies_to"], row["region"], row["model_year"], row["gas"]))
            assert row["source_ref"].strip(), f"{path.name}: {row['factor_id']} lacks source_ref"
            assert PLAIN_DECIMAL.fullmatch(row["value"]), f"{row['factor_id']}: {row['value']!r}"
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["factor_id"]), row["factor_id"]
            assert row["gas"] in {"CO2", "CO2_biogenic", "CH4", "N2O"}
            assert row["unit"] in {"kg/MMBtu", "g/MMBtu", "kg/gal", "kg/scf", "g/gal", "g/mi", "lb/MWh"}
            assert re.fullmatch(r"(I|II)(\.\d+)*|", row["applies_to"]), row["applies_to"]
    assert len(ids) == len(set(ids)), f"duplicate factor_id in {set_id}/{edition}"
    assert len(keys) == len(set(keys)), f"duplicate (activity, applies_to, region, model_year, gas)"


def test_values_written_as_in_source():
    """No float noise, exponent or trailing zeros from a float round trip in any shipped file."""
    for path in FACTORS.glob("*/*/*.csv"):
        for row in read_csv(path):
            value = row.get("value", row.get("loss_pct"))
            assert PLAIN_DECIMAL.fullmatch(value), f"{path}: {value!r}"
            # a float round trip would show up as a long tail (53.060000001) or a trailing zero
            decimals = value.partition(".")[2]
            assert len(decimals) <= 7 and not decimals.endswith("0"), f"{path}: {value!r}"


def test_files_are_lf_utf8():
    paths = list(FACTORS.glob("*/*/*")) + [ACTIVITIES]
    for path in paths:
        data = path.read_bytes()
        assert b"\r" not in data, path
        assert data.endswith(b"\n"), path
        data.decode("utf-8")


# --------------------------------------------------------------------------------------------
# Activity catalogue
# --------------------------------------------------------------------------------------------

def test_activity_catalogue_shape():
    rows = read_csv(ACTIVITIES)
    with ACTIVITIES.open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["activity", "label", "category", "dimensions",
                                            "default_unit", "lines", "biogenic_co2", "notes"]
    categories = ["fuel", "grid_electricity", "grid_heat", "vehicle_distance"]
    names = [r["activity"] for r in rows]
    assert len(names) == len(set(names))
    assert rows == sorted(rows, key=lambda r: (categories.index(r["category"]), r["activity"]))
    for row in rows:
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", row["activity"])
        assert row["label"].strip()
        dims = row["dimensions"].split(";")
        assert dims and set(dims) <= {"energy", "volume", "mass", "distance"}, row
        assert set(row["lines"].split()) <= {"stationary_combustion", "transport_combustion",
                                             "grid_energy", "on_road"}, row
        assert row["lines"].strip()
        assert row["biogenic_co2"] in {"yes", "no"}
        assert row["default_unit"]


def test_every_table_activity_is_catalogued_and_vice_versa():
    catalogue = {r["activity"] for r in read_csv(ACTIVITIES)}
    used = set()
    for set_id, edition, folder in edition_dirs():
        for path in tables_of(folder):
            for row in read_csv(path):
                if "activity" in row:
                    used.add(row["activity"])
    assert used - catalogue == set(), "activities used in tables but missing from activities.csv"
    assert catalogue - used == set(), "catalogued activities without any factor"


def test_activity_catalogue_entries():
    rows = {r["activity"]: r for r in read_csv(ACTIVITIES)}
    assert rows["natural_gas"]["lines"] == "stationary_combustion"
    assert rows["diesel"]["lines"] == "stationary_combustion transport_combustion"
    assert rows["cng"]["lines"] == "transport_combustion"
    assert rows["lng"]["lines"] == "transport_combustion"
    electricity = rows["electricity"]
    assert (electricity["category"], electricity["dimensions"], electricity["default_unit"],
            electricity["lines"]) == ("grid_electricity", "energy", "kWh", "grid_energy")
    assert rows["steam"]["label"] == "District steam or hot water (purchased)"
    assert rows["steam"]["category"] == "grid_heat"
    assert rows["wood"]["biogenic_co2"] == "yes" and rows["peat"]["biogenic_co2"] == "no"
    assert rows["kraft_liquor_softwood"]["dimensions"] == "energy"
    assert rows["vmt_diesel_bus"]["lines"] == "on_road"
    assert rows["vmt_gasoline_car"]["dimensions"] == "distance"
    assert rows["vmt_gasoline_car"]["default_unit"] == "mi"


def test_heat_content_activities_accept_energy():
    catalogue = {r["activity"]: r for r in read_csv(ACTIVITIES)}
    for edition in SHIPPED["epa-ghg-hub"]:
        for row in read_csv(FACTORS / "epa-ghg-hub" / edition / "heat_content.csv"):
            assert "energy" in catalogue[row["activity"]]["dimensions"].split(";")
            assert float(row["value"]) > 0
