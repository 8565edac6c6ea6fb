"""``ghgcalc trend FILES…``: several inventories as a time series by sector."""

from __future__ import annotations

from pathlib import Path

import typer

from ghgcalc.cli.compare import (FORMAT_HELP, OUTPUT_HELP, MilestoneFormat, TotalChoice, check_decimal,
                                 choose_format, emit)
from ghgcalc.cli.render import EXIT_DATA, EXIT_OK, render_problems, run_guarded


def trend(
    files: list[Path] = typer.Argument(..., help="Inventories, one per year, in any order: input files or JSON "
                                                 "outputs of `ghgcalc inventory`."),
    total: TotalChoice = typer.Option(TotalChoice.basic, "--total", help="Which GPC lines count."),
    output: Path | None = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    fmt: MilestoneFormat | None = typer.Option(None, "-f", "--format", help=FORMAT_HELP),
    decimal: str = typer.Option(".", "--decimal", help="Decimal separator of numbers written as text: . or ,"),
    json_problems: bool = typer.Option(False, "--json", help="Problems as JSON on stderr, for machines."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Show emissions by sector over the years, sorted by year.

    Examples:

      ghgcalc trend city_2019.xlsx city_2021.xlsx city_2023.xlsx

      ghgcalc trend out/*.json -o trend.xlsx

    Exit codes: 0 done, 1 an inventory had problems (listed on stderr), 2 usage error.
    """
    def body() -> int:
        from ghgcalc.milestones.load import load_snapshot
        from ghgcalc.milestones.trend import build_trend
        from ghgcalc.reporters import milestones as writers

        chosen = choose_format(fmt, output, *files)
        separator = check_decimal(decimal)
        snapshots = [load_snapshot(path, decimal=separator) for path in files]
        render_problems([p for s in snapshots for p in s.problems], as_json=json_problems)
        if any(s.year is None for s in snapshots):
            return EXIT_DATA
        result = build_trend(snapshots, total=total.value)
        emit(chosen, output, table=lambda console: writers.print_trend(result, console),
             json=lambda: writers.render_json(writers.trend_document(result)),
             md=lambda: writers.trend_markdown(result), xlsx=lambda: writers.trend_workbook(result))
        return EXIT_OK if result.ok else EXIT_DATA

    run_guarded(body, debug=debug)


def register(app: typer.Typer) -> None:
    app.command("trend")(trend)
