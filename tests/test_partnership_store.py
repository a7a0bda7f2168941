"""store.metric_frames reads the partnership tables as the figures need them: the same figures as from the raw rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from lapas_metrics import metrics, store, upload

POSISI = dt.date(2026, 3, 15)
PARTNERSHIP_FIGURES = (
    "jumlah_kemitraan_aktif",
    "kontribusi_seharusnya_rp",
    "kontribusi_disetor_rp",
    "capaian_kontribusi",
    "nilai_aset_rp",
    "nilai_aset_menganggur_rp",
    "porsi_aset_menganggur",
    "premi_seharusnya_rp",
    "pnbp_seharusnya_rp",
    "bulan_tanpa_aturan",
    "kemitraan_berakhir_dalam_bulan",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kemitraan") / "lapas.duckdb"
    upload.init_db(path, demo=True)
    return path


def raw_inputs(db: Path) -> metrics.MetricInputs:
    """The inputs built from the stored rows as DATA.md has them, through MetricInputs.from_frames."""
    frames = store.metric_frames(db)
    tables = {name: store.read_table(db, name) for name in metrics.PARTNERSHIP_TABLES}
    pnbp = store.read_table(db, "pnbp").rename(columns={"tanggal_setor": "periode"})
    seven = {name: frames[name] for name in ("upt", "partisipasi", "produksi", "target_pnbp", "anggaran", "realisasi")}
    return metrics.MetricInputs.from_frames(POSISI, pnbp=pnbp, **seven, **tables)


def test_the_demo_has_partnership_rows(db: Path) -> None:
    frames = store.metric_frames(db)
    assert all(len(frames[name]) for name in metrics.PARTNERSHIP_TABLES)
    assert frames["pnbp"]["nomor_perjanjian"].notna().any()


def test_asset_checks_are_counted_per_asset_and_year_in_the_store(db: Path) -> None:
    stored = store.metric_frames(db)["status_aset"][list(metrics.INPUT_COLUMNS["status_aset"])]
    counted = raw_inputs(db).status_aset
    key = ["kode_aset", "tahun"]
    pd.testing.assert_frame_equal(
        stored.sort_values(key).reset_index(drop=True),
        counted.sort_values(key).reset_index(drop=True),
        check_dtype=False,
    )


def test_deposits_per_month_keep_their_sum_when_split_by_agreement(db: Path) -> None:
    pnbp = store.metric_frames(db)["pnbp"]
    raw = store.read_table(db, "pnbp")
    assert pnbp["jumlah_rp"].sum() == pytest.approx(float(raw["jumlah_rp"].astype(float).sum()))
    named = raw[raw["nomor_perjanjian"].notna()]
    assert pnbp[pnbp["nomor_perjanjian"].notna()]["jumlah_rp"].sum() == pytest.approx(
        float(named["jumlah_rp"].astype(float).sum())
    )


def test_store_and_raw_rows_give_the_same_partnership_figures(db: Path) -> None:
    inputs = metrics.MetricInputs.from_store(store.metric_frames(db), POSISI)
    from_store = metrics.yearly_figures(inputs)[["kode_upt", "tahun", *PARTNERSHIP_FIGURES]]
    from_rows = metrics.yearly_figures(raw_inputs(db))[["kode_upt", "tahun", *PARTNERSHIP_FIGURES]]
    pd.testing.assert_frame_equal(from_store, from_rows, check_dtype=False)
    assert from_store["jumlah_kemitraan_aktif"].sum() > 0 and from_store["nilai_aset_rp"].notna().any()


def test_one_units_frames_hold_only_its_partnership_rows_and_give_its_figures(db: Path) -> None:
    whole = store.metric_frames(db)
    unit = whole["kemitraan"]["kode_upt"].iloc[0]
    own = store.metric_frames(db, unit.lower())
    for name in metrics.PARTNERSHIP_TABLES:
        assert set(own[name]["kode_upt"]) <= {unit}
        assert len(own[name]) == (whole[name]["kode_upt"] == unit).sum()
    everyone = metrics.yearly_figures(metrics.MetricInputs.from_store(whole, POSISI))
    alone = metrics.yearly_figures(metrics.MetricInputs.from_store(own, POSISI))
    expected = everyone[everyone["kode_upt"] == unit].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone[list(PARTNERSHIP_FIGURES)], expected[list(PARTNERSHIP_FIGURES)])


def test_frames_of_some_years_read_only_their_asset_checks_and_give_the_same_figures(db: Path) -> None:
    whole = store.metric_frames(db)
    year = int(whole["status_aset"]["tahun"].max())
    some = store.metric_frames(db, tahun=year)
    assert set(some["status_aset"]["tahun"]) == {year}
    assert len(some["status_aset"]) == (whole["status_aset"]["tahun"] == year).sum()
    for name in set(whole) - {"status_aset"}:
        assert len(some[name]) == len(whole[name])
    everyone = metrics.yearly_figures(metrics.MetricInputs.from_store(whole, POSISI), year)
    this_year = metrics.yearly_figures(metrics.MetricInputs.from_store(some, POSISI), year)
    pd.testing.assert_frame_equal(this_year, everyone)
    own = store.metric_frames(db, whole["aset"]["kode_upt"].iloc[0], tahun=[year - 1, year])
    assert set(own["status_aset"]["tahun"]) <= {year - 1, year}
