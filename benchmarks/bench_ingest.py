"""Benchmark: the validated import of a 1,000,000-row produksi CSV beside DuckDB's bare read_csv load.

Run from the project folder: .venv/bin/python -m benchmarks.bench_ingest [--rows N]
Each measurement runs in its own process so that its peak memory (ru_maxrss) is its own.
Targets (issue 2): validated import within 3x the bare load; peak memory under 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

import demo
from lapas_metrics import config, schema, store, upload

WORK = config.DATA_DIR / "national"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_bare(csv_path: str, db_path: str) -> dict[str, float]:
    """DuckDB's own load of the same file into a file database, with the contract's column types."""
    columns = {c.name: c.duckdb_type for c in schema.PRODUKSI.columns}
    columns["periode"] = "VARCHAR"  # YYYY-MM is not a DATE literal for read_csv; the cast happens on insert
    started = time.perf_counter()
    con = duckdb.connect(db_path)
    con.execute(f"CREATE TABLE produksi AS SELECT * FROM read_csv(?, header=true, columns={columns!r})", [csv_path])
    con.close()
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def measure_import(csv_path: str, db_path: str) -> dict[str, float]:
    """What `python -m lapas_metrics ingest` does: read the bytes, validate, write one batch with history."""
    os.environ["LAPAS_MAX_UPLOAD_MB"] = "500"
    started = time.perf_counter()
    data = Path(csv_path).read_bytes()
    result, batch = upload.import_file(Path(db_path), "produksi", data, Path(csv_path).name)
    seconds = time.perf_counter() - started
    if batch is None:
        raise SystemExit(f"import rejected: {result.problems[:3]}")
    return {"seconds": seconds, "peak_mb": _peak_mb(), "rows": batch.baris_baru}


def _child(kind: str, csv_path: str, db_path: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_ingest", "--child", kind, csv_path, db_path],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, csv_path, db_path = args.child
        figures = measure_bare(csv_path, db_path) if kind == "bare" else measure_import(csv_path, db_path)
        print(json.dumps(figures))
        return

    WORK.mkdir(parents=True, exist_ok=True)
    csv_path = WORK / f"produksi_{args.rows}.csv"
    if not csv_path.exists():
        print(f"writing {csv_path} ...", flush=True)
        demo.produksi_csv(csv_path, args.rows)
    size_mb = csv_path.stat().st_size / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        bare_db = Path(tmp) / "bare.duckdb"
        import_db = Path(tmp) / "import.duckdb"
        store.migrate(import_db)
        upt_csv = Path(tmp) / "upt.csv"
        demo.national_upt().to_csv(upt_csv, index=False)
        # The unit list goes in first, as on a real system; it is not part of the timing.
        _, upt_batch = upload.import_file(import_db, "upt", upt_csv.read_bytes(), "upt.csv")
        assert upt_batch is not None, "national upt list rejected"
        bare = _child("bare", str(csv_path), str(bare_db))
        validated = _child("import", str(csv_path), str(import_db))
    ratio = validated["seconds"] / bare["seconds"]
    print(f"file: {csv_path.name}, {args.rows:,} rows, {size_mb:.1f} MB")
    print(
        f"DuckDB bare load (CREATE TABLE AS SELECT * FROM read_csv): {bare['seconds']:.2f} s, peak {bare['peak_mb']:.0f} MB"
    )
    print(
        f"validated import (upload.import_file):                      {validated['seconds']:.2f} s, peak {validated['peak_mb']:.0f} MB"
    )
    print(f"ratio: {ratio:.2f}x (target <= 3x); peak memory target < 1536 MB")
    print("PASS" if ratio <= 3 and validated["peak_mb"] < 1536 else "MISS")


if __name__ == "__main__":
    main()
