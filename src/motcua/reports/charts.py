"""Accessible charts drawn on the server as SVG: no JavaScript, nothing from a CDN.

Each chart is an ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>`` (the desc
states the figures in words); the page puts the same numbers in a table next to it. Colours
are presentation attributes (the CSP forbids inline styles) with at least 3:1 contrast on white
(WCAG 1.4.11), and every bar carries its value as text, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#1f5f99", "#b45309", "#15803d", "#b91c1c")
TEXT = "#1a1a1a"
GRID = "#6b7280"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    text = f"{value:,.1f}" if unit == "%" else f"{value:,.0f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"{text}{unit}"


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, float | None]],
    *,
    unit: str = "",
    maximum: float | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value)."""
    width, label_w, row_h, top = 760, 300, 26, 8
    height = top * 2 + row_h * max(1, len(items))
    top_value = maximum or max([v or 0 for _l, v in items] + [1])
    bar_w = width - label_w - 90
    parts = [_open(chart_id, title, description, width, height)]
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        length = 0 if not value else max(1, round(bar_w * value / top_value))
        parts.append(
            f"<g><title>{escape(label)}: {escape(_fmt(value, unit))}</title>"
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{escape(_short(label, 42))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{length}" height="{row_h - 8}" '
            f'fill="{COLOURS[0]}"/>'
            f'<text x="{label_w + length + 6}" y="{y + 17}" font-size="13" fill="{TEXT}">'
            f"{escape(_fmt(value, unit))}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def column_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
) -> SafeString:
    """Grouped columns: one group per label (e.g. a month), one column per series."""
    width, height, left, bottom, top = 760, 300, 56, 44, 30
    plot_h = height - top - bottom
    values = [v or 0 for s in series for v in s.values]
    top_value = max([*values, 1])
    group_w = (width - left - 10) / max(1, len(labels))
    col_w = max(4.0, (group_w - 8) / max(1, len(series)))
    parts = [_open(chart_id, title, description, width, height)]
    for step in range(5):
        value = top_value * step / 4
        y = top + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-width="0.5"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="{TEXT}">{escape(_fmt(value, unit))}</text>'
        )
    for g, label in enumerate(labels):
        x0 = left + g * group_w + 4
        for k, s in enumerate(series):
            value = s.values[g]
            h = 0 if not value else plot_h * value / top_value
            x = x0 + k * col_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{col_w - 1:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[k % len(COLOURS)]}">'
                f"<title>{escape(label)} — {escape(s.name)}: {escape(_fmt(value, unit))}</title>"
                "</rect>"
            )
        parts.append(
            f'<text x="{x0 + group_w / 2 - 4:.1f}" y="{height - bottom + 16}" '
            f'text-anchor="middle" font-size="11" fill="{TEXT}">{escape(label)}</text>'
        )
    for k, s in enumerate(series):
        x = left + k * 200
        parts.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{COLOURS[k % len(COLOURS)]}"/>'
            f'<text x="{x + 18}" y="16" font-size="12" fill="{TEXT}">{escape(s.name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _open(chart_id: str, title: str, description: str, width: int, height: int) -> str:
    cid = escape(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" focusable="false">'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(description)}</desc>'
    )
