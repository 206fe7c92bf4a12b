// The Karpenter controller's permissions, as Karpenter publishes them for the pinned chart version:
// the CloudFormation template of its getting-started guide,
// https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml
// (KarpenterControllerPolicy split into NodeLifecyclePolicy, IAMIntegrationPolicy,
// EKSIntegrationPolicy, InterruptionPolicy, ZonalShiftPolicy, ResourceDiscoveryPolicy). Each
// statement keeps its Sid, resources and conditions: creation only with the cluster's tags in the
// request, deletion and tagging only of resources that carry them, reads only in the stack's region,
// iam:PassRole only of the Karpenter node role and only to EC2. A chart upgrade is a diff of this
// module against the template of the new version.

/** One IAM statement, typed so a test can read actions, resources and conditions back. */
export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Action: readonly string[];
    readonly Resource: string | readonly string[];
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface KarpenterPolicyContext {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly clusterName: string;
    readonly nodeRoleArn: string;
    readonly interruptionQueueArn: string;
}

/** The template's managed policies, by name: each becomes one inline policy of the controller role. */
export type KarpenterPolicyName =
    "node-lifecycle" | "iam-integration" | "eks-integration" | "interruption" | "zonal-shift" | "resource-discovery";

/** The controller's statements, grouped as the template groups them. */
export function karpenterControllerPolicies(c: KarpenterPolicyContext): Readonly<Record<KarpenterPolicyName, readonly PolicyStatement[]>> {
    const ec2 = (resource: string, account = "*") => `arn:${c.partition}:ec2:${c.region}:${account}:${resource}`;
    const clusterTag = `kubernetes.io/cluster/${c.clusterName}`;
    const clusterArn = `arn:${c.partition}:eks:${c.region}:${c.accountId}:cluster/${c.clusterName}`;
    const instanceProfiles = `arn:${c.partition}:iam::${c.accountId}:instance-profile/*`;
    // What Karpenter launches and tags: every one of them must carry the cluster's tags.
    const launched = [
        ec2("fleet/*"),
        ec2("instance/*"),
        ec2("volume/*"),
        ec2("network-interface/*"),
        ec2("launch-template/*"),
        ec2("spot-instances-request/*"),
    ];
    const owned = {
        StringEquals: { [`aws:ResourceTag/${clusterTag}`]: "owned" },
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
    };
    const requestTags = {
        [`aws:RequestTag/${clusterTag}`]: "owned",
        "aws:RequestTag/eks:eks-cluster-name": c.clusterName,
    };
    return {
        "node-lifecycle": [
            {
                Sid: "AllowScopedEC2InstanceAccessActions",
                Effect: "Allow",
                Resource: [
                    ec2("image/*", ""),
                    ec2("snapshot/*", ""),
                    ec2("security-group/*"),
                    ec2("subnet/*"),
                    ec2("capacity-reservation/*"),
                    ec2("placement-group/*"),
                ],
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            },
            {
                Sid: "AllowScopedEC2LaunchTemplateAccessActions",
                Effect: "Allow",
                Resource: ec2("launch-template/*"),
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
                Condition: owned,
            },
            {
                Sid: "AllowScopedEC2InstanceActionsWithTags",
                Effect: "Allow",
                Resource: launched,
                Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
                Condition: { StringEquals: requestTags, StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" } },
            },
            {
                Sid: "AllowScopedResourceCreationTagging",
                Effect: "Allow",
                Resource: launched,
                Action: ["ec2:CreateTags"],
                Condition: {
                    StringEquals: { ...requestTags, "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"] },
                    StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedResourceTagging",
                Effect: "Allow",
                Resource: ec2("instance/*"),
                Action: ["ec2:CreateTags"],
                Condition: {
                    ...owned,
                    StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": c.clusterName },
                    "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
                },
            },
            {
                Sid: "AllowScopedDeletion",
                Effect: "Allow",
                Resource: [ec2("instance/*"), ec2("launch-template/*")],
                Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
                Condition: owned,
            },
        ],
        "iam-integration": [
            {
                Sid: "AllowPassingInstanceRole",
                Effect: "Allow",
                Resource: c.nodeRoleArn,
                Action: ["iam:PassRole"],
                Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
            },
            {
                Sid: "AllowScopedInstanceProfileCreationActions",
                Effect: "Allow",
                Resource: instanceProfiles,
                Action: ["iam:CreateInstanceProfile"],
                Condition: {
                    StringEquals: { ...requestTags, "aws:RequestTag/topology.kubernetes.io/region": c.region },
                    StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileTagActions",
                Effect: "Allow",
                Resource: instanceProfiles,
                Action: ["iam:TagInstanceProfile"],
                Condition: {
                    StringEquals: {
                        [`aws:ResourceTag/${clusterTag}`]: "owned",
                        "aws:ResourceTag/topology.kubernetes.io/region": c.region,
                        ...requestTags,
                        "aws:RequestTag/topology.kubernetes.io/region": c.region,
                    },
                    StringLike: {
                        "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*",
                        "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*",
                    },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileActions",
                Effect: "Allow",
                Resource: instanceProfiles,
                Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
                Condition: {
                    StringEquals: {
                        [`aws:ResourceTag/${clusterTag}`]: "owned",
                        "aws:ResourceTag/topology.kubernetes.io/region": c.region,
                    },
                    StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
        ],
        "eks-integration": [
            { Sid: "AllowAPIServerEndpointDiscovery", Effect: "Allow", Resource: clusterArn, Action: ["eks:DescribeCluster"] },
        ],
        interruption: [
            {
                Sid: "AllowInterruptionQueueActions",
                Effect: "Allow",
                Resource: c.interruptionQueueArn,
                Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
            },
        ],
        "zonal-shift": [
            {
                Sid: "AllowZonalShiftStatusReadOnly",
                Effect: "Allow",
                Resource: "*",
                Action: ["arc-zonal-shift:GetManagedResource"],
                Condition: { StringEquals: { "arc-zonal-shift:ResourceIdentifier": clusterArn } },
            },
        ],
        "resource-discovery": [
            {
                Sid: "AllowRegionalReadActions",
                Effect: "Allow",
                Resource: "*",
                Action: [
                    "ec2:DescribeCapacityReservations",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstances",
                    "ec2:DescribeInstanceStatus",
                    "ec2:DescribeInstanceTypeOfferings",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplates",
                    "ec2:DescribePlacementGroups",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeSpotPriceHistory",
                    "ec2:DescribeSubnets",
                ],
                Condition: { StringEquals: { "aws:RequestedRegion": c.region } },
            },
            {
                Sid: "AllowSSMReadActions",
                Effect: "Allow",
                // Public parameters only (AMI ids), never the account's own.
                Resource: `arn:${c.partition}:ssm:${c.region}::parameter/aws/service/*`,
                Action: ["ssm:GetParameter"],
            },
            // The Price List API has no resource-level permissions.
            { Sid: "AllowPricingReadActions", Effect: "Allow", Resource: "*", Action: ["pricing:GetProducts"] },
            { Sid: "AllowUnscopedInstanceProfileListAction", Effect: "Allow", Resource: "*", Action: ["iam:ListInstanceProfiles"] },
            { Sid: "AllowInstanceProfileReadActions", Effect: "Allow", Resource: instanceProfiles, Action: ["iam:GetInstanceProfile"] },
        ],
    };
}

/** The interruption queue's policy: EventBridge (and SQS itself) may send, nothing reaches it without TLS. */
export function interruptionQueuePolicy(queueArn: string): object {
    return {
        Version: "2012-10-17",
        Id: "EC2InterruptionPolicy",
        Statement: [
            {
                Sid: "AllowEventsToSend",
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
                Action: "sqs:SendMessage",
                Resource: queueArn,
            },
            {
                Sid: "DenyHTTP",
                Effect: "Deny",
                Principal: "*",
                Action: "sqs:*",
                Resource: queueArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/** The events Karpenter acts on before EC2 does (same template): each rule sends them to the queue. */
export const INTERRUPTION_EVENTS: Readonly<Record<string, { readonly source: string; readonly detailType: string }>> = {
    "scheduled-change": { source: "aws.health", detailType: "AWS Health Event" },
    "spot-interruption": { source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
    rebalance: { source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
    "instance-state-change": { source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
    "capacity-reservation-interruption": { source: "aws.ec2", detailType: "EC2 Capacity Reservation Instance Interruption Warning" },
};
