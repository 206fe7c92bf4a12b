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
