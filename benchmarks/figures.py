"""What every benchmark reports with: percentiles and a verdict against a goal."""

from __future__ import annotations


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile of ``samples``."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def verdict(value: float, goal: float) -> str:
    return "OK" if value <= goal else "OVER"
