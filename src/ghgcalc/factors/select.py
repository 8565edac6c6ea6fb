"""Choose factor sets and editions for an inventory (SPEC §3.4)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ghgcalc.errors import UsageError
from ghgcalc.factors.load import Edition, find_set_folders, load_factor_set, shipped_editions
from ghgcalc.factors.model import FactorSet

PROFILES: dict[str, tuple[str, ...]] = {
    "us": ("epa-ghg-hub", "egrid"),
    "international": ("ipcc-2006",),
}


@dataclass(frozen=True)
class Choice:
    """One chosen edition and why it was chosen (printed and recorded in every output)."""

    factor_set: FactorSet
    reason: str


def select_factor_sets(selection: str | None, *, year: int, country: str | None,
                       base: Path | None = None) -> list[Choice]:
    """Resolve a selection such as ``us``, ``epa-ghg-hub@2025,egrid@2023`` or a folder path.

    A named profile (``us``) means the latest edition of each of its sets (SPEC §3.4); a bare set
    id (``egrid``) means its edition for the inventory year.

    With no selection the profile of the inventory's country is used (``us`` for the United
    States, which is also the default when no country is known; ``international``, the IPCC
    2006 defaults, for any other country), and per set the edition whose data year is the
    inventory year, else the nearest earlier one, else the earliest later one.

    Raises
    ------
    UsageError
        For an unknown profile, set or edition, or a folder without factor tables.
    """
    shipped = [e for e in shipped_editions() if e.id != "gwp"]  # tables read only for the chosen
    items = [i.strip() for i in (selection or "").split(",") if i.strip()]
    by_year = not items
    if by_year:
        items = ["us" if country in (None, "US", "USA") else "international"]
    choices: list[Choice] = []
    for item in items:
        if item.casefold() in PROFILES:
            for set_id in PROFILES[item.casefold()]:
                choices.append(_by_year(shipped, set_id, year, f"default profile {item}") if by_year
                               else _latest(shipped, set_id, f"profile {item}"))
        elif "@" in item:
            set_id, edition = item.split("@", 1)
            match = _shipped_edition(set_id, edition)
            if match is None or set_id == "gwp":
                raise UsageError(f"no factor set {item!r}; shipped: " + ", ".join(sorted(e.key for e in shipped)))
            choices.append(Choice(match.load(), f"pinned {item}"))
        elif any(e.id == item for e in shipped):
            choices.append(_by_year(shipped, item, year, f"set {item}"))
        elif Path(item).exists() or (base is not None and (base / item).exists()):
            # a folder named in a settings file is relative to that file's folder
            folders = find_set_folders(Path(item) if Path(item).exists() else base / item)
            if not folders:
                raise UsageError(f"{item}: no factor_set.toml found in this folder")
            for folder in folders:
                choices.append(Choice(load_factor_set(folder.resolve()), f"your tables in {item}"))
        else:
            raise UsageError(f"unknown factor selection {item!r}: expected a profile ({', '.join(PROFILES)}), "
                             "SET@EDITION, a set id, or a folder")
    unique: dict[str, Choice] = {}
    for choice in choices:
        unique.setdefault(choice.factor_set.key, choice)
    return list(unique.values())


def supplement_editions(choices: list[Choice]) -> list[Choice]:
    """Other editions of the chosen sets, limited to activities the chosen edition lacks.

    Used only when editions were chosen by year: a year's edition may lack whole tables (the
    shipped Hub 2021 has no per-vehicle-mile factors), and an analyst expects the nearest
    edition that has them rather than no estimate. Each supplement is recorded and warned about.
    """
    extra: list[Choice] = []
    for choice in choices:
        primary = choice.factor_set
        have = set(primary.factors["activity"])
        others = sorted((e for e in shipped_editions() if e.id == primary.meta.id and e.key != primary.key),
                        key=lambda e: (abs(e.data_year - primary.meta.data_year), -e.data_year))
        for other in map(Edition.load, others):
            missing = sorted(set(other.factors["activity"]) - have)
            if not missing:
                continue
            subset = replace(other, factors=other.factors[other.factors["activity"].isin(missing)],
                             heat_content=other.heat_content[other.heat_content["activity"].isin(missing)],
                             grid_loss=other.grid_loss.iloc[0:0], gwp=other.gwp.iloc[0:0])
            shown = ", ".join(missing[:4]) + (f" … ({len(missing)} activities)" if len(missing) > 4 else "")
            extra.append(Choice(subset, f"supplement: {other.key} for activities {primary.key} lacks ({shown})"))
            have |= set(missing)
    return extra


def _latest(shipped: list[Edition], set_id: str, why: str) -> Choice:
    editions = sorted((e for e in shipped if e.id == set_id), key=lambda e: e.data_year)
    if not editions:
        raise UsageError(f"factor set {set_id!r} is not installed")
    return Choice(editions[-1].load(), f"{why}: latest edition (data year {editions[-1].data_year})")


def _by_year(shipped: list[Edition], set_id: str, year: int, why: str) -> Choice:
    editions = sorted((e for e in shipped if e.id == set_id), key=lambda e: e.data_year)
    if not editions:
        raise UsageError(f"factor set {set_id!r} is not installed")
    earlier = [e for e in editions if e.data_year <= year]
    if earlier:
        chosen = earlier[-1]
        how = "data year matches" if chosen.data_year == year else "nearest earlier data year"
    else:
        chosen = editions[0]
        how = f"no edition for {year} or earlier; earliest available"
    return Choice(chosen.load(), f"{why}: data year {chosen.data_year} for inventory year {year} ({how})")


def find_edition(key: str) -> FactorSet:
    """A shipped edition by ``SET@EDITION``, or a user's edition folder by path."""
    if "@" in key:
        set_id, edition = key.split("@", 1)
        match = _shipped_edition(set_id, edition)
        if match is not None:
            return match.load()
        raise UsageError(f"no factor set {key!r}; shipped: " + ", ".join(sorted(e.key for e in shipped_editions())))
    folders = find_set_folders(Path(key)) if Path(key).exists() else []
    if len(folders) != 1:
        raise UsageError(f"{key!r}: expected SET@EDITION or the folder of one edition")
    return load_factor_set(folders[0].resolve())


def select_gwp(name: str) -> FactorSet:
    """The shipped GWP table of an assessment report (``AR4``, ``AR5``, ``AR6``)."""
    match = _shipped_edition("gwp", name)
    if match is not None:
        return match.load()
    raise UsageError(f"no GWP table {name!r}; expected AR4, AR5 or AR6")


def _shipped_edition(set_id: str, edition: str) -> Edition | None:
    """The shipped edition ``set_id@edition``, or None."""
    return next((e for e in shipped_editions() if e.id == set_id and e.edition == edition), None)
