"""Reliability (issue #6): nothing lost, nothing silent, nothing dangerous.

1. The bad-input corpus ``tests/data/bad/`` (its ``manifest.toml`` says, for each file, the errors
   as ``[row, column, code]``, the rows that must reach the trail, and what must survive reading):
   every file gives located one-line problems and exit code 1 without a traceback, and every row
   of it is accounted for, in the trail or in an error, never neither.
2. Hostile inputs made at test time (zip bombs, a 1 GB file, DTDs hidden past the usual place):
   refused before parsing, in bounded time and memory, with a limit the user can raise.
3. Outputs: written atomically (a run killed while writing leaves the earlier file intact), never
   over an input, byte-identical from run to run, formula-looking text neutralised.

See docs/reliability.md for the guarantees and why each check is made the way it is.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import textwrap
import time
import tomllib
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ghgcalc.cli import app
from ghgcalc.engine import calculate
from ghgcalc.errors import InputFileError, UsageError
from ghgcalc.readers import read_input
from ghgcalc.readers.safety import DEFAULT_MAX_BYTES, MAX_ZIP_ENTRIES, PROLOG_WINDOW, parse_byte_size

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad"
MANIFEST = tomllib.loads((BAD / "manifest.toml").read_text(encoding="utf-8"))["case"]
CORPUS_TOOLS = {"manifest.toml", "make_corpus.py", "ghgcalc.toml"}
# Problems that refuse the whole activity table: no row can reach the trail, and the one problem
# accounts for every row (listing each row again would bury the real message).
TABLE_LEVEL = {"empty-file", "no-data", "missing-sheet", "missing-column"}
SETTINGS = 'year = 2023\nregion = "CAMX"\n'
HEADER = "gpc_ref,activity,quantity,unit\n"


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def located(problems, severity="error") -> list[list]:
    """[row, column, code] with 0 / "" for no row / no column, as the manifest writes them."""
    found = [[p.row or 0, p.column or "", p.code] for p in problems if p.severity == severity]
    return sorted(found, key=lambda f: (f[0], f[1], f[2]))


def trail_rows(inventory) -> list[int]:
    trail = inventory.trail
    if trail.empty:
        return []
    return sorted(trail.loc[trail["derived"].eq(""), "row"].astype(int).tolist())


def assert_every_row_accounted_for(inventory, rows: list[int], file: str, sheet: str | None) -> None:
    """Each data row is in the trail or in an error of the activity table, never neither, never both."""
    in_trail = set(trail_rows(inventory))
    errors = [p for p in inventory.problems if p.severity == "error"]
    in_errors = {p.row for p in errors if p.row is not None and p.file == file and p.sheet == sheet}
    assert in_trail <= set(rows), f"rows in the trail that hold no data: {sorted(in_trail - set(rows))}"
    if any(p.code in TABLE_LEVEL for p in errors):
        assert not in_trail, "a refused table sent rows to the trail"
        return
    lost = set(rows) - in_trail - in_errors
    assert not lost, f"rows neither in the trail nor in an error: {sorted(lost)}"
    assert not in_trail & in_errors, f"rows both calculated and in error: {sorted(in_trail & in_errors)}"


def assert_clean_exit(result, code: int) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert result.exit_code == code, result.output


def case_params(*, known_bugs: bool = False) -> list:
    """One parameter per corpus file; with ``known_bugs`` the manifest's xfail marks apply (they
    describe what the located-problems test finds wrong)."""
    return [pytest.param(case, id=case["file"],
                         marks=[pytest.mark.xfail(strict=True, reason=case["xfail"])]
                         if known_bugs and "xfail" in case else [])
            for case in MANIFEST]


def cli_options(case) -> list[str]:
    return [arg for key, value in case.get("options", {}).items() for arg in (f"--{key}", str(value))]


# --- 1. the corpus ---------------------------------------------------------------------------------

def test_the_corpus_has_at_least_40_files_each_described_in_the_manifest():
    files = {p.name for p in BAD.iterdir() if p.is_file() and p.name not in CORPUS_TOOLS}
    listed = [case["file"] for case in MANIFEST]
    assert len(listed) == len(set(listed)), "a file is described twice"
    assert files == set(listed)
    assert len(files) >= 40
    for case in MANIFEST:
        assert case.get("covers"), case["file"]
        assert ("refused" in case) != ("errors" in case), case["file"]


@pytest.mark.parametrize("case", case_params(known_bugs=True))
def test_corpus_file_gives_its_located_problems(case):
    path = BAD / case["file"]
    if "refused" in case:
        with pytest.raises(InputFileError) as caught:
            calculate(path, **case.get("options", {}))
        assert caught.value.code == case["refused"]
        assert case["message"] in str(caught.value)
        assert "\n" not in str(caught.value)
        return
    inventory = calculate(path, **case.get("options", {}))
    assert located(inventory.problems) == sorted(case["errors"], key=lambda f: (f[0], f[1], f[2]))
    warnings = located(inventory.problems, "warning")
    assert all(w in warnings for w in case.get("warnings", [])), warnings
    errors = [p for p in inventory.problems if p.severity == "error"]
    for problem in inventory.problems:
        assert "\n" not in problem.message
    for problem in errors:  # located: at least the file, and a sheet for a workbook's own tables
        assert problem.file, problem.message
        if path.suffix == ".xlsx" and problem.row is not None:
            assert problem.sheet, problem.message
    if "message" in case:
        assert any(case["message"] in p.message for p in errors), [p.message for p in errors]
    assert not inventory.ok


@pytest.mark.parametrize("case", case_params())
def test_corpus_file_every_row_is_accounted_for(case):
    if "refused" in case:
        pytest.skip("refused before any row is read")
    path = BAD / case["file"]
    inventory = calculate(path, **case.get("options", {}))
    sheet = "activity" if path.suffix == ".xlsx" else None
    assert_every_row_accounted_for(inventory, case["rows"], case["file"], sheet)
    if "trail" in case:
        assert trail_rows(inventory) == case["trail"]
    quantities = dict(zip(inventory.trail["row"], inventory.trail["quantity"])) if len(inventory.trail) else {}
    for row, quantity in case.get("quantities", []):
        assert quantities[row] == pytest.approx(quantity, rel=1e-12)
    descriptions = set(inventory.trail["description"]) if len(inventory.trail) else set()
    for text in case.get("descriptions", []):
        assert text in descriptions, descriptions


@pytest.mark.parametrize("case", case_params(known_bugs=True))
def test_corpus_file_exits_1_with_one_line_per_problem_and_no_traceback(case):
    result = invoke("inventory", BAD / case["file"], "-f", "json", *cli_options(case))
    assert_clean_exit(result, 1)
    code = case["refused"] if "refused" in case else case["errors"][0][2]
    lines = [line for line in result.stderr.splitlines() if f"error[{code}]" in line]
    assert lines, result.stderr
    assert case["file"] in lines[0]


def test_a_file_whose_rows_all_lack_a_unit_is_reported(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text(SETTINGS, encoding="utf-8")
    path = tmp_path / "city.csv"
    path.write_text(HEADER + "I.1.1,natural_gas,10,\nI.1.2,electricity,5,kwhr\n", encoding="utf-8")
    result = invoke("inventory", path, "-f", "json")
    assert_clean_exit(result, 1)
    assert located(calculate(path).problems) == [[2, "unit", "missing-value"], [3, "unit", "unknown-unit"]]


def test_a_stray_cell_far_down_a_csv_is_a_warning_not_an_unreadable_file(tmp_path):
    # The table's width is first taken from the top of the file; a longer line at row 302 once
    # made the whole file unreadable, while the same cell at row 2 was a warning.
    (tmp_path / "ghgcalc.toml").write_text(SETTINGS, encoding="utf-8")
    path = tmp_path / "city.csv"
    path.write_text(HEADER + "I.1.1,natural_gas,10,therm\n" * 300 + "I.1.1,natural_gas,10,therm,,stray\n",
                    encoding="utf-8")
    inventory = calculate(path)
    assert located(inventory.problems) == []
    assert [302, "(no header)", "cell-without-header"] in located(inventory.problems, "warning")
    assert len(trail_rows(inventory)) == 301


def test_tracebacks_only_with_debug():
    result = invoke("inventory", BAD / "xml_bomb_sheet.xlsx", "--debug")
    assert isinstance(result.exception, InputFileError)
    assert result.exception.code == "unsafe-file"


# --- 2. hostile inputs made at test time -------------------------------------------------------------

def _raw_deflate(prefix: bytes, fill: bytes, repeat: int, suffix: bytes) -> bytes:
    """Raw deflate of ``prefix + fill * repeat + suffix`` without compressing the middle ``repeat`` times:
    after a full flush the compressor keeps no history, so the same input gives the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(fill) + compressor.flush(zlib.Z_FULL_FLUSH)
    return head + block * repeat + compressor.compress(suffix) + compressor.flush()


def _write_zip(path: Path, entries: list[tuple[str, bytes, int, int]]) -> None:
    """A zip of (name, raw deflate data, crc32, declared uncompressed size) entries, headers by hand."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in entries:
        encoded, offset = name.encode(), len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out += encoded + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    start = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0)
    path.write_bytes(bytes(out))


def _small_workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "activity"
    for row in (("gpc_ref", "activity", "quantity", "unit"), ("I.1.1", "natural_gas", 10, "therm")):
        book.active.append(list(row))
    settings = book.create_sheet("inventory")
    settings.append(["year", 2023])
    settings.append(["region", "CAMX"])
    book.save(path)
    return path


def _zip_bomb(tmp_path: Path, *, gib: int = 2, lie: bool = False) -> Path:
    """A real workbook whose sheet1.xml is padded with ``gib`` GiB of spaces (valid XML whitespace).

    The file is a few MB. With ``lie`` the central directory declares the original, small size."""
    plain = _small_workbook(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(plain) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    cut = sheet.index(b"<sheetData>") + len(b"<sheetData>")
    fill, repeat = b" " * 2**20, gib * 1024
    entries = []
    for name, data in parts.items():
        if name == "xl/worksheets/sheet1.xml":
            raw = _raw_deflate(sheet[:cut], fill, repeat, sheet[cut:])
            size = len(sheet) + len(fill) * repeat
            crc = zlib.crc32(sheet) if lie else 0  # the crc is never reached: the file is refused first
            entries.append((name, raw, crc, len(sheet) if lie else size))
        else:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            entries.append((name, compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)))
    path = tmp_path / ("lying_bomb.xlsx" if lie else "zip_bomb.xlsx")
    _write_zip(path, entries)
    return path


def test_zip_bomb_is_refused_unread_in_bounded_time(tmp_path):
    bomb = _zip_bomb(tmp_path)
    assert bomb.stat().st_size < 4 * 2**20  # 2 GiB of sheet in under 4 MB
    started = time.perf_counter()
    with pytest.raises(InputFileError) as caught:
        read_input(bomb)
    assert time.perf_counter() - started < 2
    assert caught.value.code == "file-too-large"
    assert "unpacks to 2 GiB" in str(caught.value) and "zip bomb" in str(caught.value)


def test_zip_bomb_through_the_command_in_bounded_memory(tmp_path):
    """A separate process, so that its peak memory is its own: well under what unpacking would take."""
    bomb = _zip_bomb(tmp_path)
    script = textwrap.dedent("""
        import resource, sys
        from ghgcalc.cli import main
        sys.argv = ["ghgcalc", "inventory", sys.argv[1]]
        try:
            main()
        finally:
            sys.stderr.write("maxrss_kb=%d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, str(bomb)], capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - started
    assert done.returncode == 1, done.stderr
    assert "error[file-too-large]" in done.stderr and "Traceback" not in done.stderr
    peak_mb = int(done.stderr.rsplit("maxrss_kb=", 1)[1].split()[0]) / 1024
    assert peak_mb < 500, f"{peak_mb:.0f} MB"  # unpacking would take over 2048 MB
    assert elapsed < 30


def test_entry_larger_than_declared_is_refused(tmp_path):
    # The central directory says 1 KB; the data inflates to 1 GiB. Reading stops at the declared size.
    bomb = _zip_bomb(tmp_path, gib=1, lie=True)
    started = time.perf_counter()
    with pytest.raises(InputFileError) as caught:
        read_input(bomb)
    assert time.perf_counter() - started < 2
    assert "xl/worksheets/sheet1.xml cannot be unpacked" in str(caught.value)


def test_too_many_zip_entries_are_refused(tmp_path):
    path = _small_workbook(tmp_path / "many.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        for i in range(MAX_ZIP_ENTRIES):
            archive.writestr(f"xl/media/pad{i}.bin", b"")
    with pytest.raises(InputFileError) as caught:
        read_input(path)
    assert caught.value.code == "unsafe-file"
    assert f"{MAX_ZIP_ENTRIES + len(zipfile.ZipFile(_small_workbook(tmp_path / 'x.xlsx')).namelist()):,} parts" \
        in str(caught.value)


def _replace_part(path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, content in parts.items():
            target.writestr(part, content)


@pytest.mark.parametrize("padding", ["comment", "whitespace"])
def test_dtd_pushed_past_the_prolog_window_is_refused(tmp_path, padding):
    path = _small_workbook(tmp_path / "late_dtd.xlsx")
    with zipfile.ZipFile(path) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    pad = b"<!--" + b"x" * PROLOG_WINDOW + b"-->" if padding == "comment" else b" " * PROLOG_WINDOW
    _replace_part(path, "xl/worksheets/sheet1.xml",
                  b'<?xml version="1.0"?>' + pad + b'<!DOCTYPE x [<!ENTITY a "b">]>' + sheet)
    with pytest.raises(InputFileError) as caught:
        read_input(path)
    assert caught.value.code == "unsafe-file"


def test_dtd_in_a_utf16_part_is_refused(tmp_path):
    path = _small_workbook(tmp_path / "utf16.xlsx")
    with zipfile.ZipFile(path) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").decode("utf-8")
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>' + sheet
    _replace_part(path, "xl/worksheets/sheet1.xml", text.encode("utf-16"))
    with pytest.raises(InputFileError) as caught:
        read_input(path)
    assert caught.value.code == "unsafe-file"


def test_external_entity_never_reaches_the_output(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-6", encoding="utf-8")
    path = _small_workbook(tmp_path / "xxe.xlsx")
    with zipfile.ZipFile(path) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    dtd = f'<!DOCTYPE w [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'.encode()
    _replace_part(path, "xl/worksheets/sheet1.xml", dtd + sheet.replace(b"natural_gas", b"&xxe;"))
    result = invoke("inventory", path, "-f", "json")
    assert_clean_exit(result, 1)
    assert "error[unsafe-file]" in result.stderr
    assert "TOPSECRET" not in result.output


def test_the_parsers_themselves_do_not_resolve_external_entities(tmp_path):
    """Defence in depth, below ghgcalc's own refusal: neither calamine nor openpyxl reads the file."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-6", encoding="utf-8")
    path = _small_workbook(tmp_path / "xxe.xlsx")
    with zipfile.ZipFile(path) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    dtd = f'<!DOCTYPE w [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'.encode()
    _replace_part(path, "xl/worksheets/sheet1.xml", dtd + sheet.replace(b"natural_gas", b"&xxe;"))
    seen = []
    for read in (lambda: CalamineWorkbook.from_path(str(path)).get_sheet_by_name("activity").to_python(),
                 lambda: [[c.value for c in r] for r in openpyxl.load_workbook(path, read_only=True)["activity"].rows]):
        try:
            seen.append(repr(read()))
        except Exception as exc:  # refusing is fine too  # noqa: BLE001
            seen.append(repr(exc))
    assert not any("TOPSECRET" in text for text in seen), seen


def test_a_1_gb_csv_is_refused_by_the_default_limit_without_being_read(tmp_path, monkeypatch):
    monkeypatch.delenv("GHGCALC_MAX_BYTES", raising=False)
    (tmp_path / "ghgcalc.toml").write_text(SETTINGS, encoding="utf-8")
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: 1 GB on paper, a few bytes on disk
        handle.write((HEADER + "I.1.1,natural_gas,10,therm\n").encode())
        handle.truncate(10**9)
    started = time.perf_counter()
    with pytest.raises(InputFileError) as caught:
        calculate(path)
    assert time.perf_counter() - started < 2
    assert caught.value.code == "file-too-large"
    assert "--max-bytes" in str(caught.value) and "GHGCALC_MAX_BYTES" in str(caught.value)
    assert 10**9 > DEFAULT_MAX_BYTES


def test_the_size_limit_can_be_raised(tmp_path, monkeypatch):
    monkeypatch.delenv("GHGCALC_MAX_BYTES", raising=False)
    (tmp_path / "ghgcalc.toml").write_text(SETTINGS, encoding="utf-8")
    path = tmp_path / "city.csv"
    path.write_text(HEADER + "I.1.1,natural_gas,10,therm\n" * 100, encoding="utf-8")  # 2,731 bytes
    with pytest.raises(InputFileError) as caught:
        read_input(path, max_bytes=1000)
    assert caught.value.code == "file-too-large"
    assert "more than the limit of 1000 bytes" in str(caught.value)
    assert len(read_input(path, max_bytes="3K").activity.frame) == 100
    monkeypatch.setenv("GHGCALC_MAX_BYTES", "1000")
    with pytest.raises(InputFileError):
        read_input(path)
    assert len(read_input(path, max_bytes=10_000).activity.frame) == 100  # the argument wins


def test_the_size_limit_through_the_command(tmp_path, monkeypatch):
    monkeypatch.delenv("GHGCALC_MAX_BYTES", raising=False)
    (tmp_path / "ghgcalc.toml").write_text(SETTINGS, encoding="utf-8")
    path = tmp_path / "city.csv"
    path.write_text(HEADER + "I.1.1,natural_gas,10,therm\n" * 100, encoding="utf-8")  # 2,731 bytes
    result = invoke("inventory", path, "--max-bytes", "1000")
    assert_clean_exit(result, 1)
    assert "error[file-too-large] city.csv: the file is 2.67 KiB, more than the limit of 1000 bytes" in result.stderr
    assert_clean_exit(invoke("inventory", path, "--max-bytes", "3K", "-f", "json"), 0)
    assert_clean_exit(invoke("inventory", path, "--max-bytes", "lots"), 2)


def test_a_workbook_over_the_limit_is_refused_without_calling_it_a_bomb(tmp_path):
    path = _small_workbook(tmp_path / "city.xlsx")
    with pytest.raises(InputFileError) as caught:
        read_input(path, max_bytes=2000)
    assert caught.value.code == "file-too-large"
    assert "zip bomb" not in str(caught.value) and "--max-bytes" in str(caught.value)


def test_companion_csv_files_are_held_to_the_limit_too(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text(SETTINGS + 'notation_keys = "keys.csv"\n', encoding="utf-8")
    (tmp_path / "keys.csv").write_text("gpc_ref,key,explanation\n" + "I.7.1,NO,none\n" * 200, encoding="utf-8")
    path = tmp_path / "city.csv"
    path.write_text(HEADER + "I.1.1,natural_gas,10,therm\n", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        read_input(path, max_bytes=1000)
    assert "keys.csv" in str(caught.value)


@pytest.mark.parametrize(("text", "expected"), [("1000", 1000), ("3K", 3072), ("512M", 512 * 2**20),
                                                ("2G", 2 * 2**30), ("1.5GiB", 3 * 2**29), (4096, 4096)])
def test_byte_sizes(text, expected):
    assert parse_byte_size(text) == expected


@pytest.mark.parametrize("text", ["", "lots", "-5", "0", "12 parsecs"])
def test_bad_byte_sizes_are_usage_errors(text):
    with pytest.raises(UsageError):
        parse_byte_size(text)


# --- 3. outputs ------------------------------------------------------------------------------------

def _csv_input(folder: Path, rows: int = 2) -> Path:
    (folder / "ghgcalc.toml").write_text(SETTINGS, encoding="utf-8")
    path = folder / "city.csv"
    body = "".join(f"I.1.2,electricity,{1000 + i},kWh\n" for i in range(rows - 1))
    path.write_text(HEADER + "I.1.1,natural_gas,10,therm\n" + body, encoding="utf-8")
    return path


_KILL_IN_WRITE = textwrap.dedent("""
    # Run the CLI, but stop inside write_atomic after the payload is written to the temporary
    # file and before the rename, and tell the parent, which then kills this process.
    import os, sys, time
    signal_file = sys.argv[1]
    real_fsync = os.fsync
    def fsync(fd):
        real_fsync(fd)
        open(signal_file, "w").close()
        time.sleep(600)
    os.fsync = fsync
    from ghgcalc.cli import main
    sys.argv = ["ghgcalc", *sys.argv[2:]]
    main()
""")


def test_a_run_killed_while_writing_leaves_the_earlier_output_intact(tmp_path):
    source = _csv_input(tmp_path, rows=50)
    output = tmp_path / "out" / "inventory.json"
    output.parent.mkdir()
    earlier = b'{"earlier": "output"}\n'
    output.write_bytes(earlier)
    signal_file = tmp_path / "in-write"
    process = subprocess.Popen([sys.executable, "-c", _KILL_IN_WRITE, str(signal_file), "inventory", str(source),
                                "-o", str(output)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not signal_file.exists():
            assert process.poll() is None, "the run ended before writing"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        leftovers = [p.name for p in output.parent.iterdir() if p.name != output.name]
        assert leftovers and all(name.startswith(".inventory.json.") for name in leftovers)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert output.read_bytes() == earlier
    # What a SIGKILL leaves: the hidden temporary file (nothing can clean up after SIGKILL), never
    # a partial inventory.json. The next run replaces the output and leaves its own temp file alone.
    left = [p for p in output.parent.iterdir() if p != output]
    assert [p.name[:16] for p in left] == [".inventory.json."]
    assert_clean_exit(invoke("inventory", source, "-o", output), 0)
    assert json.loads(output.read_bytes())["metadata"]["input"]["file"] == "city.csv"


def test_runs_killed_at_random_moments_leave_old_or_new_never_partial(tmp_path):
    import random

    source = _csv_input(tmp_path, rows=2000)
    output = tmp_path / "inventory.json"
    assert_clean_exit(invoke("inventory", source, "-o", output), 0)
    complete = output.read_bytes()
    earlier = b"earlier\n"
    rng = random.Random(6)
    for delay in sorted(rng.uniform(0.3, 3.0) for _ in range(3)):
        output.write_bytes(earlier)
        process = subprocess.Popen([sys.executable, "-m", "ghgcalc", "inventory", str(source), "-o", str(output)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.kill()
        process.wait(timeout=30)
        assert output.read_bytes() in (earlier, complete), f"partial output after {delay:.2f} s"


def test_output_over_the_input_is_refused(tmp_path):
    source = _csv_input(tmp_path)
    before = source.read_bytes()
    result = invoke("inventory", source, "-f", "csv", "-o", source)
    assert_clean_exit(result, 2)
    assert "refusing" in result.stderr
    assert source.read_bytes() == before


def test_output_over_the_input_through_a_symlink_is_refused(tmp_path):
    source = _csv_input(tmp_path)
    before = source.read_bytes()
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    result = invoke("inventory", source, "-f", "csv", "-o", link)
    assert_clean_exit(result, 2)
    assert source.read_bytes() == before and link.is_symlink()
    result = invoke("inventory", link, "-f", "csv", "-o", source)  # and the input given as the link
    assert_clean_exit(result, 2)
    assert source.read_bytes() == before


def test_output_over_the_input_workbook_is_refused(tmp_path):
    source = _small_workbook(tmp_path / "city.xlsx")
    before = source.read_bytes()
    result = invoke("inventory", source, "-f", "json", "-o", source)
    assert_clean_exit(result, 2)
    assert source.read_bytes() == before


def test_output_over_a_hard_link_of_the_input_leaves_the_input_intact(tmp_path):
    # Not refused (the paths differ), but harmless: the rename of the atomic write replaces the
    # link's directory entry with a new file; the input's own bytes are never written to.
    source = _csv_input(tmp_path)
    before = source.read_bytes()
    link = tmp_path / "hard.csv"
    os.link(source, link)
    assert_clean_exit(invoke("inventory", source, "-f", "csv", "-o", link), 0)
    assert source.read_bytes() == before
    assert link.read_bytes() != before


def test_output_over_the_settings_file_is_refused(tmp_path):
    source = _csv_input(tmp_path)
    settings = tmp_path / "ghgcalc.toml"
    before = settings.read_bytes()
    result = invoke("inventory", source, "-f", "json", "-o", settings)
    assert settings.read_bytes() == before
    assert result.exit_code == 2


def test_output_over_a_companion_file_is_refused(tmp_path):
    source = _csv_input(tmp_path)
    (tmp_path / "ghgcalc.toml").write_text(SETTINGS + 'notation_keys = "keys.csv"\n', encoding="utf-8")
    keys = tmp_path / "keys.csv"
    keys.write_text("gpc_ref,key,explanation\nI.7.1,NO,no coal mines\n", encoding="utf-8")
    before = keys.read_bytes()
    result = invoke("inventory", source, "-o", keys)
    assert keys.read_bytes() == before
    assert result.exit_code == 2


def test_trail_output_over_the_input_is_refused(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text(SETTINGS, encoding="utf-8")
    source = tmp_path / "report.trail.csv"
    source.write_text(HEADER + "I.1.1,natural_gas,10,therm\n", encoding="utf-8")
    before = source.read_bytes()
    invoke("inventory", source, "-o", tmp_path / "report.csv", "--trail")
    assert source.read_bytes() == before


_ALL_FORMATS = textwrap.dedent("""
    # Every output format of one input, written by the library's writers into a folder.
    import importlib.util, io, sys
    from pathlib import Path
    from ghgcalc.engine import calculate
    from ghgcalc.reporters.csv import lines_csv, trail_csv
    from ghgcalc.reporters.json import render_json
    from ghgcalc.reporters.markdown import render_markdown
    from ghgcalc.reporters.table import render_table
    from rich.console import Console

    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    inventory = calculate(source)
    (out / "inventory.json").write_bytes(render_json(inventory).encode("utf-8"))
    (out / "lines.csv").write_bytes(lines_csv(inventory))
    (out / "trail.csv").write_bytes(trail_csv(inventory))
    (out / "inventory.md").write_bytes(render_markdown(inventory).encode("utf-8"))
    console = Console(record=True, width=140, file=io.StringIO())
    render_table(inventory, console)
    (out / "table.txt").write_bytes(console.export_text().encode("utf-8"))
    if importlib.util.find_spec("ghgcalc.reporters.excel"):
        from ghgcalc.reporters.excel import write_excel
        write_excel(inventory, out / "inventory.xlsx")
""")


@pytest.mark.parametrize("example", ["examples/springfield_2023.xlsx", "examples/csv/activity.csv"])
def test_the_same_inputs_give_byte_identical_outputs_in_every_format(tmp_path, example):
    """Two processes with different hash seeds, so that set and dict order cannot leak into the bytes."""
    outputs = []
    for seed in ("1", "2"):
        folder = tmp_path / f"run{seed}"
        folder.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _ALL_FORMATS, str(ROOT / example), str(folder)], env=env,
                              capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert set(outputs[0]) >= {"inventory.json", "lines.csv", "trail.csv", "inventory.md", "table.txt"}
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], f"{name} differs between runs"


def _injection_inventory():
    return calculate(BAD / "formula_injection.csv")


FORMULAS = {'=HYPERLINK("http://example.com","click")', "@SUM(A1:A2)", "-2+3", "+cmd|' /C calc'!A0"}


def test_formula_text_is_neutralised_in_the_csv_trail():
    import csv
    import io

    from ghgcalc.reporters.csv import trail_csv

    records = list(csv.DictReader(io.StringIO(trail_csv(_injection_inventory()).decode("utf-8"))))
    cells = {r["description"] for r in records} | {r["source"] for r in records}
    assert {"'" + text for text in FORMULAS} <= cells
    assert not any(cell[:1] in "=+-@" for cell in cells if cell)


def test_formula_text_is_neutralised_in_the_csv_written_by_the_command(tmp_path):
    output = tmp_path / "report.csv"
    result = invoke("inventory", BAD / "formula_injection.csv", "-o", output, "--trail")
    assert_clean_exit(result, 1)
    text = (tmp_path / "report.trail.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@SUM(A1:A2)" in text
    assert ",=HYPERLINK" not in text and ',"=HYPERLINK' not in text


def test_formula_text_is_never_a_formula_in_the_workbook(tmp_path):
    pytest.importorskip("ghgcalc.reporters.excel")
    import openpyxl

    from ghgcalc.reporters.excel import write_excel

    path = tmp_path / "report.xlsx"
    write_excel(_injection_inventory(), path)
    book = openpyxl.load_workbook(path)  # formulas as written, not their values
    payload = [cell for sheet in book for row in sheet.iter_rows() for cell in row
               if isinstance(cell.value, str) and any(key in cell.value for key in ("HYPERLINK", "SUM(A1:A2)", "cmd|"))]
    assert payload, "the descriptions are not in the workbook"
    for cell in payload:
        assert cell.data_type == "s", f"{cell.coordinate} is a {cell.data_type} cell: {cell.value!r}"
