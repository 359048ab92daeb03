#!/usr/bin/python3
"""Writes small registers the way other tools write .xlsx files, for the reader's tests.

    /usr/bin/python3 scripts/make-producer-fixtures.py [OUTPUT_DIR]   (default: test/fixtures/producers)

- openpyxl-registre-par-annee.xlsx: openpyxl (absolute relationship targets, rich text, a formula
  it cannot calculate, an error value, dates), one register sheet per year. openpyxl before 3.1
  cannot write rich text: that one string is then rewritten as runs in the file openpyxl saved.
- pandas-registre.xlsx: pandas DataFrame.to_excel (dates, booleans, NaN as blanks).
- libreoffice-registre.xlsx: LibreOffice (soffice --headless --convert-to xlsx) of a CSV file.

The values are those the tests expect (test/cli/producers.test.ts, test/system/producers.test.ts):
change them together.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

import zipfile

import openpyxl
import pandas as pd

try:  # openpyxl 3.1 and later write rich text themselves
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
except ImportError:
    CellRichText = None

HEADER = ["N° marché", "Objet", "Montant HT", "Date de notification", "Titulaire", "Clause d'insertion", "Procédure"]


def openpyxl_file(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Registre 2023"
    ws.append(["Registre des marchés 2023"])
    ws.append([])
    ws.append(HEADER)
    rich = CellRichText("Travaux ", TextBlock(InlineFont(b=True), "de voirie")) if CellRichText else "Travaux de voirie"
    ws.append(["2023-001", rich, 120000, datetime.date(2023, 3, 15), "BTP Martin", "oui", "MAPA"])
    # A formula openpyxl cannot calculate: saved without a value.
    ws.append(["2023-002", "Restauration scolaire", 45000.5, datetime.date(2023, 6, 1), "Durand SA", '=IF(C5>40000,"oui","non")', "Appel d'offres ouvert"])
    ws.append(["2023-003", "Fournitures de bureau", "#N/A", datetime.date(2023, 9, 30), "Papeterie Lenoir", "non", "MAPA"])
    for r in range(4, 7):
        ws.cell(row=r, column=4).number_format = "DD/MM/YYYY"
    ws2 = wb.create_sheet("Registre 2024")
    ws2.append(HEADER)
    ws2.append(["2024-001", "Entretien des espaces verts", 80000, datetime.date(2024, 2, 10), "Jardins & Cie", "oui", "MAPA"])
    # Same id and holder as a 2023 row: a duplicate. Same id, another holder: a co-holder.
    ws2.append(["2023-001", "Travaux de voirie (avenant)", 120000, datetime.date(2023, 3, 15), "BTP Martin", "oui", "MAPA"])
    ws2.append(["2023-002", "Restauration scolaire", 45000.5, datetime.date(2023, 6, 1), "Traiteur Dupont", "non", "Appel d'offres ouvert"])
    ws2.append(["2024-002", "Nettoyage des locaux", "12 500,00 €", datetime.date(2024, 11, 20), "Propreté 2000", "non", "MAPA"])
    for r in range(2, 6):
        ws2.cell(row=r, column=4).number_format = "DD/MM/YYYY"
    wb.save(path)
    if CellRichText is None:
        rich_text_by_hand(path, "Travaux de voirie", "<r><t xml:space=\"preserve\">Travaux </t></r><r><rPr><b/></rPr><t>de voirie</t></r>")


def rich_text_by_hand(path, text, runs):
    """Older openpyxl cannot write rich text: the shared string is rewritten as runs, as Excel writes them."""
    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                before = data
                data = data.replace(f"<si><t>{text}</t></si>".encode(), f"<si>{runs}</si>".encode())
                if data == before:
                    raise SystemExit(f"shared string not found: {text}")
            dst.writestr(item, data)
    os.replace(tmp, path)


def pandas_file(path):
    df = pd.DataFrame(
        {
            "N° marché": ["P1", "P2", "P3", "P4"],
            "Objet": ["Vêtements de travail", "Transport scolaire", "Mobilier", "Signalisation"],
            "Montant HT": [15000.0, 230000.0, float("nan"), 9800.25],
            "Date de notification": pd.to_datetime(["2025-01-15", "2025-02-28", "2025-03-31", None]),
            "Nombre d'offres": [3, 5, 1, 2],
            "Titulaire TPE/PME": [True, False, True, False],
            "Taux d'avance": [0.3, float("nan"), 0.05, 0.2],
        }
    )
    df.to_excel(path, sheet_name="Marchés 2025", index=False)


def libreoffice_file(path):
    work = tempfile.mkdtemp(prefix="spaser-lo-")
    try:
        src = os.path.join(work, "Registre LibreOffice.csv")
        with open(src, "w", encoding="utf-8") as f:
            f.write("N° marché;Objet;Montant HT;Date de notification;Récurrent\n")
            f.write("L1;Éclairage public;54000;2024-05-02;oui\n")
            f.write("L2;Chauffage des écoles;310000,5;2024-10-15;non\n")
            f.write("L3;Fleurissement;7200;2025-04-01;oui\n")
        # Filter options: separator ';' (59), quote '"' (34), UTF-8 (76), start at line 1, French locale.
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile", "--infilter=CSV:59,34,76,1,,1036", "--convert-to", "xlsx", "--outdir", work, src],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=180,
        )
        shutil.copyfile(os.path.join(work, "Registre LibreOffice.xlsx"), path)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "producers")
    os.makedirs(out, exist_ok=True)
    openpyxl_file(os.path.join(out, "openpyxl-registre-par-annee.xlsx"))
    pandas_file(os.path.join(out, "pandas-registre.xlsx"))
    libreoffice_file(os.path.join(out, "libreoffice-registre.xlsx"))


if __name__ == "__main__":
    main()
