"""Jawa Barat demo, partnerships: agreements, partner reports, State assets and their checks, split rules (stories g–j)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from demo.catalogue import PRODUCTS
from lapas_metrics import schema

LAST_MONTH = "2025-12"

# (g) Cikarang. Real: from 2017 the unit runs an injection-moulding industry in a workshop built with APBN-P 2016,
# with PT Glory Karsa Abadi as the third party and 4 injection-moulding machines (mitrabantennews.com, "Industri
# plastik Lapas Cikarang tembus pasar dunia"; bekasikab.go.id, 22 Sep 2021); about 80 WBP in four shifts and
# exports to Italy in 2019 (fajar.co.id, 31 Aug 2019). Invented: the scheme's papers (number, KSO, start, term,
# contributions), the omzet, the values and the partner's shortfall in 2023-2024.
CIKARANG_KSO = "KSO.W11.PAS.CKR-01/2017"
# (h) Warungkiara. Real: the farm was built in 2016 and opened with 200 head in January 2017, run by the unit on
# APBN-P money; in August 2017 the State's cattle were auctioned and the unit went on with PT Kariyana Gita Utama
# (Cicurug), whose cattle it keeps, about 400 head (lingkarpena.id, "5000 ekor sapi di peternakan Lapas
# Warungkiara"; bharindojabar.com, 18 Mar 2022; fokusmedianews.com, 8 Jan 2024: 395 head). Invented: both
# agreements' papers, dates and money (the demo's partner fee starts in 2019, data/demo/SUMBER.md story d).
WARUNGKIARA_KSO = ("KSO.W11.PAS.WKR-01/2019", "KSO.W11.PAS.WKR-02/2024")
# (i) Sukamiskin. Entirely invented: a BGS of 2001 whose printing warehouse passes to the State in September 2026.
SUKAMISKIN_BGS = "BGS.W11.PAS.SKM-01/2001"
# (i) Kuningan, with story (a): the APBN-P 2016 feed mill (invented) stands idle from 2018.
KUNINGAN_IDLE = "3.02.05.01.003-1"
# (j) Cirebon raises the premi share from July 2022 (invented) but keeps paying premi as before.
PREMI_SHORTFALL = ("LP-CIREBON", "2022-07", 40.0)

AGREEMENTS = (
    # kode_upt, nomor, skema, mitra, objek, tanggal_mulai, jangka_tahun, investasi, kontribusi tetap, bagi hasil, serah
    ("LP-CIKARANG", CIKARANG_KSO, "KSO", "PT Glory Karsa Abadi", "Gedung workshop dan mesin injeksi plastik 4 unit",
     "2017-03-01", 10, 1_800_000_000, 12_000_000, 0.5, False),
    ("LP-WARUNGKIARA", WARUNGKIARA_KSO[0], "KSO", "PT Kariyana Gita Utama", "Kandang penggemukan sapi 400 ekor",
     "2019-01-02", 5, 0, 6_000_000, 0.0, False),
    ("LP-WARUNGKIARA", WARUNGKIARA_KSO[1], "KSO", "PT Kariyana Gita Utama", "Kandang penggemukan sapi 400 ekor",
     "2024-01-02", 5, 0, 7_200_000, 0.0, False),
    ("LP-SUKAMISKIN", SUKAMISKIN_BGS, "BGS", "PT Grafika Contoh Mandiri (sintetis)",
     "Gudang dan workshop percetakan", "2001-09-01", 25, 2_400_000_000, 0, 1.0, None),
)  # fmt: skip
# omzet_rp (Rp million) and wbp_dipekerjakan per year of each agreement's reports: invented.
REPORTS = {
    CIKARANG_KSO: {2017: (1_500, 60), 2018: (2_600, 72), 2019: (3_200, 80), 2020: (2_200, 55), 2021: (2_800, 70),
                   2022: (3_000, 78), 2023: (3_100, 80), 2024: (3_300, 82), 2025: (3_400, 84)},
    WARUNGKIARA_KSO[0]: {2019: (5_500, 18), 2020: (4_800, 16), 2021: (5_900, 18), 2022: (6_400, 20),
                         2023: (6_600, 20)},
    WARUNGKIARA_KSO[1]: {2024: (6_900, 22), 2025: (7_100, 22)},
    SUKAMISKIN_BGS: {y: (900 + 40 * (y - 2016), 25) for y in range(2017, 2026)},
}  # fmt: skip
# Share of a year's contribution due the partner paid (the rest of the years: in full).
PAID_SHARE = {(CIKARANG_KSO, 2023): 0.55, (CIKARANG_KSO, 2024): 0.6}

ASSETS = (
    # kode_upt, kode_aset, nama, kategori, tahun, nilai, sumber, nomor_perjanjian, first check, idle months
    ("LP-CIKARANG", "4.01.01.03.004-1", "Gedung workshop industri plastik", "Gedung dan bangunan", 2016,
     7_500_000_000, "APBN-P", CIKARANG_KSO, "2017-03", ()),
    *(("LP-CIKARANG", f"3.05.01.04.001-{n}", f"Mesin injeksi plastik unit {n}", "Mesin dan peralatan", 2017,
       450_000_000, "Mitra", CIKARANG_KSO, "2017-03", ()) for n in range(1, 5)),
    ("LP-KUNINGAN", "4.01.01.03.007-1", "Kandang penggemukan sapi", "Gedung dan bangunan", 2016, 3_500_000_000,
     "APBN-P", None, "2017-02", ()),
    ("LP-KUNINGAN", KUNINGAN_IDLE, "Mesin pencacah dan pengolah pakan ternak", "Mesin dan peralatan", 2016,
     1_200_000_000, "APBN-P", None, "2017-02", ("2017-07", LAST_MONTH)),
    ("LP-WARUNGKIARA", "4.01.01.03.009-1", "Kandang dan peternakan terpadu", "Gedung dan bangunan", 2016,
     4_200_000_000, "APBN-P", WARUNGKIARA_KSO[1], "2017-01", ("2017-09", "2018-12")),
    ("LP-SUKAMISKIN", "4.01.01.03.002-1", "Gudang dan workshop percetakan", "Gedung dan bangunan", 2002,
     2_400_000_000, "Mitra", SUKAMISKIN_BGS, "2016-01", ()),
    ("LP-SUKAMISKIN", "3.05.02.01.011-1", "Mesin cetak offset", "Mesin dan peralatan", 2016, 1_800_000_000,
     "APBN-P", None, "2017-02", ()),
    ("LP-CIBINONG", "4.01.01.03.008-1", "Kandang penggemukan sapi", "Gedung dan bangunan", 2016, 3_000_000_000,
     "APBN-P", None, "2017-02", ()),
)  # fmt: skip
# Invented split rules: where the decree is named, it is DATA.md's example (not checked against the decree).
DASAR_HUKUM = "Kepmenkeh M.01-PP.02.01/1990"
RULES_FROM = "2017-02"  # the Lapas Industri opened on 4 February 2017 (data/demo/SUMBER.md)


def _month(text: str) -> pd.Timestamp:
    return pd.Timestamp(f"{text}-01")


def kemitraan_frame() -> pd.DataFrame:
    columns = schema.KEMITRAAN.column_names
    frame = pd.DataFrame(list(AGREEMENTS), columns=columns)
    frame["tanggal_mulai"] = pd.to_datetime(frame["tanggal_mulai"]).astype("datetime64[us]")
    frame["serah_terima"] = frame["serah_terima"].astype("boolean")
    frame["nilai_investasi_rp"] = frame["nilai_investasi_rp"].astype("Int64").where(frame["nilai_investasi_rp"] > 0)
    return frame


def laporan_mitra_frame() -> pd.DataFrame:
    rows = [
        (nomor, tahun, omzet * 1_000_000, wbp, None)
        for nomor, years in REPORTS.items()
        for tahun, (omzet, wbp) in years.items()
    ]
    frame = pd.DataFrame(rows, columns=schema.LAPORAN_MITRA.column_names)
    frame["upah_wbp_rp"] = pd.array([None] * len(frame), dtype="Int64")
    return frame


def aset_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """aset, and status_aset: one check a month from the first check to LAST_MONTH, kondisi baik and in use except
    in the idle months (then rusak ringan for the machine, baik for a building)."""
    aset = pd.DataFrame([row[:8] for row in ASSETS], columns=schema.ASET.column_names)
    checks = []
    for row in ASSETS:
        kode, kategori, first, idle = row[1], row[3], row[8], row[9]
        months = pd.date_range(_month(first), _month(LAST_MONTH), freq="MS")
        unused = np.zeros(len(months), dtype=bool)
        if idle:
            unused = (months >= _month(idle[0])) & (months <= _month(idle[1]))
        kondisi = np.where(unused & (kategori == "Mesin dan peralatan"), "rusak ringan", "baik")
        checks.append(pd.DataFrame({"kode_aset": kode, "periode": months, "kondisi": kondisi, "dipakai": ~unused}))
    status = pd.concat(checks, ignore_index=True)
    status["periode"] = status["periode"].astype("datetime64[us]")
    status["dipakai"] = status["dipakai"].astype("boolean")
    return aset, status


def aturan_premi_frame(produksi: pd.DataFrame, partisipasi: pd.DataFrame, pnbp: pd.DataFrame) -> pd.DataFrame:
    """A rule from February 2017 for each Lapas Industri, sized on what the unit then paid: premi a point below, and
    PNBP half a point below, the lowest yearly share of sales it paid in 2018-2025 (Bogor's 2023, story f, left
    out of the sizing, so it falls short of its rule); story (j): Cirebon's second rule from July 2022."""
    shares = pd.DataFrame(
        {
            "sales": produksi.groupby(["kode_upt", produksi["periode"].dt.year])["nilai_penjualan_rp"].sum(),
            "premi": partisipasi.groupby(["kode_upt", partisipasi["periode"].dt.year])["premi_dibayar_rp"].sum(),
        }
    )
    own = pnbp[pnbp["nomor_perjanjian"].isna()]
    shares["pnbp"] = own.groupby(["kode_upt", own["tanggal_setor"].dt.year])["jumlah_rp"].sum()
    shares.index.names = ["kode_upt", "tahun"]
    shares = shares.reset_index()
    shares = shares[(shares["tahun"] >= 2018) & ~((shares["kode_upt"] == "LP-BOGOR") & (shares["tahun"] == 2023))]
    lowest = (
        shares.assign(premi=shares["premi"] / shares["sales"], pnbp=shares["pnbp"] / shares["sales"])
        .groupby("kode_upt")[["premi", "pnbp"]]
        .min()
    )
    rows = []
    for kode in sorted(PRODUCTS):
        if kode in ("LP-GARUT", "LP-SUBANG", "LPP-BANDUNG"):
            continue  # no rule: their sales are months with no rule in force (bulan_tanpa_aturan)
        premi_share, pnbp_share = lowest.loc[kode].to_numpy(dtype=float)
        premi_persen = float(np.clip(np.floor(premi_share * 100) - 1, 5, 60))
        pnbp_persen = max(float(np.floor(pnbp_share * 200) / 2 - 0.5), 0.5)
        rows.append((kode, RULES_FROM, premi_persen, pnbp_persen, DASAR_HUKUM))
        if kode == PREMI_SHORTFALL[0]:
            rows.append(
                (kode, PREMI_SHORTFALL[1], PREMI_SHORTFALL[2], pnbp_persen, "Keputusan Kepala Lapas (sintetis)")
            )
    frame = pd.DataFrame(rows, columns=["kode_upt", "berlaku_mulai", "premi_persen", "pnbp_persen", "dasar_hukum"])
    frame["berlaku_mulai"] = pd.to_datetime(frame["berlaku_mulai"] + "-01").astype("datetime64[us]")
    frame["modal_persen"] = 100 - frame["premi_persen"] - frame["pnbp_persen"]
    return frame[schema.ATURAN_PREMI.column_names]


def _term(nomor: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    agreement = next(a for a in AGREEMENTS if a[1] == nomor)
    start = pd.Timestamp(agreement[5])
    return start, pd.Timestamp(schema.term_end(start.date(), agreement[6]))


def contribution_due(nomor: str, tahun: int) -> float:
    """What the agreement's partner owes for the year (METRICS.md kontribusi_seharusnya_rp), in rupiah: the months
    from the start month up to, not including, the end month count (f15-metrics' rule)."""
    agreement = next(a for a in AGREEMENTS if a[1] == nomor)
    start, end = _term(nomor)
    months = sum(
        1
        for month in pd.date_range(f"{tahun}-01-01", f"{tahun}-12-01", freq="MS")
        if start.to_period("M") <= month.to_period("M") < end.to_period("M")
    )
    omzet = REPORTS.get(nomor, {}).get(tahun, (0, 0))[0] * 1_000_000
    return agreement[8] * months / 12 + agreement[9] / 100 * omzet


def tag_contributions(pnbp: pd.DataFrame) -> pd.DataFrame:
    """pnbp with the partners' contributions named: in each year of an agreement, the unit's deposits in date
    order are marked as its contribution until they reach what is due (times PAID_SHARE). No amount changes."""
    pnbp = pnbp.copy()
    years = pnbp["tanggal_setor"].dt.year
    for kode, nomor, *_ in AGREEMENTS:
        mitra = next(a[3] for a in AGREEMENTS if a[1] == nomor)
        for tahun in range(2016, 2026):
            due = contribution_due(nomor, tahun) * PAID_SHARE.get((nomor, tahun), 1.0)
            if due <= 0:
                continue
            start, end = _term(nomor)
            inside = (pnbp["tanggal_setor"] >= start) & (pnbp["tanggal_setor"] < end)
            free = pnbp[(pnbp["kode_upt"] == kode) & (years == tahun) & inside & pnbp["nomor_perjanjian"].isna()]
            free = free[~free["uraian"].str.startswith("Hasil lelang")].sort_values(["tanggal_setor", "ntpn"])
            reached = free["jumlah_rp"].cumsum().shift(fill_value=0) < due
            chosen = free.index[reached.to_numpy()]
            pnbp.loc[chosen, "nomor_perjanjian"] = nomor
            pnbp.loc[chosen, "uraian"] = f"Kontribusi mitra {mitra} ({nomor})"
    return pnbp


def partnership_frames(
    produksi: pd.DataFrame, partisipasi: pd.DataFrame, pnbp: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The five partnership tables and pnbp with its contributions named (no random numbers: the seven tables'
    figures are those they had before)."""
    pnbp = tag_contributions(pnbp)
    aset, status_aset = aset_frames()
    return {
        "pnbp": pnbp,
        "kemitraan": kemitraan_frame(),
        "laporan_mitra": laporan_mitra_frame(),
        "aset": aset,
        "status_aset": status_aset,
        "aturan_premi": aturan_premi_frame(produksi, partisipasi, pnbp),
    }
