// The price table behind the cost estimate: pricing/<region>.json in the repository (dated, with a
// source per price), optionally overridden by a partial table of the same shape (`--prices`).
// Every price is checked before it is used, so a typo in an override is an error naming the key,
// never a silent zero.

import * as fs from "fs";
import * as path from "path";
import * as v from "valibot";

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
    "wafWebAclPerMonth",
    "wafRulePerMonth",
] as const;

export type PriceKey = (typeof PRICE_KEYS)[number];

export const SPOT_DISCOUNT_KEYS = ["fargate", "ec2"] as const;

// The table's shape, with valibot like the stack config's (stacks/schema.ts says why); the types
// below are derived from it. validateTable walks it part by part so that every problem is named
// with its key and what is allowed, in the words the estimate has always used.
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KUBERNETES_MINOR = /^1\.\d+$/;
/** A JSON object, not a list (valibot's object and record schemas take arrays). */
const jsonObject = v.custom<Record<string, unknown>>((value) => typeof value === "object" && value !== null && !Array.isArray(value));
const price = (check: (value: number) => boolean) => v.pipe(v.number(), v.finite(), v.check(check));
const NON_NEGATIVE = price((value) => value >= 0);
const POSITIVE = price((value) => value > 0);
const DISCOUNT = price((value) => value >= 0 && value < 1);
const HOURS_PER_MONTH = v.pipe(
    v.number(),
    v.check((hours) => hours > 0 && hours <= 744),
);
const PRICES = v.object(Object.fromEntries(PRICE_KEYS.map((k) => [k, NON_NEGATIVE])) as Record<PriceKey, typeof NON_NEGATIVE>);
const SPOT_DISCOUNTS = v.object(
    Object.fromEntries(SPOT_DISCOUNT_KEYS.map((k) => [k, DISCOUNT])) as Record<(typeof SPOT_DISCOUNT_KEYS)[number], typeof DISCOUNT>,
);
const EC2_INSTANCE_PER_HOUR = v.record(v.string(), POSITIVE);
const EKS_STANDARD_SUPPORT_ENDS = v.record(v.pipe(v.string(), v.regex(KUBERNETES_MINOR)), v.pipe(v.string(), v.regex(DATE)));
/** The price pages: one per price, and for ec2InstancePerHour, eksStandardSupportEnds and spotDiscounts; other entries are kept as they are. */
const SOURCES = v.looseObject(
    Object.fromEntries(
        [...PRICE_KEYS, "ec2InstancePerHour", "eksStandardSupportEnds", "spotDiscounts"].map((k) => [
            k,
            v.pipe(v.string(), v.startsWith("https://")),
        ]),
    ),
);
const NOTE = v.optional(v.unknown());

/** pricing/<region>.json; the order of the fields is the order problems are reported in. */
export const PRICE_TABLE_SHAPE = v.objectWithRest(
    {
        region: v.pipe(v.string(), v.nonEmpty()),
        currency: v.literal("USD"),
        /** The day the prices were taken. */
        pricesAsOf: v.pipe(v.string(), v.nonEmpty(), v.regex(DATE)),
        /** Where the prices come from, in words. */
        source: v.pipe(v.string(), v.nonEmpty()),
        /** Hourly prices are multiplied by this. */
        hoursPerMonth: HOURS_PER_MONTH,
        prices: PRICES,
        sources: SOURCES,
        /** On-demand Linux price per instance-hour. A type missing here is reported, never priced as zero. */
        ec2InstancePerHour: EC2_INSTANCE_PER_HOUR,
        /** Kubernetes "1.<minor>" -> last day of EKS standard support; later days bill extended support. */
        eksStandardSupportEnds: EKS_STANDARD_SUPPORT_ENDS,
        eksStandardSupportEndsNote: NOTE,
        /** Fraction off the on-demand price for Spot capacity, 0 <= d < 1. */
        spotDiscounts: SPOT_DISCOUNTS,
        spotDiscountsNote: NOTE,
    },
    v.never(),
);

/** An override file (`--prices`): any subset of the table's numbers. */
export const PRICE_OVERRIDE_SHAPE = v.objectWithRest(
    {
        hoursPerMonth: v.optional(HOURS_PER_MONTH),
        prices: v.optional(v.partial(PRICES)),
        ec2InstancePerHour: v.optional(EC2_INSTANCE_PER_HOUR),
        eksStandardSupportEnds: v.optional(EKS_STANDARD_SUPPORT_ENDS),
        spotDiscounts: v.optional(v.partial(SPOT_DISCOUNTS)),
        note: NOTE,
    },
    v.never(),
);

type Fields<S> =
    S extends v.ObjectWithRestSchema<infer E, v.NeverSchema<undefined>, undefined> ? v.InferOutput<v.ObjectSchema<E, undefined>> : never;
type Notes = "eksStandardSupportEndsNote" | "spotDiscountsNote" | "note";

export type PriceTable = Readonly<
    Omit<Fields<typeof PRICE_TABLE_SHAPE>, Notes | "sources" | "prices" | "spotDiscounts" | "ec2InstancePerHour" | "eksStandardSupportEnds">
> & {
    readonly prices: Readonly<Fields<typeof PRICE_TABLE_SHAPE>["prices"]>;
    /** A page per price (and for ec2InstancePerHour, eksStandardSupportEnds, spotDiscounts). */
    readonly sources: Readonly<Record<string, string>>;
    readonly ec2InstancePerHour: Readonly<Fields<typeof PRICE_TABLE_SHAPE>["ec2InstancePerHour"]>;
    readonly eksStandardSupportEnds: Readonly<Fields<typeof PRICE_TABLE_SHAPE>["eksStandardSupportEnds"]>;
    readonly spotDiscounts: Readonly<Fields<typeof PRICE_TABLE_SHAPE>["spotDiscounts"]>;
    /** Set when an override file was applied: its path, shown beside the estimate. */
    readonly overriddenBy?: string;
};

/** What an override file may set: any subset of the table's numbers. */
export type PriceOverride = Readonly<Omit<Fields<typeof PRICE_OVERRIDE_SHAPE>, Notes>>;

export const PRICING_DIR = path.join(__dirname, "..", "..", "pricing");

export class PriceTableError extends Error {}

export function availableRegions(dir = PRICING_DIR): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .filter((f) => /^[a-z]{2}(-[a-z]+)+-\d+\.json$/.test(f))
        .map((f) => f.replace(/\.json$/, ""))
        .sort();
}

/**
 * The table for `region`, with `overrideFile` (a partial table: any of hoursPerMonth, prices,
 * ec2InstancePerHour, eksStandardSupportEnds, spotDiscounts) applied over it. Throws PriceTableError naming the file and key.
 */
export function loadPriceTable(region: string, overrideFile?: string, dir = PRICING_DIR): PriceTable {
    const file = path.join(dir, `${region}.json`);
    if (!fs.existsSync(file)) {
        const have = availableRegions(dir);
        throw new PriceTableError(
            `no price table for region ${region}: add pricing/${region}.json (same shape as ${have.length ? `pricing/${have[0]}.json` : "the others"}); tables exist for: ${have.join(", ") || "none"}`,
        );
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

function validateTable(raw: unknown, where: string, partial: true): PriceOverride;
function validateTable(raw: unknown, where: string, partial: false): PriceTable;
function validateTable(raw: unknown, where: string, partial: boolean): PriceOverride | PriceTable {
    const problems: string[] = [];
    const shape = partial ? PRICE_OVERRIDE_SHAPE : PRICE_TABLE_SHAPE;
    if (!v.is(jsonObject, raw)) throw new PriceTableError(`${where}: not a JSON object`);
    const obj = raw;
    const allowed = Object.keys(shape.entries);
    // The shape's rest issues: one per key it does not have.
    for (const issue of v.safeParse(shape, obj).issues ?? []) {
        if (issue.type === "never" && issue.path?.length === 1)
            problems.push(`${String(issue.path[0].key)}: unknown key (allowed: ${allowed.join(", ")})`);
    }
    /** A map of numbers: each entry checked against the map's shape, named with its key and range. */
    const numberMap = (
        name: string,
        map: v.ObjectSchema<v.ObjectEntries, undefined> | v.RecordSchema<v.GenericSchema<string>, v.GenericSchema<number>, undefined>,
        range: string,
    ): Record<string, number> => {
        const value = obj[name];
        if (value === undefined) {
            if (!partial) problems.push(`${name}: missing`);
            return {};
        }
        if (!v.is(jsonObject, value)) {
            problems.push(`${name}: not an object`);
            return {};
        }
        const keys = map.type === "object" ? Object.keys(map.entries) : undefined;
        const out: Record<string, number> = {};
        for (const [k, entry] of Object.entries(value)) {
            if (keys && !keys.includes(k)) problems.push(`${name}.${k}: unknown price (allowed: ${keys.join(", ")})`);
            else if (!v.is(map.type === "object" ? map.entries[k] : map.value, entry))
                problems.push(`${name}.${k} = ${JSON.stringify(entry)}: must be a number ${range}`);
            else out[k] = entry as number;
        }
        if (!partial && keys) {
            for (const k of keys)
                if (!(k in out) && !problems.some((p) => p.startsWith(`${name}.${k}`))) problems.push(`${name}.${k}: missing`);
        }
        return out;
    };
    const prices = numberMap("prices", PRICES, ">= 0");
    const ec2 = numberMap("ec2InstancePerHour", EC2_INSTANCE_PER_HOUR, "> 0 (leave a type out rather than price it at 0)");
    const supportEnds: Record<string, string> = {};
    const endsRaw = obj.eksStandardSupportEnds;
    if (endsRaw === undefined) {
        if (!partial) problems.push("eksStandardSupportEnds: missing");
    } else if (!v.is(jsonObject, endsRaw)) {
        problems.push("eksStandardSupportEnds: not an object");
    } else {
        for (const [version, day] of Object.entries(endsRaw)) {
            if (!v.is(EKS_STANDARD_SUPPORT_ENDS.key, version))
                problems.push(`eksStandardSupportEnds.${String(version)}: not a Kubernetes version (allowed: "1.<minor>", e.g. "1.35")`);
            else if (!v.is(EKS_STANDARD_SUPPORT_ENDS.value, day))
                problems.push(`eksStandardSupportEnds.${version} = ${JSON.stringify(day)}: must be a date YYYY-MM-DD`);
            else supportEnds[version] = day;
        }
    }
    const spot = numberMap("spotDiscounts", SPOT_DISCOUNTS, "in [0, 1)");
    const hours = obj.hoursPerMonth;
    if (hours !== undefined && !v.is(HOURS_PER_MONTH, hours))
        problems.push(`hoursPerMonth = ${JSON.stringify(hours)}: must be a number in (0, 744]`);
    if (!partial) {
        const table = PRICE_TABLE_SHAPE.entries;
        for (const k of ["region", "pricesAsOf", "source"] as const) {
            if (!v.is(v.pipe(v.string(), v.nonEmpty()), obj[k])) problems.push(`${k}: missing (a non-empty string)`);
        }
        if (!v.is(table.currency, obj.currency)) problems.push(`currency = ${JSON.stringify(obj.currency)}: must be "USD"`);
        if (typeof obj.pricesAsOf === "string" && !v.is(v.pipe(v.string(), v.regex(DATE)), obj.pricesAsOf))
            problems.push(`pricesAsOf = ${JSON.stringify(obj.pricesAsOf)}: must be YYYY-MM-DD`);
        if (hours === undefined) problems.push("hoursPerMonth: missing");
        const sources = v.is(jsonObject, obj.sources) ? obj.sources : {};
        for (const [k, page] of Object.entries(SOURCES.entries)) {
            if (!v.is(page, sources[k])) problems.push(`sources.${k}: missing (the https:// page the price comes from)`);
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
