#!/usr/bin/env python3
"""The expected figures of test/report-fixtures.test.ts, worked out apart from lib/report.

Reads a Coz profile and, per site with each line's own 0% experiments as its baseline
(`--baseline per-site`), fits the report's measurement model by ordinary matrix algebra
(numpy): log(ns per visit) = run constant + cell effect, weighted by visits; measurements
kept if their duration (unwrapped from 2^64) is above zero and they have at least 5 visits;
runs without a 0% experiment of the site are left out. Prints, per site: experiments, the
pooled 0% ns/visit, impact (trapezoid over used rows, effect within -1..2, over the range),
slope (through the origin over used rows up to 50%, weighted by visits) and its standard
error (delta method through the cells' covariance).

    python3 scripts/coz-fixture-figures.py ../shared/fixtures/coz/ferret.coz
"""
import math
import sys
from collections import defaultdict

import numpy as np

WRAP = 2**64


def read(path):
    run = -1
    current = None
    out = []  # (run, site, speedup, duration, visits)
    for line in open(path):
        fields = line.rstrip("\n").split("\t")
        kind, kv = fields[0], dict(f.split("=", 1) for f in fields[1:] if "=" in f)
        if kind == "startup":
            run += 1
        elif kind == "experiment":
            run = max(run, 0)
            d = int(kv["duration"])
            if d >= WRAP // 2:
                d -= WRAP
            current = (kv["selected"], float(kv["speedup"]), d)
        elif kind == "progress-point" and current is not None and kv.get("type") == "source":
            out.append((run, current[0], current[1], current[2], int(kv["delta"])))
    return out


def site_figures(rows):
    kept = [r for r in rows if r[3] > 0 and r[4] >= 5]
    runs_with_base = {r[0] for r in kept if r[2] == 0}
    kept = [r for r in kept if r[0] in runs_with_base]
    if not kept:
        return None
    runs = sorted({r[0] for r in kept})
    cells = sorted({r[2] for r in kept if r[2] != 0})
    n, p = len(kept), len(runs) + len(cells)
    X = np.zeros((n, p))
    y = np.zeros(n)
    w = np.zeros(n)
    for i, (run, _, s, d, v) in enumerate(kept):
        X[i, runs.index(run)] = 1
        if s != 0:
            X[i, len(runs) + cells.index(s)] = 1
        y[i] = math.log(d / v)
        w[i] = v
    XtW = X.T * w
    A = XtW @ X
    beta = np.linalg.solve(A, XtW @ y)
    resid = y - X @ beta
    df = n - p
    sigma2 = float((w * resid**2).sum() / df) if df > 0 else float("nan")
    cov = sigma2 * np.linalg.inv(A)
    effects = {s: 1 - math.exp(beta[len(runs) + j]) for j, s in enumerate(cells)}
    used = [s for s in cells if -1 <= effects[s] <= 2]
    curve = [(0.0, 0.0)] + [(s, effects[s]) for s in used]
    impact = None
    if len(curve) > 1:
        area = sum((a[1] + b[1]) / 2 * (b[0] - a[0]) for a, b in zip(curve, curve[1:]))
        impact = area / (curve[-1][0] - curve[0][0])
    weight = {s: sum(r[4] for r in kept if r[2] == s) for s in cells}
    low = [s for s in used if s <= 0.5 + 1e-9]
    slope = se = None
    if low:
        den = sum(weight[s] * s * s for s in low)
        lam = {s: weight[s] * s / den for s in low}
        slope = sum(lam[s] * effects[s] for s in low)
        g = np.zeros(p)
        for s in low:
            g[len(runs) + cells.index(s)] = lam[s] * (effects[s] - 1)
        se = math.sqrt(float(g @ cov @ g)) if df > 0 else None
    base = [r for r in kept if r[2] == 0]
    return {
        "experiments": len([r for r in rows if r[3] > 0 and r[4] >= 5]),
        "p0": sum(r[3] for r in base) / sum(r[4] for r in base),
        "impact": impact,
        "slope": slope,
        "se": se,
        "used": len(used),
    }


def main(path):
    by_site = defaultdict(list)
    for r in read(path):
        by_site[r[1]].append(r)
    figures = {site: site_figures(rows) for site, rows in by_site.items()}
    order = sorted(figures, key=lambda s: -((figures[s] or {}).get("impact") or -9))
    for site in order:
        f = figures[site]
        if f is None:
            print(f"{site}: no baseline")
            continue
        print(
            f"{site.rsplit('/', 1)[-1]}: n={f['experiments']} p0={f['p0']:.4f} "
            f"impact={f['impact']} slope={f['slope']} se={f['se']} used={f['used']}"
        )


if __name__ == "__main__":
    main(sys.argv[1])
