"""Claim filter: copy that an ad platform or regulator would reject.

Two rule sets, each a list of ``(pattern, rule)``:

* Simplified Chinese follows the PRC Advertising Law (2015, amended 2021), Article 9(3), which
  forbids "国家级", "最高级", "最佳" and similar absolute terms, as the State Administration for
  Market Regulation applies it: any 最-superlative, 第一/No.1 rankings, 唯一, 首个/首选, 顶级,
  极致, 绝对, 100%, 全网最低; Article 17/18 medical claims (治愈, 根治) are also caught.
* English catches unverifiable superlatives and rankings ("best", "No. 1", "#1", "number one",
  "world's first", "cheapest"), guarantees ("guaranteed", "risk-free") and medical claims
  ("cures", "heals"), which ad platforms refuse without third-party substantiation.

Matching is case-insensitive; English patterns use word boundaries so that "bestow" passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ClaimHit:
    """One forbidden claim found in a text: the matched ``term`` and the ``rule`` it breaks."""

    term: str
    rule: str


_EN = [
    (r"\bbest(?:[- ]selling|[- ]seller)?\b", "unverifiable superlative"),
    (r"\bno\.?\s*1\b|#\s*1\b|\bnumber\s+one\b|\btop[- ]rated\b", "ranking claim"),
    (r"\bworld'?s\s+(?:first|leading|finest|greatest)\b|\bunbeatable\b|\bunrivall?ed\b|\bperfect\b", "unverifiable superlative"),
    (r"\bcheapest\b|\blowest\s+price\b", "price superlative"),
    (r"\bguarantee[ds]?\b|\brisk[- ]free\b", "guarantee"),
    (r"\bcures?\b|\bheals?\b|\bclinically\s+proven\b", "medical claim"),
    (r"\b100\s*%", "absolute claim"),
]
_ZH = [
    (r"最", "absolute term 最 (Advertising Law Art. 9(3))"),
    (r"第一|No\.?\s*1|NO\.?\s*1", "ranking claim 第一 (Art. 9(3))"),
    (r"唯一|独一无二", "absolute term 唯一 (Art. 9(3))"),
    (r"首个|首选|首款|首家", "absolute term 首 (Art. 9(3))"),
    (r"国家级|世界级|顶级|极致|绝对|万能|史无前例|全网最低", "absolute term (Art. 9(3))"),
    (r"100\s*%|百分之百", "absolute claim (Art. 9(3))"),
    (r"治愈|根治|药到病除", "medical claim (Art. 17)"),
]
_RULES = {
    "en": [(re.compile(p, re.IGNORECASE), r) for p, r in _EN],
    "zh": [(re.compile(p, re.IGNORECASE), r) for p, r in _ZH + _EN],  # English words appear in Chinese copy too
}


def find_claims(text: str, lang: str) -> list[ClaimHit]:
    """Every forbidden claim in ``text``.

    Parameters
    ----------
    text:
        Copy to check.
    lang:
        ``"en"`` or ``"zh"``.

    Returns
    -------
    list[ClaimHit]
        Empty when the text is clean.

    Raises
    ------
    UnknownOptionError
        If ``lang`` has no rule set.
    """
    from adcraft.errors import UnknownOptionError

    if lang not in _RULES:
        raise UnknownOptionError(f"no claim rules for language {lang!r}; valid: {', '.join(_RULES)}")
    hits = []
    for pattern, rule in _RULES[lang]:
        hits.extend(ClaimHit(term=m.group(0), rule=rule) for m in pattern.finditer(text))
    return hits
