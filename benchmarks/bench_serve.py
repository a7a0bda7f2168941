"""Benchmark: many users at once through the real server (python -m lapas_metrics serve), raw websocket sessions.

Run from the project folder: .venv/bin/python -m benchmarks.bench_serve [--workers N] [--users N] [--national]
(the options measure what one machine holds, docs/satu_mesin.md; the targets are for the defaults)
Targets (issue 16), on the demo data:
- burst: 20 sessions rerunning the main page at once, rerun p95 <= 1.5 s;
- morning: 50 sessions arriving 0.6 s apart, each rerunning every 5-15 s for 90 s, a 100k-row produksi
  ingest (command line) committed after 20 s: first render p95 <= 2 s, rerun p95 <= 1 s, no error,
  and every session shows the new data on its first rerun after the ingest.
The server's memory (itself, its workers and the proxy) is printed for the morning.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import load
from benchmarks.ws_client import Run, Session

BURST, BURST_ROUNDS, BURST_TARGET = 20, 5, 1.5
USERS, ARRIVAL_S, STAY_S, THINK_S, INGEST_AT_S = 50, 0.6, 90.0, (5.0, 15.0), 20.0
FIRST_TARGET, RERUN_TARGET = 2.0, 1.0


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "lapas_metrics", "serve", "--db", str(db), "--port", str(port)]
    command += ["--workers", str(workers)]
    server = subprocess.Popen(command, cwd=load.ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"the server did not answer within 120 s; see {log}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


async def burst(port: int, count: int = BURST) -> list[float]:
    """`count` sessions open and render the page, then rerun it all at once, BURST_ROUNDS times."""
    sessions = [Session(port) for _ in range(count)]
    await asyncio.gather(*(session.open() for session in sessions))
    await asyncio.gather(*(session.rerun() for session in sessions))
    seconds: list[float] = []
    for _ in range(BURST_ROUNDS):
        runs = await asyncio.gather(*(session.rerun() for session in sessions))
        seconds += [run.seconds for run in runs]
        failed = [error for run in runs for error in run.errors]
        if failed:
            raise SystemExit(f"burst: {failed[:3]}")
        await asyncio.sleep(1.0)
    await asyncio.gather(*(session.close() for session in sessions))
    return seconds


@dataclass
class Morning:
    first: list[Run] = field(default_factory=list)
    reruns: list[Run] = field(default_factory=list)
    by_user: dict[int, list[Run]] = field(default_factory=dict)
    ingest_started: float = 0.0
    ingest_done: float = 0.0
    ingest_message: str = ""
    rss_mb: list[float] = field(default_factory=list)


async def user(port: int, number: int, result: Morning, rng: random.Random) -> None:
    await asyncio.sleep(number * ARRIVAL_S)
    session = Session(port)
    await session.open()
    arrived = time.monotonic()
    run = await session.rerun()
    result.first.append(run)
    result.by_user[number] = [run]
    while time.monotonic() - arrived < STAY_S:
        await asyncio.sleep(rng.uniform(*THINK_S))
        run = await session.rerun()
        result.reruns.append(run)
        result.by_user[number].append(run)
    await session.close()


async def watch_memory(pid: int, result: Morning, until: asyncio.Event) -> None:
    while not until.is_set():
        result.rss_mb.append(load.tree_rss_mb(pid))
        await asyncio.sleep(1.0)


async def morning(port: int, db: Path, report: Path, server_pid: int, users: int = USERS) -> Morning:
    result = Morning()
    rng = random.Random(16)
    done = asyncio.Event()
    memory = asyncio.create_task(watch_memory(server_pid, result, done))
    users = [asyncio.create_task(user(port, n, result, random.Random(rng.random()))) for n in range(users)]
    await asyncio.sleep(INGEST_AT_S)
    result.ingest_started = time.monotonic()
    finished = await asyncio.to_thread(load.ingest, db, report)
    result.ingest_done = time.monotonic()
    result.ingest_message = (finished.stdout or finished.stderr).strip().splitlines()[-1]
    if finished.returncode != 0:
        raise SystemExit(f"the ingest failed: {result.ingest_message}")
    await asyncio.gather(*users)
    done.set()
    await memory
    return result


def fresh_data_check(result: Morning) -> tuple[list[str], str, str]:
    """(problems, the page's figures before the ingest, after it): every run started after the ingest
    shows the new figures, which differ from the old ones; a run started before it shows the old ones."""
    before = {run.digest for runs in result.by_user.values() for run in runs if run.started < result.ingest_started}
    after = {run.digest for runs in result.by_user.values() for run in runs if run.started > result.ingest_done}
    problems = []
    if len(before) != 1 or len(after) != 1 or before == after:
        problems.append(f"figures before the ingest {sorted(before)}, after it {sorted(after)}")
    for number, runs in sorted(result.by_user.items()):
        later = [run for run in runs if run.started > result.ingest_done]
        if not later:
            problems.append(f"session {number} made no run after the ingest")
        elif after and later[0].digest not in after:
            problems.append(f"session {number} showed old figures after the ingest")
    return problems, ",".join(sorted(before)), ",".join(sorted(after))


def report_morning(result: Morning) -> list[str]:
    first = [run.seconds for run in result.first]
    rerun = [run.seconds for run in result.reruns]
    errors = [error for run in result.first + result.reruns for error in run.errors]
    problems, before, after = fresh_data_check(result)
    print(
        f"morning: {len(first)} sessions, {len(rerun)} reruns; ingest {result.ingest_done - result.ingest_started:.1f} s"
        f" ({result.ingest_message})"
    )
    print(f"    first render  p95 {p95(first):5.2f} s  max {max(first):5.2f} s   target {FIRST_TARGET:g} s")
    print(f"    rerun         p95 {p95(rerun):5.2f} s  max {max(rerun):5.2f} s   target {RERUN_TARGET:g} s")
    after_ingest = [run.seconds for run in result.reruns if run.started > result.ingest_started]
    print(f"    reruns after the ingest started: {len(after_ingest)}, p95 {p95(after_ingest):5.2f} s")
    print(f"    errors {len(errors)}{': ' + '; '.join(errors[:3]) if errors else ''}")
    print(f"    page figures before {before}, after {after}; stale sessions: {len(problems)}")
    for problem in problems[:5]:
        print(f"      {problem}")
    peak = max(result.rss_mb, default=float("nan"))
    print(f"    server memory (proxy + workers): peak {peak:,.0f} MB, at the end {result.rss_mb[-1]:,.0f} MB")
    missed = []
    if p95(first) > FIRST_TARGET:
        missed.append("first render")
    if p95(rerun) > RERUN_TARGET:
        missed.append("rerun")
    if errors:
        missed.append("errors")
    if problems:
        missed.append("fresh data")
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--users", type=int, default=USERS, help="sessions of the morning (and 2/5 of it at once)")
    parser.add_argument("--national", action="store_true", help="the national database (530 UPT, 10 years)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lapas-beban-") as work:
        directory = Path(work)
        db = load.national_copy(directory) if args.national else load.demo_database(directory)
        report = load.produksi_report(db, directory / "produksi_100k.csv")
        log = directory / "server.log"
        port = free_port()
        at_once = BURST if args.users == USERS else max(1, args.users * 2 // 5)
        print(f"serve --workers {args.workers} on port {port}, {'national' if args.national else 'demo'} data")
        server = start_server(db, port, args.workers, log)
        try:
            seconds = asyncio.run(burst(port, at_once))
            burst_missed = p95(seconds) > BURST_TARGET
            print(
                f"burst: {at_once} sessions x {BURST_ROUNDS} rounds at once: rerun p95 {p95(seconds):.2f} s, "
                f"max {max(seconds):.2f} s   target {BURST_TARGET:g} s"
            )
            missed = ["burst"] if burst_missed else []
            missed += report_morning(asyncio.run(morning(port, db, report, server.pid, args.users)))
        finally:
            stop_server(server)
    print("targets: " + ("all met" if not missed else f"missed: {missed}"))


if __name__ == "__main__":
    main()
