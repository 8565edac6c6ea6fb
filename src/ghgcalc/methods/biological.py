"""Methane and nitrous oxide from biological treatment of solid waste (composting, digestion).

References
----------
.. [1] IPCC, *2006 IPCC Guidelines for National Greenhouse Gas Inventories*, Volume 5 Waste,
   Chapter 4 "Biological Treatment of Solid Waste", Equations 4.1-4.2 and Table 4.1.
   https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol5.html
.. [2] WRI, C40 Cities and ICLEI, *Global Protocol for Community-Scale Greenhouse Gas
   Inventories*, 2014 (v1.1 2021), Chapter 8 "Waste", section 8.4.
"""

from __future__ import annotations

import numpy as np

G_PER_KG_TO_T_PER_T = 1e-3  # g gas / kg waste = kg gas / t waste = 1e-3 t gas / t waste


def biological_ch4(mass_t, ef_g_per_kg, recovered_t):
    """Methane from composting or anaerobic digestion [t CH4].

    Parameters
    ----------
    mass_t : array-like
        Organic waste treated, on the basis of the factor (wet or dry weight) [t].
    ef_g_per_kg : array-like
        CH4 emission factor [g CH4 / kg waste treated] (IPCC Table 4.1: composting 4 wet /
        10 dry; anaerobic digestion 0.8 wet / 2 dry).
    recovered_t : array-like
        Methane recovered in the year [t CH4].

    Notes
    -----
    .. math:: CH_4 = \\sum_i (M_i \\cdot EF_i) \\cdot 10^{-3} - R    (1)

    IPCC 2006 Vol. 5 Eq. 4.1 [1], with M in t and EF in g/kg giving t CH4. Recovery larger
    than the methane produced gives 0 (the caller reports it).
    """
    return np.maximum(mass_t * ef_g_per_kg * G_PER_KG_TO_T_PER_T - recovered_t, 0.0)


def biological_n2o(mass_t, ef_g_per_kg):
    """Nitrous oxide from composting or anaerobic digestion [t N2O].

    Notes
    -----
    .. math:: N_2O = \\sum_i (M_i \\cdot EF_i) \\cdot 10^{-3}    (2)

    IPCC 2006 Vol. 5 Eq. 4.2 [1]; EF in g N2O / kg waste (composting 0.24 wet / 0.6 dry;
    anaerobic digestion assumed negligible).
    """
    return mass_t * ef_g_per_kg * G_PER_KG_TO_T_PER_T
