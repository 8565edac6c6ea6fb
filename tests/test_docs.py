"""The docs keep up with the code: every command has a section in docs/cli.md, every doc the
README links to exists, and docs/activities.md matches the activity catalogue."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from ghgcalc.cli import app

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"
README = ROOT / "README.md"


def command_paths(group, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every registered command and sub-group below ``group``, as space-separated paths.

    A group is anything with a ``commands`` mapping (click's, or the copy typer vendors)."""
    paths = []
    if isinstance(getattr(group, "commands", None), dict):
        for name, command in sorted(group.commands.items()):
            if getattr(command, "hidden", False):
                continue
            path = (*prefix, name)
            paths.append(" ".join(path))
            paths += command_paths(command, path)
    return paths


COMMANDS = command_paths(typer.main.get_command(app))


def test_the_cli_has_the_commands_we_expect_to_walk():
    # guards the walker itself: a broken walk would make the next test pass vacuously
    assert "inventory" in COMMANDS
    assert "factors validate" in COMMANDS


@pytest.mark.parametrize("path", COMMANDS)
def test_every_command_has_a_section_in_cli_md(path):
    headings = set(re.findall(r"^## (.+?)\s*$", CLI_DOC.read_text(encoding="utf-8"), flags=re.MULTILINE))
    assert f"ghgcalc {path}" in headings, f'docs/cli.md has no "## ghgcalc {path}" section'


def _local_links(markdown: str) -> list[str]:
    targets = re.findall(r"\]\(([^)\s]+)\)", markdown)
    return sorted({t.split("#", 1)[0] for t in targets
                   if not re.match(r"^[a-z][a-z0-9+.-]*:", t) and not t.startswith("#") and t.split("#", 1)[0]})


def test_readme_links_to_docs_that_exist():
    links = _local_links(README.read_text(encoding="utf-8"))
    assert links, "README.md links to no documents"
    missing = [link for link in links if not (README.parent / link).is_file()]
    assert not missing, f"README.md links to missing files: {missing}"


def test_links_between_docs_point_to_files_that_exist():
    missing = []
    for doc in sorted((ROOT / "docs").glob("*.md")):
        for link in _local_links(doc.read_text(encoding="utf-8")):
            if not (doc.parent / link).exists():
                missing.append(f"{doc.name} -> {link}")
    assert not missing, f"broken links: {missing}"


def test_activities_doc_matches_the_catalogue():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_activities_doc.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
