"""National benchmark set, partnerships: 2 agreements and 20 assets a unit, monthly checks, split rules; invented."""

from __future__ import annotations

import numpy as np
import pandas as pd

from demo.common import round_to
from lapas_metrics import schema

AGREEMENTS_PER_UNIT = 2
ASSETS_PER_UNIT = 20


def national_partnership(seed: int, upt: pd.DataFrame, years: range, pnbp: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """kemitraan, laporan_mitra, aset, status_aset, aturan_premi for every unit of `upt`, and pnbp with each unit's
    December deposits named as its first agreement's contribution. Own generator: the other tables stay the same."""
    rng = np.random.default_rng(seed)
    kode = upt["kode_upt"].to_numpy()
    n_upt, first = len(kode), years[0]
    unit = np.repeat(kode, AGREEMENTS_PER_UNIT)
    number = np.char.add(np.char.add("PKS-", unit.astype(str)), np.tile(["/1", "/2"], n_upt))
    start_year = rng.integers(first - 3, years[-1], len(unit))
    start = pd.to_datetime(
        {"year": start_year, "month": rng.integers(1, 13, len(unit)), "day": rng.integers(1, 29, len(unit))}
    )
    skema = np.array(schema.SKEMA)[rng.integers(0, len(schema.SKEMA), len(unit))]
    kemitraan = pd.DataFrame(
        {
            "kode_upt": unit,
            "nomor_perjanjian": number,
            "skema": skema,
            "mitra": np.char.add("PT Mitra Contoh ", np.arange(len(unit)).astype(str)),
            "objek": "Mesin produksi",
            "tanggal_mulai": start.dt.strftime("%Y-%m-%d"),
            "jangka_tahun": rng.integers(3, 31, len(unit)),
            "nilai_investasi_rp": round_to(rng.uniform(1e8, 5e9, len(unit)), 1_000_000),
            "kontribusi_tetap_rp": round_to(rng.uniform(5e6, 6e7, len(unit)), 100_000),
            "bagi_hasil_persen": np.round(rng.uniform(0, 3, len(unit)), 1),
            "serah_terima": np.isin(skema, schema.SKEMA_SERAH_TERIMA),
        }
    )
    report_year = np.arange(first, years[-1] + 1)
    agreement, tahun = np.repeat(np.arange(len(unit)), len(report_year)), np.tile(report_year, len(unit))
    end_year = start_year + kemitraan["jangka_tahun"].to_numpy()
    inside = (tahun >= start_year[agreement]) & (tahun < end_year[agreement])
    agreement, tahun = agreement[inside], tahun[inside]
    laporan_mitra = pd.DataFrame(
        {
            "nomor_perjanjian": number[agreement],
            "tahun": tahun,
            "omzet_rp": round_to(rng.uniform(2e8, 4e9, len(tahun)), 1_000),
            "wbp_dipekerjakan": rng.integers(5, 120, len(tahun)),
            "upah_wbp_rp": round_to(rng.uniform(1e7, 4e8, len(tahun)), 1_000),
        }
    )
    aset, status_aset = _assets(rng, kode, years)
    aturan_premi = _rules(rng, kode, years)
    pnbp = pnbp.copy()
    december = (pnbp["tanggal_setor"].str[5:7] == "12").to_numpy(dtype=bool)
    pnbp["nomor_perjanjian"] = _first_agreement(pnbp["kode_upt"].to_numpy(str), december)
    return {
        "pnbp": pnbp,
        "kemitraan": kemitraan,
        "laporan_mitra": laporan_mitra,
        "aset": aset,
        "status_aset": status_aset,
        "aturan_premi": aturan_premi,
    }


def _assets(rng: np.random.Generator, kode: np.ndarray, years: range) -> tuple[pd.DataFrame, pd.DataFrame]:
    unit = np.repeat(kode, ASSETS_PER_UNIT)
    kode_aset = np.char.add(
        np.char.add(unit.astype(str), "-A"), np.tile(np.arange(ASSETS_PER_UNIT), len(kode)).astype(str)
    )
    aset = pd.DataFrame(
        {
            "kode_upt": unit,
            "kode_aset": kode_aset,
            "nama_aset": "Aset contoh",
            "kategori": np.array(schema.KATEGORI_ASET)[rng.integers(0, len(schema.KATEGORI_ASET), len(unit))],
            "tahun_perolehan": rng.integers(years[0] - 10, years[-1] + 1, len(unit)),
            "nilai_perolehan_rp": round_to(rng.uniform(1e7, 3e9, len(unit)), 1_000),
            "sumber_dana": np.array(schema.SUMBER_DANA)[rng.integers(0, len(schema.SUMBER_DANA), len(unit))],
            "nomor_perjanjian": _first_agreement(unit, rng.random(len(unit)) < 0.2),
        }
    )
    months = np.array([f"{y}-{m:02d}" for y in years for m in range(1, 13)])
    idle = rng.random(len(unit)) < 0.08  # about one asset in twelve stands idle the whole time
    dipakai = (rng.random((len(unit), len(months))) < 0.9) & ~idle[:, None]
    status_aset = pd.DataFrame(
        {
            "kode_aset": np.repeat(kode_aset, len(months)),
            "periode": np.tile(months, len(unit)),
            "kondisi": np.array(schema.KONDISI)[rng.choice(3, (len(unit), len(months)), p=[0.85, 0.1, 0.05]).ravel()],
            "dipakai": dipakai.ravel(),
        }
    )
    return aset, status_aset


def _rules(rng: np.random.Generator, kode: np.ndarray, years: range) -> pd.DataFrame:
    """A rule from the first January for every unit; a third of them change it in a July."""
    changed = np.flatnonzero(rng.random(len(kode)) < 1 / 3)
    unit = np.concatenate([kode, kode[changed]])
    berlaku = np.concatenate(
        [np.full(len(kode), f"{years[0]}-01"), [f"{y}-07" for y in rng.integers(years[0], years[-1] + 1, len(changed))]]
    )
    premi = np.round(rng.uniform(5, 40, len(unit)), 1)
    pnbp = np.round(rng.uniform(1, 10, len(unit)), 1)
    return pd.DataFrame(
        {
            "kode_upt": unit,
            "berlaku_mulai": berlaku,
            "premi_persen": premi,
            "pnbp_persen": pnbp,
            "modal_persen": np.round(100 - premi - pnbp, 1),
            "dasar_hukum": "Keputusan Kepala UPT (sintetis)",
        }
    )


def _first_agreement(units: np.ndarray, named: np.ndarray) -> np.ndarray:
    """The number of each unit's first agreement where `named`, else None (an object array)."""
    numbers = pd.Series(np.char.add(np.char.add("PKS-", units.astype(str)), "/1"), dtype=object)
    return numbers.where(named, None).to_numpy()
