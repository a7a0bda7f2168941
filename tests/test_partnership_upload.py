"""Uploads of the five partnership tables and pnbp.nomor_perjanjian: their rules row by row, the store's checks, undo."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from lapas_metrics import auth, schema, store, templates, upload, views

UPT_CSV = (
    b"kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    b"LP-A,Lapas A,Lapas,I,Jawa Barat,Kota Bandung,500,ya\n"
    b"LP-B,Lapas B,Lapas,IIA,Jawa Barat,Kota Bogor,300,tidak\n"
)
KEMITRAAN_HEADER = (
    "kode_upt,nomor_perjanjian,skema,mitra,objek,tanggal_mulai,jangka_tahun,nilai_investasi_rp,"
    "kontribusi_tetap_rp,bagi_hasil_persen,serah_terima\n"
)
AGREEMENTS = KEMITRAAN_HEADER + (
    "LP-A,KSO-A/2017,KSO,PT Satu,Mesin injeksi 4 unit,2017-03-01,10,1500000000,12000000,0.5,tidak\n"
    "LP-B,BGS-B/2001,BGS,PT Dua,Gudang,2001-09-01,25,,0,1,\n"
)
OPERATOR_A = auth.Actor("opa", "Operator A", "operator", ("LP-A",))


def csv(text: str) -> bytes:
    return text.encode("utf-8")


def save(db: Path, table: str, text: str, name: str | None = None, **kw) -> store.BatchResult:
    result, batch = upload.import_file(db, table, csv(text), name or f"{table}.csv", **kw)
    assert result.ok and batch is not None, [p.pesan for p in result.problems]
    return batch


def messages(db: Path, table: str, text: str, **kw) -> list[str]:
    result = upload.check_file(db, table, csv(text), f"{table}.csv", **kw)
    assert not result.ok
    return [p.pesan for p in result.problems]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    upload.init_db(path)
    save(path, "upt", UPT_CSV.decode())
    save(path, "kemitraan", AGREEMENTS)
    return path


# --- aturan_premi -------------------------------------------------------------------------------

RULES_HEADER = "kode_upt,berlaku_mulai,premi_persen,pnbp_persen,modal_persen,dasar_hukum\n"


def test_percentages_that_do_not_add_up_to_100_name_the_row_and_the_three_values(db: Path) -> None:
    text = RULES_HEADER + "LP-A,2017-02,15,35,50,Kepmenkeh\nLP-A,2022-07,40,30,29.5,\n"
    assert messages(db, "aturan_premi", text) == [
        "Baris 3: premi_persen (40) + pnbp_persen (30) + modal_persen (29.5) = 99,5; jumlah ketiganya harus 100 "
        "(selisih paling banyak 0,01)"
    ]
    assert store.read_table(db, "aturan_premi").empty


def test_percentages_within_the_tolerance_are_saved_with_the_rule_over_time(db: Path) -> None:
    save(db, "aturan_premi", RULES_HEADER + "LP-A,2017-02,33.33,33.33,33.33,\nLP-A,Juli 2022,40,30,30,Keputusan\n")
    rules = store.read_table(db, "aturan_premi")
    assert rules["berlaku_mulai"].dt.strftime("%Y-%m").tolist() == ["2017-02", "2022-07"]
    assert rules["premi_persen"].tolist() == [33.33, 40.0]


def test_a_percentage_outside_0_100_is_an_error_of_its_cell(db: Path) -> None:
    text = RULES_HEADER + "LP-A,2017-02,120,-10,-10,\n"
    assert messages(db, "aturan_premi", text) == [
        "Baris 2, kolom premi_persen: 120 di luar rentang 0–100",
        "Baris 2, kolom pnbp_persen: -10 di luar rentang 0–100",
        "Baris 2, kolom modal_persen: -10 di luar rentang 0–100",
    ]


# --- kemitraan ----------------------------------------------------------------------------------


def test_a_bgs_term_over_30_years_is_a_warning_and_the_file_is_saved(db: Path) -> None:
    text = KEMITRAAN_HEADER + "LP-A,BGS-A/2017,BGS,PT Tiga,Gedung workshop,2017-02-04,35,,,,\n"
    result = upload.check_file(db, "kemitraan", csv(text), "kemitraan.csv")
    assert result.ok
    assert result.warnings == [
        "Baris 2, kolom jangka_tahun: 35 untuk skema BGS melebihi 30 (PP 28/2020 membatasi BGS, BSG dan KSP "
        "paling lama 30 tahun); ini peringatan, berkas tetap dapat disimpan."
    ]
    batch = save(db, "kemitraan", text)
    assert batch.peringatan == result.warnings
    log = store.list_batches(db).set_index("batch_id")
    assert "PP 28/2020" in log.loc[batch.batch_id, "peringatan"]


def test_a_long_kso_term_is_no_warning_and_a_term_over_50_years_is_an_error(db: Path) -> None:
    ok = upload.check_file(db, "kemitraan", csv(KEMITRAAN_HEADER + "LP-A,K-1,KSO,PT,Obj,2017-01-01,40,,,,\n"), "k")
    assert ok.ok and ok.warnings == []
    assert messages(db, "kemitraan", KEMITRAAN_HEADER + "LP-A,K-1,KSP,PT,Obj,2017-01-01,51,,,,\n") == [
        "Baris 2, kolom jangka_tahun: 51 di luar rentang 1–50"
    ]


def test_serah_terima_left_empty_is_true_for_bgs_bsg_kpbu_and_false_otherwise(db: Path) -> None:
    text = KEMITRAAN_HEADER + "".join(
        f"LP-A,N-{skema},{skema},PT,Obj,2017-01-01,10,,,,{given}\n"
        for skema, given in (("BGS", ""), ("BSG", ""), ("KPBU", ""), ("KSO", ""), ("KSP", ""), ("Lainnya", "ya"))
    )
    save(db, "kemitraan", text)
    stored = store.read_table(db, "kemitraan").set_index("nomor_perjanjian")["serah_terima"]
    assert stored.to_dict() == {
        "BGS-B/2001": True,  # the fixture's BGS, left empty too
        "KSO-A/2017": False,
        "N-BGS": True,
        "N-BSG": True,
        "N-KPBU": True,
        "N-KSO": False,
        "N-KSP": False,
        "N-LAINNYA": True,
    }


def test_term_end_keeps_the_day_and_turns_29_february_into_28() -> None:
    assert schema.term_end(datetime.date(2017, 3, 1), 10) == datetime.date(2027, 3, 1)
    assert schema.term_end(datetime.date(2016, 2, 29), 1) == datetime.date(2017, 2, 28)
    assert schema.term_end(datetime.date(2016, 2, 29), 4) == datetime.date(2020, 2, 29)


# --- laporan_mitra --------------------------------------------------------------------------------

REPORT_HEADER = "nomor_perjanjian,tahun,omzet_rp,wbp_dipekerjakan,upah_wbp_rp\n"


def test_a_report_year_before_the_agreement_began_is_an_error(db: Path) -> None:
    assert messages(db, "laporan_mitra", REPORT_HEADER + "KSO-A/2017,2016,100000000,10,\n") == [
        "Baris 2, kolom tahun: 2016 di luar jangka perjanjian KSO-A/2017 (1 Maret 2017 sampai 1 Maret 2027)"
    ]


def test_a_report_year_counts_when_the_term_holds_a_day_of_it(db: Path) -> None:
    # 1 June 2010 up to, not including, 1 June 2015: 2010 and 2015 are inside, 2016 is not
    save(
        db,
        "kemitraan",
        KEMITRAAN_HEADER + "LP-A,K-JUN,KSO,PT,Obj,2010-06-01,5,,,,\nLP-A,K-JAN,KSO,PT,Obj,2017-01-01,2,,,,\n",
    )
    text = REPORT_HEADER + "k-jun,2010,1,1,\nK-JUN,2015,1,1,\nK-JUN,2016,1,1,\n"
    assert messages(db, "laporan_mitra", text) == [
        "Baris 4, kolom tahun: 2016 di luar jangka perjanjian K-JUN (1 Juni 2010 sampai 1 Juni 2015)"
    ]
    # a term that ends on 1 January holds no day of that year
    assert messages(db, "laporan_mitra", REPORT_HEADER + "K-JAN,2019,1,1,\n") == [
        "Baris 2, kolom tahun: 2019 di luar jangka perjanjian K-JAN (1 Januari 2017 sampai 1 Januari 2019)"
    ]


def test_a_report_of_an_unknown_agreement_is_an_error_and_the_number_is_compared_in_any_case(db: Path) -> None:
    text = REPORT_HEADER + "KSO-Z/2017,2018,1,1,\nkso-a/2017,2018,2400000000,80,300000000\n"
    assert messages(db, "laporan_mitra", text) == [
        "Baris 2, kolom nomor_perjanjian: 'KSO-Z/2017' tidak ada di daftar kemitraan"
    ]
    save(db, "laporan_mitra", REPORT_HEADER + "kso-a/2017,2018,2400000000,80,300000000\n")
    assert store.read_table(db, "laporan_mitra")["nomor_perjanjian"].tolist() == ["KSO-A/2017"]


def test_an_operator_reports_only_for_the_agreements_of_their_unit(db: Path) -> None:
    refused = messages(db, "laporan_mitra", REPORT_HEADER + "BGS-B/2001,2018,1,1,\n", actor=OPERATOR_A)
    assert "LP-B" in refused[0] and "bukan wewenang" in refused[0]
    batch = save(db, "laporan_mitra", REPORT_HEADER + "KSO-A/2017,2018,1,1,\n", actor=OPERATOR_A)
    assert store.batch_file_refusal(db, batch.batch_id, OPERATOR_A) is None


# --- pnbp.nomor_perjanjian ----------------------------------------------------------------------

PNBP_HEADER = "kode_upt,tanggal_setor,ntpn,jumlah_rp,uraian,nomor_perjanjian\n"


def test_a_deposit_naming_an_unknown_agreement_is_an_error(db: Path) -> None:
    assert messages(db, "pnbp", PNBP_HEADER + "LP-A,2018-12-14,A1B2C3D4E5F6G7H8,12000000,Kontribusi,KSO-X\n") == [
        "Baris 2, kolom nomor_perjanjian: 'KSO-X' tidak ada di daftar kemitraan"
    ]


def test_a_deposit_naming_another_units_agreement_is_an_error(db: Path) -> None:
    text = PNBP_HEADER + "LP-A,2018-12-14,A1B2C3D4E5F6G7H8,12000000,Kontribusi,BGS-B/2001\n"
    assert messages(db, "pnbp", text) == [
        "Baris 2, kolom nomor_perjanjian: 'BGS-B/2001' adalah perjanjian UPT LP-B, bukan UPT LP-A"
    ]


def test_a_pnbp_file_without_the_new_column_still_loads(db: Path) -> None:
    old = "kode_upt,tanggal_setor,ntpn,jumlah_rp,uraian\nLP-A,2018-12-14,A1B2C3D4E5F6G7H8,2500000,Penjualan\n"
    save(db, "pnbp", old)
    save(db, "pnbp", PNBP_HEADER + "LP-A,2018-12-20,B1B2C3D4E5F6G7H8,12000000,Kontribusi,kso-a/2017\n")
    stored = store.read_table(db, "pnbp").set_index("ntpn")["nomor_perjanjian"]
    assert stored.isna()["A1B2C3D4E5F6G7H8"] and stored["B1B2C3D4E5F6G7H8"] == "KSO-A/2017"


# --- aset and status_aset -------------------------------------------------------------------------

ASET_HEADER = "kode_upt,kode_aset,nama_aset,kategori,tahun_perolehan,nilai_perolehan_rp,sumber_dana,nomor_perjanjian\n"
STATUS_HEADER = "kode_aset,periode,kondisi,dipakai\n"


def test_assets_and_their_checks(db: Path) -> None:
    text = ASET_HEADER + (
        "LP-A,3.05.01.04.001-1,Mesin injeksi,mesin dan peralatan,2016,850000000,APBN-P,KSO-A/2017\n"
        "LP-A,3.05.01.04.002-1,Mesin pencacah,Mesin dan peralatan,1949,10,APBN,\n"
    )
    assert messages(db, "aset", text) == [
        f"Baris 3, kolom tahun_perolehan: '1949' di luar rentang tahun 1950–{datetime.date.today().year + 1}"
    ]
    save(db, "aset", text.replace("1949", "1950"))
    checks = STATUS_HEADER + "3.05.01.04.001-1,2024-01,baik,ya\n3.05.01.04.002-1,Januari 2024,Rusak Berat,tidak\n"
    save(db, "status_aset", checks)
    stored = store.read_table(db, "status_aset")
    assert stored["kondisi"].tolist() == ["baik", "rusak berat"] and stored["dipakai"].tolist() == [True, False]


def test_a_check_of_an_unknown_asset_is_an_error(db: Path) -> None:
    assert messages(db, "status_aset", STATUS_HEADER + "9.99.99-1,2024-01,baik,ya\n") == [
        "Baris 2, kolom kode_aset: '9.99.99-1' tidak ada di daftar aset"
    ]


def test_an_asset_of_another_units_agreement_is_an_error(db: Path) -> None:
    text = ASET_HEADER + "LP-B,A-1,Mesin,Lainnya,2016,1,Mitra,KSO-A/2017\n"
    assert messages(db, "aset", text) == [
        "Baris 2, kolom nomor_perjanjian: 'KSO-A/2017' adalah perjanjian UPT LP-A, bukan UPT LP-B"
    ]


# --- the store's own checks and undo ------------------------------------------------------------


def test_the_store_refuses_a_reference_the_check_did_not_see(db: Path) -> None:
    result = upload.check_file(db, "laporan_mitra", csv(REPORT_HEADER + "KSO-A/2017,2018,1,1,\n"), "l.csv")
    assert result.ok
    rows = result.rows.assign(nomor_perjanjian="KSO-GONE")
    with pytest.raises(store.StoreError, match="nomor_perjanjian tidak ada di daftar kemitraan: KSO-GONE"):
        store.load_batch(db, "laporan_mitra", rows, file_name="l.csv", file_bytes=b"x", sha256="x")


def test_undo_of_an_agreement_batch_that_other_rows_name_is_refused_until_they_go(db: Path) -> None:
    agreements = int(store.list_batches(db).query("tabel == 'kemitraan'")["batch_id"].iloc[0])
    report = save(db, "laporan_mitra", REPORT_HEADER + "KSO-A/2017,2018,1,1,\n")
    deposit = save(db, "pnbp", PNBP_HEADER + "LP-A,2018-12-20,B1B2C3D4E5F6G7H8,1,Kontribusi,KSO-A/2017\n")
    with pytest.raises(store.StoreError) as refused:
        store.undo_batch(db, agreements)
    assert str(refused.value) == (
        f"Batch {agreements} tidak dapat dibatalkan: perjanjian KSO-A/2017 yang ditambahkannya sudah memiliki data "
        f"(tabel laporan_mitra, pnbp, batch {report.batch_id}, {deposit.batch_id}). Batalkan dulu batch tersebut."
    )
    assert len(store.read_table(db, "kemitraan")) == 2
    store.undo_batch(db, deposit.batch_id)
    store.undo_batch(db, report.batch_id)
    store.undo_batch(db, agreements)
    assert store.read_table(db, "kemitraan").empty


def test_undo_of_a_batch_that_only_replaced_a_named_agreement_restores_it(db: Path) -> None:
    save(db, "laporan_mitra", REPORT_HEADER + "KSO-A/2017,2018,1,1,\n")
    changed = save(db, "kemitraan", AGREEMENTS.replace("12000000", "15000000"))
    assert changed.baris_diganti == 1 and changed.baris_sama == 1
    store.undo_batch(db, changed.batch_id)
    stored = store.read_table(db, "kemitraan").set_index("nomor_perjanjian")
    assert stored.loc["KSO-A/2017", "kontribusi_tetap_rp"] == 12_000_000


def test_undo_of_an_asset_batch_whose_assets_were_checked_is_refused(db: Path) -> None:
    assets = save(db, "aset", ASET_HEADER + "LP-A,A-1,Mesin,Lainnya,2016,1,APBN,\n")
    save(db, "status_aset", STATUS_HEADER + "A-1,2024-01,baik,ya\n")
    with pytest.raises(store.StoreError, match="aset A-1 yang ditambahkannya sudah memiliki data"):
        store.undo_batch(db, assets.batch_id)


def test_an_operator_may_undo_their_own_report_batch_through_its_agreement(db: Path) -> None:
    report = save(db, "laporan_mitra", REPORT_HEADER + "KSO-A/2017,2018,1,1,\n", actor=OPERATOR_A, user="opa")
    assert store.undo_refusal(db, report.batch_id, OPERATOR_A) is None
    other = auth.Actor("opb", "Operator B", "operator", ("LP-B",))
    assert store.undo_refusal(db, report.batch_id, other) is not None
    assert report.batch_id in store.comparable_batches(db, OPERATOR_A)["batch_id"].tolist()
    assert report.batch_id not in store.comparable_batches(db, other)["batch_id"].tolist()


def test_every_column_of_every_table_has_an_indonesian_label() -> None:
    unlabelled = [c.name for t in schema.TABLES.values() for c in t.columns if views.label(c.name) == c.name]
    assert unlabelled == []


def test_an_agreement_moved_to_another_unit_while_its_deposits_name_it_is_refused(db: Path) -> None:
    save(db, "pnbp", PNBP_HEADER + "LP-A,2018-12-20,B1B2C3D4E5F6G7H8,1,Kontribusi,KSO-A/2017\n")
    moved = AGREEMENTS.replace("LP-A,KSO-A/2017", "LP-B,KSO-A/2017")
    assert messages(db, "kemitraan", moved) == [
        "Perjanjian KSO-A/2017: kode_upt diganti dari LP-A menjadi LP-B, padahal 1 baris pnbp UPT LP-A "
        "menamainya. Ganti baris itu dulu, atau biarkan kode_upt-nya."
    ]


def test_a_new_term_that_leaves_a_report_outside_it_is_refused(db: Path) -> None:
    save(db, "laporan_mitra", REPORT_HEADER + "KSO-A/2017,2017,1,1,\nKSO-A/2017,2026,1,1,\n")
    later = AGREEMENTS.replace("2017-03-01,10", "2018-01-01,5")  # 2018 up to 2023: 2017 and 2026 fall out
    assert messages(db, "kemitraan", later) == [
        "Perjanjian KSO-A/2017: jangka yang baru tidak lagi mencakup laporan_mitra tahun 2017, 2026. Ubah "
        "jangkanya, atau batalkan dulu batch laporan itu."
    ]
    longer = AGREEMENTS.replace("2017-03-01,10", "2017-01-01,12")
    assert upload.check_file(db, "kemitraan", csv(longer), "kemitraan.csv").ok


@pytest.mark.parametrize("table", ["laporan_mitra", "pnbp", "aset"])
def test_a_template_names_a_stored_agreement_of_the_users_unit_and_goes_back_unedited(db: Path, table: str) -> None:
    units = templates.template_units(db, OPERATOR_A)
    named = templates.template_named(db, table, units)
    assert named["nomor_perjanjian"] == "KSO-A/2017"
    if table == "laporan_mitra":
        assert named["tahun"] == min(2027, datetime.date.today().year)  # the term's last year, at most this one
    data = templates.template_csv(table, units, named)
    assert "KSO-A/2017" in data.decode("utf-8-sig")
    result = upload.check_file(db, table, data, f"templat_{table}.csv", actor=OPERATOR_A)
    assert result.ok, [p.pesan for p in result.problems]


def test_a_template_for_a_unit_without_agreements_leaves_the_optional_number_empty(db: Path) -> None:
    units = templates.template_units(db, auth.Actor("opc", "Operator C", "operator", ("LP-A",)))
    store.undo_batch(db, int(store.list_batches(db).query("tabel == 'kemitraan'")["batch_id"].iloc[0]))
    assert templates.template_named(db, "pnbp", units) == {"nomor_perjanjian": ""}
    result = upload.check_file(db, "pnbp", templates.template_csv("pnbp", units, {"nomor_perjanjian": ""}), "t.csv")
    assert result.ok and result.rows["nomor_perjanjian"].isna().all()
