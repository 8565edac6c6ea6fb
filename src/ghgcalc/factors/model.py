"""Factor-set metadata (``factor_set.toml``) and the loaded set."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

from ghgcalc.problems import Problem

TableKind = Literal["factors", "heat_content", "grid_loss", "gwp", "parameters"]

TABLE_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required columns, optional columns)
    "factors": (("factor_id", "activity", "applies_to", "region", "gas", "value", "unit", "source_ref", "notes"),
                ("model_year", "gwp_basis")),
    "heat_content": (("activity", "value", "unit", "source_ref", "notes"), ()),
    "grid_loss": (("region", "loss_pct", "source_ref", "notes"), ()),
    "gwp": (("gas", "formula", "value", "source_ref", "notes"), ()),
    # method parameters (waste methods, issue 7); see docs/factor-table-format.md
    "parameters": (("parameter_id", "parameter", "method", "qualifier", "value", "unit", "source",
                    "source_edition", "source_ref", "notes"), ()),
}
# Units a ``parameters`` row may have, and the largest value each allows (None: no upper bound).
PARAMETER_UNITS: dict[str, float | None] = {
    "fraction": 1.0, "factor": None, "1/yr": None, "g/kg": None, "g/t": None,
    "kg CH4/kg BOD": None, "kg CH4/kg COD": None, "kg N2O-N/kg N": None, "kg N/kg protein": None,
    "g BOD/person/day": None, "m3/t": None, "kg COD/m3": None,
}


class TableMeta(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    kind: TableKind
    table: str


class FactorSetMeta(BaseModel):
    """The citation and properties of one edition of a factor set."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    edition: str
    title: str
    publisher: str
    publication_date: str
    url: str
    licence: str
    data_year: int
    heating_value_basis: Literal["HHV", "NCV", "none"]
    notes: str
    country: str | None = None
    profiles: list[str] = []
    factor_quality: Literal["H", "M", "L"] | None = None
    tables: list[TableMeta]


@dataclass
class FactorSet:
    """One loaded edition: metadata and its tables, each row tagged with set, edition and table."""

    meta: FactorSetMeta
    path: Path
    factors: pd.DataFrame
    heat_content: pd.DataFrame
    grid_loss: pd.DataFrame
    gwp: pd.DataFrame
    table_hashes: dict[str, str] = field(default_factory=dict)  # file name → sha256
    problems: list[Problem] = field(default_factory=list)
    parameters: pd.DataFrame = field(default_factory=pd.DataFrame)  # method parameters (kind "parameters")

    @property
    def key(self) -> str:
        return f"{self.meta.id}@{self.meta.edition}"
