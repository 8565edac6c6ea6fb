"""How results and problems reach the terminal; exit codes.

Exit codes (SPEC §7): 0 done, 1 the data had problems (reported), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable

import typer

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
GROUP_SHOWN = 5


def stderr_console():
    from rich.console import Console
    return Console(stderr=True, highlight=False, soft_wrap=True)


def stdout_console():
    from rich.console import Console
    return Console(highlight=False)


def render_problems(problems: Iterable, *, as_json: bool = False) -> None:
    """Problems to stderr: one line each, at most a few per code, then a count of the rest."""
    problems = list(problems)
    if as_json:
        sys.stderr.write(json.dumps([p.model_dump(mode="json") for p in problems], indent=2) + "\n")
        return
    if not problems:
        return
    console = stderr_console()
    by_code: dict[str, list] = defaultdict(list)
    for problem in problems:
        by_code[(problem.severity != "error", problem.code)].append(problem)
    for (_, code), group in sorted(by_code.items(), key=lambda kv: kv[0]):
        for problem in group[:GROUP_SHOWN]:
            style = "red" if problem.severity == "error" else "yellow"
            console.print(f"[{style}]{_escape(problem.message)}[/{style}]")
        if len(group) > GROUP_SHOWN:
            console.print(f"  … and {len(group) - GROUP_SHOWN} more {code} problems (use --json to list all)")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    console.print(f"[bold]{errors} error(s), {warnings} warning(s)[/bold]")


def _escape(text: str) -> str:
    from rich.markup import escape
    return escape(text)


def run_guarded(action: Callable[[], int], *, debug: bool, json_problems: bool = False) -> None:
    """Run a command body: usage errors → exit 2 with one line; tracebacks only with --debug.

    With ``json_problems`` an unreadable input is reported as a JSON problem list on stderr.
    """
    from ghgcalc.errors import GhgcalcError, InputFileError

    try:
        code = action()
    except typer.Exit:
        raise
    except InputFileError as exc:
        if debug:
            raise
        if json_problems:
            from ghgcalc.problems import make_problem
            render_problems([make_problem(exc.code, found=str(exc))], as_json=True)
        else:
            stderr_console().print(f"[red]{_escape(f'error[{exc.code}] {exc}')}[/red]")
        raise typer.Exit(EXIT_DATA) from None
    except GhgcalcError as exc:
        if debug:
            raise
        stderr_console().print(f"[red]error: {_escape(str(exc))}[/red]")
        raise typer.Exit(EXIT_USAGE) from None
    except KeyboardInterrupt:
        stderr_console().print("[red]interrupted[/red]")
        raise typer.Exit(130) from None
    except BrokenPipeError:  # the reader went away (`ghgcalc … | head`): stop quietly
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except Exception as exc:  # a bug: say so plainly, offer --debug
        if debug:
            raise
        stderr_console().print(f"[red]internal error: {type(exc).__name__}: {_escape(str(exc))}[/red]\n"
                               "This is a bug in ghgcalc; run again with --debug for the traceback and report it.")
        raise typer.Exit(3) from None
    raise typer.Exit(code)
