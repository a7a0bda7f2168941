"""A finding's source line shows the flag's figure and threshold in the kind the flag record declares."""

from __future__ import annotations

import pytest

from lapas_metrics.ui.finding_common import source_line


@pytest.mark.parametrize(
    ("flag", "nilai", "batas", "shown"),
    [
        ("anggaran_tinggi", 58_370_546_000.0, 27_068_963_000.0, "nilai Rp 58.370.546.000; batas Rp 27.068.963.000"),
        ("lonjakan_akhir_tahun", 0.452, 0.35, "nilai 45,2 %; batas 35,0 %"),
        ("serah_terima_dekat", 9.0, 12.0, "nilai 9 bulan; batas 12 bulan"),
    ],
)
def test_a_flags_figures_read_in_their_kind(flag: str, nilai: float, batas: float, shown: str) -> None:
    line = source_line("bendera", {"flag": flag, "tahun_flag": 2025, "nilai_flag": nilai, "batas_flag": batas})
    assert line.endswith(f"TA 2025 ({shown})")
