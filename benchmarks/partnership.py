"""Partnership tables at national scale for the benchmarks: 2 agreements and 20 assets per unit, monthly asset checks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lapas_metrics import metrics

SCHEMES = ("KSO", "BGS", "KSP", "BSG", "KPBU", "Lainnya")
CATEGORIES = ("Mesin dan peralatan", "Gedung dan bangunan", "Ternak", "Kendaraan", "Lainnya")
FUNDS = ("APBN", "APBN-P", "Hibah", "Mitra")


def partnership_rows(upt: pd.DataFrame, years: list[int], seed: int = 15) -> dict[str, pd.DataFrame]:
    """The five tables as DATA.md's rows for every unit of `upt` over `years`, and the partners' deposits
    (pnbp rows naming an agreement: kode_upt, tanggal_setor, jumlah_rp, nomor_perjanjian)."""
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
    reports = agreements[["nomor_perjanjian"]].merge(pd.DataFrame({"tahun": years}), how="cross")
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
        jumlah_rp=rng.integers(1, 50, len(deposits)) * 10_000_000.0,
    ).drop(columns="tahun")
    return {
        "kemitraan": agreements,
        "laporan_mitra": reports,
        "aset": assets,
        "status_aset": checks,
        "aturan_premi": rules,
        "setoran_mitra": deposits,
    }


def with_partnerships(inputs: metrics.MetricInputs, rows: dict[str, pd.DataFrame]) -> metrics.MetricInputs:
    """`inputs` with the partnership tables of `rows` shaped as store.metric_frames gives them (asset checks
    counted per asset and year, the partners' deposits as pnbp rows naming their agreement)."""
    partner = rows["setoran_mitra"].rename(columns={"tanggal_setor": "periode"})
    partner["periode"] = partner["periode"].dt.to_period("M").dt.to_timestamp()
    pnbp = pd.concat([inputs.pnbp.assign(nomor_perjanjian=None), partner], ignore_index=True)
    coerced = metrics.MetricInputs.from_frames(**{name: rows[name] for name in metrics.PARTNERSHIP_TABLES})
    return metrics.MetricInputs.from_store(
        {
            **{name: getattr(inputs, name) for name in ("upt", "partisipasi", "produksi", "target_pnbp")},
            **{name: getattr(inputs, name) for name in ("anggaran", "realisasi")},
            "pnbp": pnbp[list(metrics.INPUT_COLUMNS["pnbp"])],
            **{name: getattr(coerced, name) for name in metrics.PARTNERSHIP_TABLES},
        },
        inputs.tanggal_posisi,
        inputs.batas_hari_lapor,
    )
