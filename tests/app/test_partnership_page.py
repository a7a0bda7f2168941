"""Kemitraan dan Aset under AppTest: the numbers on screen are the figures, on the demo and on a hand-worked database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lapas_metrics import auth, fmt, metrics, store, upload, views

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGE = "pages/kemitraan.py"
PASSWORD = "rahasia-123"
POSISI = "2026-02-15"


def _figures(db: Path, posisi: str = POSISI) -> pd.DataFrame:
    inputs = metrics.MetricInputs.from_store(store.metric_frames(db), dt.date.fromisoformat(posisi))
    return metrics.yearly_figures(inputs).set_index(["kode_upt", "tahun"])


def _open(open_app: Callable[..., AppTest], kode: str, tahun: int, db: Path | None = None) -> AppTest:
    app = open_app(PAGE, db=db)
    app.sidebar.selectbox(key="f_tahun").set_value(tahun).run()
    app.selectbox(key="f_upt").set_value(kode).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def _frame(app: AppTest, key: str) -> pd.DataFrame:
    """The table the page shows in its container `key`."""
    (table,) = app.get_by_key(key).dataframe
    return table.value


def _cards(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def _texts(app: AppTest) -> str:
    return "\n".join(str(part.value) for part in [*app.info, *app.markdown, *app.success, *app.caption])


@pytest.fixture(autouse=True)
def _as_of(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPAS_PER_TANGGAL", POSISI)


# ---------------------------------------------------------------- the demo database


def test_the_page_reads_the_sidebar_filters(open_app: Callable[..., AppTest], dashboard_db: Path) -> None:
    app = open_app(PAGE)
    assert not app.exception and not app.error
    assert app.title[0].value == "🤝 Kemitraan dan Aset"
    assert app.sidebar.selectbox(key="f_kanwil").value == "Jawa Barat"
    every = _frame(app, "km_perjanjian_semua")
    assert set(every["Nomor perjanjian"]) == set(store.read_table(dashboard_db, "kemitraan")["nomor_perjanjian"])
    assert every["Sisa waktu"].iloc[0] == "sudah berakhir"  # soonest handover first: Warungkiara's first KSO
    app.sidebar.checkbox(key="f_industri").check().run()  # Lapas Industri only: every agreement's unit is one
    assert len(_frame(app, "km_perjanjian_semua")) == len(every)
    app.sidebar.selectbox(key="f_kanwil").set_value("Semua kanwil").run()
    assert not app.exception and not app.error


@pytest.fixture
def users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dashboard_db: Path, navigation_only: None) -> None:
    monkeypatch.setenv("LAPAS_USERS_FILE", str(tmp_path / "users.toml"))
    monkeypatch.setenv("LAPAS_DB", str(dashboard_db))
    store.activity_path(dashboard_db).unlink(missing_ok=True)
    for username, role, units in (
        ("pim", "pimpinan", []),
        ("aud", "auditor", []),
        ("opa", "operator", ["LP-SUKAMISKIN"]),
        ("adm", "admin", []),
    ):
        auth.add_user(username, username, role, units, PASSWORD)
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize("username", ["pim", "aud", "opa", "adm"])
def test_every_role_may_open_the_page(users: None, username: str) -> None:
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    app.text_input(key="auth_username").input(username)
    app.text_input(key="auth_password").input(PASSWORD)
    app.button[0].click()
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception and not app.error
    assert app.title[0].value == "🤝 Kemitraan dan Aset"
    assert len(_frame(app, "km_perjanjian_semua")) == 4


def test_idle_assets_come_first_with_their_value_as_the_figures_say(
    open_app: Callable[..., AppTest], dashboard_db: Path
) -> None:
    app = _open(open_app, "LP-KUNINGAN", 2025)
    row = _figures(dashboard_db).loc[("LP-KUNINGAN", 2025)]
    cards = _cards(app)
    assert cards["Nilai aset menganggur"] == fmt.rupiah_short(row["nilai_aset_menganggur_rp"]) == "Rp 1,2 M"
    assert cards["Porsi aset menganggur"] == fmt.percent(row["porsi_aset_menganggur"])
    assets = _frame(app, "km_aset")
    idle = assets[assets["Status"] == views.MENGANGGUR]
    assert assets.index[: len(idle)].tolist() == idle.index.tolist()  # idle first
    total = sum(float(text.removeprefix("Rp ").replace(".", "")) for text in idle["Nilai perolehan"])
    assert total == pytest.approx(row["nilai_aset_menganggur_rp"])
    assert "Aset menganggur" in _texts(app) and "batas 10%" in _texts(app)  # the raised flag's sentence


def test_contributions_due_and_deposited_per_year_are_the_figures(
    open_app: Callable[..., AppTest], dashboard_db: Path
) -> None:
    app = _open(open_app, "LP-CIKARANG", 2024)
    figures = _figures(dashboard_db).loc["LP-CIKARANG"]
    shown = _frame(app, "km_kontribusi").set_index("Tahun")
    for column, name in (
        ("Kontribusi mitra seharusnya", "kontribusi_seharusnya_rp"),
        ("Kontribusi mitra disetor", "kontribusi_disetor_rp"),
    ):
        assert shown[column].to_dict() == pytest.approx(figures.loc[shown.index, name].to_dict())
    assert shown.loc[2024, "Capaian kontribusi mitra"] == pytest.approx(figures.loc[2024, "capaian_kontribusi"])
    assert _cards(app)["Capaian kontribusi"] == fmt.percent(figures.loc[2024, "capaian_kontribusi"])
    assert "Kontribusi mitra kurang" in _texts(app)  # story g: about 60 % paid in 2024
    agreement = _frame(app, "km_perjanjian").iloc[0]
    assert (agreement["Mitra"], agreement["Skema"], agreement["Tanggal berakhir"]) == (
        "PT Glory Karsa Abadi",
        "KSO",
        "1 Maret 2027",
    )


def test_the_handover_countdown_is_the_figure(open_app: Callable[..., AppTest], dashboard_db: Path) -> None:
    app = _open(open_app, "LP-SUKAMISKIN", 2025)
    months = _figures(dashboard_db).loc[("LP-SUKAMISKIN", 2025), "kemitraan_berakhir_dalam_bulan"]
    assert months == 9  # 1 September 2026 from 31 December 2025
    agreement = _frame(app, "km_perjanjian").iloc[0]
    assert (agreement["Tanggal berakhir"], agreement["Serah terima ke negara"]) == ("1 September 2026", "ya")
    assert agreement["Sisa waktu"] == "9 bulan lagi"
    assert _cards(app)["Serah terima dalam"] == "9 bulan"
    assert "Serah terima dekat" in _texts(app)


def test_the_split_rule_over_time_and_premi_due_against_paid(
    open_app: Callable[..., AppTest], dashboard_db: Path
) -> None:
    app = _open(open_app, "LP-CIREBON", 2025)
    rules = _frame(app, "km_aturan")
    assert rules[["Berlaku mulai", "Berlaku sampai", "Premi (%)"]].values.tolist() == [
        ["Februari 2017", "Juni 2022", "27,0 %"],
        ["Juli 2022", "sekarang", "40,0 %"],
    ]
    figures = _figures(dashboard_db).loc["LP-CIREBON"]
    split = _frame(app, "km_pembagian").set_index("Tahun")
    for column, name in (
        ("Premi menurut aturan", "premi_seharusnya_rp"),
        ("Premi dibayar", "premi_rp"),
        ("PNBP menurut aturan", "pnbp_seharusnya_rp"),
    ):
        assert split[column].to_dict() == pytest.approx(figures.loc[split.index, name].to_dict())
    assert split.loc[2017, "Bulan penjualan tanpa aturan"] == 1  # January 2017 comes before the first rule
    assert "Premi kurang bayar" in _texts(app)


def test_a_unit_without_partnership_data_gets_one_sentence(open_app: Callable[..., AppTest]) -> None:
    app = _open(open_app, "LP-BANJAR", 2025)
    assert "Lapas Kelas IIB Banjar belum memiliki data kemitraan, aset, atau aturan pembagian hasil penjualan." in [
        info.value for info in app.info
    ]
    assert not app.metric


# ---------------------------------------------------------------- a hand-worked database

UPT = (
    "kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    "LP-A,Lapas A,Lapas,I,Jawa Barat,Kota Bandung,500,ya\n"
    "LP-B,Lapas B,Lapas,IIA,Jawa Barat,Kota Bogor,300,tidak\n"
)
TABLES = {
    "upt": UPT,
    # a 2-year term from 1 July 2024 handed to the State: Rp 12 jt a year, 12 months of 2025 inside it
    "kemitraan": "kode_upt,nomor_perjanjian,skema,mitra,objek,tanggal_mulai,jangka_tahun,kontribusi_tetap_rp,serah_terima\n"
    "LP-A,KSO-A/2024,KSO,PT Satu,Mesin jahit 10 unit,2024-07-01,2,12000000,ya\n",
    # Rp 9 jt of it deposited in 2025 (0,75), and a deposit that names no agreement
    "pnbp": "kode_upt,tanggal_setor,ntpn,jumlah_rp,uraian,nomor_perjanjian\n"
    "LP-A,2025-03-10,NTPN000000000001,9000000,Kontribusi mitra,KSO-A/2024\n"
    "LP-A,2025-05-10,NTPN000000000002,500000,Penjualan,\n",
    "aset": "kode_upt,kode_aset,nama_aset,kategori,tahun_perolehan,nilai_perolehan_rp,sumber_dana\n"
    "LP-A,A-001,Mesin jahit,Mesin dan peralatan,2016,100000000,APBN-P\n"
    "LP-A,A-002,Gedung bengkel,Gedung dan bangunan,2016,300000000,APBN\n",
    # A-001 idle at both checks of 2025, A-002 in use once: Rp 100 jt of Rp 400 jt idle (25 %)
    "status_aset": "kode_aset,periode,kondisi,dipakai\n"
    "A-001,2025-01,baik,tidak\nA-001,2025-06,rusak ringan,tidak\n"
    "A-002,2025-01,baik,ya\nA-002,2025-06,baik,tidak\n",
    # premi 30 % from January, 40 % from July 2025
    "aturan_premi": "kode_upt,berlaku_mulai,premi_persen,pnbp_persen,modal_persen,dasar_hukum\n"
    "LP-A,2025-01,30,20,50,Keputusan A\nLP-A,2025-07,40,10,50,\n",
    # sales of Rp 10 jt in January and Rp 20 jt in July: premi due 3 + 8 = Rp 11 jt, PNBP 2 + 2 = Rp 4 jt
    "produksi": "kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp,nilai_penjualan_rp\n"
    "LP-A,2025-01,Tekstil & Garmen,Kaos,100,buah,12000000,10000000\n"
    "LP-A,2025-07,Tekstil & Garmen,Kaos,200,buah,24000000,20000000\n",
    # Rp 5 jt of premi paid
    "partisipasi": "kode_upt,periode,jumlah_penghuni,wbp_bekerja,wbp_pelatihan,wbp_bersertifikat,premi_dibayar_rp\n"
    "LP-A,2025-01,500,50,0,0,5000000\nLP-B,2025-01,300,20,0,0,0\n",
}


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kemitraan_kecil") / "lapas.duckdb"
    upload.init_db(path)
    for table, text in TABLES.items():
        result, batch = upload.import_file(path, table, text.encode("utf-8"), f"{table}.csv")
        assert result.ok and batch is not None, [p.pesan for p in result.problems]
    return path


def test_the_hand_worked_unit_shows_the_hand_worked_numbers(open_app: Callable[..., AppTest], small_db: Path) -> None:
    app = _open(open_app, "LP-A", 2025, db=small_db)
    cards = _cards(app)
    assert cards["Kontribusi seharusnya"] == "Rp 12 jt"
    assert cards["Kontribusi disetor"] == "Rp 9 jt"
    assert cards["Capaian kontribusi"] == "75,0 %"
    assert cards["Nilai aset menganggur"] == "Rp 100 jt"
    assert cards["Porsi aset menganggur"] == "25,0 %"
    assert cards["Premi menurut aturan"] == "Rp 11 jt"
    assert cards["PNBP menurut aturan"] == "Rp 4 jt"
    assert cards["Serah terima dalam"] == "7 bulan"  # 1 July 2026 from 31 December 2025
    agreement = _frame(app, "km_perjanjian").iloc[0]
    assert (agreement["Tanggal berakhir"], agreement["Sisa waktu"]) == ("1 Juli 2026", "7 bulan lagi")
    assets = _frame(app, "km_aset")
    assert assets[["Kode aset", "Status", "Kondisi", "Nilai perolehan", "Pemeriksaan"]].values.tolist() == [
        ["A-001", "Menganggur", "rusak ringan", "Rp 100.000.000", "dipakai 0 dari 2 pemeriksaan"],
        ["A-002", "Dipakai", "baik", "Rp 300.000.000", "dipakai 1 dari 2 pemeriksaan"],
    ]
    rules = _frame(app, "km_aturan")
    assert rules[["Berlaku mulai", "Berlaku sampai", "Premi (%)"]].values.tolist() == [
        ["Januari 2025", "Juni 2025", "30,0 %"],
        ["Juli 2025", "sekarang", "40,0 %"],
    ]
    split = _frame(app, "km_pembagian").set_index("Tahun")
    assert split.loc[2025, ["Premi menurut aturan", "Premi dibayar", "PNBP menurut aturan"]].tolist() == [
        11_000_000,
        5_000_000,
        4_000_000,
    ]
    texts = _texts(app)
    for label in ("Kontribusi mitra kurang", "Aset menganggur", "Premi kurang bayar", "Serah terima dekat"):
        assert label in texts
    assert "PNBP kurang setor" not in texts  # Rp 9,5 jt deposited against Rp 4 jt due


def test_the_other_hand_worked_unit_has_no_partnership_data(open_app: Callable[..., AppTest], small_db: Path) -> None:
    app = _open(open_app, "LP-B", 2025, db=small_db)
    assert "Lapas B belum memiliki data kemitraan, aset, atau aturan pembagian hasil penjualan." in [
        info.value for info in app.info
    ]
    agreements = _frame(app, "km_perjanjian_semua")  # the overview still lists LP-A's agreement
    assert agreements["Nama UPT"].tolist() == ["Lapas A"]
