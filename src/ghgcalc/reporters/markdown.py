"""Markdown report: summary, GPC table, notation keys and factor sources, ready to paste."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghgcalc.reporters.table import format_tonnes

if TYPE_CHECKING:
    from ghgcalc.inventory import Inventory


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def render_markdown(inventory: Inventory) -> str:
    config = inventory.config
    out = [f"# GHG inventory: {config.city or 'city'} {config.year}", ""]
    out += [f"GPC level: {config.level}. CO2e with IPCC {config.gwp} 100-year GWPs. "
            f"Made by ghgcalc {inventory.metadata['ghgcalc_version']} from `{inventory.metadata['input']['file']}` "
            f"(sha256 `{inventory.metadata['input']['sha256'][:12]}…`).", ""]
    out += ["## Totals", "", "| Total | t CO2e |", "|---|---:|"]
    names = {"basic": "BASIC", "basic_plus": "BASIC+", "territorial": "Territorial", "scope1": "Scope 1",
             "scope2": "Scope 2", "scope3": "Scope 3"}
    out += [f"| {label} | {format_tonnes(inventory.totals[key])} |" for key, label in names.items()]
    out += ["", "## GPC table", "",
            "| GPC ref | Sector | Sub-sector | Scope | CO2 t | CH4 t | N2O t | t CO2e | CO2(b) t | Key |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for rec in inventory.lines.to_dict("records"):  # 53 GPC lines
        hidden = rec["notation_key"] == "C"
        values = [""] * 5 if hidden else [format_tonnes(rec.get(c)) for c in
                                          ("co2_t", "ch4_t", "n2o_t", "co2e_t", "co2_biogenic_t")]
        out.append(f"| {rec['gpc_ref']} | {_cell(rec['sector'])} | {_cell(rec['subsector'])} | {rec['scope']} | "
                   + " | ".join(values) + f" | {rec['notation_key']} |")
    keyed = inventory.lines[inventory.lines["notation_key"].ne("")]
    out += ["", "## Notation keys", "", "| GPC ref | Key | Explanation |", "|---|---|---|"]
    out += [f"| {r} | {k} | {_cell(e)} |" for r, k, e in
            zip(keyed["gpc_ref"], keyed["notation_key"], keyed["notation_explanation"])]
    out += ["", "## Emission factor sources", ""]
    for t in inventory.metadata["factor_tables"]:
        out.append(f"- {t['publisher']}, *{t['title']}*, edition {t['edition']} ({t['url']}); {t['licence']}.")
    out.append("")
    return "\n".join(out)
