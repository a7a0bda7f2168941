"""Who acts in this session: sign-in page and throttle, idle expiry, the account box, role checks."""

from __future__ import annotations

import time
from collections.abc import Iterable

import streamlit as st

from lapas_metrics import auth, fmt, store
from lapas_metrics.ui.data import database

NOT_FOR_THIS_ROLE = "Halaman ini tidak tersedia untuk peran Anda."


@st.cache_resource(show_spinner=False)
def _throttle() -> auth.SignInThrottle:
    """One throttle for the whole server, so that failed attempts count across sessions."""
    return auth.SignInThrottle()


def auth_enabled() -> bool:
    """True when users are configured; else the app runs open on this machine (demo mode)."""
    try:
        return auth.auth_enabled()
    except auth.UserError as error:
        st.error(str(error))
        st.stop()
        raise


def actor() -> auth.Actor | None:
    """Who acts in this session: the signed-in user, the demo mode when no user is configured, or
    None (not signed in, or signed out after the idle time)."""
    if not auth_enabled():
        return auth.DEMO_ACTOR
    signed_in = st.session_state.get("auth_actor")
    if not isinstance(signed_in, auth.Actor):
        return None
    now = time.time()
    if auth.expired(st.session_state.get("auth_last_seen", 0.0), now, auth.idle_minutes()):
        _sign_out("Sesi berakhir karena tidak aktif; silakan masuk lagi.")
        return None
    st.session_state["auth_last_seen"] = now
    return signed_in


def _sign_out(message: str | None = None) -> None:
    for key in ("auth_actor", "auth_last_seen"):
        st.session_state.pop(key, None)
    if message:
        st.session_state["auth_message"] = message


def log_quietly(user: str | None, action: str, detail: str = "") -> None:
    """The activity log is best effort: a busy or missing database must not block a sign-in."""
    try:
        if database().exists():
            store.log_activity(database(), user, action, detail)
    except store.StoreError:
        pass


def sign_in_page() -> None:
    """The sign-in form shown instead of the dashboard when users are configured."""
    st.title("🔐 Masuk")
    st.caption("Dasbor Lapas Industri — Kanwil Jawa Barat")
    notice = st.session_state.pop("auth_message", None)
    if notice:
        st.info(notice)
    with st.form("sign_in", clear_on_submit=False):
        username = st.text_input("Nama pengguna", key="auth_username")
        password = st.text_input("Kata sandi", type="password", key="auth_password")
        submitted = st.form_submit_button("Masuk", type="primary")
    if not submitted:
        return
    name = username.strip().lower()
    wait = _throttle().wait_seconds(name)
    if wait > 0:
        st.error(f"Terlalu banyak percobaan gagal. Coba lagi dalam {int(wait) + 1} detik.")
        return
    found = auth.verify(auth.load_users(), name, password)
    if found is None:
        _throttle().failed(name)
        log_quietly(name or None, "gagal_masuk")
        st.error("Nama pengguna atau kata sandi salah.")
        return
    _throttle().succeeded(name)
    st.session_state["auth_actor"] = found
    st.session_state["auth_last_seen"] = time.time()
    st.session_state.pop("auth_password", None)
    log_quietly(found.username, "masuk")
    st.rerun()  # the same address: the page it names once signed in, else the default page


def sign_in_pages(url_paths: Iterable[str]) -> list[st.Page]:
    """The navigation while signed out: the sign-in form at the root and, hidden, at every page's url path.

    A bookmarked page address then asks to sign in (not "page not found"), and the rerun after signing
    in shows that page, since Streamlit derives a page's identity from its url path alone."""
    return [
        st.Page(sign_in_page, title="Masuk", icon="🔐", url_path="masuk", default=True),
        *(st.Page(sign_in_page, title="Masuk", icon="🔐", url_path=path, visibility="hidden") for path in url_paths),
    ]


def _not_for_this_role() -> None:
    st.error(NOT_FOR_THIS_ROLE)


def unavailable_pages(url_paths: Iterable[str]) -> list[st.Page]:
    """Hidden pages at the addresses of the pages this role may not open: a bookmark of one says so in
    Indonesian instead of Streamlit's English "Page not found"."""
    return [
        st.Page(_not_for_this_role, title="Tidak tersedia", icon="🚫", url_path=path, visibility="hidden")
        for path in url_paths
    ]


def account_box(current: auth.Actor) -> None:
    """Who is signed in, with a sign-out button; in demo mode, the banner that says everything is open."""
    if current == auth.DEMO_ACTOR:
        st.sidebar.info(
            "**Mode demo**: belum ada pengguna yang dikonfigurasi, jadi semua fitur terbuka di komputer ini. "
            "Tambahkan pengguna dengan `python -m lapas_metrics user add`."
        )
        return
    st.sidebar.caption(f"Masuk sebagai **{fmt.plain(current.label)}**")
    if st.sidebar.button("Keluar", key="auth_sign_out"):
        log_quietly(current.username, "keluar")
        _sign_out("Anda sudah keluar.")
        st.rerun()


def require(action: str) -> auth.Actor:
    """The session's actor if it may do `action`; otherwise a clear message and the page stops."""
    current = actor()
    if current is None or not current.can(action):
        st.error(NOT_FOR_THIS_ROLE if current is not None else "Silakan masuk terlebih dahulu.")
        st.stop()
        raise RuntimeError("unreachable")
    return current
