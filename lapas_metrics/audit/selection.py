"""Which UPTs an auditor looks at: the masks of the criteria and select_targets, on the output of metrics.audit_flags.

Selection semantics (issue 5), applied in this order by select_targets():

1. Years: the rows of the chosen fiscal years. One row of the result is one UPT in one year.
2. Units: kanwil (case-insensitive, surrounding spaces ignored), jenis, kelas and "Lapas Industri only".
3. Budget, one of four alternatives (BUDGET_MODES):
   - "persentil": pagu_efektif_rp >= the p-th percentile of its peers. Peers are every UPT of the same
     kanwil and year with a pagu_efektif_rp, whatever the unit filters of step 2 (as METRICS.md
     anggaran_tinggi: pandas quantile, linear interpolation). So "Lapas Industri only" with p = 75 gives
     the Lapas Industri whose pagu is in the top quarter of their kanwil, not of the Lapas Industri.
   - "nominal": pagu_efektif_rp >= an amount in rupiah.
   - "top_pagu": the N largest pagu_efektif_rp per kanwil and year among the units kept by step 2
     (so with "Lapas Industri only", the N largest Lapas Industri). Per kanwil because peers are a
     kanwil everywhere else (percentile, medians) and an Inspektorat Wilayah examines several kanwil:
     each kanwil gets its own N. Ties at the N-th amount are all kept (rank method "min"), so the
     result can hold more than N rows per kanwil-year, never fewer when N units have a pagu.
   - "top_apbnp": as top_pagu on tambahan_apbnp_rp, counting only units whose APBN-P added money
     (tambahan_apbnp_rp > 0): a year without additions selects nobody.
   A unit without pagu (or without tambahan_apbnp_rp for top_apbnp) is never selected by step 3.
4. Flags: with chosen flags, the rows where ANY of them is raised, or ALL of them with `semua_bendera`.
   No flag chosen: no filter.
5. Order: the amount of the budget criterion (Criteria.amount_column: tambahan_apbnp_rp for "top_apbnp",
   pagu_efektif_rp for the three pagu criteria) descending, empty last; ties by nama_upt (case-insensitive),
   then kode_upt, then tahun. The auditor asked for the largest budgets, so the largest comes first; the
   risk score is a column of its own (issue 12: sorted by score, the second-largest addition came fifth).

Flags and skor_risiko come from metrics.audit_flags under the session's AuditConfig; pass the whole
figures frame (every UPT of the kanwil) so percentiles and medians see every peer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from pandas import DataFrame, Series

from lapas_metrics.audit.criteria import Criteria


def _peer_key(frame: DataFrame) -> list[Any]:
    """kanwil (case-insensitive, trimmed) and tahun: the peers of METRICS.md."""
    return [frame["kanwil"].astype(str).str.strip().str.casefold(), frame["tahun"]]


def numbers(frame: DataFrame, column: str) -> Series:
    """A column as float64, anything not a number as NaN."""
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def pagu_percentile(flagged: DataFrame, persentil: float) -> Series:
    """Per row: the `persentil`-th percentile (0-100, linear interpolation) of pagu_efektif_rp over the
    rows of the same kanwil and tahun that have one. NaN where no peer has a pagu. Same index."""
    pagu = numbers(flagged, "pagu_efektif_rp")
    return pagu.groupby(_peer_key(flagged)).transform("quantile", float(persentil) / 100)


def by_percentile(flagged: DataFrame, persentil: float) -> Series:
    """pagu_efektif_rp >= pagu_percentile(); False without a pagu."""
    pagu = numbers(flagged, "pagu_efektif_rp")
    return (pagu >= pagu_percentile(flagged, persentil)).fillna(False).astype(bool)


def by_amount(flagged: DataFrame, nominal_rp: float) -> Series:
    """pagu_efektif_rp >= nominal_rp; False without a pagu."""
    return (numbers(flagged, "pagu_efektif_rp") >= float(nominal_rp)).fillna(False).astype(bool)


def top_n(flagged: DataFrame, column: str, n: int, positive_only: bool = False) -> Series:
    """The rows whose `column` ranks among the n largest of their kanwil and tahun (ties at the n-th
    value all kept). Empty values never rank; with positive_only, neither do values <= 0."""
    values = numbers(flagged, column)
    if positive_only:
        values = values.where(values > 0)
    rank = values.groupby(_peer_key(flagged)).rank(method="min", ascending=False)
    return (rank <= int(n)).fillna(False).astype(bool)


def by_flags(flagged: DataFrame, flags: Sequence[str], require_all: bool = False) -> Series:
    """Rows with any (or all, with require_all) of `flags` raised; every row when `flags` is empty."""
    if not flags:
        return Series(True, index=flagged.index)
    raised = flagged[list(flags)].fillna(False).astype(bool)
    return raised.all(axis=1) if require_all else raised.any(axis=1)


def scope_mask(flagged: DataFrame, criteria: Criteria) -> Series:
    """The rows, of every year, whose unit passes kanwil, jenis, kelas and Lapas Industri."""
    keep = Series(True, index=flagged.index)
    if criteria.kanwil:
        wanted = criteria.kanwil.strip().casefold()
        keep &= flagged["kanwil"].astype(str).str.strip().str.casefold() == wanted
    if criteria.jenis:
        keep &= flagged["jenis"].isin(criteria.jenis)
    if criteria.kelas:
        keep &= flagged["kelas"].isin(criteria.kelas)
    if criteria.hanya_industri:
        keep &= flagged["lapas_industri"].fillna(False).astype(bool)
    return keep.astype(bool)


def unit_mask(flagged: DataFrame, criteria: Criteria) -> Series:
    """The rows of the chosen years whose unit passes kanwil, jenis, kelas and Lapas Industri."""
    return (flagged["tahun"].isin(criteria.tahun) & scope_mask(flagged, criteria)).astype(bool)


def budget_mask(flagged: DataFrame, criteria: Criteria) -> Series:
    """Step 3 of the module docstring, on every row of `flagged` (percentile over all peers, top N
    among the rows unit_mask keeps)."""
    if criteria.mode == "persentil":
        return by_percentile(flagged, criteria.persentil)
    if criteria.mode == "nominal":
        return by_amount(flagged, criteria.nominal_rp)
    candidates = unit_mask(flagged, criteria)
    column = "pagu_efektif_rp" if criteria.mode == "top_pagu" else "tambahan_apbnp_rp"
    chosen = top_n(flagged[candidates], column, criteria.top_n, positive_only=criteria.mode == "top_apbnp")
    return chosen.reindex(flagged.index, fill_value=False).astype(bool)


def sort_targets(rows: DataFrame, column: str = "pagu_efektif_rp") -> DataFrame:
    """`column` descending (empty values last), then nama_upt (case-insensitive), kode_upt, tahun."""
    if len(rows) == 0:
        return rows
    order = DataFrame(
        {
            "amount": -numbers(rows, column),
            "nama": rows["nama_upt"].astype(str).str.casefold(),
            "kode": rows["kode_upt"].astype(str),
            "tahun": rows["tahun"].astype("int64"),
        },
        index=rows.index,
    )
    ordered = order.sort_values(["amount", "nama", "kode", "tahun"], na_position="last", kind="mergesort")
    return rows.loc[ordered.index]


def select_targets(flagged: DataFrame, criteria: Criteria) -> DataFrame:
    """The rows of `flagged` (metrics.audit_flags output, every UPT and year) the criteria pick, in the
    order of the module docstring. Keeps `flagged`'s columns and index labels (so flag_status rows can
    be looked up); empty frame with the same columns when nothing matches."""
    keep = unit_mask(flagged, criteria) & budget_mask(flagged, criteria)
    keep &= by_flags(flagged, criteria.bendera, criteria.semua_bendera)
    return sort_targets(flagged[keep], criteria.amount_column)


def percentile_table(flagged: DataFrame, criteria: Criteria) -> DataFrame:
    """For the 'persentil' criterion: per kanwil and year shown, jumlah_upt (peers with a pagu) and
    ambang_rp (the percentile). Columns kanwil, tahun, jumlah_upt, ambang_rp; sorted by kanwil, tahun."""
    columns = ["kanwil", "tahun", "jumlah_upt", "ambang_rp"]
    rows = flagged[unit_mask(flagged, criteria)]
    if criteria.mode != "persentil" or len(rows) == 0:
        return DataFrame({c: [] for c in columns})
    ambang = pagu_percentile(flagged, criteria.persentil).loc[rows.index]
    peers = numbers(flagged, "pagu_efektif_rp").notna().groupby(_peer_key(flagged)).transform("sum").loc[rows.index]
    table = DataFrame(
        {
            "kanwil": rows["kanwil"].astype(str),
            "tahun": rows["tahun"].astype("int64"),
            "jumlah_upt": peers.astype("int64"),
            "ambang_rp": ambang,
        }
    )
    table = table.drop_duplicates(["kanwil", "tahun"]).sort_values(["kanwil", "tahun"], kind="mergesort")
    return table[columns].reset_index(drop=True)
