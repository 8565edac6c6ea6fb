"""``ghgcalc activities``: the activity keys, their units and GPC lines."""

from __future__ import annotations

from enum import Enum

import typer


class ListFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class Category(str, Enum):
    fuel = "fuel"
    grid_electricity = "grid_electricity"
    grid_heat = "grid_heat"
    vehicle_distance = "vehicle_distance"


def activities(
    fmt: ListFormat = typer.Option(ListFormat.table, "-f", "--format", help="table, csv or json."),
    category: Category | None = typer.Option(None, "--category", help="Only this category."),
) -> None:
    """List the activity keys for the `activity` column, with their units and the GPC lines they fit."""
    from ghgcalc.activities import activity_catalogue
    from ghgcalc.cli.render import stdout_console

    catalogue = activity_catalogue()
    if category:
        catalogue = catalogue[catalogue["category"].eq(category.value)]
    columns = ["activity", "label", "category", "dimensions", "default_unit", "lines", "biogenic_co2"]
    if fmt is ListFormat.csv:
        typer.echo(catalogue[columns].to_csv(index=False, lineterminator="\n"), nl=False)
        return
    if fmt is ListFormat.json:
        typer.echo(catalogue[columns].to_json(orient="records", indent=2))
        return
    from rich.table import Table

    table = Table(title="Activity keys", title_justify="left", header_style="bold")
    for header in ("activity", "label", "measured as", "e.g.", "GPC lines"):
        table.add_column(header, overflow="fold")
    for rec in catalogue[columns].to_dict("records"):  # the catalogue, not activity rows
        table.add_row(rec["activity"], rec["label"], rec["dimensions"].replace(";", ", "), rec["default_unit"],
                      rec["lines"])
    stdout_console().print(table)


def register(app: typer.Typer) -> None:
    app.command("activities")(activities)
