"""The practical floor: the least a plain pandas script does to turn activity rows into tonnes
per GPC line, with none of ghgcalc's checks, unit handling, matching rules or trail.

    python benchmarks/floor.py ACTIVITY.csv FLOOR_FACTORS.csv OUT.csv

Read the CSV, merge a factor table (t of each gas and t CO2e per unit of quantity, one row per
key and gas, written by ``generate.py``), multiply, group by GPC line and gas, write a CSV.
"""

import sys

import pandas as pd

KEY = ["activity", "unit", "gpc_ref", "region", "model_year"]


def main(activity_csv: str, factors_csv: str, out_csv: str) -> None:
    types = {"gpc_ref": str, "activity": str, "unit": str, "region": str, "model_year": str}
    rows = pd.read_csv(activity_csv, dtype=types, keep_default_na=False)
    factors = pd.read_csv(factors_csv, dtype=types, keep_default_na=False)
    merged = rows.merge(factors, on=KEY, how="inner")
    merged["t"] = merged["quantity"] * merged["t_per_unit"]
    merged["co2e_t"] = merged["quantity"] * merged["co2e_per_unit"]
    lines = merged.groupby(["gpc_ref", "gas"], as_index=False)[["t", "co2e_t"]].sum()
    lines.to_csv(out_csv, index=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
