"""Find and load factor sets from folders of ``factor_set.toml`` + CSV tables."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from ghgcalc.errors import FactorTableError
from ghgcalc.factors.model import TABLE_COLUMNS, FactorSet, FactorSetMeta, TableMeta
from ghgcalc.problems import Problem, make_problem

TOML_NAME = "factor_set.toml"


def shipped_root() -> Path:
    """The ``emission_factors`` folder: inside the installed wheel, or at the top of a checkout."""
    packaged = Path(str(resources.files("ghgcalc"))) / "emission_factors"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "emission_factors"
    if checkout.is_dir():
        return checkout
    raise FactorTableError("the shipped emission_factors folder is missing from this installation")


def find_set_folders(root: Path) -> list[Path]:
    """Every folder under ``root`` (or ``root`` itself) holding a ``factor_set.toml``, sorted."""
    root = Path(root)
    if (root / TOML_NAME).is_file():
        return [root]
    if not root.is_dir():
        raise FactorTableError(f"{root}: no such folder")
    return sorted(p.parent for p in root.rglob(TOML_NAME))


@lru_cache(maxsize=64)
def load_factor_set(folder: Path) -> FactorSet:
    """Load one edition folder. Structural problems are returned in ``FactorSet.problems``."""
    folder = Path(folder)
    toml_path = folder / TOML_NAME
    problems: list[Problem] = []
    where = _display(toml_path)
    try:
        raw = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FactorTableError(f"{where}: cannot be read ({exc})") from exc
    try:
        meta = FactorSetMeta(**raw)
    except ValidationError as exc:
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"])
            problems.append(make_problem("bad-factor-table", file=where, column=key,
                                         found=str(err.get("input"))[:80] if err["type"] != "missing" else "nothing",
                                         expected=err["msg"]))
        meta = _partial_meta(raw, folder)
    frames: dict[str, list[pd.DataFrame]] = {kind: [] for kind in TABLE_COLUMNS}
    hashes: dict[str, str] = {}
    for table in meta.tables:
        path = folder / table.file
        shown = _display(path)
        if not path.is_file():
            problems.append(make_problem("bad-factor-table", file=where, column="tables.file", found=table.file,
                                         expected="a CSV file in the same folder"))
            continue
        data = path.read_bytes()
        hashes[table.file] = hashlib.sha256(data).hexdigest()
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        required, optional = TABLE_COLUMNS[table.kind]
        missing = [c for c in required if c not in frame.columns]
        unknown = [c for c in frame.columns if c not in required + optional]
        for column in missing:
            problems.append(make_problem("bad-factor-table", file=shown, row=1, column=column, found="nothing",
                                         expected=f"a column {column!r} in a {table.kind} table"))
        for column in unknown:
            problems.append(make_problem("bad-factor-table", file=shown, row=1, column=column, found=column,
                                         expected="one of " + ", ".join(required + optional)))
        if missing:
            continue
        for column in optional:
            if column not in frame.columns:
                frame[column] = ""
        frame = frame[list(required + optional)].copy()
        for column in frame.columns:
            frame[column] = frame[column].astype(str).str.strip()
        frame.insert(0, "_row", range(2, len(frame) + 2))
        frame.insert(0, "_file", shown)
        frame["table"] = table.table
        frame["set_id"] = meta.id
        frame["edition"] = meta.edition
        frames[table.kind].append(frame)
    tables = {kind: _concat(parts, kind) for kind, parts in frames.items()}
    return FactorSet(meta, folder, tables["factors"], tables["heat_content"], tables["grid_loss"],
                     tables["gwp"], hashes, problems, parameters=tables["parameters"])


def _partial_meta(raw: dict, folder: Path) -> FactorSetMeta:
    """Metadata good enough to keep validating the tables of a set whose toml has problems."""
    blank = {"data_year": 0, "heating_value_basis": "none", "profiles": [], "country": None, "factor_quality": None}
    fields = {name: raw.get(name, blank.get(name, "")) for name in FactorSetMeta.model_fields}
    fields["id"] = str(raw.get("id") or folder.parent.name)
    fields["edition"] = str(raw.get("edition") or folder.name)
    fields["tables"] = [TableMeta.model_validate(t) for t in raw.get("tables", []) if _valid_table(t)]
    return FactorSetMeta.model_construct(**fields)


def _valid_table(entry: object) -> bool:
    return isinstance(entry, dict) and {"file", "kind", "table"} <= set(entry) and entry["kind"] in TABLE_COLUMNS


def _concat(parts: list[pd.DataFrame], kind: str) -> pd.DataFrame:
    if parts:
        return pd.concat(parts, ignore_index=True)
    required, optional = TABLE_COLUMNS[kind]
    columns = ["_file", "_row", *required, *optional, "table", "set_id", "edition"]
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def _display(path: Path) -> str:
    """A path as shown in messages: relative to the shipped root or the working folder."""
    for base in (_safe_root(), Path.cwd()):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(base.resolve().parent if base.name == "emission_factors" else base))
        except ValueError:
            continue
    return str(path)


def _safe_root() -> Path | None:
    try:
        return shipped_root()
    except FactorTableError:
        return None


def load_shipped_sets() -> list[FactorSet]:
    """Every shipped edition of every set."""
    return [load_factor_set(folder) for folder in find_set_folders(shipped_root())]


@dataclass(frozen=True)
class Edition:
    """A shipped edition known from its ``factor_set.toml`` alone; :meth:`load` reads its tables."""

    id: str
    edition: str
    data_year: int
    folder: Path

    @property
    def key(self) -> str:
        return f"{self.id}@{self.edition}"

    def load(self) -> FactorSet:
        return load_factor_set(self.folder)


@lru_cache(maxsize=1)
def shipped_editions() -> tuple[Edition, ...]:
    """Every shipped edition, without reading its tables: choosing two editions among a dozen
    need not parse all of them. An edition whose toml lacks id, edition or data year is loaded
    in full to say what it is (and report its problems)."""
    found = []
    for folder in find_set_folders(shipped_root()):
        try:
            raw = tomllib.loads((folder / TOML_NAME).read_text(encoding="utf-8"))
            found.append(Edition(str(raw["id"]), str(raw["edition"]), int(raw["data_year"]), folder))
        except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError):
            loaded = load_factor_set(folder)
            found.append(Edition(loaded.meta.id, loaded.meta.edition, int(loaded.meta.data_year or 0), folder))
    return tuple(found)
