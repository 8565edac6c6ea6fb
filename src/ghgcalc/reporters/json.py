"""JSON output (SPEC §6): metadata, lines, totals, rows (the trail), factors, problems."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from ghgcalc.inventory import Inventory


_ROWS_PLACEHOLDER = "\u0000rows\u0000"


def _skeleton(inventory: Inventory) -> dict[str, Any]:
    lines = []
    gases_by_line = {ref: dict(zip(g["gas"], g["t"])) for ref, g in inventory.line_gases.groupby("gpc_ref")} \
        if not inventory.line_gases.empty else {}
    for rec in inventory.lines.to_dict("records"):
        hidden = rec["notation_key"] == "C"
        lines.append({
            "gpc_ref": rec["gpc_ref"], "sector": rec["sector"], "subsector": rec["subsector"],
            "scope": int(rec["scope"]), "description": rec["description"],
            "gases": {} if hidden else {g: _num(t) for g, t in gases_by_line.get(rec["gpc_ref"], {}).items()},
            "co2e_t": None if hidden else _num(rec.get("co2e_t")),
            "co2_biogenic_t": None if hidden else _num(rec.get("co2_biogenic_t")),
            "notation_key": rec["notation_key"] or None,
            "notation_explanation": rec.get("notation_explanation") or None,
            "included_in": rec.get("included_in") or None,
            "data_quality": {"activity": rec.get("data_quality_activity") or None,
                             "emission_factor": rec.get("data_quality_factor") or None},
            "rows": int(rec.get("rows", 0) or 0),
            "in_totals": {k: bool(rec[k]) for k in ("basic", "basic_plus", "territorial")},
        })
    totals = {k: _clean(v) for k, v in inventory.totals.items()}
    return {
        "metadata": _clean(inventory.metadata),
        "lines": lines,
        "totals": totals,
        "rows": _ROWS_PLACEHOLDER,
        "factors": _records(inventory.factors_used),
        "problems": [p.model_dump(mode="json") for p in inventory.problems],
    }


def render_json(inventory: Inventory) -> str:
    """Deterministic JSON text: stable key order, every float as its shortest round-trip repr."""
    head = json.dumps(_skeleton(inventory), indent=2, ensure_ascii=False, allow_nan=False)
    return head.replace(json.dumps(_ROWS_PLACEHOLDER), records_json(inventory.trail), 1) + "\n"


def records_json(frame: pd.DataFrame) -> str:
    """A DataFrame as a JSON array of objects, built column by column (no loop over rows).

    Floats are written with numpy's shortest round-trip representation (full precision, no
    noise digits), NaN/NA as null; text is escaped once per distinct value.
    """
    if frame is None or frame.empty:
        return "[]"
    columns = []
    for name in frame.columns:
        series = frame[name]
        key = json.dumps(str(name), ensure_ascii=False) + ":"
        if pd.api.types.is_bool_dtype(series):
            text = np.where(series.to_numpy(dtype=bool), "true", "false")
        elif pd.api.types.is_integer_dtype(series):
            text = series.astype("string").fillna("null").to_numpy(dtype=object)
        elif pd.api.types.is_float_dtype(series):
            values = series.to_numpy(dtype="float64", na_value=np.nan)
            text = np.where(np.isfinite(values), values.astype(str), "null")
        else:
            distinct = series.dropna().unique()
            escaped = {v: json.dumps(v if isinstance(v, str) else _plain(v), ensure_ascii=False) for v in distinct}
            text = series.map(escaped).astype("object").fillna("null").to_numpy(dtype=object)
        columns.append((key + np.asarray(text, dtype=object)).tolist())
    # ",".join over the columns of each row runs in C (map over zip), not as a Python loop body
    rows = map(",".join, zip(*columns))
    return "[\n    {" + "},\n    {".join(rows) + "}\n  ]"


def inventory_document(inventory: Inventory) -> dict[str, Any]:
    """The document as plain Python objects, in the shape of :class:`ghgcalc.schema.InventoryDocument`."""
    return json.loads(render_json(inventory))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    out = frame.astype(object).where(frame.notna(), None)
    return [{k: _num(v) if isinstance(v, float) else _plain(v) for k, v in rec.items()} for rec in out.to_dict("records")]


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    return value


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, float):
        return _num(value)
    return _plain(value)
