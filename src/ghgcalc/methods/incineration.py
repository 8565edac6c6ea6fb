"""Carbon dioxide, methane and nitrous oxide from incineration and open burning of waste.

References
----------
.. [1] IPCC, *2006 IPCC Guidelines for National Greenhouse Gas Inventories*, Volume 5 Waste,
   Chapter 5 "Incineration and Open Burning of Waste", Equations 5.1-5.5, Tables 5.2-5.4;
   Chapter 2, Table 2.4 (dry matter, carbon and fossil carbon fractions by waste type).
   https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol5.html
.. [2] WRI, C40 Cities and ICLEI, *Global Protocol for Community-Scale Greenhouse Gas
   Inventories*, 2014 (v1.1 2021), Chapter 8 "Waste", section 8.5.
"""

from __future__ import annotations

CO2_PER_C = 44.0 / 12.0  # [t CO2 / t C]
G_PER_T_TO_T_PER_T = 1e-6  # g gas / t waste = 1e-6 t gas / t waste


def carbon_fraction(dm, cf, fcf):
    """Fossil and biogenic carbon per tonne of wet waste [t C / t waste].

    Parameters
    ----------
    dm : array-like
        Dry matter content [t dry matter / t wet waste].
    cf : array-like
        Total carbon in the dry matter [t C / t dry matter].
    fcf : array-like
        Fossil share of the total carbon [fraction].

    Returns
    -------
    fossil, biogenic : array-like
        ``dm·CF·FCF`` and ``dm·CF·(1 − FCF)`` [t C / t waste].

    Notes
    -----
    The composition term of IPCC 2006 Vol. 5 Eq. 5.2 [1], :math:`\\sum_j WF_j dm_j CF_j FCF_j`,
    is the share-weighted sum of these per waste type j.
    """
    carbon = dm * cf
    return carbon * fcf, carbon * (1.0 - fcf)


def incineration_co2(mass_t, carbon_t_per_t, of):
    """CO2 from burning waste [t CO2] (fossil or biogenic, by the carbon passed in).

    Parameters
    ----------
    mass_t : array-like
        Wet waste burned [t].
    carbon_t_per_t : array-like
        Fossil (or biogenic) carbon per tonne of wet waste [t C / t waste], from
        :func:`carbon_fraction`.
    of : array-like
        Oxidation factor [fraction] (IPCC Table 5.2: 1 for incineration, lower for open burning).

    Notes
    -----
    .. math:: CO_2 = SW \\cdot \\sum_j (WF_j \\cdot dm_j \\cdot CF_j \\cdot FCF_j) \\cdot OF \\cdot 44/12    (1)

    IPCC 2006 Vol. 5 Eq. 5.1/5.2 [1]. Only the fossil part counts in CO2e; the biogenic part
    (the same equation with 1 − FCF) is reported apart (GPC [2]).
    """
    return mass_t * carbon_t_per_t * of * CO2_PER_C


def incineration_gas(mass_t, ef_g_per_t):
    """CH4 or N2O from burning waste [t].

    Parameters
    ----------
    mass_t : array-like
        Waste burned, on the basis of the factor (wet or dry weight) [t].
    ef_g_per_t : array-like
        Emission factor [g gas / t waste] (= kg/Gg; IPCC Tables 5.3 and 5.4).

    Notes
    -----
    .. math:: E = \\sum_i (IW_i \\cdot EF_i) \\cdot 10^{-6}    (2)

    IPCC 2006 Vol. 5 Eq. 5.4 (CH4) and 5.5 (N2O) [1], with IW in t and EF in g/t giving t.
    """
    return mass_t * ef_g_per_t * G_PER_T_TO_T_PER_T
