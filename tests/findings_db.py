"""A small database for the findings tests: four units, findings with known statuses, two final evaluations.

By hand, on 1 December 2026 (AS_OF):
  LP-A (Jawa Barat): T-A1 (Rp 1.000.000) rec 1 belum_ditindaklanjuti due 2026-06-30 (overdue), rec 2 sesuai;
        T-A2 (no amount) rec 1 belum_sesuai due 2027-03-31. Final evaluation TA 2025.
  LP-B (Jawa Barat): T-B1 (Rp 4.000.000) rec 1 belum_ditindaklanjuti due 2026-11-30 (overdue). Never evaluated.
  LP-C (Jawa Barat): T-C1 (Rp 500.000) rec 1 tidak_dapat_ditindaklanjuti. Final evaluation TA 2024.
  LP-D (Banten): nothing; a draf evaluation TA 2025 only (never evaluated as final).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lapas_metrics import auth, store, upload

AS_OF = dt.date(2026, 12, 1)
UNITS_CSV = (
    "kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri,komoditas_utama,lat,lon\n"
    "LP-A,Lapas A,Lapas,I,Jawa Barat,Kota Bandung,500,ya,Percetakan,-6.9,107.6\n"
    "LP-B,Lapas B,Lapas,IIA,Jawa Barat,Kota Bogor,400,tidak,,-6.6,106.8\n"
    "LP-C,Lapas C,Lapas,IIA,Jawa Barat,Kota Cirebon,300,ya,Tekstil,-6.7,108.5\n"
    "LP-D,Lapas D,Lapas,IIB,Banten,Kota Serang,200,tidak,,-6.1,106.1\n"
)
HEADER = "nomor_temuan,judul,kondisi,kriteria,sebab,akibat,nilai_temuan_rp,nomor_rekomendasi,rekomendasi,kode_upt,batas_waktu,status,tanggal_temuan"
MATRIX_ROWS = (
    "T-A1,PNBP terlambat,PNBP disetor terlambat,PMK,Lalai,Kas kurang,1000000,1,Setor PNBP,LP-A,2026-06-30,,2026-01-15",
    "T-A1,PNBP terlambat,PNBP disetor terlambat,PMK,Lalai,Kas kurang,1000000,2,Tegur bendahara,LP-A,2026-01-31,Sesuai,2026-01-15",
    "T-A2,,Aset belum dicatat,SAK,,,,1,Catat BMN,LP-A,2027-03-31,Belum sesuai,2026-02-01",
    "T-B1,,Premi tidak dibayar,Permenkumham 53/2016,,,4000000,1,Bayar premi,LP-B,2026-11-30,,2026-03-01",
    "T-C1,,Mesin rusak,SOP,,,500000,1,Perbaiki mesin,LP-C,2026-05-31,tidak_dapat_ditindaklanjuti,2026-03-01",
)
MATRIX_CSV = (HEADER + "\n" + "\n".join(MATRIX_ROWS) + "\n").encode()
TEAM = {"ani": "ketua_tim", "citra": "pengendali_teknis", "dedi": "pengendali_mutu"}


def units_db(path: Path) -> Path:
    """An empty database with the four units only."""
    upload.init_db(path)
    result, batch = upload.import_file(path, "upt", UNITS_CSV.encode(), "upt.csv")
    assert batch is not None, result.problems
    return path


def evaluate(path: Path, kode_upt: str, tahun: int, final: bool = True) -> int:
    """An evaluation of the unit for TA `tahun`, reviewed and signed off unless final is False."""
    evaluasi_id = store.start_evaluation(path, kode_upt, tahun, TEAM, auth.SYSTEM_ACTOR)
    if final:
        store.transition(path, evaluasi_id, "direviu", auth.Actor("citra", "Citra", "auditor"))
        store.transition(path, evaluasi_id, "final", auth.Actor("dedi", "Dedi", "auditor"))
    return evaluasi_id


def evaluations(path: Path) -> None:
    evaluate(path, "LP-A", 2025)
    evaluate(path, "LP-C", 2024)
    evaluate(path, "LP-D", 2025, final=False)
