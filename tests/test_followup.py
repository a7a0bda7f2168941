"""The follow-up figures (evaluation.followup) on literal frames with hand-worked counts, ratios, ages and amounts."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from lapas_metrics.evaluation import RECAP_COLUMNS, open_recommendations, recap

AS_OF = dt.date(2025, 6, 10)
UNITS = pd.DataFrame(
    {
        "kode_upt": ["LP-D", "LP-B", "LP-A", "LP-C"],
        "nama_upt": ["Lapas D", "Lapas B", "Lapas A", "Lapas C"],
        "kanwil": ["Jawa Timur", "Jawa Barat", "Jawa Barat", "Jawa Timur"],
    }
)
COLUMNS = (
    "temuan_id",
    "nomor_temuan",
    "kode_upt",
    "nilai_temuan_rp",
    "tanggal_temuan",
    "status_temuan",
    "nomor_rekomendasi",
    "status",
    "batas_waktu",
)
# T1 (LP-A, Rp 1.000.000): one closed, one open past its deadline by a day, one open due on the as-of date.
# T2 (LP-A, Rp 500.000): both closed. T3 (LP-A): withdrawn. T4 (LP-B, no amount): open since 1 January.
# T5 (LP-C, Rp 200.000): closed. LP-D has no finding.
ROWS = [
    (1, "T-1", "LP-A", 1_000_000.0, "2025-01-10", "aktif", "1", "sesuai", "2025-03-01"),
    (1, "T-1", "LP-A", 1_000_000.0, "2025-01-10", "aktif", "2", "belum_sesuai", "2025-06-09"),
    (1, "T-1", "LP-A", 1_000_000.0, "2025-01-10", "aktif", "3", "belum_ditindaklanjuti", "2025-06-10"),
    (2, "T-2", "LP-A", 500_000.0, "2025-02-01", "aktif", "1", "sesuai", "2025-03-01"),
    (2, "T-2", "LP-A", 500_000.0, "2025-02-01", "aktif", "2", "tidak_dapat_ditindaklanjuti", "2025-03-01"),
    (3, "T-3", "LP-A", 9_999.0, "2025-01-01", "ditarik", "1", "belum_ditindaklanjuti", "2025-02-01"),
    (4, "T-4", "LP-B", None, "2024-12-01", "aktif", "1", "belum_ditindaklanjuti", "2025-01-01"),
    (5, "T-5", "LP-C", 200_000.0, "2025-01-05", "aktif", "1", "sesuai", "2025-02-01"),
]


@pytest.fixture
def recommendations() -> pd.DataFrame:
    frame = pd.DataFrame(ROWS, columns=list(COLUMNS))
    for column in ("tanggal_temuan", "batas_waktu"):
        frame[column] = pd.to_datetime(frame[column])  # as store.recommendations_frame gives DATE columns
    return frame


def by_unit(figures: pd.DataFrame) -> dict[str, dict[str, object]]:
    return {str(row["kode_upt"]): row for row in figures.to_dict("records")}


def test_one_row_per_unit_of_the_list_sorted_with_name_and_kanwil(recommendations: pd.DataFrame) -> None:
    figures = recap(recommendations, UNITS, AS_OF)
    assert list(figures["kode_upt"]) == ["LP-A", "LP-B", "LP-C", "LP-D"]
    assert list(figures.columns) == ["kode_upt", "nama_upt", "kanwil", *RECAP_COLUMNS[1:]]
    assert list(figures["nama_upt"]) == ["Lapas A", "Lapas B", "Lapas C", "Lapas D"]


def test_counts_per_status_leave_out_withdrawn_findings(recommendations: pd.DataFrame) -> None:
    units = by_unit(recap(recommendations, UNITS, AS_OF))
    counted = ["rekomendasi", "sesuai", "belum_sesuai", "belum_ditindaklanjuti", "tidak_dapat_ditindaklanjuti"]
    assert [units["LP-A"][c] for c in counted] == [5, 2, 1, 1, 1]
    assert [units["LP-B"][c] for c in counted] == [1, 0, 0, 1, 0]
    assert [units["LP-C"][c] for c in counted] == [1, 1, 0, 0, 0]
    assert [units["LP-D"][c] for c in counted] == [0, 0, 0, 0, 0]


def test_persen_tl_sesuai_is_a_plain_ratio_and_empty_without_recommendations(recommendations: pd.DataFrame) -> None:
    units = by_unit(recap(recommendations, UNITS, AS_OF))
    assert units["LP-A"]["persen_tl_sesuai"] == pytest.approx(0.4)  # 2 of 5
    assert units["LP-B"]["persen_tl_sesuai"] == 0.0
    assert units["LP-C"]["persen_tl_sesuai"] == 1.0
    assert math.isnan(units["LP-D"]["persen_tl_sesuai"])


def test_overdue_is_open_with_the_deadline_before_the_as_of_date(recommendations: pd.DataFrame) -> None:
    units = by_unit(recap(recommendations, UNITS, AS_OF))
    # LP-A: T-1/2 (due the day before) counts, T-1/3 (due that day) does not, the withdrawn T-3 does not.
    assert [units[code]["lewat_batas_waktu"] for code in ("LP-A", "LP-B", "LP-C", "LP-D")] == [1, 1, 0, 0]
    a_day_later = by_unit(recap(recommendations, UNITS, AS_OF + dt.timedelta(days=1)))
    assert a_day_later["LP-A"]["lewat_batas_waktu"] == 2


def test_open_amount_counts_each_finding_once_and_closed_or_withdrawn_ones_not(recommendations: pd.DataFrame) -> None:
    units = by_unit(recap(recommendations, UNITS, AS_OF))
    # T-1 once though two of its recommendations are open; T-2 all closed; T-3 withdrawn; T-4 has no amount.
    assert units["LP-A"]["nilai_temuan_terbuka_rp"] == 1_000_000.0
    assert units["LP-B"]["nilai_temuan_terbuka_rp"] == 0.0
    assert units["LP-C"]["nilai_temuan_terbuka_rp"] == 0.0


def test_kanwil_rows_are_sums_and_the_percentage_a_ratio_of_sums(recommendations: pd.DataFrame) -> None:
    figures = recap(recommendations, UNITS, AS_OF, by="kanwil")
    assert list(figures.columns) == ["kanwil", *RECAP_COLUMNS[1:]]
    assert list(figures["kanwil"]) == ["Jawa Barat", "Jawa Timur"]
    barat, timur = figures.to_dict("records")
    assert (barat["rekomendasi"], barat["sesuai"], barat["lewat_batas_waktu"]) == (6, 2, 2)
    assert barat["persen_tl_sesuai"] == pytest.approx(2 / 6)  # not the mean of 0.4 and 0.0
    assert barat["nilai_temuan_terbuka_rp"] == 1_000_000.0
    assert (timur["rekomendasi"], timur["sesuai"], timur["persen_tl_sesuai"]) == (1, 1, 1.0)


def test_no_recommendations_at_all_gives_every_unit_with_zeros(recommendations: pd.DataFrame) -> None:
    figures = recap(recommendations.iloc[0:0], UNITS, AS_OF)
    assert len(figures) == 4 and figures["rekomendasi"].sum() == 0
    assert figures["persen_tl_sesuai"].isna().all() and figures["nilai_temuan_terbuka_rp"].sum() == 0.0


def test_open_recommendations_age_and_days_past_overdue_first(recommendations: pd.DataFrame) -> None:
    listed = open_recommendations(recommendations, AS_OF)
    got = listed[["nomor_temuan", "nomor_rekomendasi", "umur_hari", "hari_lewat_batas"]].values.tolist()
    # T-4 found 1 December 2024 (191 days), due 1 January (160 days past); T-1 found 10 January (151 days).
    assert got == [["T-4", "1", 191, 160], ["T-1", "2", 151, 1], ["T-1", "3", 151, 0]]
    assert list(listed["lewat_batas_waktu"]) == [True, True, False]


def test_open_recommendations_of_nothing_is_empty_with_its_columns(recommendations: pd.DataFrame) -> None:
    listed = open_recommendations(recommendations.iloc[0:0], AS_OF)
    assert listed.empty and {"umur_hari", "hari_lewat_batas", "lewat_batas_waktu"} <= set(listed.columns)
