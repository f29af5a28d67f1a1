"""HTML5 display ads: a zip per size with ``index.html``, its images and a clickTag.

The ad is the creative's parts as positioned images — the background as a JPEG, every run of
layers of one part (:mod:`adcraft.motion.sprites`) as a PNG with alpha — animated by CSS
``@keyframes`` written from the same :class:`~adcraft.motion.timeline.Timeline` as the video
and the GIF (:attr:`~adcraft.motion.choreography.MotionStyle.BANNER`): a pose becomes
``transform: translate(dx, dy) scale(s)`` about the track's anchor (``transform-origin``),
``opacity`` and a wipe ``clip-path: inset(…)``; each segment's easing becomes the
``animation-timing-function`` of the keyframe that starts it (CSS Animations Level 1). The
animation plays at most 3 times within 30 s and ends on the static creative
(``animation-fill-mode: both``).

What the ad networks ask for, and where it is met:

* Google Ads HTML5 ads (Google Ads Help, *HTML5 ad requirements*): ``<!DOCTYPE html>``,
  ``<html>``, ``<body>``; ``<meta name="ad.size" content="width=W,height=H">`` in ``<head>``;
  every asset local and inside the zip (at most 40 files; here 2–10); zip ≤ 150 KB; the exit
  through ``var clickTag = "https://…";`` declared in ``<head>`` and ``window.open(window.clickTag)``
  on click.
* IAB *HTML5 for Digital Advertising 2.0* (clickTag): an ad server may pass the click URL as a
  ``clickTag`` query parameter; an ``http(s)`` value given so replaces the default.

The initial load is the whole zip (no sub-load), searched to fit the budget (opaque sprites such
as a photo panel travel as JPEG at the background's quality): PNG-32 sprites with the background
JPEG at quality 85, then 70; then PNG-8 sprites (256-colour palettes with
alpha, libimagequant-free median cut) at 85, 70 and 60. Below that the zip is returned with
``fits=False``.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from html import escape
from urllib.parse import urlparse

import numpy as np
from PIL import Image

from adcraft.document import AssetStore, DesignDocument, TextLayer
from adcraft.errors import InputError
from adcraft.motion.choreography import MotionStyle, build_timeline
from adcraft.motion.sprites import Sprite, SpriteSet, build_sprites
from adcraft.motion.timeline import Pose, Timeline, Track
from adcraft.render import Renderer

LEVELS: tuple[tuple[bool, int], ...] = ((False, 85), (False, 70), (True, 85), (True, 70), (True, 60))
"""``(palette sprites, background JPEG quality)`` from the best-looking down."""


@dataclass(frozen=True)
class Html5Ad:
    """An HTML5 ad zip and how it was fitted.

    Attributes
    ----------
    data:
        The zip file's bytes.
    files:
        Names inside the zip.
    setting:
        What fitted (``"PNG-32 sprites, background JPEG 85"``).
    fits:
        ``len(data) <= budget_bytes``.
    budget_bytes:
        The initial-load budget.
    plays:
        Times the animation plays.
    attempts:
        ``(setting, bytes)`` of every zip tried.
    """

    data: bytes
    files: tuple[str, ...]
    setting: str
    fits: bool
    budget_bytes: int
    plays: int
    attempts: tuple[tuple[str, int], ...]


def check_click_url(url: str) -> str:
    """``url`` if it is an absolute ``http(s)`` URL.

    Raises
    ------
    InputError
        Otherwise; the message shows what was received.
    """
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"the click URL must be an absolute http(s) URL such as https://shop.example/item, got {url!r}")
    return url


def _css_pose(pose: Pose, wipe: str) -> str:
    hidden = (1.0 - pose.reveal) * 100
    clip = {"left": f"inset(0 {hidden:.2f}% 0 0)", "right": f"inset(0 0 0 {hidden:.2f}%)",
            "center": f"inset(0 {hidden / 2:.2f}% 0 {hidden / 2:.2f}%)"}[wipe]
    return (f"transform:translate({pose.dx:.2f}px,{pose.dy:.2f}px) scale({pose.scale:.4f});"
            f"opacity:{pose.opacity:.3f};clip-path:{clip}")


def keyframes_css(track: Track, duration_s: float) -> str:
    """The CSS ``@keyframes k-<part>`` rule of ``track`` over a ``duration_s`` animation."""
    frames = list(track.keyframes)
    rules = []
    if frames[0].time_s > 0:
        rules.append(f"0%{{{_css_pose(frames[0].pose, track.wipe)};animation-timing-function:linear}}")
    for i, frame in enumerate(frames):
        ease = f";animation-timing-function:{frames[i + 1].easing.css}" if i + 1 < len(frames) else ""
        rules.append(f"{100 * frame.time_s / duration_s:.3f}%{{{_css_pose(frame.pose, track.wipe)}{ease}}}")
    if frames[-1].time_s < duration_s:
        rules.append(f"100%{{{_css_pose(frames[-1].pose, track.wipe)}}}")
    return f"@keyframes k-{track.part.value}{{{''.join(rules)}}}"


def _sprite_css(i: int, sprite: Sprite, timeline: Timeline, plays: int) -> str:
    l, t, r, b = sprite.box
    track = timeline.track(sprite.part)
    frame = ""
    if track is not None and track.clip:  # a picture frame: the wrapper clips, the image moves inside
        frame = f"#c{i}{{position:absolute;overflow:hidden;left:{l}px;top:{t}px;width:{r - l}px;height:{b - t}px}}"
        css = f"#s{i}{{left:0;top:0;width:{r - l}px;height:{b - t}px"
    else:
        css = f"#s{i}{{left:{l}px;top:{t}px;width:{r - l}px;height:{b - t}px"
    if track is not None:
        ox, oy = track.anchor[0] - l, track.anchor[1] - t
        css += (f";transform-origin:{ox:.2f}px {oy:.2f}px;"
                f"animation:k-{track.part.value} {timeline.duration_s}s linear 0s {plays} both")
    return frame + css + "}"


def _opaque(sprite: Sprite) -> bool:
    """True for a sprite without transparency (a photo panel): it travels as a JPEG."""
    return bool(sprite.alpha.min() == 255)


def _sprite_name(i: int, sprite: Sprite) -> str:
    return f"s{i}.jpg" if _opaque(sprite) else f"s{i}.png"


def _sprite_file(sprite: Sprite, palette: bool, quality: int) -> bytes:
    if _opaque(sprite):
        return _jpeg(np.ascontiguousarray(sprite.straight[..., :3]), quality)
    im = Image.fromarray(sprite.straight, "RGBA")
    if palette:
        im = im.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.FLOYDSTEINBERG)
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def _jpeg(rgb, quality: int) -> bytes:  # noqa: ANN001 - uint8 (H, W, 3)
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
    return buf.getvalue()


def _image_tag(i: int, sprite: Sprite, timeline: Timeline) -> str:
    tag = f'<img id="s{i}" src="{_sprite_name(i, sprite)}" alt="">'
    track = timeline.track(sprite.part)
    return f'<div id="c{i}">{tag}</div>' if track is not None and track.clip else tag


_CLICK_SCRIPT = (
    '(function(){var m=/[?&]clickTag=([^&]+)/.exec(location.search);'
    'if(m){var u=decodeURIComponent(m[1]);if(/^https?:\\/\\//.test(u))clickTag=u;}})();'
    'document.getElementById("ad").addEventListener("click",function(){window.open(window.clickTag);});'
)


def index_html(doc: DesignDocument, sprites: SpriteSet, timeline: Timeline, click_url: str, plays: int) -> str:
    """The ``index.html`` of the ad (images ``bg.jpg`` and ``s<i>.png``, or ``s<i>.jpg`` for an
    opaque sprite)."""
    w, h = doc.size
    texts = [x.text for x in doc.layers if isinstance(x, TextLayer)]
    label = escape(" — ".join(texts) or "advertisement", quote=True)
    css = [
        "html,body{margin:0;padding:0;background:#fff}",
        f"#ad{{position:relative;width:{w}px;height:{h}px;overflow:hidden;cursor:pointer}}",
        "#ad img{position:absolute;display:block;pointer-events:none}",
        f"#bg{{left:0;top:0;width:{w}px;height:{h}px}}",
        *(keyframes_css(track, timeline.duration_s) for track in timeline.tracks),
        *(_sprite_css(i, s, timeline, plays) for i, s in enumerate(sprites.sprites)),
    ]
    images = "".join(_image_tag(i, s, timeline) for i, s in enumerate(sprites.sprites))
    click = json.dumps(click_url).replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="ad.size" content="width={w},height={h}">\n<title>{label}</title>\n'
        f'<script type="text/javascript">var clickTag = {click};</script>\n'
        f"<style>{''.join(css)}</style>\n</head>\n<body>\n"
        f'<div id="ad" role="link" aria-label="{label}"><img id="bg" src="bg.jpg" alt="">{images}</div>\n'
        f"<script>{_CLICK_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def export_html5_zip(
    doc: DesignDocument,
    assets: AssetStore,
    click_url: str,
    budget_bytes: int = 150_000,
    duration_s: float = 6.0,
    max_plays: int = 3,
    max_total_s: float = 30.0,
    renderer: Renderer | None = None,
) -> Html5Ad:
    """An HTML5 ad zip of ``doc`` that fits ``budget_bytes`` when it can.

    Parameters
    ----------
    doc, assets:
        The design document and the store its asset names resolve in.
    click_url:
        The default ``clickTag`` (absolute http(s) URL).
    budget_bytes:
        Initial-load budget of the zip (Google Ads: 150 KB).
    duration_s:
        One play of the animation (s).
    max_plays, max_total_s:
        At most this many plays and this many seconds in all.
    renderer:
        A renderer with its fonts loaded (a new one when ``None``).

    Raises
    ------
    InputError
        If ``click_url`` is not an absolute http(s) URL or an asset cannot be read.
    """
    check_click_url(click_url)
    sprites = build_sprites(doc, assets, renderer or Renderer())
    timeline = build_timeline(doc, duration_s, 30, MotionStyle.BANNER)
    plays = max(1, min(max_plays, int(max_total_s // duration_s)))
    html = index_html(doc, sprites, timeline, click_url, plays).encode("utf-8")
    attempts: list[tuple[str, int]] = []
    best: Html5Ad | None = None
    for palette, quality in LEVELS:
        files = {"index.html": html, "bg.jpg": _jpeg(sprites.background, quality)}
        files.update({_sprite_name(i, s): _sprite_file(s, palette, quality) for i, s in enumerate(sprites.sprites)})
        data = _zip(files)
        setting = f"{'PNG-8' if palette else 'PNG-32'} sprites, background JPEG {quality}"
        attempts.append((setting, len(data)))
        ad = Html5Ad(data, tuple(files), setting, len(data) <= budget_bytes, budget_bytes, plays, ())
        if best is None or len(data) < len(best.data):
            best = ad
        if ad.fits:
            best = ad
            break
    assert best is not None
    return Html5Ad(**{**best.__dict__, "attempts": tuple(attempts)})
