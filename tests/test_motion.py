"""Motion: timelines, frames, MP4 video (decoded back), animated GIF/WebP banners within budget."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from conftest import creative_doc
from PIL import Image

from adcraft.document import DesignDocument
from adcraft.motion import (
    REST,
    BannerLimits,
    FrameRenderer,
    Keyframe,
    MotionStyle,
    Part,
    Pose,
    Timeline,
    Track,
    VideoSettings,
    build_sprites,
    build_timeline,
    export_banner,
    export_video,
)
from adcraft.motion.choreography import part_boxes, story_band
from adcraft.motion.timeline import TEXT_PARTS
from adcraft.output import load_document_file
from adcraft.render import Renderer


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0**2 / mse)


@pytest.fixture(scope="module")
def story(creative_folder):
    return load_document_file(creative_doc(creative_folder, "1080x1920"))


@pytest.fixture(scope="module")
def rectangle(creative_folder):
    return load_document_file(creative_doc(creative_folder, "300x250"))


@pytest.fixture(scope="module")
def renderer():
    return Renderer()


def test_every_track_rests_by_the_end_card_and_the_message_builds_in_reading_order(story):
    doc, _ = story
    for duration in (6, 10, 15):
        tl = build_timeline(doc, duration, 30)
        assert tl.frame_count == duration * 30
        assert all(t.keyframes[-1].pose.at_rest and t.settles_s <= tl.end_card_s for t in tl.tracks)
        assert tl.at_rest(tl.time_of(tl.frame_count - 1))
        first_seen = {t.part: next(k.time_s for k in t.keyframes if k.pose.opacity == 0) for t in tl.tracks
                      if t.part in (Part.PRODUCT, Part.PHOTO, Part.HEADLINE, Part.PRICE, Part.CTA)}
        product = first_seen.get(Part.PRODUCT, first_seen.get(Part.PHOTO))  # a cut-out, or a photo panel
        assert product < first_seen[Part.HEADLINE] < first_seen[Part.PRICE] < first_seen[Part.CTA]
    moving_background = build_timeline(doc, 6, 30).track(Part.BACKGROUND) is not None
    assert moving_background == (doc.background.style != "solid")  # a solid colour shows no zoom
    assert build_timeline(doc, 6, 10, MotionStyle.BANNER).track(Part.BACKGROUND) is None


def test_a_photo_panel_zooms_inside_its_frame(renderer):
    from adcraft.document import AssetStore

    assets = AssetStore()
    photo = assets.add("photo", np.tile(np.linspace(0, 255, 200, dtype=np.uint8)[None, :, None], (150, 1, 3)))
    doc = DesignDocument.model_validate({
        "size": [400, 300], "background": {"style": "linear_gradient", "colours": ["#ffffff", "#eeeeee"]},
        "layers": [{"type": "image", "role": "photo", "src": photo, "box": [0, 0, 200, 150]}],
    })
    assert build_timeline(doc, 6, 30).pose(Part.PHOTO, 2.0).scale > 1.0  # video: a slow zoom
    tl = build_timeline(doc, 6, 30, MotionStyle.BANNER)  # the background stands still
    assert tl.track(Part.PHOTO).clip and tl.pose(Part.PHOTO, 0.6).scale > 1.0
    frame = FrameRenderer(build_sprites(doc, assets, renderer), tl).composite(0.6)
    static = np.asarray(renderer.render(doc, assets).convert("RGB"))
    outside = np.ones(frame.shape[:2], bool)
    outside[:150, :200] = False
    assert np.array_equal(frame[outside], static[outside])  # nothing spills out of the frame
    assert np.abs(frame[:150, :200].astype(int) - static[:150, :200].astype(int)).mean() > 1  # it zooms inside


def test_a_timeline_that_does_not_end_at_rest_is_refused():
    moving = Track(Part.HEADLINE, (0, 0), (Keyframe(0.0, Pose(opacity=0.0)), Keyframe(5.8, Pose(dy=4.0))))
    with pytest.raises(ValueError, match="must come to rest"):
        Timeline((100, 100), 6.0, 30, 4.5, (moving,))
    with pytest.raises(ValueError, match="keyframe times"):
        Track(Part.CTA, (0, 0), (Keyframe(2.0, REST), Keyframe(1.0, REST)))


def test_story_text_never_moves_into_the_top_or_bottom_14_percent():
    doc = DesignDocument.model_validate({
        "size": [1080, 1920],
        "background": {"style": "linear_gradient", "colours": ["#ffffff", "#dddddd"]},
        "layers": [
            {"type": "text", "role": "headline", "text": "Big", "lines": ["Big"], "box": [80, 280, 1000, 400], "font": "sans", "size": 100, "colour": "#111111"},
            {"type": "shape", "role": "button", "shape": "rounded_rect", "box": [80, 1560, 500, 1650], "fill": "#0a66c2", "radius": 40},
            {"type": "text", "role": "cta", "text": "Buy", "lines": ["Buy"], "box": [120, 1575, 460, 1635], "font": "sans", "size": 44, "colour": "#ffffff"},
        ],
    })
    top, bottom = story_band(doc.size)
    tl = build_timeline(doc, 6, 30)
    boxes = part_boxes(doc)
    for i in range(tl.frame_count):
        for track in tl.tracks:
            if track.part not in TEXT_PARTS:
                continue
            pose, (_, ay) = track.pose_at(tl.time_of(i)), track.anchor
            l, t, r, b = boxes[track.part]
            assert ay + pose.scale * (t - ay) + pose.dy >= top - 0.5
            assert ay + pose.scale * (b - ay) + pose.dy <= bottom + 0.5


def test_frames_are_sprite_composites_and_the_end_card_is_the_static_creative(story, renderer):
    doc, assets = story
    sprites = build_sprites(doc, assets, renderer)
    static = np.asarray(renderer.render(doc, assets).convert("RGB"))
    assert np.array_equal(sprites.static, static)
    tl = build_timeline(doc, 6, 30)
    frames = FrameRenderer(sprites, tl)
    assert frames.frame(tl.frame_count - 1) is sprites.static
    recomposed = frames.composite(tl.end_card_s)  # the sprites at rest, blended by the frame code
    assert np.abs(recomposed.astype(int) - static.astype(int)).max() <= 2
    opening = frames.frame(0)
    assert np.abs(opening.astype(int) - static.astype(int)).mean() > 5  # text and product not there yet


def _decode(data: bytes):
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        info = {
            "codec": stream.codec_context.name, "pix_fmt": stream.codec_context.pix_fmt,
            "size": (stream.width, stream.height), "rate": stream.average_rate,
            "duration": float(stream.duration * stream.time_base),
            "audio": [a.codec_context.name for a in container.streams.audio],
        }
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
    return info, frames


def test_story_video_decodes_to_180_frames_of_6_s_ending_on_the_png(story, renderer):
    doc, assets = story
    data = export_video(doc, assets, VideoSettings(duration_s=6), renderer)
    assert data[4:8] == b"ftyp" and data.find(b"moov") < data.find(b"mdat")  # +faststart
    info, frames = _decode(data)
    assert info["codec"] == "h264" and info["pix_fmt"] == "yuv420p" and info["size"] == (1080, 1920)
    assert info["rate"] == Fraction(30) and len(frames) == 180 and abs(info["duration"] - 6.0) < 1e-6
    png = np.asarray(renderer.render(doc, assets).convert("RGB"))
    assert _psnr(frames[-1], png) >= 35.0  # H.264 at CRF 21 and 4:2:0 chroma; measured ~41 dB
    assert np.abs(frames[-1].astype(int) - png.astype(int)).mean() <= 3.0
    assert _psnr(frames[0], png) < 25.0  # it does move


def _clip(path: Path, size=(160, 120), seconds=2.0, fps=25) -> None:
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for i in range(int(seconds * fps)):
            rgb = np.zeros((size[1], size[0], 3), np.uint8)
            rgb[..., 0] = (np.arange(size[0]) * 255 // size[0]).astype(np.uint8)[None, :]
            rgb[..., 2] = (i * 9) % 255
            for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def _tone(path: Path, seconds=3.0, rate=44100) -> None:
    import wave

    t = np.arange(int(seconds * rate)) / rate
    samples = (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype(np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())


def test_footage_background_and_audio_track_10_s(rectangle, renderer, tmp_path):
    doc, assets = rectangle
    clip, tone = tmp_path / "clip.mp4", tmp_path / "tone.wav"
    _clip(clip)
    _tone(tone)
    data = export_video(doc, assets, VideoSettings(duration_s=10, footage=str(clip), audio=str(tone)), renderer)
    info, frames = _decode(data)
    assert info["audio"] == ["aac"] and len(frames) == 300 and info["size"] == (300, 250)
    sprites = build_sprites(doc, assets, renderer)
    # the footage shows where the background was (its blue channel cycles), and is gone at the end
    corner = (slice(0, 20), slice(0, 20))
    assert np.abs(frames[30][corner].astype(int) - sprites.background[corner].astype(int)).mean() > 20
    assert _psnr(frames[-1], sprites.static) >= 30.0
    with av.open(io.BytesIO(data)) as container:
        audio = container.streams.audio[0]
        assert abs(float(audio.duration * audio.time_base) - 10.0) < 0.1


def test_odd_canvas_sizes_are_padded_to_even_for_4_2_0(renderer):
    doc = DesignDocument.model_validate({"size": [301, 251], "background": {"style": "linear_gradient", "colours": ["#ffeecc", "#cc8844"]},
                                         "layers": [{"type": "text", "role": "headline", "text": "Odd", "lines": ["Odd"], "box": [20, 20, 280, 90],
                                                     "font": "sans", "size": 48, "colour": "#222222"}]})
    from adcraft.document import AssetStore

    info, frames = _decode(export_video(doc, AssetStore(), VideoSettings(), renderer))
    assert info["size"] == (302, 252) and len(frames) == 180
    static = np.asarray(renderer.render(doc, AssetStore()).convert("RGB"))
    assert _psnr(frames[-1][:251, :301], static) >= 35.0


def test_video_settings_refuse_other_durations():
    from adcraft.errors import InputError

    with pytest.raises(InputError, match="6, 10, 15"):
        VideoSettings(duration_s=7)


def _gif_frames(data: bytes):
    with Image.open(io.BytesIO(data)) as im:
        frames, durations = [], []
        for i in range(im.n_frames):
            im.seek(i)
            frames.append(np.asarray(im.convert("RGB")))
            durations.append(im.info.get("duration", 0))
        return frames, durations, im.info.get("loop")


@pytest.mark.parametrize("max_fps", [20, 5])
def test_gif_banner_fits_150_kb_plays_at_most_3_times_in_30_s_and_starts_and_ends_static(rectangle, renderer, max_fps):
    doc, assets = rectangle
    banner = export_banner(doc, assets, "gif", BannerLimits(max_fps=max_fps), renderer=renderer)
    assert banner.fits and len(banner.data) <= 150_000 and banner.fps <= max_fps
    frames, durations, loop = _gif_frames(banner.data)
    play_s = sum(durations) / 1000
    assert abs(play_s - banner.play_s) < 0.05 and play_s * banner.plays <= 30.0 and banner.plays <= 3
    assert loop == banner.plays - 1  # NETSCAPE2.0 counts repeats after the first play
    assert min(durations) >= 1000 / max_fps - 1
    static = np.asarray(renderer.render(doc, assets).convert("RGB"))
    for end in (frames[0], frames[-1]):
        assert np.abs(end.astype(int) - static.astype(int)).mean() <= 4.0  # palette quantisation only
    assert len(frames) >= 8


def test_animated_webp_banner_fits_and_loops_3_times(rectangle, renderer):
    doc, assets = rectangle
    banner = export_banner(doc, assets, "webp", renderer=renderer)
    assert banner.fits and len(banner.data) <= 150_000
    with Image.open(io.BytesIO(banner.data)) as im:
        assert im.n_frames > 8 and im.info.get("loop") == banner.plays == 3
        first = np.asarray(im.convert("RGB"))
        im.seek(im.n_frames - 1)
        last = np.asarray(im.convert("RGB"))
    static = np.asarray(renderer.render(doc, assets).convert("RGB"))
    assert _psnr(first, static) >= 30 and _psnr(last, static) >= 30


def test_a_banner_that_cannot_fit_is_reported_not_degraded_past_the_floor(rectangle, renderer):
    doc, assets = rectangle
    banner = export_banner(doc, assets, "gif", BannerLimits(budget_bytes=5_000), renderer=renderer)
    assert not banner.fits and len(banner.data) > 5_000
    assert banner.attempts[-1][0] == "4 fps, 63 colours, picture still"
    webp = export_banner(doc, assets, "webp", BannerLimits(budget_bytes=5_000), renderer=renderer)
    assert not webp.fits and webp.setting == "quality 40"


def test_banner_limits_below_the_usual_frame_rates_are_kept(rectangle, renderer):
    from adcraft.errors import InputError

    doc, assets = rectangle
    banner = export_banner(doc, assets, "gif", BannerLimits(max_fps=3), renderer=renderer)
    assert banner.fps == 3 and banner.fits
    with pytest.raises(InputError, match="1..60 fps"):
        BannerLimits(max_fps=0)


def test_engine_animate_delegates_to_the_video_exporter(engine, story):
    doc, assets = story
    info, frames = _decode(engine.animate(doc, assets, VideoSettings(duration_s=6, preset="ultrafast")))
    assert len(frames) == 180 and info["size"] == (1080, 1920)
