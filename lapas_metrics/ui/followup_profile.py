"""The unit profile's findings section: the unit's findings and its open recommendations, for the page and the report."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from lapas_metrics import auth, clock, fmt, report
from lapas_metrics.ui.followup_data import open_recommendations, unit_findings
from lapas_metrics.ui.followup_screens import show_table, status_label

FINDING_STATUS = {"aktif": "Aktif", "ditarik": "Ditarik"}
NO_FINDING = "Belum ada temuan untuk UPT ini."
NO_OPEN = "Tidak ada rekomendasi yang masih terbuka."
FINDINGS_SHOWN = {
    "nomor_temuan": "Nomor temuan",
    "judul": "Judul",
    "tanggal_temuan": "Tanggal temuan",
    "nilai_temuan_rp": "Nilai temuan",
    "status": "Status temuan",
    "jumlah_rekomendasi": "Rekomendasi",
    "rekomendasi_terbuka": "Rekomendasi terbuka",
}
OPEN_SHOWN = ["nomor_temuan", "nomor_rekomendasi", "isi_rekomendasi", "status", "batas_waktu", "hari_lewat_batas"]


def findings_text(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings table as text: long dates, full rupiah, the status in words (page and report alike)."""
    text = pd.DataFrame(index=findings.index)
    for name, label in FINDINGS_SHOWN.items():
        values = findings[name]
        if name == "tanggal_temuan":
            text[label] = values.map(clock.date_text)
        elif name == "nilai_temuan_rp":
            text[label] = values.map(fmt.rupiah)
        elif name == "status":
            text[label] = values.map(lambda v: FINDING_STATUS.get(str(v), str(v)))
        elif name in ("jumlah_rekomendasi", "rekomendasi_terbuka"):
            text[label] = values.map(lambda v: fmt.number(v, 0))
        else:
            text[label] = values.map(lambda v: fmt.MISSING if fmt.is_missing(v) or v == "" else str(v))
    return text.reset_index(drop=True)


def open_text(open_ones: pd.DataFrame) -> pd.DataFrame:
    """The open recommendations as text for the report: number, text, status, deadline, days past it."""
    return pd.DataFrame(
        {
            "Nomor temuan": open_ones["nomor_temuan"].astype(str),
            "No. rek.": open_ones["nomor_rekomendasi"].astype(str),
            "Rekomendasi": open_ones["rekomendasi"].astype(str),
            "Status": open_ones["status"].map(status_label),
            "Batas waktu": open_ones["batas_waktu"].map(clock.date_text),
            "Hari lewat batas": open_ones["hari_lewat_batas"].map(lambda v: fmt.number(v, 0)),
        }
    ).reset_index(drop=True)


def findings_section(actor: auth.Actor, kode_upt: str, as_of: dt.date) -> list[report.Section]:
    """The unit's findings (withdrawn ones too, marked) and its open recommendations, overdue first with their
    days past the deadline on `as_of`; drawn, and returned for the HTML report."""
    st.subheader("📌 Temuan dan tindak lanjut")
    findings = unit_findings(actor, kode_upt)
    if findings.empty:
        st.info(NO_FINDING)
        return [report.Section("Temuan dan tindak lanjut", items=[], empty_text=NO_FINDING)]
    st.dataframe(findings_text(findings), key="pf_temuan", hide_index=True, placeholder=fmt.MISSING, width="stretch")
    open_ones = open_recommendations(actor, [kode_upt], as_of)
    st.markdown(f"**Rekomendasi terbuka** (posisi {fmt.long_date(as_of)})")
    sections = [report.Section("Temuan", table=findings_text(findings))]
    if open_ones.empty:
        st.success(NO_OPEN, icon="✅")
        return [*sections, report.Section("Rekomendasi terbuka", items=[], empty_text=NO_OPEN)]
    shown = open_ones.rename(columns={"rekomendasi": "isi_rekomendasi"})
    show_table(shown, OPEN_SHOWN, "pf_rekomendasi_terbuka", f"rekomendasi_terbuka_{kode_upt}.csv")
    st.page_link("pages/tindak_lanjut.py", label="Tindak lanjut UPT ini", icon="📌", query_params={"upt": kode_upt})
    return [
        *sections,
        report.Section(f"Rekomendasi terbuka (posisi {fmt.long_date(as_of)})", table=open_text(open_ones)),
    ]
