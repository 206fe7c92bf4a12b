// Node autoscaling and node access keys of EKS (platform:eksNodeAutoscaler, platform:eksKarpenter*,
// platform:eksNodeSessionManager), see docs/eks.md "Node autoscaling". Merged into CONFIG_KEYS by
// ./schema.ts, read by ./config-eks-autoscaling.ts.

import { KARPENTER_CAPACITY_TYPES } from "../components/eks/args";

export const NODE_AUTOSCALERS = ["karpenter", "none"] as const;
export type NodeAutoscaler = (typeof NODE_AUTOSCALERS)[number];

/** The AL2023 EKS-optimized AMI release Karpenter's nodes run (github.com/awslabs/amazon-eks-ami tag v20260724). */
export const DEFAULT_KARPENTER_AMI_VERSION = "v20260724";

interface AutoscalingKeySpec {
    readonly key: string;
    readonly type: "string" | "integer" | "boolean" | "array";
    readonly description: string;
    readonly default: string | number | boolean | readonly string[];
    readonly allowed: string;
}

export const EKS_AUTOSCALING_CONFIG_KEYS: readonly AutoscalingKeySpec[] = [
    {
        key: "eksNodeAutoscaler",
        type: "string",
        description: `Who adds nodes beyond the managed node groups: ${NODE_AUTOSCALERS.join(" | ")}. karpenter: the Karpenter controller on the node groups, a default NodePool and EC2NodeClass, and its interruption queue (docs/eks.md).`,
        default: "none",
        allowed: "karpenter (needs a node group), none; cluster-autoscaler is not built",
    },
    {
        key: "eksNodeSessionManager",
        type: "boolean",
        description:
            "Session Manager on EC2 nodes through AmazonSSMManagedEC2InstanceDefaultPolicy (no SSM parameter reads); false: no SSM policy on node roles.",
        default: true,
        allowed: "",
    },
    {
        key: "eksKarpenterAmiVersion",
        type: "string",
        description:
            "AL2023 EKS-optimized AMI release of Karpenter's nodes (EC2NodeClass alias al2023@<version>); a change replaces the nodes.",
        default: DEFAULT_KARPENTER_AMI_VERSION,
        allowed: "vYYYYMMDD, an amazon-eks-ami release",
    },
    {
        key: "eksKarpenterCapacityTypes",
        type: "array",
        description: `Capacity types the default NodePool may launch: ${KARPENTER_CAPACITY_TYPES.join(", ")}.`,
        default: ["on-demand"],
        allowed: "a non-empty subset of on-demand, spot",
    },
    {
        key: "eksKarpenterCpuLimit",
        type: "integer",
        description: "vCPUs the default NodePool's nodes may total.",
        default: 64,
        allowed: "1..10000",
    },
    {
        key: "eksKarpenterMemoryLimitGiB",
        type: "integer",
        description: "GiB of memory the default NodePool's nodes may total.",
        default: 256,
        allowed: "1..100000",
    },
    {
        key: "eksKarpenterConsolidateAfterSeconds",
        type: "integer",
        description: "How long a node stays empty or underused before Karpenter consolidates it.",
        default: 60,
        allowed: "0..86400",
    },
];
