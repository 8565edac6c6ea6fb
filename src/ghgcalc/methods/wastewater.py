"""Methane and nitrous oxide from domestic and industrial wastewater.

References
----------
.. [1] IPCC, *2006 IPCC Guidelines for National Greenhouse Gas Inventories*, Volume 5 Waste,
   Chapter 6 "Wastewater Treatment and Discharge", Equations 6.1-6.8, Tables 6.2-6.4, 6.8,
   6.9 and 6.11. https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol5.html
.. [2] WRI, C40 Cities and ICLEI, *Global Protocol for Community-Scale Greenhouse Gas
   Inventories*, 2014 (v1.1 2021), Chapter 8 "Waste", section 8.6.
"""

from __future__ import annotations

import numpy as np

N2O_PER_N = 44.0 / 28.0  # [kg N2O / kg N2O-N]
DAYS_PER_YEAR = 365.0
KG_TO_T = 1e-3


def domestic_organics(population, bod_g_per_person_day, i_factor):
    """Total organics in domestic wastewater, TOW [kg BOD / yr].

    Parameters
    ----------
    population : array-like
        People whose wastewater is counted [person].
    bod_g_per_person_day : array-like
        BOD generated per person [g BOD / person / day] (IPCC Table 6.4).
    i_factor : array-like
        Correction for industrial BOD co-discharged into sewers [-]: 1.25 collected, 1.0
        uncollected.

    Notes
    -----
    .. math:: TOW = P \\cdot BOD \\cdot 0.001 \\cdot I \\cdot 365    (1)

    IPCC 2006 Vol. 5 Eq. 6.3 [1].
    """
    return population * bod_g_per_person_day * 0.001 * i_factor * DAYS_PER_YEAR


def industrial_organics(production_t, ww_m3_per_t, cod_kg_per_m3):
    """Total organics in an industry's wastewater, TOW_i [kg COD / yr].

    Notes
    -----
    .. math:: TOW_i = P_i \\cdot W_i \\cdot COD_i    (2)

    IPCC 2006 Vol. 5 Eq. 6.6 [1], with P the production [t / yr], W the wastewater generated
    [m3 / t product] and COD its chemical oxygen demand [kg COD / m3] (Table 6.9).
    """
    return production_t * ww_m3_per_t * cod_kg_per_m3


def wastewater_ef(b0, mcf):
    """Emission factor of a treatment or discharge pathway [kg CH4 / kg BOD or COD].

    Notes
    -----
    .. math:: EF_j = B_0 \\cdot MCF_j    (3)

    IPCC 2006 Vol. 5 Eq. 6.2 (domestic, B0 = 0.6 kg CH4 / kg BOD) and 6.5 (industrial,
    B0 = 0.25 kg CH4 / kg COD) [1]; MCF from Tables 6.3 and 6.8.
    """
    return b0 * mcf


def wastewater_ch4(tow_kg, sludge_kg, ef, utilisation, recovered_kg):
    """Methane from wastewater on one pathway [t CH4].

    Parameters
    ----------
    tow_kg : array-like
        Total organics in the wastewater [kg BOD or COD / yr], Eq. (1) or (2).
    sludge_kg : array-like
        Organics removed as sludge, S [kg BOD or COD / yr].
    ef : array-like
        Emission factor of the pathway [kg CH4 / kg BOD or COD], Eq. (3).
    utilisation : array-like
        Share of the organics that goes through this pathway, U_i·T_ij [fraction].
    recovered_kg : array-like
        Methane recovered, R [kg CH4 / yr].

    Notes
    -----
    .. math:: CH_4 = \\left[\\sum_{i,j} U_i T_{ij} EF_j\\right] (TOW - S) - R    (4)

    IPCC 2006 Vol. 5 Eq. 6.1 (domestic) and 6.4 (industrial) [1], in kg, returned in t.
    Recovery larger than the methane produced gives 0 (the caller reports it).
    """
    return np.maximum((tow_kg - sludge_kg) * utilisation * ef - recovered_kg, 0.0) * KG_TO_T


def effluent_nitrogen(population, protein_kg_per_person_yr, f_npr, f_non_con, f_ind_com, sludge_n_kg):
    """Nitrogen in the effluent of domestic wastewater [kg N / yr].

    Parameters
    ----------
    population : array-like
        People [person].
    protein_kg_per_person_yr : array-like
        Annual protein consumption per person [kg protein / person / yr].
    f_npr : array-like
        Nitrogen in protein [kg N / kg protein] (0.16).
    f_non_con : array-like
        Factor for non-consumed protein added to wastewater [-] (1.1; 1.4 with garbage disposals).
    f_ind_com : array-like
        Factor for industrial and commercial protein co-discharged into sewers [-] (1.25).
    sludge_n_kg : array-like
        Nitrogen removed with sludge [kg N / yr].

    Notes
    -----
    .. math:: N_{EFFLUENT} = P \\cdot Protein \\cdot F_{NPR} \\cdot F_{NON\\text{-}CON} \\cdot F_{IND\\text{-}COM} - N_{SLUDGE}    (5)

    IPCC 2006 Vol. 5 Eq. 6.8 [1].
    """
    return population * protein_kg_per_person_yr * f_npr * f_non_con * f_ind_com - sludge_n_kg


def effluent_n2o(n_effluent_kg, ef_effluent):
    """Nitrous oxide from wastewater effluent [t N2O].

    Notes
    -----
    .. math:: N_2O = N_{EFFLUENT} \\cdot EF_{EFFLUENT} \\cdot 44/28    (6)

    IPCC 2006 Vol. 5 Eq. 6.7 [1], with EF in kg N2O-N / kg N (0.005, Table 6.11), returned
    in t. Negative effluent nitrogen (more removed with sludge than generated) gives 0.
    """
    return np.maximum(n_effluent_kg, 0.0) * ef_effluent * N2O_PER_N * KG_TO_T
