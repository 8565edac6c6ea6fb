"""Markdown report, ready to paste: summary, totals, GPC table, notation keys, methods and
factor sources, problems (GitHub-flavoured Markdown tables)."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from ghgcalc.reporters.table import format_tonnes

if TYPE_CHECKING:
    from ghgcalc.inventory import Inventory

TOTAL_LABELS = {"basic": "BASIC", "basic_plus": "BASIC+", "territorial": "Territorial (all scope 1)",
                "scope1": "Scope 1", "scope2": "Scope 2", "scope3": "Scope 3 (in GPC totals)"}
# Gas columns shown only when some line has the gas: (header, lines column).
OPTIONAL_GASES = [("HFCs t CO2e", "hfcs_t_co2e"), ("PFCs t CO2e", "pfcs_t_co2e"), ("SF6 t", "sf6_t"),
                  ("NF3 t", "nf3_t"), ("CO2e-only t CO2e", "co2e_only_t")]
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _cell(text: object) -> str:
    """User text made safe inside a table cell: Markdown and HTML characters escaped, one line."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _code(text: object) -> str:
    text = "" if text is None else str(text)
    return f"`{text.replace('`', '')}`" if text else ""


def _number(value: object) -> str:
    """A factor value in full: the shortest text that reads back as the same float, no exponent."""
    if isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool):
        return np.format_float_positional(float(value), trim="-")
    return _cell(value)


def _table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    out = ["| " + " | ".join(headers) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out + [""]


def render_markdown(inventory: Inventory) -> str:
    """The report as Markdown text (see docs/reports.md)."""
    config, meta, totals = inventory.config, inventory.metadata, inventory.totals
    out = [f"# GHG inventory: {_cell(config.city or 'city')} {config.year}", ""]
    out += [f"A community greenhouse-gas inventory following the GPC (WRI, C40, ICLEI 2014; v1.1 2021), "
            f"reporting level {config.level}. t = metric tonnes; CO2e with IPCC {config.gwp} 100-year GWPs; "
            "biogenic CO2 is reported apart, outside the totals. "
            f"Made by ghgcalc {meta['ghgcalc_version']} from `{meta['input']['file']}` "
            f"(sha256 `{meta['input']['sha256']}`).", ""]
    out += _summary(inventory) + _totals(inventory) + _sectors(totals) + _gpc_table(inventory)
    out += _notation(inventory) + _methods(inventory) + _problems(inventory)
    return "\n".join(out).rstrip("\n") + "\n"


def _summary(inventory: Inventory) -> list[str]:
    config = inventory.config
    facts = [("City", _cell(config.city)), ("Inventory year", str(config.year)),
             ("Population", f"{config.population:,.0f}" if config.population else ""),
             ("Region", _cell(config.region)), ("Country", _cell(inventory.metadata["settings"].get("country"))),
             ("Boundary", _cell(config.boundary)), ("Reporting level", config.level),
             ("GWP set", f"{config.gwp} (100-year)")]
    return ["## Summary", ""] + _table(["Item", "Value"], [[k, v] for k, v in facts if v])


def _totals(inventory: Inventory) -> list[str]:
    totals = inventory.totals
    per_capita = totals.get("per_capita")
    headers = ["Total", "t CO2e"] + (["t CO2e per person"] if per_capita else [])
    rows = []
    for key, label in TOTAL_LABELS.items():
        row = [label, format_tonnes(totals.get(key, 0.0))]
        if per_capita:
            row.append(f"{per_capita[key]:.2f}" if key in per_capita else "")
        rows.append(row)
    rows.append(["Biogenic CO2 (t, not in totals)", format_tonnes(totals.get("co2_biogenic_t", 0.0))]
                + ([""] if per_capita else []))
    return ["## Totals", ""] + _table(headers, rows, right={1, 2})


def _sectors(totals: dict) -> list[str]:
    rows = [[_cell(sector), *(format_tonnes(values.get(k, 0.0)) for k in ("basic", "basic_plus", "territorial"))]
            for sector, values in totals.get("by_sector", {}).items()]
    return ["## Emissions by sector (t CO2e)", ""] + _table(["Sector", "BASIC", "BASIC+", "Territorial"], rows,
                                                           right={1, 2, 3})


def _gpc_table(inventory: Inventory) -> list[str]:
    lines = inventory.lines
    hidden = lines["notation_key"].eq("C")
    extra = [(h, c) for h, c in OPTIONAL_GASES if c in lines.columns and lines.loc[~hidden, c].notna().any()]
    value_columns = [("CO2 t", "co2_t"), ("CH4 t", "ch4_t"), ("N2O t", "n2o_t"), *extra, ("t CO2e", "co2e_t"),
                     ("CO2(b) t", "co2_biogenic_t")]
    headers = ["GPC ref", "Sub-sector", "Scope", *(h for h, _ in value_columns), "Key", "DQ"]
    rows, sector = [], None
    for rec in lines.to_dict("records"):  # the 53 GPC lines, not activity rows
        if rec["sector"] != sector:
            sector = rec["sector"]
            rows.append([f"**{rec['sector_number']}**", f"**{_cell(sector)}**"] + [""] * (len(headers) - 2))
        numbers = [""] * len(value_columns) if rec["notation_key"] == "C" else \
            [format_tonnes(rec.get(c)) for _, c in value_columns]
        quality = "/".join(q for q in (rec.get("data_quality_activity"), rec.get("data_quality_factor")) if q)
        rows.append([rec["gpc_ref"], _cell(rec["subsector"]), str(rec["scope"]), *numbers,
                     rec["notation_key"] or "", quality])
    right = set(range(3, 3 + len(value_columns)))
    note = ("Key: NO not occurring, IE included elsewhere, NE not estimated, C confidential (no numbers shown; "
            "still in the totals). DQ: data quality of the activity data / of the emission factors (H, M, L).")
    return ["## GPC table", ""] + _table(headers, rows, right=right) + [note, ""]


def _notation(inventory: Inventory) -> list[str]:
    lines = inventory.lines
    keyed = lines[lines["notation_key"].ne("")]
    rows = [[ref, key, _cell(explanation), _cell(included)] for ref, key, explanation, included in zip(
        keyed["gpc_ref"], keyed["notation_key"], keyed["notation_explanation"], keyed["included_in"])]
    if not rows:
        return []
    return ["## Notation keys", ""] + _table(["GPC ref", "Key", "Explanation", "Included in"], rows)


def _methods(inventory: Inventory) -> list[str]:
    config, meta = inventory.config, inventory.metadata
    out = ["## Methods and emission factor sources", "",
           "- Emissions of each gas, per activity row: quantity × unit conversion (heat content included where "
           "the factor is per unit of energy) × emission factor × the factor's mass unit in tonnes.",
           f"- CO2e = Σ gas × GWP of the gas (IPCC {config.gwp}, 100-year). Biogenic CO2 is reported apart and "
           "is in no total; factors published only as CO2e are added as CO2e.",
           "- Scope-3 transmission and distribution losses of grid electricity: "
           + ("consumption × loss / (1 − loss) × grid factor, with the grid gross loss of the factor set."
              if config.tnd_enabled else "not estimated (tnd off)."),
           "- Totals follow the GPC: BASIC, BASIC+, territorial (all scope 1) and scopes 1–3; "
           "every number of this report can be traced row by row in the JSON output or the Excel Trail sheet.",
           ""]
    for t in meta.get("factor_tables", []):
        out.append(f"### {_cell(t['set'])}@{_cell(t['edition'])}: {_cell(t['title'])}")
        out.append("")
        details = [f"Publisher: {_cell(t['publisher'])}"]
        if t.get("data_year"):
            details.append(f"data year {t['data_year']}")
        details.append(f"licence: {_cell(t['licence'])}")
        out.append("- " + "; ".join(details).rstrip(".") + ".")
        if t.get("url"):
            out.append(f"- <{t['url']}>")
        if t.get("chosen_because"):
            out.append(f"- Chosen because: {_cell(t['chosen_because']).rstrip('.')}.")
        for f in t.get("tables", []):
            out.append(f"- {_cell(f['table'])}: {_code(f['file'])}, sha256 {_code(f['sha256'])}")
        out.append("")
    used = inventory.factors_used
    if used is not None and not used.empty:
        rows = [[_code(f"{s}@{e}"), _code(i), _code(a), g, _number(v),
                 _cell(u), _cell(r)]
                for s, e, i, a, g, v, u, r in zip(used["set_id"], used["edition"], used["factor_id"], used["activity"],
                                                  used["gas"], used["value"], used["unit"], used["source_ref"])]
        out += ["### Emission factors used", ""]
        out += _table(["Set", "Factor id", "Activity", "Gas", "Value", "Unit", "Source"], rows, right={4})
        if used["set_id"].eq("custom").any():
            out += ["Factors of set `custom` are the user's own, from the named input file.", ""]
    return out


def _problems(inventory: Inventory) -> list[str]:
    problems = inventory.problems
    errors = sum(p.severity == "error" for p in problems)
    out = ["## Problems", "", f"{errors} error(s), {len(problems) - errors} warning(s).", ""]
    if not problems:
        return out
    counts = Counter((p.severity, p.code) for p in problems)
    first: dict[tuple[str, str], str] = {}
    for problem in problems:  # problems, not activity rows
        first.setdefault((problem.severity, problem.code), problem.message)
    rows = [[f"{severity}", _code(code), str(count), _cell(first[(severity, code)])]
            for (severity, code), count in sorted(counts.items())]
    return out + _table(["Severity", "Code", "Count", "First of them"], rows, right={2})
