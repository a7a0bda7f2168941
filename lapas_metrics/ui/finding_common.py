"""What the findings screens share: the store's refusals as sentences, the labels of sources and statuses."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from lapas_metrics import auth, evaluation, fmt, metrics, store, views

# Every refusal of a findings write or read: the store's (FindingError, EvaluationError, a busy file) and the role's.
REFUSALS = (evaluation.FindingError, store.StoreError, auth.Forbidden)
SOURCE_LABELS = evaluation.SOURCE_LABELS
STATUS_LABELS = evaluation.FINDING_STATUS_LABELS


def problems_of(error: Exception) -> list[str]:
    """The Indonesian sentences of a refusal: its .problems when it carries several, else its message."""
    problems = [str(problem) for problem in getattr(error, "problems", []) or []]
    return problems or [str(error)]


def show_refusal(error: Exception) -> None:
    """A refusal as one st.error sentence; several problems (a whole batch) follow as a table."""
    problems = problems_of(error)
    if len(problems) == 1:
        st.error(fmt.plain(problems[0]))
        return
    st.error(f"Tidak ada yang disimpan: {fmt.number(len(problems))} masalah ditemukan.")
    st.table(pd.DataFrame({"Masalah": [fmt.plain(problem) for problem in problems]}), hide_index=True)


def show_message(key: str) -> None:
    """The sentence a write left for the rerun after it (then forgotten)."""
    message = st.session_state.pop(key, None)
    if message:
        st.success(fmt.plain(message))


def flag_value(flag: str, value: object) -> str:
    """A flag's stored figure or threshold in the kind its record declares (the figure and the limit it crossed
    are the same quantity): 'Rp 58.370.546.000', '41,2 %', '9' (months); an unknown flag's number as it is."""
    record = metrics.FLAG_BY_NAME.get(flag)
    if record is None:
        return fmt.MISSING if fmt.is_missing(value) else fmt.number(float(value), 4)  # type: ignore[arg-type]
    shown = views.format_value(value, record.value_kind, short=False)
    return f"{shown} bulan" if record.value_kind == metrics.MONTHS and not fmt.is_missing(value) else shown


def source_line(sumber: str, fields: Mapping[str, object]) -> str:
    """Where a finding comes from, in words: 'bendera Lonjakan akhir tahun TA 2025 (nilai 45,2 %; batas 35,0 %)',
    'butir B2.3 evaluasi 7', 'impor matriks' or 'catatan manual'."""
    if sumber == "bendera":
        flag = str(fields.get("flag") or "")
        label = views.FLAG_LABELS.get(flag, flag)
        tahun = fields.get("tahun_flag")
        year = "" if fmt.is_missing(tahun) else f" TA {int(tahun)}"  # type: ignore[call-overload]
        figures = (
            f"nilai {flag_value(flag, fields.get('nilai_flag'))}; batas {flag_value(flag, fields.get('batas_flag'))}"
        )
        return f"bendera {label}{year} ({figures})"
    if sumber == "butir":
        return f"butir {fields.get('kode_butir')} evaluasi {fields.get('evaluasi_id')}"
    if sumber == "impor":
        return "impor matriks"
    return "catatan manual"


def text(value: object) -> str:
    """A stored text as shown: '' for a missing one."""
    return "" if fmt.is_missing(value) else fmt.plain(value)
