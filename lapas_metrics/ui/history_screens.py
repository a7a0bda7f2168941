"""The history page's sections: two batches of a table compared, and undoing a batch with a confirmation step."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from lapas_metrics import auth, clock, fmt, schema, store
from lapas_metrics.ui.data import clear_caches, database, stamp
from lapas_metrics.ui.upload_screens import undo_sentence
from lapas_metrics.views import batch_diff

COMPARE_ROWS = 200  # rows of the table shown on screen; the CSV holds them all


@st.cache_data(show_spinner=False, max_entries=8)
def _comparable(path: str, db_stamp: tuple[int, int], actor: auth.Actor) -> pd.DataFrame:
    return store.comparable_batches(Path(path), actor)


@st.cache_data(show_spinner=False, max_entries=8)
def _comparison(
    path: str, db_stamp: tuple[int, int], lama: int, baru: int, actor: auth.Actor, limit: int | None
) -> store.BatchComparison:
    return store.compare_batches(Path(path), lama, baru, actor=actor, limit=limit)


def comparison(lama: int, baru: int, actor: auth.Actor, limit: int | None = COMPARE_ROWS) -> store.BatchComparison:
    """store.compare_batches as `actor` may see it, cached until the database changes."""
    return _comparison(str(database()), stamp(), int(lama), int(baru), actor, limit)


def _choose(key: str, choices: list[int] | list[str], default: object) -> None:
    """Keep a selectbox's remembered choice only while it is among its options."""
    if st.session_state.get(key) not in choices:
        st.session_state[key] = default


def _pick_batches(batches: pd.DataFrame, actor: auth.Actor) -> tuple[int, int] | None:
    """The table, later and earlier batch selectboxes, limited to active batches of one table `actor` may see."""
    path = database()
    if not path.exists():
        return None
    visible = _comparable(str(path), stamp(), actor)
    sizes = visible.groupby("tabel").size()
    tables = [name for name in schema.TABLES if sizes.get(name, 0) >= 2]
    if not tables:
        st.info("Belum ada dua batch aktif dari tabel yang sama yang dapat Anda bandingkan.")
        return None
    names = {
        int(batch_id): f"Batch {batch_id} · {name} · {clock.stamp_text(waktu)}"
        for batch_id, name, waktu in zip(batches["batch_id"], batches["nama_file"], batches["waktu"], strict=True)
    }

    def label(batch_id: int) -> str:
        return names.get(int(batch_id), f"Batch {batch_id}")

    columns = st.columns([1, 2, 2])
    _choose("cmp_table", tables, tables[0])
    table = columns[0].selectbox("Tabel", tables, format_func=lambda name: schema.TABLES[name].title, key="cmp_table")
    ids = [int(b) for b in visible.loc[visible["tabel"] == table, "batch_id"]]  # newest first
    _choose("cmp_later", ids, ids[0])
    later = int(columns[1].selectbox("Batch baru", ids, format_func=label, key="cmp_later"))
    earlier_ids = [b for b in ids if b != later]
    older = [b for b in earlier_ids if b < later]
    _choose("cmp_earlier", earlier_ids, older[0] if older else earlier_ids[0])
    earlier = int(columns[2].selectbox("Dibanding batch", earlier_ids, format_func=label, key="cmp_earlier"))
    return earlier, later


def compare_section(batches: pd.DataFrame, actor: auth.Actor) -> None:
    """Two batches of one table compared: the counts, the changed values (at most COMPARE_ROWS rows) and a CSV."""
    st.subheader("Bandingkan dua batch")
    st.caption("Apa yang diubah unggahan yang lebih baru dibanding unggahan lain dari tabel yang sama.")
    picked = _pick_batches(batches, actor)
    if picked is None:
        return
    earlier, later = picked
    try:
        result = comparison(earlier, later, actor)
    except (store.StoreError, auth.Forbidden) as error:
        st.error(fmt.plain(error))
        return
    st.markdown(batch_diff.comparison_sentence(result))
    if result.total == 0:
        st.info("Kedua batch berisi baris yang sama persis.")
        return
    st.dataframe(
        batch_diff.comparison_table(result), hide_index=True, placeholder=fmt.MISSING, width="stretch", key="cmp_view"
    )
    shown = (
        f"Menampilkan {fmt.number(result.shown)} dari {fmt.number(result.total)} baris yang berbeda; "
        "unduh CSV untuk semuanya. "
        if result.shown < result.total
        else ""
    )
    st.caption(
        shown + f"Baris «hanya di batch {result.lama}» tidak ditulis oleh batch {result.baru}: tidak ada di "
        "berkasnya, atau isinya sama sehingga tidak disimpan ulang."
    )
    st.download_button(
        "⬇️ Unduh perbandingan (CSV)",
        data=lambda: fmt.csv_bytes(batch_diff.comparison_table(comparison(earlier, later, actor, limit=None))),
        file_name=f"perbandingan_batch_{result.lama}_{result.baru}.csv",
        mime="text/csv",
        on_click="ignore",
        key="cmp_download",
    )


def undo_section(batch_id: int, row: pd.Series, actor: auth.Actor) -> None:
    """Undo of one batch: the store's refusal when `actor` may not, else a button, then a confirmation step."""
    if row["status"] != store.STATUS_AKTIF:
        waktu_batal = row["waktu_batal"]
        when = "" if pd.isna(waktu_batal) else f" pada {clock.stamp_text(waktu_batal)}"
        st.info(f"Batch {batch_id} sudah dibatalkan{when}.")
        return
    refusal = store.undo_refusal(database(), batch_id, actor)
    if refusal is not None:
        st.caption(fmt.plain(refusal))
        return
    if st.button(f"↩️ Batalkan batch {batch_id}…", key="undo_start"):
        st.session_state["undo_pending"] = batch_id
    if st.session_state.get("undo_pending") != batch_id:
        return
    preview = store.undo_preview(database(), batch_id)
    st.warning(undo_sentence(batch_id, preview) + " Lanjutkan?")
    yes, no, _ = st.columns([1, 1, 3])
    confirm = yes.button("Ya, batalkan", type="primary", key="undo_confirm")
    if no.button("Tidak jadi", key="undo_cancel"):
        st.session_state.pop("undo_pending", None)
        st.rerun()
    if not confirm:
        return
    st.session_state.pop("undo_pending", None)
    try:
        undone = store.undo_batch(database(), batch_id, actor=actor)
    except store.StoreBusy as error:
        st.warning(fmt.plain(error))
        return
    except (store.StoreError, auth.Forbidden) as error:
        st.error(fmt.plain(error))
        return
    clear_caches()
    st.session_state["undo_done"] = (
        f"Batch {undone.batch_id} ({schema.get_table(undone.tabel).title}) dibatalkan: "
        f"{fmt.number(preview['baris_dihapus'])} baris dihapus, {fmt.number(undone.baris_diganti)} baris lama dipulihkan."
    )
    st.rerun()
