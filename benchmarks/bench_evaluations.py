"""Benchmark: the scores of every evaluation (530 units × 3 years, ≈1,600 evaluations × 28 answers).

Run from the project folder: .venv/bin/python -m benchmarks.bench_evaluations
Targets (issue 13): the comparison page's first run ≤ 2 s and rerun ≤ 1 s; its data is
store.evaluation_scores, timed here on its first call in the process (instruments not yet read)
and again (the best of three).
"""

from __future__ import annotations

import time

from benchmarks.evaluations import evaluations_db
from lapas_metrics import auth, store

FIRST_TARGET, RERUN_TARGET = 2.0, 1.0
ACTOR = auth.Actor("bench", "Benchmark", "admin")
PIMPINAN = auth.Actor("pim", "Pimpinan", "pimpinan")


def timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def main() -> None:
    path = evaluations_db()
    first, scores = timed(lambda: store.evaluation_scores(path, ACTOR))
    again = min(timed(lambda: store.evaluation_scores(path, ACTOR))[0] for _ in range(3))
    final_only = min(timed(lambda: store.evaluation_scores(path, PIMPINAN))[0] for _ in range(3))
    unit = min(timed(lambda: store.evaluation_scores(path, ACTOR, kode_upt="LP-0001"))[0] for _ in range(3))
    rows = len(scores)  # type: ignore[arg-type]
    print(
        f"evaluation_scores, {rows} evaluations: first {first:.2f} s (target {FIRST_TARGET} s), "
        f"again {again:.2f} s (target {RERUN_TARGET} s); final only {final_only:.2f} s; one unit {unit:.3f} s"
    )
    if first > FIRST_TARGET or again > RERUN_TARGET:
        raise SystemExit("evaluation_scores is slower than its target")


if __name__ == "__main__":
    main()
