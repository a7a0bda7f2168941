"""The `serve` command: python -m lapas_metrics serve --db DB --port P [--workers N] [--address A] (lapas_metrics.serve runs it)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from lapas_metrics import serve


def add_command(commands: argparse._SubParsersAction, with_db: Callable[[argparse.ArgumentParser], None]) -> None:
    """The `serve` command on the command line's subparsers."""
    sub = commands.add_parser(
        "serve", help="sajikan dasbor untuk banyak pengguna sekaligus: beberapa pekerja Streamlit di belakang HAProxy"
    )
    with_db(sub)
    sub.add_argument(
        "--port",
        type=_number,
        default=serve.DEFAULT_PORT,
        metavar="PORT",
        help=f"port dasbor (bawaan: {serve.DEFAULT_PORT})",
    )
    sub.add_argument(
        "--workers",
        type=_number,
        default=None,
        metavar="N",
        help="jumlah pekerja (proses Streamlit); bawaan: jumlah inti prosesor, paling banyak 4; "
        "1 pekerja berjalan tanpa HAProxy",
    )
    sub.add_argument(
        "--address",
        default=serve.DEFAULT_ADDRESS,
        metavar="ALAMAT",
        help="alamat dasbor (bawaan: 127.0.0.1, komputer ini saja); 0.0.0.0 untuk jaringan, hanya bila sudah ada pengguna",
    )
    sub.add_argument(
        "--log-dir",
        default=str(serve.LOG_DIR),
        metavar="FOLDER",
        help="folder log pekerja dan HAProxy (bawaan: data/serve)",
    )


def _number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} bukan bilangan bulat") from None


def cmd_serve(
    args: argparse.Namespace, existing_db: Callable[[], Path], say: Callable[[str], None] = serve.say_now
) -> int:
    """`serve`: the arguments checked first, then the database (existing_db says how to create a missing one)."""
    workers = serve.default_workers() if args.workers is None else args.workers
    address = args.address.strip()
    serve.check_arguments(address, args.port, workers)
    plan = serve.Plan(existing_db(), address, args.port, workers, Path(args.log_dir))
    return serve.run(plan, say)
