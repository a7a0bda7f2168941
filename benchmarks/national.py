"""The national-scale database (about 530 UPTs in 33 kanwil, ten years) that the benchmarks share."""

from __future__ import annotations

import os
import time
from pathlib import Path

import demo
from lapas_metrics import config, schema, store, upload

NATIONAL_DIR = config.DATA_DIR / "national"
NATIONAL_DB = NATIONAL_DIR / "national.duckdb"


def national_db(path: Path = NATIONAL_DB) -> Path:
    """Build the national database through the importer once; later calls reuse the file."""
    if path.exists():
        return path
    csv_dir = path.parent / "csv"
    started = time.perf_counter()
    files = demo.generate_national(csv_dir)
    os.environ.setdefault("LAPAS_MAX_UPLOAD_MB", "500")
    # status_aset: 530 units x 20 assets x 120 monthly checks = 1.27 million rows, over the default row limit
    os.environ.setdefault("LAPAS_MAX_ROWS", "2000000")
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    store.migrate(building)
    for name in schema.LOAD_ORDER:  # each table after the ones its rows name
        result, batch = upload.import_file(building, name, files[name].read_bytes(), files[name].name)
        if batch is None:
            raise SystemExit(f"national {name} rejected: {[p.pesan for p in result.problems[:3]]}")
    building.rename(path)
    print(f"built {path} in {time.perf_counter() - started:.1f} s", flush=True)
    return path
