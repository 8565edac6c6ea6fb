"""The terminal view: a rich table of every GPC line and the totals."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from ghgcalc.inventory import Inventory


def format_tonnes(value: float | None) -> str:
    """Display precision for tonnes: whole tonnes from 1,000 t, one decimal from 1 t, else 3 decimals.

    Files keep full precision; this is for reading on screen only.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.1f}"
    if value != 0 and abs(value) < 0.0005:
        return "<0.001" if value > 0 else ">-0.001"
    return f"{value:.3f}"


def render_table(inventory: Inventory, console: Console) -> None:
    """Print the GPC table, the totals and the factor editions used."""
    from rich.table import Table
    from rich.text import Text

    config = inventory.config
    title = f"GPC inventory: {config.city or 'city'} {config.year}" if config else "GPC inventory"
    table = Table(title=title, title_justify="left", header_style="bold", show_lines=False, pad_edge=False,
                  caption=f"t = metric tonnes; CO2e with {config.gwp} 100-year GWPs; biogenic CO2 reported apart"
                  if config else None, caption_justify="left")
    # On a narrow terminal the sub-sector names go (the GPC reference says the same); numbers never do.
    wide = console.width >= 110
    table.add_column("GPC ref", no_wrap=True, min_width=7)
    if wide:
        table.add_column("Sub-sector", overflow="ellipsis", no_wrap=True, min_width=8,
                         max_width=max(8, min(44, console.width - 92)))
    table.add_column("Sc", justify="center", no_wrap=True)
    for header in ("CO2 t", "CH4 t", "N2O t", "t CO2e", "CO2(b) t"):
        table.add_column(header, justify="right", no_wrap=True, min_width=6)
    table.add_column("Key", justify="center", no_wrap=True)
    table.add_column("DQ", justify="center", no_wrap=True)
    sector = None
    for rec in inventory.lines.to_dict("records"):  # the 53 GPC lines, not activity rows
        if rec["sector"] != sector:
            sector = rec["sector"]
            table.add_section()
            if wide:
                table.add_row(Text(rec["sector_number"], style="bold cyan"), Text(sector, style="bold cyan"))
            else:
                table.add_row(Text(rec["sector_number"], style="bold cyan"))
        hidden = rec["notation_key"] == "C"
        key = rec["notation_key"] or ""
        style = "dim" if key and not rec["has_data"] else None
        values = ["", "", "", "", ""] if hidden else [format_tonnes(rec.get(c)) for c in
                                                      ("co2_t", "ch4_t", "n2o_t", "co2e_t", "co2_biogenic_t")]
        dq = "/".join(q for q in (rec.get("data_quality_activity"), rec.get("data_quality_factor")) if q)
        table.add_row(rec["gpc_ref"], *([rec["subsector"]] if wide else []), str(rec["scope"]), *values,
                      Text(key, style="yellow" if rec.get("notation_default") else None), dq, style=style)
    console.print(table)
    totals = Table(title="Totals (t CO2e)", title_justify="left", header_style="bold", pad_edge=False)
    totals.add_column("Total")
    totals.add_column("t CO2e", justify="right")
    per_capita = inventory.totals.get("per_capita")
    if per_capita:
        totals.add_column("t CO2e per person", justify="right")
    names = {"basic": "BASIC", "basic_plus": "BASIC+", "territorial": "Territorial (scope 1)", "scope1": "Scope 1",
             "scope2": "Scope 2", "scope3": "Scope 3 (in GPC totals)"}
    for key, label in names.items():
        row = [label, format_tonnes(inventory.totals.get(key, 0.0))]
        if per_capita:
            row.append(f"{per_capita[key]:.2f}" if key in per_capita else "")
        totals.add_row(*row)
    biogenic = inventory.totals.get("co2_biogenic_t", 0.0)
    if biogenic:
        totals.add_row(Text("Biogenic CO2 (not in totals)", style="dim"), Text(format_tonnes(biogenic), style="dim"))
    console.print(totals)
    by_sector = Table(title="By sector (t CO2e)", title_justify="left", header_style="bold", pad_edge=False)
    for header in ("Sector", "BASIC", "BASIC+", "Territorial"):
        by_sector.add_column(header, justify="left" if header == "Sector" else "right")
    for sector_name, values in inventory.totals.get("by_sector", {}).items():
        by_sector.add_row(sector_name, *(format_tonnes(values[k]) for k in ("basic", "basic_plus", "territorial")))
    console.print(by_sector)
    if not wide:
        console.print("[dim]sectors: I stationary energy · II transportation · III waste · IV IPPU · V AFOLU · "
                      "VI other scope 3[/dim]")
    for table_meta in inventory.metadata.get("factor_tables", []):
        console.print(f"[dim]factors: {table_meta['set']}@{table_meta['edition']} — {table_meta['chosen_because']}[/dim]")
    used = inventory.factors_used
    if not used.empty and used["set_id"].eq("custom").any():
        custom = used[used["set_id"].eq("custom")]
        console.print(f"[dim]factors: {len(custom)} custom factor(s) from {custom['edition'].iloc[0]}: "
                      + ", ".join(custom["factor_id"].head(6)) + ("…" if len(custom) > 6 else "") + "[/dim]")
