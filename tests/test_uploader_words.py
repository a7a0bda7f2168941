"""The Indonesian words put over Streamlit's English in the file uploader (ui.uploader_words_css)."""

from __future__ import annotations

from lapas_metrics import fmt
from lapas_metrics.ui.widgets import uploader_words_css


def test_the_uploader_reads_pilih_berkas_and_the_limit_in_indonesian() -> None:
    css = uploader_words_css("upload_file", 50, ["csv", "xlsx"])
    assert '::after { content: "Pilih berkas"' in css
    assert 'content: "Paling besar 50 MB per berkas • CSV, XLSX"' in css
    assert css.count(".st-key-upload_file ") == 5  # every rule scoped to that uploader
    assert '[data-testid="stFileChipName"] + div { display: none; }' in css


def test_a_key_cannot_break_out_of_the_selector_and_small_limits_keep_decimals() -> None:
    css = uploader_words_css('x"}</style><script>', 0.5, ["csv"])
    assert "<script>" not in css and '"}' not in css.split("content")[0]
    assert f"Paling besar {fmt.number(0.5, 3)} MB per berkas" in css  # as the page's caption says it
