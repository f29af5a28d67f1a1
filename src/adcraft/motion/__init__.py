"""Motion: a creative's design document animated — video (MP4) and animated banners (GIF, WebP).

``timeline`` (typed keyframe tracks per part) ← ``choreography`` (which part moves how) →
``sprites`` (each part rendered once) → ``frames`` (per-frame transforms and blends) →
``video`` (H.264/MP4 via PyAV, optional footage and audio) and ``banner`` (GIF/WebP within a
byte budget).
"""

from adcraft.motion.banner import (
    AnimatedBanner,
    BannerLimits,
    export_animated_webp,
    export_banner,
    export_gif,
)
from adcraft.motion.choreography import MotionStyle, build_timeline, safe_zone_violations
from adcraft.motion.frames import FrameRenderer
from adcraft.motion.sprites import build_sprites
from adcraft.motion.timeline import REST, Keyframe, Part, Pose, Timeline, Track
from adcraft.motion.video import DURATIONS, VideoSettings, encode_mp4, export_video

__all__ = [
    "DURATIONS",
    "REST",
    "AnimatedBanner",
    "BannerLimits",
    "FrameRenderer",
    "Keyframe",
    "MotionStyle",
    "Part",
    "Pose",
    "Timeline",
    "Track",
    "VideoSettings",
    "build_sprites",
    "build_timeline",
    "encode_mp4",
    "export_animated_webp",
    "export_banner",
    "export_gif",
    "export_video",
    "safe_zone_violations",
]
