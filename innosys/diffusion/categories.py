"""Rogers' adopter categories: classify adoption times by mean ± standard deviations.

The bounds come from :data:`innosys.schema.ADOPTER_CATEGORIES` (innovators
before mean − 2 sd, early adopters to mean − 1 sd, early majority to the
mean, late majority to mean + 1 sd, laggards after).  A time exactly on a
bound belongs to the later category.

>>> import numpy as np
>>> times = np.random.default_rng(1).normal(20, 4, 200_000)
>>> shares = category_shares(times)
>>> [round(shares[c.key], 2) for c in schema.ADOPTER_CATEGORIES]
[0.02, 0.14, 0.34, 0.34, 0.16]
"""

from __future__ import annotations

import warnings

import numpy as np

from innosys import schema

KEYS = schema.ADOPTER_CATEGORY_KEYS
#: inner bounds in standard deviations: [-2, -1, 0, 1]
BOUNDS = np.array([c.sd_high for c in schema.ADOPTER_CATEGORIES[:-1]])
NON_ADOPTER = "non_adopter"


def category_index(times, axis: int = 0) -> np.ndarray:
    """Category number (0..4, -1 for non-adopters = NaN) of each time, by mean ± sd along ``axis``.

    Works on a vector or on a units × runs matrix (``axis=0``: per run).
    """
    t = np.asarray(times, dtype=float)
    # a run without adopters is an all-NaN column: its mean is NaN, which is fine here
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        mu = np.nanmean(t, axis=axis, keepdims=True) if np.isfinite(t).any() else np.zeros_like(t)
        sd = np.nanstd(t, axis=axis, keepdims=True)
        z = np.where(sd > 0, (t - mu) / np.where(sd > 0, sd, 1.0), 0.0)
    idx = np.searchsorted(BOUNDS, z, side="right")
    return np.where(np.isnan(t), -1, idx)


def categorize_times(times) -> list[str]:
    """Category key of each adoption time (NaN → ``'non_adopter'``)."""
    idx = category_index(np.asarray(times, dtype=float).ravel())
    return [KEYS[i] if i >= 0 else NON_ADOPTER for i in idx]


def category_shares(times) -> dict[str, float]:
    """Share of adopters (non-NaN times) in each category."""
    idx = category_index(np.asarray(times, dtype=float).ravel())
    k = idx[idx >= 0]
    if len(k) == 0:
        return {key: float("nan") for key in KEYS}
    counts = np.bincount(k, minlength=len(KEYS))
    return {key: float(c / len(k)) for key, c in zip(KEYS, counts)}


def shares_per_run(times: np.ndarray) -> np.ndarray:
    """(runs × 5) category shares among each run's adopters (NaN rows for runs without adopters)."""
    idx = category_index(times, axis=0)
    n_ad = (idx >= 0).sum(axis=0)
    out = np.stack([(idx == k).sum(axis=0) for k in range(len(KEYS))], axis=1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return out / np.where(n_ad > 0, n_ad, np.nan)[:, None]


def innovativeness_categories(latent) -> list[str]:
    """Category of each latent innovativeness score (high score = early), by mean ± sd."""
    z = -np.asarray(latent, dtype=float).ravel()
    return categorize_times(z)
