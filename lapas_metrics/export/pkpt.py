"""The proposed annual plan (PKPT) as Excel: each unit's rank, proposed quarter and reason, then the parts and points behind it."""

from __future__ import annotations

import pandas as pd

from lapas_metrics import auth
from lapas_metrics.evaluation import pkpt
from lapas_metrics.export.findings_matrix import row_heights
from lapas_metrics.export.sheet import COUNT, DECIMAL, RUPIAH, YEAR, Book, Column, PaperInfo, neutralise

TITLE = "Usulan Program Kerja Pengawasan Tahunan (PKPT)"
COLUMNS = (
    Column("peringkat", "Peringkat", COUNT),
    Column("kode_upt", "Kode UPT"),
    Column("nama_upt", "Nama UPT", wrap=True),
    Column("kanwil", "Kanwil"),
    Column("triwulan_usulan", "Triwulan usulan"),
    Column("alasan", "Alasan", wrap=True),
    Column("skor_pkpt", "Skor PKPT", DECIMAL),
    Column("skor_risiko", "Skor risiko", DECIMAL),
    Column("tahun_risiko", "Tahun risiko", YEAR),
    Column("rekomendasi_terbuka", "Rekomendasi terbuka", COUNT),
    Column("rekomendasi_lewat_batas", "Lewat batas waktu", COUNT),
    Column("nilai_temuan_terbuka_rp", "Nilai temuan terbuka (Rp)", RUPIAH),
    Column("tahun_sejak_evaluasi", "Tahun sejak evaluasi final", COUNT),
    Column("tahun_evaluasi_terakhir", "Evaluasi final terakhir (TA)", YEAR),
    *(Column(f"poin_{part}", f"Poin {pkpt.PART_LABELS[part].lower()}", DECIMAL) for part in pkpt.PARTS),
)
WIDTHS = {"nama_upt": 26, "alasan": 60, "kanwil": 16}
HEADER_ROW = 3


def plan_bytes(plan: pd.DataFrame, info: PaperInfo, actor: auth.Actor, weights: dict[str, float]) -> bytes:
    """The plan workbook (.xlsx), one sheet "PKPT": the title and the weights used, the two header rows (label,
    then the column name of the CSV), one row per unit of `plan` (audit.pkpt_plan, best first); an empty
    tahun_sejak_evaluasi means never evaluated. Printed A4 landscape one page wide with the header rows on
    every page. auth.Forbidden unless `actor` may export (ekspor)."""
    auth.require(actor, "ekspor")
    book = Book({"title": info.title, "subject": TITLE, "author": "Dasbor Lapas Industri"})
    sheet = book.sheet("PKPT")
    sheet.write(0, 0, f"{info.title}: {info.unit}", None, "title")
    shares = ", ".join(f"{pkpt.PART_LABELS[part].lower()} {weights.get(part, 0):g}" for part in pkpt.PARTS)
    sheet.sheet.write_string(1, 0, neutralise(f"{info.period} · Diekspor {info.exported} · Bobot: {shares}"))
    shown = plan.reindex(columns=[column.name for column in COLUMNS]).astype(object)
    shown = shown.where(shown.notna(), None)
    sheet.table(shown, COLUMNS, first_row=HEADER_ROW, freeze_cols=2)
    sheet.fit()
    for index, column in enumerate(COLUMNS):
        if column.name in WIDTHS:
            sheet.sheet.set_column(index, index, WIDTHS[column.name])
    for offset, height in enumerate(row_heights(shown, COLUMNS, WIDTHS)):
        sheet.sheet.set_row(HEADER_ROW + 2 + offset, height)
    sheet.print_as(info, repeat=(HEADER_ROW, HEADER_ROW + 1))
    return book.close()
