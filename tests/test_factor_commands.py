"""factors list / show / diff, and year-aware edition choice (issue 3)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ghgcalc.cli import app
from ghgcalc.engine import calculate
from ghgcalc.factors.compare import _unit_ratio, diff_factor_sets
from ghgcalc.factors.select import find_edition, select_factor_sets

runner = CliRunner()


def test_list_shows_every_shipped_edition():
    result = runner.invoke(app, ["factors", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for key in ("epa-ghg-hub@2025", "epa-ghg-hub@2021", "egrid@2023", "egrid@2022", "egrid@2019", "gwp@AR6",
                "ipcc-2006@defaults"):
        assert key in result.stdout


def test_show_json_has_citation_and_rows():
    result = runner.invoke(app, ["factors", "show", "egrid@2023", "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["set"]["publisher"] == "U.S. Environmental Protection Agency"
    camx = [r for r in doc["rows"]["factors"] if r["region"] == "CAMX" and r["gas"] == "CO2"]
    assert camx[0]["value"] == "436.655"   # eGRID2023 via Hub 2025 Table 6, lb/MWh
    assert set(doc["table_sha256"]) == {"subregion_rates.csv", "grid_loss.csv"}


def test_show_unknown_edition_is_a_usage_error():
    result = runner.invoke(app, ["factors", "show", "egrid@1999"])
    assert result.exit_code == 2 and "egrid@2023" in result.stderr


def test_diff_egrid_2022_to_2023():
    changes = diff_factor_sets(find_edition("egrid@2022"), find_edition("egrid@2023"))
    camx = changes[(changes["region"] == "CAMX") & (changes["gas"] == "CO2")].iloc[0]
    # CAMX CO2: 497.443 (2022) → 436.655 (2023) lb/MWh; change −60.788, −12.2199… %
    assert camx["status"] == "changed"
    assert camx["change"] == pytest.approx(436.655 - 497.443, rel=1e-12)
    assert camx["change_pct"] == pytest.approx((436.655 - 497.443) / 497.443 * 100, rel=1e-12)
    # the US average exists only in 2023 (the 2022 one is unconfirmed and not shipped)
    added = changes[changes["status"] == "added"]
    assert set(added["region"]) == {"US"}


def test_diff_is_unit_aware():
    assert _unit_ratio("kg/MMBtu", "g/MMBtu") == pytest.approx(1000)
    assert _unit_ratio("lb/MWh", "kg/kWh") == pytest.approx(0.45359237 / 1000)


def test_diff_same_edition_is_empty():
    assert diff_factor_sets(find_edition("egrid@2023"), find_edition("egrid@2023")).empty


def test_diff_cli_with_inventory(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text('year = 2023\nregion = "CAMX"\n')
    path = tmp_path / "a.csv"
    path.write_text("gpc_ref,activity,quantity,unit\nI.1.2,electricity,1000,MWh\n")
    result = runner.invoke(app, ["factors", "diff", "egrid@2022", "egrid@2023", "--inventory", str(path),
                                 "--format", "json"])
    assert result.exit_code == 0
    effect = {r["gpc_ref"]: r for r in json.loads(result.stdout)}
    co2e = lambda co2, ch4, n2o: 1000 * (co2 + ch4 * 28 + n2o * 265) * 0.45359237 / 1000  # noqa: E731
    # CAMX 2022: 497.443 / 0.03 / 0.004 lb/MWh; 2023: 436.655 / 0.025 / 0.003 (AR5 GWPs)
    assert effect["I.1.2"]["old_co2e_t"] == pytest.approx(co2e(497.443, 0.03, 0.004), rel=1e-9)
    assert effect["I.1.2"]["new_co2e_t"] == pytest.approx(co2e(436.655, 0.025, 0.003), rel=1e-9)


@pytest.mark.parametrize(("year", "hub", "egrid"), [
    (2023, "2025", "2023"),   # data years match
    (2024, "2025", "2023"),   # nearest earlier
    (2022, "2021", "2022"),   # Hub 2021 has data year 2019 ≤ 2022 < 2023
    (2019, "2021", "2019"),
    (2015, "2021", "2019"),   # nothing that early: the earliest edition, said so
])
def test_edition_follows_inventory_year(year, hub, egrid):
    chosen = {c.factor_set.meta.id: c for c in select_factor_sets(None, year=year, country="US")}
    assert chosen["epa-ghg-hub"].factor_set.meta.edition == hub
    assert chosen["egrid"].factor_set.meta.edition == egrid
    assert str(year) in chosen["egrid"].reason


def test_named_profile_means_latest_editions():
    chosen = {c.factor_set.key for c in select_factor_sets("us", year=2019, country="US")}
    assert chosen == {"epa-ghg-hub@2025", "egrid@2023"}


def test_non_us_inventory_uses_ipcc_defaults(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text('year = 2020\ncountry = "KE"\n')
    path = tmp_path / "a.csv"
    path.write_text("gpc_ref,activity,quantity,unit\nI.3.1,natural_gas,1,TJ\n")
    inv = calculate(path)
    assert [t["set"] for t in inv.metadata["factor_tables"]] == ["ipcc-2006", "gwp"]
    g = inv.line_gases.set_index("gas")["t"]
    # IPCC 2006 Vol. 2 Table 1.4: natural gas 56,100 kg CO2/TJ → 56.1 t
    assert g["CO2"] == pytest.approx(56.1, rel=1e-12)
