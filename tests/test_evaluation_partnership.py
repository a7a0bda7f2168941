"""The instrument uses the partnership figures (v2: B2.3, B6.2); evaluations made with v1 keep it, new ones take v2."""

from __future__ import annotations

from pathlib import Path

import pytest

from lapas_metrics import auth, clock, evaluation, store, upload

V1_FILE = evaluation.DEFAULT_INSTRUMENT_FILE.with_name("instrumen_lapas_industri_v1.toml")
V1, V2 = "instrumen_lapas_industri_v1", "instrumen_lapas_industri_v2"
KETUA = auth.Actor("ketua", "Ketua Tim", "auditor")
ADMIN = auth.Actor("adm", "Admin", "admin")
TEAM = {"ketua": "ketua_tim", "dalnis": "pengendali_teknis", "dalmutu": "pengendali_mutu"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("evaluasi_kemitraan") / "lapas.duckdb"
    upload.init_db(path, demo=True)
    return path


@pytest.fixture
def db_with_v1(tmp_path: Path, demo_db: Path) -> Path:
    """A database of before v2: the system stored the shipped v1 on its first use, active, and an evaluation used it."""
    path = tmp_path / "lama.duckdb"
    path.write_bytes(demo_db.read_bytes())
    v1 = evaluation.load_instrument(V1_FILE.read_bytes())
    with store.writing(path) as con:
        con.execute(
            "INSERT INTO instrumen VALUES (?, ?, ?, ?, ?, ?, true)",
            [v1.versi, v1.digest, v1.judul, V1_FILE.read_text(encoding="utf-8"), "sistem", clock.utc_now()],
        )
    store.start_evaluation(path, "LP-KUNINGAN", 2024, TEAM, KETUA, versi=V1)  # as v1 was the default then
    return path


def test_the_default_for_new_evaluations_is_v2(demo_db: Path) -> None:
    assert evaluation.default_instrument().versi == V2
    assert store.active_instrument(demo_db).versi == V2


def test_an_evaluation_made_with_v1_keeps_it_and_the_next_one_takes_v2(db_with_v1: Path) -> None:
    (old,) = store.list_evaluations(db_with_v1, ADMIN)["evaluasi_id"]
    assert store.evaluation(db_with_v1, int(old), ADMIN).header["versi_instrumen"] == V1
    assert store.active_instrument(db_with_v1).versi == V2  # the system's v1 was only the shipped default
    new = store.start_evaluation(db_with_v1, "LP-CIKARANG", 2024, TEAM, KETUA)
    assert store.evaluation(db_with_v1, new, ADMIN).header["versi_instrumen"] == V2
    assert store.instrument_of(db_with_v1, V1).digest == evaluation.load_instrument(V1_FILE.read_bytes()).digest
    listed = store.list_instruments(db_with_v1).set_index("versi")
    assert listed["aktif"].to_dict() == {V1: False, V2: True}


def test_an_instrument_an_admin_saved_stays_active_over_the_shipped_default(db_with_v1: Path) -> None:
    text = V1_FILE.read_text(encoding="utf-8").replace(f'versi = "{V1}"', 'versi = "instrumen_kanwil_v1"', 1)
    store.save_instrument(db_with_v1, text, ADMIN)
    evaluasi_id = store.start_evaluation(db_with_v1, "LP-CIKARANG", 2024, TEAM, KETUA)
    assert store.evaluation(db_with_v1, evaluasi_id, ADMIN).header["versi_instrumen"] == "instrumen_kanwil_v1"
    assert store.active_instrument(db_with_v1).versi == "instrumen_kanwil_v1"


def test_the_demo_units_get_suggestions_from_their_assets_and_contributions(demo_db: Path) -> None:
    kuningan = store.suggestions_for(demo_db, "LP-KUNINGAN", 2025)
    assert kuningan["B2.3"] == (2, pytest.approx(1.2e9 / 4.7e9, abs=0.01))  # the idle APBN-P feed mill
    cikarang = store.suggestions_for(demo_db, "LP-CIKARANG", 2024)
    level, value = cikarang["B6.2"]
    assert level == 2 and 0.5 <= value < 0.9  # the partner paid about 60 % in 2024
    assert store.suggestions_for(demo_db, "LP-CIKARANG", 2022)["B6.2"][0] == 4
    assert "B6.2" not in store.suggestions_for(demo_db, "LP-KUNINGAN", 2025)  # no agreement: nothing to suggest


def test_every_shipped_version_is_known_by_its_name_and_nothing_else() -> None:
    assert evaluation.shipped_instrument("instrumen_lapas_industri_v1").versi == "instrumen_lapas_industri_v1"
    assert evaluation.shipped_instrument("instrumen_lapas_industri_v2") == evaluation.default_instrument()
    for name in ("instrumen_lapas_industri_v9", "../load", "instrumen_lapas_industri_v1.toml", ""):
        assert evaluation.shipped_instrument(name) is None


def test_an_evaluation_of_v1_whose_text_was_never_stored_still_scores(tmp_path: Path) -> None:
    # written by an older version's generator (benchmarks/evaluations.py): v1 evaluations, no instrumen row
    path = tmp_path / "v1.duckdb"
    store.migrate(path)
    now = clock.utc_now()
    with store.writing(path) as con:
        con.execute("INSERT INTO upt (kode_upt, nama_upt, batch_id) VALUES ('LP-A', 'Lapas A', 1)")
        con.execute(
            "INSERT INTO evaluasi VALUES (1, 'LP-A', '2024-01-01', '2024-12-31', 'TA 2024', "
            "'instrumen_lapas_industri_v1', 'final', NULL, 1, 'x', ?)",
            [now],
        )
        con.execute("INSERT INTO jawaban VALUES (1, 'B1.1', '4', '', NULL, NULL, NULL, 'x', ?)", [now])
    scores = store.evaluation_scores(path, auth.SYSTEM_ACTOR)
    assert scores["versi_instrumen"].tolist() == ["instrumen_lapas_industri_v1"]
    assert float(scores["nilai_evaluasi"].iloc[0]) == 100.0
