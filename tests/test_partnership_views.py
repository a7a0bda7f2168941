"""The Kemitraan dan Aset page's frames: the countdown counts months as the figure does, assets idle first, rules over time."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lapas_metrics import metrics, views


def test_the_countdown_rounds_up_to_whole_months_as_the_figure() -> None:
    ends = pd.Series(pd.to_datetime(["2026-07-01", "2026-01-15", "2026-01-16", "2026-01-14", None]))
    months = metrics.months_until(ends, dt.date(2026, 1, 15))
    assert months.tolist()[:4] == [6, 0, 1, pd.NA]
    assert months.isna().tolist() == [False, False, False, True, True]
    assert [views.countdown_text(m) for m in months] == ["6 bulan lagi", "berakhir hari ini", "1 bulan lagi", "–", "–"]


def test_the_countdown_of_the_nearest_handover_is_kemitraan_berakhir_dalam_bulan() -> None:
    kemitraan = pd.DataFrame(
        {
            "kode_upt": ["LP-A", "LP-A"],
            "nomor_perjanjian": ["BGS-1", "KSO-1"],
            "skema": ["BGS", "KSO"],
            "tanggal_mulai": pd.to_datetime(["2004-02-29", "2020-05-20"]),
            "jangka_tahun": [22, 10],
            "kontribusi_tetap_rp": [0.0, 0.0],
            "bagi_hasil_persen": [0.0, 0.0],
            "serah_terima": pd.array([pd.NA, pd.NA], dtype="boolean"),
            "mitra": ["PT Satu", "PT Dua"],
            "objek": ["Gudang", "Mesin"],
        }
    )
    upt = pd.DataFrame({"kode_upt": ["LP-A"], "nama_upt": ["Lapas A"]})
    posisi = dt.date(2025, 6, 30)
    units = upt.assign(jenis="Lapas", kelas="I", kanwil="X", kapasitas=1, lapas_industri=True)
    report = {"jumlah_penghuni": [10], "wbp_bekerja": [1], "wbp_pelatihan": [0], "wbp_bersertifikat": [0]}
    partisipasi = pd.DataFrame({"kode_upt": ["LP-A"], "periode": pd.to_datetime(["2025-01-01"]), **report})
    partisipasi = partisipasi.assign(premi_dibayar_rp=0.0)
    inputs = metrics.MetricInputs.from_frames(posisi, kemitraan=kemitraan, upt=units, partisipasi=partisipasi)
    figure = metrics.yearly_figures(inputs)
    table = views.agreement_table(kemitraan, upt, views.countdown_date(2025, posisi))
    # 29 February 2004 + 22 years = 28 February 2026: 8 months from 30 June 2025; the KSO hands nothing over
    assert table[["nomor_perjanjian", "tanggal_berakhir", "serah_terima", "sisa_waktu"]].values.tolist() == [
        ["BGS-1", "28 Februari 2026", "ya", "8 bulan lagi"],
        ["KSO-1", "20 Mei 2030", "tidak", "59 bulan lagi"],
    ]
    (months,) = figure.loc[figure["tahun"] == 2025, "kemitraan_berakhir_dalam_bulan"]
    assert views.countdown_text(months) == "8 bulan lagi"


def test_assets_idle_first_then_in_use_then_unchecked_and_only_those_owned_by_the_year() -> None:
    aset = pd.DataFrame(
        {
            "kode_upt": ["LP-A"] * 4,
            "kode_aset": ["A1", "A2", "A3", "A4"],
            "nama_aset": ["Mesin", "Gedung", "Truk", "Baru"],
            "kategori": ["Mesin dan peralatan", "Gedung dan bangunan", "Kendaraan", "Lainnya"],
            "tahun_perolehan": [2016, 2016, 2018, 2026],
            "nilai_perolehan_rp": [10.0, 300.0, 50.0, 999.0],
            "sumber_dana": ["APBN-P", "APBN", "Hibah", "APBN"],
            "kondisi": [None, "baik", "rusak berat", None],
            "jumlah_diperiksa": [0, 2, 1, 0],
            "jumlah_dipakai": [0, 1, 0, 0],
        }
    )
    owned = views.owned_assets(aset, 2025)
    assert owned["kode_aset"].tolist() == ["A3", "A2", "A1"]
    assert owned["status"].tolist() == ["Menganggur", "Dipakai", "Belum diperiksa"]
    by_source = views.assets_by(owned, "kondisi")
    assert dict(zip(by_source["kondisi"], by_source["nilai_perolehan_rp"], strict=True)) == {
        "baik": 300.0,
        "belum diperiksa": 10.0,
        "rusak berat": 50.0,
    }


def test_each_rule_runs_until_the_month_before_the_next() -> None:
    rules = pd.DataFrame(
        {
            "kode_upt": ["LP-A", "LP-A"],
            "berlaku_mulai": pd.to_datetime(["2022-07-01", "2017-02-01"]),
            "premi_persen": [40.0, 27.0],
            "pnbp_persen": [2.5, 2.5],
            "modal_persen": [57.5, 70.5],
            "dasar_hukum": [None, "Kepmenkeh"],
        }
    )
    table = views.rule_table(rules)
    assert table.values.tolist() == [
        ["Februari 2017", "Juni 2022", "27,0 %", "2,5 %", "70,5 %", "Kepmenkeh"],
        ["Juli 2022", "sekarang", "40,0 %", "2,5 %", "57,5 %", "–"],
    ]


def test_a_unit_s_years_keep_only_those_with_a_value_and_empty_ratios_as_numbers() -> None:
    history = pd.DataFrame(
        {
            "tahun": [2017, 2016, 2018],
            "kontribusi_seharusnya_rp": [10.0, None, 0.0],
            "capaian_kontribusi": [1.2, None, None],
        }
    ).astype({"capaian_kontribusi": "object"})
    years = views.partnership_years(
        history, ("kontribusi_seharusnya_rp", "capaian_kontribusi"), ("kontribusi_seharusnya_rp",)
    )
    assert years["tahun"].tolist() == [2017, 2018]
    assert years["capaian_kontribusi"].dtype == "float64" and pd.isna(years["capaian_kontribusi"].iloc[1])
