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
            rows = len(s.factors) + len(s.heat_content) + len(s.grid_loss) + len(s.gwp)
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
    """Check factor tables against every rule of SPEC §3.3; exit 1 on any problem (for CI)."""
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
        rows = sum(len(s.factors) + len(s.heat_content) + len(s.grid_loss) + len(s.gwp) for s in sets)
        stdout_console().print(f"{len(sets)} factor set edition(s), {rows} rows: "
                               + ("valid" if not problems else f"{len(problems)} problem(s)"))
        return EXIT_DATA if problems else EXIT_OK
    run_guarded(body, debug=debug)


def _combined_hash(hashes: dict[str, str]) -> str:
    import hashlib
    digest = hashlib.sha256()
    for name in sorted(hashes):
        digest.update(f"{name}:{hashes[name]}\n".encode())
    return digest.hexdigest()
