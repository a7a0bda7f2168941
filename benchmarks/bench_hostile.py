"""Benchmark: each hostile XLSX of tests/hostile.py answered by the importer, with its time and peak memory.

Run from the project folder: .venv/bin/python -m benchmarks.bench_hostile
Each file is built here and read in its own process so that its peak memory (ru_maxrss) is its own.
Target (issue 11): every file answered within 10 s and 500 MB, at the default limits.
"""

from __future__ import annotations

import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lapas_metrics import config
from lapas_metrics.ingest import read_upload

TARGET_SECONDS, TARGET_MB = 10.0, 500.0
_SPEC = importlib.util.spec_from_file_location("hostile", config.PROJECT_DIR / "tests" / "hostile.py")


def _builders() -> dict:
    """tests/hostile.py's files, and a sheet of real rows as large as the unpacked limit lets through."""
    assert _SPEC is not None and _SPEC.loader is not None
    hostile = importlib.util.module_from_spec(_SPEC)
    _SPEC.loader.exec_module(hostile)
    return {**hostile.HOSTILE, "many_rows_90k": lambda: hostile.many_rows(90_000)}


def measure(name: str, path: str) -> dict[str, object]:
    data = Path(path).read_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    result = read_upload(data, f"{name}.xlsx", "produksi", max_bytes=10**9)
    return {
        "seconds": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,  # what the wall time is on an idle machine
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "file_kb": len(data) / 1024,
        "answer": result.problems[0].pesan if result.problems else f"{len(result.rows)} baris diterima",
    }


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
        return
    print(f"{'file':<22}{'KB':>9}{'s':>8}{'cpu s':>8}{'MB':>8}  answer")
    worst = {"seconds": 0.0, "peak_mb": 0.0}
    for name, build in _builders().items():
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as file:
            file.write(build())
            file.flush()
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_hostile", "--child", name, file.name],
                check=True,
                capture_output=True,
                text=True,
            )
        row = json.loads(out.stdout)
        worst = {key: max(worst[key], row[key]) for key in worst}
        print(
            f"{name:<22}{row['file_kb']:>9.0f}{row['seconds']:>8.2f}{row['cpu_s']:>8.2f}{row['peak_mb']:>8.0f}  {row['answer'][:90]}"
        )
    ok = worst["seconds"] <= TARGET_SECONDS and worst["peak_mb"] <= TARGET_MB
    print(
        f"worst: {worst['seconds']:.2f} s, {worst['peak_mb']:.0f} MB "
        f"(target {TARGET_SECONDS:g} s, {TARGET_MB:g} MB): {'met' if ok else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
