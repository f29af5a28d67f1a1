"""Where a line may break, and what a set of lines costs — in any script.

Break opportunities are those of the Unicode line breaking algorithm (UAX #14, ``uniseg``);
inside runs of CJK ideographs, where UAX #14 allows a break between any two characters, only
word boundaries of jieba's segmentation are kept (jieba: dictionary DAG + HMM; its search mode
also allows a break between two dictionary sub-words of at least two characters each, e.g.
布艺 / 沙发 inside 布艺沙发), so 精华原 / 液套装 cannot happen. A separator between phrases
(``·``, ``|``, ``｜``, a spaced dash …) travels with the phrase before it, so no line can start
with one, and a line that would end with one drops it (:func:`line_text`): the line break
itself separates the phrases.

A set of lines is judged by :func:`break_cost`, a sum of demerits in the manner of Knuth and
Plass's total-fit line breaking (all ways to break are compared; the cheapest wins), with the
rules designers apply to display type (see :func:`break_cost` for the formula and sources).
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from uniseg.linebreak import line_break_boundaries

ORPHAN_MAX_CHARS = 2
"""A line of at most this many letters or digits is an orphan fragment."""
COMPOUND_MAX_CHARS = 3
"""A hyphenated first part of at most this many letters (or with a digit) must not end a line."""
ORPHAN, COMPOUND = 1000.0, 1000.0
"""Demerits of an orphan fragment and of a split short compound ("20- / hour"): at or above
:data:`ORPHAN` a set of lines is refused (the text must be set smaller)."""
WIDOW, HYPHEN, NOUN, BOUND, INSIDE, PHRASE = 30.0, 60.0, 20.0, 20.0, 8.0, 4.0
"""Demerits of :func:`break_cost`: a widow, a break at the hyphen of a longer compound
("cold- / pressed"; more than a widow, a split noun pair and a break inside a phrase together,
so a hyphen is broken only when nothing else fits), a break that splits the final modifier–noun pair of a phrase ("Walnut
reading / chair", "Red / dress on model"), a token bound to its neighbour across the break
("Vitamin / E softgels", "Dress on / model", "4 / pieces"), any break inside a phrase, and a
break before a function word (a weaker phrase boundary than punctuation or a separator, which
cost nothing)."""
RAG = 20.0
"""Weight of the rag (line-length balance) term of :func:`break_cost`."""
WORD_STACK = 300.0
"""Demerits of a stack of one word per line outside ``strict`` setting: a headline at its
floor size in a 160 px skyscraper column ("Samsung / SyncMaster / 941BW") has no other way."""
LONE_FIRST = 20.0
"""Demerits, outside ``strict`` (display) setting, of two lines whose first is one word and whose
second holds three or more: the second and third design reviews flagged "Restored / and ready to
write" and "Works / with your voice assistant" in sub-lines, where "Restored and ready / to
write" reads better (a headline's short first line stays free: De Vinne)."""
EXTRA_LINE = 50.0
"""Demerits of each line beyond the fewest possible."""
WIDOW_RATIO = 0.45
"""A last line of one word narrower than this share of the line above is a widow. The design
reviews flagged last/previous width ratios of 0.31–0.40 ("Canvas tote / bag", "Walnut reading /
chair") and passed 0.59 and 0.72 ("Merino knit / sweater")."""
LONE_WORD_MAX = 4
"""In a text set on three or more lines, a line (not the last) holding one word of at most this
many letters is an orphan ("Red / wrap / dress"), and so is a stack of one word per line
("Walnut / reading / chair"); "Solidus / Canvas / tote bag" is a fair stack (the reviews passed
"Solidus / Wool-blend / beanie hat"), better than "Solidus / Canvas tote / bag". In two lines a short first line is no fault ("Walnut /
reading chair"; De Vinne: "the shortening of the first line is never a blemish")."""
SEPARATORS = frozenset("·•∙・|｜/／–—-")
"""Characters that, standing alone between spaces (or between CJK words), separate phrases."""
PUNCTUATION = frozenset(",;:.!?，。；：、！？")
"""Punctuation after which a break falls between phrases."""
FUNCTION_WORDS = frozenset(
    "a an and as at by for from in into of on or the to up via with & + vs per than "
    "your our their its my this that these each every no".split()
)
"""Short words that belong to the word after them: a line must not end with one, and a phrase
ends before one."""


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


def is_separator(segment: str) -> bool:
    """Whether ``segment`` (a break unit, spaces included) is a lone phrase separator."""
    core = segment.strip()
    return len(core) == 1 and core in SEPARATORS


@lru_cache(maxsize=4096)
def segments(text: str) -> tuple[str, ...]:
    """``text`` split at its allowed break opportunities (see the module docstring); each
    segment keeps its trailing space, and a lone separator is joined to the segment before it
    (no line starts with "·"). Pure and memoised; ``"".join(segments(text)) == text``."""
    bounds = [b for b in line_break_boundaries(text) if not cjk_split(text, b)]
    bounds = [0, *bounds]
    out: list[str] = []
    for seg in (text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a):
        if out and is_separator(seg):
            out[-1] += seg
        else:
            out.append(seg)
    return tuple(out)


def line_text(raw: str) -> str:
    """The text drawn for a line made of whole segments: trailing spaces and a trailing phrase
    separator removed (``"Roasted in-house every week · "`` → ``"Roasted in-house every
    week"``). Punctuation such as a comma stays."""
    line = raw.rstrip()
    if len(line) > 1 and line[-1] in SEPARATORS and (line[-2].isspace() or is_cjk(line[-2])):
        line = line[:-1].rstrip()
    return line


def _phrase_end(tokens: Sequence[str], j: int, cjk: bool) -> bool:
    """Whether break unit ``j`` ends a phrase: the text's end, punctuation or a separator after
    it, a space after it in CJK text, or a function word next."""
    if j >= len(tokens) - 1:
        return True
    if _after_punctuation(tokens[j]) or (cjk and tokens[j] != tokens[j].rstrip()):
        return True
    nxt = tokens[j + 1].split()
    return bool(nxt) and nxt[0].lower() in FUNCTION_WORDS


def _after_punctuation(raw: str) -> bool:
    """Whether a line ending with break unit ``raw`` ends at punctuation or a separator."""
    core = raw.rstrip()
    return bool(core) and (core[-1] in PUNCTUATION or line_text(raw) != core)


def _break_demerits(tokens: Sequence[str], j: int, cjk: bool, strict: bool) -> float:
    """Demerits of a break before break unit ``j`` (after unit ``j - 1``)."""
    before = tokens[j - 1].rstrip()
    first = tokens[j].split()[0] if tokens[j].split() else ""
    between = _after_punctuation(tokens[j - 1]) or (cjk and tokens[j - 1] != before)
    total = 0.0
    if before.endswith("-") and not before.endswith(" -"):
        head = before[:-1].split()[-1] if before[:-1].split() else ""
        short = head and (len(head) <= COMPOUND_MAX_CHARS or any(c.isdigit() for c in head))
        total += COMPOUND if short else (ORPHAN if strict else HYPHEN)
    elif between:
        pass  # between phrases: the best place to break
    elif first.lower() in FUNCTION_WORDS:
        total += PHRASE  # "Red dress / on model"
    else:
        total += INSIDE
        last = before.split()[-1] if before.split() else ""
        if _phrase_end(tokens, j, cjk) and last.lower() not in FUNCTION_WORDS:
            total += NOUN  # the last word of a phrase torn from its modifier
    if not between and first and len(visible(first)) <= ORPHAN_MAX_CHARS and not any(is_cjk(c) for c in first) and not first.islower():
        total += BOUND  # "Vitamin / E softgels"
    last = line_text(before).split()[-1] if line_text(before).split() else ""
    if last.lower() in FUNCTION_WORDS or (last[:1].isdigit() and len(last) <= 4):
        total += BOUND  # "Dress on / model", "4 / pieces"
    return total


def _line_demerits(lines: Sequence[str], i: int, cjk: bool, strict: bool = False) -> float:
    """Demerits of line ``i``: an orphan fragment, a lone short word in a stack of three or
    more lines, or (charged to the first line) a stack of one word per line (refused when
    ``strict``; else :data:`WORD_STACK`, the last resort of a narrow skyscraper column)."""
    vis = visible(lines[i])
    if (vis and len(vis) <= ORPHAN_MAX_CHARS and not any(is_cjk(c) for c in vis)) or (len(vis) == 1 and is_cjk(vis)):
        return ORPHAN
    if not cjk and len(lines) >= 3 and len(lines[i].split()) == 1:
        if i < len(lines) - 1 and len(vis) <= LONE_WORD_MAX:
            return ORPHAN
        if i == 0 and all(len(line.split()) == 1 for line in lines):
            return ORPHAN if strict else WORD_STACK  # a word stack
    return 0.0


def break_cost(
    tokens: Sequence[str], cuts: Sequence[int], widths: Sequence[float], *, strict: bool = False
) -> float:
    """Demerits of one way to break a text into lines (0 for one clean, even line).

    The cost of lines :math:`l_1 … l_k` of widths :math:`w_1 … w_k` is

    .. math::

        C = \\sum_i D_{line}(l_i) + \\sum_{j=1}^{k-1} D_{break}(j) + D_{widow}
            + RAG \\sum_i (1 - w_i / w_{max})^2

    (:func:`~adcraft.typography.text.break_lines` adds :data:`EXTRA_LINE` per line beyond the
    fewest). Like Knuth and Plass's total-fit algorithm, every feasible way to break is
    compared and the one of least total demerits wins, rather than filling each line greedily;
    their badness of stretched spaces becomes, for ragged display lines, the squared shortfall
    of each line from the longest (a balanced rag, as CSS Text 4's ``text-wrap: balance``).
    The demerits encode the rules designers apply to display type:

    * :math:`D_{line}` — :data:`ORPHAN` for a line of at most two letters or digits, or one CJK
      character ("Vitamin / E / softgels"), for a lone word of at most :data:`LONE_WORD_MAX`
      letters on a line other than the last of three or more, and for three or more lines of
      one word each ("Walnut / reading / chair"; outside ``strict`` setting :data:`WORD_STACK`);
    * :math:`D_{break}` — at a hyphen: :data:`COMPOUND` after a number or a prefix of at most
      three letters ("20- / hour"), else :data:`HYPHEN` (``strict``: :data:`ORPHAN`; a display
      line is not divided at a hyphen when another break fits, De Vinne 1901, "Divisions in
      lines of display"); elsewhere nothing after punctuation or a separator (a break between
      phrases), :data:`PHRASE` before a function word, else :data:`INSIDE`, plus :data:`NOUN`
      when the next line starts with the last word of a phrase, i.e. the break tears the head
      noun from the modifier before it ("Walnut / reading chair", not "Walnut reading / chair";
      "Red dress / on model"; in Chinese, the last jieba word before a space or the end);
      :data:`BOUND` for a short capital or numeric token starting a line inside a phrase, or a
      function word or short number ending one (Bringhurst §2.4: short expressions held
      together);
    * outside ``strict`` setting, :data:`LONE_FIRST` for two lines whose first is one word and
      whose second holds three or more ("Restored / and ready to write");
    * :math:`D_{widow}` — :data:`WIDOW` when the last line is a single word (one jieba word in
      Chinese) narrower than :data:`WIDOW_RATIO` of the line above (Bringhurst §2.4: no short
      word alone as the last line); ``strict`` (headlines): :data:`ORPHAN` unless the break
      before it falls between phrases ("GU10 LED bulb, / 6-pack").

    Parameters
    ----------
    tokens:
        The text's break units (:func:`segments`).
    cuts:
        Indices into ``tokens`` where lines start, ``(0, …, len(tokens))``.
    widths:
        Set width of each line's :func:`line_text`, in pixels (any unit, the same for all).
    strict:
        Display-type rules (headlines): a break at a longer compound's hyphen or a widow
        refuses the set (cost :data:`ORPHAN`), so the caller sets the text smaller instead.

    Returns
    -------
    float
        Non-negative demerits; at or above :data:`ORPHAN` the set must not be used.

    Notes
    -----
    Sources: D. E. Knuth and M. F. Plass, "Breaking paragraphs into lines", Software: Practice
    and Experience 11 (1981) 1119–1184; R. Bringhurst, *The Elements of Typographic Style*
    (4th ed., 2012), §2.4 "Hyphenation & Pagination"; T. L. De Vinne, *Correct Composition*
    (1901), p. 131 ("The shortening of the first line is never a blemish"); the design reviews' BREAK code.
    """
    k = len(cuts) - 1
    if k < 2:
        return 0.0
    cjk = any(is_cjk(c) for t in tokens for c in t)
    lines = [line_text("".join(tokens[a:b])) for a, b in zip(cuts, cuts[1:], strict=False)]
    total = sum(_line_demerits(lines, i, cjk, strict) for i in range(k))
    total += sum(_break_demerits(tokens, cuts[j], cjk, strict) for j in range(1, k))
    w_max = max(widths) or 1.0
    total += RAG * sum((1.0 - w / w_max) ** 2 for w in widths)
    if not strict and not cjk and k == 2 and len(lines[0].split()) == 1 and len(lines[1].split()) >= 3:
        total += LONE_FIRST  # "Restored / and ready to write": the reviews' BREAK in sub-lines
    one_word = (cuts[-1] - cuts[-2] == 1) if cjk else len(lines[-1].split()) == 1
    if one_word and widths[-2] > 0 and widths[-1] / widths[-2] < WIDOW_RATIO:
        between_phrases = _phrase_end(tokens, cuts[-2] - 1, cjk)
        total += ORPHAN if strict and not between_phrases else WIDOW
    return total
