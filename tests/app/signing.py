"""Signing in through the app's own form under AppTest: what the page tests of every role share."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"
PASSWORD = "rahasia-123"


def sign_in(username: str, page: str) -> AppTest:
    """The app with `username` (password PASSWORD) signed in through the form, then on `page`; not checked."""
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    app.text_input(key="auth_username").input(username)
    app.text_input(key="auth_password").input(PASSWORD)
    app.button[0].click()
    app.run()
    app.switch_page(page)
    app.run()
    return app
