"""``ghgcalc template FILE``: a blank input workbook with dropdowns, to fill in by hand."""

from __future__ import annotations

from pathlib import Path

import typer

from ghgcalc.cli.render import EXIT_OK, run_guarded, stderr_console


def template(
    file: Path = typer.Argument(..., help="The workbook to write, e.g. input.xlsx."),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Write a blank input workbook: sheets activity, inventory, notation_keys, factors and README.

    Dropdowns offer the GPC lines, activity keys, units and notation keys; row 2 of the activity
    sheet is an example. Fill it in and run `ghgcalc inventory FILE`.

    Examples:

      ghgcalc template city_2023.xlsx

      ghgcalc template city_2023.xlsx --force

    Exit codes: 0 written, 2 usage error (FILE exists without --force, or is not .xlsx).
    """
    def body() -> int:
        from ghgcalc.template import write_template

        written = write_template(file, force=force)
        stderr_console().print(f"wrote {written}")
        return EXIT_OK

    run_guarded(body, debug=debug)


def register(app: typer.Typer) -> None:
    app.command("template")(template)
