"""Merchant Center product data as delimited text: TSV or CSV with a header row.

The header names the attributes (``id``, ``title``, ``image_link``…; Merchant Center's English
names such as ``image link`` and a ``g:`` prefix are accepted). Repeated attributes are given
as comma-separated values in one cell (``additional_image_link``) or as a repeated column.
Read with the standard library's :mod:`csv` (RFC 4180 quoting).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from adcraft.errors import InputError
from adcraft.feeds.merchant import attribute_name

Numbered = tuple[int, dict[str, list[str]]]
"""A row's 1-based line number in the file and its attribute → values."""


def delimiter_of(path: Path, first_line: str) -> str:
    """``"\\t"`` for ``.tsv``/``.txt`` files, ``","`` for ``.csv``, else the one the header uses more."""
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".txt", ".tab"):
        return "\t"
    if suffix == ".csv":
        return ","
    return "\t" if first_line.count("\t") >= first_line.count(",") else ","


def read_rows(path: Path) -> tuple[list[str], str, Iterator[Numbered]]:
    """The normalised header, the delimiter and an iterator over the data rows of a TSV/CSV feed.

    Raises
    ------
    InputError
        If the file cannot be read as UTF-8 text or has no header row.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read feed {str(path)!r}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"feed {str(path)!r} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    lines = text.splitlines(keepends=True)
    first = next((ln for ln in lines if ln.strip()), "")
    delimiter = delimiter_of(path, first)
    reader = csv.reader(lines, delimiter=delimiter)
    header = next((row for row in reader if any(c.strip() for c in row)), None)
    if not header:
        raise InputError(f"feed {str(path)!r} is empty; the first line must name the columns (id, title, image_link, …)")
    names = [attribute_name(h) for h in header]

    def rows() -> Iterator[Numbered]:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            values: dict[str, list[str]] = {}
            for name, cell in zip(names, cells, strict=False):
                values.setdefault(name, []).append(cell)
            yield reader.line_num, values

    return names, delimiter, rows()
