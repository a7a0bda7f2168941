"""A database of evaluations at national scale (530 units × 3 fiscal years, every item answered), filled by bulk inserts."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import numpy as np
import pandas as pd

from lapas_metrics import clock, config, evaluation, store

EVALUATIONS_DB = config.DATA_DIR / "national" / "evaluasi.duckdb"
UNITS, YEARS = 530, (2022, 2023, 2024)
TEAM = (("ketua", "ketua_tim"), ("anggota", "anggota"), ("dalnis", "pengendali_teknis"), ("dalmutu", "pengendali_mutu"))


def evaluations_db(path: Path = EVALUATIONS_DB, units: int = UNITS, years: tuple[int, ...] = YEARS) -> Path:
    """Build the database once (later calls reuse the file): `units` units, one evaluation per unit and
    year with every item of the default instrument answered (levels 0..4, one in twenty tidak_berlaku,
    one in forty unanswered); the last year in draf, the others final."""
    if path.exists():
        return path
    started = time.perf_counter()
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    store.migrate(building)
    frames = _frames(units, years)
    with store.writing(building) as con:
        for table, frame in frames.items():
            con.register("rows", frame)
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM rows")
            con.unregister("rows")
    building.rename(path)
    print(f"built {path} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def _frames(units: int, years: tuple[int, ...]) -> dict[str, pd.DataFrame]:
    now = clock.utc_now()
    codes = [f"LP-{number:04d}" for number in range(1, units + 1)]
    upt = pd.DataFrame({"kode_upt": codes, "nama_upt": [f"Lapas {code}" for code in codes], "batch_id": 1})
    unggahan = pd.DataFrame(
        {"batch_id": [1], "tabel": ["upt"], "sha256": ["0" * 64], "waktu": [now], "status": ["aktif"]}
    )
    return {"unggahan": unggahan, "upt": upt, **evaluation_frames(codes, years)}


def evaluation_frames(codes: list[str], years: tuple[int, ...]) -> dict[str, pd.DataFrame]:
    """The rows of evaluasi, tim_evaluasi and jawaban for these units and years (see evaluations_db)."""
    now = clock.utc_now()
    pairs = [(code, year) for code in codes for year in years]
    ids = np.arange(1, len(pairs) + 1)
    evaluasi = pd.DataFrame(
        {
            "evaluasi_id": ids,
            "kode_upt": [code for code, _ in pairs],
            "periode_mulai": [dt.date(year, 1, 1) for _, year in pairs],
            "periode_selesai": [dt.date(year, 12, 31) for _, year in pairs],
            "periode": [f"TA {year}" for _, year in pairs],
            "versi_instrumen": evaluation.default_instrument().versi,
            "status": ["draf" if year == years[-1] else "final" for _, year in pairs],
            "versi_evaluasi": 1,
            "dibuat_oleh": "ketua",
            "waktu_dibuat": now,
        }
    )
    tim = pd.DataFrame(
        [(evaluasi_id, user, user, role) for evaluasi_id in ids for user, role in TEAM],
        columns=["evaluasi_id", "pengguna", "nama", "peran_tim"],
    )
    kodes = [item.kode for item in evaluation.default_instrument().items]
    rng = np.random.default_rng(13)
    levels = rng.integers(0, 5, size=len(ids) * len(kodes)).astype(str).astype(object)
    draw = rng.random(len(levels))
    levels[draw < 0.05] = evaluation.TIDAK_BERLAKU
    levels[draw > 0.975] = None
    jawaban = pd.DataFrame(
        {
            "evaluasi_id": np.repeat(ids, len(kodes)),
            "kode": kodes * len(ids),
            "tingkat": levels,
            "catatan": "",
            "diubah_oleh": "anggota",
            "waktu": now,
        }
    )
    return {"evaluasi": evaluasi, "tim_evaluasi": tim, "jawaban": jawaban}
