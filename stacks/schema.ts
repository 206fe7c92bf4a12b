// Every config key the program reads, with its type, default and description. Pulumi.yaml's
// `config:` block declares the same keys (a test keeps the two identical), so `pulumi config`
// users see them, and the offline preview applies the same defaults the CLI would.

export type ConfigValueType = "string" | "integer" | "boolean" | "array" | "object";
export type ConfigDefault = string | number | boolean | readonly string[];

export interface ConfigKeySpec {
    /** Key inside the project namespace, e.g. "vpcCidr" for `platform:vpcCidr`. */
    readonly key: string;
    readonly type: ConfigValueType;
    readonly description: string;
    /** Absent: the stack must set it. */
    readonly default?: ConfigDefault;
}

/** The project name in Pulumi.yaml, which is also the config namespace. */
export const PROJECT_NAME = "platform";

export const ENVIRONMENTS = ["dev", "stg", "prd"] as const;
export const NAT_STRATEGIES = ["single", "one-per-az", "none"] as const;
export const FLOW_LOG_TRAFFIC_TYPES = ["ALL", "ACCEPT", "REJECT"] as const;
export const DEPLOY_RUNNERS = ["codebuild", "self-hosted", "github-hosted"] as const;
export const EKS_SUPPORT_TYPES = ["STANDARD", "EXTENDED"] as const;

export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
    { key: "environment", type: "string", description: `Environment name: ${ENVIRONMENTS.join(" | ")}. prd turns on the production rules (>= 3 AZs, NAT per AZ, protection).` },
    { key: "owner", type: "string", description: "Team that owns the stack; becomes the `owner` tag on every resource." },
    { key: "costCenter", type: "string", description: "Cost center; becomes the `cost-center` tag on every resource." },
    { key: "extraTags", type: "object", description: "Additional tags (string map) for every resource. May not override environment, owner or cost-center." },
    { key: "protect", type: "boolean", description: "Protect stateful and traffic-serving resources from deletion (required true in prd).", default: false },
    { key: "logRetentionDays", type: "integer", description: "Retention of every CloudWatch log group the platform creates (a value CloudWatch accepts).", default: 30 },
    { key: "vpcCidr", type: "string", description: "IPv4 CIDR of the VPC, /16 to /24.", default: "10.0.0.0/16" },
    { key: "azCount", type: "integer", description: "Availability zones to spread subnets over: 2..6 (prd: at least 3).", default: 2 },
    { key: "natStrategy", type: "string", description: `NAT gateways: ${NAT_STRATEGIES.join(" | ")}. Private subnets need single or one-per-az; prd needs one-per-az.`, default: "single" },
    { key: "privateSubnets", type: "boolean", description: "Create private subnets (where ECS tasks and EKS nodes run).", default: true },
    { key: "publicSubnetPrefixLength", type: "integer", description: "Prefix length of each public subnet (load balancers, NAT).", default: 24 },
    { key: "privateSubnetPrefixLength", type: "integer", description: "Prefix length of each private subnet (tasks, nodes and pods take one IP each).", default: 20 },
    { key: "s3GatewayEndpoint", type: "boolean", description: "S3 gateway endpoint on the private route tables (free; ECR image layers come from S3).", default: true },
    { key: "interfaceEndpoints", type: "array", description: "Interface VPC endpoints to create (see docs/network.md for the list and cost). Empty: private traffic to AWS goes through NAT.", default: [] },
    { key: "flowLogTrafficType", type: "string", description: `VPC flow log traffic type: ${FLOW_LOG_TRAFFIC_TYPES.join(" | ")}.`, default: "ALL" },
    { key: "flowLogAggregationSeconds", type: "integer", description: "VPC flow log aggregation interval: 60 or 600 seconds.", default: 600 },
    { key: "eksEnabled", type: "boolean", description: "An EKS cluster is planned in this VPC (adds the kubernetes.io/cluster/<name> subnet tags).", default: true },
    { key: "eksClusterName", type: "string", description: "EKS cluster name; empty means <project>-<environment>.", default: "" },
    { key: "kubernetesVersion", type: "string", description: "EKS Kubernetes version, \"1.<minor>\".", default: "1.35" },
    { key: "nodeInstanceTypes", type: "array", description: "EC2 instance types for the default EKS managed node group.", default: ["m7i.large"] },
    { key: "taskCpu", type: "integer", description: "Default Fargate task CPU units (256, 512, 1024, 2048, 4096, 8192, 16384).", default: 256 },
    { key: "taskMemory", type: "integer", description: "Default Fargate task memory in MiB (a value Fargate accepts with taskCpu).", default: 512 },
    // Observability.
    { key: "alarmsEnabled", type: "boolean", description: "Create the SNS topic and the day-one CloudWatch alarms.", default: false },
    { key: "alarmSubscriptions", type: "array", description: "Who the alarm topic notifies: e-mail addresses, or SQS queue / Lambda function ARNs.", default: [] },
    { key: "alarmCpuHighPercent", type: "integer", description: "ECS service average CPU (%) above which the CPU alarm fires.", default: 80 },
    { key: "alarmMemoryHighPercent", type: "integer", description: "ECS service average memory (%) above which the memory alarm fires.", default: 80 },
    { key: "alarmTarget5xxPerMinute", type: "integer", description: "Target 5xx responses per minute above which the ALB alarm fires.", default: 10 },
    { key: "alarmEvaluationMinutes", type: "integer", description: "Minutes a condition must hold before an alarm fires (1..60).", default: 5 },
    { key: "fargateLogStreamPrefix", type: "string", description: "Log stream prefix of Fargate pod logs in CloudWatch.", default: "fargate-" },
    { key: "fargateRouterLogs", type: "boolean", description: "flb_log_cw: also ship the Fargate Fluent Bit router's own logs (to <cluster>-fluent-bit-logs).", default: false },
    { key: "containerInsightsAddonVersion", type: "string", description: "Version of the amazon-cloudwatch-observability add-on; empty for the cluster version's default.", default: "" },
    // ECS on Fargate.
    { key: "ecsServices", type: "object", description: "ECS services: a list of {name, image | ecrRepository+imageTag, port, cpu, memory, desiredCount, healthCheckPath, pathPattern, environment, secrets, command, autoscaling, oneOffTasks} (see docs/ecs.md)." },
    { key: "ecsContainerInsights", type: "string", description: "Container Insights on the ECS cluster: enhanced | enabled.", default: "enhanced" },
    { key: "ecsLogDriver", type: "string", description: "Container logging: awslogs (straight to CloudWatch) | firelens (a Fluent Bit log-router sidecar).", default: "awslogs" },
    { key: "ecsCpuArchitecture", type: "string", description: "Task CPU architecture: X86_64 | ARM64 (Graviton; images must be built for it).", default: "X86_64" },
    { key: "ecsFargateBase", type: "integer", description: "Tasks of each service always placed on FARGATE (on-demand) before weights apply (prd: at least 1).", default: 0 },
    { key: "ecsFargateWeight", type: "integer", description: "Relative share of tasks on FARGATE beyond the base.", default: 1 },
    { key: "ecsSpotWeight", type: "integer", description: "Relative share of tasks on FARGATE_SPOT beyond the base.", default: 0 },
    { key: "albCertificateArn", type: "string", description: "ACM certificate for an HTTPS listener (HTTP then redirects to HTTPS); empty: HTTP only.", default: "" },
    { key: "albAccessLogsBucket", type: "string", description: "S3 bucket for ALB access logs (its policy must allow the ELB service to write); empty: off.", default: "" },
    { key: "ecsServiceDiscovery", type: "boolean", description: "A Cloud Map private DNS namespace <project>-<env>.internal so services reach each other by name.", default: false },
    // EKS.
    { key: "eksPublicAccessCidrs", type: "array", description: "CIDRs allowed to reach the EKS API server's public endpoint; empty: private endpoint only (never 0.0.0.0/0 in prd).", default: [] },
    { key: "eksLogTypes", type: "array", description: "Control-plane log types (api, audit, authenticator, controllerManager, scheduler); audit always, all five in prd.", default: ["api", "audit", "authenticator", "controllerManager", "scheduler"] },
    { key: "eksAdminPrincipals", type: "array", description: "IAM role/user ARNs granted cluster-admin through EKS access entries.", default: [] },
    { key: "eksDeployRoleArn", type: "string", description: "IAM role that runs `pulumi up` (the CI deploy role): gets a cluster-admin access entry so the Kubernetes provider can apply. Required with EKS.", default: "" },
    { key: "eksPreviewRoleArn", type: "string", description: "IAM role that runs pull-request previews: gets a view-only access entry; empty: none.", default: "" },
    { key: "eksApiAccessSecurityGroupIds", type: "array", description: "Security groups (a self-hosted runner, a VPN) admitted on 443 to the cluster security group, i.e. the private API endpoint.", default: [] },
    { key: "eksApiAccessCidrs", type: "array", description: "Private CIDRs (a VPN, a peered network) admitted on 443 to the cluster security group, i.e. the private API endpoint.", default: [] },
    { key: "eksSupportType", type: "string", description: `EKS support policy: ${EKS_SUPPORT_TYPES.join(" | ")}. STANDARD: EKS upgrades the control plane when standard support ends; EXTENDED: it stays, billed at the extended rate.`, default: "STANDARD" },
    { key: "eksAddonVersions", type: "object", description: "Managed add-on versions, e.g. {vpc-cni: v1.19.2-eksbuild.1}; unlisted add-ons get the default for the cluster version." },
    { key: "eksNodeGroups", type: "object", description: "Managed node groups: a list of {name, instanceTypes, capacityType, amiType, minSize, desiredSize, maxSize, diskSizeGiB, maxUnavailable, metadataHopLimit, labels, taints} (see docs/eks.md)." },
    { key: "eksFargateProfiles", type: "object", description: "Fargate profiles: a list of {name, selectors: [{namespace, labels}]} (at most 5 selectors each)." },
    { key: "eksImageGcHighPercent", type: "integer", description: "Kubelet imageGCHighThresholdPercent: disk usage that starts image garbage collection.", default: 70 },
    { key: "eksImageGcLowPercent", type: "integer", description: "Kubelet imageGCLowThresholdPercent: disk usage garbage collection brings it back to.", default: 50 },
    { key: "eksShutdownGracePeriodSeconds", type: "integer", description: "Kubelet shutdownGracePeriod: how long a node delays shutdown for its pods.", default: 360 },
    { key: "eksShutdownGracePeriodCriticalPodsSeconds", type: "integer", description: "Kubelet shutdownGracePeriodCriticalPods: the part of it kept for critical pods.", default: 120 },
    // Delivery.
    { key: "deployRunner", type: "string", description: `Where \`pulumi up\` runs: ${DEPLOY_RUNNERS.join(" | ")}. codebuild: a CodeBuild-hosted GitHub Actions runner this stack creates in its private subnets; self-hosted: your runner inside the VPC or on a VPN (admit it with eksApiAccessSecurityGroupIds / eksApiAccessCidrs); github-hosted: only where no EKS API must be reached.`, default: "codebuild" },
    { key: "deployRunnerRepository", type: "string", description: "GitHub repository (owner/name) whose workflow jobs the CodeBuild runner takes (deployRunner: codebuild).", default: "" },
    { key: "deployRunnerConnectionArn", type: "string", description: "AWS CodeConnections connection to GitHub that the CodeBuild runner uses, in the stack's region (created once in the console).", default: "" },
];

/** Keys outside the project namespace that the program reads. */
export const AWS_REGION_KEY = "aws:region";
