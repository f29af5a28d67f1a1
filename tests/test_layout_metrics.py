"""Layout metrics: the PKU evaluator reproduces the published DS-GAN values; quirks by hand."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from PIL import Image

from adcraft.errors import InputError
from adcraft.layout.metrics import (
    LOGO,
    TEXT,
    UNDERLAY,
    PosterLayout,
    load_pku_canvases,
    pku_scores,
    ralf_scores,
)


def _flat(n: int = 1):
    canvas = Image.new("RGB", (513, 750), (200, 200, 200))
    return [canvas] * n, [np.zeros((750, 513))] * n


def test_pku_reproduces_dsgan_on_ten_canvases(shared_data):
    data = json.loads((shared_data / "pku10" / "dsgan_layouts.json").read_text())
    layouts = [
        PosterLayout(np.array([e["cls"] for e in d["elements"]]), np.array([e["box_ltrb_norm"] for e in d["elements"]]))
        for d in data["layouts"]
    ]
    canvases = load_pku_canvases(shared_data / "pku10", [d["image"] for d in data["layouts"]])
    got = pku_scores(layouts, [c.image for c in canvases], [c.saliency for c in canvases])
    for key, want in data["expected_metrics_on_these_10_via_original_eval_py_logic"].items():
        assert getattr(got, key) == pytest.approx(want, abs=1e-6), key


def test_pku_ove_divides_by_elements_not_pairs():
    # Two identical text boxes: IoU 1, one pair, two elements → 0.5 (RALF's overlay says 1).
    lay = PosterLayout(np.array([TEXT, TEXT]), np.array([[0.1, 0.1, 0.5, 0.3]] * 2))
    c, s = _flat()
    assert pku_scores([lay], c, s).ove == pytest.approx(0.5)
    assert ralf_scores([lay], c, s).overlay == pytest.approx(1.0)


def test_pku_und_s_ignores_right_edge_but_ralf_does_not():
    # The text sticks out of the underlay on the right only.
    lay = PosterLayout(np.array([UNDERLAY, TEXT]), np.array([[0.1, 0.1, 0.5, 0.4], [0.2, 0.2, 0.7, 0.3]]))
    c, s = _flat()
    pku = pku_scores([lay], c, s)
    assert pku.und_s == 1.0
    assert pku.und_l == pytest.approx(0.3 / 0.5)
    ralf = ralf_scores([lay], c, s)
    assert ralf.underlay_strict == 0.0
    assert ralf.underlay_loose == pytest.approx(0.6)


def test_pku_ali_is_n_times_min_and_val_pools_elements():
    boxes = np.array([[0.1, 0.1, 0.3, 0.2], [0.2, 0.5, 0.6, 0.7], [0.4, 0.8, 0.9, 0.9], [0.0, 0.0, 0.001, 0.001]])
    lay = PosterLayout(np.array([TEXT, LOGO, TEXT, TEXT]), boxes)
    c, s = _flat()
    got = pku_scores([lay], c, s)
    assert got.val == pytest.approx(3 / 4)  # the tiny box is invalid
    valid = boxes[:3]
    theta = np.stack([valid[:, 0], valid[:, 1], valid[:, [0, 2]].mean(1), valid[:, [1, 3]].mean(1), valid[:, 2], valid[:, 3]], 1)
    deltas = [min(abs(theta[i, k] - theta[j, k]) for i in range(3) for j in range(i + 1, 3)) for k in range(6)]
    assert got.ali == pytest.approx(3 * min(-math.log10(1 - d) for d in deltas), rel=1e-5)


def test_pku_rea_wraps_in_uint8_and_skips_text_on_underlay():
    rng = np.random.default_rng(0)
    noisy = Image.fromarray(rng.integers(0, 255, (750, 513, 3), dtype=np.uint8))
    text = PosterLayout(np.array([TEXT]), np.array([[0.1, 0.1, 0.9, 0.5]]))
    on_underlay = PosterLayout(np.array([TEXT, UNDERLAY]), np.array([[0.1, 0.1, 0.9, 0.5], [0.05, 0.05, 0.95, 0.55]]))
    sal = [np.zeros((750, 513))]
    assert pku_scores([text], [noisy], sal).rea > 0.2
    assert pku_scores([on_underlay], [noisy], sal).rea == 0.0
    flat_c, flat_s = _flat()
    assert pku_scores([text], flat_c, flat_s).rea == 0.0


def test_uti_and_occ_follow_saliency():
    sal = np.zeros((750, 513))
    sal[375:, :] = 1.0  # bottom half salient
    c = [Image.new("RGB", (513, 750))]
    top = PosterLayout(np.array([TEXT]), np.array([[0.0, 0.0, 1.0, 0.25]]))
    bottom = PosterLayout(np.array([TEXT]), np.array([[0.0, 0.75, 1.0, 1.0]]))
    assert pku_scores([top], c, [sal]).uti == pytest.approx(187 / 375)  # int(0.25 * 750) = 187 rows
    assert pku_scores([top], c, [sal]).occ == 0.0
    assert pku_scores([bottom], c, [sal]).occ == pytest.approx(1.0)
    assert ralf_scores([top], c, [sal]).utilization == pytest.approx(0.5, abs=0.01)


def test_bad_inputs_are_refused():
    with pytest.raises(InputError, match="one label per box"):
        PosterLayout(np.array([1, 2]), np.zeros((3, 4)))
    with pytest.raises(InputError, match="labels must be"):
        PosterLayout(np.array([7]), np.zeros((1, 4)))
    lay = PosterLayout(np.array([TEXT]), np.array([[0.1, 0.1, 0.5, 0.3]]))
    with pytest.raises(InputError, match="750x513"):
        pku_scores([lay], [Image.new("RGB", (10, 10))], [np.zeros((10, 10))])
    with pytest.raises(InputError, match="one canvas"):
        pku_scores([lay, lay], [Image.new("RGB", (10, 10))], [np.zeros((750, 513))])
