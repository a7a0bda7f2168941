"""Evaluation instruments in the store, the scores of many evaluations, and the v5 migration of old files."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import duckdb
import pytest

from lapas_metrics import auth, evaluation, store, upload
from lapas_metrics.evaluation import TIDAK_BERLAKU, Answer

FIXTURES = Path(__file__).parent / "fixtures"
UPT_CSV = (
    b"kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    b"LP-A,Lapas Kelas IIA A,Lapas,IIA,Jawa Barat,Kota Bandung,100,ya\n"
    b"LP-B,Lapas Kelas IIB B,Lapas,IIB,Jawa Barat,Kota Bogor,50,tidak\n"
)
ADMIN = auth.Actor("adm", "Admin", "admin")
KETUA = auth.Actor("ketua", "Ketua Tim", "auditor")
DALNIS = auth.Actor("dalnis", "Pengendali Teknis", "auditor")
DALMUTU = auth.Actor("dalmutu", "Pengendali Mutu", "auditor")
TEAM = {"ketua": "ketua_tim", "dalnis": "pengendali_teknis", "dalmutu": "pengendali_mutu"}
SCALE = 'skala = ["tidak ada", "sebagian kecil", "sebagian", "sebagian besar", "sepenuhnya"]'
# A second instrument: dasar_hukum with one item of other weight, and a section the default lacks.
SECOND = f"""
versi = "uji_v2"
judul = "Instrumen uji versi 2"

[[bagian]]
kunci = "dasar_hukum"
judul = "Dasar hukum"
bobot = 1

[[bagian.butir]]
kode = "B1.1"
pertanyaan = "SK penetapan ada."
bobot = 1
{SCALE}
bukti = "SK"
sumber = "praktik pemeriksaan"

[[bagian]]
kunci = "tata_kelola"
judul = "Tata kelola"
bobot = 3

[[bagian.butir]]
kode = "T1"
pertanyaan = "Rapat evaluasi berkala."
bobot = 1
{SCALE}
bukti = "Notulen"
sumber = "praktik pemeriksaan"
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    store.migrate(path)
    result, batch = upload.import_file(path, "upt", UPT_CSV, "upt.csv", actor=ADMIN)
    assert batch is not None, [p.pesan for p in result.problems]
    return path


# ---------------------------------------------------------------- instruments


def test_the_shipped_default_is_in_force_and_stored_on_first_use(db: Path) -> None:
    default = evaluation.default_instrument()
    active = store.active_instrument(db)
    assert (active.versi, active.digest, active.items) == (default.versi, default.digest, default.items)
    assert store.list_instruments(db).empty  # an empty database stays small: nothing stored before it is used
    store.start_evaluation(db, "LP-A", 2024, TEAM, KETUA)
    assert store.list_instruments(db)[["versi", "diunggah_oleh", "aktif"]].values.tolist() == [
        [default.versi, "sistem", True]
    ]
    assert store_text(db, default.versi) == evaluation.DEFAULT_INSTRUMENT_FILE.read_text(encoding="utf-8")


def test_a_bad_instrument_is_refused_with_indonesian_sentences(db: Path) -> None:
    broken = SECOND.replace("bobot = 3", "bobot = 0").replace('kode = "T1"', 'kode = "B1.1"')
    with pytest.raises(store.InstrumentRefused, match="Instrumen tidak disimpan karena") as refused:
        store.save_instrument(db, broken, ADMIN)
    assert len(refused.value.problems) >= 2
    assert any("B1.1" in problem for problem in refused.value.problems)
    with pytest.raises(store.InstrumentRefused, match="Instrumen tidak disimpan"):
        store.save_instrument(db, "versi = [", ADMIN)
    with pytest.raises(store.InstrumentRefused, match="UTF-8"):
        store.save_instrument(db, b"\xff\xfe versi", ADMIN)
    assert store.list_instruments(db).empty


def test_only_admin_replaces_the_instrument(db: Path) -> None:
    with pytest.raises(auth.Forbidden, match="mengganti instrumen"):
        store.save_instrument(db, SECOND, KETUA)


def test_a_replacement_is_active_and_an_old_evaluation_keeps_its_version(db: Path) -> None:
    old = store.start_evaluation(db, "LP-A", 2024, TEAM, KETUA)
    saved = store.save_instrument(db, SECOND, ADMIN)
    assert store.active_instrument(db).versi == saved.versi == "uji_v2"
    new = store.start_evaluation(db, "LP-B", 2024, TEAM, KETUA)
    assert store.evaluation(db, old, KETUA).versi_instrumen == evaluation.default_instrument().versi
    assert store.evaluation(db, new, KETUA).versi_instrumen == "uji_v2"
    assert store.instrument_of(db, evaluation.default_instrument().versi).items == evaluation.default_instrument().items
    with pytest.raises(store.InstrumentRefused, match="sudah ada dengan isi yang berbeda"):
        store.save_instrument(db, SECOND.replace("Rapat evaluasi", "Rapat"), ADMIN)
    assert store.instrument_of(db, "uji_v2").item("T1").pertanyaan == "Rapat evaluasi berkala."
    store.save_instrument(
        db, store_text(db, evaluation.default_instrument().versi), ADMIN
    )  # the same text: active again
    assert store.active_instrument(db).versi == evaluation.default_instrument().versi
    with pytest.raises(store.EvaluationError, match="tidak ada di basis data"):
        store.instrument_of(db, "tidak_ada")


def store_text(db: Path, versi: str) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT teks FROM instrumen WHERE versi = ?", [versi]).fetchall()[0][0]


# ---------------------------------------------------------------- scores


def test_scores_equal_score_row_of_each_evaluation_with_the_union_of_sections(db: Path) -> None:
    default = evaluation.default_instrument()
    first = store.start_evaluation(db, "LP-A", 2024, TEAM, KETUA)
    given = [Answer("B1.1", 4), Answer("B1.2", 1), Answer("B1.3", TIDAK_BERLAKU), Answer("B2.1", 2)]
    store.record_answers(db, first, given, KETUA, "uji")
    store.save_instrument(db, SECOND, ADMIN)
    second = store.start_evaluation(db, "LP-B", 2024, TEAM, KETUA)
    store.record_answers(db, second, [Answer("B1.1", 2), Answer("T1", 3)], KETUA, "uji")
    store.start_evaluation(db, "LP-B", 2023, TEAM, KETUA)  # nothing answered
    scores = store.evaluation_scores(db, ADMIN).set_index("evaluasi_id")
    sections = [*default.score_columns(), "nilai_tata_kelola"]
    assert list(scores.columns) == [
        "kode_upt", "nama_upt", "periode", "periode_mulai", "versi_instrumen", "status", "terkini",
        *sections, "nilai_evaluasi", "predikat",
    ]  # fmt: skip
    for evaluasi_id, instrument, answers in (
        (first, default, given),
        (second, store.instrument_of(db, "uji_v2"), None),
    ):
        expected = evaluation.score_row(instrument, answers or store.evaluation(db, evaluasi_id, KETUA).answers())
        for column in sections + ["nilai_evaluasi", "predikat"]:
            value, wanted = scores.loc[evaluasi_id, column], expected.get(column)
            assert (value is None or (isinstance(value, float) and math.isnan(value))) == (wanted is None), column
            if wanted is not None:
                assert value == wanted, column
    # By hand: dasar_hukum = 100 × (2×1 + 2×0.25) / 4 = 62.5; sarana_aset = 50; total = (15×62.5 + 20×50) / 35.
    assert scores.loc[first, "nilai_dasar_hukum"] == 62.5
    assert scores.loc[first, "nilai_evaluasi"] == pytest.approx((15 * 62.5 + 20 * 50) / 35)
    # uji_v2: dasar_hukum 50, tata_kelola 75, total (1×50 + 3×75) / 4 = 68.75.
    assert (scores.loc[second, "nilai_evaluasi"], scores.loc[second, "predikat"]) == (68.75, "Terdefinisi")
    assert math.isnan(scores.loc[first, "nilai_tata_kelola"]) and math.isnan(scores.loc[second, "nilai_wbp"])
    assert scores.loc[3, "predikat"] is None and math.isnan(scores.loc[3, "nilai_evaluasi"])
    assert store.evaluation_scores(db, ADMIN, kode_upt="lp-a").index.tolist() == [0]


def test_scores_of_an_empty_database_are_an_empty_frame(db: Path) -> None:
    scores = store.evaluation_scores(db, ADMIN)
    assert scores.empty and {"nilai_evaluasi", "predikat", "kode_upt"} <= set(scores.columns)


def test_a_corrected_final_is_scored_but_not_current(db: Path) -> None:
    first = store.start_evaluation(db, "LP-A", 2024, TEAM, KETUA)
    store.transition(db, first, "direviu", DALNIS)
    store.transition(db, first, "final", DALMUTU)
    correction = store.start_correction(db, first, KETUA)
    scores = store.evaluation_scores(db, ADMIN).set_index("evaluasi_id")
    assert scores.loc[first, "terkini"] == False and scores.loc[correction, "terkini"] == True  # noqa: E712


# ---------------------------------------------------------------- migration


@pytest.mark.parametrize("name", ["v1", "v2"])
def test_an_old_file_migrates_to_v5_with_the_default_instrument_and_takes_evaluations(
    name: str, tmp_path: Path
) -> None:
    path = tmp_path / f"lapas_{name}.duckdb"
    shutil.copyfile(FIXTURES / f"lapas_{name}.duckdb", path)
    assert store.migrate(path) == store.SCHEMA_VERSION == 7
    assert store.active_instrument(path).versi == evaluation.default_instrument().versi
    kode = sorted(store.known_upt(path))[0]
    evaluasi_id = store.start_evaluation(path, kode, 2017, TEAM, KETUA)
    store.record_answer(path, evaluasi_id, "B1.1", 3, "Ada SK.", KETUA)
    assert store.evaluation(path, evaluasi_id, ADMIN).jawaban["tingkat"].tolist() == [3]
