"""One Merchant Center product (attribute → values, from any file format) → :class:`FeedItem`.

The attributes read are those of the Google Merchant Center product data specification that
say what a banner shows; any other column or element is ignored (the readers say so once).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from adcraft.errors import InputError
from adcraft.feeds import mapping
from adcraft.feeds.model import FeedItem, FeedProblem, Money
from adcraft.feeds.price import parse_price

ATTRIBUTES = frozenset({
    "id", "title", "description", "link", "image_link", "additional_image_link", "price", "sale_price",
    "brand", "google_product_category", "product_type", "product_highlight",
    *(f"custom_label_{i}" for i in range(5)),
})
"""Merchant Center attributes adcraft reads."""

GOOGLE_NS = "http://base.google.com/ns/1.0"
"""The XML namespace of Merchant Center attributes (``g:``)."""

Row = Mapping[str, Sequence[str]]
"""Attribute name → its values in the row (repeated attributes give several)."""


def attribute_name(header: str) -> str:
    """Normalise a column header or element name: ``"g:Image Link"`` → ``"image_link"``."""
    name = header.strip().lower()
    name = name.removeprefix("g:").removeprefix(f"{{{GOOGLE_NS}}}")
    return "_".join(name.replace("-", " ").split())


def unknown_note(names: Iterable[str]) -> str | None:
    """The one warning naming the attributes a feed had that adcraft does not read."""
    unknown = sorted({n for n in names if n and n not in ATTRIBUTES})
    if not unknown:
        return None
    shown = ", ".join(unknown[:12]) + (f" and {len(unknown) - 12} more" if len(unknown) > 12 else "")
    return f"ignored {len(unknown)} attribute{'s' if len(unknown) > 1 else ''} adcraft does not use: {shown}"


def _first(row: Row, name: str) -> str | None:
    for value in row.get(name, ()):
        if value and value.strip():
            return value.strip()
    return None


def _images(row: Row) -> tuple[str, ...]:
    links = [v.strip() for v in row.get("image_link", ()) if v.strip()][:1]
    for value in row.get("additional_image_link", ()):
        links += [part.strip() for part in value.split(",") if part.strip()]
    return tuple(dict.fromkeys(links))


def _money(row: Row, name: str, number: int, pid: str, problems: list[FeedProblem]) -> Money | None:
    text = _first(row, name)
    if text is None:
        return None
    try:
        return parse_price(text, name)
    except InputError as exc:
        problems.append(FeedProblem(number, pid, f"{exc}; made without it", skipped=False))
        return None


def item_from_row(row: Row, number: int) -> tuple[FeedItem | None, list[FeedProblem]]:
    """The product in one row, or ``None`` with the reason when it cannot be made.

    Parameters
    ----------
    row:
        Attribute → values, names as :func:`attribute_name` gives them.
    number:
        1-based row number, for the problems.

    Returns
    -------
    tuple
        The item (``None`` when the row has no id, title or image link) and the problems found.
    """
    problems: list[FeedProblem] = []
    pid, title, images = _first(row, "id"), _first(row, "title"), _images(row)
    missing = [n for n, v in (("id", pid), ("title", title), ("image_link", images)) if not v]
    if missing:
        problems.append(FeedProblem(number, pid, f"no {' and no '.join(missing)}; give {'them' if len(missing) > 1 else 'it'} to make this product"))
        return None, problems
    title = mapping.shorten(mapping.clean_text(title), 200)
    prices, note = mapping.prices_of(_money(row, "price", number, pid, problems), _money(row, "sale_price", number, pid, problems))
    if note:
        problems.append(FeedProblem(number, pid, note, skipped=False))
    fields = {
        "title": title,
        "subtitle": mapping.subtitle_of(_first(row, "description"), title),
        "brand": mapping.shorten(mapping.clean_text(_first(row, "brand") or ""), 80) or None,
        "category": mapping.category_of(_first(row, "google_product_category"), _first(row, "product_type")),
        "selling_points": mapping.selling_points_of(row.get("product_highlight", ())),
        "lang": mapping.lang_of(title),
        **prices,
    }
    labels = tuple(_first(row, f"custom_label_{i}") or "" for i in range(5))
    item = FeedItem(
        id=pid, row=number, images=images, fields={k: v for k, v in fields.items() if v not in (None, ())},
        link=_first(row, "link"), labels=labels if any(labels) else (),
    )
    return item, problems
