// AWS limits that a stack's config can run into, as default values: a dated table, so that a
// config AWS would refuse halfway through `pulumi up` is refused at plan time, each message naming
// the limit. An account whose quota was raised (the adjustable ones, through Service Quotas)
// records the new value here.
//
// Sources, as of 2026-11-23:
// - EKS: "Amazon Elastic Kubernetes Service endpoints and quotas", https://docs.aws.amazon.com/general/latest/gr/eks.html#limits_eks
//   (linked from https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html); quota codes as
//   the Service Quotas console lists them (L-…).
// - EKS node taints: the EKS CreateNodegroup taints field ("Maximum of 50 taints per node group"), as
//   @pulumi/aws 7 documents it (eks.NodeGroup taints) from https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html
// - ECS: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
// - Application Load Balancer: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
//   and, for path patterns, https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html
// - Tags: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
//   (50 user tags per resource; aws: tags do not count; keys 128, values 256 characters).
// - Security group rules: https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups

export interface AwsQuota {
    /** AWS's own name of the limit, as its documentation writes it. */
    readonly name: string;
    readonly value: number;
    /** Raised through Service Quotas (quotaCode), or fixed. */
    readonly adjustable: boolean;
    readonly quotaCode?: string;
    readonly source: string;
}

const EKS = "https://docs.aws.amazon.com/general/latest/gr/eks.html#limits_eks";
const ECS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html";
const ALB = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html";

export const AWS_QUOTAS_AS_OF = "2026-11-23";

export const AWS_QUOTAS = {
    eksPublicAccessCidrs: {
        name: "Public endpoint access CIDR ranges per cluster",
        value: 40,
        adjustable: false,
        quotaCode: "L-93A74D60",
        source: EKS,
    },
    eksManagedNodeGroups: { name: "Managed node groups per cluster", value: 30, adjustable: true, quotaCode: "L-6D54EA21", source: EKS },
    eksNodesPerNodeGroup: { name: "Nodes per managed node group", value: 450, adjustable: true, quotaCode: "L-BD136A63", source: EKS },
    eksFargateProfiles: { name: "Fargate profiles per cluster", value: 10, adjustable: true, quotaCode: "L-33415657", source: EKS },
    eksFargateSelectors: { name: "Selectors per Fargate profile", value: 5, adjustable: true, quotaCode: "L-D78D8AF8", source: EKS },
    eksFargateSelectorLabels: {
        name: "Label pairs per Fargate profile selector",
        value: 5,
        adjustable: true,
        quotaCode: "L-23414FF3",
        source: EKS,
    },
    eksAccessEntries: { name: "Access entries per cluster", value: 3000, adjustable: false, source: EKS },
    eksTaintsPerNodeGroup: {
        name: "Taints per managed node group",
        value: 50,
        adjustable: false,
        source: "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html",
    },
    ecsTasksPerService: { name: "Tasks per service", value: 5000, adjustable: false, source: ECS },
    albRules: { name: "Rules per Application Load Balancer (excluding default rules)", value: 100, adjustable: true, source: ALB },
    albTargetGroups: { name: "Target Groups per Application Load Balancer", value: 100, adjustable: false, source: ALB },
    albPathPatternLength: {
        name: "Path pattern length (characters)",
        value: 128,
        adjustable: false,
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html#path-conditions",
    },
    albConditionWildcards: { name: "Condition wildcards per rule", value: 5, adjustable: false, source: ALB },
    tagsPerResource: {
        name: "User tags per resource",
        value: 50,
        adjustable: false,
        source: "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions",
    },
    securityGroupInboundRules: {
        name: "Inbound or outbound rules per security group",
        value: 60,
        adjustable: true,
        quotaCode: "L-0EA8095F",
        source: "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups",
    },
} as const satisfies Record<string, AwsQuota>;

export type AwsQuotaId = keyof typeof AWS_QUOTAS;

/** "at most 40 (Public endpoint access CIDR ranges per cluster, a fixed AWS limit)"-style text for messages. */
export function quotaText(id: AwsQuotaId): string {
    const q: AwsQuota = AWS_QUOTAS[id];
    const how = q.adjustable
        ? `AWS's default quota${q.quotaCode ? ` ${q.quotaCode}` : ""}; after raising it in Service Quotas, record the new value in lib/aws-quotas.ts`
        : "a fixed AWS limit";
    return `at most ${q.value} (${q.name}, ${how})`;
}

/** The problem when `count` exceeds the quota, or undefined. */
export function overQuota(id: AwsQuotaId, count: number, what: string): string | undefined {
    const q: AwsQuota = AWS_QUOTAS[id];
    return count > q.value ? `${count} ${what}, over the ${q.value} AWS allows (${q.name})` : undefined;
}
