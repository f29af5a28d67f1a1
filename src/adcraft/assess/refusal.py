"""Whether generation should refuse a photo: the assessment's own "reject" verdicts.

:func:`adcraft.assess.quality.check_photo` marks a check ``reject`` when the photo should not
become a banner (blurred or featureless — an all-black frame has a Laplacian variance of 0 —,
only a sliver of a product — pure noise has no salient object —, a packshot cut off by the
frame, a collage). :func:`refusal` turns those verdicts into the one sentence a user sees;
:class:`adcraft.errors.PhotoRejectedError` carries it, unless the caller forces generation.

The ``collage`` verdict is :data:`ADVISORY`: it stays in the assessment (``adcraft assess``
reports it) but does not stop generation, because the seam detector also fires on single
photos with straight structure — 2 of the 40 evaluation photos (three toothbrushes on coloured
backdrop panels, a shelving wall) are whole photos it calls collages.
"""

from __future__ import annotations

from adcraft.assess.quality import PhotoReport
from adcraft.errors import PhotoRejectedError

#: Reject verdicts that are reported but do not refuse generation (known false positives).
ADVISORY = frozenset({"collage"})


def refusal(report: PhotoReport) -> str | None:
    """The reason to refuse a photo for generation, or ``None`` when it is usable.

    Parameters
    ----------
    report:
        The photo's :class:`~adcraft.assess.quality.PhotoReport`.

    Returns
    -------
    str or None
        ``None`` when no check other than the :data:`ADVISORY` ones rejects the photo;
        otherwise every rejecting check as ``code: message``, and how to go on anyway.
    """
    rejects = [i for i in report.issues if i.severity == "reject" and i.code not in ADVISORY]
    if not rejects:
        return None
    why = "; ".join(f"{i.code}: {i.message}" for i in rejects)
    return (
        f"the photo assessment rejects this photo for a banner ({why}); use another photo, or force "
        "generation with it (CLI --force, API \"force\": true, GenerationOptions(force=True))"
    )


def require_usable(report: PhotoReport, force: bool = False) -> None:
    """Raise :class:`~adcraft.errors.PhotoRejectedError` when :func:`refusal` refuses the photo
    and ``force`` is not set (the hook :meth:`adcraft.Engine.generate` calls after inspection).

    Raises
    ------
    PhotoRejectedError
        With the reason of :func:`refusal`.
    """
    reason = None if force else refusal(report)
    if reason is not None:
        raise PhotoRejectedError(reason)
