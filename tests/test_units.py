"""Units: every definition in ``ghg_units.txt`` converted by hand, and the parser of users' spellings.

A wrong line in a pint definitions file loads without error, so each unit defined there (every
name, symbol and alias) is converted to SI here against a value worked out from its definition.
A new definition without an expected value below fails ``test_every_defined_name_has_an_expected_value``.

Exact SI values used (NIST SP 811, appendix B; pint's defaults):
- 1 ft = 0.3048 m, so 1 ft³ = 0.3048³ m³ = 0.028316846592 m³
- 1 US gal = 231 in³, 1 in = 0.0254 m, so 1 gal = 231 × 0.0254³ m³ = 0.003785411784 m³
- 1 mi = 5280 ft = 1609.344 m; 1 lb = 0.45359237 kg; short ton = 2000 lb = 907.18474 kg
- pint's Btu is the ISO Btu, 1 Btu = 1055.056 J; pint's therm is 1e5 Btu = 1.055056e8 J
"""

from __future__ import annotations

import re
from importlib import resources

import pytest

from ghgcalc.units import conversion_factor, dimension_of, parse_unit, ureg

REL = 1e-12

FT3_M3 = 0.3048**3  # 0.028316846592 m³
GAL_M3 = 231 * 0.0254**3  # 0.003785411784 m³
BTU_J = 1055.056
MILE_M = 1609.344
LB_KG = 0.45359237

# name → (dimension, magnitude in J, m³, kg or m), written from each definition.
EXPECTED: dict[str, tuple[str, float]] = {
    # MMBtu = 1e6 Btu = 1e6 × 1055.056 J = 1.055056e9 J
    "MMBtu": ("energy", 1.055056e9),
    "mmBtu": ("energy", 1.055056e9),
    "MMBTU": ("energy", 1.055056e9),
    "mmbtu": ("energy", 1.055056e9),
    # MBtu = 1e3 Btu = 1.055056e6 J (the thousand-Btu "M" of US utility bills)
    "MBtu": ("energy", 1.055056e6),
    # decatherm = 10 therm = 10 × 1e5 Btu = 1e6 Btu = 1.055056e9 J (= 1 MMBtu)
    "decatherm": ("energy", 1.055056e9),
    "Dth": ("energy", 1.055056e9),
    "dekatherm": ("energy", 1.055056e9),
    # scf = 1 ft³ = 0.028316846592 m³
    "scf": ("volume", 0.028316846592),
    # ccf = 100 ft³ = 2.8316846592 m³
    "ccf": ("volume", 2.8316846592),
    "CCF": ("volume", 2.8316846592),
    # Mcf = 1000 ft³ = 28.316846592 m³
    "Mcf": ("volume", 28.316846592),
    "mcf": ("volume", 28.316846592),
    "MCF": ("volume", 28.316846592),
    # MMcf = 1e6 ft³ = 28316.846592 m³
    "MMcf": ("volume", 28316.846592),
    "MMscf": ("volume", 28316.846592),
    # petroleum barrel = 42 gal = 42 × 231 in³ = 9702 in³ = 9702 × 1.6387064e-5 m³ = 0.158987294928 m³
    "petroleum_barrel": ("volume", 0.158987294928),
    # vehicle-mile = 1 mi = 1609.344 m
    "vehicle_mile": ("distance", 1609.344),
    "VMT": ("distance", 1609.344),
    "vmi": ("distance", 1609.344),
    # vehicle-kilometre = 1 km = 1000 m
    "vehicle_kilometre": ("distance", 1000.0),
    "VKT": ("distance", 1000.0),
    "vehicle_kilometer": ("distance", 1000.0),
    # a head count (domestic wastewater): its own dimension, 1 person = 1 person
    "person": ("population", 1.0),
    "persons": ("population", 1.0),
    "people": ("population", 1.0),
    "inhabitant": ("population", 1.0),
    "inhabitants": ("population", 1.0),
    "capita": ("population", 1.0),
}

SI_UNIT = {"energy": "J", "volume": "m**3", "distance": "m", "mass": "kg", "population": "person"}


def defined_names(text: str | None = None) -> set[str]:
    """Every unit name, symbol and alias defined in ghg_units.txt (pint definition syntax)."""
    if text is None:
        text = resources.files("ghgcalc.units").joinpath("ghg_units.txt").read_text(encoding="utf-8")
    names: set[str] = set()
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@alias "):  # @alias existing = new1 = new2
            names.update(part.strip() for part in line.removeprefix("@alias ").split("=")[1:])
            continue
        # Anything else this parser does not understand (prefixes, dimensions, groups, systems)
        # must be taught to it, with expected values, before it is added to the file.
        assert not line.startswith("@") and not line.startswith("["), f"unsupported definition: {raw!r}"
        parts = [part.strip() for part in line.split("=")]
        assert len(parts) >= 2 and not parts[0].endswith("-"), f"unsupported definition: {raw!r}"
        # name = definition [= symbol] [= alias ...]; "_" as symbol means "no symbol"
        names.add(parts[0])
        names.update(p for p in parts[2:] if p and p != "_")
    return names


def test_definition_parser_reads_names_symbols_and_aliases():
    text = "# comment\n\nfoo = 3 * m = f = fo  # trailing\nbar = 2 * foo\nbaz = foo = _ = bz\n@alias foo = fooo\n"
    assert defined_names(text) == {"foo", "f", "fo", "bar", "baz", "bz", "fooo"}


def test_definitions_file_is_parsed():
    names = defined_names()
    assert {"MMBtu", "decatherm", "scf", "ccf", "Mcf", "petroleum_barrel", "vehicle_mile"} <= names
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n) for n in names), names


def test_every_defined_name_has_an_expected_value():
    names = defined_names()
    assert names - EXPECTED.keys() == set(), "add the expected dimension and size of these units to EXPECTED"
    assert EXPECTED.keys() - names == set(), "EXPECTED lists units no longer defined in ghg_units.txt"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_defined_unit_converts_to_its_si_value(name):
    dimension, magnitude = EXPECTED[name]
    unit = ureg.parse_units(name)
    assert dimension_of(unit) == dimension
    assert ureg.Quantity(1.0, name).to(SI_UNIT[dimension]).magnitude == pytest.approx(magnitude, rel=REL)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_defined_unit_reaches_the_same_size_through_parse_unit(name):
    # parse_unit folds case and maps aliases before pint sees the text; it must land on the same unit size.
    dimension, magnitude = EXPECTED[name]
    parsed = parse_unit(name)
    assert parsed.code is None, parsed.hint
    assert ureg.Quantity(1.0, parsed.unit).to(SI_UNIT[dimension]).magnitude == pytest.approx(magnitude, rel=REL)


def test_hand_values_agree_with_exact_si_definitions():
    # The literals in EXPECTED, re-derived from the exact SI definitions in the module docstring.
    assert EXPECTED["scf"][1] == pytest.approx(FT3_M3, rel=REL)
    assert EXPECTED["ccf"][1] == pytest.approx(100 * FT3_M3, rel=REL)
    assert EXPECTED["Mcf"][1] == pytest.approx(1000 * FT3_M3, rel=REL)
    assert EXPECTED["MMcf"][1] == pytest.approx(1e6 * FT3_M3, rel=REL)
    assert EXPECTED["petroleum_barrel"][1] == pytest.approx(42 * GAL_M3, rel=REL)
    assert EXPECTED["MMBtu"][1] == pytest.approx(1e6 * BTU_J, rel=REL)
    assert EXPECTED["decatherm"][1] == pytest.approx(10 * 1e5 * BTU_J, rel=REL)
    assert EXPECTED["vehicle_mile"][1] == pytest.approx(MILE_M, rel=REL)


@pytest.mark.parametrize(("from_unit", "to_unit", "factor"), [
    ("therm", "MMBtu", 0.1),          # 1 therm = 1e5 Btu = 0.1 MMBtu
    ("decatherm", "MMBtu", 1.0),      # 10 therm = 1e6 Btu
    ("MBtu", "MMBtu", 1e-3),
    ("ccf", "Mcf", 0.1),              # 100 ft³ / 1000 ft³
    ("Mcf", "scf", 1000.0),
    ("MMcf", "Mcf", 1000.0),
    ("petroleum_barrel", "gallon", 42.0),
    ("petroleum_barrel", "liter", 158.987294928),  # 0.158987294928 m³ = 158.987294928 L
    ("vehicle_mile", "km", 1.609344),
    ("MMBtu", "GJ", 1.055056),        # 1.055056e9 J
    ("kWh", "MMBtu", 3.6e6 / 1.055056e9),  # 3412.14… Btu per kWh
])
def test_conversion_factor_between_defined_units(from_unit, to_unit, factor):
    assert conversion_factor(from_unit, to_unit) == pytest.approx(factor, rel=REL)


def test_conversion_factor_refuses_different_quantities():
    from ghgcalc.errors import GhgcalcError, UnitError

    with pytest.raises(UnitError) as caught:
        conversion_factor("gallon", "kWh")
    assert isinstance(caught.value, GhgcalcError) and isinstance(caught.value, ValueError)


# --- parse_unit: what users type -------------------------------------------------------------

def size(text: str, si: str) -> float:
    parsed = parse_unit(text)
    assert parsed.unit is not None, (text, parsed.code, parsed.hint)
    return ureg.Quantity(1.0, parsed.unit).to(si).magnitude


@pytest.mark.parametrize(("text", "si", "magnitude"), [
    # energy: 1 kWh = 3.6e6 J; case does not matter for these (nobody means milliwatt-hours)
    ("kWh", "J", 3.6e6), ("kwh", "J", 3.6e6), ("KWH", "J", 3.6e6), ("Kwh", "J", 3.6e6),
    ("MWh", "J", 3.6e9), ("MWH", "J", 3.6e9), ("mwh", "J", 3.6e9),
    ("GWh", "J", 3.6e12), ("gwh", "J", 3.6e12),
    ("GJ", "J", 1e9), ("gj", "J", 1e9), ("TJ", "J", 1e12),
    ("MMBtu", "J", 1.055056e9), ("MMBTU", "J", 1.055056e9), ("mmbtu", "J", 1.055056e9),
    ("therm", "J", 1.055056e8), ("therms", "J", 1.055056e8), ("Therms", "J", 1.055056e8),
    ("THERM", "J", 1.055056e8), ("thm", "J", 1.055056e8),
    ("Dth", "J", 1.055056e9), ("dekatherms", "J", 1.055056e9),
    # gas volumes: M is the Roman thousand, MM a million
    ("scf", "m**3", FT3_M3), ("cf", "m**3", FT3_M3), ("ft3", "m**3", FT3_M3), ("cubic feet", "m**3", FT3_M3),
    ("ccf", "m**3", 100 * FT3_M3), ("CCF", "m**3", 100 * FT3_M3), ("hcf", "m**3", 100 * FT3_M3),
    ("Mcf", "m**3", 1000 * FT3_M3), ("MCF", "m**3", 1000 * FT3_M3), ("mcf", "m**3", 1000 * FT3_M3),
    ("MMcf", "m**3", 1e6 * FT3_M3), ("MMscf", "m**3", 1e6 * FT3_M3),
    ("m3", "m**3", 1.0), ("m³", "m**3", 1.0), ("cubic metres", "m**3", 1.0),
    # liquids: US gallon; bbl is the 42-gallon petroleum barrel
    ("gal", "m**3", GAL_M3), ("gallons", "m**3", GAL_M3), ("Gallons", "m**3", GAL_M3),
    ("US gal", "m**3", GAL_M3), ("gal (US)", "m**3", GAL_M3),
    ("L", "m**3", 1e-3), ("l", "m**3", 1e-3), ("litres", "m**3", 1e-3),
    ("bbl", "m**3", 42 * GAL_M3), ("BBL", "m**3", 42 * GAL_M3), ("barrels", "m**3", 42 * GAL_M3),
    # mass
    ("t", "kg", 1000.0), ("tonne", "kg", 1000.0), ("tonnes", "kg", 1000.0), ("metric ton", "kg", 1000.0),
    ("short_ton", "kg", 2000 * LB_KG), ("short ton", "kg", 2000 * LB_KG), ("Short Tons", "kg", 2000 * LB_KG),
    ("kg", "kg", 1.0), ("lb", "kg", LB_KG), ("lbs", "kg", LB_KG),
    # distance
    ("mi", "m", MILE_M), ("miles", "m", MILE_M), ("km", "m", 1000.0),
    ("VMT", "m", MILE_M), ("vmt", "m", MILE_M), ("vehicle miles", "m", MILE_M), ("VKT", "m", 1000.0),
])
def test_parse_unit_accepts_user_spellings(text, si, magnitude):
    assert size(text, si) == pytest.approx(magnitude, rel=REL)


def test_t_is_the_metric_tonne_and_short_ton_is_2000_lb():
    assert size("t", "kg") == pytest.approx(1000.0, rel=REL)
    # 2000 lb × 0.45359237 kg/lb = 907.18474 kg
    assert size("short_ton", "kg") == pytest.approx(907.18474, rel=REL)


def test_bbl_is_the_42_gallon_petroleum_barrel_not_pints_31_5_gallon_barrel():
    assert size("bbl", "gallon") == pytest.approx(42.0, rel=REL)
    assert size("bbl", "liter") == pytest.approx(158.987294928, rel=REL)
    # why the mapping exists: pint's own bbl is the US liquid barrel
    assert ureg.Quantity(1.0, "bbl").to("gallon").magnitude == pytest.approx(31.5, rel=REL)


def test_bbls_is_also_the_42_gallon_barrel():
    parsed = parse_unit("bbls")
    assert parsed.unit is not None
    assert ureg.Quantity(1.0, parsed.unit).to("gallon").magnitude == pytest.approx(42.0, rel=REL)


def test_mscf_is_a_thousand_standard_cubic_feet():
    assert size("Mscf", "m**3") == pytest.approx(1000 * FT3_M3, rel=REL)


@pytest.mark.parametrize("text", ["ton", "tons", "Ton", "TONS", " ton "])
def test_bare_ton_is_ambiguous(text):
    parsed = parse_unit(text)
    assert parsed.unit is None
    assert parsed.code == "ambiguous-unit"
    assert "short_ton" in parsed.hint and '"t"' in parsed.hint


def test_prefixed_ton_is_ambiguous_too():
    assert parse_unit("kton").code == "ambiguous-unit"


def test_kwhr_is_unknown_with_a_suggestion():
    parsed = parse_unit("kwhr")
    assert parsed.unit is None
    assert parsed.code == "unknown-unit"
    assert 'did you mean "kWh"' in parsed.hint


@pytest.mark.parametrize("text", ["xyz", "kg//", "3 *", "(", "1/0", "nan", "kWh (AC)", "\x00", "é"])
def test_parse_unit_never_raises_on_garbage(text):
    parsed = parse_unit(text)
    assert parsed.unit is None and parsed.code == "unknown-unit" and parsed.hint
