"""Partnership tables at national scale for the benchmarks: 2 agreements and 20 assets per unit, monthly asset checks."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.national import NATIONAL_DIR, national_db
from lapas_metrics import metrics, store, upload
from lapas_metrics.metrics.partnership import tanggal_berakhir

PARTNERSHIP_DB = NATIONAL_DIR / "national_kemitraan.duckdb"
MAX_ROWS_PER_FILE = 700_000

SCHEMES = ("KSO", "BGS", "KSP", "BSG", "KPBU", "Lainnya")
CATEGORIES = ("Mesin dan peralatan", "Gedung dan bangunan", "Ternak", "Kendaraan", "Lainnya")
FUNDS = ("APBN", "APBN-P", "Hibah", "Mitra")


def partnership_rows(upt: pd.DataFrame, years: list[int], seed: int = 15) -> dict[str, pd.DataFrame]:
    """The five tables as DATA.md's rows for every unit of `upt` over `years`, and the partners' deposits
    (setoran_mitra: pnbp rows naming an agreement), all synthetic."""
    rng = np.random.default_rng(seed)
    codes = upt["kode_upt"].astype(str).to_numpy()
    first, last = min(years), max(years)
    agreements = pd.DataFrame(
        {
            "kode_upt": np.repeat(codes, 2),
            "nomor_perjanjian": [f"PKS-{kode}-{n}" for kode in codes for n in (1, 2)],
            "skema": rng.choice(SCHEMES, 2 * len(codes)),
            "mitra": "PT Mitra Sintetis",
            "objek": "Bengkel kerja",
            "tanggal_mulai": pd.to_datetime(
                [f"{rng.integers(first - 10, last)}-{rng.integers(1, 13):02d}-15" for _ in range(2 * len(codes))]
            ),
            "jangka_tahun": rng.integers(5, 26, 2 * len(codes)),
            "kontribusi_tetap_rp": rng.integers(1, 50, 2 * len(codes)) * 10_000_000.0,
            "bagi_hasil_persen": rng.choice([0.0, 2.5, 5.0], 2 * len(codes)),
            "serah_terima": pd.array([None] * (2 * len(codes)), dtype="boolean"),
        }
    )
    ends = tanggal_berakhir(agreements["tanggal_mulai"], agreements["jangka_tahun"])
    terms = agreements.assign(_mulai=agreements["tanggal_mulai"].dt.year, _akhir=ends)
    reports = terms.merge(pd.DataFrame({"tahun": years}), how="cross")
    in_term = (reports["tahun"] >= reports["_mulai"]) & (
        pd.to_datetime(reports["tahun"].astype(str) + "-01-01") < reports["_akhir"]
    )
    reports = reports[in_term][["nomor_perjanjian", "tahun"]].reset_index(drop=True)
    reports["omzet_rp"] = rng.integers(1, 100, len(reports)) * 50_000_000.0
    reports["wbp_dipekerjakan"] = rng.integers(0, 80, len(reports))
    assets = pd.DataFrame(
        {
            "kode_upt": np.repeat(codes, 20),
            "kode_aset": [f"BMN-{kode}-{n:02d}" for kode in codes for n in range(20)],
            "nama_aset": "Mesin",
            "kategori": rng.choice(CATEGORIES, 20 * len(codes)),
            "tahun_perolehan": rng.integers(first - 5, last + 1, 20 * len(codes)),
            "nilai_perolehan_rp": rng.integers(1, 200, 20 * len(codes)) * 10_000_000.0,
            "sumber_dana": rng.choice(FUNDS, 20 * len(codes)),
        }
    )
    months = pd.date_range(f"{first}-01-01", f"{last}-12-01", freq="MS")
    checks = pd.DataFrame(
        {
            "kode_aset": np.repeat(assets["kode_aset"].to_numpy(), len(months)),
            "periode": np.tile(months.to_numpy(), len(assets)),
            "kondisi": "baik",
            "dipakai": rng.random(len(assets) * len(months)) > 0.15,
        }
    )
    rules = pd.DataFrame(
        {
            "kode_upt": np.repeat(codes, 2),
            "berlaku_mulai": np.tile(pd.to_datetime([f"{first}-01-01", f"{(first + last) // 2}-07-01"]), len(codes)),
            "premi_persen": np.tile([50.0, 40.0], len(codes)),
            "pnbp_persen": np.tile([30.0, 40.0], len(codes)),
            "modal_persen": 20.0,
        }
    )
    deposits = agreements[["kode_upt", "nomor_perjanjian"]].merge(pd.DataFrame({"tahun": years}), how="cross")
    deposits = deposits.assign(
        tanggal_setor=pd.to_datetime(deposits["tahun"].astype(str) + "-12-15"),
        ntpn=[f"KM{n:014d}" for n in range(len(deposits))],
        jumlah_rp=rng.integers(1, 50, len(deposits)) * 10_000_000.0,
        uraian="Kontribusi mitra",
    ).drop(columns="tahun")
    return {
        "kemitraan": agreements,
        "laporan_mitra": reports,
        "aset": assets,
        "status_aset": checks,
        "aturan_premi": rules,
        "setoran_mitra": deposits,
    }


def _csv(frame: pd.DataFrame) -> bytes:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        elif out[column].dtype == bool:
            out[column] = out[column].map({True: "ya", False: "tidak"})
    return out.to_csv(index=False).encode()


def partnership_db(path: Path = PARTNERSHIP_DB) -> Path:
    """The national database with the five partnership tables and the partners' deposits imported through
    the importer, built once from a copy of national_db(); later calls reuse the file."""
    if path.exists():
        return path
    started = time.perf_counter()
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    shutil.copyfile(national_db(), building)
    store.migrate(building)
    base = metrics.MetricInputs(**store.metric_frames(building))
    rows = partnership_rows(base.upt, metrics.available_years(base))
    os.environ.setdefault("LAPAS_MAX_UPLOAD_MB", "500")
    for name in (*metrics.PARTNERSHIP_TABLES, "pnbp"):
        frame = rows["setoran_mitra"] if name == "pnbp" else rows[name]
        for part, start in enumerate(range(0, len(frame), MAX_ROWS_PER_FILE)):  # the importer's limit per file
            chunk = frame.iloc[start : start + MAX_ROWS_PER_FILE]
            result, batch = upload.import_file(building, name, _csv(chunk), f"{name}_{part + 1}.csv")
            if batch is None:
                raise SystemExit(f"partnership {name} rejected: {[p.pesan for p in result.problems[:3]]}")
    building.rename(path)
    print(f"built {path} in {time.perf_counter() - started:.1f} s", flush=True)
    return path
