"""``ghgcalc inventory FILE``: a GPC inventory on screen or in files."""

from __future__ import annotations

import io
from enum import Enum
from pathlib import Path

import typer

from ghgcalc.cli.render import EXIT_DATA, EXIT_OK, EXIT_USAGE, render_problems, run_guarded, stderr_console, \
    stdout_console


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    xlsx = "xlsx"


class Gwp(str, Enum):
    AR4 = "AR4"
    AR5 = "AR5"
    AR6 = "AR6"


class LevelChoice(str, Enum):
    BASIC = "BASIC"
    BASIC_PLUS = "BASIC+"


def inventory(
    file: Path = typer.Argument(..., help="Activity data: a .xlsx workbook (sheets activity, inventory, "
                                          "notation_keys, factors) or a .csv with ghgcalc.toml beside it."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file; the format follows its "
                                       "suffix (.json, .csv, .md, .xlsx) unless --format is given."),
    fmt: OutputFormat | None = typer.Option(None, "-f", "--format", help="table (terminal), csv, json, md or xlsx."),
    gwp: Gwp | None = typer.Option(None, "--gwp", help="GWP set for CO2e (100-year). Default: the file's, else AR5."),
    year: int | None = typer.Option(None, "--year", help="Inventory year (overrides the file)."),
    city: str | None = typer.Option(None, "--city", help="City name (overrides the file)."),
    region: str | None = typer.Option(None, "--region", help="Default region code, e.g. an eGRID subregion (CAMX)."),
    country: str | None = typer.Option(None, "--country", help="ISO 3166 country code, e.g. US."),
    population: float | None = typer.Option(None, "--population", help="Population, for per-capita totals."),
    level: LevelChoice | None = typer.Option(None, "--level", help="Completeness target: BASIC or BASIC+."),
    factors: str | None = typer.Option(None, "--factors", help="Factor tables: a profile (us), SET@EDITION list "
                                       "(epa-ghg-hub@2025,egrid@2023) or a folder of your own tables."),
    tnd: bool | None = typer.Option(None, "--tnd/--no-tnd", help="Scope-3 T&D losses of grid electricity "
                                    "(default: on for BASIC+, off for BASIC)."),
    strict: bool = typer.Option(False, "--strict", help="Lines of the level with neither data nor a notation key "
                                "are errors."),
    decimal: str = typer.Option(".", "--decimal", help="Decimal separator of numbers written as text: . or ,"),
    trail: bool = typer.Option(False, "--trail", help="With -o NAME.csv, also write the per-row trail "
                               "(NAME.trail.csv beside it). With -o NAME.json, a trail too long for the document "
                               "(over 100,000 rows) goes to NAME.trail.jsonl one line per row, not one per "
                               "calculation."),
    json_problems: bool = typer.Option(False, "--json", help="Problems as JSON on stderr, for machines."),
    max_bytes: str | None = typer.Option(None, "--max-bytes", help="Largest CSV read, e.g. 1G (default 128M, or "
                                         "GHGCALC_MAX_BYTES); a workbook may unpack to 4 times this."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Calculate a GPC inventory from an activity file.

    Every GPC line (I.1.1 … VI.1) is shown with per-gas tonnes, t CO2e, biogenic CO2 apart and
    notation keys, then the BASIC, BASIC+, territorial and scope totals.

    Examples:

      ghgcalc inventory examples/springfield_2023.xlsx

      ghgcalc inventory city.csv --year 2023 --region CAMX -o city.json

      ghgcalc inventory city.xlsx --level BASIC+ --gwp AR6 -o report.csv --trail

    Exit codes: 0 done, 1 the data had problems (listed on stderr), 2 usage error.
    """
    def body() -> int:
        from ghgcalc.engine import calculate
        from ghgcalc.errors import UsageError
        from ghgcalc.reporters import SUFFIX_FORMATS

        chosen = fmt.value if fmt else (SUFFIX_FORMATS.get(output.suffix.casefold(), "") if output else "table")
        if not chosen:
            raise UsageError(f"cannot tell the format from {output.name!r}; add --format csv|json|md")
        if trail and not (output is not None and chosen in ("csv", "json")):
            raise UsageError("--trail writes the per-row trail beside a CSV or JSON output: add -o NAME.csv "
                             "or -o NAME.json")
        if decimal not in (".", ","):
            raise UsageError("--decimal takes . or ,")
        if output is not None and output.resolve() == file.resolve():
            raise UsageError(f"refusing to write the output over the input file {file.name}")
        if chosen == "xlsx" and output is None:
            raise UsageError("Excel output needs a file: add -o report.xlsx")
        settings = {"year": year, "city": city, "region": region, "country": country, "population": population,
                    "gwp": gwp.value if gwp else None, "level": level.value if level else None,
                    "factors": factors, "tnd": tnd}
        from ghgcalc.readers import read_input
        data = read_input(file, max_bytes=max_bytes, decimal=decimal)
        _refuse_overwriting_inputs(data, output, trail)
        result = calculate(data, decimal=decimal, strict=strict, **settings)
        render_problems(result.problems, as_json=json_problems)
        if result.config is None:
            return EXIT_DATA
        _emit(result, chosen, output, trail)
        return EXIT_OK if result.ok else EXIT_DATA

    run_guarded(body, debug=debug, json_problems=json_problems)


def _refuse_overwriting_inputs(data, output: Path | None, trail: bool) -> None:
    """Never write over a file the inventory was read from: the activity file, ghgcalc.toml and the
    companion files it names (notation keys, custom factors, waste tables), also through links."""
    from ghgcalc.errors import UsageError

    if output is None:
        return
    inputs = {data.path.resolve()} | {(data.path.parent / name).resolve() for name in data.companions}
    inputs |= {p.resolve() for p in (data.waste_history_path, data.waste_parameters_path) if p is not None}
    targets = [output, output.with_name(output.stem + ".trail.jsonl")] + \
        ([output.with_name(output.stem + ".trail.csv")] if trail else [])
    for target in targets:
        if target.resolve() in inputs:
            raise UsageError(f"refusing to write over {target.name}, which this inventory reads; choose another "
                             "output name")


def _emit(result, chosen: str, output: Path | None, trail: bool) -> None:
    from ghgcalc.reporters import write_atomic
    from ghgcalc.reporters.csv import lines_csv, trail_csv
    from ghgcalc.reporters.json import render_json
    from ghgcalc.reporters.markdown import render_markdown
    from ghgcalc.reporters.table import render_table

    if chosen == "xlsx":
        from ghgcalc.reporters.excel import write_excel
        write_excel(result, output)
        stderr_console().print(f"wrote {output}")
        return
    if chosen == "table":
        if output is None:
            render_table(result, stdout_console())
            return
        from rich.console import Console
        console = Console(record=True, width=140, file=io.StringIO())
        render_table(result, console)
        write_atomic(output, console.export_text().encode("utf-8"))
        return
    if chosen == "json" and output is not None:  # a long trail goes beside the document
        from ghgcalc.reporters import json as json_reporter
        beside = json_reporter.write_json(result, output, inline_rows=json_reporter.TRAIL_INLINE_ROWS, per_row=trail)
        shape = "one line per row" if trail else "one line per calculation; --trail writes one line per row"
        stderr_console().print(f"wrote {output}" + (f" and its trail {beside} ({result.trail_rows} rows, {shape})"
                                                    if beside else ""))
        return
    payload = {"json": lambda: render_json(result).encode("utf-8"), "csv": lambda: lines_csv(result),
               "md": lambda: render_markdown(result).encode("utf-8")}[chosen]()
    if output is None:
        typer.echo(payload.decode("utf-8"), nl=False)
    else:
        write_atomic(output, payload)
        if chosen == "csv" and trail:
            write_atomic(output.with_name(output.stem + ".trail.csv"), trail_csv(result))
        stderr_console().print(f"wrote {output}")


def register(app: typer.Typer) -> None:
    app.command("inventory")(inventory)


__all__ = ["register", "EXIT_USAGE"]
