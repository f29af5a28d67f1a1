"""Rule-based copy writers for English and Simplified Chinese (registry ``WRITERS``).

Copy the brief gives is used verbatim. What it lacks is derived: a headline from the title
(cut at a natural separator to at most 7 words / 14 CJK characters, as the design guide asks),
a sub-line from the first selling point or the discount, the CTA from a per-language default,
and price strings with the currency symbol (CLDR-style placement).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from adcraft.brief import MAX_PRICE, Brief
from adcraft.errors import InputError
from adcraft.registry import Registry

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CNY": "¥", "JPY": "¥", "INR": "₹", "KRW": "₩", "AUD": "A$", "CAD": "C$"}


@dataclass(frozen=True)
class CopyText:
    """The on-image copy of one creative; ``None`` fields are not shown."""

    headline: str
    subline: str | None
    cta: str
    price: str | None
    original_price: str | None
    discount: str | None
    lang: str


def format_price(value: float, currency: str) -> str:
    """``29.9, "USD"`` → ``"$29.90"``; whole amounts drop the cents (``"$30"``).

    Unknown currencies are written as ``"29.90 XYZ"``.

    Raises
    ------
    InputError
        If ``value`` is not a finite number within 0..:data:`adcraft.brief.MAX_PRICE`.
    """
    if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= MAX_PRICE:
        raise InputError(f"a price must be a finite number within 0..{MAX_PRICE:.0f}, got {value!r:.40}")
    amount = f"{value:,.0f}" if abs(value - round(value)) < 0.005 else f"{value:,.2f}"
    sym = _SYMBOLS.get(currency)
    return f"{sym}{amount}" if sym else f"{amount} {currency}"


def discount_percent(price: float | None, original: float | None) -> int | None:
    """Whole-percent discount of ``price`` against ``original``, or ``None`` if not a discount."""
    if price is None or original is None or original <= 0 or price >= original:
        return None
    pct = int(round((1 - price / original) * 100))
    return pct if pct >= 1 else None


_SEPARATORS = re.compile(r"\s+[-–—|:]\s+|[,(（，|｜:：]")


def _short_title_en(title: str, max_words: int = 7) -> str:
    head = _SEPARATORS.split(title.strip())[0].strip() or title.strip()
    words = head.split()
    return " ".join(words[:max_words])


def _short_title_zh(title: str, max_chars: int = 14) -> str:
    head = _SEPARATORS.split(title.strip())[0].strip() or title.strip()
    return head[:max_chars]


CopyWriter = Callable[[Brief], CopyText]


def write_en(brief: Brief) -> CopyText:
    """English rules."""
    pct = discount_percent(brief.price, brief.original_price)
    subline = brief.subtitle
    if subline is None and brief.selling_points:
        subline = brief.selling_points[0]
    if subline is None and pct:
        subline = f"Save {pct}% today"
    return CopyText(
        headline=brief.headline or _short_title_en(brief.title),
        subline=subline,
        cta=brief.cta or ("Shop the sale" if pct else "Shop now"),
        price=format_price(brief.price, brief.currency or "USD") if brief.price is not None else None,
        original_price=format_price(brief.original_price, brief.currency or "USD") if pct else None,
        discount=f"-{pct}%" if pct else None,
        lang="en",
    )


def write_zh(brief: Brief) -> CopyText:
    """Simplified Chinese rules."""
    pct = discount_percent(brief.price, brief.original_price)
    subline = brief.subtitle
    if subline is None and brief.selling_points:
        subline = brief.selling_points[0]
    if subline is None and pct:
        subline = f"限时立省{pct}%"
    currency = brief.currency or "CNY"
    return CopyText(
        headline=brief.headline or _short_title_zh(brief.title),
        subline=subline,
        cta=brief.cta or ("立即抢购" if pct else "立即购买"),
        price=format_price(brief.price, currency) if brief.price is not None else None,
        original_price=format_price(brief.original_price, currency) if pct else None,
        discount=f"-{pct}%" if pct else None,
        lang="zh",
    )


def write_copy(brief: Brief) -> CopyText:
    """Write the copy for ``brief`` with the writer of its language."""
    return WRITERS.get(brief.lang)(brief)


WRITERS: Registry[CopyWriter] = Registry(
    "copy writer",
    [
        ("en", write_en),
        ("zh", write_zh),
    ],
)
