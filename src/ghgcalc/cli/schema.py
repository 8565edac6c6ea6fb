"""``ghgcalc schema``: the JSON schema of the inventory output."""

from __future__ import annotations

import typer


def schema() -> None:
    """Print the JSON schema of `ghgcalc inventory --format json` output."""
    import json

    from ghgcalc.schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, sort_keys=True))


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
