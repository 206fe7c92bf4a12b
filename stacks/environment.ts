// The validated, typed description of one environment. Built once from stack config by
// ./config.ts; every component receives the parts it needs as plain typed args.

import { EcsArgs } from "../components/ecs";
import { EksArgs } from "../components/eks";
import { TeamAccess } from "../components/eks/access";
import { PodIdentitySettings } from "../components/eks/pod-identity";
import { KarpenterSettings } from "../components/eks/args";
import { NetworkArgs } from "../components/network";
import { EcrScanningMode, FindingSeverity } from "../components/observability/image-scanning";
import { GuardDutySeverity } from "../components/observability/threat-detection";
import { SleepSchedule } from "../lib/sleep-schedule";
import { ENVIRONMENTS, FLOW_LOG_TRAFFIC_TYPES, NAT_STRATEGIES } from "./schema";
import type { LogArchiveSettings } from "./config-log-archive";

export type EnvironmentName = (typeof ENVIRONMENTS)[number];
export type NatStrategy = (typeof NAT_STRATEGIES)[number];
export type FlowLogTrafficType = (typeof FLOW_LOG_TRAFFIC_TYPES)[number];

/** The Network component's own settings, plus what config says instead of a list of zones or a flowLogs block. */
export interface NetworkSettings extends Pick<
    NetworkArgs,
    | "cidr"
    | "natStrategy"
    | "privateSubnets"
    | "publicSubnetPrefixLength"
    | "privateSubnetPrefixLength"
    | "s3GatewayEndpoint"
    | "interfaceEndpoints"
> {
    readonly azCount: number;
    readonly flowLogTrafficType: FlowLogTrafficType;
    readonly flowLogAggregationSeconds: NetworkArgs["flowLogs"]["aggregationSeconds"];
}

/** The EKS component's own settings, plus the switch and the default instance types of node groups. */
export interface EksSettings extends Pick<
    EksArgs,
    | "clusterName"
    | "kubernetesVersion"
    | "publicAccessCidrs"
    | "logTypes"
    | "adminPrincipals"
    | "deployRoleArn"
    | "previewRoleArn"
    | "supportType"
    | "addonVersions"
    | "addons"
    | "kubelet"
    | "nodeSessionManager"
    | "nodeGroups"
    | "fargateProfiles"
> {
    /** Security groups admitted on 443 to the cluster security group (the runner's own is added by the stack). */
    readonly apiAccessSecurityGroupIds: readonly string[];
    readonly apiAccessCidrs: readonly string[];
    readonly enabled: boolean;
    /** Whether the AWS Load Balancer Controller is installed ("auto" already resolved against the node groups). */
    readonly loadBalancerController: boolean;
    /** Instance types of node groups that do not list their own. */
    readonly nodeInstanceTypes: readonly string[];
    /** Undefined unless eksNodeAutoscaler is karpenter. */
    readonly karpenter?: KarpenterSettings;
}

/** Access below cluster-admin, Pod Identity roles and the secrets store driver; all ignored while eksEnabled is false. */
export interface EksAccessSettings {
    /** One per principal, each with the levels it holds. */
    readonly teamAccess: readonly TeamAccess[];
    readonly podIdentities: readonly PodIdentitySettings[];
    readonly secretsStoreCsi: boolean;
}

export { EcsServiceSettings, OneOffTaskSettings } from "../components/ecs/args";

/** The component's own settings, plus the default task size for services that set none. */
export interface EcsSettings extends Pick<
    EcsArgs,
    | "containerInsights"
    | "logDriver"
    | "cpuArchitecture"
    | "capacity"
    | "certificateArn"
    | "accessLogsBucket"
    | "serviceDiscovery"
    | "services"
    | "edge"
> {
    readonly taskCpu: number;
    readonly taskMemory: number;
}

/** Where `pulumi up` runs; with codebuild the stack creates the runner in its private subnets. */
export type DeliverySettings =
    | { readonly runner: "codebuild"; readonly repository: string; readonly connectionArn: string }
    | { readonly runner: "self-hosted" | "github-hosted" };

export interface ObservabilitySettings {
    readonly alarmsEnabled: boolean;
    readonly alarmSubscriptions: readonly string[];
    readonly thresholds: {
        readonly cpuHighPercent: number;
        readonly memoryHighPercent: number;
        readonly target5xxPerMinute: number;
        readonly evaluationMinutes: number;
    };
    readonly fargateLogStreamPrefix: string;
    readonly fargateRouterLogs: boolean;
    /** The ADOT collector for Fargate pod metrics (only where the cluster has Fargate profiles). */
    readonly fargateMetrics: boolean;
    /** Empty: the add-on's default for the cluster version. */
    readonly containerInsightsAddonVersion: string;
    readonly ecrScanning: EcrScanningMode;
    readonly ecrFindingsMinSeverity: FindingSeverity;
    /** Undefined with guardDuty off. */
    readonly guardDuty?: {
        readonly mode: "create" | "adopt";
        readonly detectorId?: string;
        readonly findingsMinSeverity: GuardDutySeverity;
    };
}

export interface OperationsSettings {
    /** Absent: the environment never sleeps. */
    readonly sleepSchedule?: SleepSchedule;
}

export interface Environment {
    readonly project: string;
    readonly stack: string;
    readonly name: EnvironmentName;
    /** prd: the production rules apply. */
    readonly production: boolean;
    /** Protect stateful and traffic-serving resources from deletion. */
    readonly protect: boolean;
    readonly region: string;
    /** "<project>-<environment>", the prefix of every physical name. */
    readonly namePrefix: string;
    readonly tags: Readonly<Record<string, string>>;
    readonly logRetentionDays: number;
    readonly network: NetworkSettings;
    readonly eks: EksSettings;
    /** Access levels below cluster-admin, Pod Identity roles, the Secrets Store CSI driver. */
    readonly eksAccess: EksAccessSettings;
    readonly ecs: EcsSettings;
    readonly observability: ObservabilitySettings;
    readonly logArchive: LogArchiveSettings;
    readonly delivery: DeliverySettings;
    readonly operations: OperationsSettings;
}
