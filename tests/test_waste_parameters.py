"""The shipped waste parameter table (kind "parameters") and its validation (issue 7).

Expected values are the ones printed in the cited IPCC 2006 Vol. 5 tables / GPC equations (and
in the transcriptions each row's notes name). The CSV is read directly here, not through the
loader, so the data is pinned independently of the code.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from ghgcalc.factors.load import load_factor_set
from ghgcalc.factors.validate import validate_sets
from ghgcalc.methods.waste_engine import load_waste_parameters

FOLDER = Path(__file__).parents[1] / "emission_factors" / "ipcc-2006-waste" / "defaults"


def rows() -> dict[tuple[str, str], dict[str, str]]:
    with (FOLDER / "parameters.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["parameter"], r["qualifier"]): r for r in csv.DictReader(handle)}


@pytest.mark.parametrize("parameter, qualifier, value, ref", [
    ("mcf", "managed_anaerobic", "1", "Table 3.1"),
    ("mcf", "managed_semi_aerobic", "0.5", "Table 3.1"),
    ("mcf", "unmanaged_deep", "0.8", "Table 3.1"),
    ("mcf", "unmanaged_shallow", "0.4", "Table 3.1"),
    ("mcf", "uncategorised", "0.6", "Table 3.1"),
    ("ox", "covered", "0.1", "Table 3.2"),
    ("docf", "first_order_decay", "0.5", "Ch. 3"),
    ("docf", "methane_commitment", "0.6", "Equation 8.4"),
    ("f", "", "0.5", "Ch. 3"),
    ("doc", "food", "0.15", "Table 2.4"),
    ("doc", "garden", "0.2", "Table 2.4"),
    ("doc", "paper", "0.4", "Table 2.4"),
    ("doc", "wood", "0.43", "Table 2.4"),
    ("doc", "textiles", "0.24", "Table 2.4"),
    ("doc", "industrial", "0.15", "Equation 8.1"),
    ("k", "boreal_temperate_dry/food", "0.06", "Table 3.3"),
    ("k", "boreal_temperate_wet/food", "0.185", "Table 3.3"),
    ("k", "tropical_wet/food", "0.4", "Table 3.3"),
    ("k", "boreal_temperate_wet/wood", "0.03", "Table 3.3"),
    ("k", "tropical_dry/paper", "0.045", "Table 3.3"),
    ("k", "boreal_temperate_wet/bulk", "0.09", "Table 3.3"),
    ("bio_ef_ch4", "composting/wet", "4", "Table 4.1"),
    ("bio_ef_ch4", "composting/dry", "10", "Table 4.1"),
    ("bio_ef_ch4", "anaerobic_digestion/wet", "0.8", "Table 4.1"),
    ("bio_ef_n2o", "composting/wet", "0.24", "Table 4.1"),
    ("bio_ef_n2o", "composting/dry", "0.6", "Table 4.1"),
    ("of", "incineration", "1", "Table 5.2"),
    ("inc_ef_ch4", "continuous_stoker", "0.2", "Table 5.3"),
    ("inc_ef_ch4", "batch_fluidised_bed", "237", "Table 5.3"),
    ("inc_ef_n2o", "msw/continuous", "50", "Table 5.4"),
    ("inc_ef_n2o", "msw/open_burning", "150", "Table 5.4"),
    ("b0_bod", "", "0.6", "Table 6.2"),
    ("b0_cod", "", "0.25", "Table 6.2"),
    ("ww_mcf", "septic_system", "0.5", "Table 6.3"),
    ("ww_mcf", "anaerobic_reactor", "0.8", "Table 6.3"),
    ("bod", "US", "85", "Table 6.4"),
    ("f_npr", "", "0.16", "Equation 6.8"),
    ("f_non_con", "", "1.1", "Equation 6.8"),
    ("f_ind_com", "", "1.25", "Equation 6.8"),
    ("ef_effluent", "", "0.005", "Table 6.11"),
    ("i_factor", "collected", "1.25", "Equation 6.3"),
])
def test_published_parameter(parameter, qualifier, value, ref):
    row = rows()[(parameter, qualifier)]
    assert row["value"] == value
    assert ref in row["source_ref"]


def test_every_row_is_cited_and_says_how_it_was_checked():
    for row in rows().values():
        assert row["source"] and row["source_edition"] and row["source_ref"], row["parameter_id"]
        assert row["notes"].startswith(("cross-checked:", "single source:", "sources disagree:")), row["parameter_id"]


def test_left_out_values_are_not_shipped():
    # no source was found (or sources disagree): CH4 of open burning, N2O of batch incinerators,
    # k of nappies (see factor_set.toml notes)
    table = rows()
    assert not any(p == "inc_ef_ch4" and q == "open_burning" for p, q in table)
    assert ("inc_ef_n2o", "msw/batch") not in table
    assert not any(p == "k" and q.endswith("/nappies") for p, q in table)


def test_shipped_parameter_set_validates():
    shipped = load_factor_set(FOLDER.resolve())
    assert len(shipped.parameters) == len(rows())
    assert validate_sets([shipped]) == []


def test_loaded_parameters_carry_a_short_citation():
    params = load_waste_parameters().set_index(["parameter", "qualifier"])
    assert params.loc[("mcf", "uncategorised"), "value"] == 0.6
    assert params.loc[("mcf", "uncategorised"), "cite"] == "IPCC 2006 Vol. 5 Ch. 3 Table 3.1"
    assert params.loc[("docf", "methane_commitment"), "cite"] == "GPC 2014 Chapter 8 Equation 8.4"


def test_user_rows_replace_shipped_ones():
    import pandas as pd
    user = pd.DataFrame({"_file": ["city.xlsx"], "_sheet": ["waste_parameters"], "_row": [2],
                         "parameter": ["mcf"], "qualifier": ["uncategorised"], "value": ["0.7"], "unit": ["fraction"],
                         "source": ["national inventory 2022"]})
    params = load_waste_parameters(user).set_index(["parameter", "qualifier"])
    assert params.loc[("mcf", "uncategorised"), "value"] == 0.7
    assert params.loc[("mcf", "uncategorised"), "cite"] == "your waste_parameters row 2 national inventory 2022"
    assert params.index.is_unique


def test_validator_locates_broken_parameter_rows(tmp_path):
    folder = tmp_path / "ipcc-2006-waste" / "defaults"
    folder.mkdir(parents=True)
    shutil.copy(FOLDER / "factor_set.toml", folder / "factor_set.toml")
    header = "parameter_id,parameter,method,qualifier,value,unit,source,source_edition,source_ref,notes\n"
    body = ("a,mcf,methane_commitment,managed_anaerobic,1,fraction,IPCC,2006,T3.1,\n"          # row 2 fine
            "a,mcf,methane_commitment,unmanaged_deep,0.8,fraction,IPCC,2006,T3.1,\n"           # row 3 duplicate id
            "b,mcf,methane_commitment,managed_anaerobic,0.9,fraction,IPCC,2006,T3.1,\n"        # row 4 same key
            "c,ox,methane_commitment,covered,1.5,fraction,IPCC,2006,T3.2,\n"                   # row 5 fraction > 1
            "d,k,first_order_decay,tropical_wet/food,0.4,per year,IPCC,2006,T3.3,\n"           # row 6 unknown unit
            "e,bod,wastewater_domestic,US,-85,g BOD/person/day,IPCC,2006,T6.4,\n"              # row 7 negative
            "f,f,methane_commitment,,0.5,fraction,,2006,,\n")                                  # row 8 no source/ref
    (folder / "parameters.csv").write_text(header + body, encoding="utf-8")
    problems = validate_sets([load_factor_set(folder.resolve())])
    found = {(p.row, p.column) for p in problems}
    assert found == {(3, "parameter_id"), (4, "qualifier"), (5, "value"), (6, "unit"), (7, "value"),
                     (8, "source"), (8, "source_ref")}
    assert all(p.code == "bad-factor-table" for p in problems)
