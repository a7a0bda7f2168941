"""Router and frame of the dashboard: page config, sign-in, navigation by role, the sidebar filters of the pages that use them."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import ui

st.set_page_config(page_title="Lapas Industri — Kanwil Jawa Barat", page_icon="🏭", layout="wide")


def page(name: str, title: str, icon: str, default: bool = False) -> st.Page:
    """pages/<name>.py at the address /<name>.

    The address is the file name on purpose: until st.navigation first runs in the process, Streamlit
    treats the pages/ folder as an old-style multipage app, so the first request after a server start
    finds a page only by its file name (any other address gets "Page not found"). The page found then
    runs alone, and its first statement, ui.within_frame(), reruns it through this file."""
    return st.Page(f"pages/{name}.py", title=title, icon=icon, url_path=name, default=default)


PAGES = {
    "ringkasan": page("ringkasan", "Ringkasan", "📊", default=True),
    "profil_upt": page("profil_upt", "Profil UPT", "🏢"),
    "produksi": page("produksi", "Produksi", "🏭"),
    "partisipasi": page("partisipasi", "Partisipasi WBP", "👷"),
    "anggaran": page("anggaran", "Anggaran", "💰"),
    "kemitraan": page("kemitraan", "Kemitraan dan Aset", "🤝"),
    "audit": page("audit", "Ruang Audit", "🔎"),
    "temuan": page("temuan", "Temuan & Rekomendasi", "📋"),
    "evaluasi": page("evaluasi", "Evaluasi", "📝"),
    "evaluasi_banding": page("evaluasi_banding", "Perbandingan Evaluasi", "⚖️"),
    "tindak_lanjut": page("tindak_lanjut", "Tindak Lanjut", "📌"),
    "pkpt": page("pkpt", "PKPT", "🗓️"),
    "unggah": page("unggah", "Unggah Data", "📤"),
    "riwayat": page("riwayat", "Riwayat Unggahan", "🗂️"),
    "admin": page("admin", "Pengguna & Log", "🛡️"),
}
DASHBOARD = ["ringkasan", "profil_upt", "produksi", "partisipasi", "anggaran", "kemitraan"]
# the pages that read the sidebar filters
FILTERED = [PAGES[name] for name in (*DASHBOARD, "audit", "evaluasi", "evaluasi_banding", "temuan")]
FILTERED += [PAGES["tindak_lanjut"], PAGES["pkpt"]]
# filtered pages that read no fiscal year of the sidebar (all years of the register; PKPT has its own plan year)
WITHOUT_YEAR = [PAGES[name] for name in ("temuan", "tindak_lanjut", "pkpt")]

current = ui.actor()
if current is None:
    # Every page address shows the sign-in form, and after signing in the page it names.
    st.navigation(ui.sign_in_pages(PAGES)).run()
    st.stop()

sections: dict[str, list[st.Page]] = {"Dasbor": [PAGES[name] for name in DASHBOARD]}
if current.can("audit"):
    sections["Pemeriksaan"] = [PAGES["audit"]]
if ui.may_open_evaluations(current):
    sections.setdefault("Pemeriksaan", []).append(PAGES["evaluasi"])
if current.can("lihat_temuan"):  # every role: pimpinan and operators read (operators their units: the store scopes)
    sections.setdefault("Pemeriksaan", []).append(PAGES["temuan"])
# every role: the store shows each what it may see (pimpinan and operators final evaluations only)
sections.setdefault("Pemeriksaan", []).append(PAGES["evaluasi_banding"])
# every role: the store scopes an operator to their own units; a pimpinan reads only
sections["Pemeriksaan"].append(PAGES["tindak_lanjut"])
if ui.may_open_pkpt(current):
    sections["Pemeriksaan"].append(PAGES["pkpt"])
if current.can("unggah"):
    sections["Data"] = [PAGES["unggah"], PAGES["riwayat"]]
if current.can("log_aktivitas"):
    sections.setdefault("Data", []).append(PAGES["admin"])
shown = [page for pages in sections.values() for page in pages]
sections["Dasbor"] += ui.unavailable_pages(name for name, page in PAGES.items() if page not in shown)

# every page listed: by default Streamlit folds a long menu behind an English "View more"
navigation = st.navigation(sections, expanded=True)
ui.account_box(current)
st.session_state["_filters"] = None
if ui.database_ready():
    with ui.friendly_errors():
        ui.demo_note()
        # by identity: st.navigation returns the chosen page object, and the default page's url_path is ""
        if any(navigation is page for page in FILTERED):
            with_year = not any(navigation is page for page in WITHOUT_YEAR)
            st.session_state["_filters"] = ui.sidebar_filters(ui.metric_inputs(), with_year)
ui.run_in_frame(navigation)
