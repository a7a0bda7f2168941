"""Serving many users on one machine: Streamlit workers on loopback behind HAProxy, started and stopped together."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from lapas_metrics import auth, config

APP = config.PROJECT_DIR / "app.py"
LOG_DIR = config.DATA_DIR / "serve"
DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_WORKERS = 16
HEALTH_PATH = "/_stcore/health"
ROUTE_COOKIE = "lapas_pekerja"  # HAProxy's cookie naming the worker that holds a browser's session
START_TIMEOUT_S = 120.0  # four workers importing pandas and plotly on two cores take about 15 s
STOP_GRACE_S = 5.0  # after SIGTERM, before SIGKILL
POLL_S = 0.25
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

DEMO_ON_LOOPBACK = (
    "Mode demo (belum ada pengguna) hanya melayani komputer ini, karena semua fitur terbuka tanpa masuk: "
    "--address {address} ditolak. Tambahkan pengguna dulu dengan `python -m lapas_metrics user add`, "
    "atau jalankan tanpa --address (127.0.0.1)."
)
HAPROXY_MISSING = (
    "Untuk {workers} pekerja perlu HAProxy, tetapi perintah haproxy tidak ada di PATH: pasang dengan "
    "`sudo apt-get install haproxy` (Debian/Ubuntu, terpasang di /usr/sbin), atau jalankan dengan --workers 1."
)
PORT_IN_USE = (
    "Port {port} di {address} sudah dipakai program lain (mungkin dasbor yang sudah berjalan); "
    "hentikan program itu atau pilih --port lain."
)


class ServeError(Exception):
    """A refusal or failure of `serve`: one Indonesian sentence and the exit code (2 for a bad argument)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Plan:
    """What `serve` runs: the database, where the dashboard listens, how many workers, where they log."""

    db: Path
    address: str
    port: int
    workers: int
    log_dir: Path


@dataclass
class Child:
    """A process `serve` started: its name for the user, the process, the file its output goes to."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path


def default_workers() -> int:
    """min(4, the machine's cores): a worker is one Python process and uses about one core while it reruns a
    page; past 4 the workers of a small server mostly wait on each other for the database and the cores."""
    return max(1, min(4, os.cpu_count() or 1))


# --------------------------------------------------------------------------- checks before anything starts


def check_arguments(address: str, port: int, workers: int) -> None:
    """Refuse, with exit code 2, a worker count outside 1..MAX_WORKERS, a port outside 1..65535, and in demo
    mode (no users: auth.auth_enabled() is False) any --address that is not loopback."""
    if not 1 <= workers <= MAX_WORKERS:
        raise ServeError(f"--workers {workers} tidak dapat dipakai; pilih 1 sampai {MAX_WORKERS} pekerja.", 2)
    if not 1 <= port <= 65535:
        raise ServeError(f"--port {port} tidak dapat dipakai; pilih port 1 sampai 65535, mis. {DEFAULT_PORT}.", 2)
    if not address.strip():
        raise ServeError("--address kosong; tulis alamat, mis. 127.0.0.1 atau 0.0.0.0.", 2)
    if not auth.auth_enabled() and address not in LOOPBACK:
        raise ServeError(DEMO_ON_LOOPBACK.format(address=address), 2)


def haproxy_binary(workers: int) -> str:
    """The haproxy command found on PATH; ServeError (exit 1) naming `apt-get install haproxy` when it is not."""
    found = shutil.which("haproxy")
    if found is None:
        raise ServeError(HAPROXY_MISSING.format(workers=workers))
    return found


def check_port(address: str, port: int) -> None:
    """ServeError when the dashboard's address is not one of this machine's or its port is taken."""
    try:
        family, kind, proto, _, where = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError):
        raise ServeError(f"Alamat {address} tidak dikenal; tulis alamat IP mesin ini, mis. 0.0.0.0.", 2) from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind: TIME_WAIT is no use
        try:
            probe.bind(where)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ServeError(PORT_IN_USE.format(port=port, address=address)) from None
            if error.errno == errno.EACCES:
                raise ServeError(f"Port {port} hanya boleh dipakai admin sistem; pilih port di atas 1024.") from None
            raise ServeError(f"Alamat {address} bukan alamat mesin ini; pilih alamat lain untuk --address.") from None


# --------------------------------------------------------------------------- what is started


def proxy_config(address: str, port: int, worker_ports: Sequence[int]) -> str:
    """HAProxy's configuration: listen on address:port, pass every request to the worker of its browser (the
    lapas_pekerja cookie HAProxy inserts; a new browser goes to the worker with the fewest connections),
    check each worker's /_stcore/health, log each request to stdout when it opens."""
    servers = "\n".join(
        f"    server pekerja{number} 127.0.0.1:{worker_port} check cookie pekerja{number}"
        for number, worker_port in enumerate(worker_ports, start=1)
    )
    return f"""# Written by python -m lapas_metrics serve for this run; removed when it stops.
global
    log stdout format raw local0 info
    maxconn 4000

defaults
    mode http
    log global
    option httplog
    # a websocket is logged when it opens, not hours later when it closes
    option logasap
    option dontlognull
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-request 15s
    timeout check 5s
    # a browser tab's websocket lives for a working day
    timeout tunnel 12h
    timeout client-fin 30s

frontend dasbor
    bind {_bracketed(address)}:{port}
    default_backend pekerja

backend pekerja
    balance leastconn
    # a browser's page, websocket, uploads and media stay on the worker that holds its session
    cookie {ROUTE_COOKIE} insert indirect nocache httponly attr SameSite=Lax
    option redispatch
    option forwardfor
    option httpchk GET {HEALTH_PATH}
    http-check expect status 200
    # lenient: a worker busy with a long rerun answers late, and a worker marked down loses its new tabs
    default-server inter 3s fall 5 rise 2
{servers}
"""


def worker_command(address: str, port: int) -> list[str]:
    """One Streamlit worker: app.py of this project served on address:port, headless."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]


def worker_environment(plan: Plan, proxied: bool) -> dict[str, str]:
    """A worker's environment: the database, and whether it sits behind our HAProxy (lapas_metrics.ui.session
    then reads the client from X-Forwarded-For and opens demo mode only for loopback)."""
    return config.child_environment(
        {
            "LAPAS_DB": str(plan.db.resolve()),
            "LAPAS_BEHIND_PROXY": "1" if proxied else "",
            "LAPAS_PROXY_ADDRESS": plan.address if proxied else "",
        }
    )


def free_ports(count: int) -> list[int]:
    """`count` distinct loopback ports that nothing listens on (all held open together, then let go)."""
    probes = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def dashboard_url(address: str, port: int) -> str:
    return f"http://{_bracketed(address)}:{port}"


def health_url(address: str, port: int) -> str:
    """Where this machine asks a server listening on address:port whether it is up (0.0.0.0 and :: via loopback)."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(address, address)
    return f"{dashboard_url(host, port)}{HEALTH_PATH}"


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through $http_proxy


def answers(url: str) -> bool:
    """True when url answers 200 within 2 s."""
    try:
        with _DIRECT.open(url, timeout=2) as response:
            return bool(response.status == 200)
    except (OSError, http.client.HTTPException, ValueError):
        return False


def _die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn asking Linux to send the child SIGTERM when `serve` dies, even by SIGKILL (else its
    workers would keep the ports); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def arrange() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # serve died between fork and prctl
            os._exit(1)

    return arrange


def start(name: str, command: list[str], log: Path, environment: dict[str, str]) -> Child:
    """Start one process in its own process group (Ctrl-C reaches `serve` alone, which stops the others
    in order), its output appended to `log` after a line saying when and what."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"--- {dt.datetime.now():%Y-%m-%d %H:%M:%S} {name}: {' '.join(command)}\n".encode())
        out.flush()
        process = subprocess.Popen(
            command,
            cwd=config.PROJECT_DIR,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            process_group=0,
            preexec_fn=_die_with_parent(),
        )
    return Child(name, process, log)


def stop_all(children: Sequence[Child], grace: float = STOP_GRACE_S) -> None:
    """SIGTERM every child still running (the proxy before the workers), SIGKILL what is left after `grace`
    seconds, and reap them all."""
    ordered = list(reversed(children))
    for child in ordered:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in ordered:
        try:
            child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(child, signal.SIGKILL)
            child.process.wait()


def _signal_group(child: Child, signum: int) -> None:
    if child.process.poll() is not None:
        return
    try:
        os.killpg(child.process.pid, signum)
    except ProcessLookupError:
        pass


# --------------------------------------------------------------------------- running in the foreground


def _died(children: Sequence[Child]) -> ServeError | None:
    for child in children:
        code = child.process.poll()
        if code is not None:
            how = f"dimatikan sinyal {-code}" if code < 0 else f"kode {code}"
            return ServeError(
                f"{child.name} berhenti tanpa diminta ({how}), jadi semua proses serve dihentikan; lihat {child.log}."
            )
    return None


def wait_until_up(urls: Sequence[str], children: Sequence[Child], stop: threading.Event, timeout: float) -> bool:
    """Poll until every url answers (True), or a stop signal came (False); ServeError when a child dies
    or `timeout` seconds pass first."""
    waiting = list(urls)
    deadline = time.monotonic() + timeout
    while waiting:
        if stop.is_set():
            return False
        died = _died(children)
        if died is not None:
            raise died
        if time.monotonic() > deadline:
            raise ServeError(
                f"Dasbor belum siap setelah {timeout:.0f} detik, jadi semua proses serve dihentikan; "
                f"lihat log di {children[0].log.parent}."
            )
        waiting = [url for url in waiting if not answers(url)]
        if waiting:
            stop.wait(POLL_S)
    return True


def _serve(plan: Plan, haproxy: str | None, temp: Path, children: list[Child], stop: threading.Event) -> bool:
    """Start the workers (and the proxy) into `children`; True once the dashboard answers through its
    address, False when a stop signal came first."""
    if haproxy is None:
        log = plan.log_dir / "pekerja-1.log"
        children.append(
            start("Pekerja 1", worker_command(plan.address, plan.port), log, worker_environment(plan, False))
        )
        return wait_until_up([health_url(plan.address, plan.port)], children, stop, START_TIMEOUT_S)
    ports = free_ports(plan.workers)
    environment = worker_environment(plan, True)
    for number, port in enumerate(ports, start=1):
        log = plan.log_dir / f"pekerja-{number}.log"
        children.append(start(f"Pekerja {number}", worker_command("127.0.0.1", port), log, environment))
    if not wait_until_up([health_url("127.0.0.1", port) for port in ports], children, stop, START_TIMEOUT_S):
        return False
    settings = temp / "haproxy.cfg"
    settings.write_text(proxy_config(plan.address, plan.port, ports), encoding="utf-8")
    proxy = start(
        "HAProxy", [haproxy, "-db", "-f", str(settings)], plan.log_dir / "haproxy.log", config.child_environment({})
    )
    children.append(proxy)
    return wait_until_up([health_url(plan.address, plan.port)], children, stop, START_TIMEOUT_S)


def say_now(line: str) -> None:
    """A line for the user at once, also when stdout is a file or a journal (block-buffered)."""
    print(line, flush=True)


def run(plan: Plan, say: Callable[[str], None] = say_now) -> int:
    """Serve in the foreground until SIGTERM, SIGINT (Ctrl-C) or SIGHUP (exit 0, every child stopped, the
    temporary folder removed); a child that stops on its own stops everything (ServeError, exit 1)."""
    haproxy = haproxy_binary(plan.workers) if plan.workers > 1 else None
    check_port(plan.address, plan.port)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {signum: signal.signal(signum, on_signal) for signum in _STOP_SIGNALS}
    children: list[Child] = []
    try:
        # only HAProxy's configuration needs a folder (a SIGKILL leaves it in the temporary directory)
        folder = tempfile.TemporaryDirectory(prefix="lapas-serve-") if haproxy else contextlib.nullcontext("")
        with folder as temp:
            try:
                say(f"Menyalakan {plan.workers} pekerja; log di {plan.log_dir}.")
                if _serve(plan, haproxy, Path(temp), children, stop):
                    say(
                        f"Dasbor siap di {dashboard_url(plan.address, plan.port)} ({plan.workers} pekerja). "
                        "Tekan Ctrl-C untuk berhenti."
                    )
                while not stop.wait(POLL_S):
                    died = _died(children)
                    if died is not None:
                        raise died
            finally:
                stop_all(children)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    say(f"Dasbor berhenti; {plan.workers} pekerja{' dan HAProxy' if haproxy else ''} sudah dimatikan.")
    return 0
