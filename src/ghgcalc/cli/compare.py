"""``ghgcalc compare BASE CURRENT``: two inventories side by side, and why they differ."""

from __future__ import annotations

import io
from enum import Enum
from pathlib import Path

import typer

from ghgcalc.cli.render import EXIT_DATA, EXIT_OK, render_problems, run_guarded, stderr_console, stdout_console


class MilestoneFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"
    xlsx = "xlsx"


class TotalChoice(str, Enum):
    basic = "basic"
    basic_plus = "basic_plus"
    territorial = "territorial"


OUTPUT_HELP = "Write to this file; the format follows its suffix (.json, .md, .xlsx, .txt) unless --format is given."
FORMAT_HELP = "table (terminal), json, md or xlsx (xlsx needs -o)."
TOTAL_HELP = "Which GPC total the headline and the sector table use."


def compare(
    base: Path = typer.Argument(..., help="Base-year inventory: an input file (CSV with ghgcalc.toml, or a "
                                          "workbook) or a JSON output of `ghgcalc inventory`."),
    current: Path = typer.Argument(..., help="Current inventory, the same kinds of file."),
    output: Path | None = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    fmt: MilestoneFormat | None = typer.Option(None, "-f", "--format", help=FORMAT_HELP),
    total: TotalChoice = typer.Option(TotalChoice.basic, "--total", help=TOTAL_HELP),
    recalculate_base: bool = typer.Option(False, "--recalculate-base", help="Calculate the base year again with the "
                                          "current inventory's factor editions, GWP set and T&D setting, compare "
                                          "against that, and log what changed. BASE must be an input file."),
    threshold: str = typer.Option("5%", "--threshold", help="Change of the base-year total from which the "
                                  "recalculation is significant."),
    decimal: str = typer.Option(".", "--decimal", help="Decimal separator of numbers written as text: . or ,"),
    json_problems: bool = typer.Option(False, "--json", help="Problems as JSON on stderr, for machines."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Compare two inventories by GPC line, sector, scope and total.

    The change is split into activity, emission-factor and GWP effects (additive LMDI-I, exact);
    lines that went from a notation key to a number, or back, are completeness changes.

    Examples:

      ghgcalc compare city_2019.xlsx city_2023.xlsx

      ghgcalc compare base_2019.json current_2023.json -o comparison.xlsx

      ghgcalc compare city_2019.xlsx city_2023.xlsx --recalculate-base --threshold 5%

    Exit codes: 0 done, 1 an inventory had problems (listed on stderr), 2 usage error.
    """
    def body() -> int:
        from ghgcalc.milestones.compare import compare_inventories
        from ghgcalc.milestones.targets import parse_percent
        from ghgcalc.reporters import milestones as writers

        chosen = choose_format(fmt, output, base, current)
        share = parse_percent(threshold, name="--threshold")
        result = compare_inventories(base, current, total=total.value, recalculate_base=recalculate_base,
                                     threshold=share, decimal=check_decimal(decimal))
        render_problems(result.problems, as_json=json_problems)
        if not result.computed:
            return EXIT_DATA
        emit(chosen, output, table=lambda console: writers.print_comparison(result, console),
             json=lambda: writers.render_json(writers.comparison_document(result)),
             md=lambda: writers.comparison_markdown(result), xlsx=lambda: writers.comparison_workbook(result))
        return EXIT_OK if result.ok else EXIT_DATA

    run_guarded(body, debug=debug)


def check_decimal(decimal: str) -> str:
    from ghgcalc.errors import UsageError

    if decimal not in (".", ","):
        raise UsageError("--decimal takes . or ,")
    return decimal


def choose_format(fmt: MilestoneFormat | None, output: Path | None, *inputs: Path) -> str:
    """The output format from --format, else from the output's suffix, else the terminal table."""
    from ghgcalc.errors import UsageError
    from ghgcalc.reporters import SUFFIX_FORMATS

    chosen = fmt.value if fmt else (SUFFIX_FORMATS.get(output.suffix.casefold(), "") if output else "table")
    if chosen not in {f.value for f in MilestoneFormat}:
        raise UsageError(f"cannot write {output.name!r} in this format: use .json, .md, .xlsx or .txt (or --format)")
    if chosen == "xlsx" and output is None:
        raise UsageError("xlsx output needs a file: add -o FILE.xlsx")
    if output is not None and any(output.resolve() == Path(i).resolve() for i in inputs):
        raise UsageError(f"refusing to write the output over the input file {output.name}")
    return chosen


def emit(chosen: str, output: Path | None, *, table, json, md, xlsx) -> None:
    """Render to the terminal or write a file atomically, as ``chosen`` says."""
    from ghgcalc.reporters import write_atomic

    if chosen == "table":
        if output is None:
            table(stdout_console())
            return
        from rich.console import Console
        console = Console(record=True, width=160, file=io.StringIO())
        table(console)
        payload = console.export_text().encode("utf-8")
    elif chosen == "xlsx":
        payload = xlsx()
    else:
        text = json() if chosen == "json" else md()
        if output is None:
            typer.echo(text, nl=False)
            return
        payload = text.encode("utf-8")
    write_atomic(output, payload)
    stderr_console().print(f"wrote {output}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
