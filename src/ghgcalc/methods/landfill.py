"""Methane from solid waste disposal: methane commitment (GPC) and first-order decay (IPCC).

Pure vectorized functions: arrays or Series in, arrays or Series out, no parameter look-ups.
Masses are in tonnes; every fraction is a number between 0 and 1.

References
----------
.. [1] WRI, C40 Cities and ICLEI, *Global Protocol for Community-Scale Greenhouse Gas
   Inventories*, 2014 (v1.1 2021), Chapter 8 "Waste", Equations 8.1-8.4.
   https://ghgprotocol.org/ghg-protocol-cities
.. [2] IPCC, *2006 IPCC Guidelines for National Greenhouse Gas Inventories*, Volume 5 Waste,
   Chapter 3 "Solid Waste Disposal", Equations 3.1-3.7 and Tables 3.1-3.3.
   https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol5.html
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CH4_PER_C = 16.0 / 12.0  # molecular weight ratio CH4/C [t CH4 / t C]


def doc_from_composition(shares: pd.DataFrame, doc_by_type: dict[str, float]) -> pd.Series:
    """Degradable organic carbon of mixed waste from its composition [t C / t waste].

    Parameters
    ----------
    shares : DataFrame
        One column per waste type (``food``, ``garden``, ``paper`` …), each the share of that
        type in the wet waste [fraction]; a missing share counts as 0.
    doc_by_type : dict
        DOC_i of each waste type, wet weight [t C / t waste of type i]. A column without an
        entry contributes nothing (plastics, metal, glass and inert waste hold no DOC).

    Notes
    -----
    .. math:: DOC = \\sum_i DOC_i \\cdot W_i    (1)

    IPCC 2006 Vol. 5 Eq. 3.7 [2]; GPC Eq. 8.1 [1] writes the same sum with the defaults
    0.15 food, 0.20 garden, 0.40 paper, 0.43 wood, 0.24 textiles and 0.15 industrial waste.
    """
    known = [c for c in shares.columns if c in doc_by_type]
    weights = pd.Series({c: float(doc_by_type[c]) for c in known}, dtype="float64")
    return shares[known].fillna(0.0).astype("float64").mul(weights, axis=1).sum(axis=1)


def methane_generation_potential(mcf, doc, docf, f):
    """Methane generation potential L0 of landfilled waste [t CH4 / t waste].

    Parameters
    ----------
    mcf : array-like
        Methane correction factor of the site [fraction] (IPCC Table 3.1).
    doc : array-like
        Degradable organic carbon [t C / t waste].
    docf : array-like
        Fraction of DOC that ultimately decomposes [fraction].
    f : array-like
        Fraction of methane in landfill gas [fraction].

    Notes
    -----
    .. math:: L_0 = MCF \\cdot DOC \\cdot DOC_F \\cdot F \\cdot 16/12    (2)

    GPC Eq. 8.4 [1] (IPCC 2006 Vol. 5 Eq. 3.2 and 3.3 combined [2]).
    """
    return mcf * doc * docf * f * CH4_PER_C


def methane_commitment(mass_t, l0, f_rec, ox):
    """Methane committed by the waste landfilled in the inventory year [t CH4].

    Parameters
    ----------
    mass_t : array-like
        Solid waste sent to landfill in the year [t].
    l0 : array-like
        Methane generation potential [t CH4 / t waste], Eq. (2).
    f_rec : array-like
        Fraction of the methane recovered (flared or used for energy) [fraction].
    ox : array-like
        Oxidation factor [fraction] (IPCC Table 3.2).

    Notes
    -----
    .. math:: CH_4 = M \\cdot L_0 \\cdot (1 - f_{rec}) \\cdot (1 - OX)    (3)

    GPC Eq. 8.3 [1]: every tonne's lifetime methane is reported in the year it is landfilled.
    """
    return mass_t * l0 * (1.0 - f_rec) * (1.0 - ox)


def ddoc_deposited(mass_t, doc, docf, mcf):
    """Decomposable degradable organic carbon deposited [t C].

    Notes
    -----
    .. math:: DDOCm = W \\cdot DOC \\cdot DOC_f \\cdot MCF    (4)

    IPCC 2006 Vol. 5 Eq. 3.2 [2], with W the mass deposited [t], DOC [t C / t waste] and
    DOCf, MCF [fraction].
    """
    return mass_t * doc * docf * mcf


def fod_decay_weights(deposit_year, k, year: int):
    """Share of the DDOCm deposited in ``deposit_year`` that decomposes during ``year`` [fraction].

    Parameters
    ----------
    deposit_year : array-like of int
        Year x the carbon was deposited.
    k : array-like
        Methane generation rate constant of the waste type [1/yr] (IPCC Table 3.3).
    year : int
        The inventory year T.

    Notes
    -----
    Decay starts on 1 January of the year after deposit. Solving the recursion of IPCC 2006
    Vol. 5 Eq. 3.4 and 3.5 [2],

    .. math::
        DDOCma_T = DDOCmd_T + DDOCma_{T-1} e^{-k}, \\qquad
        DDOCm\\,decomp_T = DDOCma_{T-1} (1 - e^{-k}),

    for one deposit made in year x gives

    .. math:: w(x, T) = e^{-k (T - 1 - x)} (1 - e^{-k}) \\;\\text{for}\\; x < T, \\quad 0 \\;\\text{otherwise}    (5)
    """
    deposit_year = np.asarray(deposit_year, dtype="float64")
    k = np.asarray(k, dtype="float64")
    age = year - 1 - deposit_year
    return np.where(age >= 0, np.exp(-k * np.maximum(age, 0.0)) * -np.expm1(-k), 0.0)


def fod_series(ddocm_deposited, k: float) -> tuple[np.ndarray, np.ndarray]:
    """DDOCm accumulated and decomposed in every year of a disposal history [t C].

    Parameters
    ----------
    ddocm_deposited : array-like, shape (n_years,)
        DDOCm deposited in consecutive years, oldest first [t C], Eq. (4).
    k : float
        Methane generation rate constant [1/yr].

    Returns
    -------
    accumulated, decomposed : ndarray
        DDOCma_T at the end of each year and DDOCm decomp_T during each year [t C].

    Notes
    -----
    IPCC 2006 Vol. 5 Eq. 3.4 and 3.5 [2], computed for all years at once with the lower
    triangular matrix of decay factors :math:`D_{T,x} = e^{-k (T - x)}` for :math:`x \\le T`:
    :math:`DDOCma = D \\cdot DDOCmd` and :math:`DDOCm\\,decomp_T = DDOCma_{T-1} (1 - e^{-k})`.
    """
    deposits = np.asarray(ddocm_deposited, dtype="float64")
    n = deposits.size
    lag = np.subtract.outer(np.arange(n), np.arange(n)).astype("float64")
    decay = np.where(lag >= 0, np.exp(-k * np.maximum(lag, 0.0)), 0.0)
    accumulated = decay @ deposits
    decomposed = np.concatenate(([0.0], accumulated[:-1])) * -np.expm1(-k)
    return accumulated, decomposed


def ch4_generated(ddocm_decomposed, f):
    """Methane generated from decomposed DDOCm [t CH4].

    Parameters
    ----------
    ddocm_decomposed : array-like
        DDOCm decomposed in the year [t C].
    f : array-like
        Fraction of methane in landfill gas [fraction].

    Notes
    -----
    .. math:: CH_4\\,generated_T = DDOCm\\,decomp_T \\cdot F \\cdot 16/12

    IPCC 2006 Vol. 5 Eq. 3.6 [2].
    """
    return ddocm_decomposed * f * CH4_PER_C


def ch4_emitted(generated_t, recovered_t, ox):
    """Methane emitted from a disposal site in the inventory year [t CH4].

    Parameters
    ----------
    generated_t : array-like
        Methane generated in the year, summed over waste types [t CH4].
    recovered_t : array-like
        Methane recovered (flared or used) in the year [t CH4].
    ox : array-like
        Oxidation factor [fraction].

    Notes
    -----
    .. math:: CH_4\\,emissions_T = \\left(\\sum_x CH_4\\,generated_{x,T} - R_T\\right)(1 - OX_T)    (6)

    IPCC 2006 Vol. 5 Eq. 3.1 [2]: recovery is subtracted before oxidation. Recovery larger than
    generation gives 0, not a negative emission (the caller reports it).
    """
    return np.maximum(generated_t - recovered_t, 0.0) * (1.0 - ox)
