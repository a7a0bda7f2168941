"""Issue #12's January: full 2025 and one UPT's January 2026 upload, seen on 15 February 2026."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lapas_metrics import config, metrics, store, upload

DEMO = config.DEMO_DIR
UNIT = "LP-BOGOR"


def january_upload(db: Path) -> None:
    """LP-BOGOR's January 2026: its January 2025 rows of partisipasi, realisasi and produksi, a year on."""
    for table in ("partisipasi", "realisasi", "produksi"):
        rows = pd.read_csv(DEMO / f"{table}.csv", dtype=str)
        rows = rows[rows["kode_upt"].eq(UNIT) & rows["periode"].eq("2025-01")].assign(periode="2026-01")
        result, batch = upload.import_file(db, table, rows.to_csv(index=False).encode(), f"{table}_2026_01.csv")
        assert batch is not None, result


@pytest.fixture
def january_db(dashboard_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "januari.duckdb"
    shutil.copy(dashboard_db, db)
    shutil.copytree(store.originals_dir(dashboard_db), store.originals_dir(db))
    january_upload(db)
    monkeypatch.setenv("LAPAS_PER_TANGGAL", "2026-02-15")
    return db


def test_one_january_upload_leaves_2025_as_the_year_and_its_units_complete(open_app, january_db: Path) -> None:
    app = open_app(db=january_db)
    assert not app.exception, [e.value for e in app.exception]
    assert app.sidebar.selectbox(key="f_tahun").value == 2025  # 1 of 33 units reported January: under half
    assert app.sidebar.date_input(key="f_per_tanggal").value.isoformat() == "2026-02-15"
    assert "Kanwil Jawa Barat · TA 2025 · Posisi data: 15 Februari 2026" in [c.value for c in app.caption]
    # 2025 is judged as a complete year: the upload of 2026 changes none of its flags.
    frames = store.metric_frames(january_db)
    config_ = metrics.load_audit_config()

    def flags_as_of(day: dt.date) -> pd.DataFrame:
        return metrics.flag_status(metrics.yearly_figures(metrics.MetricInputs.from_store(frames, day), 2025), config_)

    now, later = flags_as_of(dt.date(2026, 2, 15)), flags_as_of(dt.date(2027, 6, 1))
    assert now.equals(later)
    assert not now["laporan_tidak_lengkap"].fillna(False).astype(bool).any()


def test_choosing_2026_compares_january_with_january(open_app, january_db: Path) -> None:
    app = open_app(db=january_db)
    app.sidebar.selectbox(key="f_tahun").set_value(2026).run()
    assert not app.exception, [e.value for e in app.exception]
    captions = [c.value for c in app.caption]
    assert any(c.startswith("TA 2026 s.d. Januari vs Januari 2025: ") and "1 dari 33 UPT" in c for c in captions)
    assert (
        "Garis tegas: TA 2026 s.d. Januari; garis putus-putus: Januari 2025 "
        "(keduanya atas 1 dari 33 UPT yang sudah melapor)." in captions
    )
    # The trend compares the same unit's January in both years, as the cards do.
    trend = [chart for chart in app.get("plotly_chart") if "Nilai produksi per bulan" in chart.proto.spec]
    assert trend, "no monthly production trend"
    traces = json.loads(trend[0].proto.spec)["data"]
    januaries = {trace["name"]: trace["y"] for trace in traces}
    # LP-BOGOR's January 2026 is its January 2025 a year on: the same value on both lines.
    assert len(januaries) == 2 and len({tuple(y) for y in januaries.values()}) == 1, januaries
    cards = {metric.label: metric for metric in app.metric}
    production = cards["Nilai produksi"].proto
    assert production.delta_description == "vs Jan 2025"  # short on the card; the line above says it whole
    assert production.delta == "±0,0 %"  # the same January, not −98,5 % against the whole of 2025
    assert "Angka utama TA 2026 s.d. Januari" in [h.value for h in app.subheader]  # titles name the months too
