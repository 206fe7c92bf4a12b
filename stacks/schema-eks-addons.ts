// Keys of the EKS add-ons and what they run with: metrics-server, the VPC CNI's configuration,
// CoreDNS's replicas and spread, the default gp3 StorageClass, the EFS CSI driver, and the Pod
// Security Standards labels of the namespaces the platform creates. Merged into CONFIG_KEYS by
// ./schema.ts, read by ./config-eks-addons.ts (see docs/eks.md, "Add-ons").

/** Pod Security Standards levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;
export const STORAGE_RECLAIM_POLICIES = ["Delete", "Retain"] as const;
export const COREDNS_SPREADS = ["zone", "node", "none"] as const;
/** An unset CNI warm target: the add-on keeps its own default. */
export const CNI_TARGET_UNSET = -1;

/** A ConfigKeySpec of ./schema.ts, restated so that this module does not import back from it. */
interface AddonKeySpec {
    readonly key: string;
    readonly type: "string" | "boolean" | "integer";
    readonly description: string;
    readonly default: string | boolean | number;
    readonly allowed: string;
}

const cniTarget = (name: string, what: string): AddonKeySpec => ({
    key: `eksVpcCni${name}`,
    type: "integer",
    description: `VPC CNI ${what}; -1: the add-on's default.`,
    default: CNI_TARGET_UNSET,
    allowed: "-1 (unset) or 0..1000",
});

export const EKS_ADDON_CONFIG_KEYS: readonly AddonKeySpec[] = [
    {
        key: "eksMetricsServer",
        type: "boolean",
        description: "The metrics-server EKS add-on (resource metrics for the HPA and `kubectl top`); with node groups only.",
        default: true,
        allowed: "true | false",
    },
    {
        key: "eksVpcCniNetworkPolicy",
        type: "boolean",
        description: "VPC CNI enableNetworkPolicy: its node agent enforces Kubernetes NetworkPolicy on EC2 nodes (not on Fargate).",
        default: true,
        allowed: "true | false",
    },
    {
        key: "eksVpcCniPolicyEventLogs",
        type: "boolean",
        description: "VPC CNI nodeAgent.enablePolicyEventLogs: the node agent logs each allow/deny decision on the node.",
        default: false,
        allowed: "true | false, needs eksVpcCniNetworkPolicy",
    },
    {
        key: "eksVpcCniPrefixDelegation",
        type: "boolean",
        description:
            "VPC CNI ENABLE_PREFIX_DELEGATION: /28 prefixes instead of single IPs per ENI slot (more pods per node; new nodes only).",
        default: false,
        allowed: "true | false",
    },
    {
        key: "eksVpcCniExternalSnat",
        type: "boolean",
        description:
            "VPC CNI AWS_VPC_K8S_CNI_EXTERNALSNAT: pods keep their own IP beyond the VPC (NAT gateway, VPN, peering) instead of the node's.",
        default: false,
        allowed: "true | false",
    },
    cniTarget("WarmEniTarget", "WARM_ENI_TARGET (whole ENIs kept attached in reserve)"),
    cniTarget("WarmIpTarget", "WARM_IP_TARGET (free IPs kept in reserve)"),
    cniTarget("MinimumIpTarget", "MINIMUM_IP_TARGET (IPs allocated per node at least)"),
    cniTarget("WarmPrefixTarget", "WARM_PREFIX_TARGET (free /28 prefixes kept in reserve, with prefix delegation)"),
    {
        key: "eksCoreDnsReplicas",
        type: "integer",
        description: "CoreDNS replicaCount.",
        default: 2,
        allowed: "2..10 (1 only outside prd)",
    },
    {
        key: "eksCoreDnsSpread",
        type: "string",
        description: `How CoreDNS replicas spread: ${COREDNS_SPREADS.join(" | ")} (topologySpreadConstraints over zones or nodes, maxSkew 1).`,
        default: "zone",
        allowed: COREDNS_SPREADS.join(", "),
    },
    {
        key: "eksDefaultStorageClass",
        type: "boolean",
        description:
            "A gp3, encrypted, WaitForFirstConsumer StorageClass for the EBS CSI driver, the cluster's default; with node groups only.",
        default: true,
        allowed: "true | false",
    },
    {
        key: "eksStorageReclaimPolicy",
        type: "string",
        description:
            "reclaimPolicy of the gp3 class: Delete removes a volume with its claim, Retain keeps it (and its cost) until removed by hand.",
        default: "Delete",
        allowed: STORAGE_RECLAIM_POLICIES.join(", "),
    },
    {
        key: "eksStorageKmsKeyArn",
        type: "string",
        description: "Customer managed KMS key the gp3 class encrypts volumes with; empty: the account's EBS default key.",
        default: "",
        allowed: "empty, or a KMS key ARN of the stack's region and partition",
    },
    {
        key: "eksEfsCsiDriver",
        type: "boolean",
        description:
            "The aws-efs-csi-driver add-on, its controller on a Pod Identity role with AmazonEFSCSIDriverPolicy; with node groups only.",
        default: false,
        allowed: "true | false (needs node groups)",
    },
    {
        key: "eksPodSecurityEnforce",
        type: "string",
        description: "pod-security.kubernetes.io/enforce on the namespaces the platform creates for workloads.",
        default: "baseline",
        allowed: POD_SECURITY_LEVELS.join(", "),
    },
    {
        key: "eksPodSecurityAudit",
        type: "string",
        description: "pod-security.kubernetes.io/audit on those namespaces (violations recorded in the audit log).",
        default: "restricted",
        allowed: `${POD_SECURITY_LEVELS.join(", ")}; at least the enforce level`,
    },
    {
        key: "eksPodSecurityWarn",
        type: "string",
        description: "pod-security.kubernetes.io/warn on those namespaces (violations returned as warnings to the client).",
        default: "restricted",
        allowed: `${POD_SECURITY_LEVELS.join(", ")}; at least the enforce level`,
    },
];
