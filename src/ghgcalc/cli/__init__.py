"""The ``ghgcalc`` command. Only this package imports typer and rich.

Each command module parses its arguments, calls one library function and hands the result to
``render``; heavy modules (pandas, pint, openpyxl) are imported inside the commands so that
``ghgcalc --help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import typer

from ghgcalc._version import __version__
from ghgcalc.cli import activities, factors, inventory, schema, template
from ghgcalc.cli import compare, target, trend
from ghgcalc.cli import batch

app = typer.Typer(
    name="ghgcalc",
    help="Community greenhouse-gas inventories (GPC) from activity data, with cited emission-factor tables.\n\n"
         "Start with: ghgcalc inventory examples/springfield_2023.xlsx",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ghgcalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Community greenhouse-gas inventories (GPC) from activity data."""


inventory.register(app)
batch.register(app)
schema.register(app)
activities.register(app)
template.register(app)
compare.register(app)
target.register(app)
trend.register(app)
app.add_typer(factors.app, name="factors")


def main() -> None:
    app()
