"""Jawa Barat demo, people: occupants per unit and month, the COVID-19 slowdown, the partisipasi table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from demo.catalogue import OCCUPANCY_2021, OCCUPANCY_ANCHORS, WARUNGKIARA
from demo.common import FIRST_YEAR, N_MONTHS, YEARS, month_index, periode_index, round_to


def occupancy(rng: np.random.Generator, upt: pd.DataFrame) -> np.ndarray:
    """Occupants at month end, shape (units, months)."""
    kapasitas = upt["kapasitas"].to_numpy(float)
    kode = upt["kode_upt"].tolist()
    anchor_x = [month_index(p) for p, _ in OCCUPANCY_ANCHORS]
    anchor_y = [r for _, r in OCCUPANCY_ANCHORS]
    curve = np.interp(np.arange(N_MONTHS), anchor_x, anchor_y)
    level_2021 = float(np.interp(month_index("2021-09"), anchor_x, anchor_y))
    pinned = np.array([k in OCCUPANCY_2021 for k in kode])
    relative = np.array([OCCUPANCY_2021.get(k, 0.0) / level_2021 for k in kode])
    # The free units share what the pinned ones leave, so the capacity-weighted mean of
    # `relative` is 1 and the set follows the anchored curve.
    jitter = rng.uniform(0.8, 1.2, len(kode))
    free_weight = (kapasitas * jitter)[~pinned].sum()
    base = (kapasitas.sum() - (kapasitas * relative)[pinned].sum()) / free_weight
    relative = np.where(pinned, relative, base * jitter)
    drift = np.cumsum(rng.normal(0, 0.006, (len(kode), N_MONTHS)), axis=1)
    drift -= drift.mean(axis=1, keepdims=True)
    noise = rng.normal(0, 0.005, (len(kode), N_MONTHS))
    penghuni = kapasitas[:, None] * relative[:, None] * curve[None, :] * np.exp(drift + noise)
    return np.rint(penghuni).astype(np.int64)


def covid_factor() -> np.ndarray:
    """Work and production slowed while visits and movements were restricted (Apr 2020–Jun 2021)."""
    factor = np.ones(N_MONTHS)
    factor[month_index("2020-04") : month_index("2020-12") + 1] = 0.7
    factor[month_index("2021-01") : month_index("2021-06") + 1] = 0.85
    return factor


def partisipasi_frame(rng: np.random.Generator, upt: pd.DataFrame, penghuni: np.ndarray) -> pd.DataFrame:
    n_units = len(upt)
    months = np.arange(N_MONTHS)
    year = FIRST_YEAR + months // 12
    calendar_month = months % 12 + 1
    jenis = upt["jenis"].to_numpy()
    kode = upt["kode_upt"].to_numpy()
    industri = upt["lapas_industri"].to_numpy()
    opening = month_index("2017-02")

    # Share of occupants in work: most units 5–25 %; a Rutan holds mostly detainees, who work less;
    # Cikarang reached 864 of 1,757 WBP (c. 2019–2021, reference README).
    share = np.empty((n_units, N_MONTHS))
    for i in range(n_units):
        if industri[i]:
            before = rng.uniform(0.05, 0.10)
            target = 0.49 if kode[i] == "LP-CIKARANG" else rng.uniform(0.15, 0.28)
            ramp_end = month_index("2019-01") if kode[i] == "LP-CIKARANG" else month_index("2018-01")
            ramp = np.clip((months - opening) / (ramp_end - opening), 0, 1)
            share[i] = before + (target - before) * ramp
            if kode[i] == WARUNGKIARA:
                share[i, month_index("2017-09") :] = 0.04
                share[i, month_index("2019-01") :] = 0.08
        elif jenis[i] == "Rutan":
            share[i] = rng.uniform(0.05, 0.09)
        elif jenis[i] == "LPKA":
            share[i] = rng.uniform(0.08, 0.14)
        else:
            share[i] = rng.uniform(0.06, 0.16)
    share *= covid_factor()[None, :] * rng.normal(1, 0.05, (n_units, N_MONTHS))
    wbp_bekerja = np.minimum(np.rint(penghuni * np.clip(share, 0, None)).astype(np.int64), penghuni)

    # Sentenced inmates eligible for assimilation: a Rutan holds mostly detainees.
    eligible = np.where(jenis == "Rutan", rng.uniform(0.12, 0.22, n_units), rng.uniform(0.35, 0.55, n_units))
    eligible = np.where(jenis == "LPKA", rng.uniform(0.30, 0.45, n_units), eligible)
    napi = np.rint(penghuni * eligible[:, None] * rng.normal(1, 0.03, (n_units, N_MONTHS))).astype(np.int64)
    napi = np.clip(napi, 0, penghuni)
    # Some units did not report the IKU denominator in some years (all Rutan in 2016).
    missing_year = rng.random((n_units, len(YEARS))) < 0.10
    missing_year[:, 0] |= jenis == "Rutan"
    napi_missing = missing_year[:, year - FIRST_YEAR]

    training_rate = np.where(industri, rng.uniform(0.03, 0.05, n_units), rng.uniform(0.01, 0.03, n_units))
    training_rate = np.where(jenis == "LPKA", 0.05, training_rate)
    wbp_pelatihan = rng.poisson(penghuni * training_rate[:, None] * covid_factor()[None, :])
    # Courses end with the quarter: most certificates are handed out in Mar, Jun, Sep, Dec.
    cert_p = np.where(np.isin(calendar_month, (3, 6, 9, 12)), 0.55, 0.12)
    wbp_bersertifikat = rng.binomial(wbp_pelatihan, np.broadcast_to(cert_p, wbp_pelatihan.shape))

    premi_rate = np.where(industri, rng.uniform(120_000, 220_000, n_units), rng.uniform(40_000, 90_000, n_units))
    premi_rate = np.where(kode == "LP-CIKARANG", 300_000, premi_rate)
    rate = np.where(industri[:, None] & (months[None, :] < opening), 60_000, premi_rate[:, None])
    rate = rate * 1.04 ** (year - 2017)[None, :]
    premi = round_to(wbp_bekerja * rate * rng.normal(1, 0.05, (n_units, N_MONTHS)), 500)
    premi = np.clip(premi, 0, None)

    napi_col = pd.array(napi.ravel(), dtype="Int64")
    napi_col[napi_missing.ravel()] = pd.NA
    return pd.DataFrame(
        {
            "kode_upt": np.repeat(kode, N_MONTHS),
            "periode": np.tile(periode_index(), n_units),
            "jumlah_penghuni": penghuni.ravel(),
            "napi_asimilasi": napi_col,
            "wbp_bekerja": wbp_bekerja.ravel(),
            "wbp_pelatihan": wbp_pelatihan.ravel().astype(np.int64),
            "wbp_bersertifikat": wbp_bersertifikat.ravel().astype(np.int64),
            "premi_dibayar_rp": premi.ravel(),
        }
    )
