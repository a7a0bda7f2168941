"""Unggah Data and Riwayat Unggahan through AppTest: good and bad files, commit, repeat, undo with confirmation, limits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lapas_metrics import __main__ as cli
from lapas_metrics import config, schema, store
from lapas_metrics import upload as uploads

# The demo loads one batch per table, each after the tables its rows name (schema.LOAD_ORDER): the twelve
# tables since the partnership issue (seven before it); an upload after the demo is batch DEMO_BATCHES + 1.
DEMO_BATCHES = len(schema.TABLES)
NEXT_BATCH = DEMO_BATCHES + 1


def demo_batch(table: str) -> int:
    return schema.LOAD_ORDER.index(table) + 1


APP = Path(__file__).resolve().parents[2] / "app.py"
DEMO_UPT = (config.DEMO_DIR / "upt.csv").read_bytes()
DEMO_PRODUKSI = (config.DEMO_DIR / "produksi.csv").read_bytes()

# Row 2 replaces a demo row (LP-BOGOR 2016-01 Kerajinan tangan), row 3 is new.
GOOD = (
    b"kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp,nilai_penjualan_rp\n"
    b"LP-BOGOR,2016-01,Kerajinan,Kerajinan tangan,140,pcs,4200000,4000000\n"
    b"LP-BOGOR,2026-01,Pangan,Roti uji,10,pcs,50000,40000\n"
)
BAD = (
    b"kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp\n"
    b"LP-BOGOR,2024-01,Pangan,Roti,10,pcs,1000\n"
    b"LP-TIDAKADA,2024-13,Perikanan,Roti,-1,pcs,abc\n"
)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    uploads.init_db(path, demo=True)
    return path


@pytest.fixture
def db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, navigation_only: None) -> Path:
    """A fresh copy of the demo database, served by the app through $LAPAS_DB."""
    path = tmp_path / "lapas.duckdb"
    shutil.copy(demo_template, path)
    monkeypatch.setenv("LAPAS_DB", str(path))
    st.cache_data.clear()
    yield path
    st.cache_data.clear()


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, table: str, name: str, data: bytes) -> AppTest:
    at.selectbox(key="upload_table").set_value(table)
    at.file_uploader(key="upload_file").set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def report(at: AppTest) -> pd.DataFrame:
    frames = [t.value for t in at.table if list(t.value.columns) == ["Baris", "Kolom", "Nilai", "Pesan"]]
    assert frames, "no validation report on the page"
    return frames[0].rename(columns=str.lower)


def commit_buttons(at: AppTest) -> list:
    return [b for b in at.button if b.key == "upload_commit"]


def test_good_file_preview_commit_and_summary(db: Path) -> None:
    before = len(store.read_table(db, "produksi"))
    at = upload(open_page("pages/unggah.py"), "produksi", "produksi_jan.csv", GOOD)
    assert "2 baris siap disimpan" in texts(at.success)
    assert "2 baris pertama dari 2 baris" in texts(at.markdown)
    preview = [d.value for d in at.dataframe if "Nilai produksi" in d.value.columns][0]
    assert preview["Nilai produksi"].tolist() == ["4.200.000", "50.000"]
    assert preview["Periode"].tolist() == ["2016-01", "2026-01"]

    at.button(key="upload_commit").click().run()
    assert not at.exception, at.exception
    summary = texts(at.success)
    assert "1 baris baru, 1 baris diganti, 0 baris sama, 0 peringatan" in summary
    assert not commit_buttons(at)
    assert len(store.read_table(db, "produksi")) == before + 1
    newest = store.list_batches(db).iloc[0]
    assert (newest["tabel"], newest["nama_file"], newest["status"]) == ("produksi", "produksi_jan.csv", "aktif")
    assert f"Tersimpan sebagai batch {newest['batch_id']} " in summary


def changes_table(at: AppTest) -> pd.DataFrame:
    frames = [d.value for d in at.dataframe if "Nilai baru" in d.value.columns]
    assert len(frames) == 1, "no list of changes on the page"
    return frames[0]


def year_of_bakso(corrected_march: str | None = None) -> bytes:
    """LP-BOGOR's twelve months of Bakso sapi in 2024 from the demo file; March's nilai_produksi_rp corrected."""
    lines = DEMO_PRODUKSI.decode("utf-8").splitlines()
    year = [line for line in lines if line.startswith("LP-BOGOR,2024-") and ",Bakso sapi," in line]
    assert len(year) == 12
    if corrected_march is not None:
        fields = year[2].split(",")
        fields[6] = corrected_march
        year[2] = ",".join(fields)
    return ("\n".join([lines[0], *year]) + "\n").encode()


def test_a_resent_year_with_one_corrected_month_shows_the_change_before_saving(db: Path) -> None:
    at = upload(open_page("pages/unggah.py"), "produksi", "bakso_2024.csv", year_of_bakso("134470554"))
    assert "12 baris siap disimpan" in texts(at.success)
    assert "0 baris baru, 1 baris diganti, 11 baris sama" in texts(at.success)
    counts = {m.label: m.value for m in at.metric}
    assert (counts["Baris baru"], counts["Baris diganti"], counts["Baris sama"]) == ("0", "1", "11")
    changes = changes_table(at)
    assert changes.to_dict("records") == [
        {
            "Kode UPT": "LP-BOGOR",
            "Periode": "2024-03",
            "Bidang": "Pangan",
            "Produk": "Bakso sapi",
            "Kolom": "Nilai produksi",
            "Nilai tersimpan": "Rp 134.470.553",
            "Nilai baru": "Rp 134.470.554",
        }
    ]
    assert (
        len(store.read_table(db, "produksi", with_batch=True).query(f"batch_id > {DEMO_BATCHES}")) == 0
    )  # nothing saved yet

    at.button(key="upload_commit").click().run()
    assert not at.exception, at.exception
    assert "0 baris baru, 1 baris diganti, 11 baris sama" in texts(at.success)
    newest = store.list_batches(db).iloc[0]
    assert (newest["baris_baru"], newest["baris_diganti"], newest["baris_sama"]) == (0, 1, 11)


def test_a_file_with_sen_changes_shows_them_with_sen(db: Path) -> None:
    at = upload(open_page("pages/unggah.py"), "produksi", "bakso_sen.csv", year_of_bakso("134470553.50"))
    changes = changes_table(at)
    assert changes[["Nilai tersimpan", "Nilai baru"]].values.tolist() == [["Rp 134.470.553", "Rp 134.470.553,50"]]


def test_bad_file_report_names_rows_and_writes_nothing(db: Path) -> None:
    batches = len(store.list_batches(db))
    at = upload(open_page("pages/unggah.py"), "produksi", "salah.csv", BAD)
    assert "ditolak: 5 masalah" in texts(at.error)
    problems = report(at)
    assert problems["baris"].tolist() == ["3"] * 5
    assert problems["kolom"].tolist() == ["kode_upt", "periode", "bidang", "jumlah", "nilai_produksi_rp"]
    assert all(text.startswith("Baris 3, kolom ") for text in problems["pesan"])
    assert "LP-TIDAKADA" in problems["nilai"].tolist()
    assert "Menampilkan 5 dari 5 masalah" in texts(at.caption)
    assert not commit_buttons(at)
    assert len(store.list_batches(db)) == batches


def test_file_level_problem_has_no_row(db: Path) -> None:
    at = upload(open_page("pages/unggah.py"), "produksi", "kosong.csv", b"kode_upt,periode\nLP-BOGOR,2024-01\n")
    problems = report(at)
    assert problems["baris"].tolist() == [""]
    assert "Kolom wajib tidak ada" in problems["pesan"].iloc[0]


def test_number_style_choice_feeds_the_importer(db: Path) -> None:
    ambiguous = (
        b"kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp\n"
        b'LP-BOGOR,2026-02,Pangan,Roti uji,10,pcs,"1,500"\n'
    )
    at = upload(open_page("pages/unggah.py"), "produksi", "gaya.csv", ambiguous)
    message = report(at)["pesan"].iloc[0]
    assert "Gaya angka" in message and "--locale" not in message
    at.radio(key="upload_locale").set_value("Inggris (1,234,567.50)").run()
    assert not at.exception
    preview = [d.value for d in at.dataframe if "Nilai produksi" in d.value.columns][0]
    assert preview["Nilai produksi"].tolist() == ["1.500"]
    at.radio(key="upload_locale").set_value("Indonesia (1.234.567,50)").run()
    preview = [d.value for d in at.dataframe if "Nilai produksi" in d.value.columns][0]
    assert preview["Nilai produksi"].tolist() == ["1,50"]


def test_repeated_file_is_reported_and_changes_nothing(db: Path) -> None:
    batches = len(store.list_batches(db))
    at = upload(open_page("pages/unggah.py"), "produksi", "produksi.csv", DEMO_PRODUKSI)
    assert "sudah pernah disimpan (batch 2)" in texts(at.info)
    assert not commit_buttons(at)
    assert len(store.list_batches(db)) == batches


def test_too_large_file_gets_a_clear_message(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPAS_MAX_UPLOAD_MB", "0.001")
    at = upload(
        open_page("pages/unggah.py"), "produksi", "besar.csv", GOOD + b"LP-BOGOR,2026-02,Pangan,Roti,1,pcs,1,1\n" * 40
    )
    message = texts(at.error)
    assert "melebihi batas unggahan" in message and "MB" in message
    assert not commit_buttons(at)


def test_templates_download_and_guide_on_page(db: Path) -> None:
    at = open_page("pages/unggah.py")
    at.selectbox(key="upload_table").set_value("partisipasi").run()
    assert not at.exception
    guide = [t.value for t in at.table if "Keterangan" in t.value.columns][0]
    assert guide["Kolom"].tolist() == ["kode_upt", "periode", *guide["Kolom"].tolist()[2:]]
    assert "tidak boleh melebihi jumlah_penghuni" in guide.set_index("Kolom").loc["wbp_bekerja", "Keterangan"]
    labels = [b.label for b in at.get("download_button")]
    assert any("CSV" in label for label in labels) and any("XLSX" in label for label in labels)


def test_upt_upload_missing_a_unit_keeps_it_and_names_it(db: Path) -> None:
    lines = DEMO_UPT.decode("utf-8").splitlines()
    assert lines[1].startswith("LP-BANCEUY,")
    without_banceuy = ("\n".join([lines[0], *lines[2:]]) + "\n").encode()
    at = upload(open_page("pages/unggah.py"), "upt", "upt_baru.csv", without_banceuy)
    warning = texts(at.warning)
    assert "LP-BANCEUY (sudah punya data)" in warning and "tidak pernah menghapus" in warning
    at.button(key="upload_commit").click().run()
    assert not at.exception, at.exception
    assert "1 peringatan" in texts(at.success)
    assert "LP-BANCEUY" in store.read_table(db, "upt")["kode_upt"].tolist()
    stored_warning = store.list_batches(db).iloc[0]["peringatan"]
    assert "LP-BANCEUY" in stored_warning


def test_cli_upt_upload_names_missing_units(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = DEMO_UPT.decode("utf-8").splitlines()
    source = tmp_path / "upt.csv"
    source.write_text("\n".join([lines[0], *lines[3:]]) + "\n", encoding="utf-8")
    assert cli.main(["ingest", "--db", str(db), "--table", "upt", str(source)]) == 0
    out = capsys.readouterr().out
    assert "Peringatan: 2 UPT" in out and "LP-BANCEUY" in out and "LP-BANJAR" in out
    assert {"LP-BANCEUY", "LP-BANJAR"} <= set(store.read_table(db, "upt")["kode_upt"])


def test_busy_database_is_a_warning_not_a_traceback(db: Path, monkeypatch: pytest.MonkeyPatch, lock_holder) -> None:
    monkeypatch.setenv("LAPAS_LOCK_WAIT_S", "0.3")
    at = upload(open_page("pages/unggah.py"), "produksi", "produksi_jan.csv", GOOD)
    holder = lock_holder(db)
    commit = commit_buttons(at)
    if commit:
        commit[0].click()
    at.run()
    holder.release()
    assert not at.exception, at.exception
    assert "sedang dipakai proses lain" in texts(at.warning)
    assert len(store.list_batches(db)) == DEMO_BATCHES


def open_history(batch_id: int) -> AppTest:
    at = open_page("pages/riwayat.py")
    at.selectbox(key="hist_batch").set_value(batch_id).run()
    assert not at.exception, at.exception
    return at


def test_history_lists_batches_and_filters(db: Path) -> None:
    at = open_page("pages/riwayat.py")
    log = [d.value for d in at.dataframe if "Batch" in d.value.columns][0]
    assert log["Batch"].tolist() == list(range(DEMO_BATCHES, 0, -1))
    assert log.loc[log["Batch"] == demo_batch("realisasi"), "Baris baru"].item() == "11.865"
    assert log.loc[log["Batch"] == demo_batch("realisasi"), "Baris sama"].item() == "0"
    assert "None" not in log.to_string()
    at.multiselect(key="hist_tables").set_value(["pnbp", "upt"]).run()
    log = [d.value for d in at.dataframe if "Batch" in d.value.columns][0]
    assert log["Batch"].tolist() == [demo_batch("pnbp"), 1]
    at.selectbox(key="hist_status").set_value("dibatalkan").run()
    assert "Tidak ada batch" in texts(at.info)
    labels = [b.label for b in at.get("download_button")]
    assert labels == []


def test_undo_with_confirmation_restores_the_replaced_rows(db: Path) -> None:
    before = store.read_table(db, "produksi")
    at = upload(open_page("pages/unggah.py"), "produksi", "produksi_jan.csv", GOOD)
    at.button(key="upload_commit").click().run()
    batch_id = int(store.list_batches(db).iloc[0]["batch_id"])

    at = open_history(batch_id)
    assert any("produksi_jan.csv" in b.label for b in at.get("download_button"))
    assert not [b for b in at.button if b.key == "undo_confirm"]
    at.button(key="undo_start").click().run()
    sentence = texts(at.warning)
    assert f"Membatalkan batch {batch_id}" in sentence
    assert "menghapus 2 baris" in sentence and "memulihkan 1 baris lama" in sentence
    assert len(store.read_table(db, "produksi")) == len(before) + 1  # nothing changed before confirming

    at.button(key="undo_confirm").click().run()
    assert not at.exception, at.exception
    assert f"Batch {batch_id}" in texts(at.success) and "dibatalkan" in texts(at.success)
    pd.testing.assert_frame_equal(store.read_table(db, "produksi"), before)
    assert store.list_batches(db).iloc[0]["status"] == "dibatalkan"


def test_undo_can_be_called_off(db: Path) -> None:
    at = open_history(5)
    at.button(key="undo_start").click().run()
    at.button(key="undo_cancel").click().run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "undo_confirm"]
    assert store.list_batches(db).set_index("batch_id").loc[5, "status"] == "aktif"


def test_refused_undo_of_upt_batch_shows_the_store_message(db: Path) -> None:
    at = open_history(1)
    at.button(key="undo_start").click().run()
    at.button(key="undo_confirm").click().run()
    assert not at.exception, at.exception
    message = texts(at.error)
    assert "Batch 1 tidak dapat dibatalkan" in message and "sudah memiliki data" in message
    assert len(store.read_table(db, "upt")) == 33
    assert store.list_batches(db).set_index("batch_id").loc[1, "status"] == "aktif"


def test_refused_undo_of_a_replaced_batch(db: Path) -> None:
    at = upload(open_page("pages/unggah.py"), "produksi", "produksi_jan.csv", GOOD)
    at.button(key="upload_commit").click().run()
    at = open_history(2)  # the demo batch whose row the upload replaced
    at.button(key="undo_start").click().run()
    at.button(key="undo_confirm").click().run()
    assert f"sudah diganti oleh batch {NEXT_BATCH}" in texts(at.error)


def test_xlsx_template_goes_through_the_page(db: Path) -> None:
    from lapas_metrics import templates

    at = open_page("pages/unggah.py")
    at.selectbox(key="upload_table").set_value("upt")
    at.file_uploader(key="upload_file").set_value(
        ("templat_upt.xlsx", templates.template_xlsx("upt"), templates.XLSX_MIME)
    )
    at.run()
    assert not at.exception, at.exception
    assert "1 baris siap disimpan" in texts(at.success)
    at.button(key="upload_commit").click().run()
    assert templates.EXAMPLE_CODE in store.read_table(db, "upt")["kode_upt"].tolist()


def test_pages_without_a_database_then_first_upload_creates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, navigation_only: None
) -> None:
    missing = tmp_path / "baru.duckdb"
    monkeypatch.setenv("LAPAS_DB", str(missing))
    st.cache_data.clear()
    at = open_page("pages/riwayat.py")
    assert "Belum ada unggahan" in texts(at.info)
    at = upload(open_page("pages/unggah.py"), "upt", "upt.csv", DEMO_UPT)
    at.button(key="upload_commit").click().run()
    assert not at.exception, at.exception
    assert len(store.read_table(missing, "upt")) == 33
    st.cache_data.clear()


def test_after_undo_the_same_file_can_be_stored_again(db: Path) -> None:
    at = upload(open_page("pages/unggah.py"), "produksi", "produksi_jan.csv", GOOD)
    at.button(key="upload_commit").click().run()
    assert f"Tersimpan sebagai batch {NEXT_BATCH}" in texts(at.success)
    store.undo_batch(db, NEXT_BATCH)
    st.cache_data.clear()
    at.run()
    assert "Tersimpan sebagai" not in texts(at.success)
    assert "2 baris siap disimpan" in texts(at.success)
    at.button(key="upload_commit").click().run()
    assert f"Tersimpan sebagai batch {NEXT_BATCH + 1}" in texts(at.success)


def test_a_partner_report_goes_through_the_page_with_its_term_checked(db: Path) -> None:
    """The partnership tables are on the page like the seven: a year outside the agreement's term is a row of the
    report, a good file is saved; the demo's Cikarang KSO runs from 1 March 2017 for 10 years."""
    header = b"nomor_perjanjian,tahun,omzet_rp,wbp_dipekerjakan,upah_wbp_rp\n"
    bad = upload(
        open_page("pages/unggah.py"), "laporan_mitra", "laporan.csv", header + b"KSO.W11.PAS.CKR-01/2017,2016,1,1,\n"
    )
    assert report(bad)["pesan"].tolist() == [
        "Baris 2, kolom tahun: 2016 di luar jangka perjanjian KSO.W11.PAS.CKR-01/2017 (1 Maret 2017 sampai 1 Maret 2027)"
    ]
    assert not commit_buttons(bad)
    good = upload(
        open_page("pages/unggah.py"),
        "laporan_mitra",
        "laporan.csv",
        header + b"kso.w11.pas.ckr-01/2017,2026,3500000000,85,\n",
    )
    assert "1 baris siap disimpan" in texts(good.success)
    good.button(key="upload_commit").click().run()
    assert not good.exception, good.exception
    assert f"Tersimpan sebagai batch {NEXT_BATCH}" in texts(good.success)
    stored = store.read_table(db, "laporan_mitra")
    assert ((stored["nomor_perjanjian"] == "KSO.W11.PAS.CKR-01/2017") & (stored["tahun"] == 2026)).sum() == 1
