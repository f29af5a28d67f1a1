"""Read a product feed of any supported format into a :class:`~adcraft.feeds.model.Feed`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from adcraft.errors import InputError
from adcraft.feeds.briefs import read_briefs
from adcraft.feeds.merchant import item_from_row, unknown_note
from adcraft.feeds.model import Feed, FeedFormat, FeedItem, FeedProblem
from adcraft.feeds.tabular import Numbered, read_rows
from adcraft.feeds.xmlfeed import read_items

_SUFFIXES: dict[str, str] = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".xml": "xml", ".rss": "xml", ".atom": "xml",
    ".tsv": "tabular", ".txt": "tabular", ".tab": "tabular", ".csv": "tabular",
}


def _sniff(path: Path) -> str:
    try:
        with path.open("rb") as f:
            head = f.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise InputError(f"cannot read feed {str(path)!r}: {exc.strerror or exc}") from exc
    return "xml" if head.startswith(b"<") else "jsonl" if head.startswith(b"{") else "tabular"


def _merchant(rows: Iterable[Numbered], seen_names: set[str]) -> Iterator[tuple[FeedItem | None, list[FeedProblem]]]:
    for number, values in rows:
        seen_names.update(values)
        yield item_from_row(values, number)


def read_feed(path: str | Path) -> Feed:
    """Read a Merchant Center feed (TSV, CSV, RSS 2.0 or Atom XML) or a JSON-lines file of briefs.

    The format follows the file's suffix (``.tsv``/``.txt``, ``.csv``, ``.xml``/``.rss``/
    ``.atom``, ``.jsonl``/``.ndjson``), else its first bytes. A row without an id, title or
    image link, a duplicate id or an invalid brief is listed in :attr:`Feed.problems` and
    left out; the columns adcraft does not read are named in one warning.

    Parameters
    ----------
    path:
        The feed file.

    Returns
    -------
    Feed
        Its usable items in feed order, the problems and the warnings.

    Raises
    ------
    InputError
        If the file cannot be read, is empty, is malformed XML, or holds no product at all.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"feed {str(path)!r} does not exist; give a Merchant Center TSV/CSV/XML file or a JSON-lines file of briefs")
    kind = _SUFFIXES.get(path.suffix.lower()) or _sniff(path)
    names: set[str] = set()
    fmt: FeedFormat
    if kind == "jsonl":
        fmt, results = "jsonl", read_briefs(path)
    elif kind == "xml":
        fmt, rows = read_items(path)
        results = _merchant(rows, names)
    else:
        header, delimiter, rows = read_rows(path)
        names.update(header)
        fmt = "tsv" if delimiter == "\t" else "csv"
        results = _merchant(rows, names)
    items: list[FeedItem] = []
    problems: list[FeedProblem] = []
    first_row: dict[str, int] = {}
    for item, found in results:
        problems += found
        if item is None:
            continue
        if item.id in first_row:
            problems.append(FeedProblem(item.row, item.id, f"duplicate id {item.id!r} (first on row {first_row[item.id]}); give each product its own id"))
            continue
        first_row[item.id] = item.row
        items.append(item)
    note = unknown_note(names)
    if not items and not problems:
        raise InputError(f"feed {str(path)!r} holds no products")
    return Feed(path=str(path), format=fmt, items=tuple(items), problems=tuple(problems), warnings=(note,) if note else ())
