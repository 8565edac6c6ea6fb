"""Check that a performance change kept every output byte identical.

    python benchmarks/check_identical.py [REF]          # REF: a git commit, default HEAD
    python benchmarks/check_identical.py HEAD src/ghgcalc/reporters/json.py

Exports REF with ``git archive`` into a temporary folder and computes, with REF's code and with
the working tree's, the JSON document, the GPC-table CSV, the trail CSV and the Markdown report
of a set of inputs: the shipped examples (default settings, BASIC+ with T&D, AR6), a generated
file of 5,000 rows, and a "messy" file with every kind of row problem, custom factors, pinned
factor ids and notation keys. Prints one line per (input, output) and exits 1 on any difference.

With PATHS after REF, the reference is the working tree with only those files taken from REF,
so that other uncommitted changes in a shared working tree do not count.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

_PRODUCE = r"""
import hashlib, json, sys
import ghgcalc
from ghgcalc.reporters.csv import lines_csv, trail_csv
from ghgcalc.reporters.json import render_json
from ghgcalc.reporters.markdown import render_markdown
out = {}
for name, path, settings in json.loads(sys.argv[1]):
    inv = ghgcalc.calculate(path, **settings)
    if inv.config is None:
        out[name] = {"json": render_json(inv)}
        continue
    out[name] = {"json": render_json(inv), "lines.csv": lines_csv(inv).decode(), "trail.csv": trail_csv(inv).decode(),
                 "md": render_markdown(inv)}
json.dump({n: {k: hashlib.sha256(v.encode()).hexdigest() for k, v in o.items()} for n, o in out.items()},
          sys.stdout)
"""


def messy_inputs(folder: Path) -> Path:
    """3,000 generated rows with problems of every kind sprinkled in, plus companions."""
    from generate import activity_rows, toml_text

    folder.mkdir(parents=True, exist_ok=True)
    rows = activity_rows(3000, seed=7).astype(object)
    rng = np.random.default_rng(7)
    spots = rng.choice(len(rows), size=400, replace=False)
    edits = [("unit", "kwhr"), ("unit", "ton"), ("unit", "kg"), ("quantity", "12,5"), ("quantity", "abc"),
             ("quantity", "-5"), ("quantity", ""), ("activity", "natral_gas"), ("activity", ""),
             ("gpc_ref", "I.9.9"), ("gpc_ref", "I.1"), ("gpc_ref", "III.1.1"), ("region", "CAMZ"),
             ("data_quality", "X"), ("model_year", "20x5"), ("quantity", "1,234.5"), ("unit", "MMBTU"),
             ("description", "=HYPERLINK(1)"), ("region", "us"), ("quantity", "1e3")]
    for i, spot in enumerate(spots):  # a fixture: 400 edits
        column, value = edits[i % len(edits)]
        rows.iat[int(spot), rows.columns.get_loc(column)] = value
    rows["factor_id"] = ""
    rows.loc[rows.index[:5], ["activity", "unit", "factor_id"]] = ["electricity", "kWh", "util-2023"]
    rows.loc[rows.index[5:8], "factor_id"] = "no-such-id"
    rows.loc[rows.index[8:10], ["activity", "unit", "gpc_ref", "factor_id"]] = ["natural_gas", "therm", "I.2.1",
                                                                                "t1-natural-gas"]
    rows.loc[rows.index[10:12], ["activity", "unit", "gpc_ref", "region"]] = ["steam", "MMBtu", "II.1.2", ""]
    rows.loc[rows.index[12:14], ["activity", "unit", "gpc_ref", "region"]] = ["biogas", "t", "I.1.1", ""]
    rows.to_csv(folder / "messy.csv", index=False)
    (folder / "factors.csv").write_text(
        "factor_id,activity,applies_to,region,gas,value,unit,source,source_ref\n"
        "util-2023,electricity,I,,CO2,0.2,kg/kWh,Riverton Utilities 2023 disclosure,p. 4\n"
        "util-2023-ch4,electricity,I,,CH4,0.01,g/kWh,Riverton Utilities 2023 disclosure,p. 4\n", encoding="utf-8")
    (folder / "notes.csv").write_text("gpc_ref,key,explanation,included_in\nIII.1.1,NO,no landfill,\n"
                                      "I.7.1,IE,in I.3.1,I.3.1\nI.1.1,NE,clash with data,\n", encoding="utf-8")
    (folder / "ghgcalc.toml").write_text(toml_text() + 'custom_factors = "factors.csv"\nnotation_keys = "notes.csv"\n',
                                         encoding="utf-8")
    return folder / "messy.csv"


def cases(folder: Path) -> list[tuple[str, str, dict]]:
    from generate import write_csv

    big = write_csv(5000, folder / "gen", seed=11)
    messy = messy_inputs(folder / "messy")
    xlsx = str(ROOT / "examples" / "springfield_2023.xlsx")
    csv = str(ROOT / "examples" / "csv" / "activity.csv")
    return [
        ("springfield", xlsx, {}),
        ("springfield BASIC+ AR6", xlsx, {"level": "BASIC+", "gwp": "AR6", "population": 123456}),
        ("example csv", csv, {}),
        ("example csv tnd", csv, {"tnd": True, "strict": True}),
        ("generated 5000", str(big), {}),
        ("generated 5000 BASIC+", str(big), {"level": "BASIC+", "region": "RFCE"}),
        ("messy", str(messy), {}),
        ("messy BASIC+", str(messy), {"level": "BASIC+", "gwp": "AR4"}),
        ("no year", csv, {"year": "x"}),
    ]


def digests(src: Path, cases_: list) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))
    result = subprocess.run([sys.executable, "-c", _PRODUCE, json.dumps(cases_)], env=env, capture_output=True,
                            text=True, check=False)
    if result.returncode:
        raise SystemExit(f"producing outputs with {src} failed:\n{result.stderr}")
    return json.loads(result.stdout)


def main(argv: list[str]) -> int:
    ref, paths = (argv[0] if argv else "HEAD"), argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if paths:
            shutil.copytree(ROOT / "src", tmp / "ref" / "src", ignore=shutil.ignore_patterns("__pycache__"))
            shutil.copytree(ROOT / "emission_factors", tmp / "ref" / "emission_factors")
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, *(paths or ["src", "emission_factors"])],
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp / "ref", filter="data")
        inputs = cases(tmp / "inputs")
        before, after = digests(tmp / "ref" / "src", inputs), digests(ROOT / "src", inputs)
    differ = 0
    for name, outputs in before.items():
        for kind, digest in outputs.items():
            same = after.get(name, {}).get(kind) == digest
            differ += not same
            print(f"{'same' if same else 'DIFFERENT':9} {name}: {kind}")
    print(f"{differ} difference(s) against {ref}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
