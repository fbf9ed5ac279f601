"""Reference Bass fits for tests/it and crates/metrics tests, computed independently of
uptake: numpy least squares for OLS, scipy's trust-region-reflective solver (not
Levenberg-Marquardt, which uptake uses) at tight tolerances for the NLS estimators.

Run: python3 tests/expect/bass_reference.py   (numpy, scipy)

Data:
- VCR: the series of the Wikipedia "Bass diffusion model" example, fitted with R nls on
  sales = m f(t) by Chengjun Wang (rpubs.com/chengjun/bass_model): m = 6.80e4,
  p = 6.59e-3, q = 6.38e-1 (three significant digits printed).
- COURSE: five years of adoptions (millions) from a brand-management course exercise,
  fitted by Bass's OLS regression there: p = 0.0626032, q = 0.73766359, m = 10.5036768.
"""

import numpy as np
from scipy.optimize import least_squares

VCR = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]
COURSE = [0.517, 1.169, 1.604, 2.044, 2.286]


def F(t, p, q):
    e = np.exp(-(p + q) * t)
    return (1 - e) / (1 + (q / p) * e)


def f(t, p, q):
    e = np.exp(-(p + q) * t)
    return ((p + q) ** 2 / p) * e / (1 + (q / p) * e) ** 2


def ols(s):
    s = np.asarray(s, float)
    y_prev = np.concatenate([[0.0], np.cumsum(s)[:-1]])
    x = np.column_stack([np.ones_like(s), y_prev, y_prev**2])
    a, b, c = np.linalg.lstsq(x, s, rcond=None)[0]
    m = (-b - np.sqrt(b * b - 4 * a * c)) / (2 * c)
    return m, a / m, -c * m


def nls(s, kind, m_fixed=None):
    s = np.asarray(s, float)
    t = np.arange(1, len(s) + 1, dtype=float)
    target = np.cumsum(s) if kind == "cumulative" else s

    def model(m, p, q):
        if kind == "discrete":
            return m * (F(t, p, q) - F(t - 1, p, q))
        if kind == "density":
            return m * f(t, p, q)
        return m * F(t, p, q)

    if m_fixed is None:
        res = least_squares(
            lambda x: model(x[0], x[1], x[2]) - target,
            [s.sum() * 1.2, 0.01, 0.3],
            method="trf", xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000,
            x_scale=[s.sum(), 0.01, 0.1],
        )
        m, p, q = res.x
    else:
        res = least_squares(
            lambda x: model(m_fixed, x[0], x[1]) - target,
            [0.01, 0.3],
            method="trf", xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000,
            x_scale=[0.01, 0.1],
        )
        (p, q), m = res.x, m_fixed
    return m, p, q, float(np.sum(res.fun**2))


def show(name, fit):
    print(name, " ".join(f"{v:.10g}" for v in fit))


show("COURSE ols m p q:", ols(COURSE))
show("VCR ols m p q:", ols(VCR))
show("VCR nls m p q sse:", nls(VCR, "discrete"))
show("VCR nls-density m p q sse:", nls(VCR, "density"))
show("VCR nls-cumulative m p q sse:", nls(VCR, "cumulative"))
show("VCR nls m=80000 m p q sse:", nls(VCR, "discrete", 80000.0))
