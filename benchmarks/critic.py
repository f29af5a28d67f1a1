"""Design critic against the designers' reviews (``../shared/data/reviews``).

For each of the 180 reviewed creatives, the critic (``adcraft.critic.critique``) is run on the
reviewed JPEG and its design document, with the photo's assessment and cut-out re-created by
``adcraft.Engine().inspect`` (the documents' assets are not shipped; results are cached under
``/tmp/adcraft-critic-cache-v2``). Prints the confusion matrix of verdicts, SHIP-vs-not agreement,
REJECT precision/recall, precision and recall per defect code, per rater (A, B) and overall,
and the ROC AUC of the critic's score for SHIP against the rest.

The review documents are in the schema of commit 88b7022: :func:`read_review_document` is the
reader for that version (keep it when the schema moves on; adapt :func:`convert_88b7022`).

The cut-out confidence is the cut-out stage's own (``Cutout.confidence`` and its parts), as in
generation.

Usage::

    python benchmarks/critic.py [--reviews ../shared/data/reviews] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from adcraft.assess import BackgroundKind
from adcraft.critic import Code, CriticConfig, CriticInput, Critique, Verdict, critique
from adcraft.critic.standin import cut_sides
from adcraft.document import DesignDocument
from adcraft.document.model import upgrade_v1
from adcraft.palette.palette import extract_palette

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REVIEWS = ROOT.parent / "shared" / "data" / "reviews"
CACHE = Path("/tmp/adcraft-critic-cache-v2")
TARGET_CODES = ("CUTOUT", "PHOTO_MISUSE", "TEXT_SMALL", "HIERARCHY", "EMPTY", "DECOR", "BREAK")


# ---------------------------------------------------------------- reading the reviews (88b7022)
def convert_88b7022(raw: dict) -> dict:
    """A design document of commit 88b7022 as a dict of the current schema.

    At 88b7022 documents were version 1: roles were free strings with the values of today's
    :class:`adcraft.elements.Role`, and the layout a background follows travelled as canvas
    fractions ``pl..pb``/``tl..tb`` in its ``params``; :func:`adcraft.document.model.upgrade_v1`
    converts those to the pixel boxes of version 2.
    """
    return upgrade_v1(dict(raw)) if raw.get("version", 1) == 1 else dict(raw)


def read_review_document(path: Path) -> DesignDocument:
    """Read one review document (schema of 88b7022) into the current :class:`DesignDocument`."""
    return DesignDocument.model_validate(convert_88b7022(json.loads(path.read_text(encoding="utf-8"))))


@dataclass(frozen=True)
class Review:
    """One row of ``labels.csv``."""

    product: str
    size: str
    rank: int
    verdict: Verdict
    codes: frozenset[str]
    rater: str
    comment: str
    image: Path
    document: Path


def read_labels(reviews: Path) -> list[Review]:
    """Rows of ``labels.csv`` with absolute paths."""
    with open(reviews / "labels.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        Review(
            product=r["product"], size=r["size"], rank=int(r["rank"]), verdict=Verdict(r["verdict"]),
            codes=frozenset(c for c in r["codes"].split("|") if c), rater=r["rater"], comment=r["comment"],
            image=reviews / r["image"], document=reviews / r["document"],
        )
        for r in rows
    ]


# ---------------------------------------------------------------- the photo, re-created
@dataclass(frozen=True)
class PhotoFacts:
    """What the critic needs to know about a product photo (from ``Engine.inspect``)."""

    kind: BackgroundKind
    photo_size: tuple[int, int]
    cut_rgba: np.ndarray
    cut_box: tuple[int, int, int, int]
    confidence: float
    parts: dict[str, float]
    cut_sides: frozenset[str]
    colours: tuple[tuple[int, int, int], ...]
    weights: tuple[float, ...]
    sale: bool


def photo_facts(reviews: Path, product: str, engine=None) -> PhotoFacts:
    """Inspect the product's photo (cached under ``/tmp/adcraft-critic-cache-v2``)."""
    brief = json.loads((reviews / "briefs" / f"{product}.json").read_text(encoding="utf-8"))
    cache = CACHE / f"{product}.npz"
    if not cache.exists():
        if engine is None:
            from adcraft import Engine

            engine = Engine()
        ins = engine.inspect(str((reviews / brief["photo"]).resolve()))
        CACHE.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            cache, rgba=ins.cutout.rgba, box=np.array(ins.cutout.box), alpha=ins.cutout.alpha,
            kind=np.array(ins.assessment.background.value), confidence=np.array(ins.cutout.confidence.value),
            part_names=np.array([n for n, _ in ins.cutout.confidence.parts]),
            part_values=np.array([v for _, v in ins.cutout.confidence.parts], np.float64),
        )
    z = np.load(cache)
    conf = float(z["confidence"])
    parts = {str(n): float(v) for n, v in zip(z["part_names"], z["part_values"], strict=True)}
    pal = extract_palette(z["rgba"])
    h, w = z["alpha"].shape
    return PhotoFacts(
        kind=BackgroundKind(str(z["kind"])), photo_size=(w, h), cut_rgba=z["rgba"],
        cut_box=tuple(int(v) for v in z["box"]), confidence=conf, parts=parts, cut_sides=cut_sides(z["alpha"]),
        colours=pal.colours, weights=pal.weights, sale=brief.get("original_price") is not None,
    )


def product_alpha(doc: DesignDocument, facts: PhotoFacts) -> np.ndarray | None:
    """The product's alpha on the canvas: the cut-out's alpha resized into the document's
    product box (as the renderer places it), ``float32`` ``(H, W)``."""
    if doc.product is None:
        return None
    w, h = doc.size
    l, t, r, b = doc.product.box
    a = Image.fromarray(facts.cut_rgba[..., 3]).resize((r - l, b - t), Image.Resampling.LANCZOS)
    a = np.asarray(a, np.float32) / 255.0
    out = np.zeros((h, w), np.float32)
    cl, ct, cr, cb = max(0, l), max(0, t), min(w, r), min(h, b)
    if cr > cl and cb > ct:
        out[ct:cb, cl:cr] = a[ct - t : cb - t, cl - l : cr - l]
    return out


def photo_box(doc: DesignDocument, facts: PhotoFacts) -> tuple[int, int, int, int] | None:
    """Canvas box of the photo's own pixels when the background is the (extended) photo.

    The crop is in the extended photo's pixels; the pad on each side follows from where the
    product lands: ``pad = product_box / scale + crop_origin - cutout_box``.
    """
    bg = doc.background
    if bg.style != "photo" or bg.crop is None or doc.product is None:
        return None
    w, h = doc.size
    cl, ct, cr, cb = bg.crop
    sx, sy = w / (cr - cl), h / (cb - ct)
    pl, pt = doc.product.box[0] / sx + cl, doc.product.box[1] / sy + ct
    pad_l, pad_t = round(pl - facts.cut_box[0]), round(pt - facts.cut_box[1])
    pw, ph = facts.photo_size
    box = ((pad_l - cl) * sx, (pad_t - ct) * sy, (pad_l + pw - cl) * sx, (pad_t + ph - ct) * sy)
    return tuple(int(round(v)) for v in box)  # type: ignore[return-value]


def critic_input(review: Review, facts: PhotoFacts) -> CriticInput:
    """The :class:`CriticInput` of one reviewed creative."""
    doc = read_review_document(review.document)
    image = np.asarray(Image.open(review.image).convert("RGB"))
    return CriticInput(
        document=doc, image=image, photo_kind=facts.kind, product_alpha=product_alpha(doc, facts),
        cutout_confidence=facts.confidence, cutout_parts=facts.parts, cut_sides=facts.cut_sides,
        product_colours=facts.colours, product_weights=facts.weights, sale=facts.sale,
        photo_box=photo_box(doc, facts),
    )


def run_reviews(reviews: Path = DEFAULT_REVIEWS, config: CriticConfig | None = None) -> list[tuple[Review, Critique]]:
    """Critique every reviewed creative; ``(review, critique)`` in ``labels.csv`` order."""
    labels = read_labels(reviews)
    facts = {p: photo_facts(reviews, p) for p in sorted({r.product for r in labels})}
    return [(r, critique(critic_input(r, facts[r.product]), config)) for r in labels]


# ---------------------------------------------------------------- figures
def roc_auc(scores: list[float], positive: list[bool]) -> float:
    """ROC AUC by the Mann-Whitney U statistic (ties count one half)."""
    pos = [s for s, p in zip(scores, positive, strict=True) if p]
    neg = [s for s, p in zip(scores, positive, strict=True) if not p]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def _pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else float("nan"), tp / (tp + fn) if tp + fn else float("nan"))


def figures(results: list[tuple[Review, Critique]]) -> dict:
    """Confusion matrix, agreements, per-code precision/recall and AUC of a set of results."""
    order = [Verdict.SHIP, Verdict.FIX, Verdict.REJECT]
    conf = {t.value: {p.value: 0 for p in order} for t in order}
    for r, c in results:
        conf[r.verdict.value][c.verdict.value] += 1
    n = len(results)
    ship_agree = sum((r.verdict is Verdict.SHIP) == (c.verdict is Verdict.SHIP) for r, c in results) / max(1, n)
    exact = sum(r.verdict is c.verdict for r, c in results) / max(1, n)
    tp = sum(r.verdict is Verdict.REJECT and c.verdict is Verdict.REJECT for r, c in results)
    fp = sum(r.verdict is not Verdict.REJECT and c.verdict is Verdict.REJECT for r, c in results)
    fn = sum(r.verdict is Verdict.REJECT and c.verdict is not Verdict.REJECT for r, c in results)
    rej_p, rej_r = _pr(tp, fp, fn)
    codes = {}
    for code in Code:
        ctp = sum(code.value in r.codes and code in c.codes for r, c in results)
        cfp = sum(code.value not in r.codes and code in c.codes for r, c in results)
        cfn = sum(code.value in r.codes and code not in c.codes for r, c in results)
        if ctp + cfp + cfn:
            p, rc = _pr(ctp, cfp, cfn)
            codes[code.value] = {"labelled": ctp + cfn, "predicted": ctp + cfp, "precision": p, "recall": rc}
    auc = roc_auc([c.score for _, c in results], [r.verdict is Verdict.SHIP for r, _ in results])
    auc_rej = roc_auc([c.score for _, c in results], [r.verdict is not Verdict.REJECT for r, _ in results])
    return {
        "n": n, "confusion": conf, "exact_agreement": exact, "ship_agreement": ship_agree,
        "reject_precision": rej_p, "reject_recall": rej_r, "auc_ship": auc, "auc_not_reject": auc_rej, "codes": codes,
    }


def _f(x: float) -> str:
    return "  n/a" if x != x else f"{100 * x:5.1f}"


def print_figures(name: str, fig: dict) -> None:
    """Print one block of figures."""
    print(f"\n== {name} (n={fig['n']}) ==")
    print("confusion (rows: designer, columns: critic)   SHIP   FIX REJECT")
    for t, row in fig["confusion"].items():
        print(f"  {t:<44}{row['SHIP']:5d} {row['FIX']:5d} {row['REJECT']:6d}")
    print(f"exact verdict agreement      {_f(fig['exact_agreement'])} %")
    print(f"SHIP-vs-not agreement        {_f(fig['ship_agreement'])} %   (target >= 85 %)")
    print(f"REJECT precision / recall    {_f(fig['reject_precision'])} / {_f(fig['reject_recall'])} %   (target >= 80 / >= 90 %)")
    print(f"ROC AUC score, SHIP vs rest  {fig['auc_ship']:.3f}   (target >= 0.85);  not-REJECT vs REJECT {fig['auc_not_reject']:.3f}")
    print("code          labelled predicted precision recall")
    for code, v in fig["codes"].items():
        mark = "  (target recall >= 75 %)" if code in TARGET_CODES else ""
        print(f"  {code:<12}{v['labelled']:8d}{v['predicted']:10d}{_f(v['precision']):>10}{_f(v['recall']):>7}{mark}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reviews", type=Path, default=DEFAULT_REVIEWS)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures and every critique here")
    ap.add_argument("--list", action="store_true", help="print each creative's label and critique")
    ap.add_argument("--geometric-minor", action="store_true",
                    help="rater B's convention: dot grids and arcs are minor notes, not DECOR (CriticConfig)")
    args = ap.parse_args(argv)
    if not (args.reviews / "labels.csv").is_file():
        print(f"no labels.csv under {args.reviews}", file=sys.stderr)
        return 2
    labels = read_labels(args.reviews)
    facts = {p: photo_facts(args.reviews, p) for p in sorted({r.product for r in labels})}
    t0 = time.perf_counter()
    inputs = [critic_input(r, facts[r.product]) for r in labels]  # baseline: decode JPEG + document
    t1 = time.perf_counter()
    config = CriticConfig(geometric_is_clipart=not args.geometric_minor)
    results = [(r, critique(inp, config)) for r, inp in zip(labels, inputs, strict=True)]
    t2 = time.perf_counter()
    if args.list:
        for r, c in results:
            mark = "  " if r.verdict is c.verdict else "!!"
            print(f"{mark} {r.product[:30]:30s} {r.size:9s} r{r.rank} {r.rater} {r.verdict.value:6s}->{c.verdict.value:6s} "
                  f"{c.score:.2f} lab={'|'.join(sorted(r.codes))} crit={'|'.join(x.value for x in c.codes)}")
    blocks = {"overall": figures(results)}
    for rater in sorted({r.rater for r, _ in results}):
        blocks[f"rater {rater}"] = figures([(r, c) for r, c in results if r.rater == rater])
    for name, fig in blocks.items():
        print_figures(name, fig)
    print("\nverdict counts, critic:", dict(Counter(c.verdict.value for _, c in results)))
    n = max(1, len(results))
    print(f"time per creative: critic {1000 * (t2 - t1) / n:.1f} ms; baseline in the same run (decode the JPEG, "
          f"read the document, place the alpha) {1000 * (t1 - t0) / n:.1f} ms; ratio {(t2 - t1) / max(1e-9, t1 - t0):.1f}x")
    if args.json:
        out = {"figures": blocks, "creatives": [
            {"product": r.product, "size": r.size, "rank": r.rank, "rater": r.rater, "label": r.verdict.value,
             "label_codes": sorted(r.codes), **c.to_dict()} for r, c in results]}
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
