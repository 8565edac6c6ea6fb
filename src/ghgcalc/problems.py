"""Data problems: collected, located, and rendered as one line a user can act on.

Each kind of problem has a stable code in :data:`CATALOGUE`. The library returns problems in its
results; only the CLI decides the exit code (1 when any problem is an error).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning"]

# code -> (severity, what it means). Codes are stable: scripts and tests key on them.
CATALOGUE: dict[str, tuple[Severity, str]] = {
    "file-not-found": ("error", "the input file does not exist"),
    "unreadable-file": ("error", "the file cannot be read as the format its name says"),
    "empty-file": ("error", "the file or sheet has no header and no data"),
    "no-data": ("error", "the activity table has a header but no data rows"),
    "missing-sheet": ("error", "a required sheet is missing from the workbook"),
    "missing-column": ("error", "a required column is missing"),
    "duplicate-column": ("error", "two columns mean the same thing"),
    "unknown-column": ("warning", "a column ghgcalc does not know is ignored"),
    "bad-number": ("error", "a number cell holds something that is not a finite number"),
    "missing-value": ("error", "a required cell is empty"),
    "negative-quantity": ("error", "a negative quantity outside AFOLU (V.*) lines"),
    "unknown-activity": ("error", "the activity key is not known"),
    "unknown-unit": ("error", "the unit is not known"),
    "ambiguous-unit": ("error", "the unit can mean more than one thing"),
    "incompatible-unit": ("error", "the unit does not measure what the activity or factor needs"),
    "unknown-gpc-ref": ("error", "the GPC reference is not a GPC line"),
    "activity-not-on-line": ("error", "the activity does not belong on that GPC line"),
    "ambiguous-line": ("error", "sector and sub-sector do not say which GPC line"),
    "energy-basis-mismatch": ("error", "an energy quantity's heating-value basis differs from the factor's"),
    "unknown-region": ("error", "the region code is not known to any loaded factor table"),
    "no-matching-factor": ("error", "no emission factor matches the row"),
    "unknown-factor-id": ("error", "a pinned factor_id does not exist"),
    "bad-data-quality": ("error", "data quality must be H, M or L"),
    "bad-model-year": ("error", "a model year must be a whole year"),
    "partial-gases": ("warning", "the matched factors cover only some gases for this row"),
    "bad-metadata": ("error", "an inventory setting is missing or invalid"),
    "bad-notation-key": ("error", "a notation key row is invalid"),
    "notation-key-with-data": ("error", "a line has both data and a notation key"),
    "not-estimated": ("warning", "GPC lines without data or notation key are reported as NE"),
    "incomplete": ("warning", "lines of the chosen level have neither data nor a notation key"),
    "no-tnd-line": ("warning", "grid electricity on a line whose T&D losses have no GPC line (II.5.2)"),
    "edition-supplement": ("warning", "another edition of a set supplied factors the chosen edition lacks"),
    "no-grid-loss": ("warning", "no grid-loss rate for the region: T&D losses not estimated"),
    "bad-custom-factor": ("error", "a row of the custom factors table is invalid"),
    "co2e-only-factor": ("warning", "a factor published only as CO2e was used; its gases are unknown"),
    "formula-without-value": ("error", "a formula cell has no cached value"),
    "bad-factor-table": ("error", "a factor table breaks a rule of SPEC §3.3"),
    "unknown-method": ("error", "the calculation method is not one the activity can use"),
    "bad-waste-parameter": ("error", "a parameter of a waste method is missing or invalid"),
    "bad-waste-history": ("error", "a row of the waste disposal history is invalid"),
    "gas-not-estimated": ("warning", "a waste method could not estimate one gas for lack of a parameter"),
    "recovery-exceeds-generation": ("warning", "recovered methane exceeds the methane produced; emissions set to 0"),
    # refusals before parsing (ghgcalc.readers.safety) and what reading had to assume
    "file-too-large": ("error", "the file, or what a workbook unpacks to, exceeds the size limit (--max-bytes)"),
    "unsafe-file": ("error", "the workbook holds XML entity declarations or too many parts; refused unread"),
    "encrypted-file": ("error", "the workbook is password-protected"),
    "hidden-sheet": ("warning", "a sheet ghgcalc reads is hidden in the workbook"),
    "assumed-encoding": ("warning", "the text file is not UTF-8; its encoding was guessed"),
    "cell-without-header": ("warning", "a cell holds a value in a column without a header; it is ignored"),
    # ghgcalc batch: an input that could not be calculated at all; the other inputs go on
    "not-calculated": ("error", "the input cannot be calculated with the options given (e.g. an unknown factor set)"),
    "internal-error": ("error", "ghgcalc failed on this input (a bug, or its worker process died)"),
}


class Problem(BaseModel):
    """One problem found in the user's data or factor tables, with where it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: Severity
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    column_letter: str | None = None
    found: str | None = None
    expected: str | None = None
    hint: str | None = None

    @property
    def location(self) -> str:
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(f'sheet "{self.sheet}"')
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f'column "{self.column}"' + (f" ({self.column_letter})" if self.column_letter else ""))
        return ", ".join(parts)

    @property
    def message(self) -> str:
        """The one-line message: ``error[code] location: found; expected (hint)``."""
        what = f'"{self.found}"' if self.found is not None else CATALOGUE.get(self.code, ("", self.code))[1]
        text = f"{self.severity}[{self.code}] {self.location}: {what}" if self.location else (
            f"{self.severity}[{self.code}] {what}")
        if self.expected:
            text += f"; expected {self.expected}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def make_problem(code: str, **fields) -> Problem:
    """A Problem whose severity comes from the catalogue."""
    return Problem(code=code, severity=CATALOGUE[code][0], **fields)


def problems_from_rows(
    rows: pd.DataFrame,
    code: str,
    *,
    column: str | None,
    found: pd.Series | str | None = None,
    expected: str | None = None,
    hint: pd.Series | str | None = None,
) -> list[Problem]:
    """One Problem per row of ``rows`` (already filtered by a rule's mask).

    ``rows`` carries the location columns ``_file``, ``_sheet`` and ``_row``; ``column`` is the
    canonical column name, shown as the user's own header when ``rows.attrs['headers']`` knows it.
    """
    if rows.empty:
        return []
    headers = rows.attrs.get("headers", {})
    letters = rows.attrs.get("letters", {})
    shown = headers.get(column, column) if column else None
    letter = letters.get(column) if column else None
    n = len(rows)
    found_values = _as_list(found, n)
    hint_values = _as_list(hint, n)
    severity = CATALOGUE[code][0]
    return [
        Problem.model_construct(
            code=code, severity=severity, file=f, sheet=s, row=int(r), column=shown,
            column_letter=letter, found=fv, expected=expected, hint=hv,
        )
        for f, s, r, fv, hv in zip(rows["_file"], rows["_sheet"], rows["_row"], found_values, hint_values)
    ]


def _as_list(value, n: int) -> list:
    if isinstance(value, pd.Series):
        return [None if pd.isna(v) else str(v) for v in value]
    return [value] * n


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
