"""Kept figures (charts.memo): the same content gives the very same figure, other content another, and none is changed."""

from __future__ import annotations

import copy
import json
import pickle
import threading

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from lapas_metrics import charts, views
from lapas_metrics.charts import memo


@pytest.fixture(autouse=True)
def fresh() -> None:
    memo.forget()


def _rows(nilai: float = 10.0) -> pd.DataFrame:
    return pd.DataFrame({"nama_upt": ["Lapas A", "Lapas B"], "nilai": [nilai, 4.0]})


def test_the_same_content_gives_the_same_figure_even_from_a_copy() -> None:
    first = charts.ranking_bar(_rows(), "nilai", "Judul", "Nilai", views.RP)
    again = charts.ranking_bar(_rows().copy(), "nilai", "Judul", "Nilai", views.RP)
    assert again is first


@pytest.mark.parametrize(
    "other",
    [
        lambda: charts.ranking_bar(_rows(11.0), "nilai", "Judul", "Nilai", views.RP),  # one value
        lambda: charts.ranking_bar(_rows(), "nilai", "Judul lain", "Nilai", views.RP),  # the title
        lambda: charts.ranking_bar(_rows(), "nilai", "Judul", "Nilai", views.PCT),  # the unit
        lambda: charts.ranking_bar(_rows().astype({"nilai": "int64"}), "nilai", "Judul", "Nilai", views.RP),  # dtype
        lambda: charts.ranking_bar(_rows().set_axis([5, 6]), "nilai", "Judul", "Nilai", views.RP),  # the index
        lambda: charts.ranking_bar(
            _rows().rename(columns={"nama_upt": "nama"}).assign(nama_upt=["Lapas A", "Lapas B"]),
            "nilai",
            "Judul",
            "Nilai",
            views.RP,
        ),  # the columns
    ],
)
def test_other_content_gives_another_figure(other) -> None:
    first = charts.ranking_bar(_rows(), "nilai", "Judul", "Nilai", views.RP)
    assert other() is not first


def test_keyword_arguments_are_part_of_the_key() -> None:
    plain = charts.ranking_bar(_rows(), "nilai", "Judul", "Nilai", views.PCT)
    with_line = charts.ranking_bar(
        _rows(), "nilai", "Judul", "Nilai", views.PCT, reference=0.5, reference_label="batas"
    )
    assert with_line is not plain
    assert charts.ranking_bar(
        _rows(), "nilai", "Judul", "Nilai", views.PCT, reference=0.5, reference_label="batas"
    ) is (with_line)


def test_a_figure_drawn_from_a_kept_one_is_the_same_drawing() -> None:
    first = charts.ranking_bar(_rows(), "nilai", "Judul", "Nilai", views.RP)
    built = charts.ranking_bar.build(_rows(), "nilai", "Judul", "Nilai", views.RP)  # type: ignore[attr-defined]
    assert built is not first and built.to_json() == first.to_json()


def test_an_argument_without_a_fingerprint_builds_each_time() -> None:
    calls = []

    @memo.kept
    def builder(value: object) -> go.Figure:
        calls.append(value)
        return go.Figure()

    marker = object()
    builder(marker)
    builder(marker)
    builder(pd.DataFrame({"a": [[1, 2]]}))  # a list in a cell: unhashable
    builder(pd.DataFrame({"a": [[1, 2]]}))
    assert len(calls) == 4
    builder("a")
    builder("a")
    assert len(calls) == 5


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (1, 1.0),  # the type counts: 1 and 1.0 hash alike
        (True, 1),
        ((1, 2), [1, 2]),
        ({"a": 1}, {"a": 2}),
        (np.array([1, 2]), np.array([1, 3])),
        (pd.Series([1, 2], name="a"), pd.Series([1, 2], name="b")),
    ],
)
def test_fingerprints_tell_apart(one: object, other: object) -> None:
    assert memo.fingerprint(one) != memo.fingerprint(other)


def test_the_oldest_figures_go_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "MAX_FIGURES", 3)
    figures = [charts.ranking_bar(_rows(float(n)), "nilai", "Judul", "Nilai", views.RP) for n in range(4)]
    assert len(memo._FIGURES) == 3
    assert charts.ranking_bar(_rows(3.0), "nilai", "Judul", "Nilai", views.RP) is figures[3]
    assert charts.ranking_bar(_rows(0.0), "nilai", "Judul", "Nilai", views.RP) is not figures[0]


def test_sessions_on_many_threads_get_one_figure_each() -> None:
    found: list[go.Figure] = []
    barrier = threading.Barrier(8)

    def session() -> None:
        barrier.wait()
        for _ in range(20):
            found.append(charts.monthly_lines(_monthly(), {"nilai": "Nilai"}, views.RP, "Judul", "Nilai"))

    threads = [threading.Thread(target=session) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 160
    assert len({id(figure) for figure in found}) <= 8  # at most one build per thread racing the first
    assert len(memo._FIGURES) == 1


def _monthly() -> pd.DataFrame:
    return pd.DataFrame({"periode": pd.to_datetime(["2025-01-01", "2025-02-01"]), "nilai": [1.0e9, 2.0e9]})


def test_a_kept_figures_dictionary_is_made_once_and_no_use_changes_it() -> None:
    figure = charts.ranking_bar(_rows(), "nilai", "Judul", "Nilai", views.RP)
    made = figure.to_dict()
    assert figure.to_dict() is made  # what st.plotly_chart asks for on every rerun
    drawn = json.dumps(made, sort_keys=True, default=str)
    uses = [
        lambda: pio.to_json(figure.to_dict(), validate=False),  # st.plotly_chart's spec
        lambda: go.Figure(figure),
        lambda: charts.figure_html(figure, "inline"),
        lambda: figure.to_json(),
        lambda: copy.deepcopy(figure),
        lambda: pickle.loads(pickle.dumps(figure)),
    ]
    for use in uses:
        use()
        assert json.dumps(figure.to_dict(), sort_keys=True, default=str) == drawn
    fresh = charts.ranking_bar.build(_rows(), "nilai", "Judul", "Nilai", views.RP)  # type: ignore[attr-defined]
    assert json.dumps(fresh.to_dict(), sort_keys=True, default=str) == drawn
    assert type(copy.deepcopy(figure)) is go.Figure  # a copy is a plain figure again, free to change
