// Every physical name the program derives from config, built in one place and checked against the
// rules of the AWS resource that carries it (length, characters, edges) before any resource is
// declared. Names that AWS or Pulumi generate (auto-naming, name prefixes) are not listed: only
// their prefixes are, with the room the generated suffix needs.

export interface NameRule {
    readonly maxLength: number;
    readonly minLength?: number;
    readonly pattern: RegExp;
    /** What the pattern allows, for the error message. */
    readonly allowed: string;
    /** The AWS documentation of the rule. */
    readonly source: string;
}

export const NAME_RULES = {
    ecsCluster: { maxLength: 255, pattern: /^[A-Za-z0-9_-]+$/, allowed: "A-Z a-z 0-9 - _", source: "ECS API CreateCluster: clusterName" },
    taskFamily: {
        maxLength: 255,
        pattern: /^[A-Za-z0-9_-]+$/,
        allowed: "A-Z a-z 0-9 - _",
        source: "ECS API RegisterTaskDefinition: family",
    },
    logGroup: {
        maxLength: 512,
        pattern: /^[A-Za-z0-9_./#-]+$/,
        allowed: "A-Z a-z 0-9 _ - / . #",
        source: "CloudWatch Logs API CreateLogGroup: logGroupName",
    },
    ecrRepository: {
        maxLength: 256,
        minLength: 2,
        pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
        allowed: "lowercase letters, digits, and . _ - / between them",
        source: "ECR API CreateRepository: repositoryName",
    },
    launchTemplate: {
        maxLength: 128,
        minLength: 3,
        pattern: /^[A-Za-z0-9().\-/_]+$/,
        allowed: "A-Z a-z 0-9 ( ) . - / _",
        source: "EC2 API CreateLaunchTemplate: LaunchTemplateName",
    },
    kmsAlias: {
        maxLength: 256,
        pattern: /^alias\/(?!aws\/)[A-Za-z0-9/_-]+$/,
        allowed: "alias/ then A-Z a-z 0-9 / _ - (not alias/aws/)",
        source: "KMS API CreateAlias: AliasName",
    },
    codebuildProject: {
        maxLength: 150,
        minLength: 2,
        pattern: /^[A-Za-z0-9][A-Za-z0-9_-]+$/,
        allowed: "A-Z a-z 0-9 - _, starting with a letter or digit",
        source: "CodeBuild API CreateProject: name",
    },
    /** ALB: 32 at most, alphanumerics and hyphens, no hyphen at either end, not starting with "internal-". */
    loadBalancer: {
        maxLength: 32,
        pattern: /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
        allowed: "A-Z a-z 0-9 -, no hyphen at either end",
        source: "ELBv2 API CreateLoadBalancer: Name",
    },
    /** Target group name_prefix: 6 at most, then 26 generated characters make the 32 AWS allows. */
    targetGroupPrefix: {
        maxLength: 6,
        pattern: /^[A-Za-z0-9][A-Za-z0-9-]*$/,
        allowed: "A-Z a-z 0-9 -, starting with a letter or digit",
        source: "ELBv2 CreateTargetGroup: Name (32); terraform-provider-aws lb target group name_prefix (6)",
    },
    /** Node group name_prefix: EKS allows 63, the provider appends 26 characters. */
    nodeGroupPrefix: {
        maxLength: 37,
        pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
        allowed: "A-Z a-z 0-9 - _, starting with a letter or digit",
        source: "EKS CreateNodegroup: nodegroupName (63); terraform-provider-aws eks node group name_prefix",
    },
    /** SQS name_prefix: a queue name is 1-80 characters, the provider appends 26. */
    sqsQueuePrefix: {
        maxLength: 54,
        pattern: /^[A-Za-z0-9_-]+$/,
        allowed: "A-Z a-z 0-9 - _",
        source: "SQS CreateQueue: QueueName (80); terraform-provider-aws sqs queue name_prefix",
    },
    scalingPolicy: {
        maxLength: 256,
        pattern: /^[^:/]+$/,
        allowed: "printable characters but : and /",
        source: "Application Auto Scaling PutScalingPolicy: PolicyName",
    },
    scheduledAction: {
        maxLength: 256,
        pattern: /^[^\s:/|][^:/|\p{Cc}]*$/u,
        allowed: "printable characters but : / |, no leading space",
        source: "Application Auto Scaling PutScheduledAction: ScheduledActionName",
    },
    autoScalingScheduledAction: {
        maxLength: 255,
        pattern: /^[\x20-\x7e]+$/,
        allowed: "printable ASCII",
        source: "EC2 Auto Scaling PutScheduledUpdateGroupAction: ScheduledActionName",
    },
    alarm: { maxLength: 255, pattern: /^[\x20-\x7e]+$/, allowed: "printable ASCII", source: "CloudWatch PutMetricAlarm: AlarmName" },
    dnsNamespace: {
        maxLength: 253,
        pattern: /^(?!-)[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*$/,
        allowed: "DNS labels of a-z 0-9 -",
        source: "Cloud Map CreatePrivateDnsNamespace: Name",
    },
    ecsService: {
        maxLength: 255,
        pattern: /^[A-Za-z0-9_-]+$/,
        allowed: "A-Z a-z 0-9 - _",
        source: "ECS API CreateService: serviceName",
    },
    containerName: {
        maxLength: 255,
        pattern: /^[A-Za-z0-9_-]+$/,
        allowed: "A-Z a-z 0-9 - _",
        source: "ECS API RegisterTaskDefinition: containerDefinitions.name",
    },
    portMapping: {
        maxLength: 64,
        pattern: /^[a-z0-9_][a-z0-9_-]*$/,
        allowed: "a-z 0-9 _ -, not starting with a hyphen",
        source: "ECS API RegisterTaskDefinition: PortMapping.name",
    },
    cloudMapService: {
        maxLength: 63,
        pattern: /^([A-Za-z0-9_][A-Za-z0-9_-]*[A-Za-z0-9_]|[A-Za-z0-9])$/,
        allowed: "A-Z a-z 0-9 - _ (a DNS label), no hyphen at either end",
        source: "Cloud Map API CreateService: Name",
    },
    /** Auto-named roles: Pulumi appends 7 random characters to `<logical name>-` and IAM allows 64 in all. */
    iamRolePrefix: {
        maxLength: 57,
        pattern: /^[A-Za-z0-9+=,.@_-]+$/,
        allowed: "A-Z a-z 0-9 + = , . @ _ -",
        source: "IAM API CreateRole: RoleName (64), less Pulumi's 7-character auto-name suffix",
    },
    /** Auto-named security groups: `<logical name>-` plus 7 random characters, 255 in all. */
    securityGroupPrefix: {
        maxLength: 248,
        pattern: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/,
        allowed: "A-Z a-z 0-9 spaces and ._-:/()#,@[]+=&;{}!$*",
        source: "EC2 API CreateSecurityGroup: GroupName (255), less Pulumi's 7-character auto-name suffix",
    },
    /** Auto-named Fargate profiles: `<logical name>-` plus 7 random characters, 63 in all. */
    fargateProfilePrefix: {
        maxLength: 56,
        pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
        allowed: "A-Z a-z 0-9 - _, starting with a letter or digit",
        source: "EKS API CreateFargateProfile: fargateProfileName (63), less Pulumi's 7-character auto-name suffix",
    },
    eksCluster: {
        maxLength: 100,
        pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
        allowed: "A-Z a-z 0-9 - _, starting with a letter or digit",
        source: "EKS API CreateCluster: name",
    },
    tagKey: {
        maxLength: 128,
        pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u,
        allowed: "letters, digits, spaces and _ . : / = + - @",
        source: "AWS tagging: tag keys (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html)",
    },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** Why `name` breaks the rule of `kind`, or undefined when it does not. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
    const rule: NameRule = NAME_RULES[kind];
    if (name.length > rule.maxLength) return `${name.length} characters, over the ${rule.maxLength} AWS allows (${rule.source})`;
    if (name.length < (rule.minLength ?? 1)) return `shorter than the ${rule.minLength ?? 1} characters AWS requires (${rule.source})`;
    if (!rule.pattern.test(name)) return `not a valid name: ${rule.allowed} (${rule.source})`;
    return undefined;
}

/** The physical names of one environment, as the components use them. */
export const names = {
    ecsCluster: (namePrefix: string) => namePrefix,
    loadBalancer: (namePrefix: string) => namePrefix,
    discoveryNamespace: (namePrefix: string) => `${namePrefix}.internal`,
    serviceLogGroup: (namePrefix: string, service: string) => `/${namePrefix}/ecs/${service}`,
    ecrRepository: (namePrefix: string, service: string) => `${namePrefix}/${service}`,
    taskFamily: (namePrefix: string, service: string, oneOffTask?: string) =>
        oneOffTask ? `${namePrefix}-${service}-${oneOffTask}` : `${namePrefix}-${service}`,
    scalingPolicy: (namePrefix: string, service: string, metric: "cpu" | "requests") => `${namePrefix}-${service}-${metric}`,
    /** Unique per scalable target / Auto Scaling group; the owner's name in it says where an action came from. */
    sleepAction: (namePrefix: string, owner: string, moment: "sleep" | "wake") => `${namePrefix}-${owner}-${moment}`,
    /** EventBridge-delivered EKS add-on, node Auto Scaling and AWS Health events of the cluster. */
    eksEventsLogGroup: (namePrefix: string) => `/${namePrefix}/eks-events`,
    /** CloudWatch Logs resource policies are per account and region (10 at most): one per stack for these events. */
    eksEventsLogPolicy: (namePrefix: string) => `${namePrefix}-eks-events`,
    /**
     * The service name's first letters: AWS completes a unique name, so a replacement never collides.
     * Target group names take letters, digits and inner hyphens only, so underscores become hyphens
     * and edge hyphens go (an empty result falls back to "tg").
     */
    targetGroupPrefix: (service: string) =>
        `${
            service
                .replace(/_/g, "-")
                .slice(0, 5)
                .replace(/^-+|-+$/g, "") || "tg"
        }-`,
    ecsService: (service: string) => service,
    /** ECS takes lowercase port mapping names only; a service called "Api" names its port "api". */
    portMapping: (service: string) => service.toLowerCase(),
    /** Pulumi logical names the components give (auto-named physical names start with them). */
    serviceRolePrefix: (namePrefix: string, service: string, role: "execution" | "task") => `${namePrefix}-${service}-${role}-`,
    serviceSecurityGroupPrefix: (namePrefix: string, service: string) => `${namePrefix}-${service}-tasks-`,
    fargateProfilePrefix: (namePrefix: string, profile: string) => `${namePrefix}-${profile}-`,
    /** The Pod Identity role of a workload: its logical name, which Pulumi auto-names from. */
    podIdentityRolePrefix: (namePrefix: string, identity: string) => `${namePrefix}-pod-${identity}-`,
    /** The Fargate pod metrics collector's profile and IRSA role (components/observability/fargate-metrics.ts). */
    fargateMetricsPrefix: (namePrefix: string) => `${namePrefix}-fargate-metrics-`,
    alarm: (namePrefix: string, id: string) => `${namePrefix}-${id}`,
    /** Node group names are unique per cluster, so the group's own name is the whole prefix. */
    nodeGroupPrefix: (nodeGroup: string) => `${nodeGroup}-`,
    launchTemplate: (clusterName: string, nodeGroup: string) => `${clusterName}-${nodeGroup}`,
    /** Karpenter's interruption queue: auto-named from this prefix (settings.interruptionQueue reads the result). */
    karpenterQueuePrefix: (namePrefix: string) => `${namePrefix}-karpenter-`,
    clusterLogGroup: (clusterName: string) => `/aws/eks/${clusterName}/cluster`,
    fargatePodLogGroup: (clusterName: string) => `/aws/eks/${clusterName}/fargate-pods`,
    /** Fargate names this group itself (flb_log_cw); the platform creates it first to give it a retention. */
    fargateRouterLogGroup: (clusterName: string) => `${clusterName}-fluent-bit-logs`,
    containerInsightsLogGroup: (clusterName: string, kind: string) => `/aws/containerinsights/${clusterName}/${kind}`,
    /** Tag keys that carry the cluster's name (subnet discovery, Cluster Autoscaler). */
    clusterTagKeys: (clusterName: string) => [`kubernetes.io/cluster/${clusterName}`, `k8s.io/cluster-autoscaler/${clusterName}`],
    secretsKeyAlias: (clusterName: string) => `alias/${clusterName}-secrets`,
    deployRunnerProject: (namePrefix: string) => `${namePrefix}-deploy-runner`,
    deployRunnerLogGroup: (namePrefix: string) => `/aws/codebuild/${namePrefix}-deploy-runner`,
};

export interface DerivedName {
    readonly kind: NameKind;
    readonly name: string;
    /** The config key whose value the name is built from (named in the error). */
    readonly key: string;
}

/** What the names of one environment are derived from. */
export interface NameInputs {
    readonly namePrefix: string;
    readonly clusterName?: string;
    readonly services: readonly {
        readonly name: string;
        readonly ecrRepository: boolean;
        readonly oneOffTasks: readonly { readonly name: string }[];
        readonly autoscaling: { readonly cpuTargetPercent?: number; readonly requestsPerTarget?: number };
    }[];
    readonly nodeGroups: readonly { readonly name: string }[];
    /** Fargate profiles from config (the platform's own coredns profile has a fixed name). */
    readonly fargateProfiles?: readonly { readonly name: string }[];
    /** Fargate pod logging is declared (any Fargate profile, the platform's own included), and whether the router's own logs are shipped. */
    readonly fargateLogging?: { readonly routerLogs: boolean };
    readonly serviceDiscovery: boolean;
    readonly deployRunner: boolean;
    /** Alarm name suffixes per service (components/observability/alarm-specs.ts), when alarms are declared. */
    readonly serviceAlarmIds?: readonly string[];
    /** Container Insights log groups are declared (EKS with node groups): their kinds. */
    readonly containerInsightsLogKinds?: readonly string[];
    /** EKS Pod Identity roles (platform:eksPodIdentities), by name. */
    readonly podIdentities?: readonly { readonly name: string }[];
    /** The environment has a sleep schedule: each service and node group gets a sleep and a wake action. */
    readonly sleepSchedule?: boolean;
    /** The Fargate pod metrics collector is declared (its profile, its IRSA role, the performance group). */
    readonly fargateMetrics?: boolean;
}

/** The name kinds whose value is an input of the resource (the others are auto-name prefixes, container fields or tag keys). */
export const INPUT_NAME_KINDS: ReadonlySet<NameKind> = new Set<NameKind>([
    "ecsCluster",
    "taskFamily",
    "logGroup",
    "ecrRepository",
    "launchTemplate",
    "kmsAlias",
    "codebuildProject",
    "loadBalancer",
    "targetGroupPrefix",
    "nodeGroupPrefix",
    "scalingPolicy",
    "scheduledAction",
    "autoScalingScheduledAction",
    "alarm",
    "dnsNamespace",
    "ecsService",
    "cloudMapService",
    "eksCluster",
]);

/** Every config-derived physical name of an environment, with the key it comes from. */
export function derivedNames(x: NameInputs, key: (name: string) => string): DerivedName[] {
    const out: DerivedName[] = [];
    const add = (kind: NameKind, name: string, configKey: string) => out.push({ kind, name, key: configKey });
    if (x.services.length > 0) {
        add("ecsCluster", names.ecsCluster(x.namePrefix), key("environment"));
        add("loadBalancer", names.loadBalancer(x.namePrefix), key("environment"));
        if (x.serviceDiscovery) add("dnsNamespace", names.discoveryNamespace(x.namePrefix), key("environment"));
    }
    x.services.forEach((s, i) => {
        const at = `${key("ecsServices")}[${i}].name`;
        add("ecsService", names.ecsService(s.name), at);
        add("containerName", s.name, at);
        add("portMapping", names.portMapping(s.name), at);
        if (x.serviceDiscovery) add("cloudMapService", s.name, at);
        add("iamRolePrefix", names.serviceRolePrefix(x.namePrefix, s.name, "execution"), at);
        add("iamRolePrefix", names.serviceRolePrefix(x.namePrefix, s.name, "task"), at);
        add("securityGroupPrefix", names.serviceSecurityGroupPrefix(x.namePrefix, s.name), at);
        for (const id of x.serviceAlarmIds ?? []) add("alarm", names.alarm(x.namePrefix, `${s.name}-${id}`), at);
        add("logGroup", names.serviceLogGroup(x.namePrefix, s.name), at);
        add("taskFamily", names.taskFamily(x.namePrefix, s.name), at);
        add("targetGroupPrefix", names.targetGroupPrefix(s.name), at);
        if (s.autoscaling.cpuTargetPercent !== undefined) add("scalingPolicy", names.scalingPolicy(x.namePrefix, s.name, "cpu"), at);
        if (s.autoscaling.requestsPerTarget !== undefined) add("scalingPolicy", names.scalingPolicy(x.namePrefix, s.name, "requests"), at);
        if (s.ecrRepository) add("ecrRepository", names.ecrRepository(x.namePrefix, s.name), at);
        if (x.sleepSchedule)
            for (const m of ["sleep", "wake"] as const) add("scheduledAction", names.sleepAction(x.namePrefix, s.name, m), at);
        s.oneOffTasks.forEach((t, j) =>
            add("taskFamily", names.taskFamily(x.namePrefix, s.name, t.name), `${key("ecsServices")}[${i}].oneOffTasks[${j}].name`),
        );
    });
    if (x.clusterName !== undefined) {
        add("eksCluster", x.clusterName, key("eksClusterName"));
        add("logGroup", names.clusterLogGroup(x.clusterName), key("eksClusterName"));
        add("kmsAlias", names.secretsKeyAlias(x.clusterName), key("eksClusterName"));
        add("logGroup", names.eksEventsLogGroup(x.namePrefix), key("environment"));
        for (const tagKey of names.clusterTagKeys(x.clusterName)) add("tagKey", tagKey, key("eksClusterName"));
        if (x.fargateLogging) {
            add("logGroup", names.fargatePodLogGroup(x.clusterName), key("eksClusterName"));
            if (x.fargateLogging.routerLogs) add("logGroup", names.fargateRouterLogGroup(x.clusterName), key("eksClusterName"));
        }
        for (const kind of x.containerInsightsLogKinds ?? [])
            add("logGroup", names.containerInsightsLogGroup(x.clusterName, kind), key("eksClusterName"));
        (x.podIdentities ?? []).forEach((p, i) =>
            add("iamRolePrefix", names.podIdentityRolePrefix(x.namePrefix, p.name), `${key("eksPodIdentities")}[${i}].name`),
        );
        if (x.fargateMetrics) {
            add("fargateProfilePrefix", names.fargateMetricsPrefix(x.namePrefix), key("environment"));
            add("iamRolePrefix", names.fargateMetricsPrefix(x.namePrefix), key("environment"));
            if (!x.containerInsightsLogKinds?.includes("performance"))
                add("logGroup", names.containerInsightsLogGroup(x.clusterName, "performance"), key("eksClusterName"));
        }
        (x.fargateProfiles ?? []).forEach((p, i) =>
            add("fargateProfilePrefix", names.fargateProfilePrefix(x.namePrefix, p.name), `${key("eksFargateProfiles")}[${i}].name`),
        );
        x.nodeGroups.forEach((ng, i) => {
            add("nodeGroupPrefix", names.nodeGroupPrefix(ng.name), `${key("eksNodeGroups")}[${i}].name`);
            add("launchTemplate", names.launchTemplate(x.clusterName as string, ng.name), `${key("eksNodeGroups")}[${i}].name`);
            if (x.sleepSchedule)
                for (const m of ["sleep", "wake"] as const)
                    add("autoScalingScheduledAction", names.sleepAction(x.namePrefix, ng.name, m), `${key("eksNodeGroups")}[${i}].name`);
        });
    }
    if (x.deployRunner) {
        add("codebuildProject", names.deployRunnerProject(x.namePrefix), key("environment"));
        add("logGroup", names.deployRunnerLogGroup(x.namePrefix), key("environment"));
    }
    return out;
}

/** Names that break their rule, and names that two resources of one kind would share. */
export function nameIssues(derived: readonly DerivedName[]): { key: string; value: string; problem: string; allowed: string }[] {
    const issues: { key: string; value: string; problem: string; allowed: string }[] = [];
    const seen = new Map<string, DerivedName>();
    for (const d of derived) {
        const problem = nameProblem(d.kind, d.name);
        if (problem)
            issues.push({
                key: d.key,
                value: d.name,
                problem: `derived ${d.kind} name: ${problem}`,
                allowed: "a shorter or simpler value",
            });
        // A prefix is completed by a generated suffix, so two resources may share one; a container,
        // its port and a tag key belong to one resource each, and repeat across resources by design.
        if (d.kind.endsWith("Prefix") || d.kind === "containerName" || d.kind === "portMapping" || d.kind === "tagKey") continue;
        const id = `${d.kind}:${d.name}`;
        const other = seen.get(id);
        if (other && other.key !== d.key) {
            issues.push({
                key: d.key,
                value: d.name,
                problem: `the ${d.kind} name is also derived from ${other.key}`,
                allowed: "values that give distinct names",
            });
        }
        seen.set(id, d);
    }
    return issues;
}
