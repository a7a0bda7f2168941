"""The PKPT assembled from the store: the latest complete year, the open recommendations, the last final evaluation."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lapas_metrics import audit, auth, config, metrics, store, upload
from lapas_metrics.audit.matrix_import import import_matrix
from tests import findings_db
from tests.findings_db import AS_OF


@pytest.mark.parametrize(
    ("tahun", "as_of", "expected"),
    [
        (2027, dt.date(2026, 12, 1), 2025),  # 2026 still in progress
        (2027, dt.date(2027, 1, 10), 2026),  # December 2026's report due on 10 January 2027
        (2027, dt.date(2027, 1, 9), 2025),
        (2026, dt.date(2027, 6, 1), 2025),  # the year before the plan's, however late the as-of date
        (2023, dt.date(2026, 12, 1), None),  # no year with data before 2023
    ],
)
def test_the_risk_year_is_the_latest_complete_year_with_data_before_the_plan(
    tahun: int, as_of: dt.date, expected: int | None
) -> None:
    assert audit.risk_year([2023, 2024, 2025, 2026], tahun, as_of, 10) == expected


def test_the_last_final_evaluation_year_is_the_year_its_period_ends() -> None:
    listed = pd.DataFrame(
        {
            "kode_upt": ["LP-A", "lp-a", "LP-B", "LP-C"],
            "status": ["final", "final", "draf", "final"],
            "periode_selesai": pd.to_datetime(["2023-12-31", "2025-06-30", "2026-12-31", "2024-12-31"]),
        }
    )
    assert audit.last_final_years(listed).to_dict() == {"LP-A": 2025, "LP-C": 2024}


@pytest.fixture(scope="module")
def plan_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = findings_db.units_db(tmp_path_factory.mktemp("pkpt") / "lapas.duckdb")
    done = import_matrix(path, findings_db.MATRIX_CSV, "matriks.csv", auth.SYSTEM_ACTOR)
    assert done.stored, done.result.problems
    findings_db.evaluations(path)
    return path


@pytest.fixture
def default_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*config.PKPT_WEIGHT_SETTINGS.values(), "LAPAS_PKPT_PER_TRIWULAN"):
        monkeypatch.delenv(name, raising=False)


def test_the_plan_of_the_small_database_worked_by_hand(plan_db: Path, default_weights: None) -> None:
    plan = audit.pkpt_plan(plan_db, auth.SYSTEM_ACTOR, 2027, AS_OF)
    assert list(plan.columns) == list(audit.PKPT_COLUMNS)
    # No figures at all: no risk year, no risk points. Open: A 2 (of 3), B 1; overdue: A 1, B 1; open amounts:
    # A 1.000.000 (T-A2 has none), B 4.000.000; years since the last final: A 2027-2025 = 2, C 3, B and D never.
    # Scaled: open A 1, B 0.5; overdue A 1, B 1; amount A 0.25, B 1; years A 2/4, C 3/4, B 1, D 1.
    # B: 15×0.5 + 15 + 15 + 15 = 52.5; A: 15 + 15 + 15×0.25 + 15×0.5 = 41.25; D: 15; C: 15×0.75 = 11.25
    assert plan["kode_upt"].tolist() == ["LP-B", "LP-A", "LP-D", "LP-C"]
    assert plan["skor_pkpt"].tolist() == pytest.approx([52.5, 41.25, 15.0, 11.25])
    by_unit = plan.set_index("kode_upt")
    assert by_unit["rekomendasi_terbuka"].to_dict() == {"LP-B": 1, "LP-A": 2, "LP-D": 0, "LP-C": 0}
    assert by_unit["rekomendasi_lewat_batas"].to_dict() == {"LP-B": 1, "LP-A": 1, "LP-D": 0, "LP-C": 0}
    assert by_unit["nilai_temuan_terbuka_rp"].to_dict() == {"LP-B": 4e6, "LP-A": 1e6, "LP-D": 0.0, "LP-C": 0.0}
    assert by_unit.loc["LP-A", "tahun_sejak_evaluasi"] == 2 and by_unit.loc["LP-C", "tahun_evaluasi_terakhir"] == 2024
    assert pd.isna(by_unit.loc["LP-D", "tahun_sejak_evaluasi"])  # a draf is no evaluation yet
    assert plan["tahun_risiko"].isna().all() and plan["skor_risiko"].isna().all()
    assert set(plan["triwulan_usulan"]) == {"Triwulan I"}
    assert by_unit.loc["LP-B", "alasan"] == (
        # three parts of 15 points: the first three in the plan's order of parts
        "1 rekomendasi lewat batas waktu, nilai temuan terbuka Rp 4.000.000 dan belum pernah dievaluasi (final)."
    )


def test_the_plan_of_some_units_is_scaled_over_those(plan_db: Path, default_weights: None) -> None:
    plan = audit.pkpt_plan(plan_db, auth.SYSTEM_ACTOR, 2027, AS_OF, kode_upt=["lp-a", "LP-C"])
    # A alone holds the open work: 15 + 15 + 15 + 15×2/4 = 52.5; C 15×3/4
    assert plan["kode_upt"].tolist() == ["LP-A", "LP-C"]
    assert plan["skor_pkpt"].tolist() == pytest.approx([52.5, 11.25])


def test_an_operator_plans_only_their_units_and_a_pimpinan_all(plan_db: Path) -> None:
    operator = auth.Actor("budi", "Budi", "operator", ("LP-B",))
    assert audit.pkpt_plan(plan_db, operator, 2027, AS_OF)["kode_upt"].tolist() == ["LP-B"]
    pimpinan = auth.Actor("pim", "Pimpinan", "pimpinan")
    assert len(audit.pkpt_plan(plan_db, pimpinan, 2027, AS_OF)) == 4


def test_a_later_as_of_date_moves_the_overdue_counts(plan_db: Path, default_weights: None) -> None:
    later = audit.pkpt_plan(plan_db, auth.SYSTEM_ACTOR, 2027, dt.date(2027, 4, 1)).set_index("kode_upt")
    assert later.loc["LP-A", "rekomendasi_lewat_batas"] == 2  # T-A2's deadline of 31 March 2027 has passed


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    upload.init_db(path, demo=True)
    return path


def test_the_risk_part_is_skor_risiko_of_the_metrics_command(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "lapas.duckdb"
    shutil.copy(demo_db, path)
    inputs = metrics.MetricInputs.from_store(store.metric_frames(path), AS_OF, config.batas_hari_lapor())
    year = audit.risk_year(metrics.available_years(inputs), 2027, AS_OF, config.batas_hari_lapor())
    assert year is not None
    figures = metrics.metrics_table(inputs, year, None, metrics.load_audit_config()).set_index("kode_upt")
    plan = audit.pkpt_plan(path, auth.SYSTEM_ACTOR, 2027, AS_OF).set_index("kode_upt")
    assert set(plan["tahun_risiko"]) == {year}
    assert plan["skor_risiko"].sort_index().tolist() == pytest.approx(
        figures["skor_risiko"].reindex(plan.index).sort_index().tolist(), nan_ok=True
    )
    assert plan["peringkat"].tolist() == sorted(plan["peringkat"])
