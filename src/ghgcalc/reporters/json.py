"""JSON output (SPEC §6): metadata, lines, totals, rows (the trail), factors, problems.

A trail of more than :data:`TRAIL_INLINE_ROWS` rows is written by :func:`write_json` beside the
document, as ``NAME.trail.jsonl``: one line per calculation (the rows computed alike, their row
numbers and sums) or, when asked, one line per row (the objects ``rows`` would hold); and
``metadata.trail`` says where and in which form; ``rows`` is then empty. A million-row trail is
about a gigabyte of JSON that no JSON reader loads comfortably in one piece (see
docs/performance.md).
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from ghgcalc.inventory import Inventory


_ROWS_PLACEHOLDER = "\u0000rows\u0000"
TRAIL_INLINE_ROWS = 100_000
_CHUNK_ROWS = 10_000


def _skeleton(inventory: Inventory, trail_file: dict[str, Any] | None = None) -> dict[str, Any]:
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
    metadata = _clean(inventory.metadata)
    if trail_file is not None:
        metadata["trail"] = trail_file
    return {
        "metadata": metadata,
        "lines": lines,
        "totals": totals,
        "rows": _ROWS_PLACEHOLDER,
        "factors": _records(inventory.factors_used),
        "problems": [p.model_dump(mode="json") for p in inventory.problems],
    }


def render_json(inventory: Inventory) -> str:
    """Deterministic JSON text: stable key order, every float as its shortest round-trip repr."""
    return "".join(_document_text(inventory))


def _document_text(inventory: Inventory):
    """The document's text in pieces, the trail a few thousand rows at a time: a 100,000-row trail
    inside the document is about 100 MB of text, which :func:`write_json` writes piece by piece
    instead of holding it (and its encoding) in memory at once."""
    head = json.dumps(_skeleton(inventory), indent=2, ensure_ascii=False, allow_nan=False)
    before, after = head.split(json.dumps(_ROWS_PLACEHOLDER), 1)
    yield before
    yield from _array_text(inventory.trail)
    yield after + "\n"


def write_json(inventory: Inventory, path: str | Path, *,
               inline_rows: int | None = TRAIL_INLINE_ROWS, per_row: bool = False) -> Path | None:
    """Write the JSON document to ``path`` (atomically); a long trail goes beside it.

    Parameters
    ----------
    inline_rows : int or None
        Largest trail kept inside the document's ``rows``. A longer one is written to
        ``NAME.trail.jsonl`` next to ``path`` and the document's ``metadata.trail`` gives its
        ``file`` name, ``format``, number of ``rows`` and ``sha256``. None keeps every trail
        inside.
    per_row : bool
        How a long trail is written beside the document. False (the default): one line per
        calculation (``"format": "jsonl-calculations"``, see
        :meth:`~ghgcalc.inventory.Inventory.calculations`): the rows computed the same way, their
        row numbers and their sums. True: one line per row, the objects ``rows`` would hold
        (``"format": "jsonl"``).

    Returns
    -------
    Path or None
        The trail file when one was written.
    """
    from ghgcalc.reporters import write_atomic

    path = Path(path)
    if inline_rows is None or inventory.trail_rows <= inline_rows:
        write_atomic(path, (piece.encode("utf-8") for piece in _document_text(inventory)))
        return None
    trail_path = path.with_name((path.stem if path.suffix.casefold() == ".json" else path.name) + ".trail.jsonl")
    if per_row:
        digest = write_atomic(trail_path, _jsonl_chunks(inventory.trail))
        where = {"file": trail_path.name, "format": "jsonl", "rows": inventory.trail_rows, "sha256": digest}
    else:
        calculations = inventory.calculations()
        digest = write_atomic(trail_path, _calculation_lines(calculations))
        where = {"file": trail_path.name, "format": "jsonl-calculations", "rows": inventory.trail_rows,
                 "calculations": len(calculations), "sha256": digest}
    head = json.dumps(_skeleton(inventory, where), indent=2, ensure_ascii=False, allow_nan=False)
    write_atomic(path, (head.replace(json.dumps(_ROWS_PLACEHOLDER), "[]", 1) + "\n").encode("utf-8"))
    return trail_path


def _jsonl_chunks(frame: pd.DataFrame):
    """The trail as JSON Lines, a few tens of thousands of rows at a time (bounded memory)."""
    for start in range(0, len(frame), _CHUNK_ROWS):
        members = record_members(frame.iloc[start:start + _CHUNK_ROWS])
        yield ("{" + "}\n{".join(members) + "}\n").encode("utf-8")


def _calculation_lines(calculations: pd.DataFrame):
    """:meth:`Inventory.calculations` as JSON Lines; ``rows`` (arrays of row numbers) as JSON arrays."""
    members = record_members(calculations.drop(columns=["calculation", "row_count", "rows"]))
    numbers, counts = calculations["calculation"].tolist(), calculations["row_count"].tolist()
    row_lists = calculations["rows"].tolist()
    for start in range(0, len(members), 1000):
        yield "".join(  # calculations, a few per thousand rows
            f'{{"calculation":{numbers[i]},"row_count":{counts[i]},'
            f'"rows":{str(row_lists[i].tolist()).replace(" ", "")},{members[i]}}}\n'  # a list of ints: "[2, 5]"
            for i in range(start, min(start + 1000, len(members)))).encode("utf-8")


def records_json(frame: pd.DataFrame) -> str:
    """A DataFrame as a JSON array of objects, built column by column (no loop over rows).

    Floats are written with numpy's shortest round-trip representation (full precision, no
    noise digits), NaN/NA as null; text is escaped once per distinct value.
    """
    return "".join(_array_text(frame))


def _array_text(frame: pd.DataFrame):
    """:func:`records_json`'s text in pieces of :data:`_CHUNK_ROWS` objects."""
    if frame is None or frame.empty:
        yield "[]"
        return
    for start in range(0, len(frame), _CHUNK_ROWS):
        members = record_members(frame.iloc[start:start + _CHUNK_ROWS])
        yield ("},\n    {" if start else "[\n    {") + "},\n    {".join(members)
    yield "}\n  ]"


def record_members(frame: pd.DataFrame) -> list[str]:
    """Each row of ``frame`` as the members of a JSON object, ``"key":value,…`` without braces.

    Every column is turned into value texts once per distinct value; each row is then one
    ``%`` substitution into a template that holds the keys (run in C by ``map``).
    """
    template = ",".join(json.dumps(str(name), ensure_ascii=False).replace("%", "%%") + ":%s"
                        for name in frame.columns)
    columns = [_value_texts(frame.iloc[:, position]) for position in range(frame.shape[1])]
    return list(map(template.__mod__, zip(*columns)))


def _value_texts(series: pd.Series) -> list[str]:
    """The JSON text of each value of ``series``, computed per distinct value."""
    if pd.api.types.is_bool_dtype(series):
        return np.where(series.to_numpy(dtype=bool), "true", "false").tolist()
    if pd.api.types.is_float_dtype(series):
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        # distinct bit patterns, so that -0.0 and 0.0 keep their own text
        codes, uniques = pd.factorize(values.view("int64"))
        distinct = uniques.view("float64")
        # Python's float repr is numpy's shortest round-trip text, at half the cost
        texts = np.asarray([*map(float.__repr__, distinct.tolist())], dtype=object)
        texts[~np.isfinite(distinct)] = "null"
        return texts[codes].tolist()
    codes, uniques = pd.factorize(series)
    if pd.api.types.is_integer_dtype(series):
        texts = pd.Series(uniques).astype("string").to_numpy(dtype=object).tolist()
    else:
        texts = [encode_basestring(v) if type(v) is str else json.dumps(_plain(v), ensure_ascii=False)
                 for v in np.asarray(uniques, dtype=object)]  # distinct values, not rows
    return np.asarray([*texts, "null"], dtype=object)[codes].tolist()


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
