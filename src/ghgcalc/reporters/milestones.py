"""Writers of the milestone results (compare, target, trend): terminal, Markdown, JSON, Excel.

They format, they never compute. Files keep full precision; the terminal and Markdown round for
reading. Excel workbooks carry native charts (openpyxl) and are byte-for-byte reproducible: fixed
document dates and zip timestamps.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ghgcalc._version import __version__
from ghgcalc.reporters.table import format_tonnes

if TYPE_CHECKING:
    from rich.console import Console

    from ghgcalc.milestones.compare import Comparison
    from ghgcalc.milestones.targets import TargetAssessment
    from ghgcalc.milestones.trend import Trend

TOTAL_LABELS = {"basic": "BASIC", "basic_plus": "BASIC+", "territorial": "Territorial", "scope1": "Scope 1",
                "scope2": "Scope 2", "scope3": "Scope 3"}
PART_LABELS = {"activity_t": "Activity", "factor_t": "Emission factor", "gwp_t": "GWP",
               "completeness_t": "Completeness", "other_t": "Other"}
SHORT_LABELS = {"activity_t": "Activity", "factor_t": "Factor", "gwp_t": "GWP", "completeness_t": "Compl.",
                "other_t": "Other"}
IDENTITY = "change = activity + emission factor + GWP + completeness + other (t CO2e)"
LINE_COLUMNS = ["gpc_ref", "sector", "subsector", "scope", "status", "base_key", "current_key", "base_t", "current_t",
                "change_t", "change_pct", *PART_LABELS]
SUM_COLUMNS = ["base_t", "current_t", "change_t", "change_pct", *PART_LABELS]
ELEMENT_COLUMNS = ["gpc_ref", "activity", "gas", "activity_unit", "base_activity", "current_activity",
                   "base_intensity", "current_intensity", "base_gwp", "current_gwp", "base_t", "current_t",
                   "activity_t", "factor_t", "gwp_t", "decomposed"]


# ---------------------------------------------------------------------------------------- JSON

def comparison_document(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain Python objects: the JSON output of ``ghgcalc compare``."""
    c = comparison
    document = {
        "ghgcalc_version": __version__, "kind": "comparison", "identity": IDENTITY,
        "base": c.base.summary(), "current": c.current.summary(), "total": c.total,
        "headline": _clean(c.headline()),
        "totals": _records(c.totals, ["name", *SUM_COLUMNS]),
        "sectors": _records(c.sectors, ["sector", *SUM_COLUMNS]),
        "scopes": _records(c.scopes, ["scope", *SUM_COLUMNS]),
        "lines": _records(c.lines, LINE_COLUMNS),
        "subcategories": _records(c.elements, ELEMENT_COLUMNS),
        "recalculation": None, "notes": list(c.notes),
    }
    r = c.recalculation
    if r is not None:
        document["recalculation"] = {
            "original": r.comparison.base.summary(), "recalculated": r.comparison.current.summary(),
            "settings": _clean(r.settings), "changes": r.changes, "total": r.total, "threshold_pct": 100 * r.threshold,
            "change_t": r.change_t, "change_pct": _num(r.change_pct), "significant": r.significant,
            "totals": _records(r.comparison.totals, ["name", *SUM_COLUMNS]),
            "lines": _records(r.comparison.lines, LINE_COLUMNS),
        }
    return document


def target_document(assessment: TargetAssessment) -> dict[str, Any]:
    """The target assessment as plain Python objects: the JSON output of ``ghgcalc target``."""
    a = assessment
    fields = ["total", "kind", "unit", "base_year", "base_value", "current_year", "current_value", "target_year",
              "target_value", "reduction_pct", "expected_now", "gap", "on_track", "annual_reduction",
              "annual_reduction_pct", "annual_rate_compound_pct"]
    document = {"ghgcalc_version": __version__, "kind": "target", "base": a.base.summary(),
                "current": a.current.summary()}
    document.update({f: _clean(getattr(a, f)) for f in fields})
    document["verdict"] = a.verdict
    document["pathway"] = _records(a.pathway, ["year", "pathway", "inventory"])
    document["notes"] = list(a.notes)
    return document


def trend_document(trend: Trend) -> dict[str, Any]:
    """The time series as plain Python objects: the JSON output of ``ghgcalc trend``."""
    rows = []
    for rec in _records(trend.table, list(trend.table.columns)):
        rec["sectors"] = {s: rec.pop(s) for s in trend.sectors}
        rec["factor_editions"] = [e for e in (rec["factor_editions"] or "").split(", ") if e]
        rows.append(rec)
    return {"ghgcalc_version": __version__, "kind": "trend", "total": trend.total, "sectors": trend.sectors,
            "years": rows, "notes": list(trend.notes)}


def render_json(document: dict[str, Any]) -> str:
    """Deterministic JSON text (stable key order, shortest round-trip floats)."""
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# ------------------------------------------------------------------------------------ Markdown

def comparison_markdown(comparison: Comparison) -> str:
    c = comparison
    head = c.headline()
    label = TOTAL_LABELS[c.total]
    out = [f"# Inventory comparison: {_who(c.base)} → {_who(c.current)}", ""]
    out += [f"{label}: {format_tonnes(head['base_t'])} → {format_tonnes(head['current_t'])} t CO2e "
            f"({_change(head, ' t CO2e')}). Made by ghgcalc {__version__}; "
            f"{IDENTITY}; effects by additive LMDI-I (see docs/milestones.md).", ""]
    out += _md_sources(c)
    out += ["## Totals", ""] + _md_table(c.totals, "name", "Total", names=TOTAL_LABELS)
    out += ["", f"## By sector ({label} lines)", ""] + _md_table(c.sectors, "sector", "Sector")
    out += ["", "## By scope", ""] + _md_table(c.scopes, "scope", "Scope")
    shown = c.lines[c.lines["status"].ne("no-number") | c.lines["base_key"].ne(c.lines["current_key"])]
    out += ["", "## By GPC line", "", "| GPC ref | Sub-sector | Status | Base | Current | Change | % | Activity | "
            "Emission factor | GWP | Completeness | Other |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for rec in shown.to_dict("records"):  # at most the 53 GPC lines
        out.append(f"| {rec['gpc_ref']} | {_cell(rec['subsector'])} | {_status(rec)} | {_t(rec['base_t'])} | "
                   f"{_t(rec['current_t'])} | {_signed(rec['change_t'])} | {_pct(rec['change_pct'])} | "
                   + " | ".join(_signed(rec[k]) for k in PART_LABELS) + " |")
    out += ["", "## Sub-categories", "", "Activity A in the unit shown, intensity F in t of the gas per unit, "
            "W the GWP; E = A · F · W.", "",
            "| GPC ref | Activity | Gas | Unit | A base | A current | F base | F current | W base | W current | "
            "Activity | Emission factor | GWP |", "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for rec in c.elements.to_dict("records"):  # sub-categories × gases
        out.append(f"| {rec['gpc_ref']} | {rec['activity']} | {rec['gas']} | {rec['activity_unit']} | "
                   f"{_sig(rec['base_activity'])} | {_sig(rec['current_activity'])} | {_sig(rec['base_intensity'])} | "
                   f"{_sig(rec['current_intensity'])} | {_sig(rec['base_gwp'])} | {_sig(rec['current_gwp'])} | "
                   f"{_signed(rec['activity_t'])} | {_signed(rec['factor_t'])} | {_signed(rec['gwp_t'])} |")
    r = c.recalculation
    if r is not None:
        out += ["", "## Base-year recalculation", "", _recalc_sentence(r), "", "| What | Original | Recalculated |",
                "|---|---|---|"]
        out += [f"| {_cell(ch['item'])} | {_cell(_maybe_t(ch['original']))} | {_cell(_maybe_t(ch['recalculated']))} |"
                for ch in r.changes]
        out += ["", "Original → recalculated base year:", ""]
        out += _md_table(r.comparison.totals, "name", "Total", names=TOTAL_LABELS)
    if c.notes:
        out += ["", "## Notes", ""] + [f"- {_cell(n)}" for n in c.notes]
    out.append("")
    return "\n".join(out)


def target_markdown(assessment: TargetAssessment) -> str:
    a = assessment
    out = [f"# Target: {_who(a.base)} → {a.target_year}", "", f"**{a.verdict}**", ""]
    out += ["| | Year | " + a.unit + " |", "|---|---:|---:|",
            f"| Base | {a.base_year} | {_v(a.base_value)} |", f"| Current | {a.current_year} | {_v(a.current_value)} |",
            f"| Pathway value for {a.current_year} | {a.current_year} | {_v(a.expected_now)} |",
            f"| Target | {a.target_year} | {_v(a.target_value)} |", ""]
    out += [f"- Total: {TOTAL_LABELS[a.total]}; target kind: {a.kind}"
            + (f" ({_v(a.reduction_pct)}% below the base year)" if a.reduction_pct is not None else ""),
            f"- Gap to the pathway: {_v(a.gap)} {a.unit} ({'on track' if a.on_track else 'behind'})"]
    if a.annual_reduction is not None:
        out.append(f"- Needed from now: {_v(a.annual_reduction)} {a.unit} less each year"
                   + (f" ({_v(a.annual_reduction_pct)}% of {a.current_year} per year" if a.annual_reduction_pct
                      is not None else "")
                   + (f"; {_v(a.annual_rate_compound_pct)}%/yr compound)" if a.annual_rate_compound_pct is not None
                      else ")" if a.annual_reduction_pct is not None else ""))
    out += ["", "## Pathway", "", f"| Year | Pathway ({a.unit}) | Inventory |", "|---:|---:|---:|"]
    out += [f"| {int(y)} | {_v(p)} | {_v(v)} |" for y, p, v in
            zip(a.pathway["year"], a.pathway["pathway"], a.pathway["inventory"])]
    if a.notes:
        out += ["", "## Notes", ""] + [f"- {_cell(n)}" for n in a.notes]
    out.append("")
    return "\n".join(out)


def trend_markdown(trend: Trend) -> str:
    t = trend.table
    city = next((c for c in t["city"] if c), "")
    out = [f"# Emissions trend{': ' + city if city else ''} {t['year'].iloc[0]}–{t['year'].iloc[-1]}", "",
           f"t CO2e of the {TOTAL_LABELS[trend.total]} lines by sector.", ""]
    header = ["Year", *trend.sectors, "Total", "Change", "%", "Per person", "GWP"]
    out += ["| " + " | ".join(header) + " |", "|" + "---:|" * (len(header) - 1) + "---|"]
    for rec in t.to_dict("records"):  # one per year
        out.append(f"| {rec['year']} | " + " | ".join(format_tonnes(rec[s]) for s in trend.sectors)
                   + f" | {format_tonnes(rec['total_t'])} | {_signed(rec['change_t'])} | {_pct(rec['change_pct'])} | "
                   f"{_v(rec['per_capita_t'])} | {rec['gwp'] or ''} |")
    out += ["", "Files: " + ", ".join(f"{y}: `{f}`" for y, f in zip(t["year"], t["file"]))]
    if trend.notes:
        out += ["", "## Notes", ""] + [f"- {_cell(n)}" for n in trend.notes]
    out.append("")
    return "\n".join(out)


# ------------------------------------------------------------------------------------ terminal

def print_comparison(comparison: Comparison, console: Console) -> None:
    """Headline, totals, sectors, scopes and the lines with a number, then notes."""
    c = comparison
    head = c.headline()
    console.print(f"[bold]{_escape(_who(c.base))} → {_escape(_who(c.current))}[/bold]: {TOTAL_LABELS[c.total]} "
                  f"{format_tonnes(head['base_t'])} → {format_tonnes(head['current_t'])} t CO2e "
                  f"({_change(head)})")
    # completeness and other only when they hold something, so the table fits 80 columns
    parts = [k for k in PART_LABELS if k not in ("completeness_t", "other_t") or (c.lines[k].abs() >= 0.0005).any()]
    headers = ["Base", "Current", "Change", "%", *[SHORT_LABELS[k] for k in parts]]
    for title, frame, key, names in (("Totals (t CO2e)", c.totals, "name", TOTAL_LABELS),
                                     (f"By sector ({TOTAL_LABELS[c.total]} lines)", c.sectors, "sector", None),
                                     ("By scope", c.scopes, "scope", None)):
        rows = [[names.get(rec[key], rec[key]) if names else str(rec[key]), *_row_values(rec, parts)]
                for rec in frame.to_dict("records")]  # a handful of totals/sectors
        console.print(_rich_table(title, ["", *headers], rows))
    shown = c.lines[c.lines["status"].ne("no-number")]
    rows = [[rec["gpc_ref"] + ("" if rec["status"] == "compared" else " *"), *_row_values(rec, parts)]
            for rec in shown.to_dict("records")]  # at most 53 lines
    console.print(_rich_table("By GPC line (* completeness change)", ["GPC ref", *headers], rows))
    r = c.recalculation
    if r is not None:
        console.print(f"[bold]Base-year recalculation[/bold]: {_escape(_recalc_sentence(r))}")
        for change in r.changes:
            console.print(f"  {change['item']}: {_maybe_t(change['original'])} → {_maybe_t(change['recalculated'])}",
                          highlight=False, markup=False)
    for note in c.notes:
        console.print(f"note: {note}", markup=False, highlight=False)


def print_target(assessment: TargetAssessment, console: Console) -> None:
    a = assessment
    style = "green" if a.on_track or (a.current_year >= a.target_year and a.current_value <= a.target_value) \
        else "red"
    console.print(f"[{style}]{_escape(a.verdict)}[/{style}]")
    rows = [[str(int(y)), _v(p), _v(v)] for y, p, v in
            zip(a.pathway["year"], a.pathway["pathway"], a.pathway["inventory"])]  # years
    console.print(_rich_table(f"Pathway to {a.target_year} ({a.unit}, {TOTAL_LABELS[a.total]})",
                              ["Year", "Pathway", "Inventory"], rows))
    for note in a.notes:
        console.print(f"note: {note}", markup=False, highlight=False)


def print_trend(trend: Trend, console: Console) -> None:
    t = trend.table
    rows = [[str(rec["year"]), *[format_tonnes(rec[s]) for s in trend.sectors], format_tonnes(rec["total_t"]),
             _signed(rec["change_t"]), _pct(rec["change_pct"]), rec["gwp"] or ""]
            for rec in t.to_dict("records")]  # one per year
    console.print(_rich_table(f"t CO2e by sector ({TOTAL_LABELS[trend.total]} lines)",
                              ["Year", *trend.sectors, "Total", "Change", "%", "GWP"], rows))
    for note in trend.notes:
        console.print(f"note: {note}", markup=False, highlight=False)


# --------------------------------------------------------------------------------------- Excel

def comparison_workbook(comparison: Comparison) -> bytes:
    """Sheets Summary (totals, sectors, a chart of the effects and one of the sectors), Lines,
    Scopes, Sub-categories, Recalculation (with ``--recalculate-base``) and About."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    c = comparison
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    head = c.headline()
    _put(ws, 1, 1, f"{_who(c.base)} → {_who(c.current)}", bold=True)
    _put(ws, 2, 1, IDENTITY)
    _put(ws, 4, 1, f"{TOTAL_LABELS[c.total]} [t CO2e]", bold=True)
    _put(ws, 4, 2, "t CO2e", bold=True)
    bridge = [("Base", head["base_t"]), *[(PART_LABELS[k], head[k]) for k in PART_LABELS],
              ("Current", head["current_t"])]
    for i, (name, value) in enumerate(bridge, start=5):
        _put(ws, i, 1, name)
        _put(ws, i, 2, _num(value), number_format=TONNES_FORMAT)
    effects = BarChart()
    effects.type = "col"
    effects.title = f"Why {TOTAL_LABELS[c.total]} changed"
    effects.y_axis.title = "t CO2e"
    effects.add_data(Reference(ws, min_col=2, min_row=6, max_row=5 + len(PART_LABELS)))
    effects.set_categories(Reference(ws, min_col=1, min_row=6, max_row=5 + len(PART_LABELS)))
    effects.legend = None
    effects.x_axis.tickLblPos = "low"  # labels below the plot, also under negative bars
    _show_axes(effects)
    effects.width, effects.height = 16, 8
    ws.add_chart(effects, "L2")
    start = 6 + len(bridge)
    _put(ws, start, 1, "Totals", bold=True)
    _write_frame(ws, _sum_frame(c.totals, "name", TOTAL_LABELS), start + 1)
    top = start + 3 + len(c.totals)
    _put(ws, top, 1, f"By sector ({TOTAL_LABELS[c.total]} lines)", bold=True)
    _write_frame(ws, _sum_frame(c.sectors, "sector"), top + 1)
    if len(c.sectors):
        sectors = BarChart()
        sectors.type = "col"
        sectors.title = f"{TOTAL_LABELS[c.total]} by sector: {c.base.year} and {c.current.year}"
        sectors.y_axis.title = "t CO2e"
        sectors.add_data(Reference(ws, min_col=2, max_col=3, min_row=top + 1, max_row=top + 1 + len(c.sectors)),
                         titles_from_data=True)
        sectors.set_categories(Reference(ws, min_col=1, min_row=top + 2, max_row=top + 1 + len(c.sectors)))
        _show_axes(sectors)
        sectors.width, sectors.height = 16, 8
        ws.add_chart(sectors, "L19")
    _sheet(wb, "Lines", _line_frame(c.lines))
    _sheet(wb, "Scopes", _sum_frame(c.scopes, "scope"))
    _sheet(wb, "Sub-categories", c.elements[ELEMENT_COLUMNS].rename(columns={
        "base_intensity": "base_intensity_t_per_unit", "current_intensity": "current_intensity_t_per_unit",
        "base_t": "base_t_co2e", "current_t": "current_t_co2e", "activity_t": "activity_effect_t",
        "factor_t": "factor_effect_t", "gwp_t": "gwp_effect_t"}))
    r = c.recalculation
    if r is not None:
        rs = wb.create_sheet("Recalculation")
        _put(rs, 1, 1, _recalc_sentence(r), bold=True)
        _write_frame(rs, pd.DataFrame(r.changes).rename(columns={"item": "what"}) if r.changes else
                     pd.DataFrame(columns=["what", "original", "recalculated"]), 3)
        row = 5 + len(r.changes)
        _put(rs, row, 1, "Original → recalculated base year", bold=True)
        _write_frame(rs, _sum_frame(r.comparison.totals, "name", TOTAL_LABELS), row + 1)
        row += 3 + len(r.comparison.totals)
        _write_frame(rs, _line_frame(r.comparison.lines), row)
    about = wb.create_sheet("About")
    records = [("made by", f"ghgcalc {__version__}"), ("identity", IDENTITY),
               ("method", "additive LMDI-I (Ang 2005), zero values by analytical limits (Ang, Zhang & Choi 1998; "
                          "Ang & Liu 2007; Ang 2015); see docs/milestones.md")]
    for side, snap in (("base", c.base), ("current", c.current)):
        s = snap.summary()
        records += [(f"{side} file", s["file"]), (f"{side} year", s["year"]), (f"{side} city", s["city"]),
                    (f"{side} GWP", s["gwp"]), (f"{side} factor editions", ", ".join(s["factor_editions"])),
                    (f"{side} input sha256", s["input_sha256"])]
    records += [("note", n) for n in c.notes]
    _write_frame(about, pd.DataFrame(records, columns=["key", "value"]), 1)
    return _stable_xlsx(wb)


def target_workbook(assessment: TargetAssessment) -> bytes:
    """Sheet Target: the figures, the pathway table and a line chart of pathway and inventories."""
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference

    a = assessment
    wb = Workbook()
    ws = wb.active
    ws.title = "Target"
    _put(ws, 1, 1, a.verdict, bold=True)
    facts = [("total", TOTAL_LABELS[a.total]), ("target kind", a.kind), ("unit", a.unit),
             ("base year", a.base_year), ("base value", a.base_value), ("current year", a.current_year),
             ("current value", a.current_value), ("target year", a.target_year), ("target value", a.target_value),
             ("reduction from base [%]", a.reduction_pct), ("pathway value for the current year", a.expected_now),
             ("gap to pathway (+ behind)", a.gap), ("on track", a.on_track),
             ("reduction needed per year", a.annual_reduction),
             ("… as % of the current year", a.annual_reduction_pct),
             ("… as a compound rate [%/yr]", a.annual_rate_compound_pct)]
    for i, (key, value) in enumerate(facts, start=3):
        _put(ws, i, 1, key)
        _put(ws, i, 2, _clean(value), number_format=None if key in ("base year", "current year", "target year")
             else "#,##0.00")
    ws.column_dimensions["A"].width = 36
    top = 4 + len(facts)
    frame = a.pathway.rename(columns={"year": "year", "pathway": f"pathway ({a.unit})",
                                      "inventory": f"inventory ({a.unit})"})
    _write_frame(ws, frame, top)
    chart = LineChart()
    chart.title = f"Pathway to {a.target_year} ({TOTAL_LABELS[a.total]})"
    chart.y_axis.title = a.unit
    chart.x_axis.title = "year"
    last = top + len(frame)
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=top, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last))
    inventory = chart.series[1]
    inventory.marker.symbol = "circle"
    inventory.marker.size = 8
    inventory.smooth = False
    _show_axes(chart)
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, "E3")
    _notes_sheet(wb, a.notes, [a.base, a.current])
    return _stable_xlsx(wb)


def trend_workbook(trend: Trend) -> bytes:
    """Sheet Trend: the time series with a stacked column chart by sector and a line chart of the total."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, LineChart, Reference

    wb = Workbook()
    ws = wb.active
    ws.title = "Trend"
    columns = ["year", *trend.sectors, "total_t", "change_t", "change_pct", "population", "per_capita_t", "gwp",
               "file", "factor_editions"]
    frame = trend.table[columns].rename(columns={"total_t": "total (t CO2e)", "change_t": "change (t CO2e)",
                                                 "change_pct": "change (%)", "per_capita_t": "t CO2e per person"})
    frame["year"] = frame["year"].astype(str)  # a category axis, not a number series
    _write_frame(ws, frame, 1, tonnes=tuple(trend.sectors))
    rows = len(frame)
    bars = BarChart()
    bars.type = "col"
    bars.grouping = "stacked"
    bars.overlap = 100
    bars.title = f"t CO2e by sector ({TOTAL_LABELS[trend.total]})"
    bars.y_axis.title = "t CO2e"
    bars.add_data(Reference(ws, min_col=2, max_col=1 + len(trend.sectors), min_row=1, max_row=1 + rows),
                  titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + rows))
    _show_axes(bars)
    bars.width, bars.height = 18, 9
    ws.add_chart(bars, f"A{rows + 4}")
    line = LineChart()
    line.title = f"Total ({TOTAL_LABELS[trend.total]}, t CO2e)"
    total_col = 2 + len(trend.sectors)
    line.add_data(Reference(ws, min_col=total_col, min_row=1, max_row=1 + rows), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + rows))
    line.series[0].marker.symbol = "circle"
    _show_axes(line)
    line.width, line.height = 18, 9
    ws.add_chart(line, f"A{rows + 24}")
    _notes_sheet(wb, trend.notes, trend.snapshots)
    return _stable_xlsx(wb)


# ------------------------------------------------------------------------------------- helpers

def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    present = [c for c in columns if c in frame.columns]
    return [{k: _clean(v) for k, v in rec.items()} for rec in frame[present].to_dict("records")]


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _num(value)
    if value is pd.NA or value is None:
        return None
    return value


def _num(value) -> float | None:
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def _who(snap) -> str:
    return f"{snap.city or snap.name} {snap.year}"


def _t(value) -> str:
    return format_tonnes(_num(value))


def _signed(value) -> str:
    value = _num(value)
    if value is None:
        return ""
    if abs(value) < 0.0005:
        return "0"
    text = format_tonnes(value)
    return text if text.startswith(("-", ">", "<")) else "+" + text


def _change(rec: dict, unit: str = "") -> str:
    """``-6,897 t CO2e, -2.6%``; the percentage only when there is a base to divide by."""
    pct = _num(rec["change_pct"])
    return _signed(rec["change_t"]) + unit + ("" if pct is None else ", " + _pct(pct))


def _pct(value) -> str:
    value = _num(value)
    return "" if value is None else f"{value:+.1f}%"


def _v(value) -> str:
    value = _num(value)
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def _sig(value) -> str:
    value = _num(value)
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:.6g}"


def _maybe_t(text: str) -> str:
    try:
        return format_tonnes(float(text))
    except ValueError:
        return text


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _status(rec: dict) -> str:
    status = rec["status"]
    if status == "compared":
        return "compared"
    before, after = rec["base_key"] or "number", rec["current_key"] or "number"
    if status == "no-number":
        return f"{before} → {after}" if before != after else before
    return f"completeness: {before} → {after}"


def _row_values(rec: dict, parts=tuple(PART_LABELS)) -> list[str]:
    return [_t(rec["base_t"]), _t(rec["current_t"]), _signed(rec["change_t"]), _pct(rec["change_pct"]),
            *[_signed(rec[k]) for k in parts]]


def _escape(text: str) -> str:
    from rich.markup import escape
    return escape(text)


def _rich_table(title: str, headers: list[str], rows: list[list[str]]):
    """A compact table whose number columns never shrink; only the first (label) column gives way."""
    from rich import box
    from rich.table import Table

    from rich.console import Group
    from rich.text import Text

    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 0, 0, 1))
    for i, header in enumerate(headers):
        widest = max([len(header), *(len(r[i]) for r in rows)])
        if i == 0:
            table.add_column(header, overflow="ellipsis", no_wrap=True, min_width=min(widest, 7), max_width=32)
        else:
            table.add_column(header, justify="right", no_wrap=True, min_width=widest)
    for row in rows:
        table.add_row(*row)
    return Group(Text(title, style="bold"), table)  # the title on its own line, not wrapped to the table's width


def _recalc_sentence(r) -> str:
    head = r.comparison.headline()
    verdict = (f"significant (at or above the {100 * r.threshold:g}% threshold)" if r.significant else
               f"not significant (below the {100 * r.threshold:g}% threshold)")
    return (f"{TOTAL_LABELS[r.total]} of the base year {format_tonnes(head['base_t'])} t CO2e as originally "
            f"computed, {format_tonnes(head['current_t'])} t CO2e recalculated ({_signed(r.change_t)} t CO2e, "
            f"{_pct(r.change_pct)}): {verdict}")


def _md_sources(c) -> list[str]:
    out = ["| | File | Year | GWP | Factor editions |", "|---|---|---:|---|---|"]
    for side, snap in (("Base", c.base), ("Current", c.current)):
        out.append(f"| {side} | `{_cell(snap.name)}` | {snap.year} | {snap.gwp} | "
                   f"{_cell(', '.join(snap.factor_editions))} |")
    return out + [""]


def _md_table(frame: pd.DataFrame, key: str, title: str, names: dict | None = None) -> list[str]:
    out = [f"| {title} | Base | Current | Change | % | " + " | ".join(PART_LABELS.values()) + " |",
           "|---|" + "---:|" * (4 + len(PART_LABELS))]
    for rec in frame.to_dict("records"):  # a handful of totals
        name = names.get(rec[key], rec[key]) if names else rec[key]
        out.append(f"| {_cell(name)} | " + " | ".join(_row_values(rec)) + " |")
    return out


def _sum_frame(frame: pd.DataFrame, key: str, names: dict | None = None) -> pd.DataFrame:
    out = frame[[key, *SUM_COLUMNS]].copy()
    if names:
        out[key] = out[key].map(lambda k: names.get(k, k))
    return out.rename(columns={k: f"{v.lower()} effect (t CO2e)" if k != "completeness_t" and k != "other_t" else
                               f"{v.lower()} (t CO2e)" for k, v in PART_LABELS.items()} |
                      {"base_t": "base (t CO2e)", "current_t": "current (t CO2e)", "change_t": "change (t CO2e)",
                       "change_pct": "change (%)"})


def _line_frame(lines: pd.DataFrame) -> pd.DataFrame:
    numbers = _sum_frame(lines, "gpc_ref")
    info = lines[["sector", "subsector", "scope", "status", "base_key", "current_key"]]
    return pd.concat([numbers[["gpc_ref"]], info, numbers.drop(columns="gpc_ref")], axis=1)


def _sheet(wb, title: str, frame: pd.DataFrame) -> None:
    ws = wb.create_sheet(title)
    _write_frame(ws, frame, 1)


def _notes_sheet(wb, notes: list[str], snapshots) -> None:
    about = wb.create_sheet("About")
    records = [("made by", f"ghgcalc {__version__}")]
    for snap in snapshots:  # one per file
        s = snap.summary()
        records += [(f"{s['year']} file", s["file"]), (f"{s['year']} GWP", s["gwp"]),
                    (f"{s['year']} factor editions", ", ".join(s["factor_editions"])),
                    (f"{s['year']} input sha256", s["input_sha256"])]
    records += [("note", n) for n in notes]
    _write_frame(about, pd.DataFrame(records, columns=["key", "value"]), 1)


def _write_frame(ws, frame: pd.DataFrame, top: int, tonnes: tuple[str, ...] = ()) -> None:
    """A header row and the values; tonnes and percentages get a display format (values keep full precision)."""
    from openpyxl.utils import get_column_letter

    def display(column) -> str | None:
        name = str(column)
        if column in tonnes or "t CO2e" in name or "per person" in name or name.endswith(("_t", "_t_co2e")):
            return TONNES_FORMAT
        return PCT_FORMAT if "(%)" in name or name.endswith("_pct") else None

    formats = [display(c) for c in frame.columns]
    for j, column in enumerate(frame.columns, start=1):
        _put(ws, top, j, str(column), bold=True)
    values = frame.astype(object).where(frame.notna(), None).to_numpy()
    for i, row in enumerate(values, start=top + 1):  # a few dozen rows: lines, sectors, years
        for j, value in enumerate(row, start=1):
            _put(ws, i, j, _clean(value), number_format=formats[j - 1])
    for j, column in enumerate(frame.columns, start=1):
        widest = max([len(str(column)), *(len(str(v)) for v in values[:, j - 1] if isinstance(v, str))])
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, 10, min(40, widest + 2))


def _put(ws, row: int, column: int, value, *, bold: bool = False, number_format: str | None = None) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula (SPEC §6)
    if number_format and isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.number_format = number_format
    if bold:
        from openpyxl.styles import Font
        cell.font = Font(bold=True)


def _show_axes(chart) -> None:
    chart.x_axis.delete = False
    chart.y_axis.delete = False


TONNES_FORMAT = "#,##0.0"
PCT_FORMAT = "0.0"
_FIXED_DATE = b"2000-01-01T00:00:00Z"


def _stable_xlsx(wb) -> bytes:
    """The workbook as bytes that depend only on its content: fixed document dates, zip times."""
    buffer = io.BytesIO()
    wb.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                              rb"\g<1>" + _FIXED_DATE + rb"\g<3>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return out.getvalue()
