"""The real server and headless Chromium: a finding from a flag, the unit's answer with a file, the judgement, the kanwil's %."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from browser_steps import PASSWORD, WAIT, Server, settled

from lapas_metrics import auth, evaluation, fmt, metrics, store

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright belum terpasang: pip install -r requirements-dev.txt"
)
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
KANWIL = "Jawa Barat"  # the demo data's only kanwil
DEADLINE = dt.date(2027, 1, 31)


def signed_in(chromium, server: str, username: str, address: str, title: str):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True, locale="id-ID")
    page = context.new_page()
    page.goto(f"{server}/{address}")
    settled(page, "Masuk")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    settled(page, title)
    return page


def choose(page, key: str, option: str, exact: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Pick `option` (part of its text unless `exact`) in the select box `key`; a rerun that closes the list opens
    it again."""
    wanted = page.get_by_role("option", name=option, exact=exact)
    for _ in range(3):
        page.locator(f".st-key-{key}").get_by_role("combobox").click()
        try:
            wanted.click(timeout=5_000)
            return
        except sync_api.TimeoutError:
            page.keyboard.press("Escape")
    wanted.click(timeout=WAIT)


def shots(page, title: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """`name`_1280.png and `name`_390.png (full page), the page settled again at each width."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 1000})
        settled(page, title)
        # the app scrolls inside its main block: the viewport grows to hold all of it
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": width, "height": min(int(height) + 40, 12_000)})
        settled(page, title)
        page.screenshot(path=str(SCREENSHOTS / f"{name}_{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 1000})
    settled(page, title)


def seeded(database: Path) -> None:
    """Two other recommendations of the kanwil before the test's own: LP-BOGOR's, one already judged sesuai."""
    recommendations = (
        evaluation.NewRecommendation("1", "Setorkan PNBP", dt.date(2026, 6, 30), status="sesuai", catatan_status="Ok"),
        evaluation.NewRecommendation("2", "Susun SOP", dt.date(2027, 6, 30)),
    )
    finding = evaluation.NewFinding(
        "T-2026-LPBOGOR-90", "LP-BOGOR", "PNBP terlambat disetor", "PMK 155/2021", recommendations, sumber="impor"
    )
    store.record_findings(database, [finding], auth.SYSTEM_ACTOR)


def kanwil_percent(database: Path) -> tuple[int, int]:
    """(sesuai, rekomendasi) of the kanwil's active findings, counted by hand from the store's rows."""
    frame = store.recommendations_frame(database, auth.SYSTEM_ACTOR)
    mine = frame[frame["kanwil"] == KANWIL]
    return int((mine["status"] == "sesuai").sum()), len(mine)


def card(page, label: str):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def flag_sentence(database: Path, kode: str, tahun: int, flag: str) -> str:
    inputs = metrics.MetricInputs(**store.metric_frames(database))
    reasons = metrics.flag_reasons(metrics.yearly_figures(inputs), metrics.load_audit_config())
    row = reasons[(reasons["kode_upt"] == kode) & (reasons["tahun"] == tahun) & (reasons["flag"] == flag)]
    return str(row["kalimat"].iloc[0])


def test_a_flag_becomes_a_finding_answered_with_a_file_judged_sesuai_and_the_kanwil_percentage_moves(
    browser_db: Path, tmp_path: Path, fresh_server: Server, chromium, monkeypatch: pytest.MonkeyPatch
) -> None:
    expect = sync_api.expect
    database = tmp_path / "temuan.duckdb"
    shutil.copy(browser_db, database)
    seeded(database)
    users = tmp_path / "users.toml"
    monkeypatch.setenv("LAPAS_USERS_FILE", str(users))
    auth.add_user("aud", "Bu Auditor", "auditor", [], PASSWORD)
    SCREENSHOTS.mkdir(exist_ok=True)
    with fresh_server(database, {"LAPAS_USERS_FILE": str(users)}) as server:
        # 1. the auditor: Ruang Audit, the chosen unit-year's first raised flag, "Catat temuan"
        page = signed_in(chromium, server, "aud", "audit", "Ruang Audit")
        button = page.locator('[class*="st-key-au_catat_"]').first
        expect(button).to_be_visible(timeout=WAIT)
        flag = next(
            name.removeprefix("st-key-au_catat_")
            for name in str(button.get_attribute("class")).split()
            if name.startswith("st-key-au_catat_")
        )
        button.get_by_role("button", name="Catat temuan").click()
        settled(page, "Temuan & Rekomendasi")
        kondisi = page.locator(".st-key-tm_kondisi textarea")
        expect(kondisi).not_to_have_value("", timeout=WAIT)
        prefilled = kondisi.input_value()
        page.locator(".st-key-tm_kriteria textarea").fill("Peraturan Menteri Keuangan tentang pelaksanaan anggaran")
        page.locator(".st-key-tm_rek_0_teks textarea").fill("Susun jadwal penarikan dana yang merata sepanjang tahun")
        # Streamlit 1.67's date field: day, month and year segments, typed into from the day on
        page.locator(".st-key-tm_rek_0_batas [data-type=day]").click()
        page.keyboard.type(DEADLINE.strftime("%d%m%Y"))
        expect(page.locator(".st-key-tm_rek_0_batas input[type=date]")).to_have_value(DEADLINE.isoformat())
        page.get_by_role("button", name="Simpan temuan").click()
        expect(page.get_by_text("tercatat dengan 1 rekomendasi")).to_be_visible(timeout=WAIT)
        expect(page.get_by_test_id("stException")).to_have_count(0)

        # the store holds it as the flag's finding, kondisi the flag's sentence; the page shows it in the register
        found = store.list_findings(database, auth.SYSTEM_ACTOR)
        row = found[found["sumber"] == "bendera"].iloc[0]
        kode, tahun = str(row["kode_upt"]), int(row["tahun_flag"])
        sentence = flag_sentence(database, kode, tahun, flag)
        assert (row["flag"], row["kondisi"], prefilled) == (flag, sentence, sentence)
        recommendation = store.recommendations_frame(database, auth.SYSTEM_ACTOR).set_index("temuan_id")
        rec = recommendation.loc[int(row["temuan_id"])]
        assert (rec["penanggung_jawab"], pd.Timestamp(rec["batas_waktu"]).date()) == (kode, DEADLINE)
        nomor = str(row["nomor_temuan"])
        main = page.get_by_test_id("stMain")
        expect(main.get_by_text(f"{nomor} · Aktif")).to_be_visible(timeout=WAIT)
        expect(main.get_by_test_id("stMarkdownContainer").filter(has_text=f"Kondisi — {sentence}")).to_have_count(1)
        expect(main.get_by_text(f"sumber: bendera {fmt.plain(row['judul'])} TA {tahun}", exact=False)).to_be_visible()
        shots(page, "Temuan & Rekomendasi", "temuan_daftar")
        # the new-finding form is empty again on screen: no unit shown above a form that is not drawn
        page.get_by_role("tab", name="Catat temuan").click()
        expect(page.get_by_text("Pilih UPT temuan untuk mengisi formulir.")).to_be_visible(timeout=WAIT)
        expect(page.locator(".st-key-tm_kode").get_by_role("combobox")).to_have_value("")
        page.get_by_role("tab", name="Daftar temuan").click()

        # the kanwil's share before: 1 sesuai (LP-BOGOR's) of 3 recommendations
        sesuai, total = kanwil_percent(database)
        assert (sesuai, total) == (1, 3)
        before = fmt.percent(sesuai / total, 1)
        assert before == "33,3 %"
        # the register's link opens the recommendation on Tindak Lanjut (?upt=&rekomendasi=)
        page.get_by_role("link", name="Tindak lanjut rekomendasi 1").click()
        settled(page, "Tindak Lanjut")
        expect(card(page, "TL sesuai")).to_have_text(before, timeout=WAIT)
        expect(page.get_by_role("heading", name=f"Rekomendasi {nomor} / 1")).to_be_visible(timeout=WAIT)
        page.context.close()

        # 2. the unit's operator answers with what was done and an evidence file
        auth.add_user("opr", "Operator UPT", "operator", [kode], PASSWORD)
        page = signed_in(chromium, server, "opr", "tindak_lanjut", "Tindak Lanjut")
        choose(page, "tl_pilih", f"{nomor} / 1")
        page.locator(".st-key-tl_uraian textarea").fill("Jadwal penarikan dana bulanan ditetapkan dengan SK Kalapas")
        page.locator(".st-key-tl_bukti input[type=file]").set_input_files(
            files=[{"name": "sk_jadwal.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 sk jadwal"}]
        )
        expect(page.locator(".st-key-tl_bukti").get_by_text("sk_jadwal.pdf")).to_be_visible(timeout=WAIT)
        page.get_by_role("button", name="Kirim pelaksanaan").click()
        expect(page.get_by_text("terkirim dengan 1 berkas bukti")).to_be_visible(timeout=WAIT)
        expect(page.get_by_role("button", name="📎 sk_jadwal.pdf")).to_be_visible(timeout=WAIT)
        # the form is empty again on screen, the file gone from the uploader: nothing to send twice
        expect(page.locator(".st-key-tl_uraian textarea")).to_have_value("")
        expect(page.get_by_test_id("stFileUploaderFile")).to_have_count(0)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        shots(page, "Tindak Lanjut", "tindak_lanjut_utas")
        page.context.close()
        thread = store.followup_thread(database, int(rec["rekomendasi_id"]), auth.SYSTEM_ACTOR)
        assert [name for _, name in thread["bukti"].iloc[-1]] == ["sk_jadwal.pdf"]

        # 3. the auditor judges it sesuai with a note; the kanwil's share moves to 2 of 3
        page = signed_in(chromium, server, "aud", "tindak_lanjut", "Tindak Lanjut")
        expect(card(page, "TL sesuai")).to_have_text(before, timeout=WAIT)
        choose(page, "tl_pilih", f"{nomor} / 1")
        choose(page, "tl_nilai_status", "Sesuai", exact=True)
        page.locator(".st-key-tl_nilai_catatan textarea").fill("SK jadwal penarikan dana sudah ditetapkan.")
        page.get_by_role("button", name="Simpan penilaian").click()
        expect(page.get_by_text("Status rekomendasi menjadi Sesuai.")).to_be_visible(timeout=WAIT)
        sesuai, total = kanwil_percent(database)
        assert (sesuai, total) == (2, 3)
        after = fmt.percent(sesuai / total, 1)
        assert after == "66,7 %"
        expect(card(page, "TL sesuai")).to_have_text(after, timeout=WAIT)
        # the picker shows the recommendation's new status, not the one it was chosen with
        picked = f"{nomor} / 1 · {row['nama_upt']} · Sesuai"
        expect(page.locator(".st-key-tl_pilih").get_by_role("combobox")).to_have_value(picked, timeout=WAIT)
        expect(page.locator(".st-key-tl_nilai_catatan textarea")).to_have_value("")
        expect(page.get_by_text("Catatan: SK jadwal penarikan dana sudah ditetapkan.")).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
        shots(page, "Tindak Lanjut", "tindak_lanjut_pemantauan")
        page.context.close()
