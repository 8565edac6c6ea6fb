"""Emission factor × activity, and transmission-and-distribution losses of grid energy."""

from __future__ import annotations

import numpy as np
import pandas as pd


def factor_emissions(quantity: pd.Series, conversion: pd.Series, factor: pd.Series,
                     mass_to_tonnes: pd.Series) -> pd.Series:
    """Emissions of one gas from activity data and an emission factor [t].

    Parameters
    ----------
    quantity : Series
        Activity data in the unit the user gave [activity unit].
    conversion : Series
        Multiplier from the user's unit to the factor's denominator, including a heat content
        where the two measure different things [factor unit / activity unit].
    factor : Series
        Emission factor [factor numerator / factor denominator], e.g. kg/MMBtu.
    mass_to_tonnes : Series
        Multiplier from the factor's numerator mass unit to tonnes [t / numerator unit].

    Notes
    -----
    .. math:: E_{gas} = Q \\cdot u_{Q \\to d} \\cdot EF_{gas} \\cdot u_{n \\to t}    (1)

    the "emissions = activity data × emission factor" calculation of the GPC (2014,
    Chapter 6) and of the EPA Emission Factors Hub (2025, Tables 1–2 usage notes), with the
    unit conversions made explicit (SPEC §4).

    References
    ----------
    .. [1] WRI, C40, ICLEI, Global Protocol for Community-Scale Greenhouse Gas Inventories,
       2014 (v1.1 2021), Chapter 6 "Stationary energy".
    .. [2] US EPA, GHG Emission Factors Hub, 2025, https://www.epa.gov/climateleadership/ghg-emission-factors-hub
    """
    return quantity * conversion * factor * mass_to_tonnes


def tnd_loss_share(loss_pct: pd.Series) -> pd.Series:
    """Energy lost in the grid per unit of energy delivered [-].

    Parameters
    ----------
    loss_pct : Series
        Grid gross loss L as a percentage of energy put into the grid [%] (eGRID "grid gross
        loss").

    Notes
    -----
    .. math:: s = \\frac{L}{1 - L}    (2)

    Consumption C is what is left after losses, so generation is C / (1 − L) and the energy
    lost is C · L / (1 − L); the losses' emissions are that energy times the grid factor
    (SPEC §4; EPA Hub 2025 Table 6 note on grid gross loss; GPC 2014 §6.5 scope 3).

    References
    ----------
    .. [1] US EPA, eGRID2023 Technical Guide, section "Grid gross loss", 2025.
    """
    loss = loss_pct.astype("float64") / 100.0
    return loss / (1.0 - loss)


def as_float(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype(np.float64)
