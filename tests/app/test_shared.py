"""What the sessions of one server process share: figures built once and never changed, frames read once per write."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from lapas_metrics import store, ui
from lapas_metrics.charts import memo
from lapas_metrics.ui import data

DASHBOARD = ["pages/ringkasan.py", "pages/profil_upt.py", "pages/produksi.py", "pages/partisipasi.py"]
DASHBOARD += ["pages/anggaran.py", "pages/kemitraan.py"]


@pytest.mark.parametrize("page", DASHBOARD)
def test_a_rerun_draws_the_kept_figures_and_no_page_changes_one(open_app, page: str) -> None:
    memo.forget()
    app = open_app(page)
    assert not app.exception, [e.value for e in app.exception]
    kept = dict(memo._FIGURES)
    drawn = {key: figure.to_json() for key, figure in kept.items()}
    assert drawn, "the page drew no kept figure"
    app.run()
    assert not app.exception
    assert dict(memo._FIGURES) == kept  # nothing built again: every chart came from the kept figures
    assert {key: figure.to_json() for key, figure in kept.items()} == drawn


def test_many_sessions_after_a_write_read_the_frames_once(dashboard_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ui.clear_caches()
    reads = []
    real = store.metric_frames

    def slow_read(path: Path) -> dict:
        reads.append(path)
        time.sleep(0.2)  # long enough for every session to ask while the first one reads
        return real(path)

    monkeypatch.setattr(store, "metric_frames", slow_read)
    stamp = store.db_stamp(dashboard_db)
    posisi = ui.as_of()
    found = []
    barrier = threading.Barrier(12)

    def session() -> None:
        barrier.wait()
        found.append(data._inputs(str(dashboard_db), stamp, posisi))

    threads = [threading.Thread(target=session) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1
    assert len(found) == 12 and all(inputs is found[0] for inputs in found)  # shared, not copied
    ui.clear_caches()
