"""Write the shipped example inputs: ``springfield_2023.xlsx`` and the ``csv/`` folder (Riverton).

Run from anywhere::

    python examples/make_examples.py

The output is deterministic: the same script writes the same bytes (fixed workbook
properties, fixed timestamps inside the .xlsx zip, no randomness), so the committed files
only change when the data below change.

Both cities are fictional. Their activity data were derived by reasoning from typical US
per-capita figures, not copied from any real inventory:

Springfield (170,000 people, ~71,000 households, RFC West grid, 2023)
  * residential electricity ~4.45 MWh per person (US average ~4.5)          → 756,480 MWh
  * commercial and municipal ~4.3 MWh per person, industrial ~3.2 MWh per person
  * residential gas ~221 therm per person (a heating-dominated Midwest city: ~72 % of
    households on gas at ~735 therm each)                                    → 37.62 million therm
  * on-road gasoline ~420 gal per person, in-boundary VMT ~10,000 mi per person, a fleet
    average of ~22.8 mpg for gasoline vehicles and ~6.3 mpg for heavy diesel trucks
Riverton (45,200 people, California grid, 2022)
  * residential electricity ~2.35 MWh and gas ~112 therm per person (mild climate)
  * on-road gasoline ~346 gal per person
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)

FACTOR_HEADERS = ["factor_id", "activity", "applies_to", "region", "gas", "value", "unit", "source",
                  "source_ref", "notes"]
NOTATION_HEADERS = ["gpc_ref", "key", "explanation", "included_in"]
WASTE_NE = "Not estimated in this small example; examples/springfield_2023.xlsx shows the waste methods."

# --------------------------------------------------------------------------------------------
# Springfield, 2023 (workbook)
# --------------------------------------------------------------------------------------------
SPRINGFIELD_INVENTORY = [
    ("city", "Springfield"),
    ("year", 2023),
    ("region", "RFCW"),
    ("country", "US"),
    ("population", 170000),
    ("gwp", "AR5"),
    ("level", "BASIC"),
    ("boundary", "The incorporated area of the City of Springfield (62 square miles) as of 1 January 2023."),
]

SPRINGFIELD_ACTIVITY_HEADERS = ["gpc_ref", "activity", "quantity", "unit", "model_year", "description",
                                "data_quality", "source"]
SPRINGFIELD_ACTIVITY = [
    # I.1 Residential buildings
    ("I.1.1", "natural_gas", 37_620_000, "therm", None,
     "Residential natural gas sales, all rate classes", "H",
     "Springfield Gas & Light 2023 annual sales report (residential service)"),
    ("I.1.1", "fuel_oil_2", 498_000, "gal", None,
     "Heating oil for ~1,000 homes without gas service", "L",
     "Estimate: homes heating with fuel oil (ACS 2022 5-year, table B25040) x state average gallons per "
     "household (EIA SEDS 2022)"),
    ("I.1.1", "propane", 1_265_000, "gal", None,
     "Propane heating and cooking, mainly in the annexed north-east neighbourhoods", "L",
     "Estimate: homes heating with bottled gas (ACS 2022 5-year, table B25040) x state average gallons "
     "per household (EIA SEDS 2022)"),
    ("I.1.2", "electricity", 756_480, "MWh", None,
     "Residential electricity sales", "H",
     "Springfield Electric 2023 annual sales report (residential rate classes)"),
    # I.2 Commercial and institutional
    ("I.2.1", "natural_gas", 19_840_000, "therm", None,
     "Commercial natural gas sales", "H",
     "Springfield Gas & Light 2023 annual sales report (commercial service)"),
    ("I.2.1", "natural_gas", 1_412_500, "ccf", None,
     "City buildings and Springfield City Schools, summed from monthly gas bills", "H",
     "City of Springfield Facilities Department, 2023 utility bill database"),
    ("I.2.2", "electricity", 682_915_400, "kWh", None,
     "Commercial electricity sales (small and large general service)", "H",
     "Springfield Electric 2023 annual sales report (commercial rate classes)"),
    ("I.2.2", "electricity", 41_870, "MWh", None,
     "Municipal facilities, water and wastewater pumping, street lighting", "H",
     "City of Springfield Facilities Department, 2023 utility bill database"),
    # I.3 Manufacturing industries and construction
    ("I.3.1", "natural_gas", 2_146_000, "MMBtu", None,
     "Gas delivered to large industrial transportation-service customers", "H",
     "Springfield Gas & Light 2023 transportation-service throughput report"),
    ("I.3.1", "natural_gas", 318_400, "Mcf", None,
     "Industrial natural gas sales (firm and interruptible)", "H",
     "Springfield Gas & Light 2023 annual sales report (industrial service)"),
    ("I.3.2", "electricity", 538_240, "MWh", None,
     "Industrial electricity sales", "H",
     "Springfield Electric 2023 annual sales report (industrial rate classes)"),
    # II.1 On-road transportation: fuel gives CO2, vehicle-miles give CH4 and N2O
    ("II.1.1", "gasoline", 71_350_000, "gal", None,
     "Motor gasoline sold in the city (CO2)", "M",
     "State Department of Taxation 2023 motor-fuel gallons for Harmon County, allocated to Springfield by "
     "its share of county VMT (68 %)"),
    ("II.1.1", "diesel", 11_820_000, "gal", None,
     "On-road diesel sold in the city, incl. transit buses and off-road equipment (CO2)", "M",
     "State Department of Taxation 2023 motor-fuel gallons for Harmon County, allocated to Springfield by "
     "its share of county VMT (68 %)"),
    ("II.1.1", "vmt_gasoline_car", 545_000_000, "mi", 2015,
     "Passenger cars, model years up to 2016 (2015 as representative year) (CH4, N2O)", "M",
     "Springfield Area MPO travel demand model, 2023 in-boundary VMT by vehicle class"),
    ("II.1.1", "vmt_gasoline_car", 470_000_000, "mi", 2019,
     "Passenger cars, model years 2017 and later (2019 as representative year) (CH4, N2O)", "M",
     "Springfield Area MPO travel demand model, 2023 in-boundary VMT by vehicle class"),
    ("II.1.1", "vmt_gasoline_light_truck", 612_000_000, "mi", 2018,
     "Gasoline SUVs, pickups and vans (2018 as representative model year) (CH4, N2O)", "M",
     "Springfield Area MPO travel demand model, 2023 in-boundary VMT by vehicle class"),
    ("II.1.1", "vmt_diesel_heavy_duty", 71_500_000, "mi", 2012,
     "Diesel medium- and heavy-duty trucks (2012 as representative model year) (CH4, N2O)", "M",
     "Springfield Area MPO travel demand model, 2023 in-boundary VMT by vehicle class"),
    ("II.1.1", "vmt_diesel_bus", 3_240_000, "mi", 2016,
     "Springfield Transit Authority diesel buses, revenue and deadhead miles (CH4, N2O)", "H",
     "Springfield Transit Authority, 2023 National Transit Database report"),
    ("II.1.2", "electricity", 9_860, "MWh", None,
     "Separately metered EV charging: public chargers and the residential EV time-of-use rate", "H",
     "Springfield Electric 2023 annual sales report (EV rate classes)"),
    # II.2 Railways, II.4 Aviation
    ("II.2.1", "diesel", 412_000, "gal", None,
     "Freight locomotives on the 14 track-miles inside the city", "L",
     "Estimate: railroad system fuel per gross ton-mile (2023 R-1 annual report) x in-city gross "
     "ton-miles (state rail plan)"),
    ("II.4.1", "jet_fuel", 236_000, "gal", None,
     "In-boundary share (landing and take-off cycles) of jet fuel sold at Springfield Municipal Airport", "M",
     "Springfield Municipal Airport 2023 fuel-flowage records; LTO share from FAA EDMS defaults"),
]

# Waste (GPC III), computed by the IPCC/GPC waste methods; these rows need method columns.
SPRINGFIELD_WASTE_HEADERS = ["method", "composition", "landfill_type", "pathway", "protein"]
SPRINGFIELD_WASTE = [
    ("III.1.2", "msw_landfilled", 152_000, "t", None,
     "Residential and commercial solid waste hauled to the county landfill outside the city", "H",
     "Springfield Public Works 2023 scale-house tonnage report; composition from the 2021 waste "
     "characterization study", "methane_commitment",
     "food:24; garden:12; paper:22; wood:6; textiles:6; plastics:17; metal:5; glass:4; other_inert:4",
     "managed_anaerobic", None, None),
    ("III.2.1", "msw_composted", 18_500, "t", None,
     "Yard and food waste composted at the city's windrow facility (wet weight)", "H",
     "Springfield Compost Facility 2023 intake records", "composting", None, None, None, None),
    ("III.4.1", "wastewater_domestic", 170_000, "person", None,
     "Population served by the city's activated-sludge treatment plant", "M",
     "Springfield Water Reclamation 2023 annual report; protein supply: national food balance sheet",
     "wastewater_domestic", None, None, "aerobic_well_managed", 41.0),
]

SPRINGFIELD_NOTATION = [
    ("I.4.1", "NO", "No power plants, refineries or other energy-industry facilities inside the city.", None),
    ("I.4.2", "NO", "No energy-industry facilities inside the city.", None),
    ("I.4.4", "NO", "No electricity or heat generation for the grid inside the city.", None),
    ("I.5.1", "NE", "Fuel used on the few farms inside the boundary is not reported separately; "
                    "expected to be under 0.1 % of the total.", None),
    ("I.5.2", "IE", "Farm electricity is billed on commercial rates.", "I.2.2"),
    ("I.6.1", "NE", "No data on fuel combustion outside the building sectors.", None),
    ("I.6.2", "NO", "All metered electricity sales are assigned to the residential, commercial or "
                    "industrial rate classes.", None),
    ("I.7.1", "NO", "No coal mines or coal handling inside the city.", None),
    ("I.8.1", "NE", "Leaks from the gas distribution network not estimated; Springfield Gas & Light "
                    "will report main-miles by material for the 2024 inventory.", None),
    ("II.2.2", "NO", "No electric railways.", None),
    ("II.3.1", "NO", "No ports or navigable waterways inside the city.", None),
    ("II.3.2", "NO", "No ports or navigable waterways inside the city.", None),
    ("II.4.2", "IE", "Airport terminal electricity is billed on commercial rates.", "I.2.2"),
    ("II.5.1", "IE", "Off-road diesel and gasoline cannot be separated from road-fuel sales data.", "II.1.1"),
    ("II.5.2", "NO", "No electric off-road vehicles other than forklifts on industrial meters.", None),
    ("III.1.1", "NO", "No landfill or open dump inside the city.", None),
    ("III.2.2", "NO", "All source-separated organics are composted at the city's facility.", None),
    ("III.3.1", "NO", "No incinerator; open burning is banned and not practised.", None),
    ("III.3.2", "NO", "No waste is sent to incinerators.", None),
    ("III.4.2", "NO", "All wastewater is treated at the city's own plant.", None),
]

# --------------------------------------------------------------------------------------------
# Riverton, 2022 (CSV + ghgcalc.toml)
# --------------------------------------------------------------------------------------------
RIVERTON_TOML = """\
# Settings for activity.csv (SPEC §2.2). ghgcalc reads this file when it sits beside the CSV.
city = "Riverton"
year = 2022
region = "CAMX"
country = "US"
population = 45200
gwp = "AR5"
level = "BASIC"
# Factor editions, pinned. Without this line ghgcalc picks, per set, the edition whose data year
# is the inventory year or the nearest earlier one (egrid@2022, epa-ghg-hub@2021) and, because
# the shipped 2021 Hub has no per-vehicle-mile CH4/N2O factors, takes those from the 2025 Hub
# with an "edition-supplement" warning. The Hub's fuel factors are the same in both editions.
factors = "epa-ghg-hub@2025,egrid@2022"
notation_keys = "notation_keys.csv"
"""

RIVERTON_ACTIVITY_HEADERS = ["gpc_ref", "sector", "subsector", "activity", "quantity", "unit", "model_year",
                             "description", "data_quality", "source"]
RIVERTON_ACTIVITY = [
    ("I.1.2", "", "", "electricity", 106_300, "MWh", "",
     "Residential electricity sales", "H", "Riverton Municipal Utilities 2022 sales by rate class"),
    ("", "Stationary energy", "Residential buildings", "natural_gas", 5_080_000, "therm", "",
     "Residential gas sales (line found from sector and sub-sector: fuel, so scope 1)", "H",
     "Valley Gas Company 2022 community energy report"),
    ("", "Stationary energy", "Commercial and institutional buildings and facilities", "electricity",
     97_450_000, "kWh", "",
     "Commercial electricity sales (line found from sector and sub-sector: grid energy, so scope 2)", "H",
     "Riverton Municipal Utilities 2022 sales by rate class"),
    ("I.2.1", "", "", "natural_gas", 2_310_000, "therm", "",
     "Commercial gas sales", "H", "Valley Gas Company 2022 community energy report"),
    ("I.3.1", "", "", "natural_gas", 142_000, "Mcf", "",
     "Industrial gas sales (food processing)", "H", "Valley Gas Company 2022 community energy report"),
    ("I.3.2", "", "", "electricity", 38_600, "MWh", "",
     "Industrial electricity sales", "H", "Riverton Municipal Utilities 2022 sales by rate class"),
    ("", "Transportation", "On-road transportation", "gasoline", 15_650_000, "gal", "",
     "Gasoline sold in the city (CO2)", "M",
     "State fuel-tax gallons for the county, allocated by Riverton's share of county VMT"),
    ("II.1.1", "", "", "diesel", 2_240_000, "gal", "",
     "On-road diesel sold in the city (CO2)", "M",
     "State fuel-tax gallons for the county, allocated by Riverton's share of county VMT"),
    ("II.1.1", "", "", "vmt_gasoline_car", 198_000_000, "mi", 2017,
     "Gasoline passenger cars, 2017 as representative model year (CH4, N2O)", "L",
     "County travel model 2022, in-boundary VMT by vehicle class"),
    ("II.1.1", "", "", "vmt_gasoline_light_truck", 154_000_000, "mi", 2017,
     "Gasoline SUVs, pickups and vans, 2017 as representative model year (CH4, N2O)", "L",
     "County travel model 2022, in-boundary VMT by vehicle class"),
    ("II.1.2", "", "", "electricity", 4_820, "MWh", "",
     "Public and workplace EV chargers", "H", "Riverton Municipal Utilities 2022 EV charger accounts"),
]

RIVERTON_NOTATION = [
    ("I.4.1", "NO", "No energy-industry facilities in the city.", ""),
    ("I.4.2", "NO", "No energy-industry facilities in the city.", ""),
    ("I.5.1", "NE", "Farm fuel use not known; orchards at the city edge only.", ""),
    ("I.5.2", "IE", "Agricultural pumping is billed on commercial rates.", "I.2.2"),
    ("I.6.1", "NE", "No data on fuel combustion outside the building sectors.", ""),
    ("I.6.2", "NO", "All electricity sales are assigned to a rate class.", ""),
    ("I.7.1", "NO", "No coal mining or handling.", ""),
    ("I.8.1", "NE", "Gas distribution leaks not estimated.", ""),
    ("II.2.1", "NO", "No railway in the city.", ""),
    ("II.2.2", "NO", "No railway in the city.", ""),
    ("II.3.1", "NO", "No navigable waterways.", ""),
    ("II.3.2", "NO", "No navigable waterways.", ""),
    ("II.4.1", "NO", "No airport in the city.", ""),
    ("II.4.2", "NO", "No airport in the city.", ""),
    ("II.5.1", "IE", "Off-road fuel is in the fuel-tax gallons.", "II.1.1"),
    ("II.5.2", "NE", "Electric off-road equipment not metered separately.", ""),
    *[(ref, "NE", WASTE_NE, "") for ref in
      ("III.1.1", "III.1.2", "III.2.1", "III.2.2", "III.3.1", "III.3.2", "III.4.1", "III.4.2")],
]


# --------------------------------------------------------------------------------------------
# writers
# --------------------------------------------------------------------------------------------
def _sheet(workbook: Workbook, title: str, headers: list[str], rows, widths: dict[str, int] | None = None,
           first: bool = False) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for letter, width in (widths or {}).items():
        sheet.column_dimensions[letter].width = width


def springfield_workbook() -> Workbook:
    workbook = Workbook()
    _sheet(workbook, "inventory", ["key", "value"], SPRINGFIELD_INVENTORY, {"A": 14, "B": 40}, first=True)
    padding = (None,) * len(SPRINGFIELD_WASTE_HEADERS)
    _sheet(workbook, "activity", SPRINGFIELD_ACTIVITY_HEADERS + SPRINGFIELD_WASTE_HEADERS,
           [row + padding for row in SPRINGFIELD_ACTIVITY] + SPRINGFIELD_WASTE,
           {"A": 9, "B": 26, "C": 14, "D": 8, "E": 11, "F": 60, "G": 12, "H": 70, "I": 20, "J": 40, "K": 18,
            "L": 22, "M": 9})
    for cell in workbook["activity"]["C"][1:]:
        cell.number_format = "#,##0"
    _sheet(workbook, "notation_keys", NOTATION_HEADERS, SPRINGFIELD_NOTATION, {"A": 9, "B": 6, "C": 80, "D": 12})
    _sheet(workbook, "factors", FACTOR_HEADERS, [], {"A": 16, "B": 14, "H": 40})
    props = workbook.properties
    props.creator = "ghgcalc examples/make_examples.py"
    props.lastModifiedBy = "ghgcalc examples/make_examples.py"
    props.title = "Springfield 2023 GHG inventory input (fictional example)"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    return workbook


def save_deterministic(workbook: Workbook, path: Path) -> None:
    """Save without wall-clock time: openpyxl's save_workbook stamps ``modified`` and the zip
    entries with the current time, so write through ExcelWriter and re-zip with fixed dates."""
    raw = io.BytesIO()
    archive = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(workbook, archive).save()  # closes the archive
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    path.write_bytes(out.getvalue())


def write_csv(path: Path, headers: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])


def write_examples(target: Path = HERE) -> list[Path]:
    """Write every example file under ``target`` (default: this folder); return their paths."""
    workbook = target / "springfield_2023.xlsx"
    save_deterministic(springfield_workbook(), workbook)
    folder = target / "csv"
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "activity.csv", RIVERTON_ACTIVITY_HEADERS, RIVERTON_ACTIVITY)
    write_csv(folder / "notation_keys.csv", NOTATION_HEADERS, RIVERTON_NOTATION)
    (folder / "ghgcalc.toml").write_text(RIVERTON_TOML, encoding="utf-8", newline="\n")
    return [workbook, folder / "activity.csv", folder / "notation_keys.csv", folder / "ghgcalc.toml"]


def main() -> None:
    for path in write_examples():
        print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
