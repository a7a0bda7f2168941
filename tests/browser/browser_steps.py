"""Steps the browser tests share: the wait, the test password, the fresh-server type, a page that has settled."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from playwright.sync_api import Page, expect

WAIT = 30_000
PASSWORD = "rahasia-123"
Server = Callable[..., AbstractContextManager[str]]


def settled(page: Page, title: str) -> None:
    """The heading `title` is shown and the script run that drew it has finished."""
    expect(page.get_by_role("heading", level=1)).to_contain_text(title, timeout=WAIT)
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1, timeout=WAIT)
