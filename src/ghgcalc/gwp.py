"""Global warming potentials as data, and the conversion of gas masses to CO2e.

The tables are the shipped ``emission_factors/gwp/<AR>/gwp.csv`` (100-year values).
"""

from __future__ import annotations

import pandas as pd

from ghgcalc.factors.model import FactorSet

NOT_IN_CO2E = "CO2_biogenic"  # reported apart, never in CO2e totals (GPC)
AS_CO2E = "CO2e"              # factors published only as CO2e are added as they are


def gwp_map(gwp_set: FactorSet) -> dict[str, float]:
    """Gas name (and formula) → GWP, from one GWP table."""
    table = gwp_set.gwp
    values = pd.to_numeric(table["value"])
    mapping = dict(zip(table["gas"], values))
    mapping.update({f: v for f, v, g in zip(table["formula"], values, table["gas"]) if f and f not in mapping})
    mapping[AS_CO2E] = 1.0
    mapping[NOT_IN_CO2E] = 0.0
    return mapping


def to_co2e(gas: pd.Series, tonnes: pd.Series, gwps: dict[str, float]) -> pd.Series:
    """t CO2e of each record: ``tonnes × GWP(gas)`` [t CO2e].

    Notes
    -----
    CO2e = Σ_gas m_gas × GWP_gas (IPCC AR5 WG I, Ch. 8, Eq. 8.1 definition of GWP-weighted
    emissions). Biogenic CO2 has weight 0 here because GPC reports it outside the totals.
    A gas missing from the table gives NaN, which the engine reports.
    """
    return tonnes * gas.map(gwps).astype("float64")


def gas_family(gas: str) -> str:
    """GPC reporting group of a gas: HFCs and PFCs are grouped, the rest stand alone."""
    if gas.upper().startswith("HFC"):
        return "HFCs"
    if gas.upper().startswith("PFC") or gas in {"CF4", "C2F6", "C3F8", "c-C4F8", "C4F10", "C5F12", "C6F14", "C10F18"}:
        return "PFCs"
    return gas
