"""``ghgcalc batch INPUTS… -o OUTDIR``: many inventories in one process pool, with a summary."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from ghgcalc.cli.render import EXIT_DATA, EXIT_OK, render_problems, run_guarded, stderr_console
from ghgcalc.cli.inventory import Gwp, LevelChoice


class BatchFormat(str, Enum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def batch(
    inputs: list[str] = typer.Argument(..., help="Activity files, folders (their .xlsx/.csv files) or glob "
                                                 "patterns such as 'cities/*.xlsx' (quote them; ** recurses)."),
    outdir: Path = typer.Option(..., "-o", "--output-dir", help="Folder for one output per input and summary.csv "
                                "(created when missing)."),
    jobs: int | None = typer.Option(None, "-j", "--jobs", min=1, help="Worker processes (default: the number of "
                                    "CPUs; 1 runs without a pool)."),
    fmt: BatchFormat = typer.Option(BatchFormat.json, "-f", "--format", help="json (default), csv (the GPC "
                                    "table) or xlsx."),
    gwp: Gwp | None = typer.Option(None, "--gwp", help="GWP set for every input (default: each file's, else AR5)."),
    year: int | None = typer.Option(None, "--year", help="Inventory year for every input (overrides the files)."),
    region: str | None = typer.Option(None, "--region", help="Default region code for every input."),
    country: str | None = typer.Option(None, "--country", help="ISO 3166 country code for every input."),
    level: LevelChoice | None = typer.Option(None, "--level", help="Completeness target: BASIC or BASIC+."),
    factors: str | None = typer.Option(None, "--factors", help="Factor tables for every input: a profile, "
                                       "SET@EDITION list or a folder."),
    tnd: bool | None = typer.Option(None, "--tnd/--no-tnd", help="Scope-3 T&D losses of grid electricity."),
    strict: bool = typer.Option(False, "--strict", help="Lines of the level with neither data nor a notation key "
                                "are errors."),
    decimal: str = typer.Option(".", "--decimal", help="Decimal separator of numbers written as text: . or ,"),
    max_bytes: str | None = typer.Option(None, "--max-bytes", help="Largest input read, e.g. 1G (as for "
                                         "ghgcalc inventory)."),
    json_problems: bool = typer.Option(False, "--json", help="Every input's problems as JSON on stderr."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of usage errors."),
) -> None:
    """Calculate many inventories: one output per input in OUTDIR, and OUTDIR/summary.csv.

    Inputs are calculated in parallel in one pool of worker processes. A failing input does not
    stop the others: its problems are listed, grouped by file, and the exit code is 1.

    Examples:

      ghgcalc batch inputs/ -o out/

      ghgcalc batch 'cities/*.xlsx' extra/riverton.xlsx -o out/ --jobs 4 --format csv

    Exit codes: 0 every input done without errors, 1 an input had errors or failed, 2 usage error.
    """
    def body() -> int:
        from ghgcalc.batch import run_batch
        from ghgcalc.errors import UsageError

        if decimal not in (".", ","):
            raise UsageError("--decimal takes . or ,")
        settings = {"year": year, "region": region, "country": country, "gwp": gwp.value if gwp else None,
                    "level": level.value if level else None, "factors": factors, "tnd": tnd}
        settings = {k: v for k, v in settings.items() if v is not None}
        with _progress(enabled=not quiet and not json_problems) as advance:
            result = run_batch(inputs, outdir, jobs=jobs, fmt=fmt.value, progress=advance, decimal=decimal,
                               strict=strict, max_bytes=max_bytes, **settings)
        _report(result, json_problems)
        return EXIT_OK if result.ok else EXIT_DATA

    run_guarded(body, debug=debug)


class _progress:
    """A rich progress bar on stderr, advanced by run_batch's ``progress`` callback."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bar = None
        self.task = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("[bold]inventories"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
                            console=stderr_console(), transient=False)
        self.bar.__enter__()
        self.task = self.bar.add_task("batch", total=None, failed=0)
        return self.advance

    def advance(self, item, done: int, total: int) -> None:
        failed = self.bar.tasks[0].fields["failed"] + (item.status != "ok")
        self.bar.update(self.task, completed=done, total=total, failed=failed)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _report(result, as_json: bool) -> None:
    if as_json:
        sys.stderr.write(json.dumps([{"input": item.input, "status": item.status, "output": item.output,
                                      "problems": [p.model_dump(mode="json") for p in item.problems]}
                                     for item in result.items], indent=2) + "\n")
        return
    console = stderr_console()
    for note in result.notes:
        console.print(f"[yellow]note: {_escape(note)}[/yellow]")
    for item in result.failed:  # problems grouped per failed input
        console.print(f"[bold red]{_escape(item.input)}[/bold red]: {item.errors} error(s), "
                      f"{item.warnings} warning(s)" + ("" if item.output else ", no output written"))
        render_problems([p for p in item.problems if p.severity == "error"])
    failed = len(result.failed)
    console.print(f"[bold]{len(result.items) - failed} of {len(result.items)} inventories done without errors"
                  + (f", {failed} failed" if failed else "") + f"; wrote {result.summary}[/bold]")


def _escape(text: str) -> str:
    from rich.markup import escape
    return escape(text)


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
