// IPv4 CIDR arithmetic shared by config validation (does the plan fit?) and the network
// component (which block does each subnet get?), so both always agree on the layout.

export interface Ipv4Cidr {
    /** Network address as an unsigned 32-bit integer. */
    readonly base: number;
    readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; returns a reason string instead of a CIDR when it is not a valid network block. */
export function parseIpv4Cidr(text: string): Ipv4Cidr | string {
    const match = CIDR_PATTERN.exec(text);
    if (!match) {
        return "not in a.b.c.d/n form";
    }
    const octets = match.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) {
        return "an octet is above 255";
    }
    const prefixLength = Number(match[5]);
    if (prefixLength > 32) {
        return "the prefix length is above 32";
    }
    const base = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
    if (base % blockSize(prefixLength) !== 0) {
        return `host bits are set (the network address is ${formatIpv4(base - (base % blockSize(prefixLength)))}/${prefixLength})`;
    }
    return { base, prefixLength };
}

export function blockSize(prefixLength: number): number {
    return 2 ** (32 - prefixLength);
}

export function formatIpv4(address: number): string {
    return [24, 16, 8, 0].map((shift) => (Math.floor(address / 2 ** shift) % 256).toString()).join(".");
}

export function formatCidr(cidr: Ipv4Cidr): string {
    return `${formatIpv4(cidr.base)}/${cidr.prefixLength}`;
}

/**
 * Carves `requests` (prefix lengths) out of `parent`, largest first so every block stays aligned,
 * and returns them in the order requested. Returns undefined when they do not fit.
 */
export function allocateSubnets(parent: Ipv4Cidr, requests: readonly number[]): Ipv4Cidr[] | undefined {
    const order = requests
        .map((prefixLength, index) => ({ prefixLength, index }))
        .sort((a, b) => a.prefixLength - b.prefixLength || a.index - b.index);
    const result: Ipv4Cidr[] = new Array<Ipv4Cidr>(requests.length);
    let cursor = parent.base;
    const end = parent.base + blockSize(parent.prefixLength);
    for (const { prefixLength, index } of order) {
        if (prefixLength < parent.prefixLength) {
            return undefined;
        }
        // Sorted largest-first, each block starts on a multiple of its own size.
        result[index] = { base: cursor, prefixLength };
        cursor += blockSize(prefixLength);
        if (cursor > end) {
            return undefined;
        }
    }
    return result;
}

export interface SubnetLayout {
    readonly public: Ipv4Cidr[];
    readonly private: Ipv4Cidr[];
}

/**
 * One block per AZ, in AZ order, each holding that AZ's subnets (largest first, so aligned).
 * Adding an AZ appends a block and never moves an existing subnet: AWS can only change a
 * subnet's CIDR by replacing it. Returns undefined when the blocks do not fit in `vpc`.
 */
export function planSubnets(
    vpc: Ipv4Cidr,
    azCount: number,
    publicPrefixLength: number,
    privatePrefixLength?: number,
): SubnetLayout | undefined {
    const sizes = [publicPrefixLength, ...(privatePrefixLength === undefined ? [] : [privatePrefixLength])];
    if (sizes.some((p) => p < vpc.prefixLength || p > 32)) return undefined;
    const largest = Math.min(...sizes);
    // Two subnets of at most 2^(32-largest) addresses fit in a block twice that size.
    const azBlockPrefix = sizes.length === 1 ? largest : largest - 1;
    if (azBlockPrefix < vpc.prefixLength || azCount * blockSize(azBlockPrefix) > blockSize(vpc.prefixLength)) return undefined;
    const layout: SubnetLayout = { public: [], private: [] };
    for (let az = 0; az < azCount; az++) {
        const [first, second] =
            allocateSubnets({ base: vpc.base + az * blockSize(azBlockPrefix), prefixLength: azBlockPrefix }, sizes) ?? [];
        layout.public.push(first);
        if (privatePrefixLength !== undefined) layout.private.push(second);
    }
    return layout;
}

/** Private and shared address space (RFC 1918, RFC 6598): where a VPN, a peered VPC or a runner inside AWS sits. */
export const PRIVATE_IPV4_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

/** True when `inner` lies wholly inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
    return (
        inner.prefixLength >= outer.prefixLength &&
        inner.base >= outer.base &&
        inner.base + blockSize(inner.prefixLength) <= outer.base + blockSize(outer.prefixLength)
    );
}

/** True when the block lies inside one of the private ranges. */
export function isPrivateCidr(cidr: Ipv4Cidr): boolean {
    return PRIVATE_IPV4_RANGES.some((range) => cidrContains(parseIpv4Cidr(range) as Ipv4Cidr, cidr));
}

// ---------------------------------------------------------------------------------------------
// Address-space arithmetic over sets of CIDRs, IPv4 and IPv6 alike: how much of the routable
// internet a list of blocks admits once overlaps are merged. Guards that ask "is this open to the
// internet?" use it instead of comparing strings, so 0.0.0.0/1 + 128.0.0.0/1, a /2, or 300 /9s
// count the same as 0.0.0.0/0. The config checks (stacks/) and the policy pack (policy/) import
// this one module, so the two cannot disagree.

export type IpFamily = 4 | 6;

/** A block of addresses [start, end), any family, as integers. */
export interface AddressRange {
    readonly family: IpFamily;
    readonly start: bigint;
    readonly end: bigint;
}

const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4ToBigint(text: string): bigint | undefined {
    const match = IPV4_PATTERN.exec(text);
    if (!match) return undefined;
    const octets = match.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return octets.reduce((acc, o) => (acc << 8n) + BigInt(o), 0n);
}

function ipv6ToBigint(text: string): bigint | undefined {
    if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.split("::").length > 2) return undefined;
    // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
    let body = text;
    const lastColon = body.lastIndexOf(":");
    const tail = body.slice(lastColon + 1);
    if (tail.includes(".")) {
        const v4 = ipv4ToBigint(tail);
        if (v4 === undefined) return undefined;
        body = `${body.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
    }
    const [head, rest] = body.split("::");
    const groups = (s: string | undefined) => (s === undefined || s === "" ? [] : s.split(":"));
    const left = groups(head);
    const right = groups(rest);
    const missing = 8 - left.length - right.length;
    if (rest === undefined ? missing !== 0 : missing < 1) return undefined;
    const all = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill("0"), ...right];
    if (all.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
    return all.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/**
 * Parses an IPv4 or IPv6 CIDR into the range it covers; undefined when it is neither. With
 * `lenient`, host bits are masked off (as a guard must assume AWS would do) instead of refused.
 */
export function addressRangeOf(text: string, options: { lenient?: boolean } = {}): AddressRange | undefined {
    const slash = text.trim().split("/");
    if (slash.length !== 2 || !/^\d{1,3}$/.test(slash[1])) return undefined;
    const prefix = Number(slash[1]);
    const v4 = ipv4ToBigint(slash[0]);
    const family: IpFamily | undefined = v4 !== undefined ? 4 : ipv6ToBigint(slash[0]) !== undefined ? 6 : undefined;
    if (family === undefined) return undefined;
    const bits = family === 4 ? 32 : 128;
    if (prefix > bits) return undefined;
    const address = family === 4 ? (v4 as bigint) : (ipv6ToBigint(slash[0]) as bigint);
    const size = 1n << BigInt(bits - prefix);
    const start = address - (address % size);
    if (start !== address && !options.lenient) return undefined;
    return { family, start, end: start + size };
}

/** Sorted, non-overlapping ranges covering exactly the union of `ranges` (of one family). */
export function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
    const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const merged: AddressRange[] = [];
    for (const r of sorted) {
        const last = merged[merged.length - 1];
        if (last && r.start <= last.end) {
            if (r.end > last.end) merged[merged.length - 1] = { ...last, end: r.end };
        } else {
            merged.push(r);
        }
    }
    return merged;
}

/** How many addresses of `ranges` (merged) lie outside `excluded`. */
function countOutside(ranges: readonly AddressRange[], excluded: readonly AddressRange[]): bigint {
    let total = 0n;
    const holes = mergeRanges(excluded);
    for (const r of mergeRanges(ranges)) {
        let size = r.end - r.start;
        for (const h of holes) {
            const lo = h.start > r.start ? h.start : r.start;
            const hi = h.end < r.end ? h.end : r.end;
            if (hi > lo) size -= hi - lo;
        }
        total += size;
    }
    return total;
}

const range = (cidr: string) => addressRangeOf(cidr) as AddressRange;

/**
 * IPv4 space that is not reachable from the internet: IANA's special-purpose registry (RFC 6890)
 * as far as it is routed nowhere public: "this network", RFC 1918, shared (RFC 6598), loopback,
 * link-local, IETF protocol assignments, the three documentation nets, benchmarking, multicast
 * and the reserved 240/4 (with the broadcast address).
 */
export const NON_PUBLIC_IPV4: readonly string[] = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
];

/** IPv6 global unicast (RFC 4291, IANA): the only part of IPv6 routed on the internet today. */
export const PUBLIC_IPV6 = "2000::/3";
/** Inside it, the documentation prefix (RFC 3849), routed nowhere. */
export const NON_PUBLIC_IPV6: readonly string[] = ["2001:db8::/32"];

/**
 * Where "a few networks" ends and "the internet" begins, per family: the public addresses a set
 * of CIDRs admits, once merged, reaching a /8's worth of IPv4 (2^24 addresses, 1/256 of the
 * space: more than any office, VPN or cloud egress range needs, and every shorter prefix crosses
 * it) or a /32's worth of IPv6 (2^96, a whole ISP allocation).
 */
export const INTERNET_WIDE_THRESHOLD: Readonly<Record<IpFamily, bigint>> = { 4: 1n << 24n, 6: 1n << 96n };

export interface PublicReach {
    /** Public IPv4 / IPv6 addresses the set admits, overlaps counted once. */
    readonly ipv4: bigint;
    readonly ipv6: bigint;
    /** True when either family reaches its INTERNET_WIDE_THRESHOLD. */
    readonly internetWide: boolean;
    /** Entries that are not CIDRs at all (left out of the sums). */
    readonly unparsed: readonly string[];
}

/** How much of the public internet `cidrs` admit together; host bits are masked, as AWS would treat them. */
export function publicReach(cidrs: readonly string[]): PublicReach {
    const v4: AddressRange[] = [];
    const v6: AddressRange[] = [];
    const unparsed: string[] = [];
    for (const c of cidrs) {
        const r = addressRangeOf(c, { lenient: true });
        if (!r) unparsed.push(c);
        else (r.family === 4 ? v4 : v6).push(r);
    }
    const ipv4 = countOutside(v4, NON_PUBLIC_IPV4.map(range));
    const global = range(PUBLIC_IPV6);
    const inside = v6
        .map((r) => ({ ...r, start: r.start > global.start ? r.start : global.start, end: r.end < global.end ? r.end : global.end }))
        .filter((r) => r.end > r.start);
    const ipv6 = countOutside(inside, NON_PUBLIC_IPV6.map(range));
    return {
        ipv4,
        ipv6,
        internetWide: ipv4 >= INTERNET_WIDE_THRESHOLD[4] || ipv6 >= INTERNET_WIDE_THRESHOLD[6],
        unparsed,
    };
}

/** Public addresses in all, per family: what a reach is a share of. */
export const PUBLIC_ADDRESSES: Readonly<Record<IpFamily, bigint>> = {
    4: countOutside([range("0.0.0.0/0")], NON_PUBLIC_IPV4.map(range)),
    6: countOutside([range(PUBLIC_IPV6)], NON_PUBLIC_IPV6.map(range)),
};

/** "16,777,216 public IPv4 addresses (0.453% of the public IPv4 internet)"-style wording of a reach, for messages. */
export function describeReach(reach: PublicReach): string {
    const share = (n: bigint, family: IpFamily) =>
        `${((Number(n) / Number(PUBLIC_ADDRESSES[family])) * 100).toPrecision(3)}% of the public IPv${family} internet`;
    const parts: string[] = [];
    if (reach.ipv4 > 0n) parts.push(`${reach.ipv4.toLocaleString("en-US")} public IPv4 addresses (${share(reach.ipv4, 4)})`);
    if (reach.ipv6 > 0n) parts.push(`about 2^${reach.ipv6.toString(2).length - 1} public IPv6 addresses (${share(reach.ipv6, 6)})`);
    return parts.join(" and ") || "no public addresses";
}
