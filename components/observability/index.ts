// Observability of one environment: where logs land (Fargate pod logs through the built-in Fluent
// Bit, Container Insights groups), the alarms a platform team wants on day one, and a dashboard.

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AlarmTargets, AlarmThresholds, alarmSpecs, ECS_INSIGHTS_NAMESPACE, ECS_NAMESPACE, EKS_INSIGHTS_NAMESPACE } from "./alarm-specs";
import { Alarms } from "./alarms";
import { Dashboard } from "./dashboard";
import { CONTAINER_INSIGHTS_LOG_KINDS, EksContainerInsights } from "./eks-container-insights";
import { FargateLogging } from "./fargate-logging";
import { FargateMetrics } from "./fargate-metrics";
import { FindingSeverity, ImageScanning } from "./image-scanning";
import { alarmTopicPolicy } from "./alarms";
import { GuardDutySeverity, ThreatDetection, ThreatDetectionArgs } from "./threat-detection";
import * as aws from "@pulumi/aws";

export interface ObservabilityArgs {
    readonly namePrefix: string;
    readonly region: string;
    readonly retentionDays: number;
    readonly retainLogs: boolean;
    readonly tags: Readonly<Record<string, string>>;
    readonly targets: AlarmTargets;
    readonly thresholds: AlarmThresholds;
    /** Undefined: no alarms (the dashboard is always there). */
    readonly alarmSubscriptions?: readonly string[];
    /** Undefined: the registry's scanning configuration is someone else's. */
    readonly imageScanning?: { readonly mode: "basic" | "enhanced"; readonly findingsMinSeverity: FindingSeverity };
    /** Undefined: GuardDuty is not the platform's to configure (guardDuty: off). */
    readonly threatDetection?: Pick<ThreatDetectionArgs, "mode" | "detectorId" | "workloads" | "protect"> & {
        readonly findingsMinSeverity: GuardDutySeverity;
    };
    readonly eks?: {
        readonly clusterName: pulumi.Input<string>;
        readonly kubernetesProvider: k8s.Provider;
        /** Set when the cluster has Fargate profiles: their pod execution role gets the router's permissions. */
        readonly fargatePodExecutionRoleName?: pulumi.Input<string>;
        readonly fargateLogStreamPrefix: string;
        readonly fargateRouterLogs: boolean;
        /** Extra labels of the aws-observability namespace (Pod Security Standards). */
        readonly namespaceLabels?: Readonly<Record<string, string>>;
        /** Set when the cluster has EC2 node groups (the add-on's DaemonSets do not run on Fargate). */
        readonly containerInsights?: {
            readonly clusterArn: pulumi.Input<string>;
            readonly addonVersion?: string;
            readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
        };
        /** Set when the cluster has Fargate profiles and fargateMetrics is on: the ADOT collector for Fargate pods. */
        readonly fargateMetrics?: {
            readonly oidcProviderArn: pulumi.Input<string>;
            readonly podExecutionRoleArn: pulumi.Input<string>;
            readonly privateSubnetIds: pulumi.Input<string>[];
            readonly namespaceLabels?: Readonly<Record<string, string>>;
            /** The cluster's Fargate profiles (EKS refuses concurrent profile operations). */
            readonly dependsOn: pulumi.Input<pulumi.Resource>[];
        };
    };
}

export class Observability extends pulumi.ComponentResource {
    readonly metricNamespaces: { readonly ecs: string[]; readonly eks: string };
    readonly fargateLogGroupName?: pulumi.Output<string>;
    /** Set with Container Insights on EKS: the group the add-on's Fluent Bit writes pods' container logs to. */
    readonly podApplicationLogGroupName?: pulumi.Output<string>;
    readonly alarmTopicArn?: pulumi.Output<string>;
    readonly dashboardName: pulumi.Output<string>;
    /** Set with enhanced scanning and alarms: the EventBridge rule routing findings to the alarm topic. */
    readonly imageFindingsRuleArn?: pulumi.Output<string>;
    /** Set with guardDuty create or adopt. */
    readonly guardDutyDetectorId?: pulumi.Output<string>;

    constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Observability", name, {}, opts);
        const parent = { parent: this };
        const common = { namePrefix: args.namePrefix, retentionDays: args.retentionDays, retainLogs: args.retainLogs, tags: args.tags };

        if (args.eks?.fargatePodExecutionRoleName !== undefined) {
            const logging = new FargateLogging(
                `${name}-fargate-logging`,
                {
                    clusterName: args.eks.clusterName,
                    region: args.region,
                    kubernetesProvider: args.eks.kubernetesProvider,
                    podExecutionRoleName: args.eks.fargatePodExecutionRoleName,
                    retentionDays: args.retentionDays,
                    logStreamPrefix: args.eks.fargateLogStreamPrefix,
                    shipRouterLogs: args.eks.fargateRouterLogs,
                    namespaceLabels: args.eks.namespaceLabels,
                    tags: args.tags,
                    retainLogs: args.retainLogs,
                },
                parent,
            );
            this.fargateLogGroupName = logging.logGroupName;
        }
        let performanceLogGroup: EksContainerInsights["performanceLogGroup"] | undefined;
        if (args.eks?.containerInsights) {
            const insights = new EksContainerInsights(
                `${name}-container-insights`,
                {
                    ...common,
                    clusterName: args.eks.clusterName,
                    clusterArn: args.eks.containerInsights.clusterArn,
                    addonVersion: args.eks.containerInsights.addonVersion,
                    dependsOn: args.eks.containerInsights.dependsOn,
                },
                parent,
            );
            performanceLogGroup = insights.performanceLogGroup;
            this.podApplicationLogGroupName = insights.logGroupNames[CONTAINER_INSIGHTS_LOG_KINDS.indexOf("application")];
        }
        if (args.eks?.fargateMetrics) {
            new FargateMetrics(
                `${name}-fargate-metrics`,
                {
                    ...common,
                    clusterName: args.eks.clusterName,
                    region: args.region,
                    kubernetesProvider: args.eks.kubernetesProvider,
                    ...args.eks.fargateMetrics,
                    performanceLogGroup,
                },
                parent,
            );
        }

        const specs = alarmSpecs(args.targets, args.thresholds);
        if (args.alarmSubscriptions !== undefined) {
            this.alarmTopicArn = new Alarms(
                `${name}-alarms`,
                {
                    namePrefix: args.namePrefix,
                    specs,
                    subscriptions: args.alarmSubscriptions,
                    tags: args.tags,
                },
                parent,
            ).topicArn;
        }
        if (args.imageScanning) {
            const alarmTopicArn = this.alarmTopicArn;
            this.imageFindingsRuleArn = new ImageScanning(
                `${name}-image-scanning`,
                {
                    namePrefix: args.namePrefix,
                    region: args.region,
                    mode: args.imageScanning.mode,
                    tags: args.tags,
                    findings: alarmTopicArn && { topicArn: alarmTopicArn, minSeverity: args.imageScanning.findingsMinSeverity },
                },
                parent,
            ).findingsRuleArn;
        }
        let threatFindingsRuleArn: pulumi.Output<string> | undefined;
        if (args.threatDetection) {
            const { findingsMinSeverity, ...threat } = args.threatDetection;
            const alarmTopicArn = this.alarmTopicArn;
            const detection = new ThreatDetection(
                `${name}-threat-detection`,
                {
                    ...threat,
                    namePrefix: args.namePrefix,
                    findings: alarmTopicArn && { topicArn: alarmTopicArn, minSeverity: findingsMinSeverity },
                    tags: args.tags,
                },
                parent,
            );
            this.guardDutyDetectorId = detection.detectorId;
            threatFindingsRuleArn = detection.findingsRuleArn;
        }
        // One policy per topic: EventBridge may publish for each rule that routes findings here.
        const findingRules = [this.imageFindingsRuleArn, threatFindingsRuleArn].filter((r): r is pulumi.Output<string> => r !== undefined);
        if (this.alarmTopicArn && findingRules.length > 0) {
            const topicArn = this.alarmTopicArn;
            const identity = aws.getCallerIdentityOutput({}, parent);
            const partition = aws.getPartitionOutput({}, parent);
            new aws.sns.TopicPolicy(
                `${name}-alarm-topic`,
                {
                    arn: topicArn,
                    policy: pulumi
                        .all([topicArn, pulumi.all(findingRules), identity.accountId, partition.partition])
                        .apply(([arn, ruleArns, accountId, p]) =>
                            JSON.stringify(
                                alarmTopicPolicy({
                                    topicArn: arn,
                                    accountId,
                                    partition: p,
                                    region: args.region,
                                    namePrefix: args.namePrefix,
                                    eventRuleArns: ruleArns,
                                }),
                            ),
                        ),
                },
                parent,
            );
        }
        this.dashboardName = new Dashboard(
            `${name}-dashboard`,
            {
                namePrefix: args.namePrefix,
                region: args.region,
                specs,
                fargatePodsOf: args.eks?.fargateMetrics ? args.eks.clusterName : undefined,
            },
            parent,
        ).dashboardName;
        this.metricNamespaces = { ecs: [ECS_NAMESPACE, ECS_INSIGHTS_NAMESPACE], eks: EKS_INSIGHTS_NAMESPACE };
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({
            fargateLogGroupName: this.fargateLogGroupName,
            alarmTopicArn: this.alarmTopicArn,
            dashboardName: this.dashboardName,
        });
    }
}
