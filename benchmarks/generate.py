"""Realistic synthetic activity files for the benchmarks.

A file of N rows is drawn from a pool of (activity, unit, gpc_ref, region, model_year) keys built
from the activity catalogue and the shipped factor tables: grid electricity in kWh and MWh on
every grid line and in several eGRID subregions, natural gas in therm/scf/Mcf/ccf/MMBtu,
stationary and transport fuels in their usual units, vehicle-miles with model years, steam.
Every key of the pool is checked once with ghgcalc itself, so a generated file has no
data errors and the benchmark times the calculation, not the error reporting. Row mix (about a
third electricity, a quarter natural gas, …) follows what utility and fuel-sales extracts look
like; descriptions are distinct per row ("account 0001234 …") as in a per-meter extract.

Usage::

    python benchmarks/generate.py 1000000 big/          # big/activity.csv + big/ghgcalc.toml
    python benchmarks/generate.py 200000 wb/ --xlsx      # wb/activity.xlsx (sheets activity, inventory)
    python benchmarks/generate.py 20 many/ --files 500   # many/city_001.xlsx … (small inventories)
"""

from __future__ import annotations

import argparse
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

SETTINGS = {"city": "Bench City", "year": 2023, "region": "CAMX", "country": "US",
            "factors": "epa-ghg-hub@2025,egrid@2023", "level": "BASIC"}
SUBREGIONS = ["CAMX", "NWPP", "RFCE", "SRSO", "ERCT", "NYCW", "MROW", "AZNM"]
ENERGY_UNITS = {"natural_gas": ["therm", "scf", "Mcf", "ccf", "MMBtu"], "electricity": ["kWh", "MWh"],
                "steam": ["MMBtu", "GJ"]}
# share of rows by kind of activity (the rest: other stationary fuels)
MIX = {"electricity": 0.34, "natural_gas": 0.25, "road_fuel": 0.14, "vmt": 0.15, "steam": 0.02, "other": 0.10}
ROAD_FUELS = ("gasoline", "diesel", "biodiesel", "ethanol", "lpg", "jet_fuel")
SOURCES = ["Riverton Municipal Utilities 2023 billing extract", "Valley Gas Company 2023 sales by rate class",
           "State fuel-tax records, allocated by in-boundary VMT", "County travel model 2023",
           "Facility survey 2023", "District energy operator annual report"]


def _candidates() -> pd.DataFrame:
    from ghgcalc.activities import activity_catalogue

    catalogue = activity_catalogue()
    rows = []
    for activity, entry in catalogue.iterrows():  # the catalogue (~120 keys), not activity rows
        lines = list(entry["line_refs"])
        category = entry["category"]
        if category == "grid_electricity":
            kind = "electricity"
        elif category == "grid_heat":
            kind = "steam"
        elif category == "vehicle_distance":
            kind = "vmt"
        elif activity == "natural_gas":
            kind = "natural_gas"
        elif activity in ROAD_FUELS:
            kind = "road_fuel"
            lines = [ref for ref in lines if ref.startswith("II")] or lines
        else:
            kind = "other"
        units = ENERGY_UNITS.get(activity, [entry["default_unit"]])
        regions = SUBREGIONS if kind == "electricity" else [""]
        years = list(range(2008, 2023, 2)) if kind == "vmt" else [""]
        for ref in lines:
            for unit in units:
                for region in regions:
                    for year in years:
                        rows.append((kind, ref, activity, unit, region, year))
    return pd.DataFrame(rows, columns=["kind", "gpc_ref", "activity", "unit", "region", "model_year"])


@lru_cache(maxsize=1)
def key_pool() -> pd.DataFrame:
    """Every candidate key that ghgcalc calculates without an error, with its ``kind``."""
    import tempfile

    import ghgcalc

    pool = _candidates()
    with tempfile.TemporaryDirectory() as folder:
        probe = pool.drop(columns="kind").assign(quantity=1.0)
        path = Path(folder) / "probe.csv"
        probe.to_csv(path, index=False)
        inventory = ghgcalc.calculate(path, **SETTINGS)
    bad_positions = np.asarray(inventory.rejected_rows, dtype=int) - 2  # header is row 1
    return pool.drop(index=bad_positions).reset_index(drop=True)


def floor_factors() -> pd.DataFrame:
    """For ``floor.py``: tonnes of each gas and t CO2e per unit of quantity, per pool key and gas.

    Taken from ghgcalc's own trail for one unit of each key, so the floor computes the same
    numbers with a single merge (it is the reference for speed, not for correctness).
    """
    import tempfile

    import ghgcalc

    pool = key_pool()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "probe.csv"
        pool.drop(columns="kind").assign(quantity=1.0).to_csv(path, index=False)
        inventory = ghgcalc.calculate(path, **SETTINGS)
    trail = inventory.trail
    keys = pool.iloc[trail["row"].to_numpy() - 2][["activity", "unit", "gpc_ref", "region", "model_year"]]
    keys = keys.reset_index(drop=True)
    gwp = {"CO2": 1.0, "CO2_biogenic": 0.0, "CH4": 28.0, "N2O": 265.0}  # AR5, as SETTINGS' default gwp
    parts = []
    for gas in gwp:  # four gases
        column = f"{gas.lower()}_t"
        if column in trail:
            part = keys.assign(gas=gas, t_per_unit=trail[column].to_numpy())
            parts.append(part[part["t_per_unit"].notna()].assign(co2e_per_unit=lambda f: f["t_per_unit"] * gwp[gas]))
    return pd.concat(parts, ignore_index=True)


def activity_rows(n: int, seed: int = 2023) -> pd.DataFrame:
    """``n`` activity rows (the columns of SPEC §2.1) drawn from :func:`key_pool`."""
    rng = np.random.default_rng(seed)
    pool = key_pool()
    kinds = [k for k in MIX if (pool["kind"] == k).any()]
    weights = np.array([MIX[k] for k in kinds])
    kind = rng.choice(len(kinds), size=n, p=weights / weights.sum())
    pick = np.empty(n, dtype=np.int64)
    for i, name in enumerate(kinds):  # a handful of kinds
        members = np.flatnonzero(pool["kind"].to_numpy() == name)
        where = kind == i
        pick[where] = rng.choice(members, size=int(where.sum()))
    chosen = pool.iloc[pick].reset_index(drop=True)
    quantity = np.round(rng.lognormal(mean=8.0, sigma=1.6, size=n), 2)
    account = pd.Series(np.arange(1, n + 1)).map("{:07d}".format)
    return pd.DataFrame({
        "gpc_ref": chosen["gpc_ref"], "activity": chosen["activity"], "quantity": quantity,
        "unit": chosen["unit"], "region": chosen["region"], "model_year": chosen["model_year"],
        "description": "account " + account + " " + chosen["activity"].str.replace("_", " "),
        "data_quality": rng.choice(np.array(["H", "M", "L"]), size=n, p=[0.6, 0.3, 0.1]),
        "source": rng.choice(np.array(SOURCES), size=n),
    })


def toml_text(settings: dict | None = None) -> str:
    settings = SETTINGS | (settings or {})
    return "".join(f"{k} = {v!r}\n".replace("'", '"') if isinstance(v, str) else f"{k} = {v}\n"
                   for k, v in settings.items())


def write_csv(n: int, folder: Path, *, seed: int = 2023, name: str = "activity.csv") -> Path:
    """``folder/name`` with ``n`` rows and ``folder/ghgcalc.toml``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    activity_rows(n, seed).to_csv(path, index=False, lineterminator="\n")
    (folder / "ghgcalc.toml").write_text(toml_text(), encoding="utf-8")
    floor_factors().to_csv(folder / "floor_factors.csv", index=False, lineterminator="\n")
    return path


def write_xlsx(n: int, path: Path, *, seed: int = 2023, settings: dict | None = None) -> Path:
    """A workbook with sheets ``activity`` (``n`` rows) and ``inventory`` (key, value)."""
    import openpyxl

    path.parent.mkdir(parents=True, exist_ok=True)
    frame = activity_rows(n, seed)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("activity")
    sheet.append(list(frame.columns))
    # model_year as a number when given, as a spreadsheet user types it
    frame["model_year"] = frame["model_year"].map(lambda y: int(y) if y != "" else None)
    for record in frame.itertuples(index=False, name=None):  # writing a fixture, not ghgcalc code
        sheet.append([None if v == "" else v for v in record])
    meta = workbook.create_sheet("inventory")
    meta.append(["key", "value"])
    for key, value in (SETTINGS | (settings or {})).items():
        meta.append([key, value])
    workbook.save(path)
    return path


def write_many(k: int, n: int, folder: Path) -> list[Path]:
    """``k`` small workbooks of ``n`` rows each: different cities, years and seeds."""
    paths = []
    for i in range(1, k + 1):
        settings = {"city": f"City {i:03d}", "year": 2023}
        paths.append(write_xlsx(n, folder / f"city_{i:03d}.xlsx", seed=i, settings=settings))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--xlsx", action="store_true", help="one workbook instead of a CSV")
    parser.add_argument("--files", type=int, default=0, help="this many small workbooks")
    args = parser.parse_args(argv)
    if args.files:
        write_many(args.files, args.rows, args.folder)
    elif args.xlsx:
        write_xlsx(args.rows, args.folder / "activity.xlsx")
    else:
        write_csv(args.rows, args.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
