// The ADOT collector's pipeline for Container Insights on EKS Fargate, as AWS publishes it
// (aws-observability/aws-otel-collector, deployment-template/eks/otel-fargate-container-insights.yaml,
// at the v0.49.0 tag's era): scrape every Fargate node's cAdvisor through the API server proxy,
// keep the pod and container series of Fargate pods, derive utilisation over the pod's limit, and
// write them as embedded metric format to the Container Insights performance log group, from which
// CloudWatch extracts metrics into the ContainerInsights namespace.
// `$$` is the collector's escape for a literal `$` (its config expands ${env:...} references).

import { stringify } from "yaml";

export const CONTAINER_INSIGHTS_NAMESPACE = "ContainerInsights";
/** The dimension the pipeline gives every series (from the node label eks.amazonaws.com/compute-type). */
export const FARGATE_LAUNCH_TYPE = "fargate";
/** Where the collector reads its own service account credentials (for the API server proxy). */
const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

interface LabelRename {
    readonly action: "update_label";
    readonly label: string;
    readonly new_label: string;
}
interface LabelAdd {
    readonly action: "add_label";
    readonly new_label: string;
    readonly new_value: string;
}
interface MetricTransform {
    readonly include: string;
    readonly match_type: "regexp";
    readonly action: "insert" | "update";
    readonly new_name?: string;
    readonly experimental_match_labels?: Readonly<Record<string, string>>;
    readonly operations?: readonly (LabelRename | LabelAdd)[];
}
interface GenerationRule {
    readonly name: string;
    readonly unit: string;
    readonly type: "calculate" | "scale";
    readonly metric1: string;
    readonly metric2?: string;
    readonly operation: "add" | "percent" | "multiply" | "divide";
    readonly scale_by?: number;
}
export interface MetricDeclaration {
    readonly dimensions: readonly (readonly string[])[];
    readonly metric_name_selectors: readonly string[];
}
export interface AwsEmfExporter {
    readonly log_group_name: string;
    readonly log_stream_name: string;
    readonly namespace: string;
    readonly region: string;
    readonly resource_to_telemetry_conversion: { readonly enabled: boolean };
    readonly eks_fargate_container_insights_enabled: boolean;
    readonly parse_json_encoded_attr_values: readonly string[];
    readonly dimension_rollup_option: "NoDimensionRollup";
    readonly metric_declarations: readonly MetricDeclaration[];
}
interface ScrapeConfig {
    readonly job_name: string;
    readonly sample_limit: number;
    readonly scheme: "https";
    readonly kubernetes_sd_configs: readonly { readonly role: "node" }[];
    readonly tls_config: { readonly ca_file: string };
    readonly bearer_token_file: string;
    readonly relabel_configs: readonly Readonly<Record<string, string | readonly string[]>>[];
    readonly metric_relabel_configs: readonly Readonly<Record<string, string | readonly string[]>>[];
}
export interface CollectorConfig {
    readonly receivers: {
        readonly prometheus: {
            readonly config: {
                readonly global: { readonly scrape_interval: string; readonly scrape_timeout: string };
                readonly scrape_configs: readonly ScrapeConfig[];
            };
        };
    };
    readonly processors: {
        readonly "metricstransform/label_1": { readonly transforms: readonly MetricTransform[] };
        readonly "metricstransform/rename": { readonly transforms: readonly MetricTransform[] };
        readonly filter: {
            readonly metrics: { readonly include: { readonly match_type: "regexp"; readonly metric_names: readonly string[] } };
        };
        readonly cumulativetodelta: { readonly include: { readonly metrics: readonly string[]; readonly match_type: "strict" } };
        readonly deltatorate: { readonly metrics: readonly string[] };
        readonly "metricsgeneration/1": { readonly rules: readonly GenerationRule[] };
        readonly "metricsgeneration/2": { readonly rules: readonly GenerationRule[] };
        readonly "metricstransform/label_2": { readonly transforms: readonly MetricTransform[] };
        readonly resourcedetection: { readonly detectors: readonly string[] };
        readonly batch: { readonly timeout: string };
    };
    readonly exporters: { readonly awsemf: AwsEmfExporter };
    readonly extensions: { readonly health_check: Readonly<Record<string, never>> };
    readonly service: {
        readonly pipelines: {
            readonly metrics: {
                readonly receivers: readonly string[];
                readonly processors: readonly string[];
                readonly exporters: readonly string[];
            };
        };
        readonly extensions: readonly string[];
    };
}

const FARGATE_CONTAINER = { container: "\\S", LaunchType: FARGATE_LAUNCH_TYPE };
/** The pod-level cgroup series: no image, no container, a pod. */
const FARGATE_POD = { image: "^$", container: "^$", pod: "\\S", LaunchType: FARGATE_LAUNCH_TYPE };
const FAULT_FILTERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    hierarchical_pgfault: { failure_type: "pgfault", scope: "hierarchy" },
    hierarchical_pgmajfault: { failure_type: "pgmajfault", scope: "hierarchy" },
    pgfault: { failure_type: "pgfault", scope: "container" },
    pgmajfault: { failure_type: "pgmajfault", scope: "container" },
};

/** cAdvisor series -> the name the pipeline gives it (after `new_container_` or `pod_`). */
const CPU_AND_MEMORY: readonly (readonly [string, string])[] = [
    ["container_spec_cpu_quota", "cpu_limit_raw"],
    ["container_spec_cpu_shares", "cpu_request"],
    ["container_cpu_usage_seconds_total", "cpu_usage_seconds_total"],
    ["container_spec_memory_limit_bytes", "memory_limit"],
    ["container_memory_cache", "memory_cache"],
    ["container_memory_max_usage_bytes", "memory_max_usage"],
    ["container_memory_usage_bytes", "memory_usage"],
    ["container_memory_working_set_bytes", "memory_working_set"],
    ["container_memory_rss", "memory_rss"],
    ["container_memory_swap", "memory_swap"],
    ["container_memory_failcnt", "memory_failcnt"],
];
const CONTAINER_ONLY: readonly (readonly [string, string])[] = [
    ["container_fs_limit_bytes", "filesystem_capacity"],
    ["container_fs_usage_bytes", "filesystem_usage"],
];
const NETWORK: readonly (readonly [string, string])[] = [
    ["container_network_receive_bytes_total", "network_rx_bytes"],
    ["container_network_receive_packets_dropped_total", "network_rx_dropped"],
    ["container_network_receive_errors_total", "network_rx_errors"],
    ["container_network_receive_packets_total", "network_rx_packets"],
    ["container_network_transmit_bytes_total", "network_tx_bytes"],
    ["container_network_transmit_packets_dropped_total", "network_tx_dropped"],
    ["container_network_transmit_errors_total", "network_tx_errors"],
    ["container_network_transmit_packets_total", "network_tx_packets"],
];

function insert(include: string, newName: string, labels: Readonly<Record<string, string>>): MetricTransform {
    return { include, new_name: newName, action: "insert", match_type: "regexp", experimental_match_labels: labels };
}

function renames(prefix: "new_container_" | "pod_", labels: Readonly<Record<string, string>>): MetricTransform[] {
    const faults = Object.entries(FAULT_FILTERS).map(([suffix, filter]) =>
        insert("container_memory_failures_total", `${prefix}memory_${suffix}`, { ...labels, ...filter }),
    );
    return [...CPU_AND_MEMORY.map(([from, to]) => insert(from, `${prefix}${to}`, labels)), ...faults];
}

/** Counters turned into per-second rates. */
const RATES = [
    "new_container_cpu_usage_seconds_total",
    "pod_cpu_usage_seconds_total",
    "pod_memory_pgfault",
    "pod_memory_pgmajfault",
    "pod_memory_hierarchical_pgfault",
    "pod_memory_hierarchical_pgmajfault",
    ...NETWORK.map(([, to]) => `pod_${to}`),
    "new_container_memory_pgfault",
    "new_container_memory_pgmajfault",
    "new_container_memory_hierarchical_pgfault",
    "new_container_memory_hierarchical_pgmajfault",
];

/** What becomes a CloudWatch metric (the rest stays in the performance log events only). */
export const FARGATE_POD_METRICS = [
    "pod_cpu_utilization_over_pod_limit",
    "pod_cpu_usage_total",
    "pod_cpu_limit",
    "pod_memory_utilization_over_pod_limit",
    "pod_memory_working_set",
    "pod_memory_limit",
    "pod_network_rx_bytes",
    "pod_network_tx_bytes",
] as const;

/** Dimension sets of those metrics: cluster, namespace, pod; each with LaunchType. */
export const FARGATE_POD_DIMENSIONS = [
    ["ClusterName", "LaunchType"],
    ["ClusterName", "Namespace", "LaunchType"],
    ["ClusterName", "Namespace", "PodName", "LaunchType"],
] as const;

const PROCESSOR_ORDER = [
    "metricstransform/label_1",
    "resourcedetection",
    "metricstransform/rename",
    "filter",
    "cumulativetodelta",
    "deltatorate",
    "metricsgeneration/1",
    "metricsgeneration/2",
    "metricstransform/label_2",
    "batch",
] as const;

export interface CollectorConfigArgs {
    readonly region: string;
    /** The Container Insights performance group (/aws/containerinsights/<cluster>/performance). */
    readonly logGroupName: string;
}

export function collectorConfig(args: CollectorConfigArgs): CollectorConfig {
    return {
        receivers: {
            prometheus: {
                config: {
                    global: { scrape_interval: "1m", scrape_timeout: "40s" },
                    scrape_configs: [
                        {
                            job_name: "kubelets-cadvisor-metrics",
                            sample_limit: 10000,
                            scheme: "https",
                            // Every Fargate pod is a node of its own; discover them all.
                            kubernetes_sd_configs: [{ role: "node" }],
                            tls_config: { ca_file: `${SERVICE_ACCOUNT_DIR}/ca.crt` },
                            bearer_token_file: `${SERVICE_ACCOUNT_DIR}/token`,
                            relabel_configs: [
                                { action: "labelmap", regex: "__meta_kubernetes_node_label_(.+)" },
                                // Fargate nodes expose no kubelet port to the cluster: go through the API server proxy.
                                { target_label: "__address__", replacement: "kubernetes.default.svc:443" },
                                {
                                    source_labels: ["__meta_kubernetes_node_name"],
                                    regex: "(.+)",
                                    target_label: "__metrics_path__",
                                    replacement: "/api/v1/nodes/$${1}/proxy/metrics/cadvisor",
                                },
                            ],
                            metric_relabel_configs: [
                                {
                                    action: "replace",
                                    source_labels: ["id"],
                                    regex: "^/machine\\.slice/machine-rkt\\\\x2d([^\\\\]+)\\\\.+/([^/]+)\\.service$",
                                    target_label: "rkt_container_name",
                                    replacement: "$${2}-$${1}",
                                },
                                {
                                    action: "replace",
                                    source_labels: ["id"],
                                    regex: "^/system\\.slice/(.+)\\.service$",
                                    target_label: "systemd_service_name",
                                    replacement: "$${1}",
                                },
                            ],
                        },
                    ],
                },
            },
        },
        processors: {
            "metricstransform/label_1": {
                transforms: [
                    {
                        include: ".*",
                        match_type: "regexp",
                        action: "update",
                        operations: [
                            { action: "update_label", label: "name", new_label: "container_id" },
                            { action: "update_label", label: "kubernetes_io_hostname", new_label: "NodeName" },
                            { action: "update_label", label: "eks_amazonaws_com_compute_type", new_label: "LaunchType" },
                        ],
                    },
                ],
            },
            "metricstransform/rename": {
                transforms: [
                    ...renames("new_container_", FARGATE_CONTAINER),
                    ...CONTAINER_ONLY.map(([from, to]) => insert(from, `new_container_${to}`, FARGATE_CONTAINER)),
                    ...renames("pod_", FARGATE_POD),
                    // Network counters exist per pod sandbox only.
                    ...NETWORK.map(([from, to]) => insert(from, `pod_${to}`, { pod: "\\S", LaunchType: FARGATE_LAUNCH_TYPE })),
                ],
            },
            filter: { metrics: { include: { match_type: "regexp", metric_names: ["new_container_.*", "pod_.*"] } } },
            cumulativetodelta: { include: { metrics: RATES, match_type: "strict" } },
            deltatorate: { metrics: RATES },
            "metricsgeneration/1": {
                rules: [
                    {
                        name: "pod_network_total_bytes",
                        unit: "Bytes/Second",
                        type: "calculate",
                        metric1: "pod_network_rx_bytes",
                        metric2: "pod_network_tx_bytes",
                        operation: "add",
                    },
                    {
                        name: "pod_memory_utilization_over_pod_limit",
                        unit: "Percent",
                        type: "calculate",
                        metric1: "pod_memory_working_set",
                        metric2: "pod_memory_limit",
                        operation: "percent",
                    },
                    // Cores per second to millicores.
                    {
                        name: "pod_cpu_usage_total",
                        unit: "Millicore",
                        type: "scale",
                        metric1: "pod_cpu_usage_seconds_total",
                        operation: "multiply",
                        scale_by: 1000,
                    },
                    // CFS quota (µs per 100 ms period) to millicores.
                    {
                        name: "pod_cpu_limit",
                        unit: "Millicore",
                        type: "scale",
                        metric1: "pod_cpu_limit_raw",
                        operation: "divide",
                        scale_by: 100,
                    },
                ],
            },
            // A second pass: it needs pod_cpu_usage_total and pod_cpu_limit from the first.
            "metricsgeneration/2": {
                rules: [
                    {
                        name: "pod_cpu_utilization_over_pod_limit",
                        type: "calculate",
                        unit: "Percent",
                        metric1: "pod_cpu_usage_total",
                        metric2: "pod_cpu_limit",
                        operation: "percent",
                    },
                ],
            },
            "metricstransform/label_2": {
                transforms: [
                    {
                        include: "pod_.*",
                        match_type: "regexp",
                        action: "update",
                        operations: [{ action: "add_label", new_label: "Type", new_value: "Pod" }],
                    },
                    {
                        include: "new_container_.*",
                        match_type: "regexp",
                        action: "update",
                        operations: [{ action: "add_label", new_label: "Type", new_value: "Container" }],
                    },
                    {
                        include: ".*",
                        match_type: "regexp",
                        action: "update",
                        operations: [
                            { action: "update_label", label: "namespace", new_label: "Namespace" },
                            { action: "update_label", label: "pod", new_label: "PodName" },
                        ],
                    },
                    { include: "^new_container_(.*)$$", match_type: "regexp", action: "update", new_name: "container_$$1" },
                ],
            },
            // ClusterName comes from OTEL_RESOURCE_ATTRIBUTES. AWS's template dropped the eks detector
            // in July 2026 ("drop eks resourcedetection detector for Fargate container insights").
            resourcedetection: { detectors: ["env"] },
            batch: { timeout: "60s" },
        },
        exporters: {
            awsemf: {
                log_group_name: args.logGroupName,
                log_stream_name: "{PodName}",
                namespace: CONTAINER_INSIGHTS_NAMESPACE,
                region: args.region,
                resource_to_telemetry_conversion: { enabled: true },
                eks_fargate_container_insights_enabled: true,
                parse_json_encoded_attr_values: ["kubernetes"],
                dimension_rollup_option: "NoDimensionRollup",
                metric_declarations: [{ dimensions: FARGATE_POD_DIMENSIONS, metric_name_selectors: FARGATE_POD_METRICS }],
            },
        },
        extensions: { health_check: {} },
        service: {
            pipelines: { metrics: { receivers: ["prometheus"], processors: [...PROCESSOR_ORDER], exporters: ["awsemf"] } },
            extensions: ["health_check"],
        },
    };
}

/** The collector's config file as YAML. */
export function renderCollectorConfig(config: CollectorConfig): string {
    return stringify(config, { lineWidth: 0 });
}
