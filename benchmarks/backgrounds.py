"""Background style timings at 1080x1080 (issue 5 target: each ≤ 50 ms on a 2-core machine).

Usage::

    python benchmarks/backgrounds.py [--repeat 9]

Baseline in the same run: a flat fill of the same canvas (``np.full``), so the ratio column
compares across machines. Reports the median of ``--repeat`` draws per style (seeds vary).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np

from adcraft.background import STYLES, StyleFrame, draw_background

SIZE = (1080, 1080)
COLOURS = np.array([[245, 238, 230], [215, 200, 185], [200, 40, 40]], np.float32)
FRAME = StyleFrame(SIZE, product=(324, 270, 756, 864), text=(54, 54, 486, 216))


def _median_ms(fn, repeat: int) -> float:
    fn(0)
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        fn(i + 1)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    base = _median_ms(lambda s: np.full((SIZE[1], SIZE[0], 3), 200, np.uint8), args.repeat)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; canvas {SIZE[0]}x{SIZE[1]}")
    print(f"baseline flat fill: {base:.2f} ms\n")
    print("| style | ms (median) | x flat fill | ≤ 50 ms |")
    print("|---|---:|---:|:-:|")
    for name in STYLES.names():
        ms = _median_ms(lambda s, name=name: draw_background(name, SIZE, COLOURS, s, {}, FRAME), args.repeat)
        print(f"| {name} | {ms:.1f} | {ms / base:.0f} | {'yes' if ms <= 50 else 'NO'} |")


if __name__ == "__main__":
    main()
