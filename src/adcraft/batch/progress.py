"""Where a running batch stands: :class:`BatchProgress`, passed to the progress callback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BatchProgress:
    """Where a run stands, passed to the progress callback after each product.

    Attributes
    ----------
    total:
        Products this run is making.
    made, failed:
        Of those, finished and failed so far.
    done_before:
        Products of the feed already done by earlier runs (skipped now).
    skipped:
        Feed rows that cannot be made.
    """

    total: int
    made: int = 0
    failed: int = 0
    done_before: int = 0
    skipped: int = 0
