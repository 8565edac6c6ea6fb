"""Measure ghgcalc against its performance goals (SPEC §9, issue #5) and write docs/performance.md.

    python benchmarks/run.py                 # everything, a few minutes on 2 cores
    python benchmarks/run.py --quick         # small sizes, to check the harness
    python benchmarks/run.py --only batch    # one benchmark: big, xlsx, help, batch

Every measurement runs in a child process; wall time is taken around it and its peak resident
memory from ``os.wait4`` (the child's own ``ru_maxrss``). Each figure is the median of several
runs. Inputs are generated once into a work folder (``--workdir``, default a temporary folder)
by ``generate.py``. The results replace the part of docs/performance.md between the
``results:start`` and ``results:end`` markers; the rest of that page is written by hand.

Goals:

* 1,000,000 CSV rows → ``ghgcalc inventory big.csv -o out.json``: at most 2× the wall time and
  1.5× the peak memory of ``floor.py`` (plain pandas: read, merge a factor table, multiply,
  group by GPC line, write CSV); the same for ``-o out.csv``.
* 200,000-row workbook: ``ghgcalc.read_activity`` at most 1.2× a bare calamine read of the sheet.
* ``ghgcalc --help`` and ``--version`` under 0.3 s.
* 500 small workbooks: ``ghgcalc batch`` at least 10× faster than 500 ``ghgcalc inventory`` runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
GHGCALC = [sys.executable, "-m", "ghgcalc"]
sys.path.insert(0, str(HERE))


@dataclass
class Run:
    seconds: float
    peak_mib: float
    low: float = 0.0   # fastest and slowest of the runs behind a median
    high: float = 0.0


def measure(command: list[str], *, cwd: Path | None = None, ok=(0,)) -> Run:
    """Wall time and the child's own peak RSS of one process run."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    _, err = child.stdout.read(), child.stderr.read()
    child.stdout.close(), child.stderr.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{err.decode()[-2000:]}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return Run(seconds, usage.ru_maxrss * scale / 2**20)


def median_runs(command: list[str], repeat: int, **kwargs) -> Run:
    runs = [measure(command, **kwargs) for _ in range(repeat)]
    seconds = [r.seconds for r in runs]
    return Run(statistics.median(seconds), statistics.median(r.peak_mib for r in runs), min(seconds), max(seconds))


def interleaved_runs(commands: list[list[str]], repeat: int, **kwargs) -> list[Run]:
    """Median runs of several commands taken in turns (a, b, c, a, b, c, …), so that a slow
    spell of a shared machine weighs on all of them alike."""
    runs = [[] for _ in commands]
    for _ in range(repeat):
        for i, command in enumerate(commands):
            runs[i].append(measure(command, **kwargs))
    out = []
    for taken in runs:
        seconds = [r.seconds for r in taken]
        out.append(Run(statistics.median(seconds), statistics.median(r.peak_mib for r in taken), min(seconds),
                       max(seconds)))
    return out


def timed_in_child(code: str, repeat: int) -> float:
    """Median of what the child prints: the seconds of the part it times (imports excluded)."""
    values = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        values.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(values)


# --- the benchmarks ---------------------------------------------------------------------------

def bench_big(work: Path, rows: int, repeat: int) -> list[str]:
    from generate import write_csv

    folder = work / f"csv_{rows}"
    if not (folder / "activity.csv").is_file():
        write_csv(rows, folder)
    size = (folder / "activity.csv").stat().st_size
    limit = ["--max-bytes", str(max(size * 2, 2**27))]
    floor, as_json, as_csv = interleaved_runs([
        [sys.executable, str(HERE / "floor.py"), "activity.csv", "floor_factors.csv", "floor.csv"],
        [*GHGCALC, "inventory", "activity.csv", "-o", "out.json", *limit],
        [*GHGCALC, "inventory", "activity.csv", "-o", "out.csv", *limit]], repeat, cwd=folder)
    per_row = median_runs([*GHGCALC, "inventory", "activity.csv", "-o", "rows.json", "--trail", *limit], 1,
                          cwd=folder)
    trail = folder / "out.trail.jsonl"
    lines = [f"### {rows:,} activity rows (CSV, {size / 2**20:.0f} MiB) to a GPC inventory", "",
             f"Median of {repeat} runs each, taken in turns (floor, JSON, CSV, floor, …), each in its own process; "
             "fastest and slowest run in brackets. The per-row trail run is a single run.", "",
             "| run | wall time [s] | × floor | peak memory [MiB] | × floor | goal |",
             "|---|---:|---:|---:|---:|---|",
             f"| `floor.py` (pandas: read, merge, multiply, group, write) | {floor.seconds:.2f} "
             f"({floor.low:.2f}–{floor.high:.2f}) | 1 | {floor.peak_mib:.0f} | 1 | |"]
    for name, run in (("`ghgcalc inventory … -o out.json`", as_json), ("`ghgcalc inventory … -o out.csv`", as_csv)):
        t, m = run.seconds / floor.seconds, run.peak_mib / floor.peak_mib
        verdict = "met" if t <= 2 and m <= 1.5 else "**missed**"
        lines.append(f"| {name} | {run.seconds:.2f} ({run.low:.2f}–{run.high:.2f}) | {t:.1f} | {run.peak_mib:.0f} | "
                     f"{m:.1f} | ≤ 2× time, ≤ 1.5× memory: {verdict} |")
    t, m = per_row.seconds / floor.seconds, per_row.peak_mib / floor.peak_mib
    lines.append(f"| `ghgcalc inventory … -o rows.json --trail` (trail one line per row) | {per_row.seconds:.2f} | "
                 f"{t:.1f} | {per_row.peak_mib:.0f} | {m:.1f} | (no goal) |")
    if trail.is_file():
        calcs = sum(1 for _ in trail.open("rb"))
        rows_trail = folder / "rows.trail.jsonl"
        lines += ["", f"The JSON run wrote `out.json` ({(folder / 'out.json').stat().st_size / 2**10:.0f} KiB) and "
                  f"its trail beside it, `out.trail.jsonl` ({trail.stat().st_size / 2**20:.0f} MiB, {calcs:,} "
                  "calculations); with `--trail`, `rows.trail.jsonl` holds one line per row "
                  f"({rows_trail.stat().st_size / 2**20:.0f} MiB)."]
    return lines


def bench_xlsx(work: Path, rows: int, repeat: int) -> list[str]:
    from generate import write_xlsx

    path = work / f"xlsx_{rows}" / "activity.xlsx"
    if not path.is_file():
        write_xlsx(rows, path)
    bare = timed_in_child(
        "import time\nfrom python_calamine import CalamineWorkbook\nt = time.perf_counter()\n"
        f"rows = CalamineWorkbook.from_path({str(path)!r}).get_sheet_by_name('activity').to_python()\n"
        "print(time.perf_counter() - t)", repeat)
    ours = timed_in_child(
        "import time, ghgcalc\nimport ghgcalc.readers\nt = time.perf_counter()\n"
        f"data = ghgcalc.read_activity({str(path)!r})\nprint(time.perf_counter() - t)", repeat)
    ratio = ours / bare
    return [f"### Reading a {rows:,}-row workbook", "",
            f"Median of {repeat} runs, each in a fresh process, imports not counted.", "",
            "| read | time [s] | × calamine | goal |", "|---|---:|---:|---|",
            f"| bare calamine: `CalamineWorkbook…get_sheet_by_name('activity').to_python()` | {bare:.2f} | 1 | |",
            f"| `ghgcalc.read_activity` (all sheets, header found, rows located, settings) | {ours:.2f} | "
            f"{ratio:.2f} | ≤ 1.2×: {'met' if ratio <= 1.2 else '**missed**'} |"]


def bench_help(repeat: int) -> list[str]:
    lines = ["### Start-up", "", f"Median of {repeat} runs.", "", "| command | wall time [s] | goal |",
             "|---|---:|---|"]
    for args in (["--help"], ["--version"], ["inventory", "--help"], ["batch", "--help"]):
        run = median_runs([*GHGCALC, *args], repeat)
        goal = f"< 0.3 s: {'met' if run.seconds < 0.3 else '**missed**'}" if len(args) == 1 else ""
        lines.append(f"| `ghgcalc {' '.join(args)}` | {run.seconds:.3f} | {goal} |")
    heavy = subprocess.run([sys.executable, "-c", "import sys, ghgcalc.cli; print(sorted({'pandas', 'numpy', "
                            "'pint', 'openpyxl', 'pydantic', 'python_calamine'} & set(sys.modules)))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    lines += ["", f"Heavy modules loaded by the command-line entry point before a command runs: {heavy}."]
    return lines


def bench_batch(work: Path, files: int, sample: int, rows: int, jobs: int) -> list[str]:
    from generate import write_many

    folder = work / f"many_{files}x{rows}"
    if not folder.is_dir() or len(list(folder.glob("*.xlsx"))) != files:
        shutil.rmtree(folder, ignore_errors=True)
        write_many(files, rows, folder)
    out = work / "batch_out"
    shutil.rmtree(out, ignore_errors=True)
    batch = measure([*GHGCALC, "batch", str(folder), "-o", str(out), "--jobs", str(jobs), "--quiet"])
    inputs = sorted(folder.glob("*.xlsx"))[:sample]
    single_out = work / "single_out"
    shutil.rmtree(single_out, ignore_errors=True)
    single_out.mkdir()
    started = time.perf_counter()
    for path in inputs:  # one interpreter per file, as a shell loop over files would run them
        measure([*GHGCALC, "inventory", str(path), "-o", str(single_out / (path.stem + ".json"))])
    per_call = (time.perf_counter() - started) / len(inputs)
    singles = per_call * files
    ratio = singles / batch.seconds
    same = all((out / f"{p.stem}.json").read_bytes() == (single_out / f"{p.stem}.json").read_bytes() for p in inputs)
    return [f"### {files} small inventories ({rows} rows each, one workbook per city)", "",
            "| run | wall time [s] | per inventory [s] | goal |", "|---|---:|---:|---|",
            f"| `ghgcalc batch FOLDER -o OUT --jobs {jobs}` ({files} workbooks, measured) | {batch.seconds:.1f} | "
            f"{batch.seconds / files:.3f} | |",
            f"| {files} × `ghgcalc inventory FILE -o FILE.json`, one after the other (measured on {len(inputs)}, "
            f"× {files / len(inputs):g}) | {singles:.1f} | {per_call:.3f} | |",
            f"| ratio | {ratio:.1f}× | | ≥ 10×: {'met' if ratio >= 10 else '**missed**'} |", "",
            f"The outputs of the two ways are byte-identical: {'yes' if same else '**no**'}."]


def machine() -> list[str]:
    import numpy
    import pandas
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        memory = float("nan")
    from ghgcalc import __version__
    return [f"Machine: {os.cpu_count()} CPUs, {memory:.0f} GiB memory, {platform.system()} "
            f"{platform.machine()}; Python {platform.python_version()}, pandas {pandas.__version__}, "
            f"numpy {numpy.__version__}; ghgcalc {__version__}."]


def write_doc(sections: list[list[str]]) -> None:
    body = "\n".join(["", *machine(), "", *("\n".join(s) + "\n" for s in sections)]).rstrip() + "\n"
    text = DOC.read_text(encoding="utf-8") if DOC.is_file() else f"# Performance\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(head + START + "\n" + body + END + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (harness check); doc not written")
    parser.add_argument("--only", choices=["big", "xlsx", "help", "batch"], action="append")
    parser.add_argument("--workdir", type=Path, help="where generated inputs are kept between runs")
    parser.add_argument("--no-doc", action="store_true", help="print the results only")
    args = parser.parse_args(argv)
    sizes = dict(rows=1_000_000, xlsx=200_000, files=500, sample=50, repeat=3) if not args.quick else \
        dict(rows=50_000, xlsx=10_000, files=20, sample=5, repeat=2)
    work = args.workdir or Path(tempfile.gettempdir()) / "ghgcalc-benchmarks"
    work.mkdir(parents=True, exist_ok=True)
    chosen = args.only or ["big", "xlsx", "help", "batch"]
    sections = []
    for name in ["big", "xlsx", "help", "batch"]:
        if name not in chosen:
            continue
        print(f"running {name} …", file=sys.stderr, flush=True)
        if name == "big":
            sections.append(bench_big(work, sizes["rows"], sizes["repeat"] + 2))
        elif name == "xlsx":
            sections.append(bench_xlsx(work, sizes["xlsx"], sizes["repeat"] + 2))
        elif name == "help":
            sections.append(bench_help(10))
        else:
            sections.append(bench_batch(work, sizes["files"], sizes["sample"], 20, os.cpu_count() or 1))
        print("\n".join(sections[-1]) + "\n", flush=True)
    if not args.quick and not args.no_doc and set(chosen) == {"big", "xlsx", "help", "batch"}:
        write_doc(sections)
        print(f"wrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
