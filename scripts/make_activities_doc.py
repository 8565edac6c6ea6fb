#!/usr/bin/env python3
"""Regenerate the activity-key tables of docs/activities.md from src/ghgcalc/data/activities.csv.

Only the part between the two marker comments is rewritten; the prose around it is edited by
hand. The output is deterministic (sorted by key, no dates), so a diff shows exactly what changed
in the catalogue.

    python scripts/make_activities_doc.py          # rewrite docs/activities.md
    python scripts/make_activities_doc.py --check  # exit 1 if docs/activities.md is out of date

The script reads the CSV with the standard library only, so it runs without installing ghgcalc.
The line groups (``stationary_combustion`` …) are parsed from ``src/ghgcalc/gpc.py`` for the
same reason.
"""

from __future__ import annotations

import ast
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "src" / "ghgcalc" / "data" / "activities.csv"
GPC_MODULE = ROOT / "src" / "ghgcalc" / "gpc.py"
DOC = ROOT / "docs" / "activities.md"
BEGIN = "<!-- BEGIN GENERATED: scripts/make_activities_doc.py -->"
END = "<!-- END GENERATED -->"

CATEGORIES = {
    "fuel": "Fuels (burned; scope 1 lines, and scope 3 transboundary transport lines)",
    "grid_electricity": "Grid electricity (scope 2 lines)",
    "grid_heat": "Grid-supplied steam and heat (scope 2 lines)",
    "vehicle_distance": "Vehicle distance (on-road CH4 and N2O only)",
    "waste": "Waste and wastewater (GPC III; computed by the waste methods, see methods.md)",
}
GROUP_TITLES = {
    "stationary_combustion": "stationary combustion",
    "transport_combustion": "transport combustion",
    "grid_energy": "grid energy",
    "on_road": "on-road",
}


def line_groups() -> dict[str, tuple[str, ...]]:
    """``LINE_GROUPS`` from ghgcalc/gpc.py, read without importing ghgcalc."""
    tree = ast.parse(GPC_MODULE.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        target = getattr(node, "target", None) or (node.targets[0] if isinstance(node, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id == "LINE_GROUPS":
            return ast.literal_eval(node.value)
    raise SystemExit(f"LINE_GROUPS not found in {GPC_MODULE}")


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def render(rows: list[dict[str, str]], groups: dict[str, tuple[str, ...]]) -> str:
    out = [BEGIN, "", f"{len(rows)} activity keys. Generated from `src/ghgcalc/data/activities.csv`; "
           "do not edit these tables by hand, run `python scripts/make_activities_doc.py`.", ""]
    out += ["### Line groups", "", "The *GPC lines* column names these groups of lines:", "",
            "| group | GPC lines |", "|---|---|"]
    for name, refs in groups.items():
        out.append(f"| {GROUP_TITLES.get(name, name)} | {', '.join(refs)} |")
    out.append("")
    known = list(CATEGORIES) + sorted({r["category"] for r in rows} - set(CATEGORIES))
    for category in known:
        members = sorted((r for r in rows if r["category"] == category), key=lambda r: r["activity"])
        if not members:
            continue
        out += [f"### {CATEGORIES.get(category, category)}", "",
                "| key | label | measured as | example unit | GPC lines | CO2 |", "|---|---|---|---|---|---|"]
        for r in members:
            lines = "; ".join(GROUP_TITLES.get(t, t) for t in r["lines"].split())
            co2 = "biogenic, apart" if r["biogenic_co2"] == "yes" else (
                "none" if category == "vehicle_distance" else "in CO2e")
            out.append(f"| `{r['activity']}` | {cell(r['label'])} | {r['dimensions'].replace(';', ' or ')} | "
                       f"{r['default_unit']} | {lines} | {co2} |")
        out.append("")
    out.append(END)
    return "\n".join(out)


def main(argv: list[str]) -> int:
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    generated = render(rows, line_groups())
    text = DOC.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{DOC}: marker comments not found")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    updated = head + generated + tail
    if "--check" in argv:
        if updated != text:
            print(f"{DOC.relative_to(ROOT)} is out of date; run python scripts/make_activities_doc.py",
                  file=sys.stderr)
            return 1
        return 0
    if updated != text:
        DOC.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
