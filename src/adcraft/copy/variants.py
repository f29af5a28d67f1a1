"""Copy variants: several headlines, sub-lines, selling-point bullets, CTAs and price phrasings
per product, each checked by the claim filter and chosen to fit the character budget of the
box it will fill.

Rule-based, from the brief's facts (title, brand, category, selling points, prices) and the
theme's occasion (sale, Christmas, Spring Festival, Singles' Day). Copy the brief gives
verbatim (``headline``, ``subtitle``, ``cta``) is the only variant of its role. An optional
LLM back-end (:mod:`adcraft.copy.llm`) adds variants; they pass the same filter and budget.

Budgets are in *ems*: a CJK ideograph (Unicode East Asian Width W/F) is 1 em, any other
character 0.56 em (the mean advance of Inter Bold over English text). For Latin text one em
holds about 1.8 characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

import numpy as np

from adcraft.brief import Brief
from adcraft.copy.claims import find_claims
from adcraft.copy.writer import (
    CopyText,
    _short_title_en,
    _short_title_zh,
    discount_percent,
    format_price,
    write_copy,
)
from adcraft.sizes import AspectClass, aspect_class

LATIN_EM = 0.56  #: mean advance of a non-CJK character, in ems


@dataclass(frozen=True)
class PricePhrase:
    """How the price is said: the price line, the struck original and a discount badge."""

    price: str | None
    original_price: str | None
    discount: str | None


@dataclass(frozen=True)
class CopyVariants:
    """Every variant of every copy role for one brief, clean of forbidden claims.

    Attributes
    ----------
    lang:
        ``"en"`` or ``"zh"``.
    headlines, sublines, bullets, ctas:
        Texts, most specific first; ``sublines`` may be empty (no sub-line).
    prices:
        :class:`PricePhrase` options; one ``PricePhrase(None, None, None)`` without a price.
    rejected:
        ``(text, reason)`` of every variant the claim filter removed.
    """

    lang: str
    headlines: tuple[str, ...]
    sublines: tuple[str, ...]
    bullets: tuple[str, ...]
    ctas: tuple[str, ...]
    prices: tuple[PricePhrase, ...]
    rejected: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CopyBudget:
    """How much text fits each box of a canvas size, in ems (see module notes)."""

    headline: float
    subline: float
    cta: float

    def chars(self, role: str) -> int:
        """The budget of ``role`` as a count of Latin characters."""
        return int(getattr(self, role) / LATIN_EM)


def width_em(text: str) -> float:
    """Estimated set width of ``text`` in ems (CJK 1 em, other characters 0.56 em)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in ("W", "F") else LATIN_EM for c in text)


# column width (share of canvas width), headline size (share of the short side), headline lines
_GEOMETRY = {
    AspectClass.LEADERBOARD: (0.38, 0.30, 1),
    AspectClass.LANDSCAPE: (0.44, 0.095, 2),
    AspectClass.SQUARE: (0.48, 0.075, 2),
    AspectClass.PORTRAIT: (0.84, 0.075, 2),
    AspectClass.SKYSCRAPER: (0.84, 0.12, 3),
}


def copy_budget(size: tuple[int, int]) -> CopyBudget:
    """Character budgets of the headline, sub-line and CTA boxes on a canvas of ``size``.

    The boxes follow the layout families' geometry for the size's aspect class: the text
    column's width, the headline at a prominent size (share of the short side) on at most
    1–3 lines, the sub-line on two lines at the type scale's 0.42, the CTA on one line at 0.4
    within 80 % of the column (see :mod:`adcraft.layout.stack`).
    """
    W, H = size
    col_share, px_share, lines = _GEOMETRY[aspect_class(size)]
    col = col_share * W
    px = px_share * min(W, H)
    return CopyBudget(headline=lines * col / px, subline=2 * col / (0.42 * px), cta=0.8 * col / (0.4 * px) - 2 * 0.95)


def _clean(texts: list[str], lang: str, rejected: list[tuple[str, str]]) -> tuple[str, ...]:
    out: list[str] = []
    for t in texts:
        t = re.sub(r"\s+", " ", t).strip()
        if not t or t in out:
            continue
        hits = find_claims(t, lang)
        if hits:
            entry = (t, "; ".join(sorted({f"{h.rule}: {h.term!r}" for h in hits})))
            if entry not in rejected:
                rejected.append(entry)
        else:
            out.append(t)
    return tuple(out)


_TRAILING = {"with", "and", "for", "of", "the", "a", "an", "in", "on", "to", "by", "&", "-", "+"}


def _shorter(title: str, zh: bool) -> str:
    """A shorter product name: 4 words without a dangling "with"/"and" (EN), or the first
    space-separated chunk within 8 ideographs (ZH)."""
    if zh:
        chunks = title.split()
        out = chunks[0] if chunks else title
        return out if len(out) <= 10 else out[:8]
    words = title.split()[:4]
    while len(words) > 1 and words[-1].lower() in _TRAILING:
        words.pop()
    return " ".join(words)


def _bullet_en(point: str, max_words: int = 6) -> str:
    """A selling point as a bullet: whole when it has at most ``max_words`` words, else cut
    there without a dangling "with"/"and"."""
    words = point.split()
    if len(words) <= max_words:
        return point
    words = words[:max_words]
    while len(words) > 1 and words[-1].lower() in _TRAILING:
        words.pop()
    return " ".join(words)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _zhe(price: float, original: float) -> str:
    z = round(price / original * 10, 1)
    return f"{z:g}折"


_OCCASION_EN = {
    "sale": ("{pct}% off {short}", "Limited-time offer", ("Shop the sale", "Grab the deal")),
    "christmas": ("Holiday gift: {short}", "Gift-ready for the holidays", ("Shop gifts",)),
    "spring_festival": ("New Year treat: {short}", "Celebrate the New Year in style", ("Shop New Year",)),
    "singles_day": ("11.11 deal: {short}", "11.11 prices for 24 hours", ("Shop 11.11",)),
}
_OCCASION_ZH = {
    "sale": ("{short} 限时{zhe}", "限时特惠 先到先得", ("立即抢购",)),
    "christmas": ("圣诞好礼 {short}", "圣诞限定 温暖送达", ("选购礼物",)),
    "spring_festival": ("新春好礼 {short}", "新春佳节 好礼相伴", ("抢年货",)),
    "singles_day": ("双11狂欢 {short}", "双11限时特惠", ("双11抢购",)),
}


def write_variants(brief: Brief, occasion: str | None = None) -> CopyVariants:
    """All copy variants for ``brief``.

    Parameters
    ----------
    brief:
        Product facts; given ``headline``/``subtitle``/``cta`` are used verbatim (still checked).
    occasion:
        ``None`` or a theme occasion (``"sale"``, ``"christmas"``, ``"spring_festival"``,
        ``"singles_day"``) that adds seasonal headlines, sub-lines and CTAs.

    Returns
    -------
    CopyVariants
        When every headline variant is rejected, the bare short title remains (without the
        offending words) so a creative can always be made; the rejection is recorded.

    Raises
    ------
    UnknownOptionError
        If ``occasion`` is not one of the names above.
    """
    from adcraft.errors import UnknownOptionError

    if occasion is not None and occasion not in _OCCASION_EN:
        raise UnknownOptionError(f"unknown copy occasion {occasion!r}; valid: {', '.join(_OCCASION_EN)} or none")
    zh = brief.lang == "zh"
    facts = _Facts(
        brief=brief,
        pct=discount_percent(brief.price, brief.original_price),
        short=_short_title_zh(brief.title) if zh else _short_title_en(brief.title),
        brand=(brief.brand or "").strip(),
        occasion=occasion,
        occ=(_OCCASION_ZH if zh else _OCCASION_EN).get(occasion or ""),
    )
    rejected: list[tuple[str, str]] = []
    points = list(_clean([p.strip().rstrip(".。") for p in brief.selling_points], brief.lang, rejected))
    return CopyVariants(
        lang=brief.lang,
        headlines=_headlines(facts, points, rejected),
        sublines=_clean(_sublines(facts, points), brief.lang, rejected),
        bullets=_clean([_short_title_zh(p, 10) if zh else _bullet_en(p) for p in points][:3], brief.lang, rejected),
        ctas=_clean(_ctas(facts), brief.lang, rejected) or (("立即购买" if zh else "Shop now"),),
        prices=_prices(facts),
        rejected=tuple(rejected),
    )


@dataclass(frozen=True)
class _Facts:
    """What the variant writers read: the brief, its discount, short title, brand, occasion."""

    brief: Brief
    pct: int | None
    short: str
    brand: str
    occasion: str | None
    occ: tuple | None

    @property
    def zh(self) -> bool:
        return self.brief.lang == "zh"

    @property
    def shorter(self) -> str:
        return _shorter(self.short, self.zh)


def _headlines(f: _Facts, points: list[str], rejected: list[tuple[str, str]]) -> tuple[str, ...]:
    brief, zh, shorter = f.brief, f.zh, f.shorter
    if brief.headline:
        heads = [brief.headline]
    else:
        heads = []
        if f.occ and (f.pct or f.occasion != "sale"):
            zhe = _zhe(brief.price, brief.original_price) if f.pct and brief.price and brief.original_price else ""
            heads.append(f.occ[0].format(pct=f.pct, short=shorter, zhe=zhe))
        heads += [f.short, shorter]
        if f.brand and f.brand.lower() not in f.short.lower():
            heads.append(f"{f.brand}{f.short}" if zh else f"{f.brand} {shorter}")
        heads += [_cap(p) for p in points[:1] if len(p.split()) <= 5 and width_em(p) <= 12]
    headlines = _clean(heads, brief.lang, rejected)
    if headlines:
        return headlines
    words = [w for w in shorter.split() if not find_claims(w, brief.lang)] if not zh else [re.sub(r"最|第一|唯一|顶级", "", shorter)]
    return (" ".join(words) or ("新品" if zh else "New in"),)


def _sublines(f: _Facts, points: list[str]) -> list[str]:
    if f.brief.subtitle:
        return [f.brief.subtitle]
    zh = f.zh
    subs = [_cap(p) for p in points]
    if len(points) >= 2:
        subs.append(("｜" if zh else " · ").join(points[:2]))
    if f.pct:
        subs.append(f"限时立省{f.pct}%" if zh else f"Save {f.pct}% today")
    if f.occ:
        subs.append(f.occ[1])
    if f.brand:
        subs.append(f"{f.brand}出品" if zh else f"By {f.brand}")
    return subs


def _ctas(f: _Facts) -> list[str]:
    if f.brief.cta:
        return [f.brief.cta]
    zh = f.zh
    ctas = list(f.occ[2]) if f.occ else []
    if f.pct:
        ctas += ["立即抢购"] if zh else ["Shop the sale", "Grab the deal"]
    return ctas + (["立即购买", "立即选购", "去看看", "了解详情"] if zh else ["Shop now", "Get yours", "Buy now", "Order today", "Discover more"])


def _prices(f: _Facts) -> tuple[PricePhrase, ...]:
    brief, zh = f.brief, f.zh
    if brief.price is None:
        return (PricePhrase(None, None, None),)
    base = write_copy(brief)
    p = base.price
    if not f.pct or brief.original_price is None:
        return (PricePhrase(p, None, None), PricePhrase(f"仅{p}" if zh else f"Only {p}", None, None))
    old = base.original_price
    saved = format_price(brief.original_price - brief.price, brief.currency or ("CNY" if zh else "USD"))
    # A sale always shows the struck original price beside the sale price, in every size.
    return (
        PricePhrase(p, old, f"-{f.pct}%"),
        PricePhrase(p, old, _zhe(brief.price, brief.original_price) if zh else f"{f.pct}% off"),
        PricePhrase(f"到手价{p}" if zh else f"Now {p}", old, None),
        PricePhrase(p, old, f"立省{saved}" if zh else f"Save {saved}"),
    )


def _choose(texts: tuple[str, ...], budget: float, rng: np.random.Generator) -> str:
    fitting = [t for t in texts if width_em(t) <= budget]
    if not fitting:
        return min(texts, key=width_em)
    return fitting[int(rng.integers(len(fitting)))]


def pick_copy(variants: CopyVariants, size: tuple[int, int], rng: np.random.Generator) -> CopyText:
    """One :class:`~adcraft.copy.CopyText` for a canvas of ``size``: a random variant of each
    role among those within its :func:`copy_budget` (the shortest when none fits)."""
    budget = copy_budget(size)
    # One price phrasing for every size of a campaign: the sale reads the same everywhere.
    price = variants.prices[0]
    headline = _choose(variants.headlines, budget.headline, rng)
    # a sub-line never repeats the headline (or is repeated by it)
    subs = tuple(s for s in variants.sublines if s.lower() not in headline.lower() and headline.lower() not in s.lower())
    subline = _choose(subs, budget.subline, rng) if subs else None
    return CopyText(
        headline=headline,
        subline=subline,
        cta=_choose(variants.ctas, budget.cta, rng),
        price=price.price,
        original_price=price.original_price,
        discount=price.discount,
        lang=variants.lang,
    )


def with_extra(variants: CopyVariants, headlines=(), sublines=(), bullets=(), ctas=()) -> CopyVariants:
    """``variants`` with more texts appended per role, filtered by :func:`find_claims`."""
    rejected = list(variants.rejected)
    lang = variants.lang
    return replace(
        variants,
        headlines=_clean([*variants.headlines, *headlines], lang, rejected),
        sublines=_clean([*variants.sublines, *sublines], lang, rejected),
        bullets=_clean([*variants.bullets, *bullets], lang, rejected),
        ctas=_clean([*variants.ctas, *ctas], lang, rejected),
        rejected=tuple(rejected),
    )
