"""Canonical column names of the input tables, their meaning, and the header spellings accepted.

Headers are matched case-insensitively, ignoring spaces, underscores, hyphens and a trailing unit
in brackets (``Quantity (kWh)``); the bracketed unit is kept as the column's default unit.
"""

from __future__ import annotations

import re

ACTIVITY_COLUMNS: dict[str, str] = {
    "gpc_ref": "GPC reference number of the line, e.g. I.1.2",
    "sector": "GPC sector name, used with subsector when gpc_ref is absent",
    "subsector": "GPC sub-sector name, used with sector when gpc_ref is absent",
    "activity": "activity key (see `ghgcalc activities`)",
    "quantity": "amount of the activity, a number",
    "unit": "unit of quantity",
    "region": "region code selecting regional factors (eGRID subregion, US, ISO country)",
    "model_year": "vehicle model year, for per-vehicle-mile factors",
    "description": "free text carried to the outputs",
    "data_quality": "activity data quality: H, M or L",
    "source": "where the data came from",
    "factor_id": "pin one factor by id, overriding matching",
}
REQUIRED_ACTIVITY = ("activity", "quantity", "unit")

ALIASES: dict[str, str] = {
    "gpcref": "gpc_ref", "gpcreference": "gpc_ref", "gpcreferencenumber": "gpc_ref",
    "gpcrefno": "gpc_ref", "gpcline": "gpc_ref", "gpc": "gpc_ref", "refno": "gpc_ref",
    "sector": "sector", "subsector": "subsector", "subsectorname": "subsector",
    "activity": "activity", "activitykey": "activity", "activitytype": "activity", "fuel": "activity",
    "quantity": "quantity", "amount": "quantity", "value": "quantity", "activitydata": "quantity",
    "consumption": "quantity", "qty": "quantity",
    "unit": "unit", "units": "unit", "uom": "unit", "unitofmeasure": "unit",
    "region": "region", "egridsubregion": "region", "subregion": "region", "gridregion": "region",
    "modelyear": "model_year", "vehiclemodelyear": "model_year",
    "description": "description", "notes": "description", "comment": "description",
    "dataquality": "data_quality", "dq": "data_quality", "quality": "data_quality",
    "source": "source", "datasource": "source",
    "factorid": "factor_id", "emissionfactorid": "factor_id",
}

NOTATION_COLUMNS = ("gpc_ref", "key", "explanation", "included_in")
NOTATION_ALIASES = {
    "gpcref": "gpc_ref", "gpcreference": "gpc_ref", "gpcreferencenumber": "gpc_ref",
    "key": "key", "notationkey": "key", "notation": "key",
    "explanation": "explanation", "reason": "explanation", "justification": "explanation",
    "includedin": "included_in", "includedelsewhere": "included_in",
}

def activity_columns() -> tuple[str, ...]:
    """Every column an activity table may have: the core ones and the waste methods' own."""
    from ghgcalc.methods.waste_columns import ROW_COLUMNS

    return (*ACTIVITY_COLUMNS, *ROW_COLUMNS)


def activity_aliases() -> dict[str, str]:
    """Folded header → canonical name, including the waste methods' columns."""
    from ghgcalc.methods.waste_columns import ROW_COLUMNS

    return {re.sub(r"[\s_\-\.]+", "", c): c for c in ROW_COLUMNS} | ALIASES


_UNIT_SUFFIX = re.compile(r"^(?P<name>.*?)\s*[\(\[](?P<unit>[^\)\]]*)[\)\]]\s*$")


def normalize_header(header: object) -> tuple[str, str | None]:
    """Fold a header for matching and split off a trailing bracketed unit.

    >>> normalize_header("Quantity (kWh)")
    ('quantity', 'kWh')
    >>> normalize_header("GPC Reference Number")
    ('gpcreferencenumber', None)
    """
    text = "" if header is None else str(header).strip()
    unit = None
    match = _UNIT_SUFFIX.match(text)
    if match and match.group("name"):
        text, unit = match.group("name"), match.group("unit").strip() or None
    return re.sub(r"[\s_\-\.]+", "", text.casefold()), unit


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
