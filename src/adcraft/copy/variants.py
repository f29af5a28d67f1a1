"""Copy variants: several headlines, sub-lines, selling-point bullets, CTAs and price phrasings
per product, each checked by the claim filter and chosen to fit the character budget of the
box it will fill.

Rule-based, from the brief's facts (title, brand, category, selling points, prices) and the
theme's occasion (sale, Christmas, Spring Festival, Singles' Day). Copy the brief gives
verbatim (``headline``, ``subtitle``, ``cta``) is the only variant of its role. An optional
LLM back-end (:mod:`adcraft.copy.llm`) adds variants; they pass the same filter and budget.

Which variant a candidate shows is a function of the campaign seed and the candidate's index
only (:func:`choose_copy`), never of the canvas size, so candidate *k* says the same words in
every size; a size whose box cannot hold the chosen text takes the fitting variant closest to
it (most words in common: "Solidus Stoneware mug set" → "Stoneware mug set" in a 728x90), see
:func:`pick_copy`.

A headline always names the product: a selling point is offered as a headline only when it
contains the product's noun (:func:`product_nouns`); otherwise it is a sub-line.

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
        nouns = product_nouns(brief)
        heads += [_cap(p) for p in points[:1] if len(p.split()) <= 5 and width_em(p) <= 12 and names_product(p, nouns)]
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


_UNIT_NOUNS = frozenset("set pack pair kit bundle box case collection duo trio bottle jar".split())
"""Head nouns that name a quantity rather than the product ("mug *set*"): the noun before them
names the product too."""


def product_nouns(brief: Brief) -> tuple[str, ...]:
    """The words that name the product: the head noun of its short title (its last word,
    lower case, singular), and the word before it when the head is a unit ("mug set" → set,
    mug); in Chinese, the last jieba word of two or more characters of the title's first chunk
    (粗陶马克杯 四只装 → 马克杯).

    Returns
    -------
    tuple of str
        Empty when the title has no usable word.
    """
    if brief.lang == "zh":
        import jieba

        head = (_short_title_zh(brief.title).split() or [""])[0]
        words = [w for w in jieba.lcut(head) if len(w) >= 2]
        return tuple(words[-1:])
    words = [_singular(w) for w in re.findall(r"[a-z0-9]+", _short_title_en(brief.title).lower())]
    words = [w for w in words if w and not w.isdigit()]
    if not words:
        return ()
    if words[-1] in _UNIT_NOUNS and len(words) > 1:
        return (words[-1], words[-2])
    return (words[-1],)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def names_product(text: str, nouns: tuple[str, ...]) -> bool:
    """Whether ``text`` contains one of the product ``nouns`` (:func:`product_nouns`), in any
    case and number ("Mugs for slow mornings" names a mug set); ``True`` without nouns."""
    if not nouns:
        return True
    words = {_singular(w) for w in re.findall(r"[a-z0-9]+", text.lower())}
    return any(n in words or (not n.isascii() and n in text) for n in nouns)


@dataclass(frozen=True)
class CopyChoice:
    """Which variant of each role one candidate shows: indices into the
    :class:`CopyVariants` tuples (taken modulo their length)."""

    headline: int
    subline: int
    cta: int


def choose_copy(variants: CopyVariants, seed: int, index: int) -> CopyChoice:
    """The variants candidate ``index`` shows, in every size.

    Parameters
    ----------
    variants:
        The product's :class:`CopyVariants` (a function of the brief and the occasion).
    seed:
        The campaign seed (non-negative).
    index:
        The candidate's index (non-negative), the same for its creatives in every size.

    Returns
    -------
    CopyChoice
        Uniform draws from ``numpy.random.default_rng([seed, index])``: a deterministic
        function of (brief, seed, index), independent of the canvas size.
    """
    rng = np.random.default_rng([seed, index])
    return CopyChoice(*(int(rng.integers(max(1, len(t)))) for t in (variants.headlines, variants.sublines, variants.ctas)))


def _tokens(text: str) -> set[str]:
    return {*re.findall(r"[^\W_]+", text.lower())} | {c for c in text if unicodedata.east_asian_width(c) in ("W", "F")}


KEEP_SCALE = 0.8
"""A candidate keeps its chosen words in a size where they fit the :func:`copy_budget` of type
set at this share of the budget's prominent size (the budget divided by it): the same words in
every size of a campaign are worth a headline up to a fifth smaller."""


def _fit(texts: tuple[str, ...], i: int, budget: float) -> str:
    """Variant ``i`` of ``texts`` when it fits ``budget / KEEP_SCALE`` (ems); else the variant
    within that which shares the most words with it (the first in order among equals), else
    the shortest."""
    budget /= KEEP_SCALE
    chosen = texts[i % len(texts)]
    if width_em(chosen) <= budget:
        return chosen
    fitting = [t for t in texts if width_em(t) <= budget]
    if not fitting:
        return min(texts, key=width_em)
    words = _tokens(chosen)
    return max(fitting, key=lambda t: (len(words & _tokens(t)), -texts.index(t)))


def pick_copy(variants: CopyVariants, size: tuple[int, int], choice: CopyChoice | np.random.Generator) -> CopyText:
    """The :class:`~adcraft.copy.CopyText` of one candidate on a canvas of ``size``.

    Parameters
    ----------
    variants:
        The product's variants.
    size:
        Canvas ``(width, height)``; only decides whether the chosen texts fit its
        :func:`copy_budget`.
    choice:
        The candidate's :class:`CopyChoice` (:func:`choose_copy`); a
        ``numpy.random.Generator`` draws one from it (then the choice depends on that
        generator's state).

    Returns
    -------
    CopyText
        The chosen variant of each role where it fits the size's budget (divided by
        :data:`KEEP_SCALE`); otherwise the fitting variant sharing the most words with it (the
        shortest when none fits). The sub-line never
        repeats the headline (nor is repeated by it); the price phrasing is the same for all.
    """
    if isinstance(choice, np.random.Generator):
        choice = CopyChoice(*(int(choice.integers(max(1, len(t)))) for t in (variants.headlines, variants.sublines, variants.ctas)))
    budget = copy_budget(size)
    # One price phrasing for every size of a campaign: the sale reads the same everywhere.
    price = variants.prices[0]
    headline = _fit(variants.headlines, choice.headline, budget.headline)
    subline = None
    if variants.sublines:
        wanted = variants.sublines[choice.subline % len(variants.sublines)]
        subs = tuple(s for s in variants.sublines if s.lower() not in headline.lower() and headline.lower() not in s.lower())
        if subs:
            subline = _fit(subs, subs.index(wanted) if wanted in subs else _closest(subs, wanted), budget.subline)
    return CopyText(
        headline=headline,
        subline=subline,
        cta=_fit(variants.ctas, choice.cta, budget.cta),
        price=price.price,
        original_price=price.original_price,
        discount=price.discount,
        lang=variants.lang,
    )


def _closest(texts: tuple[str, ...], text: str) -> int:
    """Index of the text of ``texts`` sharing the most words with ``text`` (the first among equals)."""
    words = _tokens(text)
    return max(range(len(texts)), key=lambda i: (len(words & _tokens(texts[i])), -i))


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
