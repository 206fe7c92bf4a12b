// The price table behind the cost estimate: pricing/<region>.json in the repository (dated, with a
// source per price), optionally overridden by a partial table of the same shape (`--prices`).
// Every price is checked before it is used, so a typo in an override is an error naming the key,
// never a silent zero.

import * as fs from "fs";
import * as path from "path";

/** The unit prices the estimate knows how to apply, USD. Hourly ones are multiplied by hoursPerMonth. */
export const PRICE_KEYS = [
    "natGatewayPerHour",
    "publicIpv4AddressPerHour",
    "interfaceEndpointPerAzHour",
    "eksClusterPerHour",
    "eksClusterExtendedSupportPerHour",
    "applicationLoadBalancerPerHour",
    "fargateX86VcpuPerHour",
    "fargateX86GbPerHour",
    "fargateArmVcpuPerHour",
    "fargateArmGbPerHour",
    "ebsGp3PerGbMonth",
    "kmsKeyPerMonth",
    "metricAlarmStandardPerMonth",
    "metricAlarmHighResolutionPerMonth",
    "dashboardPerMonth",
    "route53HostedZonePerMonth",
    "cloudMapInstancePerMonth",
] as const;

export type PriceKey = (typeof PRICE_KEYS)[number];

export const SPOT_DISCOUNT_KEYS = ["fargate", "ec2"] as const;

export interface PriceTable {
    readonly region: string;
    readonly currency: "USD";
    /** The day the prices were taken (YYYY-MM-DD). */
    readonly pricesAsOf: string;
    /** Where the prices come from, in words. */
    readonly source: string;
    readonly hoursPerMonth: number;
    readonly prices: Readonly<Record<PriceKey, number>>;
    /** A page per price (and for ec2InstancePerHour, spotDiscounts). */
    readonly sources: Readonly<Record<string, string>>;
    /** On-demand Linux price per instance-hour. A type missing here is reported, never priced as zero. */
    readonly ec2InstancePerHour: Readonly<Record<string, number>>;
    /** Kubernetes "1.<minor>" -> last day of EKS standard support (YYYY-MM-DD); later days bill extended support. */
    readonly eksStandardSupportEnds: Readonly<Record<string, string>>;
    /** Fraction off the on-demand price for Spot capacity, 0 <= d < 1. */
    readonly spotDiscounts: Readonly<Record<(typeof SPOT_DISCOUNT_KEYS)[number], number>>;
    /** Set when an override file was applied: its path, shown beside the estimate. */
    readonly overriddenBy?: string;
}

export const PRICING_DIR = path.join(__dirname, "..", "..", "pricing");

export class PriceTableError extends Error {}

export function availableRegions(dir = PRICING_DIR): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter((f) => /^[a-z]{2}(-[a-z]+)+-\d+\.json$/.test(f)).map((f) => f.replace(/\.json$/, "")).sort();
}

/**
 * The table for `region`, with `overrideFile` (a partial table: any of hoursPerMonth, prices,
 * ec2InstancePerHour, eksStandardSupportEnds, spotDiscounts) applied over it. Throws PriceTableError naming the file and key.
 */
export function loadPriceTable(region: string, overrideFile?: string, dir = PRICING_DIR): PriceTable {
    const file = path.join(dir, `${region}.json`);
    if (!fs.existsSync(file)) {
        const have = availableRegions(dir);
        throw new PriceTableError(`no price table for region ${region}: add pricing/${region}.json (same shape as ${have.length ? `pricing/${have[0]}.json` : "the others"}); tables exist for: ${have.join(", ") || "none"}`);
    }
    const base = validateTable(readJson(file), path.relative(process.cwd(), file) || file, false);
    if (!overrideFile) return base;
    const override = validateTable(readJson(overrideFile), overrideFile, true);
    return {
        ...base,
        hoursPerMonth: override.hoursPerMonth ?? base.hoursPerMonth,
        prices: { ...base.prices, ...override.prices },
        ec2InstancePerHour: { ...base.ec2InstancePerHour, ...override.ec2InstancePerHour },
        eksStandardSupportEnds: { ...base.eksStandardSupportEnds, ...override.eksStandardSupportEnds },
        spotDiscounts: { ...base.spotDiscounts, ...override.spotDiscounts },
        overriddenBy: overrideFile,
    };
}

function readJson(file: string): unknown {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new PriceTableError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
}

/** What an override file may set: any subset of the table's numbers. */
export interface PriceOverride {
    readonly hoursPerMonth?: number;
    readonly prices?: Partial<Record<PriceKey, number>>;
    readonly ec2InstancePerHour?: Readonly<Record<string, number>>;
    readonly eksStandardSupportEnds?: Readonly<Record<string, string>>;
    readonly spotDiscounts?: Partial<PriceTable["spotDiscounts"]>;
}

function validateTable(raw: unknown, where: string, partial: true): PriceOverride;
function validateTable(raw: unknown, where: string, partial: false): PriceTable;
function validateTable(raw: unknown, where: string, partial: boolean): PriceOverride | PriceTable {
    const problems: string[] = [];
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new PriceTableError(`${where}: not a JSON object`);
    const obj = raw as Record<string, unknown>;
    const fullKeys = ["region", "currency", "pricesAsOf", "source", "hoursPerMonth", "prices", "sources", "ec2InstancePerHour",
        "eksStandardSupportEnds", "eksStandardSupportEndsNote", "spotDiscounts", "spotDiscountsNote"];
    const overrideKeys = ["hoursPerMonth", "prices", "ec2InstancePerHour", "eksStandardSupportEnds", "spotDiscounts", "note"];
    const allowed = partial ? overrideKeys : fullKeys;
    for (const k of Object.keys(obj)) {
        if (!allowed.includes(k)) problems.push(`${k}: unknown key (allowed: ${allowed.join(", ")})`);
    }
    const numberMap = (name: string, keys: readonly string[] | undefined, check: (v: number) => boolean, range: string): Record<string, number> => {
        const value = obj[name];
        if (value === undefined) {
            if (!partial) problems.push(`${name}: missing`);
            return {};
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            problems.push(`${name}: not an object`);
            return {};
        }
        const out: Record<string, number> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            if (keys && !keys.includes(k)) problems.push(`${name}.${k}: unknown price (allowed: ${keys.join(", ")})`);
            else if (typeof v !== "number" || !Number.isFinite(v) || !check(v)) problems.push(`${name}.${k} = ${JSON.stringify(v)}: must be a number ${range}`);
            else out[k] = v;
        }
        if (!partial && keys) {
            for (const k of keys) if (!(k in out) && !problems.some((p) => p.startsWith(`${name}.${k}`))) problems.push(`${name}.${k}: missing`);
        }
        return out;
    };
    const prices = numberMap("prices", PRICE_KEYS, (v) => v >= 0, ">= 0");
    const ec2 = numberMap("ec2InstancePerHour", undefined, (v) => v > 0, "> 0 (leave a type out rather than price it at 0)");
    const supportEnds: Record<string, string> = {};
    const endsRaw = obj.eksStandardSupportEnds;
    if (endsRaw === undefined) {
        if (!partial) problems.push("eksStandardSupportEnds: missing");
    } else if (endsRaw === null || typeof endsRaw !== "object" || Array.isArray(endsRaw)) {
        problems.push("eksStandardSupportEnds: not an object");
    } else {
        for (const [version, day] of Object.entries(endsRaw as Record<string, unknown>)) {
            if (!/^1\.\d+$/.test(version)) problems.push(`eksStandardSupportEnds.${version}: not a Kubernetes version (allowed: "1.<minor>", e.g. "1.35")`);
            else if (typeof day !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(day)) problems.push(`eksStandardSupportEnds.${version} = ${JSON.stringify(day)}: must be a date YYYY-MM-DD`);
            else supportEnds[version] = day;
        }
    }
    const spot = numberMap("spotDiscounts", SPOT_DISCOUNT_KEYS, (v) => v >= 0 && v < 1, "in [0, 1)");
    const hours = obj.hoursPerMonth;
    if (hours !== undefined && (typeof hours !== "number" || !(hours > 0 && hours <= 744))) problems.push(`hoursPerMonth = ${JSON.stringify(hours)}: must be a number in (0, 744]`);
    if (!partial) {
        for (const k of ["region", "pricesAsOf", "source"]) {
            if (typeof obj[k] !== "string" || obj[k] === "") problems.push(`${k}: missing (a non-empty string)`);
        }
        if (obj.currency !== "USD") problems.push(`currency = ${JSON.stringify(obj.currency)}: must be "USD"`);
        if (typeof obj.pricesAsOf === "string" && !/^\d{4}-\d{2}-\d{2}$/.test(obj.pricesAsOf)) problems.push(`pricesAsOf = ${JSON.stringify(obj.pricesAsOf)}: must be YYYY-MM-DD`);
        if (hours === undefined) problems.push("hoursPerMonth: missing");
        const sources = obj.sources as Record<string, unknown> | undefined;
        for (const k of [...PRICE_KEYS, "ec2InstancePerHour", "eksStandardSupportEnds", "spotDiscounts"]) {
            if (typeof sources?.[k] !== "string" || !String(sources[k]).startsWith("https://")) problems.push(`sources.${k}: missing (the https:// page the price comes from)`);
        }
    }
    if (problems.length > 0) throw new PriceTableError(`${where}: invalid price table:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    if (partial) {
        return {
            ...(hours !== undefined ? { hoursPerMonth: hours as number } : {}),
            prices: prices as Partial<Record<PriceKey, number>>,
            ec2InstancePerHour: ec2,
            eksStandardSupportEnds: supportEnds,
            spotDiscounts: spot as Partial<PriceTable["spotDiscounts"]>,
        };
    }
    return {
        region: obj.region as string,
        currency: "USD",
        pricesAsOf: obj.pricesAsOf as string,
        source: obj.source as string,
        hoursPerMonth: hours as number,
        prices: prices as Record<PriceKey, number>,
        sources: obj.sources as Record<string, string>,
        ec2InstancePerHour: ec2,
        eksStandardSupportEnds: supportEnds,
        spotDiscounts: spot as PriceTable["spotDiscounts"],
    };
}
