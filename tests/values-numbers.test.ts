// The numbers the components hand to AWS. None of them comes from config, so no other test would
// notice one changed: a task egress on port 80 instead of 443, a scale-in cooldown or a health-check
// grace period edited by accident would reach a real account. Each is pinned here per resource,
// and every number in each stack's graph is listed, so that a new or changed one is a decision.

import * as assert from "assert";
import { RecordedResource } from "../offline/engine";
import { Graph } from "../offline/graph";
import { ProgramRun, runStack } from "../offline/run";

const T = {
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    service: "aws:ecs/service:Service",
    policy: "aws:appautoscaling/policy:Policy",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    discovery: "aws:servicediscovery/service:Service",
    key: "aws:kms/key:Key",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    flowLog: "aws:ec2/flowLog:FlowLog",
    project: "aws:codebuild/project:Project",
};

/** Every numeric input as "path = value", array positions written []. */
function numbersOf(resource: RecordedResource): string[] {
    const found: string[] = [];
    const walk = (at: string, value: unknown): void => {
        if (typeof value === "number") found.push(`${at} = ${value}`);
        else if (Array.isArray(value)) value.forEach((item) => walk(`${at}[]`, item));
        else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) walk(at ? `${at}.${key}` : key, item);
    };
    walk("", resource.inputs);
    return found;
}

/** Per resource type, the distinct "path = value" pairs of the whole graph, sorted. */
function numbersByType(graph: Graph): Record<string, string[]> {
    const byType: Record<string, Set<string>> = {};
    for (const resource of graph.resources) {
        for (const entry of numbersOf(resource)) (byType[resource.type] ??= new Set()).add(entry);
    }
    return Object.fromEntries(
        Object.entries(byType)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([type, entries]) => [type, [...entries].sort()]),
    );
}

const SHARED: Record<string, string[]> = {
    "aws:appautoscaling/policy:Policy": [
        "targetTrackingScalingPolicyConfiguration.scaleInCooldown = 120",
        "targetTrackingScalingPolicyConfiguration.scaleOutCooldown = 60",
    ],
    "aws:codebuild/project:Project": ["buildTimeout = 120", "queuedTimeout = 60"],
    "aws:ec2/launchTemplate:LaunchTemplate": ["metadataOptions.httpPutResponseHopLimit = 1"],
    "aws:ecs/service:Service": [
        "deploymentMaximumPercent = 200",
        "deploymentMinimumHealthyPercent = 100",
        "healthCheckGracePeriodSeconds = 330",
        "healthCheckGracePeriodSeconds = 60",
        "loadBalancers[].containerPort = 80",
        "loadBalancers[].containerPort = 8080",
    ],
    "aws:kms/key:Key": ["deletionWindowInDays = 30"],
    "aws:lb/listener:Listener": ["port = 80"],
    "aws:lb/listenerRule:ListenerRule": ["priority = 100", "priority = 110"],
    "aws:lb/loadBalancer:LoadBalancer": ["idleTimeout = 60"],
    "aws:lb/targetGroup:TargetGroup": [
        "deregistrationDelay = 30",
        "healthCheck.healthyThreshold = 2",
        "healthCheck.interval = 15",
        "healthCheck.timeout = 5",
        "healthCheck.unhealthyThreshold = 3",
        "port = 80",
        "port = 8080",
    ],
    "aws:servicediscovery/service:Service": ["dnsConfig.dnsRecords[].ttl = 10", "healthCheckCustomConfig.failureThreshold = 1"],
    // Karpenter's interruption queue: events older than 5 minutes are past acting on.
    "aws:sqs/queue:Queue": ["messageRetentionSeconds = 300"],
    // Karpenter's nodes: the seeds' image GC thresholds, IMDSv2 one hop away from pods.
    "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass": [
        "spec.kubelet.imageGCHighThresholdPercent = 70",
        "spec.kubelet.imageGCLowThresholdPercent = 50",
        "spec.metadataOptions.httpPutResponseHopLimit = 1",
    ],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": [
        "fromPort = 443",
        "fromPort = 5432",
        "fromPort = 80",
        "fromPort = 8080",
        "toPort = 443",
        "toPort = 5432",
        "toPort = 80",
        "toPort = 8080",
    ],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": [
        "fromPort = 443",
        "fromPort = 80",
        "fromPort = 8080",
        "toPort = 443",
        "toPort = 80",
        "toPort = 8080",
    ],
    // The Fargate pod metrics collector: one replica, the nobody group owning its volumes (AWS's manifest).
    "kubernetes:apps/v1:Deployment": ["spec.replicas = 1", "spec.template.spec.securityContext.fsGroup = 65534"],
};

const NUMBERS: Record<string, Record<string, string[]>> = {
    dev: {
        ...SHARED,
        // Helm's bounded history and wait; Karpenter's controller replicas (one per node the node groups always keep, at most 2).
        "kubernetes:helm.sh/v3:Release": [
            "maxHistory = 5",
            "timeout = 900",
            "values.podDisruptionBudget.maxUnavailable = 1",
            "values.replicaCount = 2",
            "values.replicas = 1",
        ],
        "aws:appautoscaling/policy:Policy": [
            ...(SHARED["aws:appautoscaling/policy:Policy"] ?? []),
            "targetTrackingScalingPolicyConfiguration.targetValue = 70",
        ],
        // The sleep schedule: 0/0 at night, the services' bounds in the morning (docs/operations.md).
        "aws:appautoscaling/scheduledAction:ScheduledAction": [
            "scalableTargetAction.maxCapacity = 0",
            "scalableTargetAction.maxCapacity = 2",
            "scalableTargetAction.minCapacity = 0",
            "scalableTargetAction.minCapacity = 1",
        ],
        "aws:appautoscaling/target:Target": ["maxCapacity = 2", "minCapacity = 1"],
        "aws:autoscaling/schedule:Schedule": ["desiredCapacity = 0", "desiredCapacity = 1", "maxSize = 3", "minSize = 0", "minSize = 1"],
        "aws:cloudwatch/logGroup:LogGroup": ["retentionInDays = 14"],
        // The deployment alarms that roll back a bad deployment.
        "aws:cloudwatch/metricAlarm:MetricAlarm": [
            "datapointsToAlarm = 2",
            "evaluationPeriods = 3",
            "metricQueries[].metric.period = 60",
            "threshold = 10",
        ],
        "aws:ec2/flowLog:FlowLog": ["maxAggregationInterval = 600"],
        "aws:ec2/launchTemplate:LaunchTemplate": [
            "blockDeviceMappings[].ebs.volumeSize = 50",
            ...(SHARED["aws:ec2/launchTemplate:LaunchTemplate"] ?? []),
        ],
        "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": [
            "defaultCapacityProviderStrategies[].base = 0",
            "defaultCapacityProviderStrategies[].weight = 1",
            "defaultCapacityProviderStrategies[].weight = 3",
        ],
        "aws:ecs/service:Service": [
            "capacityProviderStrategies[].base = 0",
            "capacityProviderStrategies[].weight = 1",
            "capacityProviderStrategies[].weight = 3",
            ...(SHARED["aws:ecs/service:Service"] ?? []).slice(0, 2),
            "desiredCount = 1",
            ...(SHARED["aws:ecs/service:Service"] ?? []).slice(2),
        ],
        "aws:eks/nodeGroup:NodeGroup": [
            "scalingConfig.desiredSize = 1",
            "scalingConfig.maxSize = 3",
            "scalingConfig.minSize = 1",
            "updateConfig.maxUnavailable = 1",
        ],
    },
    prd: {
        ...SHARED,
        // Helm's bounded history and wait; Karpenter's controller replicas (one per node the node groups always keep, at most 2).
        "kubernetes:helm.sh/v3:Release": [
            "maxHistory = 5",
            "timeout = 900",
            "values.podDisruptionBudget.maxUnavailable = 1",
            "values.replicaCount = 2",
            "values.replicas = 2",
        ],
        "aws:appautoscaling/policy:Policy": [
            ...(SHARED["aws:appautoscaling/policy:Policy"] ?? []),
            "targetTrackingScalingPolicyConfiguration.targetValue = 1000",
            "targetTrackingScalingPolicyConfiguration.targetValue = 60",
        ],
        "aws:appautoscaling/target:Target": ["maxCapacity = 12", "maxCapacity = 6", "minCapacity = 3"],
        "aws:cloudwatch/logGroup:LogGroup": ["retentionInDays = 365"],
        "aws:cloudwatch/metricAlarm:MetricAlarm": [
            "datapointsToAlarm = 2",
            "datapointsToAlarm = 5",
            "evaluationPeriods = 3",
            "evaluationPeriods = 5",
            "metricQueries[].metric.period = 60",
            "period = 60",
            "threshold = 0",
            "threshold = 10",
            "threshold = 80",
        ],
        "aws:ec2/flowLog:FlowLog": ["maxAggregationInterval = 60"],
        "aws:lb/listener:Listener": ["port = 443", "port = 80"],
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": [
            "rules[].abortIncompleteMultipartUpload.daysAfterInitiation = 7",
            "rules[].expiration.days = 365",
            // The log archive: Glacier IR after logArchiveTransitionDays, gone after logArchiveExpireDays.
            "rules[].expiration.days = 730",
            "rules[].noncurrentVersionExpiration.noncurrentDays = 30",
            "rules[].transitions[].days = 90",
        ],
        // The log archive's stream buffers to Firehose's maximum (128 MiB or 900 s).
        "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": [
            "extendedS3Configuration.bufferingInterval = 900",
            "extendedS3Configuration.bufferingSize = 128",
        ],
        "aws:wafv2/webAcl:WebAcl": ["rules[].priority = 0", "rules[].priority = 1", "rules[].priority = 2"],
        "aws:ec2/launchTemplate:LaunchTemplate": [
            "blockDeviceMappings[].ebs.volumeSize = 100",
            "blockDeviceMappings[].ebs.volumeSize = 50",
            ...(SHARED["aws:ec2/launchTemplate:LaunchTemplate"] ?? []),
        ],
        "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": [
            "defaultCapacityProviderStrategies[].base = 0",
            "defaultCapacityProviderStrategies[].base = 2",
            "defaultCapacityProviderStrategies[].weight = 1",
        ],
        "aws:ecs/service:Service": [
            "capacityProviderStrategies[].base = 0",
            "capacityProviderStrategies[].base = 2",
            "capacityProviderStrategies[].weight = 1",
            ...(SHARED["aws:ecs/service:Service"] ?? []).slice(0, 2),
            "desiredCount = 3",
            ...(SHARED["aws:ecs/service:Service"] ?? []).slice(2),
        ],
        "aws:eks/nodeGroup:NodeGroup": [
            "scalingConfig.desiredSize = 3",
            "scalingConfig.maxSize = 12",
            "scalingConfig.maxSize = 6",
            "scalingConfig.minSize = 3",
            "updateConfig.maxUnavailable = 1",
            "updateConfig.maxUnavailable = 2",
        ],
    },
};

const sorted = (table: Record<string, string[]>) =>
    Object.fromEntries(
        Object.entries(table)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([type, entries]) => [type, [...entries].sort()]),
    );

for (const stack of ["dev", "prd"]) {
    describe(`numbers handed to AWS (${stack})`, () => {
        let run: ProgramRun;
        before(async () => {
            run = await runStack(stack);
        });

        it("every number in the graph, per resource type, is one listed here", () => {
            assert.deepStrictEqual(numbersByType(run.graph), sorted(NUMBERS[stack] ?? {}));
        });

        it("each service's tasks reach out on HTTPS (443) only, besides the ALB's own egress to them", () => {
            const services = run.graph.byType("platform:ecs:Service");
            assert.ok(services.length >= 2);
            for (const service of services) {
                const egress = run.graph.within("platform:ecs:Service", service.name).byType(T.egress);
                const https = egress.filter((rule) => rule.name.endsWith("-https-out"));
                assert.strictEqual(https.length, 1, service.name);
                const rule = https[0];
                assert.deepStrictEqual([rule.inputs.ipProtocol, rule.inputs.fromPort, rule.inputs.toPort], ["tcp", 443, 443], rule.name);
                assert.strictEqual(rule.inputs.cidrIpv4, "0.0.0.0/0");
            }
        });

        it("every scaling policy: scale-in cooldown 120 s, scale-out 60 s", () => {
            const policies = run.graph.byType(T.policy);
            assert.ok(policies.length >= 2);
            for (const policy of policies) {
                const tracking = policy.inputs.targetTrackingScalingPolicyConfiguration as Record<string, unknown>;
                assert.strictEqual(tracking.scaleInCooldown, 120, policy.name);
                assert.strictEqual(tracking.scaleOutCooldown, 60, policy.name);
                assert.strictEqual(policy.inputs.policyType, "TargetTrackingScaling");
            }
        });

        it("every ECS service: health-check grace period as its stack file says (api starts slowly: 330 s), deploys between 100 % and 200 %, circuit breaker with rollback", () => {
            const grace: Record<string, number> = { [`platform-${stack}-api-service`]: 330, [`platform-${stack}-web-service`]: 60 };
            const services = run.graph.byType(T.service);
            assert.deepStrictEqual(services.map((service) => service.name).sort(), Object.keys(grace).sort());
            for (const service of services) {
                assert.strictEqual(service.inputs.healthCheckGracePeriodSeconds, grace[service.name], service.name);
                assert.strictEqual(service.inputs.deploymentMinimumHealthyPercent, 100);
                assert.strictEqual(service.inputs.deploymentMaximumPercent, 200);
                assert.deepStrictEqual(service.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
            }
        });

        it("every target group: deregistration delay 30 s, health check every 15 s (5 s timeout, 2 up, 3 down)", () => {
            for (const group of run.graph.byType(T.targetGroup)) {
                assert.strictEqual(group.inputs.deregistrationDelay, 30, group.name);
                assert.deepStrictEqual(
                    { ...(group.inputs.healthCheck as Record<string, unknown>), path: undefined },
                    { path: undefined, matcher: "200-399", interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
                );
            }
        });

        it("the KMS key waits 30 days before deletion; the ALB's idle timeout is 60 s", () => {
            for (const key of run.graph.byType(T.key)) assert.strictEqual(key.inputs.deletionWindowInDays, 30, key.name);
            for (const lb of run.graph.byType(T.loadBalancer)) assert.strictEqual(lb.inputs.idleTimeout, 60, lb.name);
        });

        it("service discovery answers with A records of 10 s TTL, unhealthy after one failure", () => {
            for (const discovery of run.graph.byType(T.discovery)) {
                assert.deepStrictEqual((discovery.inputs.dnsConfig as Record<string, unknown>).dnsRecords, [{ type: "A", ttl: 10 }]);
                assert.deepStrictEqual(discovery.inputs.healthCheckCustomConfig, { failureThreshold: 1 });
            }
        });

        it("node launch templates allow one metadata hop (no pod reaches IMDS); CodeBuild waits 60 min queued, 120 min building", () => {
            for (const template of run.graph.byType(T.launchTemplate)) {
                assert.strictEqual((template.inputs.metadataOptions as Record<string, unknown>).httpPutResponseHopLimit, 1, template.name);
            }
            for (const project of run.graph.byType(T.project)) {
                assert.deepStrictEqual([project.inputs.queuedTimeout, project.inputs.buildTimeout], [60, 120], project.name);
            }
        });
    });
}
