"""The self-contained HTML report of one UPT: interactive charts, works offline, prints on A4."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pandas import DataFrame

from lapas_metrics import charts, clock
from lapas_metrics.export.sheet import SIGNATURE_HEAD, PaperInfo, Signer

# 180 mm of printable width on A4 with 15 mm margins, at the 96 dpi a browser prints with.
CHART_WIDTH_PX = 680

STYLE = """
:root { color-scheme: light; }
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; color: #1d2630; margin: 0 auto;
       max-width: 720px; padding: 16px 20px 40px; font-size: 11pt; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 22px 0 6px; border-bottom: 2px solid #1f5fa8; padding-bottom: 2px; }
.sub { color: #5f6b7a; margin: 0 0 12px; }
.demo { background: #fff4d6; border: 1px solid #e0b84c; padding: 6px 10px; margin: 8px 0 12px; }
.facts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px; margin: 8px 0; }
.fact { border: 1px solid #d8dee6; border-radius: 6px; padding: 6px 8px; }
.fact .k { font-size: 9pt; color: #5f6b7a; }
.fact .v { font-size: 13pt; font-weight: 600; }
ul.flags { margin: 4px 0; padding-left: 20px; }
ul.flags li { margin: 2px 0; }
.ok { color: #2a9d5b; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 6px 0; }
th, td { border-bottom: 1px solid #d8dee6; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f3f5f8; }
.chart { margin: 6px 0 12px; width: 680px; max-width: 100%; }
.chart, table, .facts, ul.flags, figure { page-break-inside: avoid; break-inside: avoid; }
h2 { page-break-after: avoid; break-after: avoid; }
footer { margin-top: 24px; color: #5f6b7a; font-size: 9pt; }
table.sign { margin-top: 18px; width: 100%; }
table.sign th, table.sign td { border: 1px solid #8a96a3; }
table.sign td { height: 14mm; }
@page { size: A4; margin: 18mm 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .chart { width: 180mm; }
  .modebar, .modebar-container { display: none !important; }
  a { color: inherit; text-decoration: none; }
}
"""


@dataclass
class Section:
    """One part of the report: a heading, then optional text, a chart and a table (cells as text)."""

    title: str
    figure: object | None = None  # a plotly Figure from lapas_metrics.charts
    table: DataFrame | None = None
    text: str = ""
    items: Sequence[str] = field(default_factory=list)  # bullet points, e.g. flag sentences
    empty_text: str = ""  # said when items is empty


def upt_report(
    title: str,
    subtitle: str,
    facts: Sequence[tuple[str, str]],
    sections: Sequence[Section],
    demo: bool = False,
    generated: datetime | None = None,
    paper: PaperInfo | None = None,
    signers: Sequence[Signer] = (),
) -> str:
    """A complete HTML document: title, subtitle, key figures, the sections in order, the signature block.

    The first chart carries plotly.js inline and the others reuse it, so the file opens offline and
    stays interactive; charts are 680 px wide so they fit A4, and nothing breaks across pages.
    Printed, every page carries `paper`'s header (title, unit, period) and footer ("Halaman N dari M",
    the export time, the database SHA-256), as the Excel papers do. generated: naive = UTC.
    """
    stamp = generated or clock.utc_now()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{STYLE}{_page_boxes(paper) if paper else ''}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="sub">{html.escape(subtitle)}</p>',
    ]
    if demo:
        parts.append(
            '<div class="demo"><b>Data demo (sintetis)</b> — angka rekaan untuk peragaan, bukan data resmi.</div>'
        )
    if facts:
        parts.append('<div class="facts">')
        for key, value in facts:
            parts.append(
                f'<div class="fact"><div class="k">{html.escape(key)}</div><div class="v">{html.escape(value)}</div></div>'
            )
        parts.append("</div>")
    plotly_included = False
    for section in sections:
        parts.append(f"<section><h2>{html.escape(section.title)}</h2>")
        if section.text:
            parts.append(f"<p>{html.escape(section.text)}</p>")
        if section.items:
            parts.append(
                '<ul class="flags">' + "".join(f"<li>{html.escape(item)}</li>" for item in section.items) + "</ul>"
            )
        elif section.empty_text:
            parts.append(f'<p class="ok">{html.escape(section.empty_text)}</p>')
        if section.figure is not None:
            fragment = charts.figure_html(section.figure, include_plotlyjs=not plotly_included, width=CHART_WIDTH_PX)
            plotly_included = True
            parts.append(f'<div class="chart">{fragment}</div>')
        if section.table is not None and len(section.table):
            parts.append(_table_html(section.table))
        parts.append("</section>")
    if signers:
        parts.append(_signature_html(signers))
    parts.append(f"<footer>Dibuat dari Dasbor Lapas Industri pada {html.escape(clock.stamp_text(stamp))}.</footer>")
    parts.append("</body></html>")
    return "\n".join(parts)


def css_string(text: str) -> str:
    """Text as a CSS string literal: quotes and backslashes escaped, line breaks made spaces, and < written
    as an escape so that no '</style>' can close the style sheet."""
    flat = " ".join(str(text).split())
    escaped = flat.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return f'"{escaped}"'


def _page_boxes(paper: PaperInfo) -> str:
    """The @page margin boxes of the printed report: the same header and footer as the Excel papers (the
    export time and the SHA-256 share the right-hand footer box on two lines, so neither is cut)."""
    small = 'font-family: "Segoe UI", Helvetica, Arial, sans-serif; font-size: 8pt; color: #5f6b7a;'
    stamp = (
        f'{css_string("Diekspor " + paper.exported)} "\\A" {css_string("SHA-256 basis data: " + paper.database_sha256)}'
    )
    return (
        "\n@page {"
        f" @top-left {{ content: {css_string(paper.title)}; font-weight: bold; {small} }}"
        f" @top-center {{ content: {css_string(paper.unit)}; {small} }}"
        f" @top-right {{ content: {css_string(paper.period)}; {small} }}"
        f' @bottom-left {{ content: "Halaman " counter(page) " dari " counter(pages); {small} }}'
        f" @bottom-right {{ content: {stamp}; white-space: pre; text-align: right; {small} font-size: 6.5pt; }}"
        " }\n"
    )


def _signature_html(signers: Sequence[Signer]) -> str:
    """The signature block: Peran, Nama, Paraf, Tanggal; an unknown name or date is an empty box to fill in."""
    head = "".join(f"<th>{html.escape(text)}</th>" for text in SIGNATURE_HEAD)
    rows = "".join(
        f"<tr><td>{html.escape(f'{s.role} ({s.function})')}</td><td>{html.escape(s.name)}</td><td></td>"
        f"<td>{html.escape(s.date)}</td></tr>"
        for s in signers
    )
    return f'<table class="sign"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _table_html(table: DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in record) + "</tr>"
        for record in table.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
