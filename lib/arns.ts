// ARNs as data rather than strings: which partition, service, region and account one names, so
// that every ARN-valued setting is checked against the stack's partition and region (an ARN of
// another partition can never be used, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html),
// and two spellings of one IAM principal are recognised as the same principal.

import { regionFacts } from "./regions";

export interface Arn {
    readonly partition: string;
    readonly service: string;
    readonly region: string;
    readonly account: string;
    readonly resource: string;
}

/** arn:partition:service:region:account:resource, or undefined when the text is not shaped so. */
export function parseArn(text: string): Arn | undefined {
    const match = /^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):([0-9]{12}|aws|):(.+)$/.exec(text);
    if (!match) return undefined;
    const [, partition, service, region, account, resource] = match;
    return { partition, service, region, account, resource };
}

/**
 * Why `arn` cannot be used by a stack in `region` of `partition`, or undefined: another partition,
 * a region that does not exist, or (with sameRegion) another region.
 */
export function arnPlacementProblem(arn: Arn, stack: { region: string; partition: string }, sameRegion = false): string | undefined {
    if (arn.partition !== stack.partition) return `the partition ${arn.partition} is not the one of ${stack.region}`;
    if (arn.region !== "") {
        const facts = regionFacts(arn.region);
        if (!facts) return `${arn.region} is not an AWS region`;
        if (facts.partition !== arn.partition) return `${arn.region} is a region of ${facts.partition}, not ${arn.partition}`;
        if (sameRegion && arn.region !== stack.region)
            return `it is in ${arn.region}, and it must be in the stack's region ${stack.region}`;
    }
    return undefined;
}

/**
 * What identifies an IAM role or user: partition, account, kind and name. IAM names are unique per
 * account whatever their path and are not distinguished by case
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names),
 * so arn:aws:iam::1:role/ops/Deploy and arn:aws:iam::1:role/deploy are one role.
 */
export function iamPrincipalKey(text: string): string | undefined {
    const match = /^arn:(aws[a-z-]*):iam::([0-9]{12}):(role|user)\/(?:[^/]+\/)*([^/]+)$/.exec(text);
    if (!match) return undefined;
    const [, partition, account, kind, name] = match;
    return `${partition}:${account}:${kind}:${name.toLowerCase()}`;
}

/** True when the two ARNs name the same IAM role or user (else: when they are the same text). */
export function sameIamPrincipal(a: string, b: string): boolean {
    const ka = iamPrincipalKey(a);
    const kb = iamPrincipalKey(b);
    return ka !== undefined && kb !== undefined ? ka === kb : a === b;
}
