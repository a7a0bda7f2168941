"""The dashboard holds no lock while idle: a command-line ingest beside it succeeds and the next rerun shows it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from lapas_metrics import fmt, store

PRODUKSI = (
    "kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp,nilai_penjualan_rp\n"
    "LP-SUKAMISKIN,2025-12,Percetakan,Kalender meja,1000,pcs,5000000000,0\n"
)


def test_a_cli_ingest_while_the_dashboard_is_open_shows_on_the_next_rerun(
    open_app, dashboard_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "live.duckdb"
    shutil.copy(dashboard_db, db)
    shutil.copytree(store.originals_dir(dashboard_db), store.originals_dir(db))
    app = open_app(db=db)
    before = {m.label: m.value for m in app.metric}["Nilai produksi"]

    source = tmp_path / "produksi_tambahan.csv"
    source.write_text(PRODUKSI)
    done = subprocess.run(
        [sys.executable, "-m", "lapas_metrics", "ingest", "--db", str(db), "--table", "produksi", str(source)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "1 baris baru" in done.stdout

    app.run()
    after = {m.label: m.value for m in app.metric}["Nilai produksi"]
    assert before != after
    # Rp 18,2 M before (the demo's 2025 production in Jawa Barat) plus Rp 5 M from the new row
    expected = sum(store.metric_frames(db)["produksi"].query("periode.dt.year == 2025")["nilai_produksi_rp"])
    assert after == fmt.rupiah_short(expected)
