"""Pydantic models of the JSON output (SPEC §6); ``ghgcalc schema`` prints their JSON schema.

They describe the document; the JSON writer does not build one model per trail row.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ghgcalc.problems import Problem


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TableHash(_Model):
    file: str
    table: str
    sha256: str


class FactorTableRecord(_Model):
    set: str
    edition: str
    title: str
    publisher: str
    data_year: int
    licence: str
    url: str
    heating_value_basis: str
    chosen_because: str
    tables: list[TableHash]


class FileHash(_Model):
    file: str
    sha256: str


class TrailFile(_Model):
    file: str = Field(description="NAME.trail.jsonl, beside the document")
    format: str = Field(description="jsonl-calculations: one line per calculation (the trail's columns for rows "
                        "computed alike, with `calculation`, `row_count`, `rows` (their row numbers) and the sums "
                        "of quantity, co2e_t and each gas's tonnes); jsonl (with --trail): one `rows` object "
                        "per line")
    rows: int = Field(description="trail rows (input rows used, and derived T&D rows)")
    calculations: int | None = Field(default=None, description="lines of a jsonl-calculations file")
    sha256: str


class Metadata(_Model):
    ghgcalc_version: str
    city: str | None
    year: int | None
    gwp: str | None = Field(description="GWP set used for CO2e (AR4, AR5 or AR6, 100-year)")
    settings: dict[str, Any]
    input: FileHash
    companion_files: list[FileHash]
    factor_tables: list[FactorTableRecord]
    units: dict[str, str]
    trail: TrailFile | None = Field(default=None, description="only when the trail was written beside the "
                                    "document (more than 100,000 rows); `rows` is then empty")


class DataQuality(_Model):
    activity: str | None = Field(description="lowest activity-data rating of the line's rows (H, M, L)")
    emission_factor: str | None = Field(description="lowest emission-factor rating of the line's factors")


class Line(_Model):
    gpc_ref: str
    sector: str
    subsector: str
    scope: int
    description: str
    gases: dict[str, float | None] = Field(description="t of each gas; CO2_biogenic apart; CO2e for CO2e-only factors")
    co2e_t: float | None
    co2_biogenic_t: float | None
    notation_key: str | None = Field(description="NO, IE, NE or C when the line has no number")
    notation_explanation: str | None
    included_in: str | None
    data_quality: DataQuality
    rows: int
    in_totals: dict[str, bool]


class Totals(_Model):
    basic: float
    basic_plus: float
    territorial: float
    scope1: float
    scope2: float
    scope3: float
    gases: dict[str, dict[str, float]] = Field(description="t of each gas within each total")
    by_sector: dict[str, dict[str, float]]
    co2_biogenic_t: float
    per_capita: dict[str, float] | None


class TrailRow(BaseModel):
    """One input row (or a derived T&D row). Per gas G present in the inventory, the fields
    ``g_factor_set``, ``g_factor_id``, ``g_factor``, ``g_factor_unit``, ``g_conversion`` and
    ``g_t`` (G lower-cased, ``-`` as ``_``) give the factor and the tonnes."""

    model_config = ConfigDict(extra="allow")

    file: str
    sheet: str
    row: int
    derived: str
    gpc_ref: str
    activity: str
    quantity: float
    unit: str
    region: str
    model_year: int | None
    description: str
    source: str
    data_quality: str
    loss_pct: float | None
    co2e_t: float


class FactorUsed(_Model):
    set_id: str
    edition: str
    factor_id: str
    activity: str
    applies_to: str
    region: str
    model_year: str
    gas: str
    value: float
    unit: str
    gwp_basis: str
    table: str
    source_ref: str
    notes: str
    publisher: str
    title: str
    licence: str
    url: str


class InventoryDocument(_Model):
    """The JSON output of ``ghgcalc inventory --format json``."""

    metadata: Metadata
    lines: list[Line]
    totals: Totals | dict[str, Any]
    rows: list[TrailRow]
    factors: list[FactorUsed]
    problems: list[Problem]


def json_schema() -> dict[str, Any]:
    return InventoryDocument.model_json_schema()
