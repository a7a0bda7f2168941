"""Kept figures (charts.memo) are told apart by everything that changes the drawing."""

from __future__ import annotations

import pandas as pd
import pytest

from lapas_metrics import charts, views
from lapas_metrics.charts import memo


@pytest.fixture(autouse=True)
def fresh() -> None:
    memo.forget()


def _monthly(categories: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "periode": pd.to_datetime(["2025-01-01", "2025-01-01"]),
            "bidang": pd.Categorical(["Pertanian", "Percetakan"], categories=categories),
            "nilai_produksi_rp": [1.0e9, 2.0e9],
        }
    )


def test_frames_whose_categories_differ_get_their_own_figure() -> None:
    # A categorical's categories order its groups (stacked_bars: trace order and colours), but its values
    # hash alike and its dtype's name is 'category' whatever the categories.
    one, other = _monthly(["Pertanian", "Percetakan"]), _monthly(["Percetakan", "Pertanian"])
    build = charts.stacked_bars.build  # type: ignore[attr-defined]
    arguments = ("periode", "bidang", "nilai_produksi_rp", views.RP, "Judul", "Nilai")
    assert build(one, *arguments, months=True).to_json() != build(other, *arguments, months=True).to_json()
    assert charts.stacked_bars(one, *arguments, months=True) is not charts.stacked_bars(other, *arguments, months=True)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (pd.Categorical(["a"], categories=["a", "b"]), pd.Categorical(["a"], categories=["b", "a"])),
        (pd.Categorical(["a"], categories=["a", "b"]), pd.Categorical(["a"], categories=["a", "b", "c"])),
        (pd.Categorical(["a"], categories=["a", "b"]), pd.Categorical(["a"], categories=["a", "b"], ordered=True)),
        (
            pd.Categorical(["a"], categories=[f"k{n}" for n in range(200)] + ["a"]),
            pd.Categorical(["a"], categories=[f"k{n}" for n in range(199)] + ["x", "a"]),
        ),  # past repr's cut
    ],
)
def test_categorical_fingerprints_tell_apart(one: pd.Categorical, other: pd.Categorical) -> None:
    assert memo.fingerprint(pd.DataFrame({"c": one})) != memo.fingerprint(pd.DataFrame({"c": other}))
    assert memo.fingerprint(pd.Series(one)) != memo.fingerprint(pd.Series(other))


def test_the_same_categorical_content_still_gives_the_same_figure() -> None:
    arguments = ("periode", "bidang", "nilai_produksi_rp", views.RP, "Judul", "Nilai")
    first = charts.stacked_bars(_monthly(["Pertanian", "Percetakan"]), *arguments)
    assert charts.stacked_bars(_monthly(["Pertanian", "Percetakan"]), *arguments) is first
