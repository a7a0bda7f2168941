"""Who acts: demo mode on loopback only, sign-in and throttle, sessions across reloads, idle expiry, role checks."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import extra_streamlit_components as stx
import streamlit as st

from lapas_metrics import auth, config, fmt, store
from lapas_metrics.ui.data import database

NOT_FOR_THIS_ROLE = "Halaman ini tidak tersedia untuk peran Anda."
DEMO_ONLY_HERE = (
    "Mode demo hanya dapat dibuka dari komputer ini (127.0.0.1), karena semua fitur terbuka tanpa masuk. "
    "Untuk membuka dasbor dari jaringan, tambahkan pengguna dengan `python -m lapas_metrics user add` "
    "lalu jalankan server dengan `--server.address 0.0.0.0`."
)
COOKIE = "lapas_sesi"
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
PROXY_HEADERS = ("x-forwarded-for", "x-real-ip", "forwarded")
TOUCH_EVERY_S = 60.0  # how often a live session marks its server-side record as seen


def is_loopback(address: str) -> bool:
    """True for this machine's own addresses (127.0.0.0/8, ::1, an IPv4-mapped 127.x, 'localhost'); False for
    any other address and for text that is no address."""
    if address.strip().lower() == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    return ip.is_loopback or (mapped is not None and mapped.is_loopback)


def forwarded_client(forwarded_for: Sequence[str]) -> str | None:
    """The client address our HAProxy appended: the last entry of the X-Forwarded-For headers (every value
    of every such header, in order); None when there is none. Entries before it are the client's own
    words and are not trusted."""
    entries = [entry.strip() for value in forwarded_for for entry in value.split(",") if entry.strip()]
    return entries[-1] if entries else None


def _forwarded_for() -> list[str]:
    """Every X-Forwarded-For header of the request that opened this session, in order (none under AppTest)."""
    return st.context.headers.get_all("x-forwarded-for")


def _peer_ip() -> str | None:
    """The address of the connection's other end; None on loopback (Streamlit's way) and under AppTest."""
    ip = st.context.ip_address
    return ip if isinstance(ip, str) else None


def _client_ip() -> str | None:
    """The client's address; None on loopback and under AppTest, which has no client. Behind the HAProxy of
    `python -m lapas_metrics serve` (config.behind_proxy) the connection comes from the proxy, so the client
    is the last X-Forwarded-For entry (loopback, or no entry: None)."""
    if not config.behind_proxy():
        return _peer_ip()
    client = forwarded_client(_forwarded_for())
    return None if client is None or is_loopback(client) else client


def local_only() -> bool:
    """True when the server listens on loopback only and this request came straight from this machine
    (from loopback, through no proxy): the only place demo mode opens. Behind the HAProxy of `serve`:
    when that proxy listens on loopback and the address it forwarded for is loopback."""
    if config.behind_proxy():
        client = forwarded_client(_forwarded_for())
        return (
            st.get_option("server.address") in LOOPBACK
            and _peer_ip() is None
            and is_loopback(config.proxy_address())
            and client is not None
            and is_loopback(client)
        )
    headers = {name.lower() for name in st.context.headers}
    return (
        st.get_option("server.address") in LOOPBACK and _client_ip() is None and not headers.intersection(PROXY_HEADERS)
    )


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
        if not local_only():
            st.error(DEMO_ONLY_HERE)
            st.stop()
        return auth.DEMO_ACTOR
    users = auth.load_users()
    signed_in = st.session_state.get("auth_actor")
    if not isinstance(signed_in, auth.Actor):
        return _resume_from_cookie(users)
    now = time.time()
    if auth.expired(st.session_state.get("auth_last_seen", 0.0), now, auth.idle_minutes()):
        _sign_out("Sesi berakhir karena tidak aktif; silakan masuk lagi.")
        return None
    if signed_in.username not in users or not _still_live(now):
        _sign_out("Sesi Anda sudah berakhir; silakan masuk lagi.")
        return None
    st.session_state["auth_last_seen"] = now
    return signed_in


def _still_live(now: float) -> bool:
    """Whether the session's server-side record still stands (not ended by a sign-out elsewhere or a
    `user remove`); looked up at most every TOUCH_EVERY_S, which also marks it as seen. A busy store
    keeps the session."""
    hashed = st.session_state.get("auth_token_hash")
    if not hashed or now - st.session_state.get("auth_touched", 0.0) < TOUCH_EVERY_S:
        return True
    try:
        live = store.resume_session(database(), hashed, auth.idle_minutes() * 60, now) is not None
    except store.StoreError:
        return True
    st.session_state["auth_touched"] = now
    return live


def _resume_from_cookie(users: dict[str, auth.User]) -> auth.Actor | None:
    """The user of the live server-side session the browser's cookie names (after a reload or on a
    bookmark in a new tab), else None."""
    token = st.context.cookies.get(COOKIE)
    if not isinstance(token, str) or not token or len(token) > 128:  # AppTest gives a mock
        return None
    now = time.time()
    hashed = auth.token_hash(token)
    try:
        name = store.resume_session(database(), hashed, auth.idle_minutes() * 60, now)
    except store.StoreError:
        return None
    user = users.get(name or "")
    if user is None:
        return None
    _start(user.actor(), hashed, now)
    return user.actor()


def _start(found: auth.Actor, hashed: str, now: float) -> None:
    st.session_state.update(auth_actor=found, auth_last_seen=now, auth_touched=now, auth_token_hash=hashed)


def _sign_out(message: str | None = None) -> None:
    """Forget the session here and end its server-side record, so that its cookie opens nothing."""
    hashed = st.session_state.get("auth_token_hash")
    if hashed:
        try:
            store.end_sessions(database(), token_hash=hashed)
        except store.StoreError:
            pass
    for key in ("auth_actor", "auth_last_seen", "auth_touched", "auth_token_hash", "auth_cookie_pending"):
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
        username = st.text_input("Nama pengguna", key="auth_username", max_chars=auth.MAX_USERNAME)
        password = st.text_input("Kata sandi", type="password", key="auth_password", max_chars=auth.MAX_PASSWORD)
        submitted = st.form_submit_button("Masuk", type="primary")
    if not submitted:
        return
    name = username.strip().lower()
    found, refusal = _attempt(name, password)
    if found is None:
        st.error(refusal)
        return
    st.session_state.pop("auth_password", None)
    log_quietly(found.username, "masuk")
    st.rerun()  # the same address: the page it names once signed in, else the default page


def _attempt(name: str, password: str) -> tuple[auth.Actor | None, str]:
    """Check one sign-in in its turn (store.sign_in_turn: parallel attempts wait) against the failed
    attempts counted in the store per user name and per client address; on success start the session."""
    if len(name) > auth.MAX_USERNAME or len(password) > auth.MAX_PASSWORD:
        return None, "Nama pengguna atau kata sandi terlalu panjang."
    keys = {"nama": name, "alamat": _client_ip() or "127.0.0.1"}
    try:
        with store.sign_in_turn(database()):
            now = time.time()
            counts = store.failed_sign_ins(database(), keys)
            wait = max(
                auth.throttle_wait(*counts["nama"], now),
                auth.throttle_wait(*counts["alamat"], now, free=auth.FREE_PER_ADDRESS),
            )
            if wait > 0:
                return None, f"Terlalu banyak percobaan gagal. Coba lagi dalam {int(wait) + 1} detik."
            found = auth.verify(auth.load_users(), name, password)
            if found is None:
                store.record_failed_sign_in(database(), keys, time.time(), auth.FORGET_AFTER_S)
                log_quietly(name or None, "gagal_masuk")
                return None, "Nama pengguna atau kata sandi salah."
            store.clear_failed_sign_ins(database(), "nama", name)
            token, hashed = auth.new_session_token()
            store.start_session(database(), hashed, found.username, time.time())
    except store.StoreError:
        return None, "Layanan masuk sedang sibuk. Coba lagi sebentar lagi."
    _start(found, hashed, time.time())
    st.session_state["auth_cookie_pending"] = token
    return found, ""


def _write_cookie() -> None:
    """Hand a new session's token to the browser as a cookie (SameSite=Strict, Secure over https; a
    cookie written by a component cannot be HttpOnly), until the component reports it written."""
    token = st.session_state.get("auth_cookie_pending")
    if not token:
        return
    key = f"auth_cookie_{auth.token_hash(token)[:12]}"
    if st.session_state.get(key) is True:
        st.session_state.pop("auth_cookie_pending", None)
        return
    secure = str(st.context.url or "").startswith("https:")
    with st.sidebar:
        stx.CookieManager(key="auth_cookies").set(
            COOKIE,
            token,
            key=key,
            expires_at=datetime.now() + timedelta(days=1),
            secure=secure,
            same_site="strict",
        )


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
    _write_cookie()
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
