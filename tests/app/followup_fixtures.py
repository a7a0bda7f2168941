"""What the Tindak Lanjut and PKPT page tests share: a demo database with three units' findings, users by role."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import streamlit as st
from signing import PASSWORD, sign_in
from streamlit.testing.v1 import AppTest

from lapas_metrics import auth, evaluation, store

AS_OF = dt.date(2026, 12, 1)
# Hand-worked on AS_OF: SUKAMISKIN 2 recommendations (1 past its deadline by 154 days), Rp 100.000.000;
# BOGOR 2 (both past: 245 and 62 days), no amount; KUNINGAN 1 (not yet due), Rp 300.000.000. Found 10 January
# 2026: every open one is 325 days old. Kanwil Jawa Barat: 5 recommendations, 0 sesuai.
FINDINGS = (
    ("T-2026-SKM-01", "LP-SUKAMISKIN", Decimal("100000000"), (dt.date(2026, 6, 30), dt.date(2027, 6, 30))),
    ("T-2026-BGR-01", "LP-BOGOR", None, (dt.date(2026, 3, 31), dt.date(2026, 9, 30))),
    ("T-2026-KNG-01", "LP-KUNINGAN", Decimal("300000000"), (dt.date(2027, 3, 31),)),
)


def new_finding(nomor: str, kode: str, nilai: Decimal | None, deadlines: tuple[dt.date, ...]) -> evaluation.NewFinding:
    recommendations = tuple(
        evaluation.NewRecommendation(str(n), f"Rekomendasi {n} untuk {kode}", deadline)
        for n, deadline in enumerate(deadlines, start=1)
    )
    return evaluation.NewFinding(
        nomor_temuan=nomor,
        kode_upt=kode,
        kondisi=f"Kondisi di {kode}",
        kriteria="PP 58/1999",
        rekomendasi=recommendations,
        judul=f"Temuan {kode}",
        nilai_temuan_rp=nilai,
        tanggal_temuan=dt.date(2026, 1, 10),
    )


@pytest.fixture
def findings_db(tmp_path: Path, dashboard_db: Path) -> Path:
    """A copy of the demo database with FINDINGS recorded (the tests write to it)."""
    path = tmp_path / "temuan.duckdb"
    shutil.copy(dashboard_db, path)
    store.record_findings(path, [new_finding(*finding) for finding in FINDINGS], auth.SYSTEM_ACTOR)
    return path


@pytest.fixture
def signed_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, findings_db: Path, navigation_only: None) -> Path:
    """Users of every role (the operator of LP-SUKAMISKIN), the findings database, the as-of date AS_OF."""
    path = tmp_path / "users.toml"
    monkeypatch.setenv("LAPAS_USERS_FILE", str(path))
    monkeypatch.setenv("LAPAS_DB", str(findings_db))
    monkeypatch.setenv("LAPAS_PER_TANGGAL", AS_OF.isoformat())
    auth.add_user("pim", "Bu Pimpinan", "pimpinan", [], PASSWORD)
    auth.add_user("aud", "Pak Auditor", "auditor", [], PASSWORD)
    auth.add_user("opa", "Operator Sukamiskin", "operator", ["LP-SUKAMISKIN"], PASSWORD)
    st.cache_data.clear()
    return findings_db


def signed_in(username: str, page: str) -> AppTest:
    """The app with `username` signed in, on `page`."""
    app = sign_in(username, page)
    assert not app.exception, [e.value for e in app.exception]
    return app


def recommendation_id(db: Path, nomor_temuan: str, nomor: str = "1") -> int:
    frame = store.recommendations_frame(db, auth.SYSTEM_ACTOR)
    row = frame[(frame["nomor_temuan"] == nomor_temuan) & (frame["nomor_rekomendasi"] == nomor)]
    return int(row["rekomendasi_id"].iloc[0])


def texts(app: AppTest) -> str:
    parts = [*app.markdown, *app.caption, *app.info, *app.success, *app.warning, *app.error]
    return "\n".join(str(part.value) for part in parts)
