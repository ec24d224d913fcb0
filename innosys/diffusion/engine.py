"""One batch of runs: the step loop of the diffusion model over units × runs matrices.

The rules are described in :mod:`innosys.diffusion.model`; this module executes them for a union
of whole run blocks (see :class:`Batch`), so the numbers never depend on how runs are batched.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

from innosys.diffusion.channels import THRESHOLD_EPS
from innosys.diffusion.model import (
    DENSE_DIVISOR,
    P_ADOPT,
    P_AWARE,
    P_LATENT,
    P_OTHER,
    P_SEEDS,
    Model,
)
from innosys.diffusion.state import ADOPTED, AWARE, CODE_OWN, CODE_SEED, DISCONTINUED, REJECTED, UNAWARE


class Batch:
    """The state of a batch of runs (whole stream blocks) while it is simulated."""

    def __init__(self, model: Model, blocks: list[int], widths: list[int], seed: int):
        self.model = model
        self.n = model.n
        self.R = int(sum(widths))
        self.blocks, self.widths, self.seed = blocks, widths, seed
        self._gens: dict[int, list[np.random.Generator]] = {}
        self.state: dict = {}

    def _generators(self, purpose: int) -> list[np.random.Generator]:
        g = self._gens.get(purpose)
        if g is None:
            g = [np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=(b, purpose))))
                 for b in self.blocks]
            self._gens[purpose] = g
        return g

    def random(self, purpose: int, rows: int, dtype=np.float64) -> np.ndarray:
        return self._fill(purpose, rows, lambda g, shape: g.random(shape, dtype=dtype), dtype)

    def _fill(self, purpose: int, rows: int, draw, dtype=np.float64) -> np.ndarray:
        gens = self._generators(purpose)
        if len(gens) == 1:
            return draw(gens[0], (rows, self.widths[0]))
        out = np.empty((rows, self.R), dtype=dtype)
        k = 0
        for g, w in zip(gens, self.widths):
            out[:, k:k + w] = draw(g, (rows, w))
            k += w
        return out

    def exponential(self, purpose: int, rows: int) -> np.ndarray:
        return self._fill(purpose, rows, lambda g, shape: g.standard_exponential(shape))


def _sum_parts(parts):
    """Sum hazards, adding the (n, 1) columns first (cheap) and the full matrices after."""
    cols = [h for _, h in parts if h.ndim == 2 and h.shape[1] == 1]
    full = [h for _, h in parts if not (h.ndim == 2 and h.shape[1] == 1)]
    col = None
    for h in cols:
        col = h if col is None else col + h
    tot = None
    for h in full:
        tot = h if tot is None else tot + h
    if tot is None:
        return col
    return tot if col is None else tot + col


def _take(h, rows, flat):
    """Values of hazard ``h`` ((n, 1) column or C-contiguous (n, R) matrix) at the event cells."""
    if h.shape[1] == 1:
        return h[rows, 0]
    return h.ravel()[flat] if h.flags.c_contiguous else h[rows, flat % h.shape[1]]


def _attribute(E, lam, rows, flat, parts, scale=None):
    """Channel code of each event whose exponential clock passed its threshold in this step.

    The uniform v = (1 - exp(-(E - before))) / (1 - exp(-h)) is independent of which part caused
    the event; the code is the part whose cumulative hazard share first exceeds v.
    """
    k = len(parts)
    cum = np.empty((k, len(rows)))
    for i, (_, h) in enumerate(parts):
        cum[i] = _take(h, rows, flat)
        if i:
            cum[i] += cum[i - 1]
    h = cum[-1] if scale is None else cum[-1] * _take(scale, rows, flat)
    before = lam.ravel()[flat] - h
    v = np.expm1(before - E.ravel()[flat])
    v /= np.expm1(-h)
    np.minimum(v, 1.0 - 1e-12, out=v)
    v *= cum[-1]
    which = (cum <= v).sum(axis=0)
    np.minimum(which, k - 1, out=which)
    return np.array([c for c, _ in parts], dtype=np.int8)[which]


def _choose_random(b: Batch, k: int, pool: np.ndarray, purpose: int) -> np.ndarray:
    """(n, R) mask of k units per run drawn uniformly from ``pool``."""
    n, R = b.n, b.R
    key = b.random(purpose, n)
    key[~pool] = 2.0
    k = min(k, int(pool.sum()))
    out = np.zeros((n, R), dtype=bool)
    if k <= 0:
        return out
    part = np.argpartition(key, k - 1, axis=0)[:k]
    np.put_along_axis(out, part, True, axis=0)
    return out


def run_batch(model: Model, blocks: list[int], widths: list[int], seed: int) -> dict:
    """Simulate the runs of ``blocks`` (each of ``widths`` runs); returns units × runs arrays.

    Awareness and adoption use exponential clocks: each unit and run draws one Exp(1)
    threshold per transition; the transition happens in the step where the accumulated
    hazard passes it.  This is the same law as independent per-step draws with probability
    1 - exp(-hazard), and it couples runs of different scenarios monotonically.
    """
    b = Batch(model, blocks, widths, seed)
    n, R, T = b.n, b.R, model.steps
    S = np.zeros((n, R), dtype=np.int8)
    aware_step = np.full((n, R), -1, dtype=np.int16)
    adopted_step = np.full((n, R), -1, dtype=np.int16)
    rejected_step = np.full((n, R), -1, dtype=np.int16)
    disc_step = np.full((n, R), -1, dtype=np.int16)
    aware_ch = np.full((n, R), -1, dtype=np.int8)
    adopted_ch = np.full((n, R), -1, dtype=np.int8)
    b.S = S

    # latent innovativeness: z = shift + Phi^-1(1 - u), u uniform (one stream), so that the
    # threshold Phi(-z) is u itself when there is no shift (the standard random linear threshold)
    z = u = None
    theta = None
    if model.rule == "threshold":
        fixed = ~np.isnan(model.theta)
        if fixed.all():
            theta = np.broadcast_to(model.theta[:, None], (n, R))
        else:
            u = b.random(P_LATENT, n)
            if model.z_shift.any():
                z = model.z_shift[:, None] + ndtri(1.0 - np.clip(u, 1e-16, 1 - 1e-16))
                theta = ndtr(-z)
            else:
                theta = u
            if fixed.any():
                theta = np.where(fixed[:, None], model.theta[:, None], theta)
    if z is None and not model.event_driven:
        if u is None:
            u = b.random(P_LATENT, n)
        z = model.z_shift[:, None] + ndtri(1.0 - np.clip(u, 1e-16, 1 - 1e-16))

    # step 0: seeds
    adopt0 = np.repeat(model.seed_adopt[:, None], R, axis=1)
    if model.random_adopters:
        adopt0 |= _choose_random(b, model.random_adopters, ~model.seed_adopt, P_SEEDS)
    if isinstance(model.seed_aware, str):
        aware0 = np.ones((n, R), dtype=bool)
    else:
        aware0 = np.repeat(model.seed_aware[:, None], R, axis=1)
    if model.random_aware:
        aware0 |= _choose_random(b, model.random_aware, ~model.seed_adopt, P_SEEDS + 100)
    S[aware0] = AWARE
    S[adopt0] = ADOPTED
    aware_step[aware0 | adopt0] = 0
    aware_ch[aware0 | adopt0] = CODE_SEED
    adopted_step[adopt0] = 0
    adopted_ch[adopt0] = CODE_SEED

    chans = model.channels
    if theta is not None and model.event_driven:
        _threshold_events(model, b, theta, S, aware_step, adopted_step, aware_ch, adopted_ch)
        out = {"aware_step": aware_step, "adopted_step": adopted_step, "rejected_step": rejected_step,
               "discontinued_step": disc_step, "aware_channel": aware_ch, "adopted_channel": adopted_ch}
        if z is not None:
            out["latent"] = z.astype(np.float32)
        return out
    b.A = adopt0.astype(np.float64)
    for c in chans:
        c.begin(b)
    infl = [c for c in chans if c.influence]
    E_aw = E_ad = lam_aw = lam_ad = None
    ME_cache: dict[int, np.ndarray] = {}
    quiet = model.quiet_stop
    for t in range(1, T + 1):
        ri = int(model.regime_at[t])
        reg = model.regimes[ri]
        act = [(c, reg.ch[i]) for i, c in enumerate(chans) if c.active(t)]
        for c, p in act:
            c.update(b, t, p)
        unaware = S == UNAWARE
        aware = S == AWARE
        changed = False

        # -- awareness: exponential clocks
        newA = None
        parts = []
        if unaware.any():
            for c, p in act:
                h = c.awareness(b, t, p)
                if h is not None:
                    parts.append((c.code, h))
        if parts:
            if E_aw is None:
                E_aw = b.exponential(P_AWARE, n)
                lam_aw = np.zeros((n, R))
            for _, h in parts:
                lam_aw += h
            newA = unaware & (lam_aw > E_aw)
            if newA.any():
                rows, cols = np.nonzero(newA)
                flat = rows * R + cols
                aware_ch[rows, cols] = _attribute(E_aw, lam_aw, rows, flat, parts)
                aware_step[rows, cols] = t
                changed = True
            else:
                newA = None

        # -- forced transitions (collective decisions) and intervention pulses
        f_adopt = f_reject = None
        f_code_adopt = None
        for c, p in act:
            f = c.forced(b, t, p)
            if f is None:
                continue
            _, fa, fr = f
            if fa is not None and fa.any():
                if f_adopt is None:
                    f_adopt, f_code_adopt = fa.copy(), np.where(fa, c.code, -1).astype(np.int8)
                else:
                    f_code_adopt[fa & ~f_adopt] = c.code
                    f_adopt |= fa
            if fr is not None and fr.any():
                f_reject = fr if f_reject is None else (f_reject | fr)
        pulse = model.pulses.get(t)
        if pulse is not None:
            pa = pulse[0][:, None] & ((S <= AWARE) | (S == REJECTED))   # a mandate: rejecters too
            if f_adopt is None:
                f_adopt, f_code_adopt = pa.copy(), np.where(pa, CODE_SEED, -1).astype(np.int8)
            else:
                f_code_adopt[pa & ~f_adopt] = CODE_SEED
                f_adopt |= pa
            pw = pulse[1][:, None] & (S == UNAWARE) & (aware_step < 0)
            if pw.any():
                aware_step[pw] = t
                aware_ch[pw] = CODE_SEED
                S[pw] = AWARE
                changed = True

        # -- adoption
        cand = aware if model.require_awareness else (aware | unaware)
        newD = None
        if cand.any():
            parts = []
            for c, p in act:
                h = c.adoption(b, t, p)
                if h is not None:
                    parts.append((c.code, h))
            if reg.own.any():
                parts.append((CODE_OWN, reg.own[:, None]))
            if parts:
                ME = ME_cache.get(ri)
                if ME is None:
                    E = np.exp(reg.gamma * z) if reg.gamma else np.ones((n, R))
                    ME = ME_cache[ri] = reg.M[:, None] * E
                H = _sum_parts(parts) * ME
                H *= cand
                if E_ad is None:
                    E_ad = b.exponential(P_ADOPT, n)
                    lam_ad = np.zeros((n, R))
                lam_ad += H
                newD = cand & (lam_ad > E_ad)
                if newD.any():
                    rows, cols = np.nonzero(newD)
                    flat = rows * R + cols
                    adopted_ch[rows, cols] = _attribute(E_ad, lam_ad, rows, flat, parts, scale=ME)
                else:
                    newD = None
            if theta is not None and infl:
                F = infl[0].exposure(b) if len(infl) == 1 else sum(c.exposure(b) for c in infl)
                trig = cand & (F + THRESHOLD_EPS >= theta)
                if newD is not None:
                    trig &= ~newD
                if trig.any():
                    idx = np.nonzero(trig)
                    if len(infl) == 1:
                        adopted_ch[idx] = infl[0].code
                    else:  # the interpersonal-type channel with the largest exposure
                        ex = np.stack([c.exposure(b)[idx] for c in infl])
                        adopted_ch[idx] = np.array([c.code for c in infl], dtype=np.int8)[ex.argmax(axis=0)]
                    newD = trig if newD is None else (newD | trig)
        if f_adopt is not None:
            fa = f_adopt & ((S <= AWARE) | (S == REJECTED))
            fa_only = fa & ~newD if newD is not None else fa
            newD = fa if newD is None else (newD | fa)
            adopted_ch[fa] = f_code_adopt[fa]
            # adopting through a collective decision implies awareness of it
            nw = fa_only & (aware_step < 0)
            if nw.any():
                aware_step[nw] = t
                aware_ch[nw] = f_code_adopt[nw]
        if newD is not None and newD.any():
            changed = True
            adopted_step[newD] = t
            nw = newD & (aware_step < 0)
            if nw.any():
                aware_step[nw] = t
                aware_ch[nw] = adopted_ch[nw]
        else:
            newD = None

        # -- rejection, reconsideration, discontinuance (per-step uniforms)
        newR = newC = newX = None
        draws = reg.rej.any() or reg.recon.any() or reg.disc.any()
        if draws or f_reject is not None:
            u3 = b.random(P_OTHER, n, np.float32) if draws else None
            if reg.rej.any():
                newR = aware & (u3 < reg.rej[:, None])
                if newD is not None:
                    newR &= ~newD
            if f_reject is not None:
                fr = f_reject & (S == AWARE)
                if newD is not None:
                    fr &= ~newD
                newR = fr if newR is None else (newR | fr)
            if reg.recon.any():
                newC = (S == REJECTED) & (u3 < reg.recon[:, None])
            if reg.disc.any():
                newX = (S == ADOPTED) & (u3 < reg.disc[:, None])
        # -- apply
        if newA is not None:
            S[newA] = AWARE
        if newR is not None and newR.any():
            rejected_step[newR & (rejected_step < 0)] = t
            S[newR] = REJECTED
            changed = True
        if newC is not None and newC.any():
            S[newC] = AWARE
            changed = True
        delta = None
        if newD is not None:
            S[newD] = ADOPTED
            delta = newD.astype(np.float64)
        if newX is not None and newX.any():
            S[newX] = DISCONTINUED
            disc_step[newX] = t
            delta = -newX.astype(np.float64) if delta is None else delta - newX
            changed = True
        if delta is not None:
            b.A += delta
            for c in infl:
                c.observe(b, delta)
        if quiet and not changed:
            break

    out = {"aware_step": aware_step, "adopted_step": adopted_step, "rejected_step": rejected_step,
           "discontinued_step": disc_step, "aware_channel": aware_ch, "adopted_channel": adopted_ch,
           "latent": z.astype(np.float32)}
    for c in chans:
        for k, v in c.outputs(b).items():
            out[f"{c.name}.{k}"] = v
    return out


def _threshold_events(model, b, theta, S, aware_step, adopted_step, aware_ch, adopted_ch) -> None:
    """Event-driven linear threshold: only the cells whose exposure grew are examined.

    Exposure increments come from the columns (in CSC form) of the new adopters; a cell
    adopts when its exposure reaches its threshold.  Same decisions as the general kernel.
    Internally cells are numbered run-major (run × n + unit) so that each run's cells are
    contiguous in memory; cells that cannot adopt (not eligible, or adopted) get an
    infinite threshold, so one comparison decides.
    """
    c = model.channels[0]
    Pc = c.Pc
    n, R = S.shape
    N = n * R
    if R == 1:
        St, th = S[:, 0], theta[:, 0]
    else:
        St = np.ascontiguousarray(S.T).ravel()
        th = np.ascontiguousarray(theta.T).ravel() if theta.strides[1] else np.tile(theta[:, 0], R)
    eligible = (St == AWARE) if model.require_awareness else (St <= AWARE)
    th = np.where(eligible, th - THRESHOLD_EPS, np.inf)
    F = np.zeros(N)
    new = np.flatnonzero(St == ADOPTED)
    zero = np.flatnonzero(th <= 0.0)                 # thresholds at zero trigger without exposure
    remaining = int(np.count_nonzero(eligible))
    indptr, indices, data = Pc.indptr, c.Pc_indices64, Pc.data
    degree = c.Pc_degree
    stamp = np.empty(N, dtype=np.int64)              # only read where written in the same step
    P = c.P
    dense_above = P.nnz * R // DENSE_DIVISOR
    done_cells, done_t = [], []
    for t in range(1, model.steps + 1):
        if R == 1:
            j = new
        else:
            r, j = np.divmod(new, n)
        counts = degree[j]
        total = int(counts.sum())
        if total > dense_above:
            # many new adopters: one sparse product over all cells is cheaper than gathering
            d = np.zeros(N)
            d[new] = 1.0
            F += (P @ d) if R == 1 else np.asarray(P @ d.reshape(R, n).T).T.ravel()
            new = np.flatnonzero(F >= th)
        else:
            if total:
                pos = np.repeat(indptr[j] - (np.cumsum(counts) - counts), counts)
                pos += np.arange(total)
                cells = indices[pos]
                if R > 1:
                    cells += np.repeat(r * n, counts)
                if N <= 8 * total:
                    F += np.bincount(cells, weights=data[pos], minlength=N)
                else:
                    np.add.at(F, cells, data[pos])
                if t == 1 and len(zero):
                    cells = np.concatenate([cells, zero])
            elif t == 1 and len(zero):
                cells = zero
            else:
                break
            hit = cells[F[cells] >= th[cells]]
            if len(hit) < 256:
                new = np.unique(hit)
            else:   # drop duplicates without sorting: keep the cells whose stamp survived
                k = np.arange(len(hit))
                stamp[hit] = k
                new = hit[stamp[hit] == k]
        if len(new) == 0:
            break
        th[new] = np.inf
        done_cells.append(new)
        done_t.append(t)
        remaining -= len(new)
        if remaining == 0:           # every cell that could adopt has adopted
            break
    if not done_cells:
        return
    cells = np.concatenate(done_cells)
    steps = np.repeat(np.array(done_t, dtype=np.int16), [len(x) for x in done_cells])
    if R == 1:
        flat = cells                       # (n, 1) arrays: the unit index is the flat index
    else:
        r, i = np.divmod(cells, n)
        flat = i * R + r
    adopted_step.ravel()[flat] = steps
    adopted_ch.ravel()[flat] = c.code
    if not model.require_awareness:
        aw = aware_step.ravel()
        fresh = flat[aw[flat] < 0]
        aw[fresh] = steps[aw[flat] < 0]
        aware_ch.ravel()[fresh] = c.code
