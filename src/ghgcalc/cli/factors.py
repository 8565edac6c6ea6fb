"""``ghgcalc factors list|show|validate``: the factor tables as a product."""

from __future__ import annotations

from pathlib import Path

import typer

from ghgcalc.cli.render import EXIT_DATA, EXIT_OK, render_problems, run_guarded, stdout_console

app = typer.Typer(help="List, show and validate emission-factor tables.", no_args_is_help=True)


@app.command("list")
def list_sets(debug: bool = typer.Option(False, "--debug", help="Show tracebacks.")) -> None:
    """Every shipped factor set and edition with publisher, data year, licence, rows and hash."""
    def body() -> int:
        from rich.table import Table

        from ghgcalc.factors.load import load_shipped_sets
        table = Table(title="Shipped factor tables", title_justify="left", header_style="bold")
        for header in ("set@edition", "publisher", "data year", "basis", "licence", "rows", "sha256"):
            table.add_column(header, overflow="fold")
        for s in load_shipped_sets():
            rows = _row_count(s)
            digest = _combined_hash(s.table_hashes)
            table.add_row(s.key, s.meta.publisher, str(s.meta.data_year or "—"), s.meta.heating_value_basis,
                          s.meta.licence, str(rows), digest[:12])
        stdout_console().print(table)
        return EXIT_OK
    run_guarded(body, debug=debug)


@app.command("validate")
def validate(
    paths: list[Path] = typer.Argument(None, help="Folders of factor tables (default: the shipped tables)."),
    json_problems: bool = typer.Option(False, "--json", help="Problems as JSON on stderr."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Check factor tables against every rule of the factor-table format; exit 1 on any problem.

    Run it in CI on your own tables: ghgcalc factors validate my_factors/
    """
    def body() -> int:
        from ghgcalc.factors.load import find_set_folders, load_factor_set, shipped_root
        from ghgcalc.factors.validate import validate_sets
        folders = [f for p in (paths or [shipped_root()]) for f in find_set_folders(p)]
        if not folders:
            from ghgcalc.errors import UsageError
            raise UsageError("no factor_set.toml found under " + ", ".join(map(str, paths)))
        sets = [load_factor_set(f.resolve()) for f in folders]
        problems = validate_sets(sets)
        render_problems(problems, as_json=json_problems)
        rows = sum(_row_count(s) for s in sets)
        stdout_console().print(f"{len(sets)} factor set edition(s), {rows} rows: "
                               + ("valid" if not problems else f"{len(problems)} problem(s)"))
        return EXIT_DATA if problems else EXIT_OK
    run_guarded(body, debug=debug)


@app.command("show")
def show(
    key: str = typer.Argument(..., help="SET@EDITION, e.g. egrid@2023 (see `ghgcalc factors list`)."),
    fmt: str = typer.Option("table", "-f", "--format", help="table, csv or json."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """The rows of one edition with its citation."""
    def body() -> int:
        import json

        from ghgcalc.factors.select import find_edition
        s = find_edition(key)
        frames = {"factors": s.factors, "heat_content": s.heat_content, "grid_loss": s.grid_loss, "gwp": s.gwp,
                  "parameters": getattr(s, "parameters", None)}
        frames = {k: v for k, v in frames.items() if v is not None}
        frames = {k: v.drop(columns=["_file", "_row", "set_id", "edition"]) for k, v in frames.items() if not v.empty}
        if fmt == "json":
            doc = {"set": s.meta.model_dump(mode="json"), "table_sha256": s.table_hashes,
                   "rows": {k: v.to_dict("records") for k, v in frames.items()}}
            typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
            return EXIT_OK
        if fmt == "csv":
            for name, frame in frames.items():
                typer.echo(frame.assign(kind=name).to_csv(index=False, lineterminator="\n"), nl=False)
            return EXIT_OK
        from rich.table import Table
        console = stdout_console()
        m = s.meta
        console.print(f"[bold]{m.id}@{m.edition}[/bold] — {m.publisher}, {m.title} ({m.publication_date})\n"
                      f"{m.url}\nlicence: {m.licence}; data year {m.data_year}; {m.heating_value_basis} basis")
        for name, frame in frames.items():
            table = Table(title=name, title_justify="left", header_style="bold")
            shown = [c for c in frame.columns if c not in ("notes", "table")]
            for column in shown:
                table.add_column(column, overflow="fold")
            for rec in frame[shown].itertuples(index=False, name=None):  # a factor table, not activity rows
                table.add_row(*map(str, rec))
            console.print(table)
        return EXIT_OK
    run_guarded(body, debug=debug)


@app.command("diff")
def diff(
    old: str = typer.Argument(..., help="The edition to compare from, e.g. egrid@2022."),
    new: str = typer.Argument(..., help="The edition to compare to, e.g. egrid@2023."),
    inventory_file: Path | None = typer.Option(None, "--inventory", help="Also show how the change moves this "
                                               "inventory's lines (t CO2e)."),
    fmt: str = typer.Option("table", "-f", "--format", help="table, csv or json."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Added, removed and changed factors between two editions (unit-aware), with % change."""
    def body() -> int:
        from ghgcalc.factors.compare import diff_factor_sets, inventory_effect
        from ghgcalc.factors.select import find_edition
        a, b = find_edition(old), find_edition(new)
        changes = diff_factor_sets(a, b)
        effect = inventory_effect(inventory_file, a, b) if inventory_file is not None else None
        if fmt in ("csv", "json"):
            frame = changes if effect is None else effect
            typer.echo(frame.to_csv(index=False, lineterminator="\n") if fmt == "csv"
                       else frame.to_json(orient="records", indent=2), nl=fmt == "json")
            return EXIT_OK
        from rich.table import Table

        from ghgcalc.reporters.table import format_tonnes
        console = stdout_console()
        counts = changes["status"].value_counts().to_dict()
        console.print(f"{a.key} → {b.key}: " + ", ".join(f"{counts.get(k, 0)} {k}" for k in
                                                          ("changed", "added", "removed")))
        table = Table(header_style="bold")
        for header in ("status", "activity", "applies_to", "region", "model_year", "gas", "old", "new", "unit",
                       "change %"):
            table.add_column(header, justify="right" if header in ("old", "new", "change %") else "left")
        for rec in changes.itertuples(index=False):  # factor rows, not activity rows
            table.add_row(rec.status, rec.activity, rec.applies_to, rec.region, rec.model_year, rec.gas,
                          _fmt(rec.old_value), _fmt(rec.new_value), rec.unit,
                          "" if rec.change_pct != rec.change_pct else f"{rec.change_pct:+.2f}")
        console.print(table)
        if effect is not None:
            moved = Table(title=f"Effect on {inventory_file.name} (t CO2e)", title_justify="left",
                          header_style="bold")
            for header in ("GPC ref", a.key, b.key, "change"):
                moved.add_column(header, justify="left" if header == "GPC ref" else "right")
            for rec in effect.itertuples(index=False):
                moved.add_row(rec.gpc_ref, format_tonnes(rec.old_co2e_t), format_tonnes(rec.new_co2e_t),
                              format_tonnes(rec.change_t))
            console.print(moved)
        return EXIT_OK
    run_guarded(body, debug=debug)


def _fmt(value: float) -> str:
    return "" if value != value else f"{value:.6g}"


def _row_count(factor_set) -> int:
    return sum(len(getattr(factor_set, kind, ())) for kind in ("factors", "heat_content", "grid_loss", "gwp",
                                                                "parameters"))


def _combined_hash(hashes: dict[str, str]) -> str:
    import hashlib
    digest = hashlib.sha256()
    for name in sorted(hashes):
        digest.update(f"{name}:{hashes[name]}\n".encode())
    return digest.hexdigest()
