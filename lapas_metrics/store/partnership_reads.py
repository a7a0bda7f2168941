"""Reading the partnership tables as the Kemitraan dan Aset page lists them: agreements, assets with a year's checks, split rules."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lapas_metrics.store.transactions import reading

AGREEMENTS_QUERY = """SELECT kode_upt, nomor_perjanjian, skema, mitra, objek, tanggal_mulai,
                             CAST(jangka_tahun AS BIGINT) AS jangka_tahun,
                             CAST(nilai_investasi_rp AS DOUBLE) AS nilai_investasi_rp,
                             CAST(kontribusi_tetap_rp AS DOUBLE) AS kontribusi_tetap_rp,
                             CAST(bagi_hasil_persen AS DOUBLE) AS bagi_hasil_persen, serah_terima
                      FROM kemitraan WHERE kode_upt IN (SELECT unnest($1))
                      ORDER BY kode_upt, tanggal_mulai, nomor_perjanjian"""
# Every asset of the units with what the checks of one year saw: how many checks, how many in use, and the
# condition at the last check of the year (NULL without a check that year).
ASSETS_QUERY = """WITH checks AS (
                      SELECT kode_aset, count(*) AS jumlah_diperiksa, count(*) FILTER (WHERE dipakai) AS jumlah_dipakai,
                             arg_max(kondisi, periode) AS kondisi, max(periode) AS periode
                      FROM status_aset WHERE year(periode) = $2 GROUP BY kode_aset)
                  SELECT a.kode_upt, a.kode_aset, a.nama_aset, a.kategori, CAST(a.tahun_perolehan AS BIGINT) AS tahun_perolehan,
                         CAST(a.nilai_perolehan_rp AS DOUBLE) AS nilai_perolehan_rp, a.sumber_dana, a.nomor_perjanjian,
                         c.kondisi, c.periode, CAST(coalesce(c.jumlah_diperiksa, 0) AS BIGINT) AS jumlah_diperiksa,
                         CAST(coalesce(c.jumlah_dipakai, 0) AS BIGINT) AS jumlah_dipakai
                  FROM aset a LEFT JOIN checks c ON upper(trim(c.kode_aset)) = upper(trim(a.kode_aset))
                  WHERE a.kode_upt IN (SELECT unnest($1))
                  ORDER BY a.kode_upt, a.kode_aset"""
RULES_QUERY = """SELECT kode_upt, berlaku_mulai, CAST(premi_persen AS DOUBLE) AS premi_persen,
                        CAST(pnbp_persen AS DOUBLE) AS pnbp_persen, CAST(modal_persen AS DOUBLE) AS modal_persen,
                        dasar_hukum
                 FROM aturan_premi WHERE kode_upt IN (SELECT unnest($1)) ORDER BY kode_upt, berlaku_mulai"""


def partnership_rows(path: Path, kode_upt: list[str], tahun: int) -> dict[str, pd.DataFrame]:
    """The rows of the units `kode_upt` the Kemitraan dan Aset page lists: 'kemitraan' (every column of
    the agreements), 'aset' (every asset, with the checks of `tahun`: jumlah_diperiksa, jumlah_dipakai,
    kondisi and periode of the last one), 'aturan_premi' (every split rule). Money and percentages float64."""
    codes = [str(code) for code in kode_upt]
    with reading(path) as con:
        frames = {
            "kemitraan": con.execute(AGREEMENTS_QUERY, [codes]).df(),
            "aset": con.execute(ASSETS_QUERY, [codes, int(tahun)]).df(),
            "aturan_premi": con.execute(RULES_QUERY, [codes]).df(),
        }
    frames["kemitraan"]["tanggal_mulai"] = pd.to_datetime(frames["kemitraan"]["tanggal_mulai"])
    frames["kemitraan"]["serah_terima"] = frames["kemitraan"]["serah_terima"].astype("boolean")
    frames["aset"]["periode"] = pd.to_datetime(frames["aset"]["periode"])
    frames["aturan_premi"]["berlaku_mulai"] = pd.to_datetime(frames["aturan_premi"]["berlaku_mulai"])
    return frames
