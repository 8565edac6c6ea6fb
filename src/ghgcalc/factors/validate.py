"""Check factor tables against the rules of SPEC §3.3; one located problem per violation.

Each rule is one boolean mask over a table; units are parsed once per distinct spelling.
"""

from __future__ import annotations

import re

import pandas as pd

from ghgcalc.activities import activity_catalogue
from ghgcalc.factors.model import PARAMETER_UNITS, FactorSet
from ghgcalc.gpc import gpc_lines
from ghgcalc.problems import Problem, make_problem, problems_from_rows
from ghgcalc.units import dimension_of, parse_unit

BASE_GASES = ("CO2", "CH4", "N2O", "SF6", "NF3", "CO2_biogenic", "CO2e")
_MODEL_YEAR = re.compile(r"^\s*(?:(?:<=|≤)\s*\d{4}|\d{4}(?:\s*-\s*\d{4})?)\s*$")


def split_factor_unit(text: str) -> tuple[str, str] | None:
    """``"kg/MMBtu"`` → ``("kg", "MMBtu")`` when the numerator is a mass; else None."""
    if text.count("/") != 1:
        return None
    numerator, denominator = (part.strip() for part in text.split("/"))
    parsed_num, parsed_den = parse_unit(numerator), parse_unit(denominator)
    if parsed_num.unit is None or parsed_den.unit is None or dimension_of(parsed_num.unit) != "mass":
        return None
    if dimension_of(parsed_den.unit) is None:
        return None
    return numerator, denominator


def known_gases(gwp_tables: list[pd.DataFrame]) -> set[str]:
    gases = set(BASE_GASES)
    for table in gwp_tables:
        gases.update(table["gas"])
        gases.update(f for f in table["formula"] if f)
    return gases


def validate_factor_set(factor_set: FactorSet, gases: set[str]) -> list[Problem]:
    """All problems of one edition: its toml/structure problems plus every row rule."""
    problems = list(factor_set.problems)
    problems += _validate_folder_names(factor_set)
    problems += validate_factor_rows(factor_set.factors, gases, factor_set.heat_content)
    heat = factor_set.heat_content
    if not heat.empty:
        problems += _flag(heat, heat.duplicated("activity", keep="first"), "bad-factor-table", "activity",
                          heat["activity"], "one heat content per activity")
        problems += _flag(heat, ~heat["activity"].isin(activity_catalogue().index), "bad-factor-table", "activity",
                          heat["activity"], "an activity key from `ghgcalc activities`")
    problems += _validate_numbers(factor_set.heat_content, "value", positive=True)
    problems += _validate_heat_units(factor_set.heat_content)
    problems += _validate_numbers(factor_set.grid_loss, "loss_pct", positive=False, upper=100)
    problems += _validate_numbers(factor_set.gwp, "value", positive=True)
    problems += validate_parameter_rows(factor_set.parameters)
    return problems


def validate_parameter_rows(table: pd.DataFrame, code: str = "bad-factor-table") -> list[Problem]:
    """Row rules for a ``parameters`` table (method parameters such as the waste defaults).

    Ids unique; one row per (parameter, qualifier); a known unit; a number ≥ 0 and, for a
    fraction, ≤ 1; the citation columns filled.
    """
    if table.empty or "parameter_id" not in table.columns:
        return []
    t = table
    problems = _flag(t, t["parameter_id"].eq(""), code, "parameter_id", t["parameter_id"], "a parameter id")
    dup = t["parameter_id"].ne("") & t.duplicated("parameter_id", keep="first")
    problems += _flag(t, dup, code, "parameter_id", t["parameter_id"], "a parameter_id used only once in the set")
    problems += _flag(t, ~t["parameter"].str.fullmatch(r"[a-z][a-z0-9_]*"), code, "parameter", t["parameter"],
                      "a snake_case parameter name, e.g. mcf")
    problems += _flag(t, t.duplicated(["parameter", "qualifier"], keep="first"), code, "qualifier",
                      t["parameter"] + " / " + t["qualifier"], "one row per (parameter, qualifier)")
    problems += _flag(t, ~t["unit"].isin(list(PARAMETER_UNITS)), code, "unit", t["unit"],
                      "one of " + ", ".join(PARAMETER_UNITS))
    problems += _validate_numbers(t, "value", positive=False, code=code)
    values = pd.to_numeric(t["value"], errors="coerce")
    upper = t["unit"].map(PARAMETER_UNITS).astype("float64")
    problems += _flag(t, values.gt(upper), code, "value", t["value"], "a fraction between 0 and 1")
    for column in ("method", "source", "source_edition", "source_ref"):
        problems += _flag(t, t[column].eq(""), code, column, t[column], f"a {column.replace('_', ' ')}")
    return problems


def _validate_folder_names(factor_set: FactorSet) -> list[Problem]:
    """``id`` and ``edition`` in the toml name the folders they live in (``<id>/<edition>/``)."""
    from ghgcalc.factors.load import TOML_NAME, _display

    where = _display(factor_set.path / TOML_NAME)
    problems = []
    for key, folder in (("id", factor_set.path.parent.name), ("edition", factor_set.path.name)):
        value = getattr(factor_set.meta, key)
        if value != folder:
            problems.append(make_problem("bad-factor-table", file=where, column=key, found=str(value),
                                         expected=f'"{folder}", the name of its folder'))
    return problems


def _applies_to_ok(prefix: str) -> bool:
    return prefix == "" or any(ref == prefix or ref.startswith(prefix + ".") for ref in gpc_lines()["gpc_ref"])


def validate_factor_rows(factors: pd.DataFrame, gases: set[str], heat_content: pd.DataFrame | None = None,
                         *, custom: bool = False) -> list[Problem]:
    """Row rules for a ``factors`` table (shipped or the user's own)."""
    if factors.empty:
        return []
    code = "bad-custom-factor" if custom else "bad-factor-table"
    problems: list[Problem] = []
    f = factors
    problems += _flag(f, f["factor_id"].eq(""), code, "factor_id", f["factor_id"], "a factor id")
    dup = f["factor_id"].ne("") & f.duplicated(["factor_id"], keep="first")
    problems += _flag(f, dup, code, "factor_id", f["factor_id"], "a factor_id used only once in the set",
                      hint="factor ids must be unique")
    keys = ["activity", "applies_to", "region", "model_year", "gas"]
    same_key = f.duplicated([k for k in keys if k in f.columns], keep="first")
    problems += _flag(f, same_key, code, "gas", f["activity"] + " / " + f["gas"],
                      "one row per (activity, applies_to, region, model_year, gas)",
                      hint="two rows would match the same activity rows")
    applies = {a: _applies_to_ok(a) for a in f["applies_to"].unique()}
    problems += _flag(f, ~f["applies_to"].map(applies).astype(bool), code, "applies_to", f["applies_to"],
                      "blank or a GPC line or its prefix, e.g. I, II.4, I.1.2")
    catalogue = activity_catalogue()
    unknown_activity = ~f["activity"].isin(catalogue.index)
    if not custom:
        problems += _flag(f, unknown_activity, code, "activity", f["activity"], "an activity key from `ghgcalc activities`")
    problems += _flag(f, ~f["gas"].isin(gases), code, "gas", f["gas"],
                      "CO2, CH4, N2O, SF6, NF3, an HFC or PFC from the GWP tables, CO2_biogenic or CO2e")
    problems += _validate_numbers(f, "value", positive=False, code=code)
    if "gwp_basis" in f.columns:
        no_basis = f["gas"].eq("CO2e") & ~f["gwp_basis"].isin(["AR4", "AR5", "AR6"])
        problems += _flag(f, no_basis, code, "gwp_basis", f["gwp_basis"], "AR4, AR5 or AR6 for a CO2e factor")
    if "model_year" in f.columns:
        bad_year = f["model_year"].ne("") & ~f["model_year"].str.match(_MODEL_YEAR)
        problems += _flag(f, bad_year, code, "model_year", f["model_year"], "a year, a range 2007-2022 or <=1980")
    if "source_ref" in f.columns and not custom:
        problems += _flag(f, f["source_ref"].eq(""), code, "source_ref", f["source_ref"], "the source table and row")
    problems += _validate_factor_units(f, code, catalogue, heat_content, skip_unknown=custom)
    return problems


def _validate_factor_units(f: pd.DataFrame, code: str, catalogue: pd.DataFrame,
                           heat_content: pd.DataFrame | None, *, skip_unknown: bool) -> list[Problem]:
    """Unit is mass per something, and the something can be reached from a unit users may give."""
    problems: list[Problem] = []
    convertible_via_heat = set(heat_content["activity"]) if heat_content is not None and not heat_content.empty else set()
    pairs = f[["activity", "unit"]].drop_duplicates()
    bad_unit, bad_dimension = set(), {}
    for activity, unit in zip(pairs["activity"], pairs["unit"]):  # distinct (activity, unit) pairs
        split = split_factor_unit(unit)
        if split is None:
            bad_unit.add(unit)
            continue
        if activity not in catalogue.index:
            continue
        dimension = dimension_of(parse_unit(split[1]).unit)
        allowed = catalogue.at[activity, "dimension_set"]
        reachable = dimension in allowed or (
            activity in convertible_via_heat and dimension in {"energy", "volume", "mass"})
        if not reachable:
            bad_dimension[(activity, unit)] = ", ".join(sorted(allowed))
    problems += _flag(f, f["unit"].isin(bad_unit), code, "unit", f["unit"],
                      "mass per activity unit, e.g. kg/MMBtu, g/gal, lb/MWh")
    if bad_dimension:
        key = pd.Series(list(zip(f["activity"], f["unit"])), index=f.index)
        mask = key.isin(list(bad_dimension))
        hint = key[mask].map(lambda k: f"users give {k[0]} as {bad_dimension[k]}")
        problems += _flag(f, mask, code, "unit", f["unit"], "a denominator users can give for this activity",
                          hint=hint)
    return problems


def _validate_heat_units(table: pd.DataFrame) -> list[Problem]:
    if table.empty:
        return []
    def ok(unit: str) -> bool:
        if unit.count("/") != 1:
            return False
        num, den = (parse_unit(p.strip()).unit for p in unit.split("/"))
        return num is not None and den is not None and dimension_of(num) == "energy" and \
            dimension_of(den) in {"volume", "mass"}
    good = {u: ok(u) for u in table["unit"].unique()}
    return _flag(table, ~table["unit"].map(good).astype(bool), "bad-factor-table", "unit", table["unit"],
                 "energy per physical unit, e.g. MMBtu/gal or TJ/Gg")


def _validate_numbers(table: pd.DataFrame, column: str, *, positive: bool, upper: float | None = None,
                      code: str = "bad-factor-table") -> list[Problem]:
    if table.empty:
        return []
    values = pd.to_numeric(table[column], errors="coerce")
    bad = values.isna() | ~values.abs().lt(float("inf"))
    bad |= values.le(0) if positive else values.lt(0)
    if upper is not None:
        bad |= values.gt(upper)
    expected = "a positive number" if positive else "a number ≥ 0"
    return _flag(table, bad, code, column, table[column], expected)


def _flag(table: pd.DataFrame, mask: pd.Series, code: str, column: str, found, expected: str,
          hint=None) -> list[Problem]:
    if not mask.any():
        return []
    rows = table.loc[mask]
    located = rows.assign(_sheet=rows["_sheet"] if "_sheet" in rows.columns else None)
    return problems_from_rows(located, code, column=column, found=found[mask] if isinstance(found, pd.Series) else found,
                              expected=expected, hint=hint[mask] if isinstance(hint, pd.Series) and len(hint) == len(table) else hint)


def validate_sets(sets: list[FactorSet]) -> list[Problem]:
    """Validate several editions together (GWP tables define the gas names)."""
    gases = known_gases([s.gwp for s in sets if not s.gwp.empty] or [_shipped_gwp()])
    problems: list[Problem] = []
    for factor_set in sets:
        problems += validate_factor_set(factor_set, gases)
    return problems


def _shipped_gwp() -> pd.DataFrame:
    from ghgcalc.factors.load import load_shipped_sets
    tables = [s.gwp for s in load_shipped_sets() if not s.gwp.empty]
    return pd.concat(tables) if tables else pd.DataFrame({"gas": [], "formula": []})

