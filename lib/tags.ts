// The tags every AWS resource of the platform carries: the environment's own (environment, owner,
// cost-center, extraTags: validated in stacks/config.ts, required by the policy pack) and a Name,
// plus any the resource adds. Explicit on each resource rather than the provider's defaultTags, so
// the graph (and the tests and policies that read it) shows exactly what AWS receives.

export type Tags = Readonly<Record<string, string>>;

export function tagsFor(environmentTags: Tags, name: string, extra: Tags = {}): Record<string, string> {
    return { ...environmentTags, Name: name, ...extra };
}

/** A component's tagger: its environment's tags, a Name per resource, and what every resource of it adds. */
export function tagger(environmentTags: Tags, extra: Tags = {}): (name: string, more?: Tags) => Record<string, string> {
    return (name, more = {}) => tagsFor(environmentTags, name, { ...extra, ...more });
}

/**
 * Tags the platform itself puts on resources besides environment, owner and cost-center: keys a
 * user tag may not take (it would be overwritten on some resources), and how many such tags one
 * resource carries at most. Subnets of a stack with EKS carry four (Name, tier, the
 * kubernetes.io/role/* and kubernetes.io/cluster/<name> tags), five with Karpenter
 * (karpenter.sh/discovery); the nodes EKS launches four (Name, and EKS's own eks:cluster-name,
 * eks:nodegroup-name, kubernetes.io/cluster/<name>); the nodes Karpenter launches six (Name,
 * kubernetes.io/cluster/<name>, eks:eks-cluster-name, karpenter.sh/nodepool, karpenter.sh/nodeclaim,
 * karpenter.k8s.aws/ec2nodeclass, besides the EC2NodeClass's tags, which are the stack's). aws:*
 * tags do not count towards AWS's 50 per resource. tests/aws-limits.test.ts checks the bound against
 * the graphs.
 */
export const PLATFORM_TAG_KEYS: readonly string[] = ["Name", "tier"];
export const PLATFORM_TAG_PREFIXES: readonly string[] = [
    "kubernetes.io/",
    "k8s.io/cluster-autoscaler/",
    "eks:",
    "karpenter.sh/",
    "karpenter.k8s.aws/",
];
export const MAX_PLATFORM_TAGS_PER_RESOURCE = 6;

/** Letters, digits, spaces and _ . : / = + - @: what every taggable AWS service accepts (IAM and ECS are the narrowest). */
export const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const TAG_TEXT_ALLOWED = "letters, digits, spaces and _ . : / = + - @";
