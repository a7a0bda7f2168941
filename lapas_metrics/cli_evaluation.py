"""The command line's evaluation commands: python -m lapas_metrics evaluasi mulai|kke|impor|nilai."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from lapas_metrics import auth, clock, config, evaluation, export, fmt, store
from lapas_metrics.evaluation import Instrument, InstrumentError

ID_COLUMNS = ("kode_upt", "periode", "versi_instrumen", "status")
TOTAL_COLUMNS = ("nilai_evaluasi", "predikat")
SCORE_DECIMALS = 2
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|s\.d\.)\s*(\d{4}-\d{2}-\d{2})")
PERIOD_HELP = "tahun anggaran, mis. 2024 (atau rentang tanggal 2024-01-01..2024-06-30)"
USER_HELP = "nama pengguna yang bertindak (tercatat pada riwayat; bawaan: sistem)"
TEAM_EXAMPLE = "ketua_tim=ani,pengendali_teknis=citra,pengendali_mutu=dedi,anggota=budi"


def period_arg(text: str) -> store.Period:
    """--periode: a fiscal year (2024, "TA 2024") or a range START..END of ISO dates."""
    found = _RANGE.fullmatch(text.strip())
    try:
        return store.evaluation_period((found.group(1), found.group(2)) if found else text)
    except store.EvaluationError as error:
        if found and "sebelum dimulai" in str(error):
            raise argparse.ArgumentTypeError(str(error)) from None
        raise argparse.ArgumentTypeError(
            f"'{text}' bukan periode yang sah; tulis tahun anggaran (mis. 2024) atau rentang tanggal "
            "(mis. 2024-01-01..2024-06-30)."
        ) from None


def period_text(period: store.Period) -> str:
    """A period as --periode takes it: 2024 for a fiscal year, else 2024-01-01..2024-06-30."""
    if period.label == f"TA {period.tahun}":
        return str(period.tahun)
    return f"{period.mulai.isoformat()}..{period.selesai.isoformat()}"


def unit_arg(text: str) -> str:
    """--upt as stored: upper case, no surrounding spaces."""
    return text.strip().upper()


def team_arg(text: str) -> list[tuple[str, str]]:
    """--tim "peran=pengguna,...": (pengguna, peran) pairs; anggota may be named more than once."""
    pairs = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        role, sep, user = part.partition("=")
        role, user = role.strip().lower().replace(" ", "_"), user.strip().lower()
        if not sep or not user or not role:
            raise argparse.ArgumentTypeError(f"'{part}' bukan peran=nama_pengguna (mis. ketua_tim=ani).")
        if role not in evaluation.ROLES:
            raise argparse.ArgumentTypeError(f"peran '{role}' tidak dikenal (pilihan: {', '.join(evaluation.ROLES)}).")
        pairs.append((user, role))
    if not pairs:
        raise argparse.ArgumentTypeError(f'tim kosong; tulis mis. "{TEAM_EXAMPLE}".')
    return pairs


def add_commands(commands: argparse._SubParsersAction, with_db: Callable[[argparse.ArgumentParser], None]) -> None:
    """The `evaluasi` command and its subcommands, on the command line's subparsers."""
    top = commands.add_parser("evaluasi", help="evaluasi Lapas Industri: mulai, KKE, impor KKE, status, nilai")
    subs = top.add_subparsers(dest="evaluation_command", required=True, parser_class=type(top), metavar="PERINTAH")

    def unit_and_period(sub: argparse.ArgumentParser) -> None:
        with_db(sub)
        sub.add_argument("--upt", required=True, type=unit_arg, metavar="KODE", help="kode UPT yang dievaluasi")
        sub.add_argument("--periode", required=True, type=period_arg, metavar="PERIODE", help=PERIOD_HELP)

    start = subs.add_parser("mulai", help="mulai evaluasi (draf) sebuah UPT dan periode dengan timnya")
    unit_and_period(start)
    start.add_argument(
        "--tim",
        required=True,
        type=team_arg,
        metavar="PERAN=NAMA,...",
        help=f'tim evaluasi: satu ketua_tim, pengendali_teknis dan pengendali_mutu, anggota boleh lebih dari satu; mis. "{TEAM_EXAMPLE}"',
    )
    start.add_argument("--user", default=None, metavar="NAMA", help=USER_HELP)

    paper = subs.add_parser("kke", help="ekspor Kertas Kerja Evaluasi (XLSX) ke stdout atau ke berkas")
    unit_and_period(paper)
    paper.add_argument(
        "--instrumen",
        metavar="BERKAS",
        help="berkas TOML instrumen untuk KKE kosong (bawaan: instrumen aktif); hanya bila evaluasi belum dimulai",
    )
    paper.add_argument("--keluar", metavar="BERKAS", help="tulis KKE ke berkas ini (bawaan: stdout, mis. > kke.xlsx)")

    load = subs.add_parser("impor", help="impor KKE yang sudah diisi (XLSX, atau CSV kode,tingkat,catatan)")
    unit_and_period(load)
    load.add_argument("--user", default=None, metavar="NAMA", help="ketua tim atau anggota tim evaluasi yang mengimpor")
    load.add_argument("path", metavar="BERKAS", help="KKE berformat XLSX, atau CSV dengan kolom kode,tingkat,catatan")

    moves = subs.add_parser("status", help="reviu atau finalkan evaluasi (atau kembalikan ke draf) oleh peran timnya")
    unit_and_period(moves)
    moves.add_argument(
        "--ke",
        required=True,
        choices=[evaluation.DRAF, evaluation.DIREVIU, evaluation.FINAL],
        help="status tujuan: direviu (oleh pengendali teknis), final (oleh pengendali mutu), draf (kembali, oleh pengendali teknis)",
    )
    moves.add_argument("--user", default=None, metavar="NAMA", help="anggota tim yang memegang peran itu")
    moves.add_argument("--catatan", default="", metavar="TEKS", help="catatan reviu (disimpan di riwayat status)")

    scores = subs.add_parser("nilai", help="nilai per bagian, nilai evaluasi dan predikat, satu baris per evaluasi")
    with_db(scores)
    scores.add_argument("--upt", type=unit_arg, metavar="KODE", help="hanya UPT ini (bawaan: semua UPT)")
    scores.add_argument(
        "--format",
        choices=["table", "csv"],
        default="table",
        help="table: tabel untuk dibaca (bawaan); csv: untuk skrip dan spreadsheet",
    )


def run(args: argparse.Namespace, path: Path) -> int:
    """Run one `evaluasi` subcommand on an existing database."""
    commands = {"mulai": cmd_start, "kke": cmd_kke, "impor": cmd_import, "status": cmd_status, "nilai": cmd_scores}
    return commands[args.evaluation_command](args, path)


def acting_user(username: str | None) -> auth.Actor:
    """Who acts: the command line (auth.SYSTEM_ACTOR), or --user with the admin rights of the command line and
    the name the users file gives (the team rules of the store still apply to that user name)."""
    if not username or not username.strip():
        return auth.SYSTEM_ACTOR
    name = username.strip().lower()
    known = auth.load_users().get(name)
    return auth.Actor(name, known.nama if known and known.nama else name, auth.SYSTEM_ACTOR.peran)


def _check_unit(path: Path, kode: str) -> None:
    if kode not in store.known_upt(path):
        raise store.StoreError(f"Kode UPT {kode} tidak ada di daftar UPT basis data {path}.")


def cmd_start(args: argparse.Namespace, path: Path) -> int:
    _check_unit(path, args.upt)
    users = auth.load_users()
    members = [store.TeamMember(user, role, users[user].nama if user in users else "") for user, role in args.tim]
    unknown = sorted(user for user, _ in args.tim if users and user not in users)
    actor = acting_user(args.user)
    evaluasi_id = store.start_evaluation(path, args.upt, args.periode, members, actor)
    record = store.evaluation(path, evaluasi_id, actor)
    team = "; ".join(
        f"{evaluation.ROLE_LABELS[role]}: {users[user].nama if user in users and users[user].nama else user}"
        for user, role in args.tim
    )
    print(
        f"Evaluasi {evaluasi_id} dimulai: UPT {args.upt}, {args.periode.label}, instrumen {record.versi_instrumen}, "
        f"status draf. Tim: {team}."
    )
    if unknown:
        print(f"Catatan: {', '.join(unknown)} tidak ada di berkas pengguna {auth.users_file()}.", file=sys.stderr)
    return 0


def _file_instrument(name: str) -> Instrument:
    """The instrument of a TOML file, or StoreError naming each problem (one a line)."""
    source = Path(name)
    if not source.is_file():
        raise store.StoreError(f"Berkas instrumen {source} tidak ada atau tidak dapat dibaca.")
    try:
        return evaluation.load_instrument(source.read_bytes())
    except InstrumentError as error:
        count = len(error.problems)
        lines = "".join(f"\n- {problem}" for problem in error.problems)
        raise store.StoreError(f"Berkas instrumen {source.name} tidak dapat dipakai: {count} masalah.{lines}") from None


def kke_paper(
    path: Path, kode: str, period: store.Period, actor: auth.Actor, instrument: Instrument | None = None
) -> export.KkePaper:
    """The KKE of a unit and period: the current evaluation's answers and team when there is one (its own
    instrument version; `instrument` must then be that one), else an empty KKE of `instrument` (None = the
    active one). Suggestions from store.suggestions_for, as the page and the stored `saran` take them."""
    evaluasi_id = store.evaluation_for(path, kode, period, actor)
    names = store.read_table(path, "upt").set_index("kode_upt")["nama_upt"]
    team: list[tuple[str, str]] = []
    answers: dict[str, evaluation.Answer] = {}
    status = evaluation.DRAF
    if evaluasi_id is not None:
        record = store.evaluation(path, evaluasi_id, actor)
        own = store.instrument_of(path, record.versi_instrumen)
        if instrument is not None and (instrument.versi, instrument.digest) != (own.versi, own.digest):
            raise store.StoreError(
                f"UPT {kode} sudah memiliki evaluasi {period.label} (evaluasi {evaluasi_id}) dengan instrumen "
                f"{own.versi}; KKE-nya memakai instrumen itu. Jalankan tanpa --instrumen."
            )
        instrument, status = own, record.status
        team = [(str(nama or user), str(role)) for user, nama, role in record.tim.itertuples(index=False)]
        answers = {answer.kode: answer for answer in record.answers()}
    instrument = instrument or store.active_instrument(path)
    found = store.suggestions_for(path, kode, period.tahun, instrument, period.selesai)
    return export.KkePaper(
        instrument=instrument,
        kode_upt=kode,
        nama_upt=str(names.get(kode, kode)),
        periode=period.label,
        evaluasi_id=evaluasi_id,
        status=status,
        database_sha256=store.file_sha256(path),
        exported_at=clock.utc_now(),
        team=team,
        answers=answers,
        suggestions=found,
    )


def cmd_kke(args: argparse.Namespace, path: Path) -> int:
    _check_unit(path, args.upt)
    if args.keluar is None and sys.stdout.isatty():
        raise store.StoreError(
            "KKE berupa berkas Excel dan tidak ditampilkan di terminal; arahkan ke berkas "
            "(tambahkan > kke.xlsx di akhir perintah) atau pakai --keluar kke.xlsx."
        )
    instrument = _file_instrument(args.instrumen) if args.instrumen else None
    paper = kke_paper(path, args.upt, args.periode, auth.SYSTEM_ACTOR, instrument)
    data = export.kke_bytes(paper, auth.SYSTEM_ACTOR)
    if args.keluar is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    Path(args.keluar).write_bytes(data)
    started = "belum dimulai" if paper.evaluasi_id is None else f"evaluasi {paper.evaluasi_id}"
    print(
        f"KKE UPT {args.upt} {args.periode.label} ({started}, instrumen {paper.instrument.versi}) ditulis ke {args.keluar}."
    )
    return 0


def _editable(path: Path, kode: str, period: store.Period, actor: auth.Actor) -> store.EvaluationRecord:
    """The current evaluation of the unit and period, when this actor may change its answers now; else one
    sentence (none yet: how to start one; final or reviewed; not an editor: who is)."""
    evaluasi_id = store.evaluation_for(path, kode, period, actor)
    if evaluasi_id is None:
        raise store.StoreError(
            f"UPT {kode} belum memiliki evaluasi {period.label}; mulai dulu: python -m lapas_metrics evaluasi mulai "
            f'--db {path} --upt {kode} --periode {period_text(period)} --tim "{TEAM_EXAMPLE}".'
        )
    record = store.evaluation(path, evaluasi_id, actor)
    if record.status == evaluation.FINAL:
        raise store.StoreError(
            f"Evaluasi {evaluasi_id} (UPT {kode}, {period.label}) sudah final dan tidak menerima impor; "
            "buat versi koreksinya bila perlu diperbaiki."
        )
    try:
        evaluation.check_edit(record.status, record.role_of(actor.username))
    except evaluation.StateError as error:
        editors = [str(user) for user, role in zip(record.tim["pengguna"], record.tim["peran_tim"], strict=True)]
        editors = [user for user in editors if record.role_of(user) in evaluation.EDITORS]
        hint = f" Sebutkan --user dengan salah satu dari: {', '.join(editors)}." if record.status == "draf" else ""
        raise store.StoreError(f"{error}{hint}") from None
    return record


def cmd_status(args: argparse.Namespace, path: Path) -> int:
    """Move the current evaluation of the unit and period to --ke, as --user (the store checks the team role)."""
    actor = acting_user(args.user)
    _check_unit(path, args.upt)
    evaluasi_id = store.evaluation_for(path, args.upt, args.periode, actor)
    if evaluasi_id is None:
        raise store.StoreError(f"UPT {args.upt} belum memiliki evaluasi {args.periode.label}.")
    store.transition(path, evaluasi_id, args.ke, actor, args.catatan)
    print(f"Evaluasi {evaluasi_id} (UPT {args.upt}, {args.periode.label}) kini berstatus {args.ke}.")
    return 0


def _report_problems(name: str, problems: list[str], total: int) -> None:
    print(f"Berkas {name} ditolak: {total} masalah; tidak ada yang disimpan.", file=sys.stderr)
    for problem in problems:
        print(f"- {problem}", file=sys.stderr)
    if total > len(problems):
        print(f"(menampilkan {len(problems)} dari {total} masalah)", file=sys.stderr)


def cmd_import(args: argparse.Namespace, path: Path) -> int:
    _check_unit(path, args.upt)
    actor = acting_user(args.user)
    source = Path(args.path)
    if not source.is_file():
        raise store.StoreError(f"Berkas {source} tidak ada atau tidak dapat dibaca.")
    if source.stat().st_size > config.max_upload_bytes():
        raise store.StoreError(f"Berkas {source} lebih besar dari batas {config.max_upload_bytes() // 2**20} MB.")
    record = _editable(path, args.upt, args.periode, actor)
    instrument = store.instrument_of(path, record.versi_instrumen)
    found = store.suggestions_for(path, args.upt, args.periode.tahun, instrument, args.periode.selesai)
    result = evaluation.read_kke(
        source.read_bytes(),
        source.name,
        instrument,
        evaluasi_id=record.evaluasi_id,
        kode_upt=args.upt,
        periode=str(record.header["periode"]),
        suggestions={kode: level for kode, (level, _) in found.items()},
    )
    for warning in result.warnings:
        print(f"Peringatan: {warning}", file=sys.stderr)
    if not result.ok:
        _report_problems(source.name, [problem.pesan for problem in result.problems], result.problem_count)
        return 1
    try:
        changed = store.record_answers(path, record.evaluasi_id, result.answers, actor, source.name, result.reasons)
    except store.EvaluationError as error:
        if len(error.problems) == 1:
            raise
        _report_problems(source.name, error.problems, len(error.problems))
        return 1
    stored = store.evaluation(path, record.evaluasi_id, actor)
    scores = evaluation.score_row(instrument, stored.answers())
    print(
        f"Impor {source.name}: {changed} butir diubah pada evaluasi {record.evaluasi_id} (UPT {args.upt}, "
        f"{args.periode.label}); nilai evaluasi {fmt.number(scores['nilai_evaluasi'], SCORE_DECIMALS)}"
        f" ({scores['predikat'] or 'belum ada nilai'})."
    )
    return 0


def score_table(path: Path, actor: auth.Actor, kode_upt: str | None = None) -> pd.DataFrame:
    """One row per current evaluation (not replaced by a correction) the actor may see, of one unit or all:
    kode_upt, periode, versi_instrumen, status, nilai_<kunci> per section (of every instrument version
    involved; of the active one when there is no evaluation), nilai_evaluasi, predikat; unrounded."""
    scores = store.evaluation_scores(path, actor, kode_upt)
    scores = scores[scores["terkini"].astype(bool)].reset_index(drop=True)
    sections = [name for name in scores.columns if name.startswith("nilai_") and name not in TOTAL_COLUMNS]
    if scores.empty:
        sections = store.active_instrument(path).score_columns()
    return scores.reindex(columns=[*ID_COLUMNS, *sections, *TOTAL_COLUMNS])


def scores_csv(table: pd.DataFrame) -> str:
    """score_table as CSV: scores rounded half-up to 2 decimals ('.' before them; empty when none), empty
    predikat when none, text neutralised (fmt.csv_text)."""
    out = table.astype(object)
    for name in out.columns:
        if name.startswith("nilai_"):
            out[name] = [fmt.decimal_text(value, SCORE_DECIMALS) for value in table[name]]
    out["predikat"] = ["" if fmt.is_missing(value) else str(value) for value in table["predikat"]]
    return fmt.csv_text(out)


def cmd_scores(args: argparse.Namespace, path: Path) -> int:
    if args.upt is not None:
        _check_unit(path, args.upt)
    table = score_table(path, auth.SYSTEM_ACTOR, args.upt)
    if args.format == "csv":
        sys.stdout.write(scores_csv(table))
        return 0
    if table.empty:
        print("Belum ada evaluasi." if args.upt is None else f"UPT {args.upt} belum memiliki evaluasi.")
        return 0
    shown = table.astype(object)
    for name in shown.columns:
        if name.startswith("nilai_"):
            shown[name] = [fmt.number(value, SCORE_DECIMALS) for value in table[name]]
    shown["status"] = [evaluation.STATE_LABELS.get(str(value), str(value)) for value in table["status"]]
    shown["predikat"] = [fmt.MISSING if fmt.is_missing(value) else value for value in table["predikat"]]
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250):
        print(fmt.inert_frame(shown).to_string(index=False))
    return 0
