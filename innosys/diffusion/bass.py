"""The Bass diffusion model, fitted by least squares: the benchmark innosys forecasts must beat.

Cumulative adopters after time ``t`` (years since launch) with innovation coefficient ``p``,
imitation coefficient ``q`` and market potential ``m`` (Bass 1969)::

    F(t) = m * (1 - exp(-(p + q) t)) / (1 + (q / p) exp(-(p + q) t))

:func:`fit_bass` estimates ``p``, ``q`` and ``m`` from a few dated counts with
:func:`scipy.optimize.least_squares`; ``m`` is kept between the largest count seen and the
population size, since no more units than exist can adopt.

>>> import numpy as np
>>> t = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
>>> y = bass_curve(t, 0.03, 0.5, 300.0)
>>> fit = fit_bass(t, y, population=357)
>>> round(fit.p, 3), round(fit.q, 2), round(fit.m)
(0.03, 0.5, 300)
>>> round(float(fit.predict([10.0])[0]))
276
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares


def bass_curve(t, p: float, q: float, m: float) -> np.ndarray:
    """Cumulative Bass adopters at times ``t`` (years since launch; negative times give 0)."""
    t = np.clip(np.asarray(t, dtype=float), 0.0, None)
    e = np.exp(-(p + q) * t)
    return m * (1.0 - e) / (1.0 + (q / p) * e)


@dataclass(frozen=True)
class BassFit:
    """Fitted Bass coefficients; ``predict(t)`` gives cumulative adopters at times ``t``."""

    p: float
    q: float
    m: float
    rmse: float
    n_obs: int

    def predict(self, t) -> np.ndarray:
        return bass_curve(t, self.p, self.q, self.m)


def fit_bass(t, y, population: float) -> BassFit:
    """Least-squares Bass fit to cumulative counts ``y`` at times ``t`` (years since launch).

    ``p`` lies in [1e-6, 1], ``q`` in [0, 5] and ``m`` between max(y) and ``population``.
    Several starting points are tried (few observations leave flat valleys); the best fit wins.
    Needs at least two observations.
    """
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    if len(t) < 2:
        raise ValueError(f"the Bass model needs at least 2 observations, got {len(t)}")
    lo_m = max(float(y.max()), 1e-9)
    hi_m = max(float(population), lo_m * (1 + 1e-9))
    lower, upper = [1e-6, 0.0, lo_m], [1.0, 5.0, hi_m]
    best = None
    # why several starts: with two or three points the sum of squares has long flat valleys
    for p0 in (0.003, 0.03, 0.3):
        for q0 in (0.1, 0.5, 1.5):
            for m_frac in (0.5, 1.0):
                m0 = min(hi_m, max(lo_m, m_frac * hi_m))
                x0 = np.clip([p0, q0, m0], lower, upper)
                r = least_squares(lambda x: bass_curve(t, *x) - y, x0, bounds=(lower, upper))
                if best is None or r.cost < best.cost - 1e-12:
                    best = r
    p, q, m = (float(v) for v in best.x)
    rmse = float(np.sqrt(np.mean(best.fun ** 2)))
    return BassFit(p, q, m, rmse, len(t))
