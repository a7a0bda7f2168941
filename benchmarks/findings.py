"""A national database with findings (530 units × 20 findings × 3 recommendations) and their follow-up, by bulk inserts."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.national import NATIONAL_DIR, national_db
from lapas_metrics import clock, evaluation, store

FINDINGS_DB = NATIONAL_DIR / "temuan.duckdb"
PER_UNIT, PER_FINDING = 20, 3
# The statuses' shares among the recommendations (TL_STATUSES order: belum, belum sesuai, sesuai, tidak dapat).
STATUS_SHARES = (0.30, 0.20, 0.40, 0.10)
FIRST_DAY, DAYS = dt.date(2022, 1, 3), 4 * 365


def findings_db(path: Path = FINDINGS_DB, source: Path | None = None) -> Path:
    """Build once (later calls reuse the file): a copy of `source` (None = benchmarks.national.national_db())
    with PER_UNIT findings per unit of its upt list and PER_FINDING recommendations each: found on working days
    of 2022–2025, deadlines 30–360 days later, about a third with no amount, one in fifty withdrawn, one in ten
    recommendations with another unit responsible; statuses in STATUS_SHARES with their judgements, an action
    plan for every recommendation acted on and a report of what was done for the judged ones."""
    if path.exists():
        return path
    started = time.perf_counter()
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    shutil.copy(source or national_db(), building)
    store.migrate(building)
    codes = sorted(store.metric_frames(building)["upt"]["kode_upt"])
    with store.writing(building) as con:
        for table, frame in finding_frames(codes).items():
            con.register("rows", frame)
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM rows")
            con.unregister("rows")
    building.rename(path)
    print(f"built {path} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def finding_frames(codes: list[str], seed: int = 14) -> dict[str, pd.DataFrame]:
    """The rows of temuan, rekomendasi, penilaian_tindak_lanjut, tindak_lanjut and temuan_riwayat for `codes`."""
    rng = np.random.default_rng(seed)
    now = clock.utc_now()
    temuan = _temuan(codes, rng, now)
    rekomendasi = _rekomendasi(temuan, codes, rng, now)
    penilaian, tindak_lanjut = _follow_up(rekomendasi, now)
    ditarik = temuan[temuan["status"] == evaluation.DITARIK]
    riwayat = pd.DataFrame(
        {
            "urutan": np.arange(1, len(ditarik) + 1),
            "temuan_id": ditarik["temuan_id"].to_numpy(),
            "field": "status",
            "nilai_lama": evaluation.AKTIF,
            "nilai_baru": evaluation.DITARIK,
            "alasan": ditarik["alasan_ditarik"].to_numpy(),
            "pengguna": "auditor",
            "waktu": now,
        }
    )
    return {
        "temuan": temuan,
        "rekomendasi": rekomendasi,
        "penilaian_tindak_lanjut": penilaian,
        "tindak_lanjut": tindak_lanjut,
        "temuan_riwayat": riwayat,
    }


def _temuan(codes: list[str], rng: np.random.Generator, now: dt.datetime) -> pd.DataFrame:
    count = len(codes) * PER_UNIT
    units = np.repeat(codes, PER_UNIT)
    number = np.tile(np.arange(1, PER_UNIT + 1), len(codes))
    found = pd.to_datetime(FIRST_DAY) + pd.to_timedelta(rng.integers(0, DAYS, count), unit="D")
    amounts = np.round(rng.lognormal(17, 1.2, count), -3)
    withdrawn = rng.random(count) < 0.02
    sumber = rng.choice(np.array([evaluation.MANUAL, evaluation.IMPOR, evaluation.BENDERA]), count)
    flagged = sumber == evaluation.BENDERA
    return pd.DataFrame(
        {
            "temuan_id": np.arange(1, count + 1),
            "nomor_temuan": [f"T-{day.year}-{code}-{n:02d}" for day, code, n in zip(found, units, number, strict=True)],
            "kode_upt": units,
            "judul": [f"Temuan {n} atas pengelolaan PNBP dan aset" for n in number],
            "kondisi": "Penyetoran PNBP hasil kegiatan industri melewati batas waktu.",
            "kriteria": "PMK tentang tata cara penyetoran PNBP.",
            "sebab": "Bendahara penerimaan belum memahami ketentuan.",
            "akibat": "PNBP terlambat diterima kas negara.",
            "nilai_temuan_rp": np.where(rng.random(count) < 0.35, np.nan, amounts),
            "tanggal_temuan": found.date,
            "sumber": sumber,
            "flag": np.where(flagged, "pnbp_di_bawah_target", None),
            "tahun_flag": pd.Series(np.where(flagged, 2023, 0), dtype="Int32").where(flagged).to_numpy(),
            "status": np.where(withdrawn, evaluation.DITARIK, evaluation.AKTIF),
            "alasan_ditarik": np.where(withdrawn, "Temuan ganda", None),
            "ditarik_oleh": np.where(withdrawn, "auditor", None),
            "waktu_ditarik": pd.Series(np.where(withdrawn, now, pd.NaT)).astype("datetime64[us]"),
            "dibuat_oleh": "auditor",
            "waktu_dibuat": now,
        }
    )


def _rekomendasi(temuan: pd.DataFrame, codes: list[str], rng: np.random.Generator, now: dt.datetime) -> pd.DataFrame:
    count = len(temuan) * PER_FINDING
    found = np.repeat(pd.to_datetime(temuan["tanggal_temuan"]).to_numpy(), PER_FINDING)
    own = np.repeat(temuan["kode_upt"].to_numpy(), PER_FINDING)
    other = np.asarray(codes, dtype=object)[rng.integers(0, len(codes), count)]
    return pd.DataFrame(
        {
            "rekomendasi_id": np.arange(1, count + 1),
            "temuan_id": np.repeat(temuan["temuan_id"].to_numpy(), PER_FINDING),
            "nomor_rekomendasi": np.tile(np.arange(1, PER_FINDING + 1), len(temuan)).astype(str),
            "rekomendasi": "Memerintahkan bendahara menyetor PNBP tepat waktu.",
            "penanggung_jawab": np.where(rng.random(count) < 0.1, other, own),
            "batas_waktu": (pd.to_datetime(found) + pd.to_timedelta(rng.integers(30, 361, count), unit="D")).date,
            "status": rng.choice(np.array(evaluation.TL_STATUSES), count, p=STATUS_SHARES),
            "dibuat_oleh": "auditor",
            "waktu_dibuat": now,
        }
    )


def _follow_up(rekomendasi: pd.DataFrame, now: dt.datetime) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first judgement of every recommendation and the move to its status; the unit's plan for every one
    acted on (and a third of the others), what it did for the judged ones."""
    ids, statuses = rekomendasi["rekomendasi_id"].to_numpy(), rekomendasi["status"].to_numpy()
    moved = statuses != evaluation.TL_START
    first = pd.DataFrame(
        {"rekomendasi_id": ids, "status_lama": None, "status_baru": evaluation.TL_START, "catatan": None}
    )
    then = pd.DataFrame(
        {
            "rekomendasi_id": ids[moved],
            "status_lama": evaluation.TL_START,
            "status_baru": statuses[moved],
            "catatan": "Dinilai dari bukti yang disampaikan.",
        }
    )
    penilaian = pd.concat([first, then], ignore_index=True).assign(pengguna="auditor", waktu=now)
    penilaian.insert(0, "urutan", np.arange(1, len(penilaian) + 1))
    planned = moved | (ids % 3 == 0)
    deadline = pd.to_datetime(rekomendasi["batas_waktu"]).to_numpy()
    plans = pd.DataFrame(
        {
            "rekomendasi_id": ids[planned],
            "jenis": evaluation.RENCANA,
            "uraian": "Menyusun jadwal penyetoran dan menegur bendahara.",
            "tanggal": (pd.to_datetime(deadline[planned]) - pd.Timedelta(days=14)).date,
        }
    )
    done = pd.DataFrame(
        {
            "rekomendasi_id": ids[moved],
            "jenis": evaluation.PELAKSANAAN,
            "uraian": "PNBP telah disetor; bukti setor terlampir.",
            "tanggal": (pd.to_datetime(deadline[moved]) - pd.Timedelta(days=7)).date,
        }
    )
    tindak_lanjut = pd.concat([plans, done], ignore_index=True).assign(pengguna="operator", waktu=now)
    tindak_lanjut.insert(0, "tindak_lanjut_id", np.arange(1, len(tindak_lanjut) + 1))
    return penilaian, tindak_lanjut


if __name__ == "__main__":
    findings_db()
