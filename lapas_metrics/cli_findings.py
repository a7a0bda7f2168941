"""The command line's findings commands: temuan impor|ekspor, tindak-lanjut rekap and pkpt."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from lapas_metrics import audit, auth, cli_evaluation, clock, config, fmt, store
from lapas_metrics.audit.matrix_import import import_matrix, matrix_frame
from lapas_metrics.evaluation import followup, matrix, pkpt
from lapas_metrics.export import PaperInfo
from lapas_metrics.export.findings_matrix import matrix_bytes

FORMAT_HELP = "table: tabel untuk dibaca (bawaan); csv: untuk skrip dan spreadsheet"
AS_OF_HELP = "posisi per tanggal ini (bawaan: hari ini): batas waktu yang terlewati, umur, bulan yang jatuh tempo"
SCORE_DECIMALS = 2
PLAN_YEARS = (2000, 2100)


def add_commands(commands: argparse._SubParsersAction, with_db: Callable[[argparse.ArgumentParser], None]) -> None:
    """The `temuan`, `tindak-lanjut` and `pkpt` commands on the command line's subparsers."""
    findings = commands.add_parser("temuan", help="temuan dan rekomendasi: impor dan ekspor matriks (XLSX)")
    subs = findings.add_subparsers(
        dest="findings_command", required=True, parser_class=type(findings), metavar="PERINTAH"
    )
    load = subs.add_parser("impor", help="impor matriks temuan (XLSX atau CSV, satu baris per rekomendasi)")
    with_db(load)
    load.add_argument("--locale", choices=["id", "en"], help="gaya angka: id = 1.234.567,50; en = 1,234,567.50")
    load.add_argument("--user", default=None, metavar="NAMA", help=cli_evaluation.USER_HELP)
    load.add_argument("path", metavar="BERKAS", help="matriks temuan berformat XLSX atau CSV")
    out = subs.add_parser("ekspor", help="ekspor matriks temuan dan tindak lanjut (XLSX) ke stdout atau ke berkas")
    with_db(out)
    out.add_argument(
        "--keluar", metavar="BERKAS", help="tulis matriks ke berkas ini (bawaan: stdout, mis. > matriks.xlsx)"
    )

    follow = commands.add_parser("tindak-lanjut", help="tindak lanjut rekomendasi: rekap per UPT atau per kanwil")
    follow_subs = follow.add_subparsers(
        dest="followup_command", required=True, parser_class=type(follow), metavar="PERINTAH"
    )
    recap = follow_subs.add_parser(
        "rekap", help="rekomendasi per status, persen_tl_sesuai, lewat batas waktu, nilai terbuka"
    )
    with_db(recap)
    recap.add_argument("--per-tanggal", metavar="YYYY-MM-DD", help=AS_OF_HELP)
    recap.add_argument(
        "--per", choices=["upt", "kanwil"], default="upt", help="satu baris per UPT (bawaan) atau per kanwil"
    )
    recap.add_argument("--format", choices=["table", "csv"], default="table", help=FORMAT_HELP)

    plan = commands.add_parser("pkpt", help="usulan PKPT: peringkat UPT untuk evaluasi tahun depan, dengan bagiannya")
    with_db(plan)
    plan.add_argument("--tahun", required=True, type=_year, metavar="TAHUN", help="tahun rencana, mis. 2027")
    plan.add_argument("--per-tanggal", metavar="YYYY-MM-DD", help=AS_OF_HELP)
    plan.add_argument("--kanwil", help="hanya UPT kanwil ini, mis. 'Jawa Barat'")
    plan.add_argument("--lapas-industri", action="store_true", help="hanya UPT yang ditetapkan sebagai Lapas Industri")
    plan.add_argument("--format", choices=["table", "csv"], default="table", help=FORMAT_HELP)


def _year(text: str) -> int:
    low, high = PLAN_YEARS
    if text.strip().isdigit() and low <= int(text) <= high:
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} bukan tahun rencana yang sah ({low}–{high})")


def run_findings(args: argparse.Namespace, path: Path) -> int:
    """Run one `temuan` subcommand on an existing database."""
    return cmd_import(args, path) if args.findings_command == "impor" else cmd_export(args, path)


def report_problems(name: str, problems: Sequence[str], total: int, warnings: Sequence[str] = ()) -> None:
    """A rejected file on stderr: its warnings, one line with the count, each problem, how many are shown."""
    for warning in warnings:
        print(f"Peringatan: {warning}", file=sys.stderr)
    print(f"Berkas {name} ditolak: {total} masalah; tidak ada yang disimpan.", file=sys.stderr)
    for problem in problems:
        print(f"- {problem}", file=sys.stderr)
    if total > len(problems):
        print(f"(menampilkan {len(problems)} dari {total} masalah)", file=sys.stderr)


def cmd_import(args: argparse.Namespace, path: Path) -> int:
    source = Path(args.path)
    if not source.is_file():
        raise store.StoreError(f"Berkas {source} tidak ada atau tidak dapat dibaca.")
    if source.stat().st_size > config.max_upload_bytes():
        raise store.StoreError(f"Berkas {source} lebih besar dari batas {config.max_upload_bytes() // 2**20} MB.")
    done = import_matrix(path, source.read_bytes(), source.name, cli_evaluation.acting_user(args.user), args.locale)
    result = done.result
    if not done.stored:
        report_problems(
            source.name, [problem.pesan for problem in result.problems], result.problem_count, result.warnings
        )
        return 2
    for warning in result.warnings:
        print(f"Peringatan: {warning}", file=sys.stderr)
    first, last = result.findings[0].nomor_temuan, result.findings[-1].nomor_temuan
    numbers = first if first == last else f"{first} s.d. {last}"
    print(
        f"Impor {source.name}: {len(result.findings)} temuan dengan {result.recommendation_count} rekomendasi "
        f"dicatat ({numbers})."
    )
    return 0


def cmd_export(args: argparse.Namespace, path: Path) -> int:
    if args.keluar is None and sys.stdout.isatty():
        raise store.StoreError(
            "Matriks berupa berkas Excel dan tidak ditampilkan di terminal; arahkan ke berkas "
            "(tambahkan > matriks.xlsx di akhir perintah) atau pakai --keluar matriks.xlsx."
        )
    actor = auth.SYSTEM_ACTOR
    frame = matrix_frame(path, actor)
    info = PaperInfo(
        matrix.MATRIX_TITLE,
        "Semua UPT",
        f"Posisi {fmt.long_date(clock.today())}",
        clock.stamp_text(clock.utc_now()),
        store.file_sha256(path),
    )
    data = matrix_bytes(frame, info, actor)
    if args.keluar is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    Path(args.keluar).write_bytes(data)
    print(
        f"Matriks temuan ({frame['nomor_temuan'].nunique()} temuan, {len(frame)} rekomendasi) ditulis ke {args.keluar}."
    )
    return 0


def recap_table(path: Path, actor: auth.Actor, as_of: dt.date, by: str = "kode_upt") -> pd.DataFrame:
    """followup.recap of every unit (by="kode_upt") or kanwil (by="kanwil") on `as_of`: RECAP_COLUMNS (kanwil
    instead of kode_upt by kanwil), over the recommendations the actor may see."""
    units = store.read_table(path, "upt")
    recap = followup.recap(store.recommendations_frame(path, actor), units, as_of, by)
    columns = list(followup.RECAP_COLUMNS)
    return recap[["kanwil", *columns[1:]] if by == "kanwil" else columns]


def cmd_recap(args: argparse.Namespace, path: Path, as_of: dt.date) -> int:
    table = recap_table(path, auth.SYSTEM_ACTOR, as_of, "kanwil" if args.per == "kanwil" else "kode_upt")
    if args.format == "csv":
        sys.stdout.write(fmt.csv_text(table))
        return 0
    shown = table.astype(object)
    shown["persen_tl_sesuai"] = [fmt.percent(value) for value in table["persen_tl_sesuai"]]
    shown["nilai_temuan_terbuka_rp"] = [fmt.rupiah(value) for value in table["nilai_temuan_terbuka_rp"]]
    _print(shown)
    return 0


def _plan_units(path: Path, kanwil: str | None, lapas_industri: bool) -> list[str] | None:
    """The kode_upt the plan ranks (None: all units); StoreError when --kanwil names none."""
    if kanwil is None and not lapas_industri:
        return None
    units = store.read_table(path, "upt")
    keep = pd.Series(True, index=units.index)
    if kanwil is not None:
        keep &= units["kanwil"].astype(str).str.strip().str.casefold() == kanwil.strip().casefold()
    if lapas_industri:
        keep &= units["lapas_industri"].fillna(False).astype(bool)
    if not keep.any():
        where = f"kanwil '{kanwil}'" if kanwil is not None else "basis data ini"
        what = "Lapas Industri" if lapas_industri else "UPT"
        raise store.StoreError(f"Tidak ada {what} di {where}.")
    return units.loc[keep, "kode_upt"].astype(str).tolist()


def plan_csv(plan: pd.DataFrame) -> str:
    """The plan as CSV: PKPT_COLUMNS; skor_pkpt and the poin_ rounded half-up to 2 decimals, the parts as they
    are (counts whole, skor_risiko and the amount unrounded, empty when there is none), text neutralised."""
    out = plan.astype(object)
    for name in ("skor_pkpt", *pkpt.POINTS):
        out[name] = [fmt.decimal_text(value, SCORE_DECIMALS) for value in plan[name]]
    return fmt.csv_text(out)


def cmd_plan(args: argparse.Namespace, path: Path, as_of: dt.date) -> int:
    codes = _plan_units(path, args.kanwil, args.lapas_industri)
    plan = audit.pkpt_plan(path, auth.SYSTEM_ACTOR, args.tahun, as_of, codes)
    if args.format == "csv":
        sys.stdout.write(plan_csv(plan))
        return 0
    shown = plan[["peringkat", "kode_upt", "nama_upt", "skor_pkpt", "triwulan_usulan", "alasan"]].astype(object)
    shown["skor_pkpt"] = [fmt.number(value, SCORE_DECIMALS) for value in plan["skor_pkpt"]]
    _print(shown)
    return 0


def _print(frame: pd.DataFrame) -> None:
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250):
        print(fmt.inert_frame(frame).to_string(index=False))
