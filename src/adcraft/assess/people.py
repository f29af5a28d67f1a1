"""Whether a photo shows a person: a model wearing or carrying the product.

A product worn or carried by a model is shown in its photo, not cut out: a cut-out model
floats, keeps floor reflections under the shoes and loses the scene that sells the product.
The detector is the histogram-of-oriented-gradients people detector of Dalal and Triggs
("Histograms of oriented gradients for human detection", CVPR 2005), as trained and shipped
in OpenCV (``cv2.HOGDescriptor_getDefaultPeopleDetector``), run on the photo reduced to 480 px.
"""

from __future__ import annotations

import cv2
import numpy as np

PERSON_SCORE = 1.0
"""A detection with at least this SVM score is a person (the shared photos: 2.0 for a model
carrying a gym bag; every photo without a full figure stays under 0.7)."""
_SIDE = 480


def person_score(rgb: np.ndarray) -> float:
    """The highest people-detector score in a photo (0 when nothing is detected).

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)`` photo, sRGB.

    Returns
    -------
    float
        The linear SVM's score of the best detection window (≥ :data:`PERSON_SCORE`: a person).
    """
    k = min(1.0, _SIDE / max(rgb.shape[:2]))
    small = cv2.resize(rgb, None, fx=k, fy=k, interpolation=cv2.INTER_AREA) if k < 1.0 else rgb
    grey = cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_RGB2GRAY)
    hog = cv2.HOGDescriptor()
    hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
    if grey.shape[0] < 128 or grey.shape[1] < 64:  # smaller than the detector's window
        return 0.0
    _, weights = hog.detectMultiScale(grey, winStride=(8, 8), padding=(8, 8), scale=1.05)
    return float(np.max(weights)) if len(weights) else 0.0
