"""Notation keys (NO, IE, NE, C) from the user's table, checked and applied to GPC lines."""

from __future__ import annotations

import pandas as pd

from ghgcalc.gpc import gpc_lines, normalize_ref
from ghgcalc.problems import Problem, problems_from_rows
from ghgcalc.readers.tables import Table

KEYS = {"NO": "not occurring", "IE": "included elsewhere", "NE": "not estimated", "C": "confidential"}


def read_notation_keys(table: Table | None) -> tuple[pd.DataFrame, list[Problem]]:
    """Valid notation-key rows (gpc_ref, key, explanation, included_in) and the problems found."""
    columns = ["gpc_ref", "key", "explanation", "included_in"]
    if table is None or table.frame.empty:
        return pd.DataFrame(columns=columns), []
    frame = table.frame.copy()
    frame.attrs = dict(table.frame.attrs)
    for column in columns:
        frame[column] = frame[column].astype("string").str.strip().fillna("") if column in frame else ""
    frame["gpc_ref"] = normalize_ref(frame["gpc_ref"]).fillna("")
    frame["key"] = frame["key"].str.upper()
    frame["included_in"] = normalize_ref(frame["included_in"]).fillna("")
    refs = set(gpc_lines()["gpc_ref"])
    problems: list[Problem] = []
    bad = pd.Series(False, index=frame.index)
    rules = [
        (~frame["gpc_ref"].isin(refs), "gpc_ref", "a GPC line such as I.7.1", None),
        (~frame["key"].isin(list(KEYS)), "key", "NO, IE, NE or C", "notation keys of the GPC"),
        (frame["explanation"].eq(""), "explanation", "a short explanation", "the GPC asks for one with every key"),
        (frame["key"].eq("IE") & ~frame["included_in"].isin(refs), "included_in",
         "the GPC line that holds the emissions", "IE needs included_in"),
        (frame.duplicated("gpc_ref", keep="first"), "gpc_ref", "one notation key per line", None),
    ]
    for mask, column, expected, hint in rules:
        mask = mask & ~bad
        if mask.any():
            problems += problems_from_rows(frame.loc[mask], "bad-notation-key", column=column,
                                           found=frame.loc[mask, column], expected=expected, hint=hint)
            bad |= mask
    return frame.loc[~bad], problems
