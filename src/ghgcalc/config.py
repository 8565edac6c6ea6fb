"""Inventory settings: from the workbook's ``inventory`` sheet, ``ghgcalc.toml`` or the CLI.

CLI options win over the file, the file over the defaults (SPEC §2.2).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ghgcalc.problems import Problem, make_problem

GwpSet = Literal["AR4", "AR5", "AR6"]
Level = Literal["BASIC", "BASIC+"]


class InventoryConfig(BaseModel):
    """Who and what the inventory is for, and how to calculate it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    city: str | None = None
    year: int = Field(ge=1900, le=2200)
    region: str | None = None
    country: str | None = None
    population: float | None = Field(default=None, gt=0)
    gwp: GwpSet = "AR5"
    factors: str | None = None
    level: Level = "BASIC"
    boundary: str | None = None
    tnd: bool | None = None  # None: on for BASIC+, off for BASIC (SPEC §4)
    # Heating-value basis of energy quantities the user gives (kWh of gas, GJ, MMBtu, therm).
    # None: the basis of the factor tables used (HHV for the EPA tables, NCV for IPCC).
    energy_basis: Literal["HHV", "NCV"] | None = None

    @field_validator("region", "country")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.strip().upper() if isinstance(value, str) and value.strip() else None

    @field_validator("gwp", "level", "energy_basis", mode="before")
    @classmethod
    def _fold(cls, value):
        if isinstance(value, str):
            value = value.strip().upper().replace(" ", "")
            return {"BASICPLUS": "BASIC+", "AR5GWP100": "AR5", "GCV": "HHV", "LHV": "NCV"}.get(value, value)
        return value

    @field_validator("year", mode="before")
    @classmethod
    def _whole_year(cls, value):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        return value

    @property
    def tnd_enabled(self) -> bool:
        return self.tnd if self.tnd is not None else self.level == "BASIC+"


def build_config(file_settings: dict[str, object], overrides: dict[str, object],
                 origin: str | None) -> tuple[InventoryConfig | None, list[Problem]]:
    """Merge settings and validate them; problems instead of exceptions.

    Unknown keys and invalid values become ``bad-metadata`` problems located at ``origin``.
    """
    merged = {k: v for k, v in file_settings.items()} | {k: v for k, v in overrides.items() if v is not None}
    for key in ("city", "boundary", "factors", "region", "country"):
        if key in merged and merged[key] is not None and not isinstance(merged[key], str):
            merged[key] = str(merged[key]).removesuffix(".0")
    problems: list[Problem] = []
    unknown = sorted(set(merged) - set(InventoryConfig.model_fields))
    for key in unknown:
        problems.append(make_problem("bad-metadata", file=origin, column=key, found=str(merged.pop(key)),
                                     expected="a setting among " + ", ".join(InventoryConfig.model_fields),
                                     hint="unknown setting ignored") .model_copy(update={"severity": "warning"}))
    if "year" not in merged:
        problems.append(make_problem("bad-metadata", file=origin, column="year", found="nothing",
                                     expected="the inventory year",
                                     hint='add a row "year" to the inventory sheet, `year = 2023` to '
                                          "ghgcalc.toml, or pass --year"))
        return None, problems
    try:
        return InventoryConfig(**merged), problems
    except ValidationError as exc:
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"]) or None
            problems.append(make_problem("bad-metadata", file=origin, column=key,
                                         found=str(merged.get(key, err.get("input"))),
                                         expected=err["msg"].removeprefix("Value error, ")))
        return None, problems
