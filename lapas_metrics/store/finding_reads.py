"""Reading findings for an actor (an operator: their units only): the register, recommendations, threads, the matrix."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lapas_metrics import auth
from lapas_metrics.evaluation.matrix import IMPORT_COLUMNS
from lapas_metrics.store.finding_common import check_scope, finding_codes, scope_list, temuan_row
from lapas_metrics.store.finding_common import rekomendasi_row as _rekomendasi_row
from lapas_metrics.store.transactions import reading

FINDING_COLUMNS = (
    "temuan_id",
    "nomor_temuan",
    "kode_upt",
    "nama_upt",
    "kanwil",
    "judul",
    "kondisi",
    "kriteria",
    "sebab",
    "akibat",
    "nilai_temuan_rp",
    "tanggal_temuan",
    "sumber",
    "evaluasi_id",
    "kode_butir",
    "flag",
    "tahun_flag",
    "nilai_flag",
    "batas_flag",
    "status",
    "alasan_ditarik",
    "dibuat_oleh",
    "waktu_dibuat",
    "jumlah_rekomendasi",
    "rekomendasi_terbuka",
)
RECOMMENDATION_COLUMNS = (
    "rekomendasi_id",
    "temuan_id",
    "nomor_temuan",
    "judul",
    "kode_upt",
    "nama_upt",
    "kanwil",
    "nilai_temuan_rp",
    "tanggal_temuan",
    "status_temuan",
    "nomor_rekomendasi",
    "rekomendasi",
    "penanggung_jawab",
    "batas_waktu",
    "status",
    "waktu_status",
    "catatan_status",
    "tindak_lanjut_terakhir",
    "tanggal_tindak_lanjut_terakhir",
    "jumlah_tindak_lanjut",
)
# the matrix's import columns first (evaluation.matrix reads an edited export back), then what the register adds
MATRIX_COLUMNS = (
    *IMPORT_COLUMNS,
    "penanggung_jawab",
    "tindak_lanjut_terakhir",
    "tanggal_tindak_lanjut_terakhir",
)
THREAD_COLUMNS = (
    "waktu",
    "pengguna",
    "jenis",
    "uraian",
    "tanggal",
    "status_lama",
    "status_baru",
    "catatan",
    "bukti",
)
HISTORY_COLUMNS = (
    "urutan",
    "rekomendasi_id",
    "nomor_rekomendasi",
    "field",
    "nilai_lama",
    "nilai_baru",
    "alasan",
    "pengguna",
    "waktu",
)
_CLOSING_SQL = "('sesuai', 'tidak_dapat_ditindaklanjuti')"
# One row per recommendation with its finding, unit, latest judgement and latest follow-up (of either kind).
# Parameters: include withdrawn, the kode_upt filter twice, the operator's scope three times.
_RECOMMENDATIONS = """
    WITH judged AS (
        SELECT rekomendasi_id, max(waktu) AS waktu_status, arg_max(catatan, urutan) AS catatan_status
        FROM penilaian_tindak_lanjut GROUP BY rekomendasi_id),
    followed AS (
        SELECT rekomendasi_id, arg_max(uraian, tindak_lanjut_id) AS tindak_lanjut_terakhir,
               arg_max(tanggal, tindak_lanjut_id) AS tanggal_tindak_lanjut_terakhir, count(*) AS jumlah_tindak_lanjut
        FROM tindak_lanjut GROUP BY rekomendasi_id)
    SELECT r.rekomendasi_id, r.temuan_id, t.nomor_temuan, t.judul, t.kode_upt, u.nama_upt, u.kanwil,
           CAST(t.nilai_temuan_rp AS DOUBLE) AS nilai_temuan_rp, t.tanggal_temuan, t.status AS status_temuan,
           t.kondisi, t.kriteria, t.sebab, t.akibat,
           r.nomor_rekomendasi, r.rekomendasi, r.penanggung_jawab, r.batas_waktu, r.status,
           j.waktu_status, j.catatan_status, f.tindak_lanjut_terakhir, f.tanggal_tindak_lanjut_terakhir,
           coalesce(f.jumlah_tindak_lanjut, 0) AS jumlah_tindak_lanjut,
           try_cast(r.nomor_rekomendasi AS BIGINT) AS urutan_nomor
    FROM rekomendasi r
    JOIN temuan t USING (temuan_id)
    LEFT JOIN upt u ON u.kode_upt = t.kode_upt
    LEFT JOIN judged j USING (rekomendasi_id)
    LEFT JOIN followed f USING (rekomendasi_id)
    WHERE (? OR t.status = 'aktif')
      AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], upper(t.kode_upt)))
      AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], upper(t.kode_upt))
           OR list_contains(?::VARCHAR[], upper(r.penanggung_jawab)))
"""
_ORDER = "ORDER BY nomor_temuan, urutan_nomor NULLS LAST, nomor_rekomendasi"


def _codes(kode_upt: Iterable[str] | None) -> list[str] | None:
    return None if kode_upt is None else [str(code).strip().upper() for code in kode_upt]


def _params(actor: auth.Actor, kode_upt: Iterable[str] | None, include_withdrawn: bool) -> list[object]:
    codes, scope = _codes(kode_upt), scope_list(actor)
    return [bool(include_withdrawn), codes, codes, scope, scope, scope]


def recommendations_frame(
    path: Path, actor: auth.Actor, kode_upt: Iterable[str] | None = None, include_withdrawn: bool = False
) -> pd.DataFrame:
    """One row per recommendation the actor may read (an operator: where the finding's unit or the penanggung
    jawab is theirs), of the findings of the units `kode_upt` (None = all), withdrawn findings only with
    include_withdrawn. Columns RECOMMENDATION_COLUMNS (nilai_temuan_rp float, NaN when none; dates as
    datetime64; waktu_status and catatan_status of the latest judgement; the latest follow-up of either kind,
    its date and the number of follow-ups), ordered by nomor_temuan and nomor_rekomendasi (numbers as numbers).
    One query: the input of evaluation.recap and open_recommendations."""
    auth.require(actor, "lihat_temuan")
    with reading(path) as con:
        return con.execute(
            f"SELECT {', '.join(RECOMMENDATION_COLUMNS)} FROM ({_RECOMMENDATIONS}) {_ORDER}",
            _params(actor, kode_upt, include_withdrawn),
        ).df()


def findings_matrix(path: Path, actor: auth.Actor) -> pd.DataFrame:
    """The matriks temuan dan tindak lanjut: one row per recommendation of the active findings the actor may
    read, MATRIX_COLUMNS (the import matrix's columns first; status as its code), ordered by nomor_temuan and
    nomor_rekomendasi. The export checks `ekspor` itself."""
    auth.require(actor, "lihat_temuan")
    with reading(path) as con:
        return con.execute(
            f"SELECT {', '.join(MATRIX_COLUMNS)} FROM ({_RECOMMENDATIONS}) {_ORDER}", _params(actor, None, False)
        ).df()


def list_findings(
    path: Path, actor: auth.Actor, kode_upt: Iterable[str] | None = None, include_withdrawn: bool = True
) -> pd.DataFrame:
    """One row per finding the actor may read (an operator: of their units, or with a recommendation they are
    responsible for), of the units `kode_upt` (None = all). Columns FINDING_COLUMNS (nilai_temuan_rp float;
    jumlah_rekomendasi and rekomendasi_terbuka: all and open ones), ordered by nomor_temuan."""
    auth.require(actor, "lihat_temuan")
    codes, scope = _codes(kode_upt), scope_list(actor)
    with reading(path) as con:
        return con.execute(
            f"""SELECT {", ".join(FINDING_COLUMNS)} FROM (
                    SELECT t.* REPLACE (CAST(t.nilai_temuan_rp AS DOUBLE) AS nilai_temuan_rp), u.nama_upt, u.kanwil,
                           coalesce(r.jumlah, 0) AS jumlah_rekomendasi, coalesce(r.terbuka, 0) AS rekomendasi_terbuka,
                           r.penanggung FROM temuan t
                    LEFT JOIN upt u ON u.kode_upt = t.kode_upt
                    LEFT JOIN (SELECT temuan_id, count(*) AS jumlah,
                                      count(*) FILTER (WHERE status NOT IN {_CLOSING_SQL}) AS terbuka,
                                      list(upper(penanggung_jawab)) AS penanggung
                               FROM rekomendasi GROUP BY temuan_id) r USING (temuan_id))
                WHERE (? OR status = 'aktif')
                  AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], upper(kode_upt)))
                  AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], upper(kode_upt))
                       OR list_has_any(?::VARCHAR[], penanggung))
                ORDER BY nomor_temuan""",
            [bool(include_withdrawn), codes, codes, scope, scope, scope],
        ).df()


@dataclass(frozen=True)
class FindingRecord(Mapping[str, object]):
    """One finding: its row (`temuan`, read like a dict: record["kondisi"]) and its recommendations
    (`rekomendasi`: recommendations_frame's rows of this finding the actor may read)."""

    temuan: dict[str, object]
    rekomendasi: pd.DataFrame

    def __getitem__(self, key: str) -> object:
        return self.temuan[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.temuan)

    def __len__(self) -> int:
        return len(self.temuan)

    @property
    def temuan_id(self) -> int:
        return int(self.temuan["temuan_id"])  # type: ignore[call-overload]

    @property
    def status(self) -> str:
        return str(self.temuan["status"])


def finding(path: Path, temuan_id: int, actor: auth.Actor) -> FindingRecord:
    """One finding whole (FindingRecord: the temuan row with nama_upt and kanwil, its recommendations), if the
    actor may read it (auth.Forbidden otherwise; FindingError when there is none)."""
    auth.require(actor, "lihat_temuan")
    with reading(path) as con:
        row = temuan_row(con, temuan_id)
        check_scope(actor, finding_codes(con, temuan_id, row["kode_upt"]))
        unit = con.execute("SELECT nama_upt, kanwil FROM upt WHERE kode_upt = ?", [row["kode_upt"]]).fetchall()
        row["nama_upt"], row["kanwil"] = unit[0] if unit else (None, None)
        scope = scope_list(actor)
        recs = con.execute(
            f"SELECT {', '.join(RECOMMENDATION_COLUMNS)} FROM ({_RECOMMENDATIONS}) WHERE temuan_id = ? {_ORDER}",
            [True, None, None, scope, scope, scope, int(temuan_id)],
        ).df()
    return FindingRecord(row, recs)


def followup_thread(path: Path, rekomendasi_id: int, actor: auth.Actor) -> pd.DataFrame:
    """Everything that happened to a recommendation, oldest first: THREAD_COLUMNS. jenis 'rencana' and
    'pelaksanaan' (the unit's answers: uraian, tanggal, bukti = list of (sha256, nama_file)) and 'penilaian' (a
    status move: status_lama None for the first, status_baru, catatan). Scoped like recommendations_frame."""
    auth.require(actor, "lihat_temuan")
    with reading(path) as con:
        rec = _rekomendasi_row(con, rekomendasi_id)
        row = temuan_row(con, int(rec["temuan_id"]))  # type: ignore[call-overload]
        check_scope(actor, {str(row["kode_upt"]), str(rec["penanggung_jawab"])})
        thread = con.execute(
            """SELECT waktu, pengguna, jenis, uraian, tanggal, status_lama, status_baru, catatan, bukti FROM (
                   SELECT l.waktu, l.pengguna, l.jenis, l.uraian, l.tanggal, NULL AS status_lama, NULL AS status_baru,
                          NULL AS catatan, 1 AS urutan_jenis, l.tindak_lanjut_id AS urutan,
                          (SELECT list([b.sha256, b.nama_file] ORDER BY b.waktu, b.nama_file)
                           FROM bukti_tindak_lanjut b WHERE b.tindak_lanjut_id = l.tindak_lanjut_id) AS bukti
                   FROM tindak_lanjut l WHERE l.rekomendasi_id = ?
                   UNION ALL
                   SELECT p.waktu, p.pengguna, 'penilaian', NULL, NULL, p.status_lama, p.status_baru, p.catatan,
                          2, p.urutan, NULL
                   FROM penilaian_tindak_lanjut p WHERE p.rekomendasi_id = ?)
               ORDER BY waktu, urutan_jenis, urutan""",
            [int(rekomendasi_id), int(rekomendasi_id)],
        ).fetchall()
    rows = [[*values[:8], [(str(sha), str(name)) for sha, name in (values[8] or [])]] for values in thread]
    return pd.DataFrame(rows, columns=list(THREAD_COLUMNS))


def finding_history(path: Path, temuan_id: int, actor: auth.Actor) -> pd.DataFrame:
    """Every change of a finding and its recommendations in order (temuan_riwayat): HISTORY_COLUMNS (field
    'status' for a withdrawal, 'tambah_rekomendasi' for an added recommendation; old and new as text)."""
    auth.require(actor, "lihat_temuan")
    with reading(path) as con:
        row = temuan_row(con, temuan_id)
        check_scope(actor, finding_codes(con, temuan_id, row["kode_upt"]))
        return con.execute(
            f"""SELECT {", ".join(HISTORY_COLUMNS)} FROM temuan_riwayat h
                LEFT JOIN rekomendasi r USING (rekomendasi_id) WHERE h.temuan_id = ? ORDER BY h.urutan""",
            [int(temuan_id)],
        ).df()
