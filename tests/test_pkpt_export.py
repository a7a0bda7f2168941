"""The PKPT as Excel: rank, quarter and reason first, then the parts and points, for who may export."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from lapas_metrics import auth
from lapas_metrics.evaluation import pkpt
from lapas_metrics.export import PaperInfo, plan_bytes

INFO = PaperInfo("Usulan PKPT 2027", "Semua UPT", "Posisi 1 Desember 2026", "1 Desember 2026", "0" * 64)


def plan() -> pd.DataFrame:
    parts = pd.DataFrame(
        {
            "kode_upt": ["LP-A", "LP-B"],
            "nama_upt": ["=Lapas A", "Lapas B"],
            "kanwil": "Jawa Barat",
            "skor_risiko": [50.0, np.nan],
            "rekomendasi_terbuka": [2, 0],
            "rekomendasi_lewat_batas": [1, 0],
            "nilai_temuan_terbuka_rp": [1_000_000.0, 0.0],
            "tahun_sejak_evaluasi": [np.nan, 2.0],
            "tahun_risiko": [2025, 2025],
            "tahun_evaluasi_terakhir": [np.nan, 2025],
        }
    )
    return pkpt.rank_units(parts)


def test_the_plan_sheet_reads_rank_quarter_and_reason_first() -> None:
    data = plan_bytes(plan(), INFO, auth.SYSTEM_ACTOR, pkpt.DEFAULT_WEIGHTS)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["PKPT"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Usulan PKPT 2027: Semua UPT"
    assert "Bobot: skor risiko 40, rekomendasi terbuka 15" in rows[1][0]
    names = list(rows[4])
    assert names[:6] == ["peringkat", "kode_upt", "nama_upt", "kanwil", "triwulan_usulan", "alasan"]
    first = dict(zip(names, rows[5], strict=True))
    assert first["kode_upt"] == "LP-A" and first["nama_upt"] == "'=Lapas A"  # never a formula
    assert first["triwulan_usulan"] == "Triwulan I" and first["alasan"].startswith("Skor risiko 50,0")
    assert first["tahun_sejak_evaluasi"] is None and first["rekomendasi_terbuka"] == 2
    second = dict(zip(names, rows[6], strict=True))
    assert second["skor_risiko"] is None and second["tahun_evaluasi_terakhir"] == 2025
    assert len(rows) == 7


@pytest.mark.parametrize("peran", ["pimpinan", "operator"])
def test_only_who_may_export_gets_the_plan(peran: str) -> None:
    with pytest.raises(auth.Forbidden):
        plan_bytes(plan(), INFO, auth.Actor("x", "X", peran, ("LP-A",)), pkpt.DEFAULT_WEIGHTS)
