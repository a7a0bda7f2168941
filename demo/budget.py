"""Jawa Barat demo, money spent: DIPA allocations (pagu, APBN-P, blokir), the monthly plan (RPD) and realisation.

The steps draw from one random generator in a fixed order: reordering them changes every figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from demo.catalogue import (
    APBNP_2016_TAMBAHAN,
    APBNP_PROFILE,
    GAJI13_MONTH,
    LOW_ABSORPTION,
    SPIKE_UNIT_YEARS,
    THR_MONTH,
)
from demo.common import (
    BARANG_PROFILE,
    FIRST_YEAR,
    JENIS_BELANJA,
    MODAL_PROFILE,
    N_MONTHS,
    YEARS,
    periode_index,
    round_to,
)


def budget_frames(
    rng: np.random.Generator, upt: pd.DataFrame, penghuni: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """anggaran (unit × year × jenis) and realisasi (unit × month × jenis) with RPD."""
    index = {k: i for i, k in enumerate(upt["kode_upt"])}
    pagu_awal = _pagu_awal(rng, upt, penghuni, index)
    pagu_apbnp, blokir = _revisions(rng, pagu_awal, index)
    effective = np.where(pagu_apbnp >= 0, pagu_apbnp, pagu_awal) - blokir
    rpd = _rpd(effective, index)
    realisasi = _realisasi(rng, rpd, effective, index)
    return _frames(upt["kode_upt"].to_numpy(), pagu_awal, pagu_apbnp, blokir, rpd, realisasi)


def _pagu_awal(rng: np.random.Generator, upt: pd.DataFrame, penghuni: np.ndarray, index: dict[str, int]) -> np.ndarray:
    """The initial allocation, shape (unit, year, jenis 51/52/53), rounded to Rp1,000."""
    n_units, n_years = len(upt), len(YEARS)
    jenis = upt["jenis"].to_numpy()
    kapasitas = upt["kapasitas"].to_numpy(float)
    industri = upt["lapas_industri"].to_numpy()
    years = np.array(YEARS)
    mean_penghuni = penghuni.reshape(n_units, n_years, 12).mean(axis=2)

    # Belanja pegawai: staff grow with capacity and with the crowd they guard; pay rises 3 % a year plus the general
    # raises of 5 % in 2019 (PP 15/2019) and 8 % in 2024 (PP 5/2024). Synthetic levels.
    staff = 35 + 0.05 * kapasitas + 0.07 * mean_penghuni.mean(axis=1) + np.where(jenis == "Rutan", 10, 0)
    per_staff = (
        95_000_000 * 1.03 ** (years - 2016) * np.where(years >= 2019, 1.05, 1) * np.where(years >= 2024, 1.08, 1)
    )
    pegawai = staff[:, None] * per_staff[None, :] * rng.uniform(0.97, 1.03, (n_units, n_years))
    # Belanja barang: inmates' food (about Rp14,000 a day in 2016, synthetic), operations,
    # and raw materials for the Lapas Industri.
    food = mean_penghuni * 14_000 * 1.04 ** (years - 2016)[None, :] * 365 * rng.uniform(0.95, 1.05, (n_units, n_years))
    operations = (600_000_000 + 400_000 * kapasitas)[:, None] * 1.03 ** (years - 2016)[None, :]
    materials = np.where(
        industri[:, None],
        np.where(years[None, :] >= 2017, rng.uniform(0.8e9, 1.6e9, (n_units, n_years)), 0.3e9),
        0,
    )
    barang = food + operations + materials
    modal = np.where(
        industri[:, None] & (years[None, :] >= 2017),
        rng.uniform(0.4e9, 1.2e9, (n_units, n_years)),
        rng.uniform(0.15e9, 0.8e9, (n_units, n_years)),
    )
    modal += (rng.random((n_units, n_years)) < 0.10) * rng.uniform(1.5e9, 3.5e9, (n_units, n_years))
    for unit, year in (*SPIKE_UNIT_YEARS, LOW_ABSORPTION):
        i, y = index[unit], year - FIRST_YEAR
        modal[i, y] = max(3.0e9, 0.4 * pegawai[i, y])  # a renovation project that year
    return np.stack([round_to(a, 1_000) for a in (pegawai, barang, modal)], axis=2)


def _revisions(rng: np.random.Generator, pagu_awal: np.ndarray, index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(pagu_apbnp, blokir) shaped like pagu_awal; pagu_apbnp is -1 where the allocation was not revised."""
    n_units, n_years = pagu_awal.shape[:2]
    years = np.array(YEARS)
    pagu_apbnp = np.full(pagu_awal.shape, -1, dtype=np.int64)
    for unit, extra in APBNP_2016_TAMBAHAN.items():
        pagu_apbnp[index[unit], 0, 2] = pagu_awal[index[unit], 0, 2] + extra
    # 2020: goods budgets cut to fund the COVID-19 response (Perpres 54/2020).
    y2020 = 2020 - FIRST_YEAR
    pagu_apbnp[:, y2020, 1] = round_to(pagu_awal[:, y2020, 1] * rng.uniform(0.88, 0.95, n_units), 1_000)

    blokir = np.zeros(pagu_awal.shape, dtype=np.int64)
    # Blocked money: capital works in 2020 (refocusing) and 2025 (Inpres 1/2025 efficiency
    # cuts, which also hit goods); a little goods money in a few other unit-years.
    blokir[:, y2020, 2] = round_to(
        pagu_awal[:, y2020, 2] * rng.uniform(0.2, 0.5, n_units) * (rng.random(n_units) < 0.5), 1_000
    )
    y2025 = 2025 - FIRST_YEAR
    blokir[:, y2025, 1] = round_to(pagu_awal[:, y2025, 1] * rng.uniform(0.08, 0.18, n_units), 1_000)
    blokir[:, y2025, 2] = round_to(pagu_awal[:, y2025, 2] * rng.uniform(0.3, 0.6, n_units), 1_000)
    other = (rng.random((n_units, n_years)) < 0.08) & (years[None, :] != 2020) & (years[None, :] != 2025)
    blokir[:, :, 1] = np.where(
        other, round_to(pagu_awal[:, :, 1] * rng.uniform(0.02, 0.05, (n_units, n_years)), 1_000), blokir[:, :, 1]
    )
    return pagu_apbnp, blokir


def _rpd(effective: np.ndarray, index: dict[str, int]) -> np.ndarray:
    """RPD, shape (unit, year, jenis, month): the effective allocation spread over the months by the profile of
    its jenis; payroll peaks with THR and gaji ke-13, APBN-P 2016 money is drawn from July."""
    n_units, n_years = effective.shape[:2]
    profile = np.zeros((n_units, n_years, 3, 12))
    for y, year in enumerate(YEARS):
        payroll = np.ones(12)
        payroll[THR_MONTH[year] - 1] += 1
        payroll[GAJI13_MONTH[year] - 1] += 1
        profile[:, y, 0] = payroll / payroll.sum()
    profile[:, :, 1] = BARANG_PROFILE / BARANG_PROFILE.sum()
    profile[:, :, 2] = MODAL_PROFILE / MODAL_PROFILE.sum()
    rpd = effective[..., None] * profile
    for unit, extra in APBNP_2016_TAMBAHAN.items():
        i = index[unit]
        rpd[i, 0, 2] = (effective[i, 0, 2] - extra) * profile[i, 0, 2] + extra * APBNP_PROFILE / APBNP_PROFILE.sum()
    return round_to(rpd, 1_000)


def _realisasi(rng: np.random.Generator, rpd: np.ndarray, effective: np.ndarray, index: dict[str, int]) -> np.ndarray:
    """Realisation, shaped like rpd, with the stories: a failed tender and two year-end spikes."""
    n_units, n_years = rpd.shape[:2]
    # Realisation tracks the plan: most units absorb 90–98 % of the year's money.
    absorption = np.stack(
        [
            rng.uniform(0.96, 0.995, (n_units, n_years)),
            rng.uniform(0.90, 0.98, (n_units, n_years)),
            rng.uniform(0.90, 0.99, (n_units, n_years)),
        ],
        axis=2,
    )
    noise_sd = np.array([0.02, 0.08, 0.15])
    noise = np.clip(1 + rng.normal(0, 1, (n_units, n_years, 3, 12)) * noise_sd[None, None, :, None], 0, None)
    realisasi = rpd * absorption[..., None] * noise

    i, y = index[LOW_ABSORPTION[0]], LOW_ABSORPTION[1] - FIRST_YEAR
    realisasi[i, y, 2] = rpd[i, y, 2] * 0.08  # the tender failed: only design costs were paid
    realisasi[i, y, 1] = rpd[i, y, 1] * 0.85 * noise[i, y, 1]
    for unit, year in SPIKE_UNIT_YEARS:
        i, y = index[unit], year - FIRST_YEAR
        for j in (1, 2):
            total = realisasi[i, y, j].sum()
            early = rpd[i, y, j, :10] * 0.25 * noise[i, y, j, :10]
            rest = max(total - early.sum(), 0.0)
            realisasi[i, y, j] = np.concatenate([early, [rest * 0.4, rest * 0.6]])
    # Noise must not push a unit over its allocation (penyerapan_melebihi is not a story here).
    over = realisasi.sum(axis=3) / np.maximum(effective, 1)
    realisasi *= np.where(over > 0.995, 0.995 / np.maximum(over, 1e-9), 1)[..., None]
    return np.rint(realisasi).astype(np.int64)


def _frames(
    kode: np.ndarray,
    pagu_awal: np.ndarray,
    pagu_apbnp: np.ndarray,
    blokir: np.ndarray,
    rpd: np.ndarray,
    realisasi: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The arrays as the anggaran and realisasi tables (realisasi rows: unit, month, jenis)."""
    n_units, n_years = pagu_awal.shape[:2]
    years = np.array(YEARS)
    apbnp_col = pd.array(pagu_apbnp.ravel(), dtype="Int64")
    apbnp_col[pagu_apbnp.ravel() < 0] = pd.NA
    anggaran = pd.DataFrame(
        {
            "kode_upt": np.repeat(kode, n_years * 3),
            "tahun_anggaran": np.tile(np.repeat(years, 3), n_units).astype(np.int64),
            "jenis_belanja": np.tile(JENIS_BELANJA, n_units * n_years),
            "pagu_awal_rp": pagu_awal.ravel(),
            "pagu_apbnp_rp": apbnp_col,
            "blokir_rp": blokir.ravel(),
        }
    )
    # Months of a year stay together.
    realisasi_frame = pd.DataFrame(
        {
            "kode_upt": np.repeat(kode, N_MONTHS * 3),
            "periode": np.tile(np.repeat(periode_index(), 3), n_units),
            "jenis_belanja": np.tile(JENIS_BELANJA, n_units * N_MONTHS),
            "rpd_rp": rpd.transpose(0, 1, 3, 2).ravel(),
            "realisasi_rp": realisasi.transpose(0, 1, 3, 2).ravel(),
        }
    )
    return anggaran, realisasi_frame
