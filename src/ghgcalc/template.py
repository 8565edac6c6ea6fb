"""A blank input workbook to fill in by hand: ``ghgcalc template input.xlsx`` (SPEC §7).

Sheets ``activity``, ``inventory``, ``notation_keys`` and ``factors`` are the ones
:func:`ghgcalc.readers.read_input` reads, with the same headers; ``README`` says how to fill
them in, and a hidden ``lists`` sheet holds the dropdown lists (GPC lines, activity keys, units,
notation keys), referenced through workbook names because a list typed into a data validation
is limited to 255 characters. The reader never opens ``README`` or ``lists``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ghgcalc.columns import ACTIVITY_COLUMNS, NOTATION_COLUMNS
from ghgcalc.errors import UsageError

if TYPE_CHECKING:
    from openpyxl import Workbook

TEMPLATE_SHEETS = ("activity", "inventory", "notation_keys", "factors", "README", "lists")
# Rows 2 … DATA_ROWS + 1 of each table get the dropdowns.
DATA_ROWS = 5000
ACTIVITY_HEADERS = ("gpc_ref", "activity", "quantity", "unit", "region", "model_year", "description",
                    "data_quality", "source", "factor_id")
FACTOR_HEADERS = ("factor_id", "activity", "applies_to", "region", "model_year", "gas", "value", "unit",
                  "gwp_basis", "source", "source_ref", "notes")
# Units offered in the dropdown; others that ``ghgcalc.units.parse_unit`` knows are accepted too.
TEMPLATE_UNITS = ("kWh", "MWh", "GWh", "GJ", "MJ", "TJ", "MMBtu", "therm", "decatherm", "scf", "ccf", "Mcf",
                  "m3", "gal", "L", "bbl", "kg", "lb", "t", "short_ton", "mi", "km")
NOTATION_KEYS = {
    "NO": "not occurring: the activity does not happen in the city",
    "IE": "included elsewhere: the emissions are in another line (name it in included_in)",
    "NE": "not estimated: the emissions occur but were not estimated (say why)",
    "C": "confidential: estimated, but not shown line by line (still in the totals)",
}
GASES = ("CO2", "CH4", "N2O", "CO2_biogenic", "CO2e", "SF6", "NF3")
INVENTORY_KEYS = (
    ("city", None, "name of the city"),
    ("year", None, "inventory year, e.g. 2023 (required)"),
    ("region", None, "default region code for regional factors: an eGRID subregion such as CAMX or RFCW, "
                     "US, or an ISO country code"),
    ("country", None, "ISO 3166 country code, e.g. US"),
    ("population", None, "number of residents, for per-capita totals"),
    ("gwp", "AR5", "GWP set for CO2e: AR4, AR5 or AR6 (100-year)"),
    ("level", "BASIC", "completeness target: BASIC or BASIC+"),
    ("boundary", None, "the geographic boundary, in words"),
    ("factors", None, "factor tables: a profile (us), SET@EDITION list (epa-ghg-hub@2025,egrid@2023) or a "
                      "folder; blank: chosen from region and year"),
    ("tnd", None, "scope-3 T&D losses of grid electricity: yes or no (blank: yes for BASIC+, no for BASIC)"),
    ("energy_basis", None, "heating-value basis of energy quantities: HHV or NCV (blank: that of the factors)"),
)
EXAMPLE_ROW = ("I.1.2", "electricity", 1000, "MWh", None, None,
               "EXAMPLE ROW (residential electricity): replace it with your data or delete it", "H",
               "utility annual sales report", None)
_BOLD_FILL = "D9E1F2"
_FONT = "Calibri"  # the workbook's default; a Font without a name prints in a serif face


def template_workbook() -> Workbook:
    """The template as an openpyxl workbook (see the module docstring for its sheets)."""
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    from ghgcalc.activities import activity_catalogue
    from ghgcalc.gpc import gpc_lines

    lines = gpc_lines()
    catalogue = activity_catalogue()
    workbook = Workbook()
    activity = workbook.active
    activity.title = "activity"
    inventory = workbook.create_sheet("inventory")
    notation = workbook.create_sheet("notation_keys")
    factors = workbook.create_sheet("factors")
    readme = workbook.create_sheet("README")
    lists = workbook.create_sheet("lists")

    # The lists, one column each, named so that validations can point at them.
    columns = {
        "gpc_refs": ("gpc_ref", lines["gpc_ref"].tolist()),
        "gpc_lines": ("GPC line", (lines["gpc_ref"] + "  " + lines["subsector"] + ", scope "
                                   + lines["scope"].astype(str)).tolist()),
        "activity_keys": ("activity", sorted(catalogue.index)),
        "units": ("unit", list(TEMPLATE_UNITS)),
        "notation_key_list": ("key", list(NOTATION_KEYS)),
        "gases": ("gas", list(GASES)),
    }
    for position, (name, (header, values)) in enumerate(columns.items(), start=1):
        letter = _letter(position)
        lists.cell(row=1, column=position, value=header)
        for row, value in enumerate(values, start=2):  # catalogue entries, at most ~130
            lists.cell(row=row, column=position, value=value)
        workbook.defined_names[name] = DefinedName(name, attr_text=f"lists!${letter}$2:${letter}${len(values) + 1}")
        lists.column_dimensions[letter].width = max(len(str(v)) for v in [header, *values]) + 2
    lists.sheet_state = "hidden"

    _activity_sheet(activity, catalogue)
    _inventory_sheet(inventory)
    _notation_sheet(notation)
    _factors_sheet(factors)
    _readme_sheet(readme, catalogue)
    props = workbook.properties
    props.title = "ghgcalc input workbook"
    props.subject = "Activity data for a GPC community greenhouse-gas inventory"
    props.creator = "ghgcalc template"
    return workbook


def template_bytes() -> bytes:
    """The template as .xlsx bytes; the same ghgcalc version always gives the same bytes."""
    from ghgcalc.reporters.excel import workbook_bytes

    return workbook_bytes(template_workbook())


def write_template(path: str | Path, *, force: bool = False) -> Path:
    """Write the input template to ``path`` (atomically) and return the path.

    Raises
    ------
    UsageError
        When ``path`` exists and ``force`` is false, or does not end in ``.xlsx``.
    """
    from ghgcalc.reporters import write_atomic

    path = Path(path)
    if path.suffix.casefold() != ".xlsx":
        raise UsageError(f"{path.name}: the template is an Excel workbook; name it .xlsx")
    if path.exists() and not force:
        raise UsageError(f"{path} exists; choose another name or add --force to overwrite it")
    write_atomic(path, template_bytes())
    return path


# --------------------------------------------------------------------------------------------
# sheets
# --------------------------------------------------------------------------------------------
def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position)


def _headers(sheet, headers, widths: dict[str, float]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(name=_FONT, bold=True)
        cell.fill = PatternFill("solid", fgColor=_BOLD_FILL)
        cell.alignment = Alignment(vertical="top")
    for position, header in enumerate(headers, start=1):
        sheet.column_dimensions[_letter(position)].width = widths.get(header, max(12, len(header) + 3))
    sheet.freeze_panes = "A2"
    _print_fit(sheet)


def _print_fit(sheet) -> None:
    """Print landscape, one page wide."""
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def _validation(sheet, column: str, *, prompt: str, title: str, values: str | None = None, kind: str = "list",
                strict: bool = True, first: int = 2, last: int | None = None, **limits) -> None:
    """A data validation on ``column`` rows ``first`` … ``last`` with an input prompt.

    ``strict`` refuses other values ("stop"); otherwise Excel warns and lets the value in (units
    and activity keys have more spellings than a list can hold).
    """
    from openpyxl.worksheet.datavalidation import DataValidation

    last = last or DATA_ROWS + 1
    rule = DataValidation(type=kind, formula1=values, allow_blank=True, showInputMessage=True,
                          showErrorMessage=True, errorStyle="stop" if strict else "warning",
                          promptTitle=title[:32], prompt=prompt[:255], errorTitle=title[:32],
                          error=("Not one of the values in the list." if kind == "list" else prompt)[:255],
                          **limits)
    rule.add(f"{column}{first}:{column}{last}")
    sheet.add_data_validation(rule)


def _activity_sheet(sheet, catalogue) -> None:
    from openpyxl.styles import Font

    _headers(sheet, ACTIVITY_HEADERS, {"gpc_ref": 10, "activity": 26, "quantity": 14, "unit": 11, "region": 10,
                                       "model_year": 12, "description": 72, "data_quality": 13, "source": 45,
                                       "factor_id": 22})
    sheet.append(list(EXAMPLE_ROW))
    for cell in sheet[2]:
        cell.font = Font(name=_FONT, italic=True, color="7F7F7F")
    sheet["C2"].number_format = "#,##0"
    meaning = ACTIVITY_COLUMNS
    _validation(sheet, "A", values="gpc_refs", title="GPC line",
                prompt="GPC reference number, e.g. I.1.2 (residential electricity). The lists sheet's "
                       "column B names every line.")
    _validation(sheet, "B", values="activity_keys", title="Activity key", strict=False,
                prompt="Activity key, e.g. electricity, natural_gas, gasoline. `ghgcalc activities` lists "
                       "them with units and lines; a key of your own custom factors is allowed too.")
    _validation(sheet, "C", kind="decimal", operator="between", values="-1E+15", formula2="1E+15",
                title="Quantity", prompt="A number, no unit (the unit goes in the next column). Negative "
                                         "only on AFOLU (V.*) lines, for removals.")
    _validation(sheet, "D", values="units", title="Unit", strict=False,
                prompt="Unit of the quantity, e.g. kWh, MWh, therm, MMBtu, gal, mi. Not a bare 'ton': "
                       "write short_ton or t (metric).")
    _validation(sheet, "E", kind=None, title="Region", prompt=meaning["region"] + "; blank: the inventory's.")
    _validation(sheet, "F", kind="whole", operator="between", values="1900", formula2="2100", title="Model year",
                prompt="Vehicle model year, for per-vehicle-mile (vmt_*) factors; otherwise blank.")
    _validation(sheet, "G", kind=None, title="Description", prompt=meaning["description"] + ".")
    _validation(sheet, "H", values='"H,M,L"', title="Data quality",
                prompt="Quality of the activity data: H (high), M (medium) or L (low).")
    _validation(sheet, "I", kind=None, title="Source", prompt=meaning["source"] + ".")
    _validation(sheet, "J", kind=None, title="Factor id",
                prompt="Optional: pin one factor by its id (`ghgcalc factors show SET`), overriding matching.")


def _inventory_sheet(sheet) -> None:
    from openpyxl.styles import Alignment, Font

    from ghgcalc.reporters.excel import wrapped_row_height

    _headers(sheet, ("key", "value", "what to write"), {"key": 14, "value": 30, "what to write": 90})
    for key, value, meaning in INVENTORY_KEYS:
        sheet.append([key, value, meaning])
    for row in sheet.iter_rows(min_row=2, max_col=3):  # eleven settings
        row[0].font = Font(name=_FONT, bold=True)
        row[2].font = Font(name=_FONT, italic=True, color="595959")
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row[0].row].height = wrapped_row_height([(row[2].value, 90)])
    row_of = {key: position for position, (key, _, _) in enumerate(INVENTORY_KEYS, start=2)}
    for key, values, title in (("gwp", '"AR4,AR5,AR6"', "GWP set"), ("level", '"BASIC,BASIC+"', "Level"),
                               ("tnd", '"yes,no"', "T&D losses"), ("energy_basis", '"HHV,NCV"', "Energy basis")):
        row = row_of[key]
        _validation(sheet, "B", values=values, title=title, first=row, last=row,
                    prompt=dict((k, m) for k, _, m in INVENTORY_KEYS)[key])
    _validation(sheet, "B", kind="whole", operator="between", values="1900", formula2="2200", title="Year",
                first=row_of["year"], last=row_of["year"], prompt="The inventory year, e.g. 2023.")
    _validation(sheet, "B", kind="decimal", operator="greaterThan", values="0", title="Population",
                first=row_of["population"], last=row_of["population"], prompt="Number of residents.")


def _notation_sheet(sheet) -> None:
    _headers(sheet, NOTATION_COLUMNS, {"gpc_ref": 10, "key": 8, "explanation": 80, "included_in": 13})
    _validation(sheet, "A", values="gpc_refs", title="GPC line", prompt="The GPC line without data, e.g. I.4.4.")
    _validation(sheet, "B", values="notation_key_list", title="Notation key",
                prompt="NO not occurring, IE included elsewhere, NE not estimated, C confidential.")
    _validation(sheet, "C", kind=None, title="Explanation", prompt="Why the line has no data (required).")
    _validation(sheet, "D", values="gpc_refs", title="Included in",
                prompt="For IE: the GPC line that holds these emissions (required for IE).")


def _factors_sheet(sheet) -> None:
    _headers(sheet, FACTOR_HEADERS, {"factor_id": 20, "activity": 24, "applies_to": 11, "unit": 12,
                                     "source": 40, "source_ref": 24, "notes": 40})
    _validation(sheet, "A", kind=None, title="Factor id", prompt="Your id for the factor, unique in this sheet.")
    _validation(sheet, "B", values="activity_keys", title="Activity key", strict=False,
                prompt="The activity the factor applies to; a new key of your own is allowed.")
    _validation(sheet, "C", kind=None, title="Applies to",
                prompt="GPC line prefix the factor serves, e.g. I or II.1; blank: any line.")
    _validation(sheet, "F", values="gases", title="Gas", strict=False,
                prompt="CO2, CH4, N2O, CO2_biogenic, SF6, NF3, an HFC/PFC name, or CO2e (then fill gwp_basis).")
    _validation(sheet, "G", kind="decimal", operator="greaterThanOrEqual", values="0", title="Value",
                prompt="The factor: mass of gas per unit of activity, in the unit of the next column.")
    _validation(sheet, "H", kind=None, title="Unit", prompt="Mass per activity unit, e.g. kg/MMBtu, lb/MWh, g/mi.")
    _validation(sheet, "I", values='"AR4,AR5,AR6"', title="GWP basis", prompt="For CO2e factors: the GWP set used.")
    _validation(sheet, "J", kind=None, title="Source", prompt="Where the factor comes from (required).")


README_TEXT = """\
ghgcalc input workbook
Fill in the sheets below, save, and run:   ghgcalc inventory THIS_FILE.xlsx   (add -o report.xlsx for an Excel report).
Selecting a cell below a header shows a hint; dropdowns offer the accepted values.

Sheet "activity" (required): one row per activity record. Several rows may fall on the same GPC line; they add up.
  gpc_ref: the GPC line, e.g. I.1.2 (residential buildings, grid electricity) or II.1.1 (on-road fuel). Column B of the hidden "lists" sheet names all {lines} lines.
  activity: an activity key, e.g. electricity, natural_gas, gasoline, vmt_gasoline_car ({activities} keys; `ghgcalc activities` lists them with units and lines).
  quantity: a number; negative only on AFOLU lines (V.*), for removals.
  unit: the unit of quantity: kWh, MWh, GJ, therm, MMBtu, scf, ccf, Mcf, m3, gal (US), L, bbl, short_ton, t (metric), kg, lb, mi, km. A bare "ton" is refused as ambiguous.
  region, model_year, description, data_quality (H, M, L), source, factor_id: optional.
  Row 2 is an example: replace it with your data or delete it.

Sheet "inventory" (required): one setting per row, key in column A, value in column B. year is required; the others have defaults. Column C says what to write and is not read.

Sheet "notation_keys" (optional): for GPC lines without data, a notation key and why.
  NO = {NO}
  IE = {IE}
  NE = {NE}
  C = {C}
  Lines with neither data nor a key are reported as NE with a warning.

Sheet "factors" (optional): your own emission factors, e.g. a utility-specific electricity factor. They take precedence over the shipped tables and are listed in every output. source is required.

Keep the sheet names and the header row (row 1) as they are; headers may be reordered. The "README" and "lists" sheets are not read.
"""


def _readme_sheet(sheet, catalogue) -> None:
    from openpyxl.styles import Alignment, Font

    from ghgcalc.gpc import gpc_lines
    from ghgcalc.reporters.excel import wrapped_row_height

    text = README_TEXT.format(lines=len(gpc_lines()), activities=len(catalogue), **NOTATION_KEYS)
    width = 110
    sheet.column_dimensions["A"].width = width
    for number, line in enumerate(text.splitlines(), start=1):  # a few dozen lines of instructions
        sheet.append([line or None])
        if number > 1:
            sheet.row_dimensions[number].height = wrapped_row_height([(line, width)])
    _print_fit(sheet)
    sheet["A1"].font = Font(name=_FONT, bold=True, size=14)
    for row in sheet.iter_rows(min_row=2, max_col=1):
        cell = row[0]
        if isinstance(cell.value, str) and cell.value.startswith("Sheet "):
            cell.font = Font(name=_FONT, bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.sheet_properties.tabColor = "4472C4"
