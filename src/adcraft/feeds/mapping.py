"""Merchant Center attributes → :class:`~adcraft.brief.Brief` fields: the choices made.

* ``title`` → ``title`` (whitespace collapsed; cut at a word before 200 characters).
* ``description`` → ``subtitle``: its first sentence when it is at most
  :data:`SUBTITLE_MAX` characters (HTML tags stripped); a longer one is left to the copy writer.
* ``product_highlight`` (Merchant Center's own short selling points) → ``selling_points``, up to
  5 of at most :data:`POINT_MAX` characters. ``custom_label_0..4`` are campaign-grouping labels
  (``"clearance"``, ``"high_margin"``) that a shopper should never read, so they are recorded
  but not shown.
* ``google_product_category`` (a taxonomy path or id) then ``product_type`` → ``category``: one
  of adcraft's categories (:data:`adcraft.stages.prepare.CATEGORIES`) where the path says so,
  else the most specific text.
* ``price`` / ``sale_price`` → ``price``, ``original_price``, ``currency``: with a lower sale
  price, the sale price is the price and the regular price is struck through.
* ``lang``: ``zh`` when the title has CJK ideographs, else ``en``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from adcraft.feeds.model import Money

SUBTITLE_MAX = 90
"""Longest first sentence of a description used as the sub-line (characters)."""
POINT_MAX = 80
"""Longest ``product_highlight`` used as a selling point (characters)."""

# Google product taxonomy ids (taxonomy-with-ids.en-US.txt) of the top-level categories that
# match adcraft's; deeper ids need the taxonomy file and fall back to ``product_type``.
_TAXONOMY_IDS = {
    "166": "apparel", "187": "shoes", "222": "electronics", "412": "food_drink", "436": "furniture_home",
    "469": "cosmetics", "536": "furniture_home", "1239": "toys",
}
# Words of a taxonomy path or product type → adcraft category, most specific first.
_CATEGORY_WORDS = (
    ("shoes", ("shoes", "footwear", "sneakers", "boots")),
    ("cosmetics", ("cosmetics", "make-up", "makeup", "skin care", "personal care", "health & beauty", "beauty")),
    ("apparel", ("apparel", "clothing", "handbags", "bags")),
    ("electronics", ("electronics", "audio", "computers", "phones")),
    ("food_drink", ("food", "beverages", "drinks", "coffee", "tea")),
    ("furniture_home", ("furniture", "home & garden", "kitchen", "decor")),
    ("toys", ("toys", "games")),
)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def clean_text(text: str) -> str:
    """``text`` without HTML tags and entities, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def shorten(text: str, limit: int) -> str:
    """``text`` cut at the last space before ``limit`` characters (or at ``limit``)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut).rstrip(" ,;:-") + "…"


def subtitle_of(description: str | None, title: str) -> str | None:
    """The first sentence of ``description`` when short enough and not the title again."""
    if not description:
        return None
    first = _SENTENCE_END.split(clean_text(description), maxsplit=1)[0].strip()
    if not first or len(first) > SUBTITLE_MAX or first.rstrip(".!。！").casefold() == title.casefold():
        return None
    return first


def selling_points_of(highlights: Sequence[str]) -> tuple[str, ...]:
    """Up to 5 ``product_highlight`` values of at most :data:`POINT_MAX` characters."""
    points = [clean_text(h) for h in highlights]
    return tuple(p for p in points if p and len(p) <= POINT_MAX)[:5]


def category_of(google_category: str | None, product_type: str | None) -> str | None:
    """adcraft's category for a taxonomy path or id and a product type, or the most specific
    text given (at most 80 characters), or ``None``."""
    for text in (google_category, product_type):
        if not text:
            continue
        t = text.strip()
        if t in _TAXONOMY_IDS:
            return _TAXONOMY_IDS[t]
        low = t.lower()
        for category, words in _CATEGORY_WORDS:
            if any(re.search(rf"\b{re.escape(w)}\b", low) for w in words):
                return category
    for text in (product_type, google_category):
        if text and not text.strip().isdigit():
            return shorten(text.split(">")[-1].strip(), 80) or None
    return None


def prices_of(price: Money | None, sale: Money | None) -> tuple[dict[str, float | str], str | None]:
    """Brief fields ``price``, ``original_price``, ``currency`` from the regular and sale price,
    and a note when the sale price had to be ignored (or ``None``)."""
    if price is None and sale is None:
        return {}, None
    if sale is None:
        return {"price": price.amount, "currency": price.currency}, None
    if price is None:
        return {"price": sale.amount, "currency": sale.currency}, None
    if sale.currency != price.currency:
        return ({"price": price.amount, "currency": price.currency},
                f"sale_price is in {sale.currency} but price in {price.currency}; the sale price was ignored")
    if sale.amount >= price.amount:
        return ({"price": sale.amount, "currency": sale.currency},
                None if sale.amount == price.amount else "sale_price is above price; shown without a struck price")
    return {"price": sale.amount, "original_price": price.amount, "currency": price.currency}, None


def lang_of(title: str) -> str:
    """``"zh"`` when ``title`` holds CJK ideographs, else ``"en"``."""
    return "zh" if _CJK.search(title) else "en"
