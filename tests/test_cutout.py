"""Cut-out metrics, second look, hole filling and the measured gain over raw U²-Netp."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from adcraft.assess import assess_image
from adcraft.cutout import make_cutout
from adcraft.cutout.metrics import boundary_f, score_matte, seg2bmap
from adcraft.cutout.refine import fill_enclosed_holes
from adcraft.cutout.saliency import salient_object, uncertainty


def square(n: int, l: int, t: int, size: int) -> np.ndarray:
    m = np.zeros((n, n), bool)
    m[t : t + size, l : l + size] = True
    return m


def test_seg2bmap_traces_one_pixel_outline():
    b = seg2bmap(square(10, 2, 2, 4))
    # DAVIS' seg2bmap marks pixels that differ from their E, S or SE neighbour: the square's
    # outline on its right/bottom inner side and the pixels just before its left/top edges.
    assert b.sum() > 0
    assert not b[4, 4]  # interior pixel
    assert b[5, 5]  # bottom-right corner of the square


def test_boundary_f_identical_and_shifted():
    a = square(64, 10, 10, 30)
    assert boundary_f(a, a, 0) == (1.0, 1.0, 1.0)
    shifted = square(64, 12, 10, 30)
    f0, _, _ = boundary_f(shifted, a, 0)
    f2, p2, r2 = boundary_f(shifted, a, 2)
    assert f0 < 0.6  # the vertical edges miss by 2 px
    assert f2 == pytest.approx(1.0) and p2 == pytest.approx(1.0) and r2 == pytest.approx(1.0)
    assert boundary_f(np.zeros_like(a), a, 3)[0] == 0.0


def test_score_matte_iou_and_mae():
    gt = (square(20, 0, 0, 10) * 255).astype(np.uint8)  # 100 px
    alpha = square(20, 0, 0, 10).astype(np.float32)
    alpha[0, :10] = 0.25  # soft top row: below 0.5, so 10 px fewer in the binary mask
    s = score_matte(alpha, gt, tolerance_px=1)
    assert s.iou == pytest.approx(90 / 100)
    assert s.mae == pytest.approx(10 * 0.75 / 400)
    with pytest.raises(ValueError, match="differ in shape"):
        score_matte(alpha, gt[:5])


def test_fill_enclosed_holes_keeps_background_pockets():
    mask = square(60, 5, 5, 50)
    mask[20:30, 20:30] = False  # pocket the segmenter half saw (a dark label)
    mask[35:45, 35:45] = False  # pocket of clear background (a handle's hole)
    sal = np.zeros((60, 60), np.float32)
    sal[20:30, 20:30] = 0.4
    out = fill_enclosed_holes(mask, sal)
    assert out[25, 25] and not out[40, 40]


class FakeSegmenter:
    """Grey (uncertain) first pass; the crop pass sees the object confidently."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def predict(self, rgb: np.ndarray) -> np.ndarray:
        self.calls.append(rgb.shape[:2])
        obj = (rgb[..., 0] > 128).astype(np.float32)
        return obj * (0.6 if len(self.calls) == 1 else 1.0)


def test_second_look_runs_only_when_unsure():
    rgb = np.zeros((100, 100, 3), np.uint8)
    rgb[30:70, 30:70, 0] = 255
    seg = FakeSegmenter()
    res = salient_object(seg, rgb)
    assert res.uncertainty == pytest.approx(1.0)
    assert res.second_look is not None and len(seg.calls) == 2
    assert res.saliency[50, 50] == pytest.approx(1.0) and res.saliency[5, 5] == 0.0
    seg2 = FakeSegmenter()
    res2 = salient_object(seg2, rgb, second_look_above=float("inf"))
    assert res2.second_look is None and len(seg2.calls) == 1
    assert uncertainty(np.zeros((4, 4), np.float32)) == float("inf")


@pytest.mark.shared
def test_cutout_beats_raw_u2netp_on_shared_seg(shared_data, segmenter):
    """The cut-out stage scores higher than rembg's raw U²-Netp mask on the 30 shared pairs."""
    pairs = sorted((shared_data / "seg").glob("*.jpg"))
    assert len(pairs) >= 20
    base, ours = [], []
    for photo in pairs:
        rgb = np.asarray(Image.open(photo).convert("RGB"))
        gt = np.asarray(Image.open(photo.with_suffix(".png")).convert("L"))
        h, w = gt.shape
        raw = Image.fromarray((segmenter.predict_raw(rgb) * 255).astype(np.uint8)).resize((w, h), Image.Resampling.LANCZOS)
        base.append(score_matte(np.asarray(raw), gt, 3))
        ours.append(score_matte(make_cutout(rgb, assess_image(rgb), segmenter).alpha, gt, 3))
    d_iou = np.mean([s.iou for s in ours]) - np.mean([s.iou for s in base])
    d_bf = np.mean([s.boundary_f for s in ours]) - np.mean([s.boundary_f for s in base])
    d_mae = np.mean([s.mae for s in ours]) - np.mean([s.mae for s in base])
    assert d_iou > 0.02 and d_bf > 0.02 and d_mae < 0


def test_with_alpha_trims_to_what_is_left(segmenter):
    from conftest import packshot

    img, _ = packshot(400)
    cut = make_cutout(img, assess_image(img), segmenter)
    alpha = cut.alpha.copy()
    l, t, r, b = cut.box
    alpha[t : (t + b) // 2] = 0.0  # take the top half of the product away
    half = cut.with_alpha(alpha, "test")
    assert half.box[1] >= (t + b) // 2 and half.box[3] == b and half.method == "test"
    assert half.rgba.shape[:2] == (half.box[3] - half.box[1], half.box[2] - half.box[0])
    assert (half.rgba[..., :3] == cut.rgba[half.box[1] - t :, half.box[0] - l : half.box[2] - l, :3]).all()
