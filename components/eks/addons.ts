// What the EKS add-ons run with, as the component takes it, and the configurationValues JSON each
// add-on gets. The keys are those of the add-ons' own schemas (`aws eks describe-addon-configuration
// --addon-name <name> --addon-version <version>`): vpc-cni takes top-level `enableNetworkPolicy`, a
// `nodeAgent` block and an `env` map of strings; coredns takes `replicaCount`,
// `topologySpreadConstraints` and `computeType`.

export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

export interface VpcCniSettings {
    readonly networkPolicy: boolean;
    readonly policyEventLogs: boolean;
    readonly prefixDelegation: boolean;
    readonly externalSnat: boolean;
    /** Absent: the add-on's default. */
    readonly warmEniTarget?: number;
    readonly warmIpTarget?: number;
    readonly minimumIpTarget?: number;
    readonly warmPrefixTarget?: number;
}

export interface CoreDnsSettings {
    readonly replicaCount: number;
    readonly spread: "zone" | "node" | "none";
}

export interface StorageSettings {
    /** The default gp3 class (declared only with node groups: EBS volumes attach to EC2 nodes). */
    readonly defaultClass: boolean;
    readonly reclaimPolicy: "Delete" | "Retain";
    /** Empty: the account's EBS default key. */
    readonly kmsKeyArn: string;
    readonly efsCsiDriver: boolean;
}

export interface PodSecuritySettings {
    readonly enforce: PodSecurityLevel;
    readonly audit: PodSecurityLevel;
    readonly warn: PodSecurityLevel;
}

export interface EksAddonSettings {
    readonly metricsServer: boolean;
    readonly vpcCni: VpcCniSettings;
    readonly coreDns: CoreDnsSettings;
    readonly storage: StorageSettings;
    readonly podSecurity: PodSecuritySettings;
}

/** The EKS add-on names this module declares beside the component's original ones. */
export const METRICS_SERVER_ADDON = "metrics-server";
export const EFS_CSI_ADDON = "aws-efs-csi-driver";
/** The EFS CSI controller's service account, as the add-on creates it. */
export const EFS_CSI_SERVICE_ACCOUNT = "efs-csi-controller-sa";
export const EFS_CSI_POLICY = "service-role/AmazonEFSCSIDriverPolicy";

/** The vpc-cni add-on's configurationValues. */
export function vpcCniConfiguration(s: VpcCniSettings): Record<string, unknown> {
    const env: Record<string, string> = {
        ENABLE_PREFIX_DELEGATION: String(s.prefixDelegation),
        AWS_VPC_K8S_CNI_EXTERNALSNAT: String(s.externalSnat),
    };
    // Every value in the add-on's env schema is a string, numbers included.
    const targets: [string, number | undefined][] = [
        ["WARM_ENI_TARGET", s.warmEniTarget],
        ["WARM_IP_TARGET", s.warmIpTarget],
        ["MINIMUM_IP_TARGET", s.minimumIpTarget],
        ["WARM_PREFIX_TARGET", s.warmPrefixTarget],
    ];
    for (const [name, value] of targets) if (value !== undefined) env[name] = String(value);
    return {
        enableNetworkPolicy: String(s.networkPolicy),
        ...(s.networkPolicy ? { nodeAgent: { enablePolicyEventLogs: String(s.policyEventLogs) } } : {}),
        env,
    };
}

/** The label CoreDNS pods carry (and the Fargate profile for CoreDNS selects). */
export const COREDNS_POD_LABELS = { "k8s-app": "kube-dns" } as const;

/** The coredns add-on's configurationValues. */
export function coreDnsConfiguration(s: CoreDnsSettings, onFargate: boolean): Record<string, unknown> {
    // ScheduleAnyway: a zone or node short of room delays nothing; the scheduler only prefers the spread.
    const topologyKey = s.spread === "zone" ? "topology.kubernetes.io/zone" : "kubernetes.io/hostname";
    return {
        replicaCount: s.replicaCount,
        ...(s.spread === "none"
            ? {}
            : {
                  topologySpreadConstraints: [
                      {
                          maxSkew: 1,
                          topologyKey,
                          whenUnsatisfiable: "ScheduleAnyway",
                          labelSelector: { matchLabels: { ...COREDNS_POD_LABELS } },
                      },
                  ],
              }),
        ...(onFargate ? { computeType: "Fargate" } : {}),
    };
}

/**
 * Pod Security Admission labels at the cluster's Kubernetes minor: a pinned version keeps what a
 * level admits from changing under running workloads until the cluster itself is upgraded.
 */
export function podSecurityLabels(s: PodSecuritySettings, kubernetesVersion: string): Record<string, string> {
    const version = `v${kubernetesVersion}`;
    const labels: Record<string, string> = {};
    for (const mode of ["enforce", "audit", "warn"] as const) {
        labels[`pod-security.kubernetes.io/${mode}`] = s[mode];
        labels[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    return labels;
}

/** aws-observability holds only Fargate's logging ConfigMap, never a pod. */
export const AWS_OBSERVABILITY_POD_SECURITY: PodSecuritySettings = { enforce: "restricted", audit: "restricted", warn: "restricted" };

/** Namespaces of Fargate selectors the platform creates: literal names, not Kubernetes' own. */
export function fargateNamespacesToCreate(selectorNamespaces: readonly string[]): string[] {
    const reserved = (ns: string) => ns === "default" || ns.startsWith("kube-") || ns === "aws-observability";
    return [...new Set(selectorNamespaces.filter((ns) => !/[*?]/.test(ns) && !reserved(ns)))];
}
