// Day-one alarms as data: which metric, which dimensions, which threshold. Kept apart from the
// resources so the same specs drive the alarms and the dashboard, and tests read them plainly.

import * as pulumi from "@pulumi/pulumi";

export interface AlarmThresholds {
    readonly cpuHighPercent: number;
    readonly memoryHighPercent: number;
    readonly target5xxPerMinute: number;
    /** Minutes a condition must hold before the alarm fires. */
    readonly evaluationMinutes: number;
}

export interface EcsServiceTarget {
    /** Short name used in alarm names, e.g. "web". */
    readonly name: string;
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    /**
     * The service may run no task at all (autoscaling minimum 0, parked, or waiting for its first
     * image): Container Insights then reports nothing for it, which must not read as missing tasks.
     */
    readonly mayBeEmpty?: boolean;
    /** Present when the service sits behind the ALB. */
    readonly loadBalancer?: {
        readonly loadBalancerArnSuffix: pulumi.Input<string>;
        readonly targetGroupArnSuffix: pulumi.Input<string>;
    };
}

export interface AlarmTargets {
    readonly ecsServices: readonly EcsServiceTarget[];
    readonly eksClusterName?: pulumi.Input<string>;
}

export interface MetricRef {
    readonly namespace: string;
    readonly metricName: string;
    readonly stat: "Average" | "Sum" | "Maximum" | "Minimum";
    readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
}

export interface AlarmSpec {
    /** Unique suffix of the alarm's name, e.g. "web-cpu-high". */
    readonly id: string;
    readonly description: string;
    readonly comparison: "GreaterThanThreshold" | "LessThanThreshold" | "GreaterThanOrEqualToThreshold";
    readonly threshold: number;
    readonly evaluationPeriods: number;
    readonly treatMissingData: "breaching" | "notBreaching" | "missing";
    /** A single metric, or `expression` over named metrics (CloudWatch metric math). */
    readonly metric?: MetricRef;
    readonly expression?: { readonly expression: string; readonly label: string; readonly metrics: Readonly<Record<string, MetricRef>> };
}

/** Each ECS service's alarms, named <namePrefix>-<service>-<suffix> (lib/names.ts checks the names). */
export const SERVICE_ALARM_SUFFIXES = ["cpu-high", "memory-high", "tasks-below-desired", "target-5xx", "unhealthy-hosts"] as const;

export const ECS_NAMESPACE = "AWS/ECS";
export const ECS_INSIGHTS_NAMESPACE = "ECS/ContainerInsights";
export const ALB_NAMESPACE = "AWS/ApplicationELB";
export const EKS_INSIGHTS_NAMESPACE = "ContainerInsights";

export function alarmSpecs(targets: AlarmTargets, t: AlarmThresholds): AlarmSpec[] {
    const specs: AlarmSpec[] = [];
    for (const svc of targets.ecsServices) {
        const dims = { ClusterName: svc.clusterName, ServiceName: svc.serviceName };
        specs.push({
            id: `${svc.name}-cpu-high`,
            description: `ECS service ${svc.name}: average CPU above ${t.cpuHighPercent}% for ${t.evaluationMinutes} minutes`,
            metric: { namespace: ECS_NAMESPACE, metricName: "CPUUtilization", stat: "Average", dimensions: dims },
            comparison: "GreaterThanThreshold",
            threshold: t.cpuHighPercent,
            evaluationPeriods: t.evaluationMinutes,
            treatMissingData: "missing",
        });
        specs.push({
            id: `${svc.name}-memory-high`,
            description: `ECS service ${svc.name}: average memory above ${t.memoryHighPercent}% for ${t.evaluationMinutes} minutes`,
            metric: { namespace: ECS_NAMESPACE, metricName: "MemoryUtilization", stat: "Average", dimensions: dims },
            comparison: "GreaterThanThreshold",
            threshold: t.memoryHighPercent,
            evaluationPeriods: t.evaluationMinutes,
            treatMissingData: "missing",
        });
        // Desired minus running, from Container Insights: positive means tasks are failing to start or stay up.
        specs.push({
            id: `${svc.name}-tasks-below-desired`,
            description: `ECS service ${svc.name}: fewer running tasks than desired for ${t.evaluationMinutes} minutes`,
            expression: {
                expression: "desired - running",
                label: "Missing tasks",
                metrics: {
                    desired: { namespace: ECS_INSIGHTS_NAMESPACE, metricName: "DesiredTaskCount", stat: "Average", dimensions: dims },
                    running: { namespace: ECS_INSIGHTS_NAMESPACE, metricName: "RunningTaskCount", stat: "Average", dimensions: dims },
                },
            },
            comparison: "GreaterThanThreshold",
            threshold: 0,
            evaluationPeriods: t.evaluationMinutes,
            treatMissingData: svc.mayBeEmpty ? "notBreaching" : "breaching",
        });
        if (svc.loadBalancer) {
            const lbDims = { LoadBalancer: svc.loadBalancer.loadBalancerArnSuffix, TargetGroup: svc.loadBalancer.targetGroupArnSuffix };
            specs.push({
                id: `${svc.name}-target-5xx`,
                description: `ECS service ${svc.name}: more than ${t.target5xxPerMinute} 5xx responses per minute from its targets`,
                metric: { namespace: ALB_NAMESPACE, metricName: "HTTPCode_Target_5XX_Count", stat: "Sum", dimensions: lbDims },
                comparison: "GreaterThanThreshold",
                threshold: t.target5xxPerMinute,
                evaluationPeriods: t.evaluationMinutes,
                treatMissingData: "notBreaching",
            });
            specs.push({
                id: `${svc.name}-unhealthy-hosts`,
                description: `ECS service ${svc.name}: at least one unhealthy target for ${t.evaluationMinutes} minutes`,
                metric: { namespace: ALB_NAMESPACE, metricName: "UnHealthyHostCount", stat: "Maximum", dimensions: lbDims },
                comparison: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: t.evaluationMinutes,
                treatMissingData: "notBreaching",
            });
        }
    }
    if (targets.eksClusterName !== undefined) {
        specs.push({
            id: "eks-failed-nodes",
            description: `EKS: at least one node failed (not ready) for ${t.evaluationMinutes} minutes (Container Insights)`,
            metric: {
                namespace: EKS_INSIGHTS_NAMESPACE,
                metricName: "cluster_failed_node_count",
                stat: "Maximum",
                dimensions: { ClusterName: targets.eksClusterName },
            },
            comparison: "GreaterThanThreshold",
            threshold: 0,
            evaluationPeriods: t.evaluationMinutes,
            treatMissingData: "missing",
        });
    }
    return specs;
}
