"""Write the bad-input corpus of this folder (issue #6). Run from the repository root:

    python tests/data/bad/make_corpus.py

Each file is one kind of broken or hostile input; ``manifest.toml`` beside it says what ghgcalc
must report for it. CSV files take their settings from ``ghgcalc.toml`` in this folder (year 2023,
region CAMX). The password-protected workbook needs ``msoffcrypto-tool`` (not a dependency of
ghgcalc); without it the committed file is kept. Large and bomb files are not here: the tests
make them in a temporary folder (``tests/test_reliability.py``).
"""

from __future__ import annotations

import datetime
import io
import random
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
HEADER = "gpc_ref,activity,quantity,unit\n"
GOOD = "I.1.1,natural_gas,10,therm\n"  # row 2 of most files: 1 MMBtu of natural gas, fine
H = ("gpc_ref", "activity", "quantity", "unit")
GOOD_ROW = ("I.1.1", "natural_gas", 10, "therm")

TEXT = {
    "empty.csv": "",
    "blank_lines_only.csv": "\n   \n\n,,,\n",
    "header_only.csv": HEADER,
    "missing_quantity_column.csv": "gpc_ref,activity,unit\nI.1.1,natural_gas,therm\nI.1.2,electricity,kWh\n",
    "missing_unit_column.csv": "gpc_ref,activity,quantity\nI.1.1,natural_gas,10\n",
    "missing_activity_column.csv": "gpc_ref,quantity,unit\nI.1.1,10,therm\n",
    "duplicate_columns.csv": "gpc_ref,activity,quantity,unit,Amount\nI.1.1,natural_gas,10,therm,5\n",
    "duplicate_same_header.csv": "gpc_ref,activity,quantity,unit,unit\nI.1.1,natural_gas,10,therm,MMBtu\n",
    "title_and_group_header.csv": ("Riverton community inventory 2023,,,\nWhere,,Activity data,\n" + HEADER + GOOD
                                   + "I.1.2,electricity,abc,kWh\n"),
    "units_row_below_header.csv": HEADER + "(GPC line),(key),(number),(text)\n" + GOOD,
    "quantity_text.csv": HEADER + GOOD + "I.1.2,electricity,abc,kWh\n",
    "quantity_blank.csv": HEADER + GOOD + "I.1.2,electricity,,kWh\n",
    "quantity_nan.csv": HEADER + GOOD + "I.1.2,electricity,NaN,kWh\n",
    "quantity_inf.csv": HEADER + GOOD + "I.1.2,electricity,inf,kWh\nI.1.2,electricity,-Infinity,kWh\n"
                        "I.1.2,electricity,1e400,kWh\n",
    "quantity_date.csv": HEADER + GOOD + "I.1.2,electricity,2023-01-05,kWh\nI.1.2,electricity,05/01/2023,kWh\n",
    "quantity_percent.csv": HEADER + GOOD + "I.1.2,electricity,12%,kWh\n",
    "thousands_separators.csv": HEADER + 'I.1.1,natural_gas,"1,000",therm\nI.1.2,electricity,"1,23,456",kWh\n'
                                "I.1.2,electricity,1 234,kWh\n",
    "decimal_comma.csv": "gpc_ref;activity;quantity;unit\nI.1.1;natural_gas;10;therm\nI.1.2;electricity;1,5;kWh\n"
                         "I.1.2;electricity;1.234,5;kWh\n",
    "decimal_comma_option.csv": "gpc_ref;activity;quantity;unit\nI.1.1;natural_gas;10,5;therm\n"
                                "I.1.2;electricity;1.234,5;kWh\nI.1.2;electricity;1,2,3;kWh\n",
    "unknown_unit.csv": HEADER + GOOD + "I.1.2,electricity,1000,kwhr\n",
    "misspelled_unit.csv": HEADER + GOOD + "I.1.1,natural_gas,10,thrm\n",
    "ambiguous_ton.csv": HEADER + GOOD + "I.1.1,coal_bituminous,10,ton\n",
    "wrong_dimension.csv": HEADER + GOOD + "I.1.2,electricity,10,gal\nI.1.1,natural_gas,10,km\n",
    "unknown_activity.csv": HEADER + GOOD + "I.1.1,natural_gass,10,therm\nI.1.1,unobtainium,1,t\n",
    "missing_activity.csv": HEADER + GOOD + "I.1.2,,5,kWh\n",
    "unknown_gpc_line.csv": HEADER + GOOD + "I.9.9,natural_gas,10,therm\nI.1,natural_gas,10,therm\n",
    "missing_gpc_ref.csv": HEADER + GOOD + ",electricity,5,kWh\n",
    "activity_not_on_line.csv": HEADER + GOOD + "I.1.1,electricity,10,kWh\n",
    "sector_not_resolvable.csv": "sector,subsector,activity,quantity,unit\n"
                                 "Stationary energy,Residential buildings,natural_gas,10,therm\n"
                                 "Stationary energy,Nowhere,electricity,1000,kWh\n",
    "negative_quantity.csv": HEADER + GOOD + "I.1.2,electricity,-10,kWh\n",
    "every_row_wrong.csv": HEADER + "I.1.2,electricity,abc,kWh\nI.1.1,natural_gass,10,therm\n",
    "semicolon.csv": "gpc_ref;activity;quantity;unit\nI.1.1;natural_gas;10;therm\nI.1.2;electricity;abc;kWh\n",
    "tab_separated.tsv": "gpc_ref\tactivity\tquantity\tunit\nI.1.1\tnatural_gas\t10\ttherm\n"
                         "I.1.2\telectricity\tabc\tkWh\n",
    "bom_crlf_blank_lines.csv": ("\ufeff" + HEADER + GOOD + "\n" + "I.1.2,electricity,abc,kWh\n").replace("\n", "\r\n"),
    "cell_without_header.csv": HEADER + "I.1.1,natural_gas,10,therm,note\nI.1.2,electricity,abc,kWh\n",
    "unclosed_quote.csv": HEADER + 'I.1.1,natural_gas,"10,therm\nI.1.2,electricity,5,kWh\n',
    "formula_injection.csv": "gpc_ref,activity,quantity,unit,description,source\n"
                             'I.1.1,natural_gas,10,therm,"=HYPERLINK(""http://example.com"",""click"")",-2+3\n'
                             "I.1.2,electricity,1000,kWh,@SUM(A1:A2),+cmd|' /C calc'!A0\n"
                             "I.1.2,electricity,abc,kWh,=1+1,\n",
}

ENCODED_ROWS = ("gpc_ref,activity,quantity,unit,description\n"
                "I.1.1,natural_gas,10,therm,Café Müller – Straße\n"
                "I.1.2,electricity,abc,kWh,Crèche Noël\n")
ENCODED = {
    "latin1.csv": ENCODED_ROWS.replace("–", "-").encode("latin-1"),
    "windows1252.csv": ENCODED_ROWS.encode("cp1252"),
    "utf16_bom.csv": ENCODED_ROWS.encode("utf-16"),
    "utf16le_no_bom.csv": ENCODED_ROWS.encode("utf-16-le"),
    "utf16be_no_bom.csv": ENCODED_ROWS.encode("utf-16-be"),
}


def workbook(path: Path, rows, *, notation=None, settings=(("year", 2023), ("region", "CAMX")), title="activity",
             merge=None, hidden=None, edit=None) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    inventory = book.create_sheet("inventory")
    for pair in settings:
        inventory.append(list(pair))
    if notation:
        keys = book.create_sheet("notation_keys")
        for row in notation:
            keys.append(list(row))
    for name, state in (hidden or {}).items():
        book[name].sheet_state = state
    if edit:
        edit(book)
    book.save(path)


def rewrite_part(path: Path, name: str, transform, extra: dict[str, bytes] | None = None) -> None:
    """Replace one part of a workbook (and add parts), keeping the others."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts[name] = transform(parts[name])
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)


LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10)) + b"]>")
XXE = b'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'


def with_dtd(dtd: bytes, old: bytes, new: bytes):
    def transform(data: bytes) -> bytes:
        declaration = b""
        if data.startswith(b"<?xml"):
            end = data.index(b"?>") + 2
            declaration, data = data[:end], data[end:]
        assert old in data
        return declaration + dtd + data.replace(old, new, 1)
    return transform


def shared_strings_bomb(path: Path, dtd: bytes, reference: bytes) -> None:
    """A workbook whose activity cell B2 comes from sharedStrings.xml, whose string is an entity."""
    workbook(path, [H, GOOD_ROW])
    sst = (b'<?xml version="1.0" encoding="UTF-8"?>' + dtd +
           b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           b"<si><t>" + reference + b"</t></si></sst>")
    content_type = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" /></Types>')
    relation = (b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                b'sharedStrings" Target="sharedStrings.xml" Id="rIdSst" /></Relationships>')
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts["xl/sharedStrings.xml"] = sst
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", content_type)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", relation)
    sheet = parts["xl/worksheets/sheet1.xml"]
    start = sheet.index(b'<c r="B2"')
    end = sheet.index(b"</c>", start) + 4
    parts["xl/worksheets/sheet1.xml"] = sheet[:start] + b'<c r="B2" t="s"><v>0</v></c>' + sheet[end:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)


def percent_format(book) -> None:
    book["activity"]["C3"].number_format = "0%"


def formula_rows():
    return [H, GOOD_ROW, ("I.1.2", "electricity", "=100*10", "kWh")]


def make_workbooks() -> None:
    workbook(HERE / "merged_group_header.xlsx",
             [("Where", None, "Activity data", None), H, GOOD_ROW, ("I.1.2", "electricity", "abc", "kWh")],
             merge="C1:D1")
    workbook(HERE / "merged_two_row_header.xlsx",
             [("GPC", "Activity", "Activity data", None), (None, None, "quantity", "unit"), GOOD_ROW], merge="C1:D1")
    workbook(HERE / "notation_key_with_data.xlsx", [H, GOOD_ROW],
             notation=[("gpc_ref", "key", "explanation", "included_in"), ("I.1.1", "NO", "no gas in the city", None)])
    workbook(HERE / "ie_without_included_in.xlsx", [H, GOOD_ROW],
             notation=[("gpc_ref", "key", "explanation", "included_in"), ("I.7.1", "NO", "no coal mines", None),
                       ("I.2.1", "IE", "in the residential figures", None)])
    workbook(HERE / "bad_notation_key.xlsx", [H, GOOD_ROW],
             notation=[("gpc_ref", "key", "explanation", "included_in"), ("I.8.1", "XX", "what", None),
                       ("IV.1", "NE", None, None)])
    workbook(HERE / "formula_without_value.xlsx", formula_rows())
    workbook(HERE / "quantity_date.xlsx", [H, GOOD_ROW, ("I.1.2", "electricity", datetime.date(2023, 1, 5), "kWh")])
    workbook(HERE / "quantity_boolean.xlsx", [H, GOOD_ROW, ("I.1.2", "electricity", True, "kWh")])
    workbook(HERE / "quantity_percent_format.xlsx", [H, GOOD_ROW, ("I.1.2", "electricity", 0.12, "kWh")],
             edit=percent_format)
    workbook(HERE / "hidden_activity_sheet.xlsx", [H, GOOD_ROW, ("I.1.2", "electricity", "abc", "kWh")],
             hidden={"activity": "hidden"})
    workbook(HERE / "very_hidden_inventory_sheet.xlsx", [H, GOOD_ROW, ("I.1.2", "electricity", "abc", "kWh")],
             hidden={"inventory": "veryHidden"})
    workbook(HERE / "missing_activity_sheet.xlsx", [H, GOOD_ROW], title="Data")
    workbook(HERE / "empty_activity_sheet.xlsx", [])
    workbook(HERE / "header_only.xlsx", [H])
    workbook(HERE / "stray_cells.xlsx", [H, (*GOOD_ROW, None, "stray"), ("I.1.2", "electricity", "abc", "kWh")])
    # XML bombs: billion laughs in the sheet and in the shared strings; an external entity (XXE)
    path = HERE / "xml_bomb_sheet.xlsx"
    workbook(path, [H, GOOD_ROW])
    rewrite_part(path, "xl/worksheets/sheet1.xml", with_dtd(LAUGHS, b"<v>10</v>", b"<v>&lol9;</v>"))
    shared_strings_bomb(HERE / "xml_bomb_shared_strings.xlsx", LAUGHS, b"&lol9;")
    shared_strings_bomb(HERE / "external_entity.xlsx", XXE, b"&xxe;")
    # not workbooks at all
    (HERE / "csv_named_xlsx.xlsx").write_text(HEADER + GOOD, encoding="utf-8")
    rng = random.Random(6)
    (HERE / "random_binary.xlsx").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (HERE / "random_binary.csv").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (HERE / "ole_container_named_xlsx.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    make_encrypted(HERE / "password_protected.xlsx")


def make_encrypted(path: Path) -> None:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        print(f"msoffcrypto-tool not installed: keeping {path.name}")
        return
    plain = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.title = "activity"
    for row in (H, GOOD_ROW):
        book.active.append(list(row))
    book.save(plain)
    plain.seek(0)
    with path.open("wb") as out:
        OOXMLFile(plain).encrypt("secret", out)


def main() -> None:
    for name, text in TEXT.items():
        (HERE / name).write_bytes(text.encode("utf-8"))
    for name, data in ENCODED.items():
        (HERE / name).write_bytes(data)
    (HERE / "ghgcalc.toml").write_text('# Settings of every CSV file in this folder.\nyear = 2023\nregion = "CAMX"\n',
                                       encoding="utf-8")
    make_workbooks()


if __name__ == "__main__":
    main()
