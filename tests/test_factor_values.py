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
    "ipcc-2006": ["defaults"],
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
    # Hub 2021 edition
    ("Hub 2021 Table 1 Lignite Coal CO2 = 97.72 kg/MMBtu",
     "epa-ghg-hub", "2021", "stationary_combustion.csv", "t1-coal-lignite-co2", 97.72, "kg/MMBtu", "CO2"),
    ("Hub 2021 Table 1 Kerosene CO2 = 75.2 kg/MMBtu",
     "epa-ghg-hub", "2021", "stationary_combustion.csv", "t1-kerosene-co2", 75.2, "kg/MMBtu", "CO2"),
    ("Hub 2021 Table 1 Wood and Wood Residuals biogenic CO2 = 93.8 kg/MMBtu",
     "epa-ghg-hub", "2021", "stationary_combustion.csv", "t1-wood-co2-biogenic", 93.8, "kg/MMBtu", "CO2_biogenic"),
    ("Hub 2021 Table 1 Landfill Gas CH4 = 3.2 g/MMBtu",
     "epa-ghg-hub", "2021", "stationary_combustion.csv", "t1-landfill-gas-ch4", 3.2, "g/MMBtu", "CH4"),
    ("Hub 2021 Table 2 Diesel Fuel CO2 = 10.21 kg/gal",
     "epa-ghg-hub", "2021", "mobile_combustion.csv", "t2-diesel-co2", 10.21, "kg/gal", "CO2"),
    ("Hub 2021 Table 2 Aviation Gasoline CO2 = 8.31 kg/gal",
     "epa-ghg-hub", "2021", "mobile_combustion.csv", "t2-aviation-gasoline-co2", 8.31, "kg/gal", "CO2"),
    ("Hub 2021 Table 2 Biodiesel (100%) biogenic CO2 = 9.45 kg/gal",
     "epa-ghg-hub", "2021", "mobile_combustion.csv", "t2-biodiesel-co2-biogenic", 9.45, "kg/gal", "CO2_biogenic"),
    # eGRID2019 (Hub 2021 Table 6) and eGRID2022 (GHG Protocol tool, Year 2022)
    ("eGRID2019 (Hub 2021 Table 6) ERCT CO2 = 868.6 lb/MWh",
     "egrid", "2019", "subregion_rates.csv", "erct-co2", 868.6, "lb/MWh", "CO2"),
    ("eGRID2019 (Hub 2021 Table 6) HIOA CH4 = 0.185 lb/MWh",
     "egrid", "2019", "subregion_rates.csv", "hioa-ch4", 0.185, "lb/MWh", "CH4"),
    ("eGRID2019 (Hub 2021 Table 6) NYCW N2O = 0.002 lb/MWh",
     "egrid", "2019", "subregion_rates.csv", "nycw-n2o", 0.002, "lb/MWh", "N2O"),
    ("eGRID2022 (GHG Protocol tool, Year 2022) RFCE CO2 = 657.386 lb/MWh",
     "egrid", "2022", "subregion_rates.csv", "rfce-co2", 657.386, "lb/MWh", "CO2"),
    ("eGRID2022 (GHG Protocol tool, Year 2022) NWPP CH4 = 0.056 lb/MWh",
     "egrid", "2022", "subregion_rates.csv", "nwpp-ch4", 0.056, "lb/MWh", "CH4"),
    ("eGRID2022 (GHG Protocol tool, Year 2022) ERCT N2O = 0.007 lb/MWh",
     "egrid", "2022", "subregion_rates.csv", "erct-n2o", 0.007, "lb/MWh", "N2O"),
    # IPCC 2006 Guidelines Vol 2 (EFDB export), kg per TJ on an NCV basis
    ("IPCC 2006 Table 1.4 Natural Gas CO2 = 56100 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "natural-gas-co2", 56100, "kg/TJ", "CO2"),
    ("IPCC 2006 Table 2.5 (residential) Natural Gas CH4 = 5 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "natural-gas-ch4-i1", 5, "kg/TJ", "CH4"),
    ("IPCC 2006 Table 2.2 (energy industries) Natural Gas CH4 = 1 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "natural-gas-ch4-i4", 1, "kg/TJ", "CH4"),
    ("IPCC 2006 Table 2.4 (commercial/institutional) Natural Gas N2O = 0.1 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "natural-gas-n2o-i2", 0.1, "kg/TJ", "N2O"),
    ("IPCC 2006 Table 1.4 Gas/Diesel Oil CO2 = 74100 kg/TJ (diesel)",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "diesel-co2", 74100, "kg/TJ", "CO2"),
    ("IPCC 2006 Table 1.4 Gas/Diesel Oil CO2 = 74100 kg/TJ (fuel_oil_2)",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "fuel-oil-2-co2", 74100, "kg/TJ", "CO2"),
    ("IPCC 2006 Table 1.4 Residual Fuel Oil CO2 = 77400 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "fuel-oil-6-co2", 77400, "kg/TJ", "CO2"),
    ("IPCC 2006 Table 1.4 Liquefied Petroleum Gases CO2 = 63100 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "lpg-co2", 63100, "kg/TJ", "CO2"),
    ("IPCC 2006 Table 2.3 (manufacturing) Other Bituminous Coal CH4 = 10 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "coal-bituminous-ch4-i3", 10, "kg/TJ", "CH4"),
    ("IPCC 2006 Table 2.5 (residential) Other Bituminous Coal CH4 = 300 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "coal-bituminous-ch4-i1", 300, "kg/TJ", "CH4"),
    ("IPCC 2006 Table 2.2 (energy industries) Other Bituminous Coal N2O = 1.5 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "coal-bituminous-n2o-i4", 1.5, "kg/TJ", "N2O"),
    ("IPCC 2006 Table 1.4 Coke Oven Coke and Lignite Coke CO2 = 107000 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "coal-coke-co2", 107000, "kg/TJ", "CO2"),
    ("IPCC 2006 Table 1.4 Blast Furnace Gas CO2 = 260000 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "blast-furnace-gas-co2", 260000, "kg/TJ", "CO2"),
    ("IPCC 2006 Table 1.4 Peat CO2 = 106000 kg/TJ, fossil",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "peat-co2", 106000, "kg/TJ", "CO2"),
    ("IPCC 2006 Table 2.3 (manufacturing) Peat CH4 = 2 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "peat-ch4-i3", 2, "kg/TJ", "CH4"),
    ("IPCC 2006 Table 2.4 (commercial/institutional) Peat N2O = 1.4 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "peat-n2o-i2", 1.4, "kg/TJ", "N2O"),
    ("IPCC 2006 Table 1.4 Wood/Wood Waste biogenic CO2 = 112000 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "wood-co2-biogenic", 112000, "kg/TJ", "CO2_biogenic"),
    ("IPCC 2006 Table 2.3 (manufacturing) Wood/Wood Waste CH4 = 30 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "wood-ch4-i3", 30, "kg/TJ", "CH4"),
    ("IPCC 2006 Table 2.4 Wood/Wood Waste CH4 = 300 kg/TJ as the I (I.6) fallback",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "wood-ch4-i", 300, "kg/TJ", "CH4"),
    ("IPCC 2006 Table 2.2 (energy industries) Charcoal N2O = 4 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "charcoal-n2o-i4", 4, "kg/TJ", "N2O"),
    ("IPCC 2006 Table 2.5 (agriculture/forestry/fishing) Charcoal N2O = 1 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "charcoal-n2o-i5", 1, "kg/TJ", "N2O"),
    ("IPCC 2006 Table 1.4 Biodiesels biogenic CO2 = 70800 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "biodiesel-co2-biogenic", 70800, "kg/TJ", "CO2_biogenic"),
    ("IPCC 2006 Table 2.4 (commercial/institutional) Landfill Gas CH4 = 5 kg/TJ",
     "ipcc-2006", "defaults", "stationary_combustion.csv", "landfill-gas-ch4-i2", 5, "kg/TJ", "CH4"),
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
    ("Hub 2021 Table 1 Lignite Coal heat content = 14.21 MMBtu/short_ton", "2021", "coal_lignite", 14.21,
     "MMBtu/short_ton"),
    ("Hub 2021 Table 1 Propane Gas heat content = 0.002516 MMBtu/scf", "2021", "propane_gas", 0.002516, "MMBtu/scf"),
]
HEAT_CHECKS = [(d, "epa-ghg-hub", *rest) for d, *rest in HEAT_CHECKS] + [
    ("IPCC 2006 Table 1.2 Natural Gas NCV = 48.0 TJ/Gg", "ipcc-2006", "defaults", "natural_gas", 48.0, "TJ/Gg"),
    ("IPCC 2006 Table 1.2 Gas/Diesel Oil NCV = 43.0 TJ/Gg (diesel)", "ipcc-2006", "defaults", "diesel", 43.0, "TJ/Gg"),
    ("IPCC 2006 Table 1.2 Motor Gasoline NCV = 44.3 TJ/Gg", "ipcc-2006", "defaults", "gasoline", 44.3, "TJ/Gg"),
    ("IPCC 2006 Table 1.2 Other Bituminous Coal NCV = 25.8 TJ/Gg", "ipcc-2006", "defaults", "coal_bituminous", 25.8,
     "TJ/Gg"),
    ("IPCC 2006 Table 1.2 Peat NCV = 9.76 TJ/Gg", "ipcc-2006", "defaults", "peat", 9.76, "TJ/Gg"),
    ("IPCC 2006 Table 1.2 Blast Furnace Gas NCV = 2.47 TJ/Gg", "ipcc-2006", "defaults", "blast_furnace_gas", 2.47,
     "TJ/Gg"),
    ("IPCC 2006 Table 1.2 Wood/Wood Waste NCV = 15.6 TJ/Gg", "ipcc-2006", "defaults", "wood", 15.6, "TJ/Gg"),
    ("IPCC 2006 Table 1.2 Charcoal NCV = 29.5 TJ/Gg", "ipcc-2006", "defaults", "charcoal", 29.5, "TJ/Gg"),
    ("IPCC 2006 Table 1.2 Natural Gas Liquids NCV = 44.2 TJ/Gg (bonsai-ipcc's 44.3 not used)", "ipcc-2006",
     "defaults", "natural_gas_liquids", 44.2, "TJ/Gg"),
    ("IPCC 2006 Table 1.2 Other Primary Solid Biomass NCV = 11.6 TJ/Gg (bonsai-ipcc's 11.8 not used)", "ipcc-2006",
     "defaults", "other_primary_solid_biomass", 11.6, "TJ/Gg"),
]


@pytest.mark.parametrize("set_id, edition, activity, expected, unit", [c[1:] for c in HEAT_CHECKS],
                         ids=[c[0] for c in HEAT_CHECKS])
def test_published_heat_content(set_id, edition, activity, expected, unit):
    rows = [r for r in read_csv(FACTORS / set_id / edition / "heat_content.csv")
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
        ("ipcc-2006", "defaults", "stationary_combustion.csv"): 663,  # 51 activities x 13
        ("ipcc-2006", "defaults", "heat_content.csv"): 51,
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
    ipcc = load_toml(FACTORS / "ipcc-2006" / "defaults")
    assert ipcc["title"] == ("2006 IPCC Guidelines for National Greenhouse Gas Inventories, Volume 2 Energy, "
                             "Chapters 1\u20132 (default emission factors)")
    assert ipcc["publisher"] == "Intergovernmental Panel on Climate Change (IPCC)"
    assert ipcc["publication_date"] == "2006" and ipcc["data_year"] == 2006
    assert ipcc["url"] == "https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol2.html"
    assert ipcc["heating_value_basis"] == "NCV"
    assert "country" not in ipcc
    assert ipcc["profiles"] == ["international"] and ipcc["factor_quality"] == "L"
    assert "EFDB" in ipcc["licence"] and "2006 IPCC Guidelines" in ipcc["licence"]


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
            assert row["unit"] in {"kg/MMBtu", "g/MMBtu", "kg/gal", "kg/scf", "g/gal", "g/mi", "lb/MWh", "kg/TJ"}
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
    categories = ["fuel", "grid_electricity", "grid_heat", "vehicle_distance", "waste"]
    names = [r["activity"] for r in rows]
    assert len(names) == len(set(names))
    assert rows == sorted(rows, key=lambda r: (categories.index(r["category"]), r["activity"]))
    for row in rows:
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", row["activity"])
        assert row["label"].strip()
        dims = row["dimensions"].split(";")
        if row["category"] == "waste":  # computed by the waste methods (issue 7), on GPC III lines
            assert set(dims) <= {"mass", "population"} and all(
                re.fullmatch(r"III\.[1-4]\.[1-3]", ref) for ref in row["lines"].split()), row
            continue
        assert dims and set(dims) <= {"energy", "volume", "mass", "distance"}, row
        assert set(row["lines"].split()) <= {"stationary_combustion", "transport_combustion",
                                             "grid_energy", "on_road"}, row
        assert row["lines"].strip()
        assert row["biogenic_co2"] in {"yes", "no"}
        assert row["default_unit"]


def test_every_table_activity_is_catalogued_and_vice_versa():
    catalogue = {r["activity"] for r in read_csv(ACTIVITIES) if r["category"] != "waste"}
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
    for set_id, edition, folder in edition_dirs():
        for path in tables_of(folder, "heat_content"):
            for row in read_csv(path):
                assert "energy" in catalogue[row["activity"]]["dimensions"].split(";"), (set_id, row)
                assert float(row["value"]) > 0


# --------------------------------------------------------------------------------------------
# IPCC 2006 defaults
# --------------------------------------------------------------------------------------------

IPCC = FACTORS / "ipcc-2006" / "defaults"
# applies_to -> the IPCC table its CH4/N2O comes from
IPCC_LINE_TABLE = {"I": "Table 2.4", "I.1": "Table 2.5", "I.2": "Table 2.4", "I.3": "Table 2.3",
                   "I.4": "Table 2.2", "I.5": "Table 2.5"}
IPCC_ONLY = {
    "biogas", "brown_coal_briquettes", "charcoal", "coal_tar", "coking_coal", "gas_coke", "gas_works_gas",
    "jet_gasoline", "natural_gas_liquids", "oil_shale", "orimulsion", "other_liquid_biofuels",
    "other_petroleum_products", "other_primary_solid_biomass", "oxygen_steel_furnace_gas", "patent_fuel",
    "refinery_feedstocks", "refinery_gas", "shale_oil", "sludge_gas", "sulphite_lyes", "waxes", "white_spirit_sbp",
}
# activity -> the IPCC fuel name its source_ref must name
IPCC_SHARED = {
    "natural_gas": "Natural Gas", "diesel": "Gas/Diesel Oil", "fuel_oil_2": "Gas/Diesel Oil",
    "fuel_oil_5": "Residual Fuel Oil", "fuel_oil_6": "Residual Fuel Oil", "lpg": "Liquefied Petroleum Gases",
    "kerosene": "Other Kerosene", "jet_fuel": "Jet Kerosene", "gasoline": "Motor Gasoline",
    "aviation_gasoline": "Aviation Gasoline", "coal_anthracite": "Anthracite",
    "coal_bituminous": "Other Bituminous Coal", "coal_subbituminous": "Sub-Bituminous Coal",
    "coal_lignite": "Lignite", "coal_coke": "Coke Oven Coke and Lignite Coke", "wood": "Wood/Wood Waste",
    "peat": "Peat", "crude_oil": "Crude Oil", "naphtha": "Naphtha", "ethane": "Ethane", "lubricants": "Lubricants",
    "petroleum_coke": "Petroleum Coke", "landfill_gas": "Landfill Gas", "biodiesel": "Biodiesels",
    "ethanol": "Biogasoline", "asphalt_and_road_oil": "Bitumen", "coke_oven_gas": "Coke Oven Gas",
    "blast_furnace_gas": "Blast Furnace Gas",
}
IPCC_BIOMASS = {"wood", "sulphite_lyes", "other_primary_solid_biomass", "charcoal", "ethanol", "biodiesel",
                "other_liquid_biofuels", "landfill_gas", "sludge_gas", "biogas"}


def test_ipcc_rows_per_fuel_and_sector_tables():
    rows = read_csv(IPCC / "stationary_combustion.csv")
    by_activity: dict[str, dict[tuple[str, str], dict[str, str]]] = {}
    for row in rows:
        by_activity.setdefault(row["activity"], {})[(row["gas"], row["applies_to"])] = row
        assert row["unit"] == "kg/TJ" and row["region"] == "" and row["model_year"] == ""
    assert set(by_activity) == IPCC_ONLY | set(IPCC_SHARED)
    for activity, factors in by_activity.items():
        co2_gas = "CO2_biogenic" if activity in IPCC_BIOMASS else "CO2"
        expected = {(co2_gas, "I")} | {(g, a) for g in ("CH4", "N2O") for a in IPCC_LINE_TABLE}
        assert set(factors) == expected, activity
        assert factors[(co2_gas, "I")]["source_ref"].startswith("Table 1.4"), activity
        for gas in ("CH4", "N2O"):
            for applies_to, table in IPCC_LINE_TABLE.items():
                assert factors[(gas, applies_to)]["source_ref"].startswith(table), (activity, gas, applies_to)
            # I (the I.6 fallback) is Table 2.4, as is I.2; I.1 and I.5 are both Table 2.5
            assert factors[(gas, "I")]["value"] == factors[(gas, "I.2")]["value"]
            assert factors[(gas, "I.1")]["value"] == factors[(gas, "I.5")]["value"]
        if activity in IPCC_SHARED:
            assert all(r["source_ref"].endswith(", " + IPCC_SHARED[activity]) for r in factors.values()), activity


def test_ipcc_biomass_biogenic_peat_fossil_and_no_waste_fuels():
    rows = read_csv(IPCC / "stationary_combustion.csv")
    co2 = {r["activity"]: r["gas"] for r in rows if r["gas"].startswith("CO2")}
    assert {a for a, g in co2.items() if g == "CO2_biogenic"} == IPCC_BIOMASS
    assert co2["peat"] == "CO2"
    text = (IPCC / "stationary_combustion.csv").read_text(encoding="utf-8") + \
        (IPCC / "heat_content.csv").read_text(encoding="utf-8")
    for waste in ("Municipal Wastes", "Industrial Wastes", "Waste Oils"):
        assert waste not in text


def test_ipcc_activity_catalogue():
    catalogue = {r["activity"]: r for r in read_csv(ACTIVITIES)}
    for activity in IPCC_ONLY:
        row = catalogue[activity]
        assert (row["category"], row["dimensions"], row["default_unit"], row["lines"]) == \
            ("fuel", "energy;mass", "t", "stationary_combustion"), activity
        assert row["biogenic_co2"] == ("yes" if activity in IPCC_BIOMASS else "no"), activity
    # keys shared with the EPA set keep their EPA dimensions
    assert catalogue["natural_gas"]["dimensions"] == "energy;volume"
    assert catalogue["diesel"]["dimensions"] == "energy;volume"
    assert catalogue["coal_bituminous"]["dimensions"] == "energy;mass"
    heat = {r["activity"] for r in read_csv(IPCC / "heat_content.csv")}
    assert heat == IPCC_ONLY | set(IPCC_SHARED)
