"""The waste methods' pure functions against values computed by hand (issue 7).

Defaults used below (emission_factors/ipcc-2006-waste/defaults/parameters.csv):
IPCC 2006 Vol. 5 Table 2.4 DOC (wet) food 0.15, garden 0.20, paper 0.40, wood 0.43, textiles 0.24;
Table 3.1 MCF managed anaerobic 1.0, uncategorised 0.6; Table 3.2 OX 0.1 covered; DOCf 0.5 (IPCC)
or 0.6 (GPC Eq. 8.4); F 0.5; Table 3.3 k food 0.185 (boreal/temperate wet), paper 0.06.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ghgcalc.methods import biological, incineration, landfill, wastewater

REL = 1e-12


# --- methane commitment (GPC Eq. 8.1, 8.3, 8.4) ------------------------------------------------

def test_doc_from_composition_gpc_eq_8_1():
    shares = pd.DataFrame({"food": [0.4, 0.0], "paper": [0.2, 0.5], "garden": [0.1, None], "plastics": [0.3, 0.5]})
    doc = landfill.doc_from_composition(shares, {"food": 0.15, "paper": 0.4, "garden": 0.2})
    # 0.4·0.15 + 0.2·0.40 + 0.1·0.20 = 0.06 + 0.08 + 0.02 = 0.16 (plastics hold no DOC)
    # 0.5·0.40 = 0.20
    assert doc.tolist() == pytest.approx([0.16, 0.20], rel=REL)


def test_methane_commitment_worked_example():
    # L0 = MCF 1.0 × DOC 0.16 × DOCf 0.6 × F 0.5 × 16/12 = 0.064 t CH4/t
    l0 = landfill.methane_generation_potential(1.0, 0.16, 0.6, 0.5)
    assert l0 == pytest.approx(0.064, rel=REL)
    # 1,000 t × 0.064 × (1 − 0.25 recovered) × (1 − 0.1 OX) = 64 × 0.75 × 0.9 = 43.2 t CH4
    ch4 = landfill.methane_commitment(pd.Series([1000.0]), l0, pd.Series([0.25]), pd.Series([0.1]))
    assert ch4.iloc[0] == pytest.approx(43.2, rel=REL)


# --- first-order decay (IPCC 2006 Vol. 5 Eq. 3.1-3.6) -------------------------------------------

def test_fod_constant_deposit_matches_closed_form():
    # D t of DDOCm deposited every year from 1990 to 2022, inventory year 2023, n = 33 deposits.
    # Decomposed in 2023 = Σ_{j=0}^{n-1} D·e^{-kj}(1 − e^{-k}) = D·(1 − e^{-kn})  (geometric sum).
    # D = 1,000 t × DOC 0.15 × DOCf 0.5 × MCF 1.0 = 75 t C; k = 0.185:
    # 75 × (1 − e^{−6.105}) = 75 × (1 − 0.0022317) = 74.83262 t C
    years = np.arange(1990, 2023)
    d = landfill.ddoc_deposited(1000.0, 0.15, 0.5, 1.0)
    assert d == pytest.approx(75.0, rel=REL)
    decomposed = float(np.sum(d * landfill.fod_decay_weights(years, 0.185, 2023)))
    closed = 75.0 * (1.0 - math.exp(-0.185 * 33))
    assert decomposed == pytest.approx(closed, rel=1e-12)
    assert decomposed == pytest.approx(74.83262, rel=1e-6)
    # CH4 generated = 74.83262 × F 0.5 × 16/12 = 49.88842 t; emitted after R = 10 t and OX 0.1:
    # (49.88842 − 10) × 0.9 = 35.89957 t CH4
    generated = landfill.ch4_generated(decomposed, 0.5)
    assert generated == pytest.approx(closed * 0.5 * 16 / 12, rel=REL)
    assert landfill.ch4_emitted(generated, 10.0, 0.1) == pytest.approx(35.89957, rel=1e-6)


def test_fod_rising_deposits_match_closed_form():
    # Deposits rise linearly: D_x = a + b·(x − x0) for x = x0 … T−1 (n years). With q = e^{-k}
    # and j = T−1−x (age): D = a + b(n−1−j), and
    #   decomposed_T = (1−q)·Σ_j (a + b(n−1) − b j) q^j
    #                = (a + b(n−1))(1 − q^n) − b·q·(1 − n q^{n−1} + (n−1) q^n)/(1 − q)
    # using Σ_{j<n} q^j = (1−q^n)/(1−q) and Σ_{j<n} j q^j = q(1 − n q^{n−1} + (n−1) q^n)/(1−q)^2.
    a, b, k, x0, year = 10.0, 2.0, 0.06, 2003, 2023
    years = np.arange(x0, year)
    n = len(years)  # 20
    deposits = a + b * (years - x0)
    q = math.exp(-k)
    closed = (a + b * (n - 1)) * (1 - q**n) - b * q * (1 - n * q ** (n - 1) + (n - 1) * q**n) / (1 - q)
    got = float(np.sum(deposits * landfill.fod_decay_weights(years, k, year)))
    assert got == pytest.approx(closed, rel=1e-12)
    # by hand: q = 0.9417645, q^20 = 0.3011942, q^19 = 0.3198190;
    # 48 × 0.6988058 − 2 × 0.9417645 × (1 − 6.396380 + 5.722690)/0.0582355 = 33.54268 − 10.55394 = 22.98874
    assert got == pytest.approx(22.98874, rel=1e-6)


def test_fod_history_starting_decades_before_the_inventory_year():
    # 100 t C of DDOCm each year 1950-1990 only; inventory year 2023, k = 0.06.
    # Ages run from 32 (1990) to 72 (1950): Σ_{j=32}^{72} q^j (1−q) = q^32 − q^73,
    # so decomposed_2023 = 100·(e^{−1.92} − e^{−4.38}) = 100·(0.1466070 − 0.0125254) = 13.40816 t C
    years = np.arange(1950, 1991)
    got = float(np.sum(100.0 * landfill.fod_decay_weights(years, 0.06, 2023)))
    assert got == pytest.approx(100 * (math.exp(-0.06 * 32) - math.exp(-0.06 * 73)), rel=1e-12)
    assert got == pytest.approx(13.40816, rel=1e-6)


def test_fod_deposits_of_the_inventory_year_and_later_do_not_decay_in_it():
    # decay starts the year after deposit (IPCC Eq. 3.4-3.5)
    assert landfill.fod_decay_weights([2023, 2024], 0.185, 2023).tolist() == [0.0, 0.0]
    # a deposit made the year before loses 1 − e^{-k} of its DDOCm: 1 − e^{−0.185} = 1 − 0.8311043 = 0.1688957
    assert landfill.fod_decay_weights([2022], 0.185, 2023)[0] == pytest.approx(0.1688957, rel=1e-6)


def test_fod_series_is_the_ipcc_recursion():
    # Eq. 3.4/3.5 step by step for deposits 10, 0, 5 and k = 0.1 (q = e^{-0.1}):
    # year 1: acc 10, decomp 0; year 2: decomp 10(1−q), acc 10q; year 3: decomp 10q(1−q), acc 5 + 10q²
    q = math.exp(-0.1)
    accumulated, decomposed = landfill.fod_series([10.0, 0.0, 5.0], 0.1)
    assert accumulated.tolist() == pytest.approx([10.0, 10 * q, 5 + 10 * q * q], rel=1e-12)
    assert decomposed.tolist() == pytest.approx([0.0, 10 * (1 - q), 10 * q * (1 - q)], rel=1e-12)
    # the series and the per-deposit weights agree on the last year
    assert decomposed[-1] == pytest.approx(
        float(np.sum(np.array([10.0, 0.0, 5.0]) * landfill.fod_decay_weights([1, 2, 3], 0.1, 3))), rel=1e-12)


def test_recovery_larger_than_generation_gives_zero_not_negative():
    assert landfill.ch4_emitted(np.array([5.0]), np.array([8.0]), 0.1).tolist() == [0.0]


# --- biological treatment (IPCC 2006 Vol. 5 Eq. 4.1-4.2, Table 4.1) --------------------------

def test_composting_wet_and_dry():
    # 500 t wet × 4 g/kg = 2,000 kg = 2 t CH4, minus 0.5 t recovered = 1.5 t; N2O 500 × 0.24 g/kg = 0.12 t
    assert biological.biological_ch4(500.0, 4.0, 0.5) == pytest.approx(1.5, rel=REL)
    assert biological.biological_n2o(500.0, 0.24) == pytest.approx(0.12, rel=REL)
    # 200 t dry × 10 g/kg = 2 t CH4; × 0.6 g/kg = 0.12 t N2O
    assert biological.biological_ch4(200.0, 10.0, 0.0) == pytest.approx(2.0, rel=REL)
    assert biological.biological_n2o(200.0, 0.6) == pytest.approx(0.12, rel=REL)


def test_anaerobic_digestion_wet():
    # 1,000 t × 0.8 g/kg = 0.8 t CH4
    assert biological.biological_ch4(1000.0, 0.8, 0.0) == pytest.approx(0.8, rel=REL)


# --- incineration and open burning (IPCC 2006 Vol. 5 Eq. 5.1-5.5) ----------------------------

def test_incineration_fossil_and_biogenic_co2():
    # plastics: dm 1.0 × CF 0.75 × FCF 1.0 = 0.75 t fossil C/t; paper: 0.9 × 0.46 = 0.414 t C/t,
    # FCF 0.01 → fossil 0.00414, biogenic 0.40986
    fossil, bio = incineration.carbon_fraction(np.array([1.0, 0.9]), np.array([0.75, 0.46]), np.array([1.0, 0.01]))
    assert fossil.tolist() == pytest.approx([0.75, 0.00414], rel=REL)
    assert bio.tolist() == pytest.approx([0.0, 0.40986], rel=REL)
    # 10 t plastics burned openly, OF 0.58: 10 × 0.75 × 0.58 × 44/12 = 15.95 t CO2
    assert incineration.incineration_co2(10.0, 0.75, 0.58) == pytest.approx(15.95, rel=REL)


def test_incineration_ch4_and_n2o_per_tonne():
    # 1,000 t × 0.2 g/t = 200 g = 0.0002 t CH4; × 50 g/t = 0.05 t N2O
    assert incineration.incineration_gas(1000.0, 0.2) == pytest.approx(2e-4, rel=REL)
    assert incineration.incineration_gas(1000.0, 50.0) == pytest.approx(0.05, rel=REL)


# --- wastewater (IPCC 2006 Vol. 5 Eq. 6.1-6.8) -----------------------------------------------

def test_domestic_wastewater_ch4():
    # TOW = 100,000 people × 85 g BOD/day × 0.001 × 1.25 × 365 = 3,878,125 kg BOD/yr
    tow = wastewater.domestic_organics(100_000.0, 85.0, 1.25)
    assert tow == pytest.approx(3_878_125.0, rel=REL)
    # EF = 0.6 × 0.8 (anaerobic reactor) = 0.48 kg CH4/kg BOD
    ef = wastewater.wastewater_ef(0.6, 0.8)
    # (3,878,125 − 78,125 sludge) × 0.5 of the flow × 0.48 − 12,000 kg recovered
    # = 3,800,000 × 0.24 − 12,000 = 900,000 kg = 900 t CH4
    assert wastewater.wastewater_ch4(tow, 78_125.0, ef, 0.5, 12_000.0) == pytest.approx(900.0, rel=REL)


def test_domestic_wastewater_effluent_n2o():
    # N = 100,000 × 25 kg protein × 0.16 × 1.1 × 1.25 − 50,000 kg N in sludge = 550,000 − 50,000 = 500,000 kg N
    n = wastewater.effluent_nitrogen(100_000.0, 25.0, 0.16, 1.1, 1.25, 50_000.0)
    assert n == pytest.approx(500_000.0, rel=REL)
    # N2O = 500,000 × 0.005 × 44/28 = 3,928.571 kg = 3.928571 t
    assert wastewater.effluent_n2o(n, 0.005) == pytest.approx(500_000 * 0.005 * 44 / 28 / 1000, rel=REL)
    assert wastewater.effluent_n2o(n, 0.005) == pytest.approx(3.928571, rel=1e-6)


def test_industrial_wastewater_ch4():
    # beer: 10,000 t × 6.3 m3/t × 2.9 kg COD/m3 = 182,700 kg COD; EF = 0.25 × 0.8 = 0.2 → 36,540 kg = 36.54 t
    tow = wastewater.industrial_organics(10_000.0, 6.3, 2.9)
    assert tow == pytest.approx(182_700.0, rel=REL)
    assert wastewater.wastewater_ch4(tow, 0.0, wastewater.wastewater_ef(0.25, 0.8), 1.0, 0.0) == pytest.approx(
        36.54, rel=REL)
