// Checks of the stack-wide settings against AWS's own tables (regions, tag rules), read and
// validated with the rest of the stack config (see ./config.ts).

import { AWS_QUOTAS } from "../lib/aws-quotas";
import { closestRegion, KNOWN_REGIONS, REGIONS_AS_OF, regionFacts } from "../lib/regions";
import { MAX_PLATFORM_TAGS_PER_RESOURCE, PLATFORM_TAG_KEYS, PLATFORM_TAG_PREFIXES, TAG_TEXT, TAG_TEXT_ALLOWED } from "../lib/tags";
import { ConfigReader, key } from "./config-reader";
import { AWS_REGION_KEY } from "./schema";

/** The stack's region, refused (with the nearest known one) unless it is in lib/regions.ts's table. */
export function readRegion(r: ConfigReader): string {
    const region = r.string(AWS_REGION_KEY, () => true, "an AWS region such as ap-northeast-1", true);
    if (regionFacts(region) || r.hasIssue(AWS_REGION_KEY)) return region;
    const guess = closestRegion(region);
    r.issue(
        AWS_REGION_KEY,
        JSON.stringify(region),
        `not an AWS region${guess ? ` (did you mean ${guess}?)` : ""}`,
        `a region of the table of ${REGIONS_AS_OF} (lib/regions.ts): ${KNOWN_REGIONS.join(", ")}`,
    );
    return region;
}

/** azCount against the zones the region offers a new account. */
export function checkAzCountInRegion(r: ConfigReader, region: string, azCount: number): void {
    const facts = regionFacts(region);
    if (!facts || r.hasIssue(key("azCount"), AWS_REGION_KEY) || azCount <= facts.zones.length) return;
    r.issue(
        key("azCount"),
        String(azCount),
        `${region} offers ${facts.zones.length} availability zones (${facts.zones.map(([name]) => name).join(", ")}) to a new account: ${facts.zones.map(([, id]) => id).join(", ")}`,
        `2..${facts.zones.length} in ${region} (lib/regions.ts, as of ${REGIONS_AS_OF})`,
    );
}

/** Tag keys the stack's own tags or the platform set, compared as IAM does: case-insensitively. */
function reservedTagKey(tagKey: string, required: readonly string[]): string | undefined {
    const lower = tagKey.toLowerCase();
    if (lower.startsWith("aws:")) return "the aws: prefix is reserved for AWS";
    if (required.some((k) => k.toLowerCase() === lower))
        return `the stack sets "${required.find((k) => k.toLowerCase() === lower) ?? tagKey}" itself (from config), and IAM treats tag keys case-insensitively`;
    if (PLATFORM_TAG_KEYS.some((k) => k.toLowerCase() === lower)) return `the platform sets "${tagKey}" on its resources`;
    const prefix = PLATFORM_TAG_PREFIXES.find((p) => lower.startsWith(p));
    if (prefix) return `${prefix}* tags belong to the platform, EKS and Kubernetes`;
    return undefined;
}

/**
 * extraTags: keys and values AWS accepts on every resource kind the platform tags, no key that the
 * stack or the platform sets itself, no two keys IAM would see as one, and no more tags on any
 * resource than AWS allows once the platform's own are counted.
 */
export function checkExtraTags(r: ConfigReader, extraTags: Readonly<Record<string, string>>, required: readonly string[]): void {
    const fullKey = key("extraTags");
    const seen = new Map<string, string>();
    for (const [tagKey, value] of Object.entries(extraTags)) {
        const reserved = reservedTagKey(tagKey, required);
        if (reserved) {
            r.issue(
                fullKey,
                tagKey,
                `tag key "${tagKey}" cannot be set here: ${reserved}`,
                "keys other than environment, owner, cost-center, Name, tier, aws:*, kubernetes.io/*, k8s.io/cluster-autoscaler/*, eks:*, karpenter.sh/*, karpenter.k8s.aws/*",
            );
            continue;
        }
        if (tagKey.length === 0 || tagKey.length > 128 || !TAG_TEXT.test(tagKey))
            r.issue(fullKey, tagKey, `tag key "${tagKey}" is not one AWS accepts`, `1-128 of ${TAG_TEXT_ALLOWED}`);
        if (!TAG_TEXT.test(value))
            r.issue(
                fullKey,
                `${tagKey}: ${value}`,
                `the value of tag "${tagKey}" has characters AWS refuses`,
                `0-256 of ${TAG_TEXT_ALLOWED}`,
            );
        const twin = seen.get(tagKey.toLowerCase());
        if (twin !== undefined)
            r.issue(
                fullKey,
                tagKey,
                `"${tagKey}" and "${twin}" differ only in case: IAM refuses both on one role`,
                "tag keys that differ in more than case",
            );
        seen.set(tagKey.toLowerCase(), tagKey);
    }
    const limit = AWS_QUOTAS.tagsPerResource.value;
    const total = required.length + MAX_PLATFORM_TAGS_PER_RESOURCE + Object.keys(extraTags).length;
    if (total > limit) {
        r.issue(
            fullKey,
            `${Object.keys(extraTags).length} tags`,
            `${required.length} required + ${Object.keys(extraTags).length} extra + up to ${MAX_PLATFORM_TAGS_PER_RESOURCE} the platform and Karpenter add (Name, kubernetes.io/cluster/<name>, eks:*, karpenter.* on Karpenter's nodes) make ${total} tags on one resource, over the ${limit} AWS allows (${AWS_QUOTAS.tagsPerResource.name})`,
            `at most ${limit - required.length - MAX_PLATFORM_TAGS_PER_RESOURCE} extraTags`,
        );
    }
}

/** A tag value from config (owner, costCenter): what AWS accepts as one. */
export function isTagValue(value: string): boolean {
    return value.trim().length > 0 && value.length <= 256 && TAG_TEXT.test(value);
}
