"""``OUT/index.html``: an offline gallery of a batch (relative links only, no scripts or fonts
from elsewhere): the rank-1 creative of each size of every product with the design critic's
verdict and defect codes, the photo chosen and why, and the failed and skipped products with
their reasons. Pages of :data:`PAGE_SIZE` products: ``index.html``, ``index-2.html``, …
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

PAGE_SIZE = 100
"""Products per gallery page."""

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f4f2;color:#1d1d1b}
header{background:#1d1d1b;color:#fff;padding:18px 28px}header h1{margin:0 0 6px;font-size:20px}
.chips span{display:inline-block;margin:4px 8px 0 0;padding:2px 10px;border-radius:12px;background:#3a3a37}
main{padding:12px 28px 40px}section.product{background:#fff;border-radius:8px;margin:14px 0;padding:12px 16px;
box-shadow:0 1px 2px #0002}h2{font-size:16px;margin:0 0 2px}.meta{color:#5f5f5a;font-size:12.5px;margin:0 0 10px}
.sizes{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-end}figure{margin:0;max-width:340px}
figure img{display:block;max-width:340px;max-height:200px;border:1px solid #ddd;background:#fafafa}
figcaption{font-size:12px;margin-top:4px}.v{font-weight:700;padding:0 6px;border-radius:4px;color:#fff}
.SHIP{background:#2b8a3e}.FIX{background:#e67700}.REJECT{background:#c92a2a}.codes{color:#5f5f5a}
table{border-collapse:collapse;background:#fff;width:100%;margin:8px 0 18px}td,th{border-bottom:1px solid #e6e6e3;
padding:6px 8px;text-align:left;vertical-align:top;font-size:13px}th{background:#ecece9}
nav{margin:16px 0}nav a{margin-right:10px}details summary{cursor:pointer;font-weight:600;margin-top:10px}
.links a{margin-right:12px;font-size:12.5px}
"""


def _href(*parts: str) -> str:
    return "/".join(quote(p, safe="/._-") for p in parts)


def _header(summary: dict[str, Any]) -> str:
    run = summary["this_run"]
    chips = [f"{summary['done']} done", f"{summary['failed']} failed", f"{summary['skipped']} skipped"]
    if summary["pending"]:
        chips.append(f"{summary['pending']} not made yet")
    chips.append(f"this run: {run['made']} made, {run['failed']} failed in {run['seconds']:.0f} s "
                 f"({run['products_per_hour']:,.0f} products per hour)")
    settings = summary["settings"]
    return (f"<header><h1>adcraft batch — {escape(Path(summary['feed']).name)}</h1>"
            f"<div>{len(settings['sizes'])} sizes × {settings['count']} candidates, seed {settings['seed']}, "
            f"theme {escape(settings['theme'])}; the rank-1 creative of each size with the design critic's verdict</div>"
            f"<div class=chips>{''.join(f'<span>{escape(c)}</span>' for c in chips)}</div></header>")


def _product(row: dict[str, Any]) -> str:
    folder = row["folder"] or ""
    figures = []
    for t in row["top"]:
        codes = ", ".join(t["codes"])
        figures.append(
            f"<figure><a href=\"{_href(folder, t['file'])}\"><img loading=lazy src=\"{_href(folder, t['file'])}\" "
            f"alt=\"{escape(t['size'])} creative of {escape(row['title'] or row['id'])}\"></a>"
            f"<figcaption>{escape(t['size'])} <span class=\"v {escape(t['verdict'])}\">{escape(t['verdict'])}</span> "
            f"{t['score']:.3f}{' <span class=codes>' + escape(codes) + '</span>' if codes else ''}</figcaption></figure>")
    photo = escape(row["photo"] or "")
    why = escape(row["photo_why"] or "")
    labels = ", ".join(x for x in row["labels"] if x)
    notes = "; ".join(row["notes"])
    return (
        f"<section class=product id=\"p-{escape(folder.rsplit('/', 1)[-1])}\"><h2>{escape(row['title'] or '')}</h2>"
        f"<p class=meta>id {escape(row['id'])} · photo <code>{photo}</code> ({why}) · {row['creatives']} creatives, "
        f"{row['rejected']} rejected · {row['seconds'] or 0:.1f} s"
        f"{' · labels: ' + escape(labels) if labels else ''}{' · note: ' + escape(notes) if notes else ''}</p>"
        f"<div class=sizes>{''.join(figures) or '<em>no creative</em>'}</div>"
        f"<p class=links><a href=\"{_href(folder, 'contact_sheet.png')}\">contact sheet</a>"
        f"<a href=\"{_href(folder, 'ranking.json')}\">ranking.json</a><a href=\"{_href(folder)}/\">folder</a></p></section>")


def _problems(rows: list[dict[str, Any]]) -> str:
    failed = [r for r in rows if r["status"] == "failed"]
    skipped = [r for r in rows if r["status"] == "skipped"]
    parts = []
    if failed:
        body = "".join(f"<tr><td>{escape(r['id'])}</td><td>{escape(r['title'] or '')}</td><td>{escape(r['reason'] or '')}</td>"
                       f"<td>{r['attempts']}</td></tr>" for r in failed)
        parts.append(f"<details open><summary>{len(failed)} failed (run again with --retry-failed to retry)</summary>"
                     f"<table><tr><th>id</th><th>title</th><th>reason</th><th>attempts</th></tr>{body}</table></details>")
    if skipped:
        body = "".join(f"<tr><td>{r['row']}</td><td>{escape(r['id'])}</td><td>{escape(r['reason'] or '')}</td></tr>" for r in skipped)
        parts.append(f"<details open><summary>{len(skipped)} feed rows skipped</summary>"
                     f"<table><tr><th>row</th><th>id</th><th>reason</th></tr>{body}</table></details>")
    return "".join(parts)


def _page_name(n: int) -> str:
    return "index.html" if n == 1 else f"index-{n}.html"


def write_gallery(out: Path, rows: list[dict[str, Any]], summary: dict[str, Any],
                  write: Callable[[Path, str], None]) -> Path:
    """Write the gallery pages into ``out``; returns the path of ``index.html``.

    Parameters
    ----------
    out:
        The batch's output folder (links are relative to it).
    rows:
        The manifest's rows of the feed (:meth:`~adcraft.batch.manifest.Manifest.rows`).
    summary:
        The content of ``batch.json``.
    write:
        Writes a text file (atomically).
    """
    done = [r for r in rows if r["status"] == "done"]
    pages = max(1, -(-len(done) // PAGE_SIZE))
    for n in range(1, pages + 1):
        nav = ""
        if pages > 1:
            nav = "<nav>" + "".join(
                f"<a href=\"{_page_name(k)}\">{'<b>' + str(k) + '</b>' if k == n else k}</a>" for k in range(1, pages + 1)) + "</nav>"
        chunk = done[(n - 1) * PAGE_SIZE: n * PAGE_SIZE]
        html = (
            "<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content=\"width=device-width\">"
            f"<title>adcraft batch — {escape(Path(summary['feed']).name)}</title><style>{_CSS}</style></head><body>"
            f"{_header(summary)}<main>{_problems(rows) if n == 1 else ''}{nav}"
            f"{''.join(_product(r) for r in chunk) or '<p>No product made yet.</p>'}{nav}</main></body></html>\n"
        )
        write(out / _page_name(n), html)
    return out / "index.html"
