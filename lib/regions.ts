// AWS Regions and their Availability Zones: a dated table, so that a typo in aws:region, an
// azCount the region cannot hold, or an ARN of another partition is refused at plan time, and so
// that the offline engine answers getAvailabilityZones with each region's real zones.
//
// Source, as of 2026-11-23:
// - Zone IDs per region: "AWS Availability Zones",
//   https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
//   (every region has at least three; newer accounts get two in us-west-1; constrained zones are
//   left out for new accounts, e.g. ap-northeast-1b / apne1-az3).
// - Zone name -> zone ID: "AZ IDs", https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html.
//   Regions launched after November 2012 map names uniformly (the same in every account); in the
//   nine oldest (marked `independentlyMapped`) each account created before November 2025 has its
//   own mapping, so the names here are one real account's (`aws ec2 describe-availability-zones`)
//   and only the zone IDs and their count are the same everywhere.
// - Which regions exist, per account type (commercial, China, GovCloud): "AWS Regions",
//   https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html.
// - China and GovCloud zones (not on the page above): `aws ec2 describe-availability-zones` output
//   as recorded in getmoto/moto's EC2 regions-and-zones model and in published Terraform
//   plans (cn-north-1d is cnn1-az4); the names of the independently mapped regions come from there too.
// Regions of the isolated partitions (aws-iso*, aws-eusc) are not listed: add a row when a stack
// is deployed there.

export type Partition = "aws" | "aws-cn" | "aws-us-gov";

export interface RegionFacts {
    readonly partition: Partition;
    readonly name: string;
    /** Availability Zones a new account gets, as [zone name, zone ID], in name order. */
    readonly zones: readonly (readonly [string, string])[];
    /** Zone names differ between accounts created before November 2025 (the IDs do not). */
    readonly independentlyMapped?: boolean;
    /** Disabled by default: an account opts in before using it. */
    readonly optIn?: boolean;
}

export const REGIONS_AS_OF = "2026-11-23";
export const REGIONS_SOURCE = "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html";

/** Zones named <region>a, b, c... with IDs <prefix>-az1, az2, az3... (the uniform mapping). */
function uniform(region: string, idPrefix: string, count = 3): (readonly [string, string])[] {
    return Array.from({ length: count }, (_, i) => [`${region}${String.fromCharCode(97 + i)}`, `${idPrefix}-az${i + 1}`] as const);
}

/** Zones as [letter, az number] pairs of one region. */
function zones(region: string, idPrefix: string, pairs: readonly (readonly [string, number])[]): (readonly [string, string])[] {
    return pairs.map(([letter, n]) => [`${region}${letter}`, `${idPrefix}-az${n}`] as const);
}

export const REGIONS: Readonly<Record<string, RegionFacts>> = {
    "us-east-1": {
        partition: "aws",
        name: "US East (N. Virginia)",
        independentlyMapped: true,
        zones: zones("us-east-1", "use1", [
            ["a", 6],
            ["b", 1],
            ["c", 2],
            ["d", 4],
            ["e", 3],
            ["f", 5],
        ]),
    },
    "us-east-2": { partition: "aws", name: "US East (Ohio)", zones: uniform("us-east-2", "use2") },
    "us-west-1": {
        partition: "aws",
        name: "US West (N. California)",
        independentlyMapped: true,
        zones: zones("us-west-1", "usw1", [
            ["a", 3],
            ["b", 1],
        ]),
    },
    "us-west-2": {
        partition: "aws",
        name: "US West (Oregon)",
        independentlyMapped: true,
        zones: zones("us-west-2", "usw2", [
            ["a", 2],
            ["b", 1],
            ["c", 3],
            ["d", 4],
        ]),
    },
    "ca-central-1": {
        partition: "aws",
        name: "Canada (Central)",
        zones: zones("ca-central-1", "cac1", [
            ["a", 1],
            ["b", 2],
            ["d", 4],
        ]),
    },
    "ca-west-1": { partition: "aws", name: "Canada West (Calgary)", optIn: true, zones: uniform("ca-west-1", "caw1") },
    "mx-central-1": { partition: "aws", name: "Mexico (Central)", optIn: true, zones: uniform("mx-central-1", "mxc1") },
    "af-south-1": { partition: "aws", name: "Africa (Cape Town)", optIn: true, zones: uniform("af-south-1", "afs1") },
    "ap-east-1": { partition: "aws", name: "Asia Pacific (Hong Kong)", optIn: true, zones: uniform("ap-east-1", "ape1") },
    "ap-east-2": { partition: "aws", name: "Asia Pacific (Taipei)", optIn: true, zones: uniform("ap-east-2", "ape2") },
    "ap-northeast-1": {
        partition: "aws",
        name: "Asia Pacific (Tokyo)",
        independentlyMapped: true,
        // ap-northeast-1b (apne1-az3) is constrained: not offered to new accounts.
        zones: zones("ap-northeast-1", "apne1", [
            ["a", 4],
            ["c", 1],
            ["d", 2],
        ]),
    },
    "ap-northeast-2": { partition: "aws", name: "Asia Pacific (Seoul)", zones: uniform("ap-northeast-2", "apne2", 4) },
    "ap-northeast-3": { partition: "aws", name: "Asia Pacific (Osaka)", zones: uniform("ap-northeast-3", "apne3") },
    "ap-south-1": {
        partition: "aws",
        name: "Asia Pacific (Mumbai)",
        zones: zones("ap-south-1", "aps1", [
            ["a", 1],
            ["b", 3],
            ["c", 2],
        ]),
    },
    "ap-south-2": { partition: "aws", name: "Asia Pacific (Hyderabad)", optIn: true, zones: uniform("ap-south-2", "aps2") },
    "ap-southeast-1": {
        partition: "aws",
        name: "Asia Pacific (Singapore)",
        independentlyMapped: true,
        zones: uniform("ap-southeast-1", "apse1"),
    },
    "ap-southeast-2": {
        partition: "aws",
        name: "Asia Pacific (Sydney)",
        independentlyMapped: true,
        zones: zones("ap-southeast-2", "apse2", [
            ["a", 1],
            ["b", 3],
            ["c", 2],
        ]),
    },
    "ap-southeast-3": { partition: "aws", name: "Asia Pacific (Jakarta)", optIn: true, zones: uniform("ap-southeast-3", "apse3") },
    "ap-southeast-4": { partition: "aws", name: "Asia Pacific (Melbourne)", optIn: true, zones: uniform("ap-southeast-4", "apse4") },
    "ap-southeast-5": { partition: "aws", name: "Asia Pacific (Malaysia)", optIn: true, zones: uniform("ap-southeast-5", "apse5") },
    "ap-southeast-6": { partition: "aws", name: "Asia Pacific (New Zealand)", optIn: true, zones: uniform("ap-southeast-6", "apse6") },
    "ap-southeast-7": { partition: "aws", name: "Asia Pacific (Thailand)", optIn: true, zones: uniform("ap-southeast-7", "apse7") },
    "eu-central-1": {
        partition: "aws",
        name: "Europe (Frankfurt)",
        zones: zones("eu-central-1", "euc1", [
            ["a", 2],
            ["b", 3],
            ["c", 1],
        ]),
    },
    "eu-central-2": { partition: "aws", name: "Europe (Zurich)", optIn: true, zones: uniform("eu-central-2", "euc2") },
    "eu-north-1": { partition: "aws", name: "Europe (Stockholm)", zones: uniform("eu-north-1", "eun1") },
    "eu-south-1": { partition: "aws", name: "Europe (Milan)", optIn: true, zones: uniform("eu-south-1", "eus1") },
    "eu-south-2": { partition: "aws", name: "Europe (Spain)", optIn: true, zones: uniform("eu-south-2", "eus2") },
    "eu-west-1": {
        partition: "aws",
        name: "Europe (Ireland)",
        independentlyMapped: true,
        zones: zones("eu-west-1", "euw1", [
            ["a", 3],
            ["b", 1],
            ["c", 2],
        ]),
    },
    "eu-west-2": {
        partition: "aws",
        name: "Europe (London)",
        zones: zones("eu-west-2", "euw2", [
            ["a", 2],
            ["b", 3],
            ["c", 1],
            ["d", 4],
        ]),
    },
    "eu-west-3": { partition: "aws", name: "Europe (Paris)", zones: uniform("eu-west-3", "euw3") },
    "il-central-1": { partition: "aws", name: "Israel (Tel Aviv)", optIn: true, zones: uniform("il-central-1", "ilc1") },
    "me-central-1": { partition: "aws", name: "Middle East (UAE)", optIn: true, zones: uniform("me-central-1", "mec1") },
    "me-south-1": { partition: "aws", name: "Middle East (Bahrain)", optIn: true, zones: uniform("me-south-1", "mes1") },
    "sa-east-1": { partition: "aws", name: "South America (São Paulo)", independentlyMapped: true, zones: uniform("sa-east-1", "sae1") },
    "cn-north-1": {
        partition: "aws-cn",
        name: "China (Beijing)",
        zones: zones("cn-north-1", "cnn1", [
            ["a", 1],
            ["b", 2],
            ["d", 4],
        ]),
    },
    "cn-northwest-1": { partition: "aws-cn", name: "China (Ningxia)", zones: uniform("cn-northwest-1", "cnnw1") },
    "us-gov-west-1": {
        partition: "aws-us-gov",
        name: "AWS GovCloud (US-West)",
        independentlyMapped: true,
        zones: uniform("us-gov-west-1", "usgw1"),
    },
    "us-gov-east-1": { partition: "aws-us-gov", name: "AWS GovCloud (US-East)", zones: uniform("us-gov-east-1", "usge1") },
};

export function regionFacts(region: string): RegionFacts | undefined {
    return Object.prototype.hasOwnProperty.call(REGIONS, region) ? REGIONS[region] : undefined;
}

export const KNOWN_REGIONS: readonly string[] = Object.keys(REGIONS).sort();

/** Levenshtein distance: how many single-character edits turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}

/** The known region a mistyped one most likely meant (within three edits, case and spaces aside). */
export function closestRegion(text: string): string | undefined {
    const wanted = text
        .trim()
        .toLowerCase()
        .replace(/[\s_]+/g, "-");
    let best: { region: string; distance: number } | undefined;
    for (const region of KNOWN_REGIONS) {
        const distance = editDistance(wanted, region);
        if (!best || distance < best.distance) best = { region, distance };
    }
    return best && best.distance <= 3 ? best.region : undefined;
}
