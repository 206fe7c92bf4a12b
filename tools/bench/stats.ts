// The arithmetic behind `npm run bench`: medians, a least-squares line and marginal costs.

/** Median of the values; the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
    if (values.length === 0) throw new Error("median of no values");
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface LinearFit {
    /** y units per x unit. */
    readonly slope: number;
    readonly intercept: number;
    /** Coefficient of determination; 1 when the line passes through every point. */
    readonly r2: number;
}

/** Ordinary least squares of y on x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
    if (xs.length !== ys.length) throw new Error(`linear fit of ${xs.length} x values against ${ys.length} y values`);
    const n = xs.length;
    if (n < 2) throw new Error("a linear fit needs at least two points");
    const meanX = xs.reduce((s, x) => s + x, 0) / n;
    const meanY = ys.reduce((s, y) => s + y, 0) / n;
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
        sxx += (xs[i] - meanX) ** 2;
        sxy += (xs[i] - meanX) * (ys[i] - meanY);
        syy += (ys[i] - meanY) ** 2;
    }
    if (sxx === 0) throw new Error("a linear fit needs at least two distinct x values");
    const slope = sxy / sxx;
    const intercept = meanY - slope * meanX;
    let residual = 0;
    for (let i = 0; i < n; i++) residual += (ys[i] - (intercept + slope * xs[i])) ** 2;
    // Constant y: the horizontal line explains it completely.
    const r2 = syy === 0 ? 1 : 1 - residual / syy;
    return { slope, intercept, r2 };
}

export interface Point {
    readonly x: number;
    readonly y: number;
}

/** Slope of each segment between consecutive points (in x order): the cost of one more x there. */
export function marginalCosts(points: readonly Point[]): number[] {
    const sorted = [...points].sort((a, b) => a.x - b.x);
    const costs: number[] = [];
    for (let i = 1; i < sorted.length; i++) {
        const dx = sorted[i].x - sorted[i - 1].x;
        if (dx === 0) throw new Error(`two points at x = ${sorted[i].x}`);
        costs.push((sorted[i].y - sorted[i - 1].y) / dx);
    }
    return costs;
}

/** Rounds half away from zero to `decimals` places (0 for integers). */
export function round(value: number, decimals = 0): number {
    const factor = 10 ** decimals;
    const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
    // No "-0" in the JSON.
    return rounded === 0 ? 0 : rounded;
}
