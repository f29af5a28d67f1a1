"""Line breaks in any script: orphan fragments, split words and compounds, Chinese words split
across lines, widows.

The document gives each text's source string (``text``) and its ``lines``; every line join is
located in the source string and judged there:

* an **orphan fragment** — a line of one or two letters or digits in a multi-line text
  ("Vitamin / E / softgels", "Canon / EOS / 5D"), or one CJK character;
* a **split word** — a join inside a Latin word (no space or hyphen at the join);
* a **split compound** — a join after a hyphen whose first part is a number or at most three
  letters ("20- / hour"; "Pretend- / play" is a normal hyphenation);
* a **Chinese word split** — a join inside a word of jieba's segmentation (精华原 / 液套装 splits
  原液), unless it falls on the boundary of a dictionary sub-word of at least two characters
  on both sides (布艺 / 沙发 inside 布艺沙发 is fine);
* a **widow** — a single word alone on the last line of a headline after a line of two or more
  words. The reviewers accepted such stacks ("Merino knit / sweater"), so it is a minor note.
"""

from __future__ import annotations

from adcraft.document import TextLayer
from adcraft.typography.breaks import (
    COMPOUND_MAX_CHARS,
    ORPHAN_MAX_CHARS,
    cjk_split,
    is_cjk,
    visible,
)

from .model import Code, Severity, Source
from .view import CreativeView, Recorder


def _joins(text: str, lines: tuple[str, ...]) -> list[int] | None:
    """Position in ``text`` where each line after the first starts; ``None`` when the lines are
    not a plain re-flow of ``text`` (copy shortened, ellipsis added)."""
    pos, starts = 0, []
    for i, line in enumerate(lines):
        core = line.strip()
        idx = text.find(core, pos)
        if idx < 0 or text[pos:idx].strip():
            return None
        if i:
            starts.append(idx)
        pos = idx + len(core)
    return starts


def chinese_split(text: str, join: int) -> bool:
    """Whether a line join at ``join`` (index into ``text``) splits a Chinese word
    (:func:`adcraft.typography.breaks.cjk_split`: jieba's words, long words' sub-words)."""
    return cjk_split(text, join)


def line_defects(layer: TextLayer) -> list[str]:
    """Descriptions of the break defects of one text layer (empty when clean)."""
    lines = tuple(x for x in layer.lines if x.strip())
    if len(lines) < 2:
        return []
    out: list[str] = []
    for line in lines:
        vis = visible(line)
        if (vis and len(vis) <= ORPHAN_MAX_CHARS and not any(is_cjk(c) for c in vis)) or (
            len(vis) == 1 and is_cjk(vis)
        ):
            out.append(f"orphan fragment '{line.strip()}' alone on a line")
    starts = _joins(layer.text, lines)
    if starts is None:
        return out
    for i, join in enumerate(starts):
        prev, nxt = lines[i].strip(), lines[i + 1].strip()
        before, after = layer.text[:join].rstrip(), layer.text[join:]
        if not before or not after:
            continue
        if chinese_split(layer.text, join):
            out.append(f"Chinese word split across lines: '{prev} / {nxt}'")
        elif before[-1] == "-":
            head = before[:-1].split()[-1] if before[:-1].split() else ""
            if head and (len(head) <= COMPOUND_MAX_CHARS or any(c.isdigit() for c in head)):
                out.append(f"compound split at its hyphen: '{head}- / {after.split()[0]}'")
        elif join == len(before) and before[-1].isalnum() and after[0].isalnum() and not is_cjk(after[0]):
            out.append(f"word split across lines: '{prev} / {nxt}'")
    return out


def _widow(layer: TextLayer) -> bool:
    lines = [x.split() for x in layer.lines if x.strip()]
    if len(lines) < 2 or any(is_cjk(c) for c in layer.text):
        return False
    return len(lines[-1]) == 1 and len(lines[-2]) >= 2


def measure_breaks(view: CreativeView, rec: Recorder) -> None:
    """BREAK (major) for orphans, split words, compounds and Chinese words; widows (minor)."""
    for role in ("headline", "subline", "price", "cta"):
        layer = view.texts.get(role)
        if layer is None:
            continue
        defects = line_defects(layer)
        rec.check(
            f"breaks.defects.{role}", len(defects), 0, "<=", "count", Source.REVIEW_BREAK, Code.BREAK, Severity.MAJOR,
            f"{role}: " + "; ".join(defects) if defects else "",
        )
        if role == "headline":
            rec.check(
                "breaks.widow.headline", float(_widow(layer)), 0, "<=", "count", Source.REVIEW_BREAK, Code.BREAK,
                Severity.MINOR, f"headline ends in a widow: '{layer.lines[-1].strip()}' alone on the last line",
            )
