"""``ghgcalc target BASE CURRENT``: a reduction target, its pathway and where the city stands."""

from __future__ import annotations

from pathlib import Path

import typer

from ghgcalc.cli.compare import (FORMAT_HELP, OUTPUT_HELP, MilestoneFormat, TotalChoice, check_decimal, choose_format,
                                 emit)
from ghgcalc.cli.render import EXIT_DATA, EXIT_OK, render_problems, run_guarded


def target(
    base: Path = typer.Argument(..., help="Base-year inventory: an input file or a JSON output of "
                                          "`ghgcalc inventory`."),
    current: Path = typer.Argument(..., help="Current inventory, the same kinds of file."),
    by: int = typer.Option(..., "--by", help="Target year, e.g. 2030."),
    reduction: str | None = typer.Option(None, "--reduction", help="Reduction below the base year, e.g. 50%."),
    absolute: float | None = typer.Option(None, "--absolute", help="Target emissions in t CO2e."),
    per_capita: float | None = typer.Option(None, "--per-capita", help="Target emissions in t CO2e per person "
                                            "(both inventories need a population)."),
    total: TotalChoice = typer.Option(TotalChoice.basic, "--total", help="Which GPC total the target is about."),
    output: Path | None = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    fmt: MilestoneFormat | None = typer.Option(None, "-f", "--format", help=FORMAT_HELP),
    decimal: str = typer.Option(".", "--decimal", help="Decimal separator of numbers written as text: . or ,"),
    json_problems: bool = typer.Option(False, "--json", help="Problems as JSON on stderr, for machines."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Check progress against a target on a straight-line pathway from the base year.

    Prints "on track" or "behind by N t CO2e", and the reduction needed each year from now on.
    Give one of --reduction, --absolute or --per-capita.

    Examples:

      ghgcalc target city_2019.xlsx city_2023.xlsx --reduction 50% --by 2030

      ghgcalc target base.json current.json --absolute 150000 --by 2035 -o target.xlsx

    Exit codes: 0 done, 1 an inventory had problems (listed on stderr), 2 usage error.
    """
    def body() -> int:
        from ghgcalc.milestones.load import load_snapshot
        from ghgcalc.milestones.targets import assess_target, parse_percent
        from ghgcalc.reporters import milestones as writers

        chosen = choose_format(fmt, output, base, current)
        share = parse_percent(reduction, name="--reduction") if reduction is not None else None
        separator = check_decimal(decimal)
        snapshots = [load_snapshot(path, decimal=separator) for path in (base, current)]
        problems = [p for s in snapshots for p in s.problems]
        render_problems(problems, as_json=json_problems)
        if any(s.year is None for s in snapshots):
            return EXIT_DATA
        result = assess_target(*snapshots, by=by, reduction=share, absolute=absolute, per_capita=per_capita,
                               total=total.value)
        emit(chosen, output, table=lambda console: writers.print_target(result, console),
             json=lambda: writers.render_json(writers.target_document(result)),
             md=lambda: writers.target_markdown(result), xlsx=lambda: writers.target_workbook(result))
        return EXIT_OK if result.ok else EXIT_DATA

    run_guarded(body, debug=debug)


def register(app: typer.Typer) -> None:
    app.command("target")(target)
