"""The load benchmark's pieces: a demo database, the 100k-row produksi report landing mid-run, the server's memory."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.national import national_db
from lapas_metrics import clock, config, metrics, store

ROOT = Path(__file__).resolve().parents[1]


def demo_database(directory: Path) -> Path:
    """A fresh demo database in `directory` (as `make demo` builds it)."""
    path = directory / "beban.duckdb"
    subprocess.run(
        [sys.executable, "-m", "lapas_metrics", "init", "--db", str(path), "--demo"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return path


def national_copy(directory: Path) -> Path:
    """A copy of the national benchmark database (benchmarks.national: about 530 UPT over 10 years)."""
    source = national_db()
    path = directory / "beban_nasional.duckdb"
    shutil.copy(source, path)
    if store.originals_dir(source).exists():
        shutil.copytree(store.originals_dir(source), store.originals_dir(path))
    return path


def shown_year(path: Path) -> tuple[int, int]:
    """(the year the main page opens on, the months of it that are due) as of today, from the data."""
    inputs = metrics.MetricInputs.from_store(store.metric_frames(path), clock.today(), config.batas_hari_lapor())
    tahun = metrics.default_year(inputs)
    assert tahun is not None, "the demo database has no year"
    return tahun, max(1, int(metrics.expected_months(inputs, [tahun])[0]))


def produksi_report(path: Path, out: Path, rows: int = 100_000) -> Path:
    """A valid produksi CSV of `rows` new rows (products the demo does not have) for every unit of the
    database, over the due months of the year the main page shows: the cards change once it lands."""
    tahun, months = shown_year(path)
    kode = sorted(store.known_upt(path))
    slot = np.arange(rows)
    unit = slot % len(kode)
    month = (slot // len(kode)) % months
    product = slot // (len(kode) * months)
    rng = np.random.default_rng(16)
    jumlah = rng.integers(10, 500, rows)
    nilai = jumlah * rng.integers(5_000, 50_000, rows)
    report = pd.DataFrame(
        {
            "kode_upt": np.asarray(kode, dtype=object)[unit],
            "periode": [f"{tahun}-{m + 1:02d}" for m in month],
            "bidang": "Kerajinan",
            "produk": [f"Produk uji beban {p + 1}" for p in product],
            "jumlah": jumlah,
            "satuan": "pcs",
            "nilai_produksi_rp": nilai,
            "nilai_penjualan_rp": (nilai * 0.8).astype(np.int64),
        }
    )
    report.to_csv(out, index=False)
    return out


def ingest(path: Path, report: Path) -> subprocess.CompletedProcess[str]:
    """The command-line import an operator's script would run, as its own process (the one writer)."""
    return subprocess.run(
        [sys.executable, "-m", "lapas_metrics", "ingest", "--db", str(path), "--table", "produksi", str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        for child in children:
            found += [int(child), *_children(int(child))]
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (the server, its workers, the proxy), in MB."""
    total = 0
    for each in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024
