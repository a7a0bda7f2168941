"""Tests of the demo generator: determinism, the DATA.md invariants, the audit stories and the committed CSVs."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import demo
from demo import partnership
from lapas_metrics import config, schema

KODE_RE = re.compile(r"^[A-Z0-9._-]{2,32}$")
NTPN_RE = re.compile(r"^[A-Z0-9]{16}$")
MONEY_COLUMNS = {
    name: [c.name for c in table.columns if c.kind == schema.MONEY] for name, table in schema.TABLES.items()
}
COUNT_COLUMNS = {name: [c.name for c in table.columns if c.kind == schema.INT] for name, table in schema.TABLES.items()}


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return demo.generate_demo()


@pytest.fixture(scope="module")
def yearly(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per (kode_upt, tahun): the few sums the story tests need, straight from the raw frames."""
    realisasi = frames["realisasi"].assign(tahun=lambda f: f["periode"].dt.year)
    late = realisasi["periode"].dt.month >= 11
    anggaran = frames["anggaran"]
    effective = anggaran["pagu_apbnp_rp"].fillna(anggaran["pagu_awal_rp"]).astype("int64") - anggaran["blokir_rp"]
    produksi = frames["produksi"].assign(tahun=lambda f: f["periode"].dt.year)
    pnbp = frames["pnbp"].assign(tahun=lambda f: f["tanggal_setor"].dt.year)
    keys = ["kode_upt", "tahun"]
    out = pd.DataFrame(
        {
            "realisasi_rp": realisasi.groupby(keys)["realisasi_rp"].sum(),
            "rpd_rp": realisasi.groupby(keys)["rpd_rp"].sum(),
            "akhir_tahun_rp": realisasi[late].groupby(keys)["realisasi_rp"].sum(),
            "rpd_akhir_tahun_rp": realisasi[late].groupby(keys)["rpd_rp"].sum(),
            "pagu_efektif_rp": effective.groupby([anggaran["kode_upt"], anggaran["tahun_anggaran"]]).sum(),
        }
    )
    out.index.names = keys
    out["nilai_produksi_rp"] = produksi.groupby(keys)["nilai_produksi_rp"].sum()
    out["pnbp_rp"] = pnbp.groupby(keys)["jumlah_rp"].sum()
    out["target_pnbp_rp"] = frames["target_pnbp"].set_index(["kode_upt", "tahun_anggaran"])["target_pnbp_rp"]
    out["penyerapan"] = out["realisasi_rp"] / out["pagu_efektif_rp"]
    out["konsentrasi"] = out["akhir_tahun_rp"] / out["realisasi_rp"]
    out["produksi_per_rupiah"] = out["nilai_produksi_rp"] / out["realisasi_rp"]
    out["capaian_pnbp"] = out["pnbp_rp"] / out["target_pnbp_rp"]
    return out.reset_index()


def test_same_seed_gives_same_frames(frames: dict[str, pd.DataFrame]) -> None:
    again = demo.generate_demo()
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(frame, again[name])


def test_other_seed_gives_other_numbers(frames: dict[str, pd.DataFrame]) -> None:
    other = demo.generate_demo(seed=1)
    assert not frames["partisipasi"]["jumlah_penghuni"].equals(other["partisipasi"]["jumlah_penghuni"])


def test_one_frame_per_table_with_canonical_columns(frames: dict[str, pd.DataFrame]) -> None:
    assert list(frames) == list(schema.TABLES)
    for name, frame in frames.items():
        assert list(frame.columns) == schema.TABLES[name].column_names, name


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_keys_are_unique(frames: dict[str, pd.DataFrame], table: str) -> None:
    assert not frames[table].duplicated(list(schema.TABLES[table].key)).any()


@pytest.mark.parametrize("table", schema.FACT_TABLES)
def test_every_kode_upt_is_a_known_unit(frames: dict[str, pd.DataFrame], table: str) -> None:
    assert set(frames[table]["kode_upt"]) <= set(frames["upt"]["kode_upt"])


def test_upt_list_is_the_reference(frames: dict[str, pd.DataFrame]) -> None:
    upt = frames["upt"]
    reference = demo.read_reference()
    assert len(upt) == 33 and set(upt["nama_upt"]) == set(reference["nama_upt"])
    assert upt["kode_upt"].map(lambda k: bool(KODE_RE.match(k))).all()
    assert (upt["kanwil"] == "Jawa Barat").all()
    industri = upt[upt["lapas_industri"]]
    assert len(industri) == 10 and industri["komoditas_utama"].notna().all()
    known = reference[reference["kapasitas"] != ""].set_index("nama_upt")["kapasitas"].astype(int)
    assert (upt.set_index("nama_upt").loc[known.index, "kapasitas"] == known).all()
    assert upt["kapasitas"].gt(0).all()


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_money_and_counts_are_whole_and_not_negative(frames: dict[str, pd.DataFrame], table: str) -> None:
    for column in MONEY_COLUMNS[table] + COUNT_COLUMNS[table]:
        values = frames[table][column].dropna()
        assert pd.api.types.is_integer_dtype(values), column
        assert (values >= 0).all(), column


def test_pnbp_deposits_are_positive_with_valid_unique_ntpn(frames: dict[str, pd.DataFrame]) -> None:
    pnbp = frames["pnbp"]
    assert (pnbp["jumlah_rp"] > 0).all()
    assert pnbp["ntpn"].map(lambda n: bool(NTPN_RE.match(n))).all()
    assert pnbp["ntpn"].is_unique
    assert pnbp["tanggal_setor"].dt.day_of_week.lt(5).all()


def test_wbp_bekerja_never_exceeds_penghuni(frames: dict[str, pd.DataFrame]) -> None:
    partisipasi = frames["partisipasi"]
    assert (partisipasi["wbp_bekerja"] <= partisipasi["jumlah_penghuni"]).all()
    assert (partisipasi["wbp_bersertifikat"] <= partisipasi["wbp_pelatihan"]).all()


def test_napi_asimilasi_mostly_given_but_sometimes_missing(frames: dict[str, pd.DataFrame]) -> None:
    missing = frames["partisipasi"]["napi_asimilasi"].isna().mean()
    assert 0.02 < missing < 0.3


def test_months_run_complete_from_2016_01_to_2025_12(frames: dict[str, pd.DataFrame]) -> None:
    for table in ("partisipasi", "realisasi"):
        periode = frames[table]["periode"]
        assert periode.min() == pd.Timestamp("2016-01-01") and periode.max() == pd.Timestamp("2025-12-01")
    december = frames["realisasi"][frames["realisasi"]["periode"] == pd.Timestamp("2025-12-01")]
    assert december["kode_upt"].nunique() == 33 and len(december) == 99
    assert frames["pnbp"]["tanggal_setor"].max() < pd.Timestamp("2026-01-01")
    assert set(frames["anggaran"]["tahun_anggaran"]) == set(demo.YEARS)


def test_occupancy_matches_the_reported_overcrowding(frames: dict[str, pd.DataFrame]) -> None:
    places = frames["upt"]["kapasitas"].sum()
    occupants = frames["partisipasi"].groupby("periode")["jumlah_penghuni"].sum()
    # Sep 2025: 26,256 for 18,030 places (45.6 % over); Jun 2020: 19,898 for 15,816.
    assert occupants[pd.Timestamp("2025-09-01")] / places == pytest.approx(26_256 / 18_030, abs=0.05)
    assert occupants[pd.Timestamp("2020-06-01")] / places == pytest.approx(19_898 / 15_816, abs=0.05)
    assert 17_000 < places < 18_500


def test_cikarang_has_about_half_its_wbp_at_work(frames: dict[str, pd.DataFrame]) -> None:
    partisipasi = frames["partisipasi"]
    cikarang = partisipasi[(partisipasi["kode_upt"] == "LP-CIKARANG") & (partisipasi["periode"].dt.year == 2019)]
    assert cikarang["wbp_bekerja"].sum() / cikarang["jumlah_penghuni"].sum() == pytest.approx(864 / 1_757, abs=0.05)


def test_budget_scale_and_ordinary_absorption(frames: dict[str, pd.DataFrame], yearly: pd.DataFrame) -> None:
    anggaran = frames["anggaran"].pivot_table(
        index=["kode_upt", "tahun_anggaran"], columns="jenis_belanja", values="pagu_awal_rp"
    )
    assert (anggaran["51"] > anggaran["52"]).all() and (anggaran["51"] > anggaran["53"]).all()
    total = anggaran.sum(axis=1)
    assert total.min() > 3e9 and total.max() < 7e10
    story = {demo.LOW_ABSORPTION, (demo.MISSING_UNIT, 2021)}
    ordinary = yearly[[(k, t) not in story for k, t in zip(yearly["kode_upt"], yearly["tahun"], strict=True)]]
    assert ordinary["penyerapan"].between(0.9, 1.0).all()
    assert ordinary["penyerapan"].between(0.9, 0.98).mean() > 0.8


def test_rpd_given_for_every_reported_month(frames: dict[str, pd.DataFrame]) -> None:
    realisasi = frames["realisasi"]
    assert realisasi["rpd_rp"].notna().all()
    rows = realisasi.groupby(["kode_upt", "jenis_belanja"]).size()
    assert (rows.drop(demo.MISSING_UNIT, level=0) == 120).all()


def test_apbnp_2016_went_to_the_ten_lapas_industri(frames: dict[str, pd.DataFrame]) -> None:
    anggaran = frames["anggaran"]
    revised = anggaran[(anggaran["tahun_anggaran"] == 2016) & anggaran["pagu_apbnp_rp"].notna()]
    industri = set(frames["upt"].loc[frames["upt"]["lapas_industri"], "kode_upt"])
    assert set(revised["kode_upt"]) == industri and (revised["jenis_belanja"] == "53").all()
    extra = (revised["pagu_apbnp_rp"] - revised["pagu_awal_rp"]).astype("int64")
    assert (extra > 0).all()
    assert 0.1 < extra.sum() / demo.APBNP_2016_NASIONAL < 0.4


def test_pnbp_is_tens_of_millions_a_year_for_a_lapas_industri(yearly: pd.DataFrame) -> None:
    normal = yearly[
        yearly["kode_upt"].isin(demo.PRODUCTS)
        & (yearly["tahun"] >= 2018)
        & ~yearly["kode_upt"].isin(["LP-KUNINGAN", demo.WARUNGKIARA, "LP-GARUT", "LP-SUBANG", "LPP-BANDUNG"])
    ]
    assert normal["pnbp_rp"].between(1e7, 2e8).all()


def test_sales_below_production(frames: dict[str, pd.DataFrame]) -> None:
    produksi = frames["produksi"]
    assert (produksi["nilai_penjualan_rp"] <= produksi["nilai_produksi_rp"]).all()
    industri = set(frames["upt"].loc[frames["upt"]["lapas_industri"], "kode_upt"])
    assert produksi.groupby("kode_upt")["periode"].nunique()[sorted(industri - {demo.MISSING_UNIT})].eq(120).all()


def test_story_a_kuningan_apbnp_money_produced_little(yearly: pd.DataFrame) -> None:
    industri = yearly[yearly["kode_upt"].isin(demo.APBNP_2016_TAMBAHAN) & (yearly["tahun"] >= 2017)]
    median = industri.groupby("tahun")["produksi_per_rupiah"].median()
    kuningan = industri[industri["kode_upt"] == "LP-KUNINGAN"].set_index("tahun")["produksi_per_rupiah"]
    assert (kuningan < 0.5 * median).all()  # produktivitas_rendah every year after the money
    assert demo.APBNP_2016_TAMBAHAN["LP-KUNINGAN"] >= sorted(demo.APBNP_2016_TAMBAHAN.values())[-2]


@pytest.mark.parametrize(("kode_upt", "tahun"), demo.SPIKE_UNIT_YEARS)
def test_story_b_year_end_spike(yearly: pd.DataFrame, kode_upt: str, tahun: int) -> None:
    row = yearly[(yearly["kode_upt"] == kode_upt) & (yearly["tahun"] == tahun)].iloc[0]
    assert row["konsentrasi"] > 0.38  # lonjakan_akhir_tahun: above 35 %
    assert row["akhir_tahun_rp"] > 1.5 * row["rpd_akhir_tahun_rp"]  # far above the plan


def test_story_b_spikes_are_the_only_ones(yearly: pd.DataFrame) -> None:
    spiky = yearly[yearly["konsentrasi"] > 0.35]
    assert set(zip(spiky["kode_upt"], spiky["tahun"], strict=True)) == set(demo.SPIKE_UNIT_YEARS)


def test_story_c_sukabumi_stops_reporting(frames: dict[str, pd.DataFrame]) -> None:
    gap = pd.to_datetime([f"{p}-01" for p in demo.MISSING_MONTHS])
    for table in ("partisipasi", "realisasi", "produksi"):
        frame = frames[table]
        months_2021 = frame.loc[
            (frame["kode_upt"] == demo.MISSING_UNIT) & (frame["periode"].dt.year == 2021), "periode"
        ].unique()
        assert len(months_2021) == 7, table  # kelengkapan 7/12 < 0.75
        assert not set(gap) & set(months_2021), table
    others = frames["partisipasi"][frames["partisipasi"]["kode_upt"] != demo.MISSING_UNIT]
    assert others.groupby("kode_upt").size().eq(120).all()


def test_story_d_warungkiara_cattle_auctioned_in_august_2017(frames: dict[str, pd.DataFrame]) -> None:
    pnbp = frames["pnbp"]
    warungkiara = pnbp[pnbp["kode_upt"] == demo.WARUNGKIARA]
    august = warungkiara[warungkiara["tanggal_setor"].dt.strftime("%Y-%m") == "2017-08"]
    assert august["jumlah_rp"].max() > 2_000_000_000
    assert august["jumlah_rp"].max() > 20 * warungkiara["jumlah_rp"].drop(august["jumlah_rp"].idxmax()).max()
    produksi = frames["produksi"]
    cattle = produksi[(produksi["kode_upt"] == demo.WARUNGKIARA) & (produksi["produk"] == "Sapi potong")]
    assert cattle["periode"].max() == pd.Timestamp("2017-08-01")
    assert cattle.set_index("periode").loc[pd.Timestamp("2017-08-01"), "jumlah"] == demo.AUCTION_HEAD
    partner = produksi[(produksi["kode_upt"] == demo.WARUNGKIARA) & (produksi["bidang"] == "Jasa")]
    assert partner["periode"].min() == pd.Timestamp("2019-01-01")


def test_low_absorption_story(yearly: pd.DataFrame) -> None:
    kode_upt, tahun = demo.LOW_ABSORPTION
    row = yearly[(yearly["kode_upt"] == kode_upt) & (yearly["tahun"] == tahun)].iloc[0]
    assert row["penyerapan"] < 0.85


def test_pnbp_far_below_target_story(yearly: pd.DataFrame) -> None:
    kode_upt, tahun = demo.PNBP_SHORTFALL
    with_target = yearly[yearly["capaian_pnbp"].notna()]
    below = with_target[with_target["capaian_pnbp"] < 0.75]
    expected = {demo.PNBP_SHORTFALL} | {("LP-KUNINGAN", year) for year in demo.KUNINGAN_TARGET_YEARS}
    assert set(zip(below["kode_upt"], below["tahun"], strict=True)) == expected
    assert with_target.set_index(["kode_upt", "tahun"]).loc[(kode_upt, tahun), "capaian_pnbp"] < 0.5


def test_committed_csv_equal_a_fresh_write(tmp_path: Path) -> None:
    paths = demo.write_demo_csv(tmp_path)
    for name, path in paths.items():
        committed = config.DEMO_DIR / f"{name}.csv"
        assert committed.read_bytes() == path.read_bytes(), f"{committed} is stale: run python -m demo"


def test_csv_format_is_what_the_templates_say() -> None:
    upt = (config.DEMO_DIR / "upt.csv").read_text(encoding="utf-8").splitlines()
    assert upt[0] == ",".join(schema.UPT.column_names)
    assert {line.split(",")[7] for line in upt[1:]} == {"ya", "tidak"}
    realisasi = pd.read_csv(config.DEMO_DIR / "realisasi.csv", dtype=str)
    assert realisasi["periode"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert realisasi["realisasi_rp"].str.fullmatch(r"\d+").all()
    pnbp = pd.read_csv(config.DEMO_DIR / "pnbp.csv", dtype=str)
    assert pnbp["tanggal_setor"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    anggaran = pd.read_csv(config.DEMO_DIR / "anggaran.csv", dtype=str, keep_default_na=False)
    assert (anggaran["pagu_apbnp_rp"] == "").mean() > 0.5  # empty = no revision
    total = sum((config.DEMO_DIR / f"{name}.csv").stat().st_size for name in schema.TABLES)
    assert total < 3_000_000


def _read_national(paths: dict[str, Path]) -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(path, dtype={"jenis_belanja": str}) for name, path in paths.items()}


def test_national_small_set_is_valid(tmp_path: Path) -> None:
    paths = demo.generate_national(tmp_path, n_kanwil=5, n_upt=40, years=range(2024, 2026))
    tables = _read_national(paths)
    assert list(tables) == list(schema.TABLES)
    upt = tables["upt"]
    assert len(upt) == 40 and upt["kanwil"].nunique() == 5
    assert upt["kode_upt"].map(lambda k: bool(KODE_RE.match(k))).all()
    for name, frame in tables.items():
        assert list(frame.columns) == schema.TABLES[name].column_names, name
        assert not frame.duplicated(list(schema.TABLES[name].key)).any(), name
        for ref in schema.TABLES[name].references:  # every row names a stored unit, agreement or asset
            assert set(frame[ref.column].dropna()) <= set(tables[ref.table][ref.column]), (name, ref.column)
    partisipasi = tables["partisipasi"]
    assert len(partisipasi) == 40 * 24
    assert (partisipasi["wbp_bekerja"] <= partisipasi["jumlah_penghuni"]).all()
    assert len(tables["realisasi"]) == 40 * 24 * 3
    assert (tables["pnbp"]["jumlah_rp"] > 0).all()
    assert tables["pnbp"]["ntpn"].str.fullmatch(r"[A-Z0-9]{16}").all()


def test_national_set_can_fix_the_produksi_size(tmp_path: Path) -> None:
    paths = demo.generate_national(tmp_path, n_kanwil=3, n_upt=12, years=range(2025, 2026), produksi_rows=500)
    produksi = pd.read_csv(paths["produksi"])
    assert len(produksi) == 500
    assert not produksi.duplicated(list(schema.PRODUKSI.key)).any()


@pytest.mark.parametrize("n_rows", [0, 1, 70_000])
def test_produksi_csv_has_exactly_n_unique_rows(tmp_path: Path, n_rows: int) -> None:
    path = demo.produksi_csv(tmp_path / "produksi.csv", n_rows)
    produksi = pd.read_csv(path)
    assert list(produksi.columns) == schema.PRODUKSI.column_names
    assert len(produksi) == n_rows
    assert not produksi.duplicated(list(schema.PRODUKSI.key)).any()
    assert set(produksi["kode_upt"]) <= set(demo.national_upt()["kode_upt"])
    assert set(produksi["bidang"]) <= set(schema.BIDANG)
    if n_rows:
        assert produksi["periode"].str.fullmatch(r"20(1[6-9]|2[0-5])-\d{2}").all()
        assert np.issubdtype(produksi["nilai_produksi_rp"].dtype, np.integer)


# --- the partnership stories (g)-(j) of data/demo/SUMBER.md, from the raw frames -----------------------------


def test_the_partnerships_leave_the_seven_tables_figures_as_they_were(frames: dict[str, pd.DataFrame]) -> None:
    """Only pnbp changed: its new column names the contributions (and their uraian says so); no amount moved."""
    pnbp = frames["pnbp"]
    assert len(pnbp) == 1538 and int(pnbp["jumlah_rp"].sum()) == 6_696_410_682  # as before the partnerships
    named = pnbp[pnbp["nomor_perjanjian"].notna()]
    assert named["uraian"].str.startswith("Kontribusi mitra").all()
    assert not pnbp.loc[pnbp["nomor_perjanjian"].isna(), "uraian"].str.startswith("Kontribusi").any()
    agreements = frames["kemitraan"].set_index("nomor_perjanjian")["kode_upt"]
    assert (named["nomor_perjanjian"].map(agreements) == named["kode_upt"]).all()  # each names its own unit's


def contributions(frames: dict[str, pd.DataFrame], nomor: str) -> pd.Series:
    pnbp = frames["pnbp"]
    named = pnbp[pnbp["nomor_perjanjian"] == nomor]
    return named.groupby(named["tanggal_setor"].dt.year)["jumlah_rp"].sum()


def test_story_g_the_cikarang_partner_pays_its_due_except_in_2023_and_2024(frames: dict[str, pd.DataFrame]) -> None:
    paid = contributions(frames, partnership.CIKARANG_KSO)
    capaian = {
        year: paid.get(year, 0) / partnership.contribution_due(partnership.CIKARANG_KSO, year)
        for year in demo.YEARS[1:]
    }
    short = {year for year, share in capaian.items() if share < 0.9}
    assert short == {2023, 2024}
    assert all(0.6 < capaian[year] < 0.8 for year in short)
    kso = frames["kemitraan"].set_index("nomor_perjanjian").loc[partnership.CIKARANG_KSO]
    assert kso["mitra"] == "PT Glory Karsa Abadi" and "4 unit" in kso["objek"] and not kso["serah_terima"]
    machines = frames["aset"][frames["aset"]["nama_aset"].str.startswith("Mesin injeksi")]
    assert len(machines) == 4 and (machines["nomor_perjanjian"] == partnership.CIKARANG_KSO).all()


def test_story_h_warungkiara_keeps_the_partners_cattle_after_the_auction(frames: dict[str, pd.DataFrame]) -> None:
    kemitraan = frames["kemitraan"]
    partner = kemitraan[kemitraan["kode_upt"] == demo.WARUNGKIARA]
    assert set(partner["mitra"]) == {"PT Kariyana Gita Utama"}
    assert partner["tanggal_mulai"].min() > pd.Timestamp(f"{demo.AUCTION_MONTH}-01")
    for nomor in partnership.WARUNGKIARA_KSO:
        paid = contributions(frames, nomor)
        assert all(paid[year] >= partnership.contribution_due(nomor, year) for year in paid.index)
    status = frames["status_aset"].merge(frames["aset"], on="kode_aset")
    pens = status[(status["kode_upt"] == demo.WARUNGKIARA) & (status["periode"].dt.year == 2018)]
    assert len(pens) == 12 and not pens["dipakai"].any()  # idle all 2018: only fodder (story d)


def test_story_i_the_idle_apbnp_machine_and_the_handover_due_in_2026(frames: dict[str, pd.DataFrame]) -> None:
    aset = frames["aset"].set_index("kode_aset")
    status = frames["status_aset"]
    machine = status[(status["kode_aset"] == partnership.KUNINGAN_IDLE) & (status["periode"].dt.year >= 2018)]
    assert aset.loc[partnership.KUNINGAN_IDLE, "sumber_dana"] == "APBN-P" and not machine["dipakai"].any()
    kuningan = aset[aset["kode_upt"] == "LP-KUNINGAN"]["nilai_perolehan_rp"]
    assert kuningan[partnership.KUNINGAN_IDLE] / kuningan.sum() > 0.1  # aset_menganggur
    bgs = frames["kemitraan"].set_index("nomor_perjanjian").loc[partnership.SUKAMISKIN_BGS]
    end = schema.term_end(bgs["tanggal_mulai"].date(), int(bgs["jangka_tahun"]))
    assert end == pd.Timestamp("2026-09-01").date() and pd.isna(bgs["serah_terima"])  # empty: a BGS hands over


def test_story_j_cirebon_raised_its_premi_share_in_july_2022_and_kept_paying_as_before(
    frames: dict[str, pd.DataFrame],
) -> None:
    rules = frames["aturan_premi"]
    assert ((rules["premi_persen"] + rules["pnbp_persen"] + rules["modal_persen"]) == 100).all()
    sales = frames["produksi"].groupby(["kode_upt", "periode"])["nilai_penjualan_rp"].sum().reset_index()
    merged = pd.merge_asof(
        sales.sort_values("periode"),
        rules.sort_values("berlaku_mulai"),
        left_on="periode",
        right_on="berlaku_mulai",
        by="kode_upt",
    )
    merged = merged[merged["premi_persen"].notna() & (merged["periode"].dt.year >= 2018)]
    due = (
        (merged["nilai_penjualan_rp"] * merged["premi_persen"] / 100)
        .groupby([merged["kode_upt"], merged["periode"].dt.year])
        .sum()
    )
    partisipasi = frames["partisipasi"]
    paid = partisipasi.groupby(["kode_upt", partisipasi["periode"].dt.year])["premi_dibayar_rp"].sum()
    short = paid.reindex(due.index) < 0.9 * due
    assert set(short[short].index) == {(partnership.PREMI_SHORTFALL[0], year) for year in (2023, 2024, 2025)}
