"""Every figure and flag is declared once and completely (metrics.catalog, metrics.flags); every list is derived from them."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest

from lapas_metrics import audit, config, metrics, views
from lapas_metrics.metrics import FIGURE_CATALOG, FLAG_CATALOG, Figure, Flag
from lapas_metrics.metrics import flags as flag_module
from lapas_metrics.metrics.rules import FlagInput
from lapas_metrics.metrics.yearly import RATIOS, SMALLEST, SUMMED

KINDS = {metrics.RP, metrics.PCT, metrics.COUNT, metrics.RATIO, metrics.SCORE, metrics.MONTHS}


def _figure_id(figure: Figure) -> str:
    return figure.name


def _flag_id(flag: Flag) -> str:
    return flag.name


# --------------------------------------------------------------------------- figures


@pytest.mark.parametrize("figure", FIGURE_CATALOG, ids=_figure_id)
def test_every_figure_has_a_label_kind_and_column(figure: Figure) -> None:
    assert figure.label.strip() and figure.label != figure.name
    assert figure.kind in KINDS
    assert figure.better in (-1, 0, 1)
    assert figure.column in ("metrics", "extra", "display")


def test_figure_names_and_labels_are_unique() -> None:
    names = [figure.name for figure in FIGURE_CATALOG]
    labels = [figure.label for figure in FIGURE_CATALOG] + [flag.label for flag in FLAG_CATALOG]
    assert len(set(names)) == len(names)
    assert len(set(labels)) == len(labels)


def test_figure_lists_come_from_the_catalog() -> None:
    assert metrics.FIGURES == tuple(f.name for f in FIGURE_CATALOG if f.column == "metrics")
    assert metrics.EXTRA_COLUMNS == ("bulan_dilaporkan",)
    assert list(views.FIGURES) == [figure.name for figure in FIGURE_CATALOG]
    assert all(views.FIGURES[figure.name] is figure for figure in FIGURE_CATALOG)
    assert {f.name for f in FIGURE_CATALOG if f.column == "display"} == {
        "pagu_apbnp_rp",
        "skor_risiko",
        "jumlah_upt",
    }


@pytest.mark.parametrize("name", [*metrics.FIGURES, *metrics.EXTRA_COLUMNS])
def test_every_output_figure_is_computed_for_a_unit_and_a_group(name: str) -> None:
    # group_totals sums SUMMED, recomputes RATIOS and takes the smallest of SMALLEST; bulan_diharapkan
    # is the group's largest.
    computed = {*SUMMED, *SMALLEST, *(ratio for ratio, _, _ in RATIOS)}
    assert name in computed or name == "bulan_diharapkan"


def _empty_inputs() -> metrics.MetricInputs:
    return metrics.MetricInputs.from_frames()


@pytest.mark.parametrize(
    "columns",
    [
        pytest.param(list(metrics.METRICS_TABLE_COLUMNS), id="metrics_table"),
        pytest.param(list(metrics.yearly_figures(_empty_inputs()).columns), id="yearly_figures"),
        pytest.param(list(metrics.group_totals(_empty_inputs()).columns), id="group_totals"),
        pytest.param(list(audit.SUMMARY_COLUMNS), id="audit_summary"),
    ],
)
def test_every_output_column_has_a_label(columns: list[str]) -> None:
    unlabelled = [name for name in columns if not views.label(name).strip() or views.label(name) == name]
    assert unlabelled == []


# --------------------------------------------------------------------------- flags


@pytest.mark.parametrize("flag", FLAG_CATALOG, ids=_flag_id)
def test_every_flag_is_declared_completely(flag: Flag) -> None:
    assert flag.label.strip() and flag.label != flag.name
    assert flag.short.strip() and flag.short != flag.name
    assert flag.rule.strip() and "…" in flag.rule  # the rule names where its threshold goes
    assert callable(flag.check) and callable(flag.sentence)
    assert flag.threshold is None or flag.threshold > 0
    assert flag.weight is None or flag.weight >= 0
    assert flag.scored == (flag.weight is not None)


def test_every_flag_record_of_the_module_is_in_the_catalog() -> None:
    declared = [value for value in vars(flag_module).values() if isinstance(value, Flag)]
    assert {flag.name for flag in declared} == set(metrics.FLAGS)
    assert len(FLAG_CATALOG) == len(set(metrics.FLAGS))


def test_flag_lists_come_from_the_records() -> None:
    assert metrics.FLAGS == tuple(flag.name for flag in FLAG_CATALOG)
    assert metrics.SCORED_FLAGS == tuple(flag.name for flag in FLAG_CATALOG if flag.weight is not None)
    assert metrics.SCORED_FLAGS == metrics.FLAGS[1:]  # all but anggaran_tinggi, which selects, not scores
    assert metrics.DEFAULT_THRESHOLDS == {f.name: f.threshold for f in FLAG_CATALOG if f.threshold is not None}
    assert metrics.DEFAULT_WEIGHTS == {f.name: f.weight for f in FLAG_CATALOG if f.weight is not None}
    assert views.FLAG_LABELS == {flag.name: flag.label for flag in FLAG_CATALOG}
    assert audit.FLAG_LABELS == views.FLAG_LABELS
    assert audit.FLAG_SHORT == {flag.name: flag.short for flag in FLAG_CATALOG}
    assert audit.RULES == {flag.name: flag.rule for flag in FLAG_CATALOG if flag.threshold is not None}
    assert list(audit.RULES) == list(metrics.DEFAULT_THRESHOLDS)


def test_audit_defaults_file_holds_exactly_the_records_defaults() -> None:
    with config.AUDIT_DEFAULTS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    assert set(data) == {"anggaran_tinggi", "thresholds", "weights"}
    assert data["thresholds"] == metrics.DEFAULT_THRESHOLDS
    assert list(data["thresholds"]) == list(metrics.DEFAULT_THRESHOLDS)
    assert data["weights"] == metrics.DEFAULT_WEIGHTS
    assert list(data["weights"]) == list(metrics.DEFAULT_WEIGHTS)
    assert data["anggaran_tinggi"] == {"percentile": metrics.DEFAULT_ANGGARAN_PERCENTILE}


@pytest.mark.parametrize("flag", FLAG_CATALOG, ids=_flag_id)
def test_every_flag_reads_only_figures_of_yearly_figures(flag: Flag) -> None:
    # One row of every output column, all empty: each check runs and raises nothing.
    row = {name: float("nan") for name in (*metrics.FIGURES, *metrics.EXTRA_COLUMNS)}
    row |= {"kode_upt": "A", "nama_upt": "Lapas A", "kanwil": "K", "jenis": "Lapas", "kelas": "I"}
    row |= {"lapas_industri": True, "tahun": 2020, "bulan_diharapkan": 12}
    figures = pd.DataFrame([row])
    check = flag.evaluate(FlagInput.of(figures, metrics.AuditConfig()))
    assert len(check.raised) == 1 and not check.raised[0] and not check.evaluable[0]


def test_every_kpi_card_label_fits_a_card() -> None:
    """Streamlit cuts a metric label beyond about 23 characters at 1280 px with the sidebar open."""
    long = {name: views.kpi_cards(pd.DataFrame({"tahun": [2025]}), 2025, [name])[0].label for name in views.KPI_FIGURES}
    assert {name: label for name, label in long.items() if len(label) > 23} == {}
