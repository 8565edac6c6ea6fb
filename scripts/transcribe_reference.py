#!/usr/bin/env python3
"""Transcribe the team's reference factor CSVs into ghgcalc's shipped factor tables.

Usage::

    python scripts/transcribe_reference.py REFERENCE_DIR [--out REPO_ROOT]

``REFERENCE_DIR`` is the reference folder (the one holding ``factors/README.md`` and the
``factors/*.csv`` files), or the ``factors`` folder itself. ``--out`` defaults to the repository
this script lives in.

Writes (and overwrites):

* ``emission_factors/epa-ghg-hub/{2025,2021}/``  Hub Tables 1, 2, 3-5 (2025 only) and 7
* ``emission_factors/egrid/{2023,2022,2019}/``  subregion output emission rates (+ grid loss 2023)
* ``emission_factors/gwp/{AR4,AR5,AR6}/``        100-year GWPs
* ``emission_factors/ipcc-2006/defaults/``       IPCC 2006 Vol 2 Tables 1.2, 1.4, 2.2-2.5
* ``src/ghgcalc/data/activities.csv``            the activity catalogue (plus the waste keys of
  ``WASTE_ACTIVITIES``, computed by the waste methods rather than by factor tables)

Every number is copied as the text found in the reference files (never re-formatted through a
float), so ``53.06`` stays ``53.06``. The output is deterministic: rows are sorted, files use
``\\n`` line endings and UTF-8, and nothing depends on the machine or the clock.

Rows the reference marks *unconfirmed* are not shipped. Decisions that are not mechanical
(which EPA rows map to which activity and GPC line, peat as fossil, MSW left out, Table 5
subset, AR6 methane and SF6 choices, IPCC fuel mappings and sector tables) are spelled out in
the tables below and in each ``factor_set.toml``'s notes; ``docs/factors.md`` explains them for
users.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

# --------------------------------------------------------------------------------------------
# Constants: names and decisions (no factor values live here; they are read from the reference)
# --------------------------------------------------------------------------------------------

FACTOR_COLUMNS = [
    "factor_id", "activity", "applies_to", "region", "model_year",
    "gas", "value", "unit", "source_ref", "notes",
]
HEAT_COLUMNS = ["activity", "value", "unit", "source_ref", "notes"]
LOSS_COLUMNS = ["region", "loss_pct", "source_ref", "notes"]
GWP_COLUMNS = ["gas", "formula", "value", "source_ref", "notes"]
ACTIVITY_COLUMNS = [
    "activity", "label", "category", "dimensions", "default_unit", "lines", "biogenic_co2", "notes",
]

GAS_ORDER = {"CO2": 0, "CO2_biogenic": 1, "CH4": 2, "N2O": 3}
DIMENSION_ORDER = ["energy", "volume", "mass", "distance"]
CATEGORY_ORDER = ["fuel", "grid_electricity", "grid_heat", "vehicle_distance", "waste"]

STATIONARY = "stationary_combustion"
TRANSPORT = "transport_combustion"
GRID = "grid_energy"
ON_ROAD = "on_road"

# EPA Hub Table 1 fuel name -> (activity key, label). Municipal Solid Waste is deliberately
# absent (see SKIPPED_TABLE1); any other name missing here is an error, so a changed reference
# cannot slip through silently.
TABLE1_FUELS: dict[str, tuple[str, str]] = {
    "Anthracite": ("coal_anthracite", "Anthracite coal"),
    "Bituminous": ("coal_bituminous", "Bituminous coal"),
    "Sub-bituminous": ("coal_subbituminous", "Sub-bituminous coal"),
    "Lignite": ("coal_lignite", "Lignite coal"),
    "Mixed (Commercial Sector)": ("coal_mixed_commercial", "Mixed coal (commercial sector)"),
    "Mixed (Electric Power Sector)": ("coal_mixed_electric_power", "Mixed coal (electric power sector)"),
    "Mixed (Industrial Coking)": ("coal_mixed_industrial_coking", "Mixed coal (industrial coking)"),
    "Mixed (Industrial Sector)": ("coal_mixed_industrial", "Mixed coal (industrial sector)"),
    "Coal Coke": ("coal_coke", "Coal coke"),
    "Petroleum Coke (Solid)": ("petroleum_coke", "Petroleum coke (solid)"),
    "Plastics": ("plastics", "Plastics"),
    "Tires": ("tires", "Tires"),
    "Agricultural Byproducts": ("agricultural_byproducts", "Agricultural byproducts (biomass)"),
    "Peat": ("peat", "Peat"),
    "Solid Byproducts": ("solid_byproducts", "Solid byproducts (biomass)"),
    "Wood and Wood Residuals": ("wood", "Wood and wood residuals"),
    "Natural Gas": ("natural_gas", "Natural gas"),
    "Blast Furnace Gas": ("blast_furnace_gas", "Blast furnace gas"),
    "Coke Oven Gas": ("coke_oven_gas", "Coke oven gas"),
    "Fuel Gas": ("fuel_gas", "Fuel gas"),
    "Propane Gas": ("propane_gas", "Propane gas (vapor, by scf)"),
    "Landfill Gas": ("landfill_gas", "Landfill gas (combusted)"),
    "Other Biomass Gases": ("other_biomass_gases", "Other biomass gases"),
    "Asphalt and Road Oil": ("asphalt_and_road_oil", "Asphalt and road oil"),
    "Aviation Gasoline": ("aviation_gasoline", "Aviation gasoline"),
    "Butane": ("butane", "Butane"),
    "Butylene": ("butylene", "Butylene"),
    "Crude Oil": ("crude_oil", "Crude oil"),
    "Distillate Fuel Oil No. 1": ("fuel_oil_1", "Distillate fuel oil No. 1"),
    "Distillate Fuel Oil No. 2": ("fuel_oil_2", "Distillate fuel oil No. 2"),
    "Distillate Fuel Oil No. 4": ("fuel_oil_4", "Distillate fuel oil No. 4"),
    "Ethane": ("ethane", "Ethane"),
    "Ethylene": ("ethylene", "Ethylene"),
    "Heavy Gas Oils": ("heavy_gas_oils", "Heavy gas oils"),
    "Isobutane": ("isobutane", "Isobutane"),
    "Isobutylene": ("isobutylene", "Isobutylene"),
    "Kerosene": ("kerosene", "Kerosene"),
    "Kerosene-Type Jet Fuel": ("jet_fuel", "Kerosene-type jet fuel"),
    "Liquefied Petroleum Gases (LPG)": ("lpg", "Liquefied petroleum gases (LPG)"),
    "Lubricants": ("lubricants", "Lubricants"),
    "Motor Gasoline": ("gasoline", "Motor gasoline"),
    "Naphtha (<401 deg F)": ("naphtha", "Naphtha (<401 deg F)"),
    "Natural Gasoline": ("natural_gasoline", "Natural gasoline"),
    "Other Oil (>401 deg F)": ("other_oil", "Other oil (>401 deg F)"),
    "Pentanes Plus": ("pentanes_plus", "Pentanes plus"),
    "Petrochemical Feedstocks": ("petrochemical_feedstocks", "Petrochemical feedstocks"),
    "Propane": ("propane", "Propane (liquid, by gallon)"),
    "Propylene": ("propylene", "Propylene"),
    "Residual Fuel Oil No. 5": ("fuel_oil_5", "Residual fuel oil No. 5"),
    "Residual Fuel Oil No. 6": ("fuel_oil_6", "Residual fuel oil No. 6"),
    "Special Naphtha": ("special_naphtha", "Special naphtha"),
    "Unfinished Oils": ("unfinished_oils", "Unfinished oils"),
    "Used Oil": ("used_oil", "Used oil"),
    "Biodiesel (100%)": ("biodiesel", "Biodiesel (B100)"),
    "Ethanol (100%)": ("ethanol", "Ethanol (E100)"),
    "Rendered Animal Fat": ("rendered_animal_fat", "Rendered animal fat"),
    "Vegetable Oil": ("vegetable_oil", "Vegetable oil"),
    "North American Softwood": ("kraft_liquor_softwood", "Kraft pulping liquor, North American softwood"),
    "North American Hardwood": ("kraft_liquor_hardwood", "Kraft pulping liquor, North American hardwood"),
    "Bagasse": ("kraft_liquor_bagasse", "Kraft pulping liquor, bagasse"),
    "Bamboo": ("kraft_liquor_bamboo", "Kraft pulping liquor, bamboo"),
    "Straw": ("kraft_liquor_straw", "Kraft pulping liquor, straw"),
}
SKIPPED_TABLE1 = {"Municipal Solid Waste"}
PEAT = "Peat"
# Stationary diesel: EPA Table 1 has no "Diesel" row; its stationary diesel is Distillate No. 2.
DIESEL_SOURCE_FUEL = "Distillate Fuel Oil No. 2"
# CNG heat content: EPA gives none; natural gas per scf is used.
CNG_HEAT_SOURCE_FUEL = "Natural Gas"

# EPA Hub Table 2 fuel name -> activity key.
TABLE2_FUELS: dict[str, str] = {
    "Aviation Gasoline": "aviation_gasoline",
    "Biodiesel (100%)": "biodiesel",
    "Compressed Natural Gas (CNG)": "cng",
    "Diesel Fuel": "diesel",
    "Ethanol (100%)": "ethanol",
    "Kerosene-Type Jet Fuel": "jet_fuel",
    "Liquefied Natural Gas (LNG)": "lng",
    "Liquefied Petroleum Gases (LPG)": "lpg",
    "Motor Gasoline": "gasoline",
    "Residual Fuel Oil": "fuel_oil_6",
}
TABLE2_ONLY_LABELS = {
    "diesel": "Diesel fuel",
    "cng": "Compressed natural gas (CNG)",
    "lng": "Liquefied natural gas (LNG)",
}

# EPA Hub Table 3 vehicle types (gasoline) -> activity key.
TABLE3_VEHICLES: dict[str, str] = {
    "Gasoline Passenger Cars": "vmt_gasoline_car",
    "Gasoline Light-Duty Trucks": "vmt_gasoline_light_truck",
    "Gasoline Heavy-Duty Vehicles": "vmt_gasoline_heavy_duty",
    "Gasoline Motorcycles": "vmt_gasoline_motorcycle",
}
# EPA Hub Table 4 diesel vehicle types -> activity keys (diesel buses share the
# medium- and heavy-duty rows: EPA does not give them separately).
TABLE4_DIESEL: dict[str, tuple[str, ...]] = {
    "Passenger Cars": ("vmt_diesel_car",),
    "Light-Duty Trucks": ("vmt_diesel_light_truck",),
    "Medium- and Heavy-Duty Vehicles": ("vmt_diesel_heavy_duty", "vmt_diesel_bus"),
}
# EPA Hub Table 4 alternative-fuel vehicle types -> type part of the key.
TABLE4_ALT_TYPES: dict[str, str] = {
    "Light-Duty Cars": "car",
    "Light-Duty Trucks": "light_truck",
    "Medium-Duty Trucks": "medium_truck",
    "Heavy-Duty Trucks": "heavy_truck",
    "Buses": "bus",
}
TABLE4_ALT_FUELS = {"Methanol", "Ethanol", "CNG", "LPG", "LNG", "Biodiesel"}

# EPA Hub Table 5 (non-road): only rows that map to one GPC sub-sector are shipped.
# (vehicle_type, fuel) -> (activity, applies_to, id part)
TABLE5_SHIPPED: dict[tuple[str, str], tuple[str, str, str]] = {
    ("Aircraft", "Jet Fuel"): ("jet_fuel", "II.4", "aircraft"),
    ("Aircraft", "Aviation Gasoline"): ("aviation_gasoline", "II.4", "aircraft"),
    ("Locomotives", "Diesel"): ("diesel", "II.2", "locomotive"),
    ("Ships and Boats", "Residual Fuel Oil"): ("fuel_oil_6", "II.3", "ships"),
    ("Ships and Boats", "Diesel"): ("diesel", "II.3", "ships"),
}

VEHICLE_TYPE_LABELS = {
    "car": "passenger car",
    "light_truck": "light-duty truck",
    "medium_truck": "medium-duty truck",
    "heavy_truck": "heavy-duty truck",
    "heavy_duty": "heavy-duty vehicle",
    "motorcycle": "motorcycle",
    "bus": "bus",
}
VEHICLE_FUEL_LABELS = {
    "gasoline": "gasoline", "diesel": "diesel", "methanol": "methanol", "ethanol": "ethanol",
    "cng": "CNG", "lpg": "LPG", "lng": "LNG", "biodiesel": "biodiesel",
}

UNIT_MAP = {
    "mmBtu per short ton": "MMBtu/short_ton",
    "mmBtu per scf": "MMBtu/scf",
    "mmBtu per gallon": "MMBtu/gal",
}
PHYSICAL_UNIT = {"short ton": "short_ton", "scf": "scf", "gallon": "gal"}
PHYSICAL_DIMENSION = {"short_ton": "mass", "scf": "volume", "gal": "volume"}

HUB_URL = "https://www.epa.gov/climateleadership/ghg-emission-factors-hub"
HUB_TITLE = "GHG Emission Factors Hub (Emission Factors for Greenhouse Gas Inventories)"
EPA = "U.S. Environmental Protection Agency"
PUBLIC_DOMAIN = "Public domain: work of the U.S. Government (17 U.S.C. 105)"
HUB_EDITIONS = {  # edition -> publication date ("Last Modified" line of the workbook)
    "2025": "2025-01-15",
    "2021": "2021-09-15",
}

EGRID_URL = "https://www.epa.gov/egrid"
EGRID_TITLE = "Emissions & Generation Resource Integrated Database (eGRID)"


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

def fail(message: str) -> NoReturn:
    """Stop with a message (the reference changed in a way this script does not know)."""
    raise SystemExit(f"transcribe_reference: {message}")


def read_rows(path: Path) -> list[dict[str, str]]:
    """Read a reference CSV as text (no type conversion, so numbers keep their spelling)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n",
                                quoting=csv.QUOTE_MINIMAL, extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})


def toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def toml_multiline(lines: list[str]) -> str:
    body = "\n".join(lines).replace("\\", "\\\\").replace('"""', '\\"""')
    return f'"""\n{body}\n"""'


def write_toml(path: Path, meta: dict, notes: list[str], tables: list[dict[str, str]]) -> None:
    """Write a factor_set.toml (fixed key order; notes as a multi-line string)."""
    out: list[str] = []
    for key, value in meta.items():
        if isinstance(value, bool):
            raise TypeError(key)
        if isinstance(value, int):
            out.append(f"{key} = {value}")
        elif isinstance(value, list):
            out.append(f"{key} = [" + ", ".join(toml_string(v) for v in value) + "]")
        else:
            out.append(f"{key} = {toml_string(value)}")
    out.append(f"notes = {toml_multiline(notes)}")
    for table in tables:
        out.append("")
        out.append("[[tables]]")
        for key in ("file", "kind", "table"):
            out.append(f"{key} = {toml_string(table[key])}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n", encoding="utf-8", newline="\n")


def join_notes(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def slug(text: str) -> str:
    return text.replace("_", "-")


def gas_slug(gas: str) -> str:
    return gas.lower().replace("_", "-")


def model_year_slug(model_year: str) -> str:
    if model_year.startswith("<="):
        return model_year[2:] + "-and-older"
    return model_year


def normalize_model_year(text: str) -> str:
    text = text.strip().replace("\u2264", "<=")
    if text and not re.fullmatch(r"(<=)?\d{4}(-\d{4})?", text):
        fail(f"unexpected model-year text {text!r}")
    return text


def model_year_key(text: str) -> tuple[int, int]:
    if not text:
        return (-2, 0)
    if text.startswith("<="):
        return (-1, int(text[2:]))
    first, _, last = text.partition("-")
    return (int(first), int(last or first))


def natural_key(text: str) -> list:
    parts = re.split(r"(\d+)", text)
    return [int(p) if i % 2 else p for i, p in enumerate(parts)]


def factor_sort_key(row: dict[str, str]):
    return (row["activity"], row["applies_to"], row["region"], model_year_key(row["model_year"]),
            GAS_ORDER.get(row["gas"], 99), row["gas"])


def is_unconfirmed(row: dict[str, str]) -> bool:
    return "unconfirmed" in row.get("notes", "").lower()


def check_number(text: str, what: str) -> str:
    """The value text must be a plain non-negative decimal (as in the source)."""
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        fail(f"{what}: value {text!r} is not a plain non-negative decimal")
    return text


def factor_row(factor_id: str, activity: str, applies_to: str, gas: str, value: str, unit: str,
               source_ref: str, notes: str = "", region: str = "", model_year: str = "") -> dict:
    return {
        "factor_id": factor_id, "activity": activity, "applies_to": applies_to,
        "region": region, "model_year": model_year, "gas": gas,
        "value": check_number(value, factor_id), "unit": unit,
        "source_ref": source_ref, "notes": notes,
    }


def finish_factors(rows: list[dict[str, str]], where: str) -> list[dict[str, str]]:
    ids = [r["factor_id"] for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        fail(f"{where}: duplicate factor_id {duplicates}")
    keys = [(r["activity"], r["applies_to"], r["region"], r["model_year"], r["gas"]) for r in rows]
    clashes = sorted({k for k in keys if keys.count(k) > 1})
    if clashes:
        fail(f"{where}: two factors for the same (activity, applies_to, region, model_year, gas) {clashes}")
    return sorted(rows, key=factor_sort_key)


# --------------------------------------------------------------------------------------------
# Reference folder
# --------------------------------------------------------------------------------------------

@dataclass
class Reference:
    folder: Path  # the "factors" folder

    @classmethod
    def locate(cls, given: Path) -> "Reference":
        for candidate in (given / "factors", given):
            if (candidate / "README.md").is_file() and (candidate / "gwp.csv").is_file():
                return cls(candidate)
        fail(f"{given} holds neither factors/README.md nor README.md + gwp.csv")

    def rows(self, name: str) -> list[dict[str, str]]:
        return read_rows(self.folder / name)

    def readme(self) -> str:
        return (self.folder / "README.md").read_text(encoding="utf-8")

    def steam_and_heat(self) -> tuple[str, str, str]:
        """Hub Table 7 values, stated only in the README's prose."""
        match = re.search(
            r'Table 7 "Steam and Heat" = ([\d.]+) kg CO2, ([\d.]+) g CH4, ([\d.]+) g N2O\s+per mmBtu',
            self.readme(),
        )
        if not match:
            fail("README: Table 7 'Steam and Heat' sentence not found")
        if "same in 2021 and 2025" not in self.readme():
            fail("README no longer states that Table 7 is the same in 2021 and 2025")
        return match.group(1), match.group(2), match.group(3)


# --------------------------------------------------------------------------------------------
# EPA GHG Emission Factors Hub
# --------------------------------------------------------------------------------------------

def printed_name(row: dict[str, str]) -> str:
    """The fuel name as printed in that edition (2021 prints 'Anthracite Coal' etc.)."""
    match = re.search(r"printed as '([^']+)' in the (\d{4}) edition", row["notes"])
    if match and match.group(2) == row["edition"]:
        return match.group(1)
    return row["fuel"]


def hub_table1(rows: list[dict[str, str]], edition: str):
    factors: list[dict] = []
    heat: list[dict] = []
    seen = set()
    for row in rows:
        if row["edition"] != edition:
            continue
        if is_unconfirmed(row):
            continue
        fuel = row["fuel"]
        seen.add(fuel)
        if fuel in SKIPPED_TABLE1:
            continue
        if fuel not in TABLE1_FUELS:
            fail(f"Table 1 fuel {fuel!r} ({edition}) has no activity key")
        activity, _label = TABLE1_FUELS[fuel]
        ref = f"Table 1, {printed_name(row)}"
        targets = [(activity, ref, "")]
        if fuel == DIESEL_SOURCE_FUEL:
            targets.append(("diesel", ref,
                            "EPA Table 1 has no diesel row; Distillate Fuel Oil No. 2 "
                            "is EPA's stationary diesel"))
        for act, source_ref, base_note in targets:
            biogenic = row["biogenic"] == "yes"
            co2_gas, co2_note = "CO2", ""
            if fuel == PEAT:
                co2_note = ("EPA lists peat under Biomass Fuels; shipped as fossil CO2 because "
                            "IPCC 2006 and the GPC treat peat as a fossil fuel")
            elif biogenic:
                co2_gas = "CO2_biogenic"
                co2_note = "biogenic CO2 (EPA Biomass Fuels); reported apart, not in CO2e totals"
            for gas, column, unit, note in (
                (co2_gas, "co2_kg_per_mmbtu", "kg/MMBtu", join_notes(base_note, co2_note)),
                ("CH4", "ch4_g_per_mmbtu", "g/MMBtu", base_note),
                ("N2O", "n2o_g_per_mmbtu", "g/MMBtu", base_note),
            ):
                factors.append(factor_row(
                    f"t1-{slug(act)}-{gas_slug(gas)}", act, "I", gas, row[column], unit,
                    source_ref, note,
                ))
            if row["heat_content"]:
                unit = UNIT_MAP.get(row["heat_content_unit"])
                if unit is None:
                    fail(f"unknown heat-content unit {row['heat_content_unit']!r}")
                heat.append({
                    "activity": act, "value": check_number(row["heat_content"], act),
                    "unit": unit, "source_ref": source_ref,
                    "notes": ("borrowed: EPA Table 1 has no diesel row; Distillate Fuel Oil "
                              "No. 2 (EPA's stationary diesel) is used") if act == "diesel" else "",
                })
        if fuel == CNG_HEAT_SOURCE_FUEL:
            heat.append({
                "activity": "cng", "value": check_number(row["heat_content"], "cng"),
                "unit": UNIT_MAP[row["heat_content_unit"]], "source_ref": ref,
                "notes": "borrowed: EPA publishes no CNG heat content; natural gas per scf is used",
            })
    missing = (set(TABLE1_FUELS) | SKIPPED_TABLE1) - seen
    if missing:
        fail(f"Table 1 ({edition}) lacks fuels {sorted(missing)}")
    return factors, sorted(heat, key=lambda r: r["activity"])


def hub_mobile(rows: list[dict[str, str]], edition: str) -> list[dict]:
    factors: list[dict] = []
    for row in rows:
        if row["edition"] != edition or is_unconfirmed(row):
            continue
        table = row["table"]
        if table == "2":
            activity = TABLE2_FUELS.get(row["fuel"])
            if activity is None:
                fail(f"Table 2 fuel {row['fuel']!r} has no activity key")
            unit = {"gallon": "kg/gal", "scf": "kg/scf"}[row["unit"]]
            gas = "CO2_biogenic" if row["biogenic"] == "yes" else "CO2"
            notes = []
            if gas == "CO2_biogenic":
                notes.append("biogenic CO2; reported apart, not in CO2e totals")
            if activity == "fuel_oil_6":
                notes.append("EPA 'Residual Fuel Oil' (its per-gallon CO2 equals Table 1 "
                             "Residual Fuel Oil No. 6)")
            if activity == "lng":
                notes.append("EPA-derived from the natural gas CO2 factor and GREET LNG density "
                             "(not a 40 CFR 98 value)")
                printed = {r["edition"]: r["co2_kg_per_unit"] for r in rows
                           if r["table"] == "2" and r["fuel"] == row["fuel"]}
                if len(set(printed.values())) > 1:
                    notes.append("the editions differ: " + ", ".join(
                        f"{e} edition {v}" for e, v in sorted(printed.items())))
            factors.append(factor_row(
                f"t2-{slug(activity)}-{gas_slug(gas)}", activity, "II", gas,
                row["co2_kg_per_unit"], unit, f"Table 2, {row['fuel']}", "; ".join(notes),
            ))
        elif table == "3":
            activity = TABLE3_VEHICLES.get(row["vehicle_type"])
            if activity is None:
                fail(f"Table 3 vehicle type {row['vehicle_type']!r} has no activity key")
            factors += per_mile_rows("t3", (activity,), row, f"Table 3, {row['vehicle_type']}")
        elif table == "4":
            if row["fuel"] == "Diesel":
                activities = TABLE4_DIESEL.get(row["vehicle_type"])
                if activities is None:
                    fail(f"Table 4 diesel vehicle type {row['vehicle_type']!r} unknown")
            else:
                kind = TABLE4_ALT_TYPES.get(row["vehicle_type"])
                if kind is None or row["fuel"] not in TABLE4_ALT_FUELS:
                    fail(f"Table 4 row {row['vehicle_type']!r}/{row['fuel']!r} unknown")
                activities = (f"vmt_{row['fuel'].lower()}_{kind}",)
            factors += per_mile_rows(
                "t4", activities, row, f"Table 4, {row['vehicle_type']} / {row['fuel']}")
        elif table == "5":
            target = TABLE5_SHIPPED.get((row["vehicle_type"], row["fuel"]))
            if target is None:
                continue  # equipment types the GPC off-road line cannot tell apart
            activity, applies_to, part = target
            if row["unit"] != "gallon":
                fail(f"Table 5 unit {row['unit']!r}")
            for gas, column in (("CH4", "ch4_g_per_unit"), ("N2O", "n2o_g_per_unit")):
                factors.append(factor_row(
                    f"t5-{slug(activity)}-{part}-{gas_slug(gas)}", activity, applies_to, gas,
                    row[column], "g/gal", f"Table 5, {row['vehicle_type']} / {row['fuel']}",
                ))
        else:
            fail(f"unknown mobile table {table!r}")
    return factors


def per_mile_rows(prefix: str, activities: tuple[str, ...], row: dict[str, str],
                  source_ref: str) -> list[dict]:
    if row["unit"] != "vehicle-mile":
        fail(f"{source_ref}: unit {row['unit']!r}")
    model_year = normalize_model_year(row["model_year"])
    out = []
    for activity in activities:
        if not model_year:
            ref = source_ref
        elif "-" in model_year or model_year.startswith("<="):
            ref = f"{source_ref}, model years {model_year}"
        else:
            ref = f"{source_ref}, model year {model_year}"
        note = ""
        if activity == "vmt_diesel_bus":
            note = ("EPA groups diesel buses with medium- and heavy-duty vehicles; "
                    "same values as vmt_diesel_heavy_duty")
        stem = activity.removeprefix("vmt_")
        year_part = f"-{model_year_slug(model_year)}" if model_year else ""
        for gas, column in (("CH4", "ch4_g_per_unit"), ("N2O", "n2o_g_per_unit")):
            out.append(factor_row(
                f"{prefix}-{slug(stem)}{year_part}-{gas_slug(gas)}", activity, "II.1", gas,
                row[column], "g/mi", ref, note, model_year=model_year,
            ))
    return out


def hub_steam(ref: Reference) -> list[dict]:
    co2, ch4, n2o = ref.steam_and_heat()
    note = "purchased steam or heat; EPA assumes natural gas at 80% boiler efficiency"
    return [
        factor_row("t7-steam-co2", "steam", "I", "CO2", co2, "kg/MMBtu", "Table 7, Steam and Heat", note),
        factor_row("t7-steam-ch4", "steam", "I", "CH4", ch4, "g/MMBtu", "Table 7, Steam and Heat", note),
        factor_row("t7-steam-n2o", "steam", "I", "N2O", n2o, "g/MMBtu", "Table 7, Steam and Heat", note),
    ]


def hub_notes(edition: str, mobile_rows: list[dict[str, str]]) -> list[str]:
    data_year = int(edition) - 2
    workbook = {
        "2025": ("ghg-emission-factors-hub-2025.xlsx (Last Modified: January 15, 2025), read from "
                 "GitHub SWASTIKA3011/Carbon-Lens, sha256 "
                 "eb6ba3af74b20ddf3d8b128396d28049f0b0cb45b6aee162ef2270b4cbbf19af"),
        "2021": ("ghg-emission-factors-hub-2021.xlsx (Last Modified: 15 September 2021), read from "
                 "GitHub Metropolitan-Council/ghg-cprg, path _meta/data-raw/, sha256 "
                 "00524c7e59d7e5d38c044871e372da1180eaa19d93c72c23a6c937391eb76db8"),
    }[edition]
    skipped5 = sorted({
        f"{r['vehicle_type']} / {r['fuel']}" for r in mobile_rows
        if r["edition"] == edition and r["table"] == "5"
        and (r["vehicle_type"], r["fuel"]) not in TABLE5_SHIPPED
    })
    notes = [
        f"Transcribed from the EPA workbook {workbook}.",
        "All values are mass of each gas (not CO2e), higher heating value (HHV) basis, "
        "combustion only.",
        f"data_year = {data_year}: this edition's Table 6 (electricity) is eGRID{data_year}, "
        "i.e. edition year minus two; the fuel factors themselves are not year-specific. "
        "Table 6 is shipped as the egrid set, Table 11 (GWPs) in the gwp set.",
        "Table 1: EPA's per-MMBtu factors (its primary values) are shipped; the rounded per-unit "
        "columns are not (convert with heat_content.csv).",
        "Biomass fuels (EPA 'Biomass Fuels - ...') carry their CO2 as CO2_biogenic; their CH4 and "
        "N2O count as usual. Exception: peat, which EPA groups with biomass, is shipped as fossil "
        "CO2 because IPCC 2006 and the GPC treat peat as a fossil fuel.",
        "Not shipped: Municipal Solid Waste (Table 1). Waste combustion belongs to the waste "
        "methods (GPC III.3, incineration); EPA also files MSW under fossil fuels although it is "
        "partly biogenic.",
        "Activity 'diesel' on stationary lines (I) uses Distillate Fuel Oil No. 2 (EPA's "
        "stationary diesel); its heat content too. 'cng' borrows the natural gas heat content "
        "per scf. Kraft pulping liquors have no heat content (per-MMBtu factors only).",
        "Table 2 (CO2 per gallon or scf) serves transport lines (II); 'Residual Fuel Oil' is "
        "mapped to fuel_oil_6. Table 2 gives CO2 only: CH4 and N2O of on-road transport come "
        "from Tables 3-4 (per vehicle-mile), so fuel-based on-road rows get CO2 only from this "
        "set.",
    ]
    if edition == "2025":
        notes += [
            "Tables 3-4: g CH4 and g N2O per vehicle-mile for on-road vehicles (applies_to II.1), "
            "by model year where EPA gives model years (EPA computed them from the US GHG "
            "Inventory 1990-2022 annex tables; no second source was read). EPA's diesel "
            "medium- and heavy-duty rows also serve vmt_diesel_bus, because EPA groups diesel "
            "buses with them.",
            "Table 5 (non-road, g per gallon): only rows that map to one GPC sub-sector are "
            "shipped: Aircraft / Jet Fuel and Aircraft / Aviation Gasoline (II.4), Locomotives / "
            "Diesel (II.2), Ships and Boats / Residual Fuel Oil and Ships and Boats / Diesel "
            "(II.3). Aircraft jet fuel CH4 is 0 in the source. Left out, because the GPC line "
            "cannot tell these equipment types or engine types apart: " + "; ".join(skipped5) + ".",
            "The 2025 workbook marks no Table 1 or Table 2 cell as changed from 2024.",
        ]
    else:
        notes += [
            "Only Tables 1, 2 and 7 of the 2021 edition were transcribed (Tables 3-5 of 2021 "
            "were not read).",
            "The 2021 edition prints the coal names as 'Anthracite Coal', 'Bituminous Coal', "
            "'Sub-bituminous Coal', 'Lignite Coal'; values equal the 2025 edition. Table 2 LNG is "
            "4.5005492 kg/gal here (4.5 in 2025).",
        ]
    notes.append("Table 7 (steam and heat): purchased steam or hot water, EPA assumes a natural "
                 "gas boiler at 80 % efficiency; identical in the 2021 and 2025 editions.")
    return notes


def write_hub(ref: Reference, out: Path) -> dict[str, dict[str, int]]:
    stationary = ref.rows("epa_stationary_combustion.csv")
    mobile = ref.rows("epa_mobile_combustion.csv")
    counts = {}
    for edition, date in HUB_EDITIONS.items():
        folder = out / "emission_factors" / "epa-ghg-hub" / edition
        t1, heat = hub_table1(stationary, edition)
        mob = hub_mobile(mobile, edition)
        steam = hub_steam(ref)
        # factor_id must be unique over the whole set (all tables of the edition)
        finish_factors(t1 + mob + steam, f"epa-ghg-hub {edition}")
        tables = {
            "stationary_combustion.csv": finish_factors(t1, "t1"),
            "mobile_combustion.csv": finish_factors(mob, "mobile"),
            "steam_and_heat.csv": finish_factors(steam, "t7"),
        }
        for name, rows in tables.items():
            write_csv(folder / name, FACTOR_COLUMNS, rows)
        write_csv(folder / "heat_content.csv", HEAT_COLUMNS, heat)
        mobile_title = "Table 2 Mobile Combustion CO2"
        if edition == "2025":
            mobile_title += ("; Table 3 Mobile Combustion CH4 and N2O for On-Road Gasoline "
                             "Vehicles; Table 4 Mobile Combustion CH4 and N2O for On-Road Diesel "
                             "and Alternative Fuel Vehicles; Table 5 Mobile Combustion CH4 and "
                             "N2O for Non-Road Vehicles")
        write_toml(
            folder / "factor_set.toml",
            {
                "id": "epa-ghg-hub", "edition": edition, "title": HUB_TITLE, "publisher": EPA,
                "publication_date": date, "url": HUB_URL, "licence": PUBLIC_DOMAIN,
                "data_year": int(edition) - 2, "heating_value_basis": "HHV", "country": "US",
                "profiles": ["us"], "factor_quality": "M",
            },
            hub_notes(edition, mobile),
            [
                {"file": "stationary_combustion.csv", "kind": "factors",
                 "table": "Table 1 Stationary Combustion"},
                {"file": "heat_content.csv", "kind": "heat_content",
                 "table": "Table 1 Stationary Combustion"},
                {"file": "mobile_combustion.csv", "kind": "factors", "table": mobile_title},
                {"file": "steam_and_heat.csv", "kind": "factors", "table": "Table 7 Steam and Heat"},
            ],
        )
        counts[f"epa-ghg-hub/{edition}"] = {
            "stationary_combustion.csv": len(t1), "heat_content.csv": len(heat),
            "mobile_combustion.csv": len(mob), "steam_and_heat.csv": len(steam),
        }
    return counts


# --------------------------------------------------------------------------------------------
# eGRID
# --------------------------------------------------------------------------------------------

EGRID_EDITIONS = {
    # data year -> (publication date, where the numbers were read, source_ref prefix, table title)
    "2023": (
        "2025-01",
        "EPA GHG Emission Factors Hub 2025, Table 6 Electricity, whose source line reads "
        "'EPA eGRID2023, January 2025 (Summary Tables - Table 1. Subregion Output Emission "
        "Rates)' (workbook ghg-emission-factors-hub-2025.xlsx read from GitHub "
        "SWASTIKA3011/Carbon-Lens). Rates are stored there to 3 decimals (printed to 1 for CO2).",
        "Hub 2025 Table 6",
        "eGRID2023 Summary Tables, Table 1 Subregion Output Emission Rates (total output), as "
        "printed in EPA GHG Emission Factors Hub 2025 Table 6 Electricity",
    ),
    "2022": (
        "2024",
        "GHG Protocol / GHGMI Emission Factors for Cross-Sector Tools V2.0 (March 2024), sheet "
        "'Electricity US', Table 1 'Year 2022 US Regional Electricity Emission Factors' "
        "(file Emission_Factors_for_Cross_Sector_Tools_V2.0_0.xlsx read from GitHub "
        "Open-Earth-Foundation/CityCatalyst); confirmed subregion by subregion against a "
        "third-party copy of EPA GHG Emission Factors Hub 2024 Table 6 (eGRID2022). CH4 and N2O "
        "are given there in lb/GWh and were divided by 1000; CO2 to 3 decimals is taken from "
        "the Hub 2024 copy where the tool prints fewer digits.",
        "GHG Protocol cross-sector tool V2.0, Electricity US, Table 1 (Year 2022)",
        "eGRID2022 subregion total output emission rates, as printed in GHG Protocol Emission "
        "Factors for Cross-Sector Tools V2.0, sheet Electricity US, Table 1 (Year 2022)",
    ),
    "2019": (
        "2021-02",
        "EPA GHG Emission Factors Hub 2021, Table 6 Electricity, source line 'EPA eGRID2019, "
        "February 2021' (workbook ghg-emission-factors-hub-2021.xlsx read from GitHub "
        "Metropolitan-Council/ghg-cprg), printed to 0.1 lb/MWh for CO2; the GHG Protocol "
        "cross-sector tool's 'Year 2019' table agrees for every subregion.",
        "Hub 2021 Table 6",
        "eGRID2019 subregion total output emission rates, as printed in EPA GHG Emission Factors "
        "Hub 2021 Table 6 Electricity",
    ),
}


def write_egrid(ref: Reference, out: Path) -> tuple[dict, list[str]]:
    rates = ref.rows("egrid_subregions.csv")
    losses = ref.rows("egrid_grid_loss.csv")
    counts: dict[str, dict[str, int]] = {}
    left_out: list[str] = []
    for year, (date, read_from, ref_prefix, table_title) in EGRID_EDITIONS.items():
        folder = out / "emission_factors" / "egrid" / year
        factors = []
        skipped = []
        us_2022 = ("?", "?", "?")
        for row in rates:
            if row["egrid_year"] != year:
                continue
            if is_unconfirmed(row):
                skipped.append(row["subregion_acronym"])
                if row["subregion_acronym"] == "US":
                    us_2022 = (row["co2_lb_per_mwh"], row["ch4_lb_per_mwh"], row["n2o_lb_per_mwh"])
                continue
            region = row["subregion_acronym"]
            source_ref = f"{ref_prefix}, {region} ({row['subregion_name']})"
            co2_note = ""
            match = re.search(r"CO2 shown to 3 decimals from the Hub 2024 extraction; "
                              r"GHG Protocol tool prints ([\d.]+)", row["notes"])
            if match:
                co2_note = (f"CO2 to 3 decimals from the Hub 2024 Table 6 copy; the GHG Protocol "
                            f"tool prints {match.group(1)}")
            for gas, column, note in (("CO2", "co2_lb_per_mwh", co2_note),
                                      ("CH4", "ch4_lb_per_mwh", ""),
                                      ("N2O", "n2o_lb_per_mwh", "")):
                if not row[column]:
                    fail(f"eGRID {year} {region} {gas} empty")
                factors.append(factor_row(
                    f"{region.lower()}-{gas.lower()}", "electricity", "", gas, row[column],
                    "lb/MWh", source_ref, note, region=region,
                ))
        factors = finish_factors(factors, f"egrid {year}")
        write_csv(folder / "subregion_rates.csv", FACTOR_COLUMNS, factors)
        tables = [{"file": "subregion_rates.csv", "kind": "factors", "table": table_title}]
        counts[f"egrid/{year}"] = {"subregion_rates.csv": len(factors)}

        loss_rows = []
        loss_skipped = []
        for row in losses:
            if row["egrid_year"] != year:
                continue
            if is_unconfirmed(row):
                loss_skipped.append(row["region"])
                continue
            if not row["grid_gross_loss_pct"]:
                loss_skipped.append(row["region"])
                continue
            loss_rows.append({
                "region": row["region"],
                "loss_pct": check_number(row["grid_gross_loss_pct"], f"loss {row['region']}"),
                "source_ref": f"{ref_prefix}, Grid Gross Loss (%), {row['region']}",
                "notes": "US national average" if row["region"] == "US" else "",
            })
        if loss_rows:
            loss_rows.sort(key=lambda r: r["region"])
            write_csv(folder / "grid_loss.csv", LOSS_COLUMNS, loss_rows)
            tables.append({"file": "grid_loss.csv", "kind": "grid_loss",
                           "table": "eGRID" + year + " grid gross loss, as printed in EPA GHG "
                                    "Emission Factors Hub 2025 Table 6 Electricity, column "
                                    "'Grid Gross Loss (%)'"})
            counts[f"egrid/{year}"]["grid_loss.csv"] = len(loss_rows)
        else:
            stale = folder / "grid_loss.csv"
            if stale.exists():
                stale.unlink()

        notes = [
            f"Numbers read from: {read_from}",
            "Total output emission rates (the rates EPA says to use for inventories), lb of each "
            "gas per MWh; non-baseload rates not included. CO2e is not shipped (compute it with "
            "the GWP set of your choice). Subregions are given by their eGRID acronym; region "
            "US is the national average.",
        ]
        if year == "2023":
            notes += [
                "Caveat: eGRID2023 was re-released (rev1 2025-01-17, rev2 2025-06-12). These are "
                "the January 2025 values printed in Hub 2025; rev2 was not read and may differ "
                "for some subregions (a third-party CO2e for CAMX, SRVC and RFCE does not match "
                "these rates). Check rev2 before relying on single-subregion precision.",
                "US average cross-checked against a third-party read of the eGRID2023 summary "
                "tables rev1 (771.5 / 0.057 / 0.008 lb/MWh).",
                "grid_loss.csv: grid gross loss in percent (EPA stores a fraction); for the "
                "scope-3 transmission and distribution loss lines only, never for scope 2. "
                "Subregions without a published value have no row: "
                + ", ".join(loss_skipped) + ".",
            ]
        if year == "2022":
            notes += [
                "Left out: the US average for 2022 ({} / {} / {} lb/MWh CO2 / CH4 / N2O, found "
                "only in one third-party copy of Hub 2024 Table 6; the GHG Protocol tool has no "
                "US row), marked unconfirmed in the reference. Use a subregion, or add a custom "
                "factor.".format(*us_2022),
                "No grid_loss.csv: eGRID2022 grid gross loss was not found in the reference.",
            ]
            if skipped != ["US"]:
                fail(f"eGRID 2022: expected only the US row to be unconfirmed, got {skipped}")
        elif skipped:
            fail(f"eGRID {year}: unexpected unconfirmed rows {skipped}")
        if year == "2019":
            notes.append("No grid_loss.csv: eGRID2019 grid gross loss is not in the reference.")
        notes.append("eGRID2024 is not shipped: its only source is an unconfirmed third-party "
                     "transcription (EPA file not read).")
        write_toml(
            folder / "factor_set.toml",
            {
                "id": "egrid", "edition": year, "title": EGRID_TITLE, "publisher": EPA,
                "publication_date": date, "url": EGRID_URL, "licence": PUBLIC_DOMAIN,
                "data_year": int(year), "heating_value_basis": "none", "country": "US",
                "profiles": ["us"], "factor_quality": "M",
            },
            notes, tables,
        )
    years_left_out = sorted({r["egrid_year"] for r in rates} - set(EGRID_EDITIONS))
    for year in years_left_out:
        unconfirmed = all(is_unconfirmed(r) for r in rates if r["egrid_year"] == year)
        if not unconfirmed:
            fail(f"eGRID {year} has confirmed rows but no edition is configured for it")
        left_out.append(year)
    return counts, left_out


# --------------------------------------------------------------------------------------------
# GWP
# --------------------------------------------------------------------------------------------

GWP_EDITIONS = {
    "AR4": {
        "column": "ar4_gwp100",
        "title": "IPCC Fourth Assessment Report (AR4), WG I, Chapter 2, Table 2.14 (100-year GWP)",
        "publication_date": "2007",
        "url": "https://www.ipcc.ch/report/ar4/wg1/",
        "table": "AR4 WG I Table 2.14, 100-year GWP (as tabulated in EPA Hub 2021 Table 11)",
        "ref": "IPCC AR4 100-year GWP as tabulated in EPA GHG Emission Factors Hub 2021 Table 11",
        "transcribed": "EPA GHG Emission Factors Hub 2021, Table 11 (EPA states the values are "
                       "IPCC AR4, 2007; workbook ghg-emission-factors-hub-2021.xlsx read from "
                       "GitHub Metropolitan-Council/ghg-cprg). Cross-check: PyPI "
                       "globalwarmingpotentials 0.13.2 column AR4GWP100 (GHG Protocol GWP list) "
                       "matches every gas it lists.",
    },
    "AR5": {
        "column": "ar5_gwp100",
        "title": "IPCC Fifth Assessment Report (AR5), WG I, Chapter 8, Table 8.A.1 (100-year GWP)",
        "publication_date": "2013",
        "url": "https://www.ipcc.ch/report/ar5/wg1/",
        "table": "AR5 WG I Table 8.A.1, 100-year GWP (as tabulated in EPA Hub 2025 Table 11)",
        "ref": "IPCC AR5 WG I Table 8.A.1 as tabulated in EPA GHG Emission Factors Hub 2025 Table 11",
        "transcribed": "EPA GHG Emission Factors Hub 2025, Table 11 (from IPCC AR5 WG1 Ch.8 Table "
                       "8.A.1; workbook ghg-emission-factors-hub-2025.xlsx read from GitHub "
                       "SWASTIKA3011/Carbon-Lens). Cross-checks: UK DESNZ GHG Conversion Factors "
                       "2024 (flat file v1.1) and PyPI globalwarmingpotentials 0.13.2 agree for "
                       "every gas. The AR5 values with climate-carbon feedback are not shipped.",
    },
    "AR6": {
        "column": "ar6_gwp100",
        "title": "IPCC Sixth Assessment Report (AR6), WG I, Chapter 7, Supplementary Table 7.SM.7 "
                 "(100-year GWP)",
        "publication_date": "2021",
        "url": "https://www.ipcc.ch/report/ar6/wg1/",
        "table": "AR6 WG I Table 7.SM.7, GWP-100 (Table 7.15 for fossil/non-fossil methane)",
        "ref": "IPCC AR6 WG I Table 7.SM.7 (GWP-100)",
        "transcribed": "the machine-readable Table 7.SM.7 kept by the chapter's metrics author, "
                       "GitHub chrisroadmap/ar6, data_output/7sm/metrics_supplement_cleaned.csv "
                       "(CFC-11/-12 error corrected). PyPI globalwarmingpotentials 0.13.2 agrees "
                       "but is derived from the same file; a third-party transcription of an EPA "
                       "Hub 2026 Table 11 agrees for every gas except SF6.",
    },
}
GWP_NAMES = {
    "Carbon dioxide": "CO2",
    "Methane": "CH4",
    "Methane, fossil origin": "CH4_fossil",
    "Methane, non-fossil origin": "CH4_nonfossil",
    "Nitrous oxide": "N2O",
    "Sulfur hexafluoride": "SF6",
    "Nitrogen trifluoride": "NF3",
}
GWP_LICENCE = ("The values are facts reported in the IPCC assessment report named in the title, "
               "cited here; no IPCC text or table layout is reproduced.")


def gwp_name(reference_name: str) -> str:
    if reference_name in GWP_NAMES:
        return GWP_NAMES[reference_name]
    name = reference_name.split("(")[0].strip()
    if not re.fullmatch(r"(HFC|PFC)-[0-9A-Za-z-]+", name):
        fail(f"GWP gas {reference_name!r} has no canonical name")
    return name


def write_gwp(ref: Reference, out: Path) -> dict:
    rows = ref.rows("gwp.csv")
    counts = {}
    for edition, spec in GWP_EDITIONS.items():
        folder = out / "emission_factors" / "gwp" / edition
        shipped, skipped = [], []
        for row in rows:
            gas = gwp_name(row["gas"])
            value = row[spec["column"]]
            if not value:
                skipped.append(gas)
                continue
            if is_unconfirmed(row) and gas != "SF6":
                fail(f"GWP {gas}: row marked unconfirmed; decide before shipping")
            notes = ""
            source_ref = f"{spec['ref']}, {row['gas']}"
            formula = row["formula"]
            if edition == "AR4" and "AR4: single source" in row["notes"]:
                notes = ("single source: EPA Hub 2021 Table 11 only (the globalwarmingpotentials "
                         "cross-check has no AR4 value for this gas)")
            if edition == "AR6":
                if gas == "CH4":
                    notes = ("7.SM.7 value, without CO2 from the oxidation of fossil methane; "
                             "see CH4_fossil and CH4_nonfossil")
                elif gas in ("CH4_fossil", "CH4_nonfossil"):
                    source_ref = f"IPCC AR6 WG I Table 7.15, {row['gas']}"
                    notes = (
                        "secondary: Table 7.15 itself was not read; value quoted from it in GitHub "
                        "issue FLCAC-admin/LCIAformatter#106 and in a third-party transcription of "
                        "EPA Hub 2026 Table 11; uncertainty +/-11. "
                        + ("Includes CO2 from oxidation of fossil methane; for fugitive fossil "
                           "methane, not for combustion CH4 when that CO2 is counted separately. "
                           if gas == "CH4_fossil" else "")
                        + "The generic CH4 row is the default; formula left blank so that the "
                          "alias CH4 keeps naming the generic row."
                    )
                    formula = ""
                elif gas == "SF6":
                    notes = ("conflict: the 7.SM.7 machine-readable file (the primary IPCC file "
                             "read) gives 25200, shipped here; a third-party transcription of EPA "
                             "Hub 2026 Table 11 and other third-party code use 24300. Check the "
                             "final IPCC table or the GHG Protocol GWP list (August 2024).")
                    if value != "25200":
                        fail(f"AR6 SF6 is {value}, the note above assumes 25200")
            shipped.append({
                "gas": gas, "formula": formula, "value": check_number(value, gas),
                "source_ref": source_ref, "notes": notes,
            })
        names = [r["gas"] for r in shipped]
        if len(set(names)) != len(names):
            fail(f"GWP {edition}: duplicate gas")
        shipped.sort(key=lambda r: natural_key(r["gas"]))
        write_csv(folder / "gwp.csv", GWP_COLUMNS, shipped)
        notes = [
            f"Values read from {spec['transcribed']}",
            "100-year global warming potentials, dimensionless (kg CO2e per kg of gas). Gas "
            "names: the HFC/PFC code before the parenthesis of the source name; formula is an "
            "alias.",
        ]
        if skipped:
            notes.append("No value for this edition in the reference, so not shipped: "
                         + ", ".join(skipped) + ".")
        if edition != "AR6":
            notes.append("No fossil/non-fossil methane split outside AR6: the generic CH4 row "
                         "applies.")
        if edition == "AR4":
            notes.append("PFC-91-18 is printed as '>7,500' in Hub 2021 and is left out.")
        if edition == "AR6":
            v = {r["gas"]: r["value"] for r in shipped}
            notes.append(f"Methane: CH4 = {v['CH4']} (Table 7.SM.7, without CO2 from fossil-methane "
                         f"oxidation) is the default. CH4_fossil = {v['CH4_fossil']} and "
                         f"CH4_nonfossil = {v['CH4_nonfossil']} are from AR6 Table 7.15 via "
                         "secondary quotes (Table 7.15 itself was not read); they are only used "
                         "when asked for by name.")
            notes.append(f"SF6: {v['SF6']} from the 7.SM.7 file (the primary machine-readable IPCC "
                         "file) is shipped; 24300 appears in a third-party transcription of EPA "
                         "Hub 2026 Table 11 and in other third-party code. Unresolved; see the "
                         "row's note.")
        write_toml(
            folder / "factor_set.toml",
            {
                "id": "gwp", "edition": edition, "title": spec["title"],
                "publisher": "Intergovernmental Panel on Climate Change (IPCC)",
                "publication_date": spec["publication_date"], "url": spec["url"],
                "licence": GWP_LICENCE, "data_year": 0, "heating_value_basis": "none",
            },
            notes,
            [{"file": "gwp.csv", "kind": "gwp", "table": spec["table"]}],
        )
        counts[f"gwp/{edition}"] = {"gwp.csv": len(shipped)}
    return counts


# --------------------------------------------------------------------------------------------
# IPCC 2006 Guidelines, Volume 2 Energy: stationary-combustion defaults
# --------------------------------------------------------------------------------------------

IPCC_ID, IPCC_EDITION = "ipcc-2006", "defaults"
IPCC_TITLE = ("2006 IPCC Guidelines for National Greenhouse Gas Inventories, Volume 2 Energy, "
              "Chapters 1\u20132 (default emission factors)")
IPCC_PUBLISHER = "Intergovernmental Panel on Climate Change (IPCC)"
IPCC_URL = "https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol2.html"
EFDB_READ = ("the IPCC Emission Factor Database (EFDB) export of the 2006 IPCC Guidelines "
             "defaults, file EFDB_output.xlsx (accessed 2023-09-05 by the repository authors), "
             "read from GitHub Open-Earth-Foundation/CityCatalyst, path "
             "app/seed-data/emissions_factors/data_raw/EFDB_2006_IPCC_guidelines/EFDB_output.xlsx, "
             "sha256 feee4314cf6725854dcd2e07ac5e941c0e2edd9eb42d45349bee00a85d599f47")
IPCC_LICENCE = ("The values are facts published in the 2006 IPCC Guidelines for National Greenhouse "
                "Gas Inventories (Volume 2 Energy, Tables 1.2, 1.4 and 2.2-2.5), cited here; they "
                "were transcribed via the IPCC Emission Factor Database (EFDB) export of the 2006 "
                "IPCC Guidelines defaults (EFDB_output.xlsx). No IPCC text or table layout is "
                "reproduced.")

# IPCC fuel name (as in the reference / EFDB) -> activity keys. A fuel that is the same fuel as
# an EPA activity uses the EPA key; the others get keys of their own (IPCC_NEW_ACTIVITIES).
# Any reference fuel missing here and from IPCC_SKIPPED is an error.
IPCC_FUELS: dict[str, tuple[str, ...]] = {
    "Crude Oil": ("crude_oil",),
    "Orimulsion": ("orimulsion",),
    "Natural Gas Liquids (NGLs)": ("natural_gas_liquids",),
    "Motor Gasoline": ("gasoline",),
    "Aviation Gasoline": ("aviation_gasoline",),
    "Jet Gasoline": ("jet_gasoline",),
    "Jet Kerosene": ("jet_fuel",),
    "Other Kerosene": ("kerosene",),
    "Shale Oil": ("shale_oil",),
    "Gas/Diesel Oil": ("diesel", "fuel_oil_2"),
    "Residual Fuel Oil": ("fuel_oil_5", "fuel_oil_6"),
    "Liquefied Petroleum Gases": ("lpg",),
    "Ethane": ("ethane",),
    "Naphtha": ("naphtha",),
    "Bitumen": ("asphalt_and_road_oil",),
    "Lubricants": ("lubricants",),
    "Petroleum Coke": ("petroleum_coke",),
    "Refinery Feedstocks": ("refinery_feedstocks",),
    "Refinery Gas": ("refinery_gas",),
    "Waxes": ("waxes",),
    "White Spirit & SBP": ("white_spirit_sbp",),
    "Other Petroleum Products": ("other_petroleum_products",),
    "Anthracite": ("coal_anthracite",),
    "Coking Coal": ("coking_coal",),
    "Other Bituminous Coal": ("coal_bituminous",),
    "Sub-Bituminous Coal": ("coal_subbituminous",),
    "Lignite": ("coal_lignite",),
    "Oil Shale and Tar Sands": ("oil_shale",),
    "Brown Coal Briquettes": ("brown_coal_briquettes",),
    "Patent Fuel": ("patent_fuel",),
    "Coke Oven Coke and Lignite Coke": ("coal_coke",),
    "Gas Coke": ("gas_coke",),
    "Coal Tar": ("coal_tar",),
    "Gas Works Gas": ("gas_works_gas",),
    "Coke Oven Gas": ("coke_oven_gas",),
    "Blast Furnace Gas": ("blast_furnace_gas",),
    "Oxygen Steel Furnace Gas": ("oxygen_steel_furnace_gas",),
    "Natural Gas": ("natural_gas",),
    "Peat": ("peat",),
    "Wood/Wood Waste": ("wood",),
    "Sulphite Lyes (Black Liquor)": ("sulphite_lyes",),
    "Other Primary Solid Biomass": ("other_primary_solid_biomass",),
    "Charcoal": ("charcoal",),
    "Biogasoline": ("ethanol",),
    "Biodiesels": ("biodiesel",),
    "Other Liquid Biofuels": ("other_liquid_biofuels",),
    "Landfill Gas": ("landfill_gas",),
    "Sludge Gas": ("sludge_gas",),
    "Other Biogas": ("biogas",),
}
# Waste fuels: their combustion belongs to the waste methods (GPC III.3), as for EPA's MSW.
IPCC_SKIPPED = {
    "Municipal Wastes (non-biomass fraction)",
    "Municipal Wastes (biomass fraction)",
    "Industrial Wastes",
    "Waste Oils",
}
# Keys only the IPCC set uses: key -> label. All are fuels for stationary combustion, given as
# energy or mass (IPCC gives NCV per mass; no densities).
IPCC_NEW_ACTIVITIES: dict[str, str] = {
    "biogas": "Biogas (other than landfill and sludge gas)",
    "brown_coal_briquettes": "Brown coal briquettes (BKB)",
    "charcoal": "Charcoal",
    "coal_tar": "Coal tar",
    "coking_coal": "Coking coal",
    "gas_coke": "Gas coke",
    "gas_works_gas": "Gas works gas",
    "jet_gasoline": "Jet gasoline",
    "natural_gas_liquids": "Natural gas liquids (NGLs)",
    "oil_shale": "Oil shale and tar sands",
    "orimulsion": "Orimulsion",
    "other_liquid_biofuels": "Other liquid biofuels",
    "other_petroleum_products": "Other petroleum products",
    "other_primary_solid_biomass": "Other primary solid biomass",
    "oxygen_steel_furnace_gas": "Oxygen steel furnace gas",
    "patent_fuel": "Patent fuel",
    "refinery_feedstocks": "Refinery feedstocks",
    "refinery_gas": "Refinery gas",
    "shale_oil": "Shale oil",
    "sludge_gas": "Sludge gas (sewage sludge digester gas)",
    "sulphite_lyes": "Sulphite lyes (black liquor)",
    "waxes": "Waxes",
    "white_spirit_sbp": "White spirit and SBP (industrial spirit)",
}
IPCC_NEW_UNIT = "t"
# Mappings onto EPA keys that are a judgement rather than a name match (row note + toml notes).
IPCC_MAPPING_NOTES = {
    "diesel": "IPCC Gas/Diesel Oil (the EFDB lists Gas Oil and Diesel Oil separately with "
              "identical values)",
    "fuel_oil_2": "IPCC Gas/Diesel Oil (the EFDB lists Gas Oil and Diesel Oil separately with "
                  "identical values)",
    "fuel_oil_5": "IPCC Residual Fuel Oil covers all residual (heavy) fuel oils, so it serves "
                  "No. 5 as well as No. 6",
    "fuel_oil_6": "IPCC Residual Fuel Oil covers all residual (heavy) fuel oils",
    "asphalt_and_road_oil": "IPCC Bitumen (asphalt) is the fuel EPA calls Asphalt and Road Oil",
    "ethanol": "IPCC Biogasoline (bioethanol and other gasoline-type biofuels)",
}
# (applies_to, reference column suffix, IPCC table, what the table covers)
IPCC_SECTORS = [
    ("I", "commercial_institutional", "Table 2.4",
     "commercial/institutional; fallback for stationary lines without an IPCC table of their "
     "own (I.6 non-specified)"),
    ("I.1", "residential_agri_forestry_fishing", "Table 2.5", "residential"),
    ("I.2", "commercial_institutional", "Table 2.4", "commercial/institutional"),
    ("I.3", "manufacturing_construction", "Table 2.3",
     "manufacturing industries and construction"),
    ("I.4", "energy_industries", "Table 2.2", "energy industries"),
    ("I.5", "residential_agri_forestry_fishing", "Table 2.5",
     "agriculture/forestry/fishing"),
]
IPCC_SINGLE_SOURCE = "single source: EFDB export only (no second source for Tables 2.2, 2.3, 2.5)"


def ipcc_rows(rows: list[dict[str, str]]):
    """Factor rows and NCV rows of the IPCC set, and the set of activities it uses."""
    factors: list[dict] = []
    heat: list[dict] = []
    seen = set()
    for row in rows:
        fuel = row["fuel"]
        seen.add(fuel)
        if fuel in IPCC_SKIPPED:
            continue
        if is_unconfirmed(row):
            fail(f"IPCC {fuel}: row marked unconfirmed; decide before shipping")
        if fuel not in IPCC_FUELS:
            fail(f"IPCC fuel {fuel!r} has no activity key")
        if row["biogenic"] not in ("yes", "no"):
            fail(f"IPCC {fuel}: biogenic {row['biogenic']!r}")
        if fuel == "Peat" and row["biogenic"] != "no":
            fail("IPCC Peat must be fossil")
        if not row["ncv_tj_per_gg"]:
            fail(f"IPCC {fuel}: no NCV (Table 1.2)")
        for gas in ("ch4", "n2o"):  # the fallback claim in ipcc_notes()
            by_table = {c: float(check_number(row[f"{gas}_kg_per_tj_{c}"], f"IPCC {fuel} {gas}"))
                        for _a, c, _t, _w in IPCC_SECTORS}
            fallback = by_table.pop("commercial_institutional")
            if not min(by_table.values()) <= fallback <= max(by_table.values()):
                fail(f"IPCC {fuel} {gas}: Table 2.4 outside the other tables' range")
        biogenic = row["biogenic"] == "yes"
        for act in IPCC_FUELS[fuel]:
            mapping = IPCC_MAPPING_NOTES.get(act, "")
            stem = slug(act)
            co2_gas = "CO2_biogenic" if biogenic else "CO2"
            co2_note = join_notes(
                mapping,
                "biogenic CO2 (IPCC biomass fuel); reported apart, not in CO2e totals" if biogenic
                else "",
                "IPCC treats peat as a fossil fuel" if fuel == "Peat" else "",
                "oxidation factor 1 assumed (Table 1.4)",
            )
            factors.append(factor_row(
                f"{stem}-{gas_slug(co2_gas)}", act, "I", co2_gas, row["co2_kg_per_tj"], "kg/TJ",
                f"Table 1.4 (same value in Tables 2.2-2.5), {fuel}", co2_note,
            ))
            for gas in ("CH4", "N2O"):
                for applies_to, column, table, covers in IPCC_SECTORS:
                    value = row[f"{gas.lower()}_kg_per_tj_{column}"]
                    if not value:
                        fail(f"IPCC {fuel}: {gas} {table} empty")
                    line = applies_to.lower().replace(".", "")
                    notes = [mapping]
                    if applies_to == "I":
                        notes.append("Table 2.4 (commercial/institutional) value, used as the "
                                     "fallback for stationary lines without an IPCC table of "
                                     "their own (I.6 non-specified)")
                    if table != "Table 2.4":
                        notes.append(IPCC_SINGLE_SOURCE)
                    factors.append(factor_row(
                        f"{stem}-{gas_slug(gas)}-{line}", act, applies_to, gas, value, "kg/TJ",
                        f"{table} ({covers.split(';')[0]}), {fuel}", join_notes(*notes),
                    ))
            ncv_note = ""
            match = re.search(r"bonsai-ipcc 0\.5\.3 generic NCV for '[^']+' is ([\d.]+)", row["notes"])
            if match:
                ncv_note = (f"bonsai-ipcc 0.5.3 gives {match.group(1)}; the EFDB and the GHG "
                            "Protocol cross-sector tool agree on this value")
            heat.append({
                "activity": act, "value": check_number(row["ncv_tj_per_gg"], f"NCV {fuel}"),
                "unit": "TJ/Gg", "source_ref": f"Table 1.2, {fuel}",
                "notes": join_notes(mapping, ncv_note),
            })
    missing = (set(IPCC_FUELS) | IPCC_SKIPPED) - seen
    if missing:
        fail(f"IPCC reference lacks fuels {sorted(missing)}")
    used = {r["activity"] for r in factors}
    unknown_new = used - set(IPCC_NEW_ACTIVITIES) - EPA_KEYS_FOR_IPCC
    if unknown_new:
        fail(f"IPCC activities neither new nor EPA keys: {sorted(unknown_new)}")
    return factors, sorted(heat, key=lambda r: r["activity"])


EPA_KEYS_FOR_IPCC = {key for key, _label in TABLE1_FUELS.values()} | {"diesel"}


def ipcc_notes(factors: list[dict], heat: list[dict]) -> list[str]:
    shared = sorted({r["activity"] for r in factors} - set(IPCC_NEW_ACTIVITIES))
    mapped = []
    for fuel, keys in IPCC_FUELS.items():
        if set(keys) & set(shared):
            mapped.append(f"{fuel} -> {', '.join(keys)}")
    return [
        f"Transcribed from {EFDB_READ}: the EFDB rows whose source of data is the 2006 IPCC "
        "Guidelines Vol 2 Energy Table 1.2 (NCV), 'Tables 1.4 and 2.2-2.5' (CO2), 2.2, 2.3, 2.4 "
        "and 2.5 (CH4, N2O). Cross-check: the GHG Protocol / GHGMI Emission Factors for "
        "Cross-Sector Tools V2.0 (March 2024), sheet 'Stationary Combustion' Tables 1-3, gives "
        "the same NCV, CO2 and Table 2.4 CH4/N2O for every fuel; the Table 2.2, 2.3 and 2.5 "
        "CH4/N2O values have no second source (noted per row).",
        "All values are kg of each gas (not CO2e) per TJ on a net calorific value (NCV, lower "
        "heating value) basis; energy quantities used with this set are taken as NCV. EPA sets "
        "are HHV: do not mix the two without a conversion.",
        "CO2 (Table 1.4, oxidation factor 1; the same value in all sector tables) has "
        "applies_to I. Biomass fuels carry their CO2 as CO2_biogenic (reported apart, not in "
        "CO2e totals); their CH4 and N2O count. Peat is fossil in IPCC 2006 and ships as CO2.",
        "CH4 and N2O by GPC line: I.4 energy industries <- Table 2.2; I.3 manufacturing "
        "industries and construction <- Table 2.3; I.2 commercial/institutional <- Table 2.4; "
        "I.1 residential and I.5 agriculture/forestry/fishing <- Table 2.5 (which covers both).",
        "applies_to I (the fallback, in practice I.6 non-specified sources, which has no IPCC "
        "table of its own) <- Table 2.4. Table 2.4 was chosen because it is the generic "
        "stationary CH4/N2O set of the GHG Protocol cross-sector tool (so the only sector "
        "table with a second source), and for every fuel and gas its value lies within the "
        "range of Tables 2.2, 2.3 and 2.5 (a middle choice between large plants and small "
        "residential stoves); it equals Table 2.5 except for the CH4 of coals and peat.",
        "heat_content.csv: Table 1.2 default NCVs in TJ/Gg (= GJ/t), per mass only. IPCC gives "
        "no densities, so with this set a quantity given as a volume (gal, scf, m3) cannot be "
        "converted: give energy, or mass for fuels measured by mass. Keys shared with the EPA "
        "set keep their EPA dimensions (natural gas and liquid fuels: energy or volume, so "
        "energy with this set); keys only this set uses take energy or mass (default t). The "
        "Table 1.2 lower/upper NCV ranges and the Table 2.x uncertainty ranges are not in the "
        "EFDB export and are not shipped; Table 1.3 carbon contents are not shipped (the CO2 "
        "factors derived from them are).",
        "Activity keys for the same fuel as an EPA activity: " + "; ".join(mapped) + ". "
        "Residual Fuel Oil also serves fuel_oil_5 because IPCC's definition covers all "
        "residual fuel oils; Bitumen is asphalt (EPA Asphalt and Road Oil); Biogasoline serves "
        "ethanol. Not mapped: fuel_oil_1, fuel_oil_4 (no clear IPCC counterpart), propane and "
        "butane (IPCC gives LPG only), EPA used_oil (IPCC Waste Oils is a waste fuel, see "
        "below), EPA fuel_gas and other_biomass_gases (refinery_gas and biogas are separate "
        "keys).",
        "Keys only this set uses: " + ", ".join(sorted(IPCC_NEW_ACTIVITIES)) + ".",
        "Left out: the waste fuels (" + ", ".join(sorted(IPCC_SKIPPED)) + "). Waste "
        "combustion belongs to the waste methods (GPC III.3), as for EPA's Municipal Solid "
        "Waste; Industrial Wastes also has no default NCV.",
        "factor_quality L: IPCC default factors are generic defaults (GPC data-quality "
        "guidance). data_year 2006 is the publication year; the defaults are not "
        "year-specific, so this single edition serves every inventory year.",
        f"Rows: {len(factors)} factors ({len({r['activity'] for r in factors})} activities x "
        f"(1 CO2 + 6 CH4 + 6 N2O)), {len(heat)} NCVs.",
    ]


def write_ipcc(ref: Reference, out: Path) -> dict:
    folder = out / "emission_factors" / IPCC_ID / IPCC_EDITION
    factors, heat = ipcc_rows(ref.rows("ipcc2006_stationary_defaults.csv"))
    factors = finish_factors(factors, IPCC_ID)
    write_csv(folder / "stationary_combustion.csv", FACTOR_COLUMNS, factors)
    write_csv(folder / "heat_content.csv", HEAT_COLUMNS, heat)
    write_toml(
        folder / "factor_set.toml",
        {
            "id": IPCC_ID, "edition": IPCC_EDITION, "title": IPCC_TITLE,
            "publisher": IPCC_PUBLISHER, "publication_date": "2006", "url": IPCC_URL,
            "licence": IPCC_LICENCE, "data_year": 2006, "heating_value_basis": "NCV",
            "profiles": ["international"], "factor_quality": "L",
        },
        ipcc_notes(factors, heat),
        [
            {"file": "stationary_combustion.csv", "kind": "factors",
             "table": "Table 1.4 Default CO2 emission factors for combustion; Tables 2.2-2.5 "
                      "Default emission factors for stationary combustion in the energy "
                      "industries, manufacturing industries and construction, "
                      "commercial/institutional, and residential and "
                      "agriculture/forestry/fishing categories"},
            {"file": "heat_content.csv", "kind": "heat_content",
             "table": "Table 1.2 Default net calorific values (NCVs)"},
        ],
    )
    return {f"{IPCC_ID}/{IPCC_EDITION}": {"stationary_combustion.csv": len(factors),
                                          "heat_content.csv": len(heat)}}


def ipcc_activities(out: Path, epa_catalogue: list[dict[str, str]]) -> list[dict[str, str]]:
    """Catalogue rows for the keys only the IPCC set uses (EPA keys keep their EPA rows)."""
    folder = out / "emission_factors" / IPCC_ID / IPCC_EDITION
    factors = read_rows(folder / "stationary_combustion.csv")
    heat = read_rows(folder / "heat_content.csv")
    known = {r["activity"]: r for r in epa_catalogue}
    used = sorted({r["activity"] for r in factors})
    rows = []
    for act in used:
        if act in known:
            if act in IPCC_NEW_ACTIVITIES:
                fail(f"{act} is listed as IPCC-only but EPA uses it too")
            if STATIONARY not in known[act]["lines"].split() or "energy" not in known[act]["dimensions"]:
                fail(f"{act}: the EPA catalogue row does not take stationary energy")
            continue
        if act not in IPCC_NEW_ACTIVITIES:
            fail(f"IPCC activity {act} has no label")
        gases = {r["gas"] for r in factors if r["activity"] == act}
        biogenic = "yes" if "CO2_biogenic" in gases else "no"
        fuels = [f for f, keys in IPCC_FUELS.items() if act in keys]
        notes = [f"IPCC 2006 '{fuels[0]}'; NCV per mass only (no densities): give energy or mass"]
        if act in ("sludge_gas", "biogas"):
            notes.append("biogas burned as a fuel; methane released from wastewater treatment "
                         "or digesters belongs to the waste lines")
        if biogenic == "yes":
            notes.append("CO2 is biogenic: reported apart, not in CO2e totals")
        rows.append({
            "activity": act, "label": IPCC_NEW_ACTIVITIES[act], "category": "fuel",
            "dimensions": "energy;mass", "default_unit": IPCC_NEW_UNIT, "lines": STATIONARY,
            "biogenic_co2": biogenic, "notes": "; ".join(notes),
        })
    heat_only = {r["activity"] for r in heat} - set(used)
    if heat_only:
        fail(f"IPCC heat content for activities without factors: {sorted(heat_only)}")
    unused = set(IPCC_NEW_ACTIVITIES) - set(used)
    if unused:
        fail(f"IPCC_NEW_ACTIVITIES not used: {sorted(unused)}")
    return rows


# --------------------------------------------------------------------------------------------
# Waste activity keys (GPC III). No factor table serves them: the waste methods compute them
# (ghgcalc.methods.waste_engine) from the parameter tables in emission_factors/ipcc-2006-waste/.
# They are listed here, not read from the reference, so the catalogue stays generated.
# --------------------------------------------------------------------------------------------

WASTE_LINES = {
    "III.1": "III.1.1 III.1.2 III.1.3",
    "III.2": "III.2.1 III.2.2 III.2.3",
    "III.3": "III.3.1 III.3.2 III.3.3",
    "III.4": "III.4.1 III.4.2 III.4.3",
}
# key -> (label, dimensions, default unit, GPC sub-sector, notes)
WASTE_ACTIVITIES: dict[str, tuple[str, str, str, str, str]] = {
    "msw_landfilled": (
        "Solid waste disposed of in landfills or open dumps", "mass", "t", "III.1",
        "method methane_commitment (default, GPC Eq. 8.1-8.4) or first_order_decay (IPCC 2006 "
        "Vol. 5 Eq. 3.1-3.6, needs a waste_history sheet)"),
    "msw_composted": (
        "Organic waste composted", "mass", "t", "III.2",
        "method composting (IPCC 2006 Vol. 5 Table 4.1); wet weight unless basis = dry"),
    "msw_digested": (
        "Organic waste treated by anaerobic digestion", "mass", "t", "III.2",
        "method anaerobic_digestion (IPCC 2006 Vol. 5 Table 4.1); wet weight unless basis = dry; "
        "biogas burned for energy belongs to stationary energy"),
    "msw_incinerated": (
        "Solid waste incinerated", "mass", "t", "III.3",
        "method incineration (IPCC 2006 Vol. 5 Eq. 5.1-5.5): fossil CO2 in CO2e, biogenic CO2 "
        "reported apart; incineration with energy recovery belongs to stationary energy"),
    "msw_open_burned": (
        "Solid waste burned in the open", "mass", "t", "III.3",
        "method open_burning (IPCC 2006 Vol. 5 Eq. 5.1-5.5): fossil CO2 in CO2e, biogenic CO2 "
        "reported apart"),
    "wastewater_domestic": (
        "Domestic wastewater (population served)", "population", "person", "III.4",
        "method wastewater_domestic (IPCC 2006 Vol. 5 Eq. 6.1-6.3 CH4, Eq. 6.7-6.8 effluent N2O); "
        "quantity is the number of people"),
    "wastewater_industrial": (
        "Industrial wastewater (by industrial output)", "mass", "t", "III.4",
        "method wastewater_industrial (IPCC 2006 Vol. 5 Eq. 6.4-6.6); quantity is the industry's "
        "production"),
}


def waste_activities(known: list[dict[str, str]]) -> list[dict[str, str]]:
    """Catalogue rows for the waste keys, in key order."""
    taken = {r["activity"] for r in known}
    rows = []
    for act, (label, dims, unit, subsector, notes) in sorted(WASTE_ACTIVITIES.items()):
        if act in taken:
            fail(f"waste activity {act} is also a factor-table activity")
        rows.append({
            "activity": act, "label": label, "category": "waste", "dimensions": dims,
            "default_unit": unit, "lines": WASTE_LINES[subsector], "biogenic_co2": "no",
            "notes": notes,
        })
    return rows


# --------------------------------------------------------------------------------------------
# Activity catalogue
# --------------------------------------------------------------------------------------------

def build_activities(out: Path) -> list[dict[str, str]]:
    """Catalogue every activity used by a shipped table, from the tables just written."""
    factor_units: dict[str, set[str]] = {}
    applies: dict[str, set[str]] = {}
    gases: dict[str, set[str]] = {}
    heat: dict[str, str] = {}
    paths = [p for set_id in ("epa-ghg-hub", "egrid")
             for p in (out / "emission_factors" / set_id).glob("*/*.csv")]
    for path in sorted(paths):
        rows = read_rows(path)
        if not rows or "activity" not in rows[0]:
            continue
        for row in rows:
            act = row["activity"]
            if "factor_id" in row:
                factor_units.setdefault(act, set()).add(row["unit"].split("/", 1)[1])
                applies.setdefault(act, set()).add(row["applies_to"])
                gases.setdefault(act, set()).add(row["gas"])
            else:
                heat[act] = row["unit"].split("/", 1)[1]
    labels = {key: label for key, label in TABLE1_FUELS.values()}
    labels.update(TABLE2_ONLY_LABELS)

    catalogue = []
    for act in sorted(factor_units):
        denominators = factor_units[act]
        notes: list[str] = []
        if act.startswith("vmt_"):
            _, fuel, kind = act.split("_", 2)
            category, dims, unit, lines = "vehicle_distance", ["distance"], "mi", [ON_ROAD]
            kind_label = VEHICLE_TYPE_LABELS[kind]
            if act == "vmt_diesel_heavy_duty":
                kind_label = "medium- or heavy-duty vehicle"
            label = f"Vehicle-miles, {VEHICLE_FUEL_LABELS[fuel]} {kind_label}"
            notes.append("CH4 and N2O only (EPA Tables 3-4); report the CO2 from the fuel used "
                         "on a fuel row")
            if fuel == "methanol":
                notes.append("no methanol fuel factor ships (EPA Table 2 has no methanol)")
            if act.startswith(("vmt_gasoline_", "vmt_diesel_")):
                notes.append("needs model_year")
            if kind == "light_truck":
                notes.append("light-duty trucks include vans, pickup trucks and SUVs")
            if act == "vmt_diesel_bus":
                notes.append("EPA groups diesel buses with medium- and heavy-duty vehicles: same "
                             "factors as vmt_diesel_heavy_duty")
            if act == "vmt_diesel_heavy_duty":
                notes.append("EPA 'Medium- and Heavy-Duty Vehicles'")
            if kind == "car" and fuel not in ("gasoline", "diesel"):
                notes.append("EPA 'Light-Duty Cars'")
            biogenic = "no"
        elif act == "electricity":
            category, dims, unit, lines = "grid_electricity", ["energy"], "kWh", [GRID]
            label = "Grid-supplied electricity"
            notes.append("eGRID subregion total output emission rates (region = subregion "
                         "acronym or US); T&D loss from eGRID grid gross loss")
            biogenic = "no"
        elif act == "steam":
            category, dims, unit, lines = "grid_heat", ["energy"], "MMBtu", [GRID]
            label = "District steam or hot water (purchased)"
            notes.append("EPA Table 7: natural gas boiler at 80 % efficiency")
            biogenic = "no"
        else:
            category = "fuel"
            label = labels[act]
            dims_set = set()
            if act in heat or "MMBtu" in denominators:
                dims_set.add("energy")
            physical = heat.get(act)
            for d in denominators:
                if d in PHYSICAL_DIMENSION:
                    dims_set.add(PHYSICAL_DIMENSION[d])
                    physical = physical or d
            if physical:
                dims_set.add(PHYSICAL_DIMENSION[physical])
            dims = [d for d in DIMENSION_ORDER if d in dims_set]
            unit = physical or "MMBtu"
            prefixes = applies[act]
            lines = []
            if any(p == "I" or p.startswith("I.") for p in prefixes):
                lines.append(STATIONARY)
            if any(p == "II" or p.startswith("II.") for p in prefixes):
                lines.append(TRANSPORT)
            biogenic = "yes" if "CO2_biogenic" in gases[act] else "no"
            if act == "diesel":
                notes.append("stationary use: EPA Distillate Fuel Oil No. 2 factors and heat "
                             "content (Table 1 has no diesel row); transport: Table 2 Diesel Fuel")
            if act == "fuel_oil_6":
                notes.append("transport: EPA Table 2 'Residual Fuel Oil'")
            if act == "cng":
                notes.append("heat content borrowed from natural gas")
            if act == "lng":
                notes.append("no heat content published: give gallons")
            if act == "peat":
                notes.append("EPA groups peat with biomass; CO2 counted as fossil (IPCC/GPC)")
            if act.startswith("kraft_liquor_"):
                notes.append("per-MMBtu factors only (no heat content published): give energy")
            if act == "landfill_gas":
                notes.append("landfill gas burned as a fuel; methane released from landfills "
                             "belongs to the waste lines")
            if act == "natural_gas":
                notes.append("stationary use; natural gas vehicles use cng or lng")
            if biogenic == "yes":
                notes.append("CO2 is biogenic: reported apart, not in CO2e totals")
        catalogue.append({
            "activity": act, "label": label, "category": category,
            "dimensions": ";".join(dims), "default_unit": unit, "lines": " ".join(lines),
            "biogenic_co2": biogenic, "notes": "; ".join(notes),
        })
    heat_only = set(heat) - set(factor_units)
    if heat_only:
        fail(f"heat content for activities without factors: {sorted(heat_only)}")
    catalogue.sort(key=lambda r: (CATEGORY_ORDER.index(r["category"]), r["activity"]))
    return catalogue


# --------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", type=Path,
                        help="reference folder (holding factors/README.md), or its factors folder")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1],
                        help="repository root to write into (default: this script's repository)")
    args = parser.parse_args(argv)
    ref = Reference.locate(args.reference)
    out: Path = args.out

    counts = {}
    counts.update(write_hub(ref, out))
    egrid_counts, egrid_left_out = write_egrid(ref, out)
    counts.update(egrid_counts)
    counts.update(write_gwp(ref, out))
    counts.update(write_ipcc(ref, out))
    activities = build_activities(out)
    activities += ipcc_activities(out, activities)
    activities += waste_activities(activities)
    activities.sort(key=lambda r: (CATEGORY_ORDER.index(r["category"]), r["activity"]))
    write_csv(out / "src" / "ghgcalc" / "data" / "activities.csv", ACTIVITY_COLUMNS, activities)

    for set_edition, tables in counts.items():
        for name, n in tables.items():
            print(f"{set_edition}/{name}: {n} rows")
    print(f"activities.csv: {len(activities)} activities")
    if egrid_left_out:
        print(f"eGRID years left out (all rows unconfirmed): {', '.join(egrid_left_out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
