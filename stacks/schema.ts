// Every config key the program reads: its type, default, description, what the docs say is
// allowed, and for the structured keys (lists of maps, maps) the shape of the value. This module is
// the one source: Pulumi.yaml's `config:` block and the table in docs/configuration.md are written
// from it by `npm run config:docs` (tools/config-docs.ts), and a test fails when either differs from
// what the script would write. The offline preview applies the defaults the CLI would, from Pulumi.yaml.
//
// The shapes are described with valibot (https://valibot.dev), chosen over zod 4 and TypeBox for:
// - maintenance: a stable 1.x API, regular releases, MIT, no dependencies of its own;
// - load time: every preview loads this module; valibot loads in ~10 ms here, zod 4 in ~80 ms
//   (its classic and mini builds alike); the program's load time is profiled (README, Performance);
// - issues: each one carries its path as items holding the key and the value found there, which
//   is what our messages need (`platform:ecsServices[0].port = 0: ...`); `objectWithRest(..., never())`
//   reports every unknown field, one issue each, as the readers always have (valibot's own
//   strictObject stops at the first; zod's gives one issue per object, TypeBox a JSON-pointer string);
// - inference: `v.InferOutput` derives the config types below from the shapes, so they are not restated.
// What a shape says is structural (which fields exist, their types, the static defaults); the
// readers (stacks/config-*.ts) walk each map field by field through ShapeReader
// (./config-reader.ts), which turns the library's issues into our ConfigIssue with the reader's own
// words, and keep every rule that needs more than one field or the stack's context.

import * as v from "valibot";
import { LOG_RETENTION_DAYS } from "../lib/aws-facts";
import type { FargateProfileSettings, NodeGroupSettings } from "../components/eks/args";
import type { EcsServiceSettings, OneOffTaskSettings } from "../components/ecs/args";
import { ECS_EDGE_CONFIG_KEYS, ECS_WORKLOAD_FIELDS } from "./schema-ecs-workloads";
import { EKS_ADDON_CONFIG_KEYS } from "./schema-eks-addons";
import { EKS_ACCESS_CONFIG_KEYS } from "./schema-eks-access";
import { EKS_AUTOSCALING_CONFIG_KEYS } from "./schema-eks-autoscaling";
import { OPERATIONS_CONFIG_KEYS } from "./schema-operations";
import { LOG_ARCHIVE_CONFIG_KEYS } from "./schema-log-archive";

export type ConfigValueType = "string" | "integer" | "boolean" | "array" | "object";
export type ConfigDefault = string | number | boolean | readonly string[];

export interface ConfigKeySpec {
    /** Key inside the project namespace, e.g. "vpcCidr" for `platform:vpcCidr`. */
    readonly key: string;
    /** As Pulumi.yaml declares it; "object" keys (lists of maps, maps) are not declarable there. */
    readonly type: ConfigValueType;
    readonly description: string;
    /** Absent: the stack must set it. */
    readonly default?: ConfigDefault;
    /** What is allowed, in a few words: the "Allowed" column of docs/configuration.md. */
    readonly allowed: string;
    /** The shape of a structured key's value; its reader checks it field by field. */
    readonly shape?: v.GenericSchema;
}

/** The project name in Pulumi.yaml, which is also the config namespace. */
export const PROJECT_NAME = "platform";

export const ENVIRONMENTS = ["dev", "stg", "prd"] as const;
export const NAT_STRATEGIES = ["single", "one-per-az", "none"] as const;
export const FLOW_LOG_TRAFFIC_TYPES = ["ALL", "ACCEPT", "REJECT"] as const;
export const DEPLOY_RUNNERS = ["codebuild", "self-hosted", "github-hosted"] as const;
export const LOAD_BALANCER_CONTROLLER_MODES = ["auto", "on", "off"] as const;
export const EKS_SUPPORT_TYPES = ["STANDARD", "EXTENDED"] as const;

/** Node group AMI types: user data here is an AL2023 nodeadm NodeConfig. */
export const AMI_TYPES = ["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD"] as const;
export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;
/** Kubernetes' taint effects, as written in config (the readers map them to the EKS API's names). */
export const TAINT_EFFECT_NAMES = ["NoSchedule", "NoExecute", "PreferNoSchedule"] as const;

const LOG_RETENTION_DAYS_TEXT = LOG_RETENTION_DAYS.join(", ");

// Building blocks. A map here is a YAML map: valibot's record and object schemas also take arrays.
const integer = v.pipe(v.number(), v.safeInteger());
/** A YAML map, not a list: valibot's record takes arrays (and returns them as maps), so this goes first. */
const yamlMap = v.custom<Record<string, unknown>>((value) => typeof value === "object" && value !== null && !Array.isArray(value));
/** A YAML map of string values. */
export const STRING_MAP_SHAPE = v.pipe(yamlMap, v.record(v.string(), v.string()));
/** Tags and add-on versions: string values of at most 256 characters. */
export const TAG_MAP_SHAPE = v.pipe(yamlMap, v.record(v.string(), v.pipe(v.string(), v.maxLength(256))));
export const STRING_LIST_SHAPE = v.array(v.string());
/** A list whose items are maps, each checked by its reader against the item's shape. */
export const LIST_OF_MAPS_SHAPE = v.array(yamlMap);
/** A name YAML may give as a number or a boolean (`name: 1`), taken as its text. */
const scalarText = v.pipe(v.union([v.string(), v.number(), v.boolean()]), v.transform(String));
/** A map with these fields and no others: each unknown field is an issue of its own. */
function closedMap<E extends v.ObjectEntries>(entries: E): v.ObjectWithRestSchema<E, v.NeverSchema<undefined>, undefined> {
    return v.objectWithRest(entries, v.never());
}

// ECS services (platform:ecsServices), see docs/ecs.md.
export const ECS_AUTOSCALING_SHAPE = closedMap({
    min: v.optional(integer),
    max: v.optional(integer),
    cpuTargetPercent: v.optional(integer, 60),
    requestsPerTarget: v.optional(integer),
});
/** Fields other than these are ignored. */
export const ECS_ONE_OFF_TASK_SHAPE = v.object({
    name: v.string(),
    command: STRING_LIST_SHAPE,
});
export const ECS_SERVICE_SHAPE = closedMap({
    name: v.string(),
    /** Without ecrRepository. */
    image: v.optional(v.string()),
    /** With ecrRepository. */
    imageTag: v.optional(v.string()),
    ecrRepository: v.optional(v.boolean(), false),
    port: integer,
    /** Absent: taskCpu / taskMemory. */
    cpu: v.optional(integer),
    memory: v.optional(integer),
    desiredCount: v.optional(integer, 1),
    healthCheckPath: v.optional(v.string(), "/"),
    pathPattern: v.optional(v.string(), "/*"),
    environment: v.optional(STRING_MAP_SHAPE, {}),
    /** Secret or SSM parameter ARNs, never values. */
    secrets: v.optional(STRING_MAP_SHAPE, {}),
    /** Absent: min = max = desiredCount. */
    autoscaling: v.nullish(ECS_AUTOSCALING_SHAPE),
    command: v.optional(STRING_LIST_SHAPE),
    oneOffTasks: v.nullish(v.array(ECS_ONE_OFF_TASK_SHAPE), []),
    ...ECS_WORKLOAD_FIELDS,
});

// EKS managed node groups and Fargate profiles (platform:eksNodeGroups, platform:eksFargateProfiles), see docs/eks.md.
const size = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
/** Fields other than these are ignored. */
export const EKS_TAINT_SHAPE = v.object({
    key: v.string(),
    value: v.optional(v.string()),
    effect: v.picklist(TAINT_EFFECT_NAMES),
});
export const EKS_NODE_GROUP_SHAPE = closedMap({
    name: scalarText,
    /** Absent: nodeInstanceTypes. */
    instanceTypes: v.optional(STRING_LIST_SHAPE),
    capacityType: v.nullish(v.picklist(CAPACITY_TYPES), "ON_DEMAND"),
    amiType: v.nullish(v.picklist(AMI_TYPES), "AL2023_x86_64_STANDARD"),
    minSize: v.nullish(size, 1),
    /** Absent: minSize. */
    desiredSize: v.nullish(size),
    /** Absent: desiredSize (at least 1). */
    maxSize: v.nullish(size),
    diskSizeGiB: v.nullish(size, 50),
    maxUnavailable: v.nullish(size, 1),
    metadataHopLimit: v.nullish(size, 1),
    labels: v.optional(STRING_MAP_SHAPE, {}),
    taints: v.nullish(v.array(EKS_TAINT_SHAPE), []),
});
/** Fields other than these are ignored. */
export const EKS_FARGATE_SELECTOR_SHAPE = v.object({
    namespace: v.pipe(v.string(), v.nonEmpty()),
    labels: v.optional(STRING_MAP_SHAPE, {}),
});
export const EKS_FARGATE_PROFILE_SHAPE = closedMap({
    name: scalarText,
    selectors: v.array(EKS_FARGATE_SELECTOR_SHAPE),
});

/** What a map of the shape gives: its fields, with the static defaults applied. */
export type MapOutput<S> =
    S extends v.ObjectWithRestSchema<infer E, v.NeverSchema<undefined>, undefined>
        ? v.InferOutput<v.ObjectSchema<E, undefined>>
        : S extends v.ObjectSchema<v.ObjectEntries, undefined>
          ? v.InferOutput<S>
          : never;
/** A service, node group, Fargate profile... as written in config, with the static defaults applied. */
export type EcsServiceConfig = MapOutput<typeof ECS_SERVICE_SHAPE>;
export type EcsAutoscalingConfig = MapOutput<typeof ECS_AUTOSCALING_SHAPE>;
export type EcsOneOffTaskConfig = MapOutput<typeof ECS_ONE_OFF_TASK_SHAPE>;
export type EksNodeGroupConfig = MapOutput<typeof EKS_NODE_GROUP_SHAPE>;
export type EksTaintConfig = MapOutput<typeof EKS_TAINT_SHAPE>;
export type EksFargateProfileConfig = MapOutput<typeof EKS_FARGATE_PROFILE_SHAPE>;
export type StringMapConfig = v.InferOutput<typeof STRING_MAP_SHAPE>;

// Compile-time checks: what a shape gives, once the reader has filled in the defaults that depend
// on other keys (and mapped taint effects to the EKS API's names), is what the component takes.
// components/*/args.ts stay the components' own contract; a shape that drifts from it fails `tsc`.
type Assignable<From extends To, To> = [From, To];
type Filled<T, Context extends keyof T> = Omit<T, Context> & { [K in Context]-?: Exclude<T[K], undefined | null> };
export type ShapeContractChecks = [
    Assignable<
        Filled<Omit<EcsServiceConfig, "autoscaling" | "oneOffTasks">, "image" | "cpu" | "memory">,
        Omit<EcsServiceSettings, "autoscaling" | "oneOffTasks">
    >,
    Assignable<Filled<EcsAutoscalingConfig, "min" | "max">, EcsServiceSettings["autoscaling"]>,
    Assignable<EcsOneOffTaskConfig, OneOffTaskSettings>,
    Assignable<Filled<Omit<EksNodeGroupConfig, "taints">, "instanceTypes" | "desiredSize" | "maxSize">, Omit<NodeGroupSettings, "taints">>,
    Assignable<Omit<EksTaintConfig, "effect">, Omit<NodeGroupSettings["taints"][number], "effect">>,
    Assignable<EksFargateProfileConfig, FargateProfileSettings>,
];

export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
    {
        key: "environment",
        type: "string",
        description: `Environment name: ${ENVIRONMENTS.join(" | ")}. prd turns on the production rules (>= 3 AZs, NAT per AZ, protection).`,
        allowed: "dev, stg, prd (prd turns on the production rules)",
    },
    {
        key: "owner",
        type: "string",
        description: "Team that owns the stack; becomes the `owner` tag on every resource.",
        allowed: "non-empty; tag `owner`",
    },
    {
        key: "costCenter",
        type: "string",
        description: "Cost center; becomes the `cost-center` tag on every resource.",
        allowed: "non-empty; tag `cost-center`",
    },
    {
        key: "extraTags",
        type: "object",
        description: "Additional tags (string map) for every resource. May not override environment, owner or cost-center.",
        allowed:
            "at most 41 (50 per resource with the platform's and Karpenter's own); not environment/owner/cost-center/Name/tier, `aws:*`, `kubernetes.io/*`, `eks:*`, `karpenter.*`",
        shape: TAG_MAP_SHAPE,
    },
    {
        key: "protect",
        type: "boolean",
        description: "Protect stateful and traffic-serving resources from deletion (required true in prd).",
        default: false,
        allowed: "must be true in prd",
    },
    {
        key: "logRetentionDays",
        type: "integer",
        description: "Retention of every CloudWatch log group the platform creates (a value CloudWatch accepts).",
        default: 30,
        allowed: `${LOG_RETENTION_DAYS_TEXT}`,
    },
    {
        key: "vpcCidr",
        type: "string",
        description: "IPv4 CIDR of the VPC, /16 to /24.",
        default: "10.0.0.0/16",
        allowed: "IPv4 network, /16 to /24, with room for the subnets",
    },
    {
        key: "azCount",
        type: "integer",
        description: "Availability zones to spread subnets over: 2..6 (prd: at least 3).",
        default: 2,
        allowed: "2..6 (prd ≥ 3), and no more than the region offers",
    },
    {
        key: "natStrategy",
        type: "string",
        description: `NAT gateways: ${NAT_STRATEGIES.join(" | ")}. Private subnets need single or one-per-az; prd needs one-per-az.`,
        default: "single",
        allowed: "single, one-per-az, none (none only without private subnets; prd: one-per-az)",
    },
    {
        key: "privateSubnets",
        type: "boolean",
        description: "Create private subnets (where ECS tasks and EKS nodes run).",
        default: true,
        allowed: "",
    },
    {
        key: "publicSubnetPrefixLength",
        type: "integer",
        description: "Prefix length of each public subnet (load balancers, NAT).",
        default: 24,
        allowed: "16..28",
    },
    {
        key: "privateSubnetPrefixLength",
        type: "integer",
        description: "Prefix length of each private subnet (tasks, nodes and pods take one IP each).",
        default: 20,
        allowed: "16..28",
    },
    {
        key: "s3GatewayEndpoint",
        type: "boolean",
        description: "S3 gateway endpoint on the private route tables (free; ECR image layers come from S3).",
        default: true,
        allowed: "",
    },
    {
        key: "interfaceEndpoints",
        type: "array",
        description:
            "Interface VPC endpoints to create (see docs/network.md for the list and cost). Empty: private traffic to AWS goes through NAT.",
        default: [],
        allowed: "names from the endpoint table above, each once",
    },
    {
        key: "flowLogTrafficType",
        type: "string",
        description: `VPC flow log traffic type: ${FLOW_LOG_TRAFFIC_TYPES.join(" | ")}.`,
        default: "ALL",
        allowed: "ALL, ACCEPT, REJECT",
    },
    {
        key: "flowLogAggregationSeconds",
        type: "integer",
        description: "VPC flow log aggregation interval: 60 or 600 seconds.",
        default: 600,
        allowed: "60, 600",
    },
    {
        key: "eksEnabled",
        type: "boolean",
        description: "An EKS cluster is planned in this VPC (adds the kubernetes.io/cluster/<name> subnet tags).",
        default: true,
        allowed: "adds the `kubernetes.io/cluster/<name>` subnet tags",
    },
    {
        key: "eksLoadBalancerController",
        type: "string",
        description:
            "The AWS Load Balancer Controller (Helm chart, Pod Identity role, default IngressClass `alb`, IP targets): auto = installed when the cluster has node groups (its pods run there) | on | off.",
        default: "auto",
        allowed: "auto, on (needs at least one node group), off",
    },
    {
        key: "eksClusterName",
        type: "string",
        description: "EKS cluster name; empty means <project>-<environment>.",
        default: "",
        allowed: "empty = `<project>-<environment>`; 1–100 of A–Z a–z 0–9 - _",
    },
    {
        key: "kubernetesVersion",
        type: "string",
        description: 'EKS Kubernetes version, "1.<minor>".',
        default: "1.35",
        allowed: "`1.<minor>` that EKS offers, not past extended support (see [checks](configuration-checks.md))",
    },
    {
        key: "nodeInstanceTypes",
        type: "array",
        description: "EC2 instance types for the default EKS managed node group.",
        default: ["m7i.large"],
        allowed: "EC2 instance type shapes (`m7i.large`, `c7g.2xlarge`, …)",
    },
    {
        key: "taskCpu",
        type: "integer",
        description: "Default Fargate task CPU units (256, 512, 1024, 2048, 4096, 8192, 16384).",
        default: 256,
        allowed: "256, 512, 1024, 2048, 4096, 8192, 16384",
    },
    {
        key: "taskMemory",
        type: "integer",
        description: "Default Fargate task memory in MiB (a value Fargate accepts with taskCpu).",
        default: 512,
        allowed: "a memory Fargate accepts with taskCpu",
    },
    // Observability.
    {
        key: "alarmsEnabled",
        type: "boolean",
        description: "Create the SNS topic and the day-one CloudWatch alarms.",
        default: false,
        allowed: "",
    },
    {
        key: "alarmSubscriptions",
        type: "array",
        description: "Who the alarm topic notifies: e-mail addresses, or SQS queue / Lambda function ARNs.",
        default: [],
        allowed: "e-mail addresses, SQS or Lambda ARNs",
    },
    {
        key: "alarmCpuHighPercent",
        type: "integer",
        description: "ECS service average CPU (%) above which the CPU alarm fires.",
        default: 80,
        allowed: "1..100",
    },
    {
        key: "alarmMemoryHighPercent",
        type: "integer",
        description: "ECS service average memory (%) above which the memory alarm fires.",
        default: 80,
        allowed: "1..100",
    },
    {
        key: "alarmTarget5xxPerMinute",
        type: "integer",
        description: "Target 5xx responses per minute above which the ALB alarm fires.",
        default: 10,
        allowed: "0 or more",
    },
    {
        key: "alarmEvaluationMinutes",
        type: "integer",
        description: "Minutes a condition must hold before an alarm fires (1..60).",
        default: 5,
        allowed: "1..60",
    },
    {
        key: "fargateLogStreamPrefix",
        type: "string",
        description: "Log stream prefix of Fargate pod logs in CloudWatch.",
        default: "fargate-",
        allowed: "no `:` or `*`",
    },
    {
        key: "fargateRouterLogs",
        type: "boolean",
        description: "flb_log_cw: also ship the Fargate Fluent Bit router's own logs (to <cluster>-fluent-bit-logs).",
        default: false,
        allowed: "flb_log_cw",
    },
    {
        key: "containerInsightsAddonVersion",
        type: "string",
        description: "Version of the amazon-cloudwatch-observability add-on; empty for the cluster version's default.",
        default: "",
        allowed: "`vX.Y.Z-eksbuild.N` or empty",
    },
    {
        key: "fargateMetrics",
        type: "boolean",
        description:
            "Container Insights metrics of EKS Fargate pods: an ADOT collector (on Fargate, its own profile and namespace fargate-container-insights) writing pod CPU/memory/network to the ContainerInsights namespace. Runs only when the cluster has Fargate profiles.",
        default: true,
        allowed: "",
    },
    {
        key: "ecrScanning",
        type: "string",
        description:
            "Registry scanning of the platform's repositories (`<project>-<env>/*`): basic (scan on push) | enhanced (Amazon Inspector, continuous, findings to the alarm topic) | unmanaged. Replaces the account's registry scanning configuration in the region.",
        default: "basic",
        allowed: "basic, enhanced (needs alarmsEnabled), unmanaged (leave the registry's configuration alone)",
    },
    {
        key: "ecrFindingsMinSeverity",
        type: "string",
        description: "Lowest Inspector finding severity sent to the alarm topic (enhanced scanning).",
        default: "HIGH",
        allowed: "CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL",
    },
    ...LOG_ARCHIVE_CONFIG_KEYS,
    {
        key: "guardDuty",
        type: "string",
        description:
            "Amazon GuardDuty (one detector per account and region): off | create (this stack owns the detector) | adopt (set the platform's features on the existing guardDutyDetectorId). EKS audit logs and Runtime Monitoring with GuardDuty-managed agents (EKS add-on, ECS Fargate sidecar); findings to the alarm topic.",
        default: "off",
        allowed: "off, create, adopt (needs guardDutyDetectorId)",
    },
    {
        key: "guardDutyDetectorId",
        type: "string",
        description: "With guardDuty adopt: the id of the account-region's existing detector (`aws guardduty list-detectors`).",
        default: "",
        allowed: "32 lowercase hexadecimal characters; only with guardDuty adopt",
    },
    {
        key: "guardDutyFindingsMinSeverity",
        type: "string",
        description: "Lowest GuardDuty finding severity sent to the alarm topic (LOW 1+, MEDIUM 4+, HIGH 7+, CRITICAL 9+).",
        default: "HIGH",
        allowed: "LOW, MEDIUM, HIGH, CRITICAL",
    },
    // ECS on Fargate.
    {
        key: "ecsServices",
        type: "object",
        description:
            "ECS services: a list of {name, image | ecrRepository+imageTag, port, cpu, memory, desiredCount, healthCheckPath, pathPattern, environment, secrets, command, autoscaling, oneOffTasks} (see docs/ecs.md).",
        allowed: 'see "ECS on Fargate"; names unique, ports 1..65535, min ≤ desired ≤ max, secrets as ARNs',
        shape: v.array(ECS_SERVICE_SHAPE),
    },
    {
        key: "ecsContainerInsights",
        type: "string",
        description: "Container Insights on the ECS cluster: enhanced | enabled.",
        default: "enhanced",
        allowed: "enhanced, enabled",
    },
    {
        key: "ecsLogDriver",
        type: "string",
        description: "Container logging: awslogs (straight to CloudWatch) | firelens (a Fluent Bit log-router sidecar).",
        default: "awslogs",
        allowed: "awslogs, firelens",
    },
    {
        key: "ecsCpuArchitecture",
        type: "string",
        description: "Task CPU architecture: X86_64 | ARM64 (Graviton; images must be built for it).",
        default: "X86_64",
        allowed: "X86_64, ARM64 (ARM64 not with an ecsSpotWeight: Fargate Spot is X86_64 only)",
    },
    {
        key: "ecsFargateBase",
        type: "integer",
        description: "Tasks of each service always placed on FARGATE (on-demand) before weights apply (prd: at least 1).",
        default: 0,
        allowed: "0..100000 (prd ≥ 1)",
    },
    {
        key: "ecsFargateWeight",
        type: "integer",
        description: "Relative share of tasks on FARGATE beyond the base.",
        default: 1,
        allowed: "0..1000; not both weights 0",
    },
    {
        key: "ecsSpotWeight",
        type: "integer",
        description: "Relative share of tasks on FARGATE_SPOT beyond the base.",
        default: 0,
        allowed: "0..1000; not both weights 0",
    },
    {
        key: "albCertificateArn",
        type: "string",
        description: "ACM certificate for an HTTPS listener (HTTP then redirects to HTTPS); empty: HTTP only.",
        default: "",
        allowed: "an ACM certificate ARN",
    },
    {
        key: "albAccessLogsBucket",
        type: "string",
        description: "S3 bucket for ALB access logs (its policy must allow the ELB service to write); empty: off.",
        default: "",
        allowed: "an S3 bucket name",
    },
    {
        key: "ecsServiceDiscovery",
        type: "boolean",
        description: "A Cloud Map private DNS namespace <project>-<env>.internal so services reach each other by name.",
        default: false,
        allowed: "",
    },
    ...ECS_EDGE_CONFIG_KEYS,
    // EKS.
    {
        key: "eksPublicAccessCidrs",
        type: "array",
        description:
            "CIDRs allowed to reach the EKS API server's public endpoint; empty: private endpoint only (never open to the internet in prd).",
        default: [],
        allowed: "at most 40 IPv4 CIDRs; in prd, less than a /8's worth of public addresses together",
    },
    {
        key: "eksLogTypes",
        type: "array",
        description: "Control-plane log types (api, audit, authenticator, controllerManager, scheduler); audit always, all five in prd.",
        default: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        allowed: "audit always; all five in prd",
    },
    {
        key: "eksAdminPrincipals",
        type: "array",
        description: "IAM role/user ARNs granted cluster-admin through EKS access entries.",
        default: [],
        allowed: "IAM role/user ARNs of the stack's partition (not STS session ARNs)",
    },
    {
        key: "eksDeployRoleArn",
        type: "string",
        description:
            "IAM role that runs `pulumi up` (the CI deploy role): gets a cluster-admin access entry so the Kubernetes provider can apply. Required with EKS.",
        default: "",
        allowed: "required with EKS: the role that runs `pulumi up` (cluster-admin entry)",
    },
    {
        key: "eksPreviewRoleArn",
        type: "string",
        description: "IAM role that runs pull-request previews: gets a view-only access entry; empty: none.",
        default: "",
        allowed: "the PR preview role (view entry); not the deploy role",
    },
    ...EKS_ACCESS_CONFIG_KEYS,
    {
        key: "eksApiAccessSecurityGroupIds",
        type: "array",
        description:
            "Security groups (a self-hosted runner, a VPN) admitted on 443 to the cluster security group, i.e. the private API endpoint.",
        default: [],
        allowed: "`sg-…` admitted on 443 to the cluster security group",
    },
    {
        key: "eksApiAccessCidrs",
        type: "array",
        description:
            "Private CIDRs (a VPN, a peered network) admitted on 443 to the cluster security group, i.e. the private API endpoint.",
        default: [],
        allowed: "private CIDRs (10/8, 172.16/12, 192.168/16, 100.64/10) admitted on 443",
    },
    {
        key: "eksSupportType",
        type: "string",
        description: `EKS support policy: ${EKS_SUPPORT_TYPES.join(" | ")}. STANDARD: EKS upgrades the control plane when standard support ends; EXTENDED: it stays, billed at the extended rate.`,
        default: "STANDARD",
        allowed: "STANDARD, EXTENDED",
    },
    {
        key: "eksAddonVersions",
        type: "object",
        description:
            "Managed add-on versions, e.g. {vpc-cni: v1.19.2-eksbuild.1}; unlisted add-ons get the default for the cluster version.",
        allowed: "add-on → `vX.Y.Z-eksbuild.N`",
        shape: TAG_MAP_SHAPE,
    },
    {
        key: "eksNodeGroups",
        type: "object",
        description:
            "Managed node groups: a list of {name, instanceTypes, capacityType, amiType, minSize, desiredSize, maxSize, diskSizeGiB, maxUnavailable, metadataHopLimit, labels, taints} (see docs/eks.md).",
        allowed: "see [EKS](eks.md); at most 30, of at most 450 nodes; names 1–36 characters (a prefix plus 26 generated)",
        shape: v.array(EKS_NODE_GROUP_SHAPE),
    },
    {
        key: "eksFargateProfiles",
        type: "object",
        description: "Fargate profiles: a list of {name, selectors: [{namespace, labels}]} (at most 5 selectors each).",
        allowed: "at most 10; 1–5 selectors each, with a namespace (`*` `?` wildcards)",
        shape: v.array(EKS_FARGATE_PROFILE_SHAPE),
    },
    {
        key: "eksImageGcHighPercent",
        type: "integer",
        description: "Kubelet imageGCHighThresholdPercent: disk usage that starts image garbage collection.",
        default: 70,
        allowed: "1..100, above eksImageGcLowPercent",
    },
    {
        key: "eksImageGcLowPercent",
        type: "integer",
        description: "Kubelet imageGCLowThresholdPercent: disk usage garbage collection brings it back to.",
        default: 50,
        allowed: "0..99, below eksImageGcHighPercent",
    },
    {
        key: "eksShutdownGracePeriodSeconds",
        type: "integer",
        description: "Kubelet shutdownGracePeriod: how long a node delays shutdown for its pods.",
        default: 360,
        allowed: "0..3600",
    },
    {
        key: "eksShutdownGracePeriodCriticalPodsSeconds",
        type: "integer",
        description: "Kubelet shutdownGracePeriodCriticalPods: the part of it kept for critical pods.",
        default: 120,
        allowed: "0..3600, at most eksShutdownGracePeriodSeconds",
    },
    ...EKS_ADDON_CONFIG_KEYS,
    ...EKS_AUTOSCALING_CONFIG_KEYS,
    // Delivery.
    {
        key: "deployRunner",
        type: "string",
        description: `Where \`pulumi up\` runs: ${DEPLOY_RUNNERS.join(" | ")}. codebuild: a CodeBuild-hosted GitHub Actions runner this stack creates in its private subnets; self-hosted: your runner inside the VPC or on a VPN (admit it with eksApiAccessSecurityGroupIds / eksApiAccessCidrs); github-hosted: only where no EKS API must be reached.`,
        default: "codebuild",
        allowed: "codebuild, self-hosted, github-hosted (not with EKS); see [running it for real](running-for-real.md)",
    },
    {
        key: "deployRunnerRepository",
        type: "string",
        description: "GitHub repository (owner/name) whose workflow jobs the CodeBuild runner takes (deployRunner: codebuild).",
        default: "",
        allowed: "`owner/name`, required with codebuild",
    },
    {
        key: "deployRunnerConnectionArn",
        type: "string",
        description:
            "AWS CodeConnections connection to GitHub that the CodeBuild runner uses, in the stack's region (created once in the console).",
        default: "",
        allowed: "a CodeConnections (or codestar-connections) ARN of the stack's partition, required with codebuild",
    },
    ...OPERATIONS_CONFIG_KEYS,
];

/** Keys outside the project namespace that the program reads. */
export const AWS_REGION_KEY = "aws:region";

/** Those keys as docs/configuration.md lists them (Pulumi.yaml declares only the project's own). */
export const OTHER_KEYS: readonly { readonly fullKey: string; readonly type: ConfigValueType; readonly allowed: string }[] = [
    { fullKey: AWS_REGION_KEY, type: "string", allowed: "an AWS region of `lib/regions.ts` (typos refused)" },
];
