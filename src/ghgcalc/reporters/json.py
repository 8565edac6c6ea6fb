"""JSON output (SPEC §6): metadata, lines, totals, rows (the trail), factors, problems."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

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
    """Deterministic JSON text: stable key order; floats as Python's shortest repr, except the
    per-row trail, which pandas writes in one pass with 15 significant digits."""
    head = json.dumps(_skeleton(inventory), indent=2, ensure_ascii=False, allow_nan=False)
    rows = "[]" if inventory.trail.empty else inventory.trail.to_json(
        orient="records", double_precision=15, force_ascii=False)
    return head.replace(json.dumps(_ROWS_PLACEHOLDER), rows, 1) + "\n"


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
