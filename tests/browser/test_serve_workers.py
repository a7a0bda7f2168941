"""`python -m lapas_metrics serve` for real: two Streamlit workers behind HAProxy, raw websocket sessions, SIGTERM, a dying worker."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benchmarks.ws_client import Run, Session
from lapas_metrics import serve
from tests.serving import haproxy

PROJECT = Path(__file__).resolve().parents[2]
START_S = 180.0  # two or three Python processes importing pandas and plotly on two busy cores
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "demo.duckdb"
    made = subprocess.run(
        [sys.executable, "-m", "lapas_metrics", "init", "--db", str(path), "--demo"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    return path


def free_port() -> int:
    return serve.free_ports(1)[0]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def children_of(pid: int) -> list[int]:
    """The processes whose parent is pid (from /proc: the field after the command's closing parenthesis)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def command_line(pid: int) -> list[str]:
    return (Path("/proc") / str(pid) / "cmdline").read_bytes().decode().split("\0")[:-1]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for(condition: Callable[[], bool], timeout: float, what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"serve stopped early while waiting for {what}"
        assert time.monotonic() < deadline, f"no {what} after {timeout:.0f} s"
        time.sleep(0.1)


@pytest.fixture
def start_serve(demo_db: Path, tmp_path: Path) -> Iterator[Callable[[int, int], subprocess.Popen[bytes]]]:
    """start_serve(port, workers): `serve` in a process of its own, its output in tmp_path/serve.out, its
    logs in tmp_path/log; whatever is still running at the end is killed."""
    started: list[subprocess.Popen[bytes]] = []
    seen: list[int] = []

    def begin(port: int, workers: int) -> subprocess.Popen[bytes]:
        argv = ["serve", "--db", str(demo_db), "--port", str(port), "--workers", str(workers)]
        with (tmp_path / "serve.out").open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "lapas_metrics", *argv, "--log-dir", str(tmp_path / "log")],
                cwd=PROJECT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append(process)
        wait_for(lambda: f"Dasbor siap di http://127.0.0.1:{port}" in output(tmp_path), START_S, "ready line", process)
        seen.extend(children_of(process.pid))
        return process

    yield begin
    for pid in seen:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def output(tmp_path: Path) -> str:
    path = tmp_path / "serve.out"
    return path.read_text(encoding="utf-8") if path.exists() else ""


async def two_sessions(port: int) -> list[Run]:
    """Two browser tabs' websockets through the proxy, the second opened while the first is open (leastconn
    then sends it to the other worker), each rerunning the main page once."""
    sessions = [Session(port), Session(port)]
    try:
        for session in sessions:
            await session.open()
        return list(await asyncio.gather(*(session.rerun() for session in sessions)))
    finally:
        for session in sessions:
            await session.close()


def served_by(log: Path, path: str) -> list[str]:
    """The worker of each request for `path` in HAProxy's log (httplog: 'dasbor pekerja/pekerja2 ...')."""
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return re.findall(rf" pekerja/(pekerja\d+) .*\"GET {re.escape(path)} HTTP", text)


def test_two_workers_behind_haproxy_serve_a_session_each_and_stop_on_sigterm(start_serve, tmp_path: Path) -> None:
    haproxy()
    port = free_port()
    process = start_serve(port, 2)
    assert output(tmp_path).splitlines()[-1] == (
        f"Dasbor siap di http://127.0.0.1:{port} (2 pekerja). Tekan Ctrl-C untuk berhenti."
    )
    children = children_of(process.pid)
    commands = {pid: command_line(pid) for pid in children}
    workers = [pid for pid, argv in commands.items() if argv[1:4] == ["-m", "streamlit", "run"]]
    proxies = [pid for pid, argv in commands.items() if Path(argv[0]).name == "haproxy"]
    assert len(workers) == 2 and len(proxies) == 1 and len(children) == 3
    worker_ports = [int(commands[pid][commands[pid].index("--server.port") + 1]) for pid in workers]
    settings = Path(commands[proxies[0]][commands[proxies[0]].index("-f") + 1])
    assert settings.is_file() and f"bind 127.0.0.1:{port}" in settings.read_text(encoding="utf-8")

    # The dashboard through the proxy, in demo mode: X-Forwarded-For names loopback, so it opens (no error).
    runs = asyncio.run(two_sessions(port))
    assert [run.errors for run in runs] == [[], []]
    assert all(run.metrics for run in runs)
    log = tmp_path / "log" / "haproxy.log"
    wait_for(lambda: len(served_by(log, "/_stcore/stream")) >= 2, 30, "websocket lines in haproxy.log", process)
    assert sorted(served_by(log, "/_stcore/stream")) == ["pekerja1", "pekerja2"]

    # Sticky: a browser holding the cookie keeps its worker; a new one is given the cookie.
    for _ in range(3):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Cookie": "lapas_pekerja=pekerja2"})
        with _DIRECT.open(request, timeout=30) as answer:
            assert answer.status == 200 and answer.headers.get("Set-Cookie") is None
    with _DIRECT.open(f"http://127.0.0.1:{port}/", timeout=30) as answer:
        assert re.match(r"lapas_pekerja=pekerja[12]; path=/; HttpOnly; SameSite=Lax", answer.headers["Set-Cookie"])
    wait_for(lambda: len(served_by(log, "/")) >= 4, 30, "page lines in haproxy.log", process)
    assert served_by(log, "/")[:3] == ["pekerja2"] * 3

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    assert output(tmp_path).splitlines()[-1] == "Dasbor berhenti; 2 pekerja dan HAProxy sudah dimatikan."
    assert [pid for pid in children if alive(pid)] == []
    assert not settings.parent.exists()  # the temporary folder with HAProxy's configuration
    assert all(port_is_free(each) for each in [port, *worker_ports])
    for number in (1, 2):
        assert "Stopping..." in (tmp_path / "log" / f"pekerja-{number}.log").read_text(encoding="utf-8")


def test_one_worker_runs_without_the_proxy_and_a_dying_worker_stops_serve(start_serve, tmp_path: Path) -> None:
    port = free_port()
    process = start_serve(port, 1)
    (worker,) = children_of(process.pid)
    argv = command_line(worker)
    assert argv[argv.index("--server.address") + 1 :][:3] == ["127.0.0.1", "--server.port", str(port)]
    with _DIRECT.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=30) as answer:
        assert answer.status == 200
    os.kill(worker, signal.SIGKILL)
    assert process.wait(timeout=60) == 1
    assert output(tmp_path).splitlines()[-1] == (
        "Galat: Pekerja 1 berhenti tanpa diminta (dimatikan sinyal 9), jadi semua proses serve dihentikan; "
        f"lihat {tmp_path / 'log' / 'pekerja-1.log'}."
    )
    assert "Traceback" not in output(tmp_path)
    assert port_is_free(port)


def test_serve_killed_outright_takes_its_workers_with_it(start_serve) -> None:
    """SIGKILL leaves serve no time to stop anything: Linux stops its children (PR_SET_PDEATHSIG), so the
    port is free again for the next start; one worker needs no temporary folder, so none is left."""
    folders = set(Path(tempfile.gettempdir()).glob("lapas-serve-*"))
    port = free_port()
    process = start_serve(port, 1)
    (worker,) = children_of(process.pid)
    process.kill()
    assert process.wait(timeout=30) == -signal.SIGKILL
    wait_for_gone = time.monotonic() + 30
    while alive(worker) or not port_is_free(port):
        assert time.monotonic() < wait_for_gone, "the worker outlived serve"
        time.sleep(0.1)
    assert set(Path(tempfile.gettempdir()).glob("lapas-serve-*")) == folders
