"""Many inventories at once: inputs expanded, one process pool, every file's problems gathered.

:func:`run_batch` is what ``ghgcalc batch`` calls. Each input (a workbook or a CSV with
``ghgcalc.toml`` beside it) is calculated in a worker of one
:class:`concurrent.futures.ProcessPoolExecutor` and written to its own output in OUTDIR; a
failing input never stops the others. ``summary.csv`` gets one row per input, in input order.
"""

from __future__ import annotations

import csv
import glob
import io
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ghgcalc.errors import GhgcalcError, UsageError
from ghgcalc.problems import Problem, make_problem

__all__ = ["BatchItem", "BatchResult", "run_batch", "expand_inputs", "output_names", "SUMMARY_COLUMNS",
           "BATCH_FORMATS", "ACTIVITY_SUFFIXES"]

BATCH_FORMATS = ("json", "csv", "xlsx")
ACTIVITY_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
TOTALS = ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3")
SUMMARY_COLUMNS = ("input", "output", "status", "city", "year", *(f"{t}_t_co2e" for t in TOTALS), "errors",
                   "warnings", "message")
SUMMARY_NAME = "summary.csv"
_GLOB_CHARS = re.compile(r"[*?\[]")
_UNSAFE = re.compile(r"[^\w.\-]+")
_MAX_STEM = 100


@dataclass
class BatchItem:
    """What happened to one input: where its output went, its totals and its problems.

    ``status`` is ``ok`` when the inventory had no error, ``failed`` otherwise. A failed input
    that could still be calculated (some rows with errors, left out) has its output written, like
    ``ghgcalc inventory``; one that could not (unreadable, no year) has ``output`` None.
    """

    input: str
    output: str | None = None
    status: str = "failed"
    city: str | None = None
    year: int | None = None
    totals: dict[str, float] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    message: str | None = None

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity != "error" for p in self.problems)

    def summary_row(self) -> dict[str, object]:
        row: dict[str, object] = {"input": self.input, "output": self.output, "status": self.status,
                                  "city": self.city, "year": self.year}
        row.update({f"{t}_t_co2e": self.totals.get(t) for t in TOTALS})
        row.update(errors=self.errors, warnings=self.warnings, message=self.message)
        return row


@dataclass
class BatchResult:
    """Every input's :class:`BatchItem` in input order, and where the summary was written."""

    items: list[BatchItem]
    outdir: Path
    summary: Path
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return all(item.status == "ok" for item in self.items)

    @property
    def failed(self) -> list[BatchItem]:
        return [item for item in self.items if item.status != "ok"]

    def to_frame(self):
        """The summary as a pandas DataFrame, one row per input (the columns of ``summary.csv``)."""
        import pandas as pd
        return pd.DataFrame([item.summary_row() for item in self.items], columns=list(SUMMARY_COLUMNS))


def run_batch(inputs: str | Path | Iterable[str | Path], outdir: str | Path, *, jobs: int | None = None,
              fmt: str = "json", progress: Callable[[BatchItem, int, int], None] | None = None,
              **settings) -> BatchResult:
    """Calculate many inventories, each written to its own file in ``outdir``, plus ``summary.csv``.

    Parameters
    ----------
    inputs : path, glob or iterable of them
        Activity files, folders (their ``.xlsx``/``.xlsm``/``.xls``/``.ods``/``.csv`` files,
        not recursive) or glob patterns (``**`` recurses); see :func:`expand_inputs`.
    outdir : path
        Folder for the outputs, created when missing. Output names come from input names
        (:func:`output_names`); nothing is written outside it.
    jobs : int, optional
        Worker processes. Default: the number of CPUs (at most the number of inputs). ``1``
        calculates in this process, without a pool.
    fmt : str
        ``json`` (default), ``csv`` (the GPC table) or ``xlsx`` (when the Excel writer is installed).
    progress : callable, optional
        Called in this process as ``progress(item, done, total)`` each time an input finishes.
    **settings
        ``decimal``, ``strict``, ``max_bytes`` and any inventory setting of
        :func:`ghgcalc.calculate` (``year``, ``gwp``, ``level``, ``factors``, …), applied to every input.

    Returns
    -------
    BatchResult
        One item per input, in input order. Data problems never raise.

    Raises
    ------
    UsageError
        No input matched, an unknown format, ``xlsx`` without the Excel writer, or ``outdir``
        is a file.
    """
    if fmt not in BATCH_FORMATS:
        raise UsageError(f"unknown batch format {fmt!r}; expected one of {', '.join(BATCH_FORMATS)}")
    if fmt == "xlsx":
        _require_excel_writer()
    paths, notes = expand_inputs(inputs)
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir} is a file; the batch output must be a folder")
    outdir.mkdir(parents=True, exist_ok=True)
    names = output_names(paths, outdir, fmt)
    tasks = [(str(path), str(outdir / name), fmt, settings) for path, name in zip(paths, names)]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    items: list[BatchItem | None] = [None] * len(tasks)
    done = 0
    if workers == 1:
        for position, task in enumerate(tasks):
            items[position] = _run_one(*task)
            done += 1
            if progress:
                progress(items[position], done, len(tasks))
    else:
        import ghgcalc.engine  # noqa: F401  (loaded once here, so forked workers start warm)

        with ProcessPoolExecutor(max_workers=workers, initializer=_warm_up) as pool:
            futures = {pool.submit(_run_one, *task): position for position, task in enumerate(tasks)}
            for future in as_completed(futures):  # one future per input file
                position = futures[future]
                try:
                    items[position] = future.result()
                except Exception as exc:  # a worker died (killed, out of memory): that input failed
                    items[position] = _failure(tasks[position][0], "internal-error",
                                               f"{type(exc).__name__}: {exc}")
                done += 1
                if progress:
                    progress(items[position], done, len(tasks))
    for item in items:  # outputs are reported relative to OUTDIR
        if item.output is not None:
            item.output = Path(item.output).name
    summary = outdir / SUMMARY_NAME
    from ghgcalc.reporters import write_atomic
    write_atomic(summary, summary_csv(items))
    return BatchResult(items, outdir, summary, notes)


def expand_inputs(inputs: str | Path | Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Input files in a stable order, and notes about what was skipped or shared.

    A file is taken as given. A folder gives its activity files (sorted, not recursive); a
    pattern with ``*``, ``?`` or ``[`` gives its matches (sorted; ``**`` recurses). From folders
    and patterns, hidden files, Excel lock files (``~$…``) and the CSV files that a
    ``ghgcalc.toml`` beside them names as ``notation_keys`` or ``custom_factors`` are left out.
    The same file named twice is calculated once.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    found: list[Path] = []
    skipped: list[str] = []
    for entry in inputs:
        text = str(entry)
        path = Path(entry)
        if path.is_dir():
            candidates = sorted(p for p in path.iterdir() if p.is_file())
        elif path.exists() or not _GLOB_CHARS.search(text):
            found.append(path)
            continue
        else:
            candidates = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not candidates:
                raise UsageError(f"no file matches {text!r}")
        for candidate in candidates:
            if candidate.suffix.casefold() not in ACTIVITY_SUFFIXES or candidate.name.startswith((".", "~$")):
                continue
            if candidate.name in _companion_names(candidate.parent):
                skipped.append(str(candidate))
                continue
            found.append(candidate)
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(os.path.normcase(os.path.abspath(path)), path)
    paths = list(unique.values())
    if not paths:
        raise UsageError("no activity files (.xlsx, .xlsm, .xls, .ods, .csv) among the inputs")
    notes = [f"{name} is a companion file named in ghgcalc.toml, not an activity file: skipped" for name in skipped]
    notes += _shared_settings_notes(paths)
    return paths, notes


def output_names(paths: Sequence[Path], outdir: Path, fmt: str) -> list[str]:
    """One safe, unique output file name per input, in input order.

    The name is the input's stem with anything but letters, digits, ``.``, ``-`` and ``_``
    replaced by ``_`` (no separators, no leading dot, so never a path outside ``outdir``), plus
    the format's suffix. A second input with the same name gets ``-2``, a third ``-3`` and so on,
    in input order, so a rerun gives the same names. ``summary``, the inputs themselves and the
    companion files a ``ghgcalc.toml`` in ``outdir`` names are never used; comparison ignores case.
    """
    suffix = "." + fmt
    inputs_here = {p.name.casefold() for p in paths if _same_dir(p.parent, outdir)}
    companions = {name.casefold() for name in _companion_names(outdir)} | {"ghgcalc.toml"}
    taken = {SUMMARY_NAME.casefold()} | inputs_here | companions
    names = []
    for path in paths:
        stem = _safe_stem(path.stem)
        candidate, n = stem + suffix, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem}-{n}{suffix}"
        taken.add(candidate.casefold())
        names.append(candidate)
    return names


def summary_csv(items: Sequence[BatchItem]) -> bytes:
    """``summary.csv``: one row per input with status, totals [t CO2e] and problem counts."""
    from ghgcalc.reporters import neutralize_formula

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SUMMARY_COLUMNS)
    for item in items:  # one row per input file
        row = item.summary_row()
        writer.writerow([_csv_cell(row[c], neutralize_formula) for c in SUMMARY_COLUMNS])
    return buffer.getvalue().encode("utf-8")


def _csv_cell(value, neutralize) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return neutralize(value)
    return str(value)


def _run_one(path: str, output: str, fmt: str, settings: dict) -> BatchItem:
    """Calculate and write one input; every failure becomes the item's problems (runs in a worker)."""
    options = dict(settings)
    decimal = options.pop("decimal", ".")
    strict = options.pop("strict", False)
    max_bytes = options.pop("max_bytes", None)
    item = BatchItem(input=path)
    try:
        from ghgcalc.engine import calculate
        from ghgcalc.errors import InputFileError
        from ghgcalc.readers import read_input

        try:
            data = read_input(path, max_bytes=max_bytes, decimal=decimal)
        except InputFileError as exc:
            return _failure(path, exc.code, str(exc))
        inventory = calculate(data, decimal=decimal, strict=strict, **options)
        item.problems = list(inventory.problems)
        if inventory.config is not None:
            item.city, item.year = inventory.config.city, inventory.config.year
            item.totals = {t: float(inventory.totals[t]) for t in TOTALS}
            _write(inventory, Path(output), fmt)
            item.output = output
        else:
            item.message = "not calculated: " + "; ".join(p.message for p in item.problems
                                                         if p.severity == "error")[:300]
        item.status = "ok" if inventory.ok else "failed"
    except GhgcalcError as exc:  # e.g. an unknown --factors selection: this input cannot be calculated
        return _failure(path, "not-calculated", str(exc), keep=item.problems)
    except Exception as exc:  # a bug must not stop the other inputs; report it with this input
        return _failure(path, "internal-error", f"{type(exc).__name__}: {exc}", keep=item.problems)
    return item


def _write(inventory, output: Path, fmt: str) -> None:
    if fmt == "json":
        from ghgcalc.reporters.json import write_json
        write_json(inventory, output)
    elif fmt == "csv":
        from ghgcalc.reporters import write_atomic
        from ghgcalc.reporters.csv import lines_csv
        write_atomic(output, lines_csv(inventory))
    else:
        if hasattr(inventory, "to_excel"):
            inventory.to_excel(output)
        else:
            from ghgcalc.reporters.excel import write_excel
            write_excel(inventory, output)


def _failure(path: str, code: str, text: str, keep: list[Problem] | None = None) -> BatchItem:
    problem = make_problem(code, file=Path(path).name, found=text)
    return BatchItem(input=path, status="failed", problems=[*(keep or []), problem], message=text[:300])


def _warm_up() -> None:
    """Load the engine and the shipped factor tables once per worker, not once per input."""
    import ghgcalc.engine  # noqa: F401
    from ghgcalc.factors.load import load_shipped_sets
    load_shipped_sets()


def _require_excel_writer() -> None:
    import importlib.util
    if importlib.util.find_spec("ghgcalc.reporters.excel") is None:
        raise UsageError("Excel output is not available in this installation; use --format json or csv")


def _safe_stem(stem: str) -> str:
    text = unicodedata.normalize("NFC", stem)
    text = _UNSAFE.sub("_", text).strip("._-")[:_MAX_STEM].rstrip("._-")
    return text or "inventory"


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _companion_names(folder: Path) -> set[str]:
    settings = _folder_settings(folder)
    section = settings.get("inventory", {}) if isinstance(settings.get("inventory"), dict) else {}
    return {str(v) for k in ("notation_keys", "custom_factors") for v in (settings.get(k), section.get(k)) if v}


def _folder_settings(folder: Path) -> dict:
    toml_path = folder / "ghgcalc.toml"
    if not toml_path.is_file():
        return {}
    try:
        return tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # the reader reports a broken file with each input that uses it


def _shared_settings_notes(paths: Sequence[Path]) -> list[str]:
    """CSV inputs of one folder share its ghgcalc.toml: say so when it names a city or year."""
    by_folder: dict[Path, list[Path]] = {}
    for path in paths:
        if path.suffix.casefold() == ".csv" and (path.parent / "ghgcalc.toml").is_file():
            by_folder.setdefault(path.parent, []).append(path)
    notes = []
    for folder, members in by_folder.items():
        if len(members) < 2:
            continue
        settings = _folder_settings(folder)
        settings = settings.get("inventory", settings) if isinstance(settings.get("inventory"), dict) else settings
        shared = [k for k in ("city", "year") if k in settings]
        if shared:
            notes.append(f"{len(members)} CSV files in {folder} share its ghgcalc.toml, so each gets the same "
                         + " and ".join(f"{k} ({settings[k]})" for k in shared)
                         + "; give each city its own folder or workbook")
    return notes
