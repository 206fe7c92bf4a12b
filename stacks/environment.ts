// The validated, typed description of one environment. Built once from stack config by
// ./config.ts; every component receives the parts it needs as plain typed args.

import { EcsArgs } from "../components/ecs";
import { ControlPlaneLogType, FargateProfileSettings, KubeletSettings, NodeGroupSettings } from "../components/eks/args";
import { ENVIRONMENTS, FLOW_LOG_TRAFFIC_TYPES, NAT_STRATEGIES } from "./schema";

export type EnvironmentName = (typeof ENVIRONMENTS)[number];
export type NatStrategy = (typeof NAT_STRATEGIES)[number];
export type FlowLogTrafficType = (typeof FLOW_LOG_TRAFFIC_TYPES)[number];

export interface NetworkSettings {
    readonly cidr: string;
    readonly azCount: number;
    readonly natStrategy: NatStrategy;
    readonly privateSubnets: boolean;
    readonly publicSubnetPrefixLength: number;
    readonly privateSubnetPrefixLength: number;
    readonly s3GatewayEndpoint: boolean;
    readonly interfaceEndpoints: readonly string[];
    readonly flowLogTrafficType: FlowLogTrafficType;
    readonly flowLogAggregationSeconds: 60 | 600;
}

export interface EksSettings {
    readonly enabled: boolean;
    readonly clusterName: string;
    readonly kubernetesVersion: string;
    /** Instance types of node groups that do not list their own. */
    readonly nodeInstanceTypes: readonly string[];
    /** Empty: the API server endpoint is private only. */
    readonly publicAccessCidrs: readonly string[];
    readonly logTypes: readonly ControlPlaneLogType[];
    /** IAM principals granted cluster-admin through access entries. */
    readonly adminPrincipals: readonly string[];
    /** Managed add-on name -> version; absent: the default for the cluster version. */
    readonly addonVersions: Readonly<Record<string, string>>;
    readonly kubelet: KubeletSettings;
    readonly nodeGroups: readonly NodeGroupSettings[];
    readonly fargateProfiles: readonly FargateProfileSettings[];
}

export { EcsServiceSettings, OneOffTaskSettings } from "../components/ecs/args";

/** The component's own settings, plus the default task size for services that set none. */
export interface EcsSettings extends Pick<EcsArgs,
    "containerInsights" | "logDriver" | "cpuArchitecture" | "capacity" | "certificateArn" | "accessLogsBucket" | "serviceDiscovery" | "services"> {
    readonly taskCpu: number;
    readonly taskMemory: number;
}

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
    /** Empty: the add-on's default for the cluster version. */
    readonly containerInsightsAddonVersion: string;
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
    readonly ecs: EcsSettings;
    readonly observability: ObservabilitySettings;
}
