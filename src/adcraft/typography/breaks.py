"""Where a line may break, and what makes a break bad — in any script.

Break opportunities are those of the Unicode line breaking algorithm (UAX #14, ``uniseg``);
inside runs of CJK ideographs, where UAX #14 allows a break between any two characters, only
word boundaries of jieba's segmentation are kept (jieba: dictionary DAG + HMM; its search mode
also allows a break between two dictionary sub-words of at least two characters each, e.g.
布艺 / 沙发 inside 布艺沙发), so 精华原 / 液套装 cannot happen.

A set of lines is then judged by :func:`break_penalty` (a typesetter's rules, as the design
reviews apply them): an **orphan fragment** — a line of one or two letters or digits, or one
CJK character, in a text of several lines ("Vitamin / E / softgels", "Canon / EOS / 5D"); a
**split compound** — a break after the hyphen of a number or a short prefix ("20- / hour"); a
**widow** — one word alone on the last line after a line of several words (a lighter penalty).
"""

from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache

from uniseg.linebreak import line_break_boundaries

ORPHAN_MAX_CHARS = 2
"""A line of at most this many letters or digits is an orphan fragment."""
COMPOUND_MAX_CHARS = 3
"""A hyphenated first part of at most this many letters (or with a digit) must not end a line."""
ORPHAN, COMPOUND, WIDOW, BOUND, HYPHEN = 1000.0, 1000.0, 10.0, 20.0, 15.0
"""Penalties of :func:`break_penalty`: orphan fragment, split compound, widow, a line that starts
with a short token bound to the word before it ("Vitamin / E softgels"), and a break at the
hyphen of a longer compound ("cold- / pressed", legitimate but avoided when possible)."""


def is_cjk(ch: str) -> bool:
    """Whether a character is a CJK ideograph (its Unicode name starts with ``CJK``)."""
    return len(ch) == 1 and unicodedata.name(ch, "").startswith("CJK")


def visible(s: str) -> str:
    """The letters, digits and ideographs of ``s``."""
    return "".join(c for c in s if c.isalnum() or is_cjk(c))


@lru_cache(maxsize=4096)
def _jieba_cuts(text: str) -> frozenset[int]:
    """Positions inside CJK runs where jieba allows a break (word and long sub-word boundaries)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    cuts: set[int] = set()
    for word, start, end in jieba.tokenize(text):
        cuts.add(start)
        cuts.add(end)
        if end - start >= 4:
            for sub, s_start, s_end in jieba.tokenize(word, mode="search"):
                if len(sub) >= 2 and (s_start, s_end) != (0, len(word)):
                    for cut in (start + s_start, start + s_end):
                        if min(cut - start, end - cut) >= 2:
                            cuts.add(cut)
    return frozenset(cuts)


def cjk_split(text: str, at: int) -> bool:
    """True when a break at ``at`` (index into ``text``) falls inside a Chinese word."""
    if not (0 < at < len(text) and is_cjk(text[at - 1]) and is_cjk(text[at])):
        return False
    return at not in _jieba_cuts(text)


@lru_cache(maxsize=4096)
def segments(text: str) -> tuple[str, ...]:
    """``text`` split at its allowed break opportunities (see the module docstring); each
    segment keeps its trailing space. Pure and memoised."""
    bounds = [b for b in line_break_boundaries(text) if not cjk_split(text, b)]
    bounds = [0, *bounds]
    return tuple(text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a)


FUNCTION_WORDS = frozenset(
    "a an and at by for from in into of on or the to with & + vs per".split()
)
"""Short words that belong to the word after them: a line must not end with one."""
LONE_WORD_MAX = 6
"""In a text of three or more words, a line holding one word this short or shorter is avoided
("Red / dress on model", "Gym / bag / carried")."""


def break_penalty(lines: list[str]) -> float:
    """Penalty of a set of lines (0 when clean).

    :data:`ORPHAN` for an orphan fragment or a lone short word in a text of three or more
    words, :data:`COMPOUND` for a split compound, :data:`BOUND` for a line that starts with a
    short capital or numeric token bound to the word before ("Vitamin / E softgels") or ends
    with a function word or a number bound to the word after ("Dress on / model", "4 /
    pieces"), :data:`HYPHEN` for a
    break at a longer compound's hyphen, :data:`WIDOW` for a widow.
    """
    if len(lines) < 2:
        return 0.0
    words = [ln.split() for ln in lines]
    cjk = any(is_cjk(c) for c in "".join(lines))
    many = sum(len(w) for w in words) >= 3 and not cjk
    total = 0.0
    for i, line in enumerate(lines):
        vis = visible(line)
        if (vis and len(vis) <= ORPHAN_MAX_CHARS and not any(is_cjk(c) for c in vis)) or (len(vis) == 1 and is_cjk(vis)):
            total += ORPHAN
        elif many and len(words[i]) == 1 and len(vis) <= LONE_WORD_MAX and i < len(lines) - 1:
            total += ORPHAN
        if i + 1 < len(lines) and line.endswith("-"):
            head = line[:-1].split()[-1] if line[:-1].split() else ""
            short = head and (len(head) <= COMPOUND_MAX_CHARS or any(c.isdigit() for c in head))
            total += COMPOUND if short else HYPHEN
        first = words[i][0] if i and words[i] else ""
        if first and len(visible(first)) <= ORPHAN_MAX_CHARS and not any(is_cjk(c) for c in first) and not first.islower():
            total += BOUND
        last = words[i][-1] if i + 1 < len(lines) and words[i] else ""
        if last.lower() in FUNCTION_WORDS or (last[:1].isdigit() and len(last) <= 4):  # "4 / pieces"
            total += BOUND
    if not cjk and len(words[-1]) == 1 and len(words[-2]) >= 2:
        total += WIDOW
    return total
