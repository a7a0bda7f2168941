"""`python -m lapas_metrics serve` before and around its servers: HAProxy's configuration, the refusals, stopping children."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lapas_metrics import __main__ as cli
from lapas_metrics import auth, config, serve, upload
from tests.serving import haproxy

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "kosong.duckdb"
    upload.init_db(path)
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- HAProxy's configuration


def test_the_configuration_names_every_worker_with_its_cookie_and_health_check() -> None:
    text = serve.proxy_config("127.0.0.1", 8501, [41001, 41002, 41003])
    lines = [line.strip() for line in text.splitlines()]
    assert [line for line in lines if line.startswith("server ")] == [
        "server pekerja1 127.0.0.1:41001 check cookie pekerja1",
        "server pekerja2 127.0.0.1:41002 check cookie pekerja2",
        "server pekerja3 127.0.0.1:41003 check cookie pekerja3",
    ]
    assert "bind 127.0.0.1:8501" in lines
    assert "balance leastconn" in lines
    assert "cookie lapas_pekerja insert indirect nocache httponly attr SameSite=Lax" in lines
    assert "option httpchk GET /_stcore/health" in lines
    assert "option forwardfor" in lines and "mode http" in lines
    assert "timeout tunnel 12h" in lines


@pytest.mark.parametrize(
    ("address", "bind"),
    [("127.0.0.1", "bind 127.0.0.1:8600"), ("0.0.0.0", "bind 0.0.0.0:8600"), ("::1", "bind [::1]:8600")],
)
def test_haproxy_accepts_the_configuration(tmp_path: Path, address: str, bind: str) -> None:
    text = serve.proxy_config(address, 8600, [41001, 41002])
    assert bind in [line.strip() for line in text.splitlines()]
    settings = tmp_path / "haproxy.cfg"
    settings.write_text(text, encoding="utf-8")
    checked = subprocess.run([haproxy(), "-c", "-f", str(settings)], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Configuration file is valid" in checked.stdout


def test_a_broken_configuration_is_refused_by_haproxy_so_the_check_above_means_something(tmp_path: Path) -> None:
    settings = tmp_path / "haproxy.cfg"
    settings.write_text(serve.proxy_config("127.0.0.1", 8600, [41001]).replace("balance leastconn", "balance nope"))
    checked = subprocess.run([haproxy(), "-c", "-f", str(settings)], capture_output=True, text=True, timeout=30)
    assert checked.returncode != 0


def test_workers_get_the_database_and_the_proxy_they_sit_behind(tmp_path: Path) -> None:
    plan = serve.Plan(tmp_path / "x.duckdb", "127.0.0.1", 8501, 2, tmp_path)
    behind = serve.worker_environment(plan, proxied=True)
    assert (behind["LAPAS_DB"], behind["LAPAS_BEHIND_PROXY"], behind["LAPAS_PROXY_ADDRESS"]) == (
        str(tmp_path / "x.duckdb"),
        "1",
        "127.0.0.1",
    )
    alone = serve.worker_environment(plan, proxied=False)
    assert alone["LAPAS_BEHIND_PROXY"] == "" and alone["LAPAS_PROXY_ADDRESS"] == ""
    command = serve.worker_command("127.0.0.1", 41001)
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"] and Path(command[4]) == PROJECT / "app.py"
    assert command[5:] == ["--server.address", "127.0.0.1", "--server.port", "41001", "--server.headless", "true"]


def test_free_ports_are_distinct_and_bindable() -> None:
    ports = serve.free_ports(4)
    assert len(set(ports)) == 4
    for port in ports:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))


def test_the_default_worker_count_is_the_cores_up_to_four(monkeypatch: pytest.MonkeyPatch) -> None:
    for cores, expected in ((None, 1), (1, 1), (2, 2), (4, 4), (32, 4)):
        monkeypatch.setattr(serve.os, "cpu_count", lambda cores=cores: cores)
        assert serve.default_workers() == expected


@pytest.mark.parametrize(
    ("address", "url"),
    [("127.0.0.1", "http://127.0.0.1:9/_stcore/health"), ("0.0.0.0", "http://127.0.0.1:9/_stcore/health")]
    + [("::1", "http://[::1]:9/_stcore/health"), ("::", "http://[::1]:9/_stcore/health")],
)
def test_health_is_asked_on_this_machine(address: str, url: str) -> None:
    assert serve.health_url(address, 9) == url


# --------------------------------------------------------------------------- refusals, in Indonesian, no traceback


def test_demo_mode_refuses_the_network_through_the_real_command_line(empty_db: Path) -> None:
    """The whole path, in a process of its own: exit 2 and one Indonesian sentence saying to add users."""
    done = subprocess.run(
        [sys.executable, "-m", "lapas_metrics", "serve", "--db", str(empty_db), "--address", "0.0.0.0", "--port", "9"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "Galat: " + serve.DEMO_ON_LOOPBACK.format(address="0.0.0.0")
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert "user add" in serve.DEMO_ON_LOOPBACK


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1"])
def test_demo_mode_takes_the_loopback_addresses(address: str) -> None:
    serve.check_arguments(address, 8501, 2)  # no refusal


def test_with_users_the_network_address_is_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPAS_USERS_FILE", str(tmp_path / "users.toml"))
    auth.add_user("ani", "Ani", "admin", [], "rahasia-123")
    serve.check_arguments("0.0.0.0", 8501, 2)  # no refusal


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--workers", "0"], "--workers 0 tidak dapat dipakai; pilih 1 sampai 16 pekerja."),
        (["--workers", "17"], "--workers 17 tidak dapat dipakai"),
        (["--workers", "dua"], "argumen --workers: 'dua' bukan bilangan bulat"),
        (["--port", "70000"], "--port 70000 tidak dapat dipakai; pilih port 1 sampai 65535"),
        (["--port", "0"], "--port 0 tidak dapat dipakai"),
        (["--address", "192.168.1.5"], "Mode demo (belum ada pengguna) hanya melayani komputer ini"),
        (["--frobnicate"], "argumen tidak dikenal: --frobnicate"),
    ],
)
def test_bad_arguments_exit_2_with_an_indonesian_sentence(
    capsys: pytest.CaptureFixture[str], empty_db: Path, argv: list[str], words: str
) -> None:
    code, out, err = run_cli(capsys, "serve", "--db", str(empty_db), *argv)
    assert code == 2 and out == ""
    assert err.startswith("Galat: ") and words in err and err.count("\n") == 1


def test_a_missing_database_says_how_to_create_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada.duckdb"
    code, out, err = run_cli(capsys, "serve", "--db", str(missing), "--workers", "2")
    assert code == 1
    assert (
        err
        == f"Galat: Basis data {missing} tidak ada. Buat dulu: python -m lapas_metrics init --db {missing} [--demo]\n"
    )


def test_without_haproxy_on_path_several_workers_are_refused(
    capsys: pytest.CaptureFixture[str], empty_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    code, out, err = run_cli(capsys, "serve", "--db", str(empty_db), "--workers", "3", "--log-dir", str(tmp_path))
    assert code == 1 and out == ""
    assert err == "Galat: " + serve.HAPROXY_MISSING.format(workers=3) + "\n"
    assert "apt-get install haproxy" in err
    assert not (tmp_path / "pekerja-1.log").exists()  # nothing was started


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_port_in_use_is_refused_before_anything_starts(
    capsys: pytest.CaptureFixture[str], empty_db: Path, tmp_path: Path, taken_port: int, workers: str
) -> None:
    if workers != "1":
        haproxy()
    argv = ["serve", "--db", str(empty_db), "--port", str(taken_port), "--workers", workers, "--log-dir", str(tmp_path)]
    code, out, err = run_cli(capsys, *argv)
    assert code == 1 and out == ""
    assert err == "Galat: " + serve.PORT_IN_USE.format(port=taken_port, address="127.0.0.1") + "\n"
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_address_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(serve.ServeError) as refused:
        serve.check_port("tidak-ada.invalid", 8501)
    assert refused.value.code == 2 and "Alamat tidak-ada.invalid tidak dikenal" in str(refused.value)


def test_the_help_is_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    shown = capsys.readouterr().out
    assert "penggunaan:" in shown and "jumlah pekerja" in shown and "show this help" not in shown


# --------------------------------------------------------------------------- children: started, watched, stopped

STUBBORN = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('siap', flush=True); time.sleep(120)"
)


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace(tmp_path: Path) -> None:
    log = tmp_path / "keras.log"
    child = serve.start("Keras kepala", [sys.executable, "-c", STUBBORN], log, config.child_environment({}))
    deadline = time.monotonic() + 30
    while "siap" not in log.read_text(encoding="utf-8").splitlines()[1:]:  # line 0 is serve's, naming the command
        assert child.process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    started = time.monotonic()
    serve.stop_all([child], grace=0.5)
    assert child.process.returncode == -signal.SIGKILL
    assert time.monotonic() - started < 10
    assert log.read_text(encoding="utf-8").startswith("--- ") and "Keras kepala:" in log.read_text(encoding="utf-8")


def test_a_child_that_dies_while_waiting_stops_the_wait_with_its_name_and_log(tmp_path: Path) -> None:
    log = tmp_path / "pekerja-1.log"
    child = serve.start("Pekerja 1", [sys.executable, "-c", "raise SystemExit(3)"], log, config.child_environment({}))
    child.process.wait(timeout=30)
    with pytest.raises(serve.ServeError) as died:
        serve.wait_until_up(["http://127.0.0.1:9/_stcore/health"], [child], threading.Event(), timeout=30)
    assert str(died.value) == (
        f"Pekerja 1 berhenti tanpa diminta (kode 3), jadi semua proses serve dihentikan; lihat {log}."
    )


def test_a_stop_signal_ends_the_wait_without_an_error(tmp_path: Path) -> None:
    child = serve.start(
        "Tidur", [sys.executable, "-c", "import time; time.sleep(60)"], tmp_path / "t.log", config.child_environment({})
    )
    stop = threading.Event()
    stop.set()
    try:
        assert serve.wait_until_up(["http://127.0.0.1:9/_stcore/health"], [child], stop, timeout=30) is False
    finally:
        serve.stop_all([child])
    assert child.process.returncode == -signal.SIGTERM


def test_a_worker_that_never_answers_times_out(tmp_path: Path) -> None:
    child = serve.start(
        "Tidur", [sys.executable, "-c", "import time; time.sleep(60)"], tmp_path / "t.log", config.child_environment({})
    )
    try:
        with pytest.raises(serve.ServeError) as late:
            serve.wait_until_up(["http://127.0.0.1:9/_stcore/health"], [child], threading.Event(), timeout=0.5)
    finally:
        serve.stop_all([child])
    assert str(late.value).startswith("Dasbor belum siap setelah 0 detik")
