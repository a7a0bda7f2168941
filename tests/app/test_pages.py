"""The dashboard pages under AppTest: every page runs, filters change what is shown, cards equal the metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from opening import closed_tables, open_tables
from streamlit.testing.v1 import AppTest

from lapas_metrics import clock, fmt, metrics, store, ui, upload, views

PAGES = ["pages/ringkasan.py", "pages/profil_upt.py", "pages/produksi.py", "pages/partisipasi.py", "pages/anggaran.py"]
NO_DATA_WORDS = ("Tidak ada", "belum")


def _inputs(db: Path) -> metrics.MetricInputs:
    return metrics.MetricInputs(**store.metric_frames(db))


def _expected_cards(db: Path, tahun: int, hanya_industri: bool = False) -> dict[str, str]:
    """The Ringkasan card values worked out without the page: group_totals over the filtered units, formatted with fmt."""
    inputs = _inputs(db)
    filters = ui.Filters(kanwil="Jawa Barat", tahun=tahun, jenis=(), kelas=(), hanya_industri=hanya_industri)
    totals = metrics.group_totals(inputs, [tahun], by=None, kode_upt=filters.codes(inputs.upt))
    row = totals[totals["tahun"] == tahun].iloc[0]
    return {
        "Nilai produksi": fmt.rupiah_short(row["nilai_produksi_rp"]),
        "PNBP disetor": fmt.rupiah_short(row["pnbp_rp"]),
        "Capaian target PNBP": fmt.percent(row["capaian_pnbp"]),
        "WBP bekerja (rata-rata)": fmt.number(row["wbp_bekerja_rata2"]),
        "Partisipasi kerja": fmt.percent(row["tingkat_partisipasi"]),
        "Pagu efektif": fmt.rupiah_short(row["pagu_efektif_rp"]),
        "Penyerapan anggaran": fmt.percent(row["penyerapan"]),
        "Okupansi": fmt.percent(row["okupansi"]),
    }


def _cards(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def _chart(app: AppTest, key: str) -> dict:
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if chart.proto.id.endswith(key) or key in chart.proto.id:
            return spec
    raise AssertionError(f"no chart with key {key}")


def _texts(app: AppTest) -> str:
    parts = [*app.info, *app.caption, *app.markdown, *app.success, *app.warning, *app.error]
    return "\n".join(str(part.value) for part in parts)


def _assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_default_page_is_ringkasan(open_app) -> None:
    app = open_app()
    _assert_clean(app)
    assert app.title[0].value == "📊 Ringkasan"
    # The as-of date is part of the caption since issue #12 ("Posisi data: …", today by default).
    posisi = fmt.long_date(clock.today())
    assert f"Kanwil Jawa Barat · TA 2025 · Posisi data: {posisi}" in [c.value for c in app.caption]


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_charts_and_downloads(open_app, page: str) -> None:
    app = open_app(page)
    _assert_clean(app)
    assert len(app.get("plotly_chart")) >= 1
    assert any("Kanwil Jawa Barat · TA 2025" in c.value for c in app.caption)
    # The tables per UPT are built only once their expander is opened; then each has its CSV download.
    if page != "pages/profil_upt.py":  # one unit: its tables are short and always shown
        assert closed_tables(app) and not app.get("download_button")
    open_tables(app)
    _assert_clean(app)
    assert not closed_tables(app)
    assert len(app.get("download_button")) >= 1


def test_ringkasan_cards_equal_group_totals(open_app, dashboard_db: Path) -> None:
    app = open_app()
    assert _cards(app) == _expected_cards(dashboard_db, 2025)


def test_industri_filter_changes_cards_and_ranking(open_app, dashboard_db: Path) -> None:
    app = open_app()
    before = _cards(app)
    ranking_before = _chart(app, "rk_chart")["data"][0]["y"]
    ranking_before = [name.replace("<br>", " ") for name in ranking_before]  # bar names wrap (charts.base)
    app.checkbox(key="f_industri").check().run()
    _assert_clean(app)
    after = _cards(app)
    assert after != before
    assert after == _expected_cards(dashboard_db, 2025, hanya_industri=True)
    ranking_after = _chart(app, "rk_chart")["data"][0]["y"]
    ranking_after = [name.replace("<br>", " ") for name in ranking_after]
    industri = _inputs(dashboard_db).upt.query("lapas_industri")["nama_upt"]
    assert len(ranking_after) < len(ranking_before)
    assert set(ranking_after) == set(industri)
    assert any("hanya Lapas Industri" in c.value for c in app.caption)


def test_year_filter_changes_cards(open_app, dashboard_db: Path) -> None:
    app = open_app()
    app.selectbox(key="f_tahun").set_value(2019).run()
    _assert_clean(app)
    assert _cards(app) == _expected_cards(dashboard_db, 2019)
    assert app.subheader[0].value == "Angka utama TA 2019"


def test_ranking_follows_the_chosen_figure(open_app, dashboard_db: Path) -> None:
    app = open_app()
    app.selectbox(key="rk_angka").set_value("penyerapan").run()
    app.radio(key="rk_urutan").set_value("Terendah").run()
    spec = _chart(app, "rk_chart")
    assert spec["layout"]["title"]["text"].startswith("Penyerapan anggaran per UPT")
    rows = views.year_rows(
        metrics.yearly_figures(_inputs(dashboard_db), 2025), 2025, _inputs(dashboard_db).upt["kode_upt"]
    )
    lowest = rows.sort_values("penyerapan").iloc[0]
    assert spec["data"][0]["y"][0].replace("<br>", " ") == lowest["nama_upt"]
    assert spec["data"][0]["customdata"][0][0] == fmt.percent(lowest["penyerapan"])


def test_risk_list_links_to_profile(open_app) -> None:
    app = open_app()
    links = app.get("page_link")
    assert links, "no unit at risk in the demo data for 2025"
    assert all(link.proto.query_string.startswith("upt=") for link in links)
    assert links[0].proto.page.endswith("profil_upt.py") or "profil" in links[0].proto.page


@pytest.mark.parametrize("page", PAGES)
def test_filter_without_data_shows_a_sentence(open_app, page: str) -> None:
    app = open_app()
    app.multiselect(key="f_kelas").set_value(["II"]).run()  # only the LPKA, which is not a Lapas Industri
    app.checkbox(key="f_industri").check().run()
    app.switch_page(page).run()
    _assert_clean(app)
    assert not app.get("plotly_chart")
    assert any(word in info.value for info in app.info for word in NO_DATA_WORDS)


@pytest.mark.parametrize("page", PAGES)
def test_empty_database_shows_a_sentence(open_app, tmp_path: Path, page: str) -> None:
    empty = tmp_path / "kosong.duckdb"
    upload.init_db(empty)
    app = open_app(page, db=empty)
    _assert_clean(app)
    assert not app.get("plotly_chart")
    assert app.info


def test_profile_from_link_shows_unit_flags_and_report(open_app, dashboard_db: Path) -> None:
    app = open_app("pages/profil_upt.py", query={"upt": "LP-KUNINGAN"})
    _assert_clean(app)
    assert app.selectbox(key="f_upt").value == "LP-KUNINGAN"
    figures = metrics.yearly_figures(_inputs(dashboard_db))
    reasons = metrics.flag_reasons(figures, metrics.load_audit_config())
    sentence = reasons.query("kode_upt == 'LP-KUNINGAN' and tahun == 2025")["kalimat"].iloc[0]
    assert sentence in _texts(app)
    assert app.get("download_button")  # CSV tables and the HTML report
    assert len(app.get("plotly_chart")) >= 5


def test_profile_switches_unit(open_app) -> None:
    app = open_app("pages/profil_upt.py")
    app.selectbox(key="f_upt").set_value("LP-BOGOR").run()
    _assert_clean(app)
    assert any(c.value.startswith("Lapas Kelas IIA Bogor ·") for c in app.caption)


def test_anggaran_unit_curves_follow_the_choice(open_app) -> None:
    app = open_app("pages/anggaran.py")
    app.multiselect(key="ag_upt_kurva").set_value(["LP-BOGOR"]).run()
    _assert_clean(app)
    names = [trace["name"] for trace in _chart(app, "ag_kurva_upt")["data"]]
    assert names == ["Lapas Kelas IIA Bogor"]
    app.checkbox(key="f_industri").check().run()  # the remembered choice must survive a narrower filter
    _assert_clean(app)
