"""The Jawa Barat demo set: the 33 UPTs 2016–2025 as one frame per table, and the committed data/demo CSVs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from demo.budget import budget_frames
from demo.catalogue import KANWIL, KODE_UPT, MISSING_MONTHS, MISSING_UNIT, REFERENCE_CSV, SYNTHETIC_KAPASITAS
from demo.common import write_csv
from demo.partnership import partnership_frames
from demo.population import occupancy, partisipasi_frame
from demo.production import pnbp_frame, produksi_frame, target_pnbp_frame
from lapas_metrics import schema


def read_reference(path: Path = REFERENCE_CSV) -> pd.DataFrame:
    """The reference facts of the 33 UPTs of Jawa Barat, as in data/reference/upt_jawa_barat.csv."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _upt_frame(reference: pd.DataFrame) -> pd.DataFrame:
    kode = reference["nama_upt"].map(KODE_UPT)
    if kode.isna().any():
        raise ValueError(f"UPT tanpa kode: {list(reference.loc[kode.isna(), 'nama_upt'])}")
    known = pd.to_numeric(reference["kapasitas"], errors="coerce")
    synthetic = kode.map(SYNTHETIC_KAPASITAS)
    kapasitas = known.fillna(synthetic)
    if kapasitas.isna().any():
        raise ValueError("kapasitas tidak lengkap")
    industri = reference["lapas_industri_2017"].str.lower().eq("ya")
    return pd.DataFrame(
        {
            "kode_upt": kode.astype(str),
            "nama_upt": reference["nama_upt"],
            "jenis": reference["jenis"],
            "kelas": reference["kelas"],
            "kanwil": KANWIL,
            "kabupaten_kota": reference["kabupaten_kota"],
            "kapasitas": kapasitas.astype(np.int64),
            "lapas_industri": industri.astype(bool),
            "komoditas_utama": reference["komoditas_2017"].where(industri, None),
            # Coordinates are left empty: the reference has no sourced positions.
            "lat": np.nan,
            "lon": np.nan,
        }
    )


def _sorted(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    key = list(schema.TABLES[table].key)
    if table == "pnbp":
        key = ["kode_upt", "tanggal_setor", "ntpn"]
    return frame.sort_values(key, kind="stable").reset_index(drop=True)[schema.TABLES[table].column_names]


def generate_demo(seed: int = 2017) -> dict[str, pd.DataFrame]:
    """Demo frames for the 33 UPTs of Jawa Barat, Jan 2016–Dec 2025, one per table of DATA.md.

    Keys: the tables of schema.TABLES (the seven, then the five of the partnerships); columns in
    DATA.md order. `periode` and `tanggal_setor` are datetime64 (first of the month for a
    periode), `jenis_belanja` is "51"/"52"/"53", money and counts are int64, optional
    values left empty are <NA> (nullable Int64) or None. Same seed, same frames.
    """
    rng = np.random.default_rng(seed)
    upt = _upt_frame(read_reference())
    penghuni = occupancy(rng, upt)
    partisipasi = partisipasi_frame(rng, upt, penghuni)
    produksi = produksi_frame(rng, upt)
    pnbp = pnbp_frame(rng, produksi)
    target_pnbp = target_pnbp_frame(rng, pnbp)
    anggaran, realisasi = budget_frames(rng, upt, penghuni)

    # Story (c): Sukabumi sent no reports for five months (treasury deposits still exist).
    gap = pd.to_datetime([f"{p}-01" for p in MISSING_MONTHS])
    partisipasi = partisipasi[~((partisipasi["kode_upt"] == MISSING_UNIT) & partisipasi["periode"].isin(gap))]
    realisasi = realisasi[~((realisasi["kode_upt"] == MISSING_UNIT) & realisasi["periode"].isin(gap))]
    produksi = produksi[~((produksi["kode_upt"] == MISSING_UNIT) & produksi["periode"].isin(gap))]

    frames = {
        "upt": upt,
        "produksi": produksi,
        "partisipasi": partisipasi,
        "pnbp": pnbp,
        "target_pnbp": target_pnbp,
        "anggaran": anggaran,
        "realisasi": realisasi,
    }
    # Stories (g)-(j) draw no random number: the seven tables keep the figures they had before them.
    frames |= partnership_frames(produksi, partisipasi, pnbp)
    return {name: _sorted(frames[name], name) for name in schema.TABLES}


def write_demo_csv(directory: Path, seed: int = 2017) -> dict[str, Path]:
    """Write `<table>.csv` for each table of generate_demo(seed) into `directory`; returns the paths."""
    directory = Path(directory)
    frames = generate_demo(seed)
    return {name: write_csv(frame, name, directory / f"{name}.csv") for name, frame in frames.items()}
