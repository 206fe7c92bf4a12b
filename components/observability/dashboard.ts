// One CloudWatch dashboard per environment, its widgets drawn from the same metric references as
// the alarms, so the dashboard always shows what can page someone.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CONTAINER_INSIGHTS_NAMESPACE, FARGATE_LAUNCH_TYPE } from "./adot-fargate-config";
import { AlarmSpec, MetricRef } from "./alarm-specs";

export interface DashboardArgs {
    readonly namePrefix: string;
    readonly region: string;
    readonly specs: readonly AlarmSpec[];
    /** A cluster whose Fargate pods the ADOT collector reports on: their CPU and memory widgets. */
    readonly fargatePodsOf?: pulumi.Input<string>;
}

type MetricLine = (string | { label?: string; stat?: string; expression?: string; id?: string; visible?: boolean })[];

function metricLine(m: MetricRef, dims: Record<string, string>, extra: { id?: string; visible?: boolean } = {}): MetricLine {
    return [m.namespace, m.metricName, ...Object.entries(dims).flat(), { stat: m.stat, ...extra }];
}

/** Fargate pod metrics the collector emits, per cluster (the [ClusterName, LaunchType] dimension set). */
export const FARGATE_POD_WIDGETS = [
    { metricName: "pod_cpu_utilization_over_pod_limit", title: "EKS Fargate pods: CPU used of the pod's size (%)" },
    { metricName: "pod_memory_utilization_over_pod_limit", title: "EKS Fargate pods: memory working set of the pod's size (%)" },
] as const;

function fargatePodWidgets(region: string, clusterName: string, firstRow: number): object[] {
    return FARGATE_POD_WIDGETS.map((w, i) => ({
        type: "metric",
        x: i * 12,
        y: firstRow * 6,
        width: 12,
        height: 6,
        properties: {
            title: w.title,
            region,
            view: "timeSeries",
            period: 60,
            yAxis: { left: { min: 0, max: 100 } },
            metrics: ["Average", "Maximum"].map((stat) => [
                CONTAINER_INSIGHTS_NAMESPACE,
                w.metricName,
                "ClusterName",
                clusterName,
                "LaunchType",
                FARGATE_LAUNCH_TYPE,
                { stat, label: stat.toLowerCase() },
            ]),
        },
    }));
}

/** The dashboard body: one metric widget per alarm, with its threshold drawn as an annotation. */
export function dashboardBody(region: string, specs: readonly AlarmSpec[], fargatePodsOf?: pulumi.Input<string>): pulumi.Output<string> {
    const widgets = specs.map((spec, i) => {
        const metrics = spec.metric ? [spec.metric] : Object.values(spec.expression?.metrics ?? {});
        return pulumi.all(metrics.map((m) => pulumi.output(m.dimensions as Record<string, pulumi.Input<string>>))).apply((resolved) => ({
            type: "metric",
            x: (i % 2) * 12,
            y: Math.floor(i / 2) * 6,
            width: 12,
            height: 6,
            properties: {
                title: spec.description,
                region,
                view: "timeSeries",
                period: 60,
                metrics: spec.metric
                    ? [metricLine(spec.metric, resolved[0] as Record<string, string>)]
                    : [
                          ...Object.entries(spec.expression?.metrics ?? {}).map(([id, m], j) =>
                              metricLine(m, resolved[j] as Record<string, string>, { id, visible: false }),
                          ),
                          [{ expression: spec.expression?.expression, label: spec.expression?.label, id: "result" }],
                      ],
                annotations: { horizontal: [{ label: "alarm threshold", value: spec.threshold }] },
            },
        }));
    });
    const rows = Math.ceil(specs.length / 2);
    return pulumi
        .all([pulumi.all(widgets), pulumi.output(fargatePodsOf)])
        .apply(([w, cluster]) =>
            JSON.stringify({ widgets: [...w, ...(cluster === undefined ? [] : fargatePodWidgets(region, cluster, rows))] }),
        );
}

export class Dashboard extends pulumi.ComponentResource {
    readonly dashboardName: pulumi.Output<string>;

    constructor(name: string, args: DashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Dashboard", name, {}, opts);
        const dashboard = new aws.cloudwatch.Dashboard(
            name,
            {
                dashboardName: args.namePrefix,
                dashboardBody: dashboardBody(args.region, args.specs, args.fargatePodsOf),
            },
            { parent: this },
        );
        this.dashboardName = dashboard.dashboardName;
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ dashboardName: this.dashboardName });
    }
}
