"""Excel workbook output (SPEC §6): Summary with native charts, GPC Table, Trail, Factors, Metadata.

The workbook is written with openpyxl in write-only mode, because the Trail has a row per input
row, and saved deterministically (:func:`workbook_bytes`): no wall-clock time in the document
properties or in the zip entries, so the same inventory gives the same bytes.

Numbers are stored as numbers with a number format; the display rounding never touches the
value. Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is stored as a
text cell marked with Excel's quote prefix, never as a formula (:func:`text_cell`).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
import zipfile
from collections import Counter
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from openpyxl import Workbook

    from ghgcalc.inventory import Inventory

SHEETS = ("Summary", "GPC Table", "Trail", "Factors", "Metadata")
EXCEL_MAX_ROWS = 1_048_576
# Zip entries get the earliest date a zip can hold (1980-01-01), as reproducible builds do.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FORMULA_START = ("=", "+", "-", "@")
_FIXED_TIME = dt.datetime(1980, 1, 1)
_DATES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")

TONNES = "#,##0.000;-#,##0.000;0"  # a true zero shows as 0, as on the terminal
WHOLE = "#,##0"
PER_CAPITA = "#,##0.00"
QUANTITY = "quantity"  # resolved per column by quantity_format()
INTEGER = "0"
GENERAL = "General"

_FONT = "Calibri"  # the workbook's default font; a Font without a name falls back to a serif face
_HEADER_FILL = "D9E1F2"
_SECTION_FILL = "DDEBF7"
_WIDTH_CAP = 60
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # what openpyxl refuses in a cell

TOTAL_LABELS = {"basic": "BASIC", "basic_plus": "BASIC+", "territorial": "Territorial (all scope 1)",
                "scope1": "Scope 1", "scope2": "Scope 2", "scope3": "Scope 3 (in GPC totals)"}
# GPC table columns: (header, lines column, number format or None for text).
GPC_COLUMNS = [
    ("GPC ref", "gpc_ref", None), ("Scope", "scope", INTEGER), ("Sub-sector", "subsector", None),
    ("Emission source", "description", None), ("Notation key", "notation_key", None),
    ("CO2 (t)", "co2_t", TONNES), ("CH4 (t)", "ch4_t", TONNES), ("N2O (t)", "n2o_t", TONNES),
    ("HFCs (t CO2e)", "hfcs_t_co2e", TONNES), ("PFCs (t CO2e)", "pfcs_t_co2e", TONNES),
    ("SF6 (t)", "sf6_t", TONNES), ("NF3 (t)", "nf3_t", TONNES),
    ("CO2e-only factors (t CO2e)", "co2e_only_t", TONNES), ("Total (t CO2e)", "co2e_t", TONNES),
    ("Biogenic CO2 (t)", "co2_biogenic_t", TONNES),
    ("Data quality: activity", "data_quality_activity", None),
    ("Data quality: factor", "data_quality_factor", None),
    ("Notation key explanation", "notation_explanation", None), ("Included in", "included_in", None),
    ("Trail rows", "rows", INTEGER), ("In BASIC", "basic", None), ("In BASIC+", "basic_plus", None),
    ("In territorial", "territorial", None),
]
_CENTERED_GPC = {"Scope", "Notation key", "Data quality: activity", "Data quality: factor", "In BASIC", "In BASIC+",
                 "In territorial"}
_WRAPPED_GPC = {"Sub-sector": 30, "Emission source": 46, "Notation key explanation": 50}
TRAIL_COLUMNS = [
    ("File", "file", None), ("Sheet", "sheet", None), ("Row", "row", INTEGER), ("Derived", "derived", None),
    ("GPC ref", "gpc_ref", None), ("Activity", "activity", None), ("Quantity", "quantity", QUANTITY),
    ("Unit", "unit", None), ("Region", "region", None), ("Model year", "model_year", INTEGER),
    ("Description", "description", None), ("Source", "source", None), ("Data quality", "data_quality", None),
    ("Loss (%)", "loss_pct", GENERAL), ("Total (t CO2e)", "co2e_t", TONNES),
]
# Per gas, after the base columns: (header suffix, trail column suffix, number format).
TRAIL_GAS_FIELDS = [
    ("factor set", "factor_set", None), ("factor id", "factor_id", None), ("factor", "factor", GENERAL),
    ("factor unit", "factor_unit", None), ("conversion", "conversion", GENERAL),
    ("converted quantity", None, QUANTITY), ("(t)", "t", TONNES),
]
FACTOR_COLUMNS = [
    ("Set", "set_id", None), ("Edition", "edition", None), ("Factor id", "factor_id", None),
    ("Activity", "activity", None), ("Applies to", "applies_to", None), ("Region", "region", None),
    ("Model year", "model_year", None), ("Gas", "gas", None), ("Value", "value", GENERAL), ("Unit", "unit", None),
    ("GWP basis", "gwp_basis", None), ("Table", "table", None), ("Source ref", "source_ref", None),
    ("Citation", "citation", None), ("Licence", "licence", None), ("URL", "url", None), ("Notes", "notes", None),
    ("Table file", "table_file", None), ("Table sha256", "table_sha256", None),
]


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------
def render_excel(inventory: Inventory) -> bytes:
    """The inventory as the bytes of an .xlsx workbook with sheets :data:`SHEETS`."""
    from openpyxl import Workbook

    from ghgcalc.errors import UsageError

    if inventory.config is None:
        raise UsageError("the inventory could not be calculated (see its problems); there is nothing to write")
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook.create_sheet("Summary"), inventory)
    _gpc_sheet(workbook.create_sheet("GPC Table"), inventory)
    truncated = _trail_sheet(workbook.create_sheet("Trail"), inventory)
    _factors_sheet(workbook.create_sheet("Factors"), inventory)
    _metadata_sheet(workbook.create_sheet("Metadata"), inventory, truncated)
    config = inventory.config
    workbook.properties.title = f"GHG inventory: {config.city or 'city'} {config.year}"
    workbook.properties.subject = "GPC community greenhouse-gas inventory"
    workbook.properties.creator = f"ghgcalc {inventory.metadata.get('ghgcalc_version', '')}".strip()
    return workbook_bytes(workbook)


def write_excel(inventory: Inventory, path) -> None:
    """Write the workbook of :func:`render_excel` to ``path`` atomically."""
    from ghgcalc.reporters import write_atomic

    write_atomic(path, render_excel(inventory))


def workbook_bytes(workbook: Workbook) -> bytes:
    """Save ``workbook`` without wall-clock time: the same workbook gives the same bytes.

    openpyxl's ``save`` stamps ``modified`` with the current time and its zip entries with the
    time of writing; here the document properties carry no dates (``dcterms:created`` and
    ``dcterms:modified`` are left out of ``docProps/core.xml``, which the format allows) and every
    zip entry has the fixed :data:`ZIP_TIME` (the idea of ``examples/make_examples.py``).
    """
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = _FIXED_TIME  # openpyxl needs dates to write; they are taken out below
    workbook.properties.modified = _FIXED_TIME
    workbook.properties.lastModifiedBy = None
    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()
    raw = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():  # a dozen or so parts, not rows
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _DATES.sub(b"", payload)
            target.writestr(fixed, payload)
    return out.getvalue()


def text_cell(worksheet, text: str, **style):
    """A write-only cell holding ``text`` as text, never as a formula.

    openpyxl turns a string that starts with ``=`` into a formula; here the cell's type is forced
    to text and, for ``= + - @``, Excel's quote prefix is set so that editing the cell keeps it
    text too. Characters a worksheet cannot hold (control characters) are dropped.
    """
    from openpyxl.cell import WriteOnlyCell

    text = _ILLEGAL.sub("", text)
    cell = WriteOnlyCell(worksheet, text)
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    _apply(cell, **style)
    return cell


# --------------------------------------------------------------------------------------------
# cells
# --------------------------------------------------------------------------------------------
def _apply(cell, *, fmt: str | None = None, bold: bool = False, size: float | None = None,
           fill: str | None = None, wrap: bool = False, italic: bool = False, align: str | None = None,
           top: bool = False):
    from openpyxl.styles import Alignment, Font, PatternFill

    if fmt:
        cell.number_format = fmt
    if bold or size or italic:
        cell.font = Font(name=_FONT, bold=bold, italic=italic, size=size or 11)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
    if wrap or align or top:
        cell.alignment = Alignment(wrap_text=wrap, vertical="top" if wrap or top else None, horizontal=align)
    return cell


def _cell(worksheet, value: Any, **style):
    """A cell for any value: text safely, numbers with their format, NaN/None as an empty cell."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return _apply(WriteOnlyCell(worksheet, None), **style) if style.get("fill") else None
    if isinstance(value, (bool, np.bool_)):
        return text_cell(worksheet, "yes" if value else "", **style)
    if isinstance(value, str):
        return text_cell(worksheet, value, **style)
    if isinstance(value, (np.integer, np.floating)):
        value = value.item()
    return _apply(WriteOnlyCell(worksheet, value), **style)


def _header(worksheet, headers: list[str], numeric: list[bool] | None = None) -> list:
    """Bold shaded header cells; over a column of numbers the header is right-aligned like them."""
    numeric = numeric or [False] * len(headers)
    return [_cell(worksheet, h, bold=True, fill=_HEADER_FILL, wrap=True, align="right" if n else None)
            for h, n in zip(headers, numeric)]


def _text_column(worksheet, series: pd.Series) -> list:
    """Text values of a column: plain strings, cells only for the few that need protection."""
    values = series.astype("string").str.replace(_ILLEGAL, "", regex=True)
    risky = values.str.startswith(FORMULA_START).fillna(False).to_numpy(dtype=bool)
    out = values.astype(object).where(values.notna() & values.ne(""), None).tolist()
    for position in np.flatnonzero(risky):  # only cells that begin like a formula
        out[position] = text_cell(worksheet, out[position])
    return out


def _number_column(worksheet, series: pd.Series, fmt: str) -> list:
    from openpyxl.cell import WriteOnlyCell

    values = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
    integral = fmt == INTEGER
    out: list = [None] * len(values)
    for position in np.flatnonzero(np.isfinite(values)):  # a cell object per number: openpyxl's way
        value = values[position]
        cell = WriteOnlyCell(worksheet, int(value) if integral else float(value))
        cell.number_format = fmt
        out[position] = cell
    return out


def _width(series: pd.Series, fmt: str | None, header: str, cap: int = _WIDTH_CAP) -> float:
    """Column width [characters] from the longest shown value, the header's longest word, a cap."""
    if fmt is None:
        lengths = series.astype("string").str.len()
        longest = int(lengths.max()) if lengths.notna().any() else 0
    else:
        values = pd.to_numeric(series, errors="coerce").astype("float64")
        values = values[np.isfinite(values)]
        if values.empty:
            longest = 0
        else:
            positive = fmt.split(";", 1)[0]
            decimals = len(positive.split(".", 1)[1]) if "." in positive else 0
            biggest = float(values.abs().max())
            longest = len(f"{biggest:,.{decimals}f}") + int((values < 0).any()) if fmt != GENERAL else \
                max(len(repr(float(v))) for v in values.head(200))  # General: a sample of shown values
    head = max((len(word) for word in header.split()), default=0)
    return float(min(max(longest, head, min(len(header), 12)) + 2, cap))


def quantity_format(series: pd.Series) -> str:
    """Number format of a quantity column: whole numbers with separators when every value is whole,
    else up to three decimals (no padding of ``37,620,000`` into ``37,620,000.00``)."""
    values = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
    values = values[np.isfinite(values)]
    whole = bool(np.all(np.abs(values - np.round(values)) <= 1e-9 * np.maximum(1.0, np.abs(values))))
    return WHOLE if whole else "#,##0.0##"


def wrapped_row_height(texts: list[tuple[object, float]], per_unit: float = 1.3) -> float | None:
    """Height [points] that shows wrapped texts whole: ``(text, column width)`` pairs; None for one line.

    Excel and LibreOffice do not grow a row for wrapped text written by a program, so the height
    is set from a word wrap at ``per_unit`` characters per unit of column width (~1.3 for
    ordinary text, less for bold), 15 points a line.
    """
    lines = max((len(textwrap.wrap(t, width=max(1, int(w * per_unit)))) for t, w in texts if isinstance(t, str) and t),
                default=1)
    return 15.0 * lines if lines > 1 else None


def _set_widths(worksheet, widths: list[float]) -> list[float]:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    return widths


def _first_row_header(worksheet, headers: list[str], widths: list[float], numeric: list[bool]) -> None:
    """The header as row 1, tall enough for headers that wrap in narrow number columns."""
    worksheet.row_dimensions[1].height = wrapped_row_height(list(zip(headers, widths)), per_unit=1.0)
    worksheet.append(_header(worksheet, headers, numeric))


def _print_setup(worksheet, *, landscape: bool = True, pages_wide: int | None = 1) -> None:
    """Printing: landscape, ``pages_wide`` pages across (None: natural size), header row repeated."""
    worksheet.page_setup.orientation = "landscape" if landscape else "portrait"
    if pages_wide:
        worksheet.sheet_properties.pageSetUpPr.fitToPage = True
        worksheet.page_setup.fitToWidth = pages_wide
        worksheet.page_setup.fitToHeight = 0


# --------------------------------------------------------------------------------------------
# sheets
# --------------------------------------------------------------------------------------------
def _summary_sheet(ws, inventory: Inventory) -> None:
    from openpyxl.chart import BarChart

    config, totals, meta = inventory.config, inventory.totals, inventory.metadata
    errors = sum(p.severity == "error" for p in inventory.problems)
    warnings = len(inventory.problems) - errors
    per_capita = totals.get("per_capita") or {}
    level_key = "basic" if config.level == "BASIC" else "basic_plus"
    widths = [46, 16, 18, 16]
    _set_widths(ws, widths)
    ws.freeze_panes = "A2"
    _print_setup(ws)
    note = (f"GPC (WRI, C40, ICLEI 2014; v1.1 2021). t = metric tonnes; CO2e with IPCC {config.gwp} 100-year "
            "GWPs; biogenic CO2 is reported apart, outside the totals.")
    rows: list[list] = [
        [_cell(ws, f"GHG inventory: {config.city or 'city'} {config.year}", bold=True, size=14)],
        [_cell(ws, note, italic=True, wrap=True)],
        [],
    ]
    ws.row_dimensions[1].height = 21
    ws.row_dimensions[2].height = wrapped_row_height([(note, sum(widths))])
    ws.merged_cells.add("A2:D2")
    facts = [("City", config.city or ""), ("Inventory year", config.year), ("Population", config.population),
             ("Region", config.region or ""), ("Country", meta.get("settings", {}).get("country") or ""),
             ("GWP set", f"{config.gwp} (100-year)"), ("Reporting level", config.level),
             ("Boundary", config.boundary or ""), ("Input file", meta["input"]["file"]),
             ("Made by", f"ghgcalc {meta.get('ghgcalc_version', '')}"),
             ("Problems", f"{errors} error(s), {warnings} warning(s): see the Metadata sheet")]
    for label, value in facts:
        row = len(rows) + 1
        ws.merged_cells.add(f"B{row}:D{row}")  # long values (the boundary) wrap inside B:D
        ws.row_dimensions[row].height = wrapped_row_height([(value, sum(widths[1:]))])
        rows.append([_cell(ws, label, bold=True, top=True),
                     _cell(ws, value, fmt=WHOLE if label == "Population" else None, align="left", wrap=True)])
    rows.append([])
    totals_header = len(rows) + 1
    rows.append(_header(ws, ["Total", "t CO2e", "t CO2e per person"], [False, True, True]))
    for key, label in TOTAL_LABELS.items():
        rows.append([_cell(ws, label), _cell(ws, totals.get(key, 0.0), fmt=WHOLE),
                     _cell(ws, per_capita.get(key), fmt=PER_CAPITA)])
    rows.append([_cell(ws, "Biogenic CO2 (t, not in totals)", italic=True),
                 _cell(ws, totals.get("co2_biogenic_t", 0.0), fmt=WHOLE)])
    scope_first = totals_header + 1 + list(TOTAL_LABELS).index("scope1")
    rows.append([])
    sector_header = len(rows) + 1
    rows.append(_header(ws, ["Sector (t CO2e)", "BASIC", "BASIC+", "Territorial"], [False, True, True, True]))
    by_sector = totals.get("by_sector", {})
    for sector, values in by_sector.items():  # the six GPC sectors
        rows.append([_cell(ws, sector), *(_cell(ws, values.get(k, 0.0), fmt=WHOLE)
                                          for k in ("basic", "basic_plus", "territorial"))])
    for row in rows:
        ws.append(row)

    sectors = BarChart()
    sectors.type = "bar"  # horizontal: long sector names stay readable
    sectors.title = f"Emissions by sector ({config.level}, t CO2e)"
    level_column = "B" if level_key == "basic" else "C"
    first, last = sector_header + 1, sector_header + len(by_sector)
    sectors.series.append(_series(ws.title, f"{level_column}{first}:{level_column}{last}",
                                  [v.get(level_key, 0.0) for v in by_sector.values()],
                                  f"A{first}:A{last}", list(by_sector)))
    _style_chart(sectors, value_title="t CO2e")
    sectors.x_axis.scaling.orientation = "maxMin"  # GPC order from the top …
    sectors.y_axis.crosses = "max"  # … with the value axis still at the bottom
    sectors.x_axis.axPos, sectors.y_axis.axPos = "l", "b"
    sectors.x_axis.tickLblSkip = 1  # every sector named …
    sectors.x_axis.txPr = _font_size(800)  # … in a size that leaves room for all six
    sectors.width, sectors.height = 22, 11
    ws.add_chart(sectors, "F2")

    scopes = BarChart()
    scopes.type = "col"  # bars, not a pie: AFOLU removals (V.2) can make a total negative
    scopes.title = "Emissions by scope (t CO2e)"
    scopes.series.append(_series(ws.title, f"B{scope_first}:B{scope_first + 2}",
                                 [totals.get(k, 0.0) for k in ("scope1", "scope2", "scope3")],
                                 f"A{scope_first}:A{scope_first + 2}",
                                 [TOTAL_LABELS[k] for k in ("scope1", "scope2", "scope3")]))
    _style_chart(scopes, value_title="t CO2e")
    scopes.x_axis.axPos, scopes.y_axis.axPos = "b", "l"
    scopes.width, scopes.height = 22, 9
    ws.add_chart(scopes, "F25")


def _series(sheet: str, values_ref: str, values: list[float], categories_ref: str, categories: list[str]):
    """A chart series over cells of ``sheet``, with the values cached in the chart itself so that
    viewers that do not recalculate (previews, converters) draw it too."""
    from openpyxl.chart.data_source import (AxDataSource, NumData, NumDataSource, NumRef, NumVal, StrData, StrRef,
                                            StrVal)
    from openpyxl.chart.series import Series
    from openpyxl.utils import absolute_coordinate, quote_sheetname

    def ref(cells: str) -> str:
        return f"{quote_sheetname(sheet)}!{absolute_coordinate(cells)}"

    numbers = NumData(formatCode=WHOLE, ptCount=len(values), pt=[NumVal(idx=i, v=float(v)) for i, v in enumerate(values)])
    labels = StrData(ptCount=len(categories), pt=[StrVal(idx=i, v=str(c)) for i, c in enumerate(categories)])
    return Series(val=NumDataSource(numRef=NumRef(f=ref(values_ref), numCache=numbers)),
                  cat=AxDataSource(strRef=StrRef(f=ref(categories_ref), strCache=labels)))


def _font_size(hundredths: int):
    """Text properties of a chart element: font size in hundredths of a point."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RichTextProperties

    size = CharacterProperties(sz=hundredths)
    return RichText(bodyPr=RichTextProperties(), p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size)])


def _style_chart(chart, *, value_title: str) -> None:
    from openpyxl.chart.label import DataLabelList

    chart.legend = None  # one series: its name would say nothing
    chart.style = 10
    chart.y_axis.title = value_title
    chart.y_axis.number_format = WHOLE
    chart.y_axis.delete = False  # openpyxl ≥ 3.1 hides both axes unless told
    chart.x_axis.delete = False
    chart.x_axis.tickLblPos = "low"  # category names at the edge, not over bars below zero (V.2 removals)
    chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                     showPercent=False, showLeaderLines=False)  # the value only
    chart.dataLabels.numFmt = WHOLE
    chart.gapWidth = 60


def _gpc_sheet(ws, inventory: Inventory) -> None:
    lines = inventory.lines
    hidden = lines["notation_key"].eq("C").to_numpy()
    headers = [h for h, _, _ in GPC_COLUMNS]
    widths = []
    for header, column, fmt in GPC_COLUMNS:
        shown = lines[column] if column in lines.columns else pd.Series(dtype=object)
        if fmt is None and shown.dtype == bool:
            shown = shown.map({True: "yes", False: ""})
        cap = _WRAPPED_GPC.get(header, 24 if header.startswith("Data quality") else _WIDTH_CAP)
        widths.append(_width(shown, fmt, header, cap=cap))
    wrapped = [(column, widths[i]) for i, (header, column, _) in enumerate(GPC_COLUMNS) if header in _WRAPPED_GPC]
    _set_widths(ws, widths)
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "A:A"  # the GPC ref on every printed page
    _print_setup(ws, pages_wide=2)  # numbers on the first page, explanations and memberships on the second
    _first_row_header(ws, headers, widths, [fmt is not None for _, _, fmt in GPC_COLUMNS])
    row_number = 1
    sector = None
    for position, rec in enumerate(lines.to_dict("records")):  # the 53 GPC lines, not activity rows
        if rec["sector"] != sector:
            sector = rec["sector"]
            band = [_cell(ws, rec["sector_number"], bold=True, fill=_SECTION_FILL),
                    _cell(ws, None, fill=_SECTION_FILL),
                    _cell(ws, sector, bold=True, fill=_SECTION_FILL)]
            ws.append(band + [_cell(ws, None, fill=_SECTION_FILL) for _ in headers[3:]])
            row_number += 1
        row_number += 1
        ws.row_dimensions[row_number].height = wrapped_row_height([(rec.get(c), w) for c, w in wrapped])
        row = []
        for header, column, fmt in GPC_COLUMNS:
            value = rec.get(column)
            if fmt == TONNES and hidden[position]:
                value = None  # confidential: the numbers stay in the totals only
            row.append(_cell(ws, value, fmt=fmt, wrap=header in _WRAPPED_GPC, top=True,
                             align="center" if header in _CENTERED_GPC else None))
        ws.append(row)
    ws.append([])
    ws.append([_cell(ws, "Notation keys: NO not occurring, IE included elsewhere, NE not estimated, "
                         "C confidential (no numbers shown; still in the totals). Lines with no data and no key "
                         "are NE by default.", italic=True)])


def _gas_names(inventory: Inventory) -> dict[str, str]:
    """Trail column prefix → the gas as written (``co2_biogenic`` → ``CO2_biogenic``)."""
    gases = set(inventory.line_gases["gas"]) if not inventory.line_gases.empty else set()
    gases |= {"CO2", "CO2_biogenic", "CH4", "N2O", "SF6", "NF3", "CO2e"}
    return {g.lower().replace("-", "_"): g for g in gases}


def trail_layout(inventory: Inventory) -> list[tuple[str, pd.Series, str | None]]:
    """(header, values, number format) of every Trail column, base columns then per gas."""
    trail = inventory.trail
    layout = [(h, trail[c] if c in trail.columns else pd.Series([None] * len(trail)), f) for h, c, f in TRAIL_COLUMNS]
    names = _gas_names(inventory)
    prefixes = [c[: -len("_factor_set")] for c in trail.columns if c.endswith("_factor_set")]
    for prefix in prefixes:  # a handful of gases
        gas = names.get(prefix, prefix.upper()).replace("_", " ")
        for suffix, field, fmt in TRAIL_GAS_FIELDS:
            if field is None:  # quantity in the factor's denominator unit: quantity × conversion
                values = trail["quantity"].astype("float64") * trail[f"{prefix}_conversion"].astype("float64")
            else:
                values = trail[f"{prefix}_{field}"]
            layout.append((f"{gas} {suffix}", values, fmt))
    return [(h, v, quantity_format(v) if f == QUANTITY else f) for h, v, f in layout]


def _trail_sheet(ws, inventory: Inventory) -> int:
    """Write the trail; return how many rows Excel could not hold (0 normally)."""
    layout = trail_layout(inventory)
    room = EXCEL_MAX_ROWS - 1
    dropped = max(0, len(inventory.trail) - room)
    caps = {"Description": 50, "Source": 50, "File": 30}
    widths = _set_widths(ws, [_width(values.head(room), fmt, header, cap=caps.get(header, _WIDTH_CAP))
                              for header, values, fmt in layout])
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "C:E"  # row number, derived and GPC ref on every printed page
    _print_setup(ws, pages_wide=None)  # too wide to shrink onto a page: printed at natural size
    _first_row_header(ws, [header for header, _, _ in layout], widths, [fmt is not None for _, _, fmt in layout])
    columns = [(_text_column(ws, values.head(room)) if fmt is None else _number_column(ws, values.head(room), fmt))
               for _, values, fmt in layout]
    for row in zip(*columns):  # writing a sheet is row by row in openpyxl; the values were prepared by column
        ws.append(row)
    return dropped


def factors_table(inventory: Inventory) -> pd.DataFrame:
    """Factors used, with a citation and the file and sha256 of the table each came from."""
    used = inventory.factors_used.copy()
    if used.empty:
        return pd.DataFrame(columns=[c for _, c, _ in FACTOR_COLUMNS])
    meta = inventory.metadata
    files = pd.DataFrame([{"set_id": t["set"], "edition": str(t["edition"]), "table": f["table"],
                           "table_file": f["file"], "table_sha256": f["sha256"]}
                          for t in meta.get("factor_tables", []) for f in t.get("tables", [])],
                         columns=["set_id", "edition", "table", "table_file", "table_sha256"])
    # One table name can span several files (e.g. the Hub's Table 1 factors and heat contents).
    files = files.groupby(["set_id", "edition", "table"], as_index=False, sort=False).agg(
        {"table_file": "; ".join, "table_sha256": "; ".join})
    used["edition"] = used["edition"].astype(str)
    used = used.merge(files, on=["set_id", "edition", "table"], how="left", validate="many_to_one")
    inputs = {meta["input"]["file"]: meta["input"]["sha256"]} | {
        c["file"]: c["sha256"] for c in meta.get("companion_files", [])}
    custom = used["set_id"].eq("custom")
    used.loc[custom, "table_file"] = used.loc[custom, "edition"]
    used.loc[custom, "table_sha256"] = used.loc[custom, "edition"].map(inputs)
    text = used.astype({c: "string" for c in ("publisher", "title", "edition", "table", "source_ref")}).fillna("")
    used["citation"] = (text["publisher"] + ", " + text["title"] + ", edition " + text["edition"]
                        + (", " + text["table"]).where(text["table"].ne(""), "")
                        + ("; " + text["source_ref"]).where(text["source_ref"].ne(""), ""))
    return used


def _factors_sheet(ws, inventory: Inventory) -> None:
    table = factors_table(inventory)
    caps = {"Table": 40, "Source ref": 40, "Citation": 60, "Licence": 40, "Notes": 40, "Table sha256": 66,
            "Table file": 24}
    layout = [(h, table[c] if c in table.columns else pd.Series([None] * len(table)), f) for h, c, f in FACTOR_COLUMNS]
    widths = _set_widths(ws, [_width(v, fmt, h, cap=caps.get(h, _WIDTH_CAP)) for h, v, fmt in layout])
    ws.freeze_panes = "D2"
    ws.print_title_rows = "1:1"
    _print_setup(ws, pages_wide=None)
    _first_row_header(ws, [h for h, _, _ in layout], widths, [fmt is not None for _, _, fmt in layout])
    columns = [_text_column(ws, v) if fmt is None else _number_column(ws, v, fmt) for _, v, fmt in layout]
    for row in zip(*columns):  # factors used: tens of rows
        ws.append(row)


def _metadata_sheet(ws, inventory: Inventory, truncated: int) -> None:
    """Key/value sections: program and input, settings, factor sets and their files, problems."""
    meta = inventory.metadata
    widths = [36, 76, 70]
    _set_widths(ws, widths)
    ws.freeze_panes = "A2"
    _print_setup(ws)
    rows: list[list] = [[_cell(ws, "How this workbook was made", bold=True, size=13)]]

    def section(title: str, headers: tuple[str, str, str] = ("Item", "Value", "Detail")) -> None:
        rows.append([])
        rows.append([_cell(ws, title, bold=True, fill=_SECTION_FILL)]
                    + [_cell(ws, None, fill=_SECTION_FILL) for _ in widths[1:]])
        rows.append(_header(ws, list(headers)))

    def item(label: str, value: object = None, detail: object = None, *, fmt: str | None = None) -> None:
        ws.row_dimensions[len(rows) + 1].height = wrapped_row_height([(value, widths[1]), (detail, widths[2])])
        rows.append([_cell(ws, label, top=True), _cell(ws, value, fmt=fmt, align="left", wrap=True),
                     _cell(ws, detail, wrap=True)])

    section("Program and input")
    item("ghgcalc version", meta.get("ghgcalc_version", ""))
    item("Input file", meta["input"]["file"], "sha256 " + meta["input"]["sha256"])
    for companion in meta.get("companion_files", []):
        item("Companion file", companion["file"], "sha256 " + companion["sha256"])
    for key, value in meta.get("units", {}).items():
        item(f"Unit of {key}", value)
    item("Trail rows", len(inventory.trail), fmt=WHOLE)
    if truncated:
        item("Trail rows not shown", truncated, f"beyond Excel's {EXCEL_MAX_ROWS:,}-row limit; the JSON output and "
                                                "the CSV trail (--trail) have all of them", fmt=WHOLE)
    section("Settings (as applied)", ("Setting", "Value", ""))
    for key, value in meta.get("settings", {}).items():
        item(key, "" if value is None else ("yes" if value is True else "no" if value is False else value))
    for t in meta.get("factor_tables", []):
        section(f"Factor set {t['set']}@{t['edition']}")
        item("Title", t.get("title"))
        item("Publisher", t.get("publisher"))
        item("Data year", t.get("data_year") or None)
        item("Licence", t.get("licence"))
        item("URL", t.get("url"))
        item("Heating-value basis", t.get("heating_value_basis"))
        item("Chosen because", t.get("chosen_because"))
        for f in t.get("tables", []):
            item(f"Table file {f['file']}", "sha256 " + f["sha256"], f["table"])
    errors = sum(p.severity == "error" for p in inventory.problems)
    section("Problems", ("Severity and code", "Count", "First of them"))
    item("errors", errors)
    item("warnings", len(inventory.problems) - errors)
    counts = Counter((p.severity, p.code) for p in inventory.problems)
    first: dict[tuple[str, str], str] = {}
    for problem in inventory.problems:  # problems, not rows: kept as the engine found them
        first.setdefault((problem.severity, problem.code), problem.message)
    for (severity, code), count in sorted(counts.items()):
        item(f"{severity}[{code}]", count, first[(severity, code)])
    for row in rows:
        ws.append(row)
