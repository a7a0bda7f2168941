"""The command line: python -m lapas_metrics init|ingest|batches|undo|template|metrics|user|evaluasi|temuan|tindak-lanjut|pkpt|serve."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import getpass
import gettext
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import pandas as pd

from lapas_metrics import (
    auth,
    cli_evaluation,
    cli_findings,
    cli_serve,
    clock,
    config,
    fmt,
    metrics,
    schema,
    serve,
    store,
    templates,
    upload,
)

BATCH_COLUMNS = [
    "batch_id",
    "tabel",
    "nama_file",
    "sha256",
    "baris_baru",
    "baris_diganti",
    "baris_sama",
    "waktu",
    "status",
]


class UsageError(Exception):
    """A bad argument: one line to the user, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (lihat: python -m lapas_metrics --help)")


# argparse's own words (its gettext message ids, Python 3.11-3.13) in Bahasa Indonesia.
ARGPARSE_WORDS = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan %(value)r tidak ada (pilih dari %(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(value)r bukan %(type)s yang sah",
    "expected one argument": "perlu satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "perlu sedikitnya satu nilai",
    "expected %s argument": "perlu %s nilai",
    "expected %s arguments": "perlu %s nilai",
    "ignored explicit argument %r": "nilai %r tidak dipakai opsi ini",
    "ambiguous option: %(option)s could match %(matches)s": "opsi %(option)s taksa: bisa %(matches)s",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "unexpected option string: %s": "opsi tak terduga: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "perintah %(parser_name)r tidak ada (pilihan: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "berkas '%(filename)s' tidak dapat dibuka: %(error)s",
}


class _Words(gettext.NullTranslations):
    """argparse's words looked up in ARGPARSE_WORDS; a message id not there stays as argparse has it."""

    def gettext(self, message: str) -> str:
        return ARGPARSE_WORDS.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


@contextmanager
def _indonesian_argparse() -> Iterator[None]:
    """argparse looks its words up through its module's `_` and `ngettext` (gettext); while the command
    line is built and parsed they come from ARGPARSE_WORDS, and afterwards argparse is as it was."""
    words = _Words()
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = words.gettext, words.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


FORMAT_HELP = "table: tabel untuk dibaca (bawaan); csv: untuk skrip dan spreadsheet"


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} bukan bilangan bulat") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m lapas_metrics", description="Data Lapas Industri: basis data, impor dan angka.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="PERINTAH")

    def with_db(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--db", metavar="BERKAS", help="berkas DuckDB (bawaan: $LAPAS_DB atau data/lapas.duckdb)")

    init = commands.add_parser("init", help="buat basis data kosong, atau berisi data demo")
    with_db(init)
    init.add_argument("--demo", action="store_true", help="muat data demo (sintetis) Jawa Barat")

    load = commands.add_parser("ingest", help="impor satu berkas CSV/XLSX ke satu tabel")
    with_db(load)
    load.add_argument("--table", required=True, choices=list(schema.TABLES), help="tabel tujuan")
    load.add_argument("--locale", choices=["id", "en"], help="gaya angka: id = 1.234.567,50; en = 1,234,567.50")
    load.add_argument("--user", default=None, metavar="NAMA", help="nama pengguna untuk log unggahan")
    load.add_argument("path", metavar="BERKAS", help="berkas CSV atau XLSX yang diimpor")

    batches = commands.add_parser("batches", help="log unggahan, terbaru dulu")
    with_db(batches)
    batches.add_argument("--format", choices=["table", "csv"], default="table", help=FORMAT_HELP)

    undo = commands.add_parser("undo", help="batalkan satu batch")
    with_db(undo)
    undo.add_argument("batch_id", type=_whole_number, metavar="BATCH", help="nomor batch (lihat: batches)")
    undo.add_argument("--user", default=None, metavar="NAMA", help="nama pengguna untuk log aktivitas")

    template = commands.add_parser("template", help="cetak templat CSV sebuah tabel")
    template.add_argument("--table", required=True, choices=list(schema.TABLES), help="tabel templat")

    user = commands.add_parser("user", help="kelola pengguna dan peran (berkas di luar git)")
    user_commands = user.add_subparsers(dest="user_command", required=True, parser_class=_Parser, metavar="PERINTAH")
    add = user_commands.add_parser("add", help="tambah pengguna")
    add.add_argument("username", metavar="NAMA_PENGGUNA", help="nama untuk masuk")
    add.add_argument("--peran", required=True, choices=list(auth.ROLES), help="peran pengguna")
    add.add_argument("--nama", default="", help="nama lengkap")
    add.add_argument("--upt", nargs="*", default=[], metavar="KODE", help="kode UPT yang boleh diunggah operator")
    add.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari stdin (untuk skrip)")
    with_db(add)
    passwd = user_commands.add_parser("passwd", help="ganti kata sandi")
    passwd.add_argument("username", metavar="NAMA_PENGGUNA", help="pengguna yang kata sandinya diganti")
    passwd.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari stdin (untuk skrip)")
    remove = user_commands.add_parser("remove", help="hapus pengguna dan akhiri sesinya")
    remove.add_argument("username", metavar="NAMA_PENGGUNA", help="pengguna yang dihapus")
    with_db(remove)
    listing = user_commands.add_parser("list", help="daftar pengguna (tanpa hash kata sandi)")
    listing.add_argument("--format", choices=["table", "csv"], default="table", help=FORMAT_HELP)

    figures = commands.add_parser("metrics", help="angka tahunan dan bendera audit per UPT")
    with_db(figures)
    figures.add_argument("--tahun", type=_whole_number, help="tahun anggaran (bawaan: tahun terakhir)")
    figures.add_argument("--kanwil", help="nama kanwil, mis. 'Jawa Barat'")
    figures.add_argument(
        "--per-tanggal",
        metavar="YYYY-MM-DD",
        help="posisi data per tanggal ini (bawaan: hari ini); menentukan bulan yang laporannya sudah jatuh tempo",
    )
    figures.add_argument("--format", choices=["csv", "table"], default="table", help=FORMAT_HELP)

    cli_evaluation.add_commands(commands, with_db)
    cli_findings.add_commands(commands, with_db)
    cli_serve.add_command(commands, with_db)
    return parser


def _print_frame(frame: pd.DataFrame, style: str) -> None:
    if style == "csv":
        sys.stdout.write(fmt.csv_text(frame))
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200):
            print(frame.to_string(index=False))


def _existing_db(args: argparse.Namespace) -> Path:
    path = config.db_path(args.db)
    if not path.exists():
        raise store.StoreError(
            f"Basis data {path} tidak ada. Buat dulu: python -m lapas_metrics init --db {path} [--demo]"
        )
    return path


def cmd_init(args: argparse.Namespace) -> int:
    path = config.db_path(args.db)
    if args.demo and path.exists() and any(store.table_counts(path).values()):
        raise store.StoreError(f"Basis data {path} sudah berisi data; data demo hanya dimuat ke basis data kosong.")
    results = upload.init_db(path, demo=args.demo)
    print(f"Basis data siap: {path} (skema {store.SCHEMA_VERSION}).")
    for batch in results:
        print(batch.message)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    path = config.db_path(args.db)
    source = Path(args.path)
    if not source.is_file():
        raise store.StoreError(f"Berkas {source} tidak ada atau tidak dapat dibaca.")
    if source.stat().st_size > config.max_upload_bytes():
        limit = config.max_upload_bytes() // (1024 * 1024)
        raise store.StoreError(f"Berkas {source} lebih besar dari batas {limit} MB.")
    data = source.read_bytes()
    result, batch = upload.import_file(path, args.table, data, source.name, locale=args.locale, user=args.user)
    for warning in result.warnings:
        print(f"Peringatan: {warning}")
    if batch is None:
        print(
            f"Berkas {source.name} ditolak: {result.problem_count} masalah; tidak ada yang disimpan.", file=sys.stderr
        )
        for problem in result.problems:
            print(f"- {problem.pesan}", file=sys.stderr)
        if result.problem_count > len(result.problems):
            print(f"(menampilkan {len(result.problems)} dari {result.problem_count} masalah)", file=sys.stderr)
        return 1
    print(batch.message)
    return 0


def cmd_batches(args: argparse.Namespace) -> int:
    batches = store.list_batches(_existing_db(args))[BATCH_COLUMNS]
    # The database keeps UTC; people read the local zone (LAPAS_ZONA_WAKTU): '1 Desember 2026 15.51 WIB'.
    _print_frame(batches.assign(waktu=clock.stamp_column(batches["waktu"])), args.format)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    result = store.undo_batch(_existing_db(args), args.batch_id, user=args.user)
    print(f"Batch {result.batch_id} ({result.tabel}) dibatalkan: {result.baris_diganti} baris lama dipulihkan.")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    sys.stdout.write(fmt.csv_text(templates.template_frame(args.table)))
    return 0


def as_of_date(text: str | None) -> dt.date:
    """--per-tanggal as a date (None: today); anything but a real YYYY-MM-DD date is a UsageError."""
    if text is None:
        return clock.today()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            pass
    raise UsageError(f"--per-tanggal '{text}' bukan tanggal yang sah; tulis tahun-bulan-tanggal, mis. 2026-02-15.")


def cmd_metrics(args: argparse.Namespace) -> int:
    as_of = as_of_date(args.per_tanggal)
    path = _existing_db(args)
    # With --tahun only that year's asset checks are read (the largest table); the figures are the same.
    frames = store.metric_frames(path, tahun=args.tahun)
    inputs = metrics.MetricInputs.from_store(frames, as_of, config.batas_hari_lapor())
    years = metrics.available_years(inputs)
    if not years:
        raise store.StoreError("Basis data belum berisi data apa pun.")
    tahun = args.tahun if args.tahun is not None else max(years)
    if tahun not in years:
        raise store.StoreError(f"Tidak ada data untuk tahun {tahun}. Tahun yang tersedia: {min(years)}–{max(years)}.")
    table = metrics.metrics_table(inputs, tahun, args.kanwil, metrics.load_audit_config())
    if table.empty:
        raise store.StoreError(f"Tidak ada UPT di kanwil '{args.kanwil}' untuk tahun {tahun}.")
    if args.format == "csv":
        sys.stdout.write(metrics.metrics_csv(table))
    else:
        _print_frame(table, args.format)
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Kata sandi: ")
    if getpass.getpass("Ulangi kata sandi: ") != first:
        raise auth.UserError("Kedua kata sandi tidak sama.")
    return first


def _known_upt(args: argparse.Namespace) -> set[str] | None:
    """The database's UPT codes for `user add --upt`: from --db (which must exist), else from the default
    database when it exists; None (not checked, with a note) when there is none yet."""
    if not args.upt:
        return None
    if args.db is None and not config.db_path(None).exists():
        print(f"Catatan: kode UPT tidak diperiksa, basis data {config.db_path(None)} belum ada.", file=sys.stderr)
        return None
    return store.known_upt(_existing_db(args))


def cmd_user(args: argparse.Namespace) -> int:
    if args.user_command == "add":
        known = _known_upt(args)
        user = auth.add_user(
            args.username, args.nama, args.peran, args.upt, _read_password(args.password_stdin), known_upt=known
        )
        print(f"Pengguna {user.username} ({user.peran}) ditambahkan ke {auth.users_file()}.")
    elif args.user_command == "remove":
        user = auth.remove_user(args.username)
        ended = store.end_sessions(config.db_path(args.db), username=user.username)
        print(f"Pengguna {user.username} dihapus dari {auth.users_file()}; {ended} sesi diakhiri.")
    elif args.user_command == "passwd":
        auth.set_password(args.username, _read_password(args.password_stdin))
        print(f"Kata sandi {args.username.strip().lower()} diganti.")
    else:
        rows = pd.DataFrame(auth.user_rows(), columns=["username", "nama", "peran", "upt"])
        _print_frame(rows, args.format)
    return 0


def _dated(command: Callable[[argparse.Namespace, Path, dt.date], int], args: argparse.Namespace) -> int:
    """A command on an existing database as of --per-tanggal (checked first: a bad date is a UsageError)."""
    as_of = as_of_date(args.per_tanggal)
    return command(args, _existing_db(args), as_of)


COMMANDS = {
    "init": cmd_init,
    "ingest": cmd_ingest,
    "batches": cmd_batches,
    "undo": cmd_undo,
    "template": cmd_template,
    "metrics": cmd_metrics,
    "user": cmd_user,
    "evaluasi": lambda args: cli_evaluation.run(args, _existing_db(args)),
    "temuan": lambda args: cli_findings.run_findings(args, _existing_db(args)),
    "tindak-lanjut": lambda args: _dated(cli_findings.cmd_recap, args),
    "pkpt": lambda args: _dated(cli_findings.cmd_plan, args),
    "serve": lambda args: cli_serve.cmd_serve(args, lambda: _existing_db(args)),
}


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure is one line on stderr and a non-zero exit, never a traceback."""
    try:
        with _indonesian_argparse():
            args = _parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"Galat: {error}", file=sys.stderr)
        return 2
    except serve.ServeError as error:
        print(f"Galat: {error}", file=sys.stderr)
        return error.code
    except (store.StoreError, auth.UserError, auth.Forbidden, clock.ZoneError) as error:
        print(f"Galat: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Dibatalkan.", file=sys.stderr)
        return 130
    except OSError as error:
        print(f"Galat: {os_error_sentence(error)}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the promise is: no traceback, no library text for the user
        print(f"Galat tak terduga ({type(error).__name__}); laporkan kepada admin aplikasi.", file=sys.stderr)
        return 1


def os_error_sentence(error: OSError) -> str:
    """An operating-system failure (a file that cannot be read or written) in one Indonesian sentence."""
    where = f" ({error.filename})" if error.filename else ""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"Ruang disk penuh{where}; kosongkan ruang disk lalu coba lagi."
    if isinstance(error, PermissionError):
        return f"Tidak ada izin untuk membaca atau menulis berkas{where}."
    if isinstance(error, FileNotFoundError):
        return f"Berkas tidak ditemukan{where}."
    return f"Berkas tidak dapat dibaca atau ditulis{where}."


if __name__ == "__main__":
    sys.exit(main())
