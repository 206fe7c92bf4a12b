// Node autoscaling and node access of EKS: read and validated with the rest of the EKS config
// (called from ./config-eks.ts once the node groups are known).

import { KARPENTER_CAPACITY_TYPES, KarpenterCapacityType, KarpenterSettings, NodeGroupSettings } from "../components/eks/args";
import { KARPENTER_MIN_FOR_KUBERNETES } from "../lib/helm-charts";
import { nameProblem, names } from "../lib/names";
import { ConfigReader, key } from "./config-reader";
import { NODE_AUTOSCALERS, NodeAutoscaler } from "./schema-eks-autoscaling";

const AMI_VERSION = /^v20[0-9]{6}$/;
/** A controller replica per node (the chart's anti-affinity): two only when the node groups always keep two nodes. */
const CONTROLLER_REPLICAS = 2;

export interface EksAutoscalingSettings {
    readonly nodeSessionManager: boolean;
    /** Undefined unless eksNodeAutoscaler is karpenter. */
    readonly karpenter?: KarpenterSettings;
}

export function readEksAutoscaling(
    r: ConfigReader,
    context: { enabled: boolean; namePrefix: string; kubernetesVersion: string; nodeGroups: readonly NodeGroupSettings[] },
): EksAutoscalingSettings {
    const nodeSessionManager = r.boolean("eksNodeSessionManager");
    const autoscaler = r.string(
        key("eksNodeAutoscaler"),
        (v) => (NODE_AUTOSCALERS as readonly string[]).includes(v),
        `${NODE_AUTOSCALERS.join(" | ")} (cluster-autoscaler is not built: Karpenter replaces it here)`,
    ) as NodeAutoscaler;
    const amiVersion = r.string(key("eksKarpenterAmiVersion"), (v) => AMI_VERSION.test(v), "vYYYYMMDD, e.g. v20260724");
    const capacityTypes = r.stringArray("eksKarpenterCapacityTypes");
    for (const t of capacityTypes) {
        if (!(KARPENTER_CAPACITY_TYPES as readonly string[]).includes(t))
            r.issue(key("eksKarpenterCapacityTypes"), t, "not a Karpenter capacity type", KARPENTER_CAPACITY_TYPES.join(", "));
    }
    if (capacityTypes.length === 0)
        r.issue(key("eksKarpenterCapacityTypes"), "[]", "the NodePool could launch nothing", "on-demand and/or spot");
    r.noDuplicates("eksKarpenterCapacityTypes", capacityTypes);
    const cpuLimit = r.integer("eksKarpenterCpuLimit", (v) => v >= 1 && v <= 10000, "1..10000");
    const memoryLimitGiB = r.integer("eksKarpenterMemoryLimitGiB", (v) => v >= 1 && v <= 100000, "1..100000");
    const consolidateAfterSeconds = r.integer("eksKarpenterConsolidateAfterSeconds", (v) => v >= 0 && v <= 86400, "0..86400");
    if (autoscaler !== "karpenter" || !context.enabled) return { nodeSessionManager };

    // The controller's role comes through EKS Pod Identity, whose agent runs only on EC2 nodes.
    if (context.nodeGroups.length === 0 && !r.hasIssue(key("eksNodeGroups")))
        r.issue(
            key("eksNodeAutoscaler"),
            autoscaler,
            "the Karpenter controller runs on the managed node groups (EKS Pod Identity does not reach Fargate pods)",
            "at least one entry in eksNodeGroups, or none",
        );
    if (
        !r.hasIssue(key("kubernetesVersion")) &&
        !Object.prototype.hasOwnProperty.call(KARPENTER_MIN_FOR_KUBERNETES, context.kubernetesVersion)
    )
        r.issue(
            key("eksNodeAutoscaler"),
            autoscaler,
            `the pinned Karpenter chart does not support Kubernetes ${context.kubernetesVersion}`,
            `Kubernetes ${Object.keys(KARPENTER_MIN_FOR_KUBERNETES).join(", ")}, or none`,
        );
    const queuePrefixProblem = nameProblem("sqsQueuePrefix", names.karpenterQueuePrefix(context.namePrefix));
    if (queuePrefixProblem)
        r.issue(
            key("eksNodeAutoscaler"),
            names.karpenterQueuePrefix(context.namePrefix),
            queuePrefixProblem,
            "a shorter project or environment name",
        );
    const alwaysNodes = context.nodeGroups.reduce((sum, ng) => sum + ng.minSize, 0);
    return {
        nodeSessionManager,
        karpenter: {
            amiVersion,
            capacityTypes: capacityTypes as KarpenterCapacityType[],
            cpuLimit,
            memoryLimitGiB,
            consolidateAfterSeconds,
            controllerReplicas: alwaysNodes >= CONTROLLER_REPLICAS ? CONTROLLER_REPLICAS : 1,
            rootVolumeGiB: Math.max(...context.nodeGroups.map((ng) => ng.diskSizeGiB), 1),
        },
    };
}
