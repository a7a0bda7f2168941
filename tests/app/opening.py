"""Test helper: open every table that a page builds only while its expander is open (ui.on_open)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

OPEN_SUFFIX = "_buka"  # the key of every ui.on_open expander ends so


def closed_tables(app: AppTest) -> list[str]:
    """The keys of the page's ui.on_open expanders that are closed."""
    keys = []
    for box in app.expander:
        key = str(box.proto.id).rsplit("-", 1)[-1]
        if key.endswith(OPEN_SUFFIX) and not box.proto.expanded:
            keys.append(key)
    return keys


def open_tables(app: AppTest) -> AppTest:
    """Open every closed ui.on_open expander of the page, as a user clicking each, and rerun."""
    keys = closed_tables(app)
    for key in keys:
        app.session_state[key] = True
    if keys:
        app.run()
    return app
