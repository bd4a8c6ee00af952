"""Writes autograd/ops/erf_tables.py: the polynomials autograd's erf and erfc evaluate.

Run with any Python that has mpmath (it is not a dependency of gradproof):

    python tools/fit_erf.py

Each polynomial is mpmath's Chebyshev fit (`mpmath.chebyfit`, 40 digits) of a smooth part
of erf or erfc, converted to powers of its variable and rounded to doubles. The script
checks every rounded polynomial against mpmath on 1601 points and prints its largest
relative error (all under 1.2e-16, about half a unit in the last place).

    erf(x)  = x + x P(x**2)              |x| < 1       P(t) = erf(sqrt t)/sqrt t - 1
    erfc(x) = exp(-x**2) G_k(x - c_k)    0.5 <= x < 4  G(x) = erfc(x) exp(x**2), 3 pieces
    erfc(x) = exp(-x**2) K(1/x**2) / x   x >= 4        K(s) = x erfc(x) exp(x**2)
"""

from __future__ import annotations

from pathlib import Path

import mpmath as mp

mp.mp.dps = 40
OUT = Path(__file__).resolve().parent.parent / "autograd" / "ops" / "erf_tables.py"


def fit(f, lo, hi, terms, shift=0.0, scale=None):
    """Doubles c (highest power first) with sum(c_i w**i) ~ f(w + shift), w + shift in
    [lo, hi]; and the largest error relative to scale(x) (f itself by default)."""
    coeffs = mp.chebyfit(lambda w: f(w + shift), [lo - shift, hi - shift], terms)
    rounded = [float(c) for c in coeffs]
    worst = mp.mpf(0)
    for i in range(1601):
        x = mp.mpf(lo) + (mp.mpf(hi) - lo) * i / 1600
        p = mp.mpf(0)
        for c in rounded:
            p = p * (x - shift) + c
        exact = f(x)
        worst = max(worst, abs((p - exact) / (scale(x) if scale else exact)))
    return rounded, float(worst)


def small(t):
    s = mp.sqrt(t)
    return 2 / mp.sqrt(mp.pi) - 1 if t == 0 else mp.erf(s) / s - 1


def scaled_erfc(x):
    return mp.erfc(x) * mp.exp(x * x)


def tail(s):
    return 1 / mp.sqrt(mp.pi) if s == 0 else scaled_erfc(1 / mp.sqrt(s)) / mp.sqrt(s)


def main() -> None:
    tables = {}
    tables["SMALL"], err = fit(small, 0, 1, 13, scale=lambda t: 1 + small(t))
    print(f"P on [0, 1]: {err:.2e}")
    pieces = []
    for lo, hi, terms in ((0.5, 1.5, 18), (1.5, 2.5, 16), (2.5, 4.0, 18)):
        coeffs, err = fit(scaled_erfc, lo, hi, terms, shift=(lo + hi) / 2)
        print(f"G on [{lo}, {hi}]: {err:.2e}")
        pieces.append((lo, hi, (lo + hi) / 2, coeffs))
    tables["TAIL"], err = fit(tail, 0, 1 / 16, 14)
    print(f"K on [0, 1/16]: {err:.2e}")

    def row(values):
        return "".join(f"    {v!r},\n" for v in values)

    text = ['"""Polynomial coefficients for erf and erfc, highest power first: written by\n'
            'tools/fit_erf.py (mpmath Chebyshev fits); do not edit by hand."""\n\n',
            "# erf(x) = x + x * SMALL(x**2) for |x| < 1\n",
            f"SMALL = (\n{row(tables['SMALL'])})\n\n",
            "# erfc(x) = exp(-x**2) * G(x - centre) for lo <= x < hi: (lo, hi, centre, G)\n",
            "PIECES = (\n"]
    for lo, hi, centre, coeffs in pieces:
        text.append(f"    ({lo!r}, {hi!r}, {centre!r}, (\n")
        text.append("".join(f"        {v!r},\n" for v in coeffs))
        text.append("    )),\n")
    text.append(")\n\n# erfc(x) = exp(-x**2) * TAIL(1 / x**2) / x for x >= 4\n")
    text.append(f"TAIL = (\n{row(tables['TAIL'])})\n")
    OUT.write_text("".join(text))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
