// The shapes of EKS node groups and Fargate profiles as the component takes them (the stack config
// reads into the same shapes).

export type TaintEffect = "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE";

export interface NodeGroupSettings {
    readonly name: string;
    readonly instanceTypes: readonly string[];
    readonly capacityType: "ON_DEMAND" | "SPOT";
    readonly amiType: string;
    readonly minSize: number;
    readonly desiredSize: number;
    readonly maxSize: number;
    readonly diskSizeGiB: number;
    readonly maxUnavailable: number;
    /** IMDSv2 response hop limit; 1 keeps pods (one hop further) away from the node's credentials. */
    readonly metadataHopLimit: number;
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly { readonly key: string; readonly value?: string; readonly effect: TaintEffect }[];
}

export interface FargateProfileSettings {
    readonly name: string;
    readonly selectors: readonly { readonly namespace: string; readonly labels?: Readonly<Record<string, string>> }[];
}

/** Kubelet settings the seeds discuss: image garbage collection and graceful node shutdown. */
export interface KubeletSettings {
    readonly imageGcHighThresholdPercent: number;
    readonly imageGcLowThresholdPercent: number;
    readonly shutdownGracePeriodSeconds: number;
    readonly shutdownGracePeriodCriticalPodsSeconds: number;
}

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
export type ControlPlaneLogType = (typeof CONTROL_PLANE_LOG_TYPES)[number];

/** Karpenter's own capacity-type names (karpenter.sh/capacity-type). */
export const KARPENTER_CAPACITY_TYPES = ["on-demand", "spot"] as const;
export type KarpenterCapacityType = (typeof KARPENTER_CAPACITY_TYPES)[number];

/** The default NodePool / EC2NodeClass and the controller, as config describes them (components/eks/karpenter.ts). */
export interface KarpenterSettings {
    /** AL2023 EKS-optimized AMI release (amazon-eks-ami tag, e.g. v20260724): nodes change only when this does. */
    readonly amiVersion: string;
    readonly capacityTypes: readonly KarpenterCapacityType[];
    /** What the default NodePool may hold in all: vCPUs and GiB of memory. */
    readonly cpuLimit: number;
    readonly memoryLimitGiB: number;
    /** How long a node stays empty or underused before Karpenter consolidates it. */
    readonly consolidateAfterSeconds: number;
    /** Controller replicas: 2 when the node groups always keep two nodes (the chart spreads replicas one per node). */
    readonly controllerReplicas: number;
    /** Root volume of Karpenter's nodes: the largest of the node groups' disks. */
    readonly rootVolumeGiB: number;
}
