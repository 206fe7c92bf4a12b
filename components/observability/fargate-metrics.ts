// Container Insights metrics for EKS Fargate pods. The amazon-cloudwatch-observability add-on's
// agent is a DaemonSet, and DaemonSets do not run on Fargate, so AWS's answer for Fargate is one
// ADOT collector that scrapes every Fargate node's cAdvisor through the API server proxy and writes
// embedded metric format to the performance log group (docs.aws.amazon.com/AmazonCloudWatch/latest/
// monitoring/Container-Insights-EKS-otel.html). The collector runs on Fargate itself, in a namespace
// of its own with its own Fargate profile, and writes with an IRSA role: EKS Pod Identity needs
// its agent DaemonSet on the node, which Fargate pods do not have.

import { createHash } from "crypto";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { collectorConfig, renderCollectorConfig } from "./adot-fargate-config";
import { irsaTrust } from "../eks/iam";
import { CONTAINER_IMAGES, imageRef } from "../../lib/container-images";
import { tagsFor } from "../../lib/tags";

export const FARGATE_METRICS_NAMESPACE = "fargate-container-insights";
export const FARGATE_METRICS_SERVICE_ACCOUNT = "adot-collector";
/** Cluster-scoped names: one collector per cluster. */
export const FARGATE_METRICS_CLUSTER_ROLE = "fargate-container-insights-collector";
const CONFIG_FILE = "collector.yaml";
const CONFIG_KEY = "collector.yaml";
const APP_LABELS = { "app.kubernetes.io/name": "adot-collector", "app.kubernetes.io/component": "fargate-container-insights" };

/**
 * What the collector may read in the cluster. AWS's manifest grants get/list/watch on nodes,
 * nodes/proxy, nodes/metrics, services, endpoints, pods and pods/proxy and the /metrics/cadvisor
 * URL; the pipeline only discovers nodes (kubernetes_sd role "node") and reads
 * /api/v1/nodes/<node>/proxy/metrics/cadvisor, which the API server authorizes as get on
 * nodes/proxy. The rest (kubelet scraping without the proxy, pod and service discovery) is unused.
 */
export const FARGATE_METRICS_RBAC_RULES = [
    { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] },
    { apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] },
] as const;

/**
 * What the awsemf exporter calls: it opens a stream per pod ({PodName}) and writes to it. The group
 * exists before the collector (created here or by the Container Insights add-on's component), so no
 * logs:CreateLogGroup; no CloudWatch PutMetricData either: CloudWatch Logs extracts the metrics
 * from the embedded metric format. CloudWatchAgentServerPolicy would add both, on every group of the
 * account, plus EC2 and SSM reads the collector never makes.
 */
export const FARGATE_METRICS_LOG_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"] as const;

/**
 * The collector's container: AWS's template requests 1 vCPU and 2 GiB and sets limits equal (Fargate
 * runs pods with guaranteed QoS). Fargate adds 256 MB and rounds up: the pod runs as 1 vCPU / 3 GB.
 */
export const FARGATE_METRICS_RESOURCES = { cpu: "1", memory: "2Gi" } as const;

export interface FargateMetricsArgs {
    readonly namePrefix: string;
    readonly clusterName: pulumi.Input<string>;
    readonly region: string;
    readonly kubernetesProvider: k8s.Provider;
    /** The cluster's IAM OIDC provider (IRSA). */
    readonly oidcProviderArn: pulumi.Input<string>;
    /** The cluster's Fargate pod execution role, shared with its other profiles. */
    readonly podExecutionRoleArn: pulumi.Input<string>;
    readonly privateSubnetIds: pulumi.Input<string>[];
    /** Pod Security labels of the collector's namespace, as on every namespace the platform creates. */
    readonly namespaceLabels?: Readonly<Record<string, string>>;
    /** The performance group when Container Insights (EC2 nodes) already declares it; else created here. */
    readonly performanceLogGroup?: { readonly name: pulumi.Input<string>; readonly arn: pulumi.Input<string> };
    readonly retentionDays: number;
    readonly retainLogs: boolean;
    readonly tags: Readonly<Record<string, string>>;
    /** The cluster's other Fargate profiles: EKS refuses concurrent profile operations on a cluster. */
    readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

/** The OIDC issuer (host and path) an IAM OIDC provider ARN names: arn:...:oidc-provider/<issuer>. */
export function issuerOfProviderArn(arn: string): string {
    const at = arn.indexOf(":oidc-provider/");
    if (at < 0) throw new Error(`not an IAM OIDC provider ARN: ${arn}`);
    return arn.slice(at + ":oidc-provider/".length);
}

export class FargateMetrics extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly namespaceName: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: FargateMetricsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:FargateMetrics", name, {}, opts);
        const parent = { parent: this };

        const group =
            args.performanceLogGroup ??
            new aws.cloudwatch.LogGroup(
                `${name}-performance`,
                {
                    name: pulumi.interpolate`/aws/containerinsights/${args.clusterName}/performance`,
                    retentionInDays: args.retentionDays,
                    tags: tagsFor(args.tags, `${args.namePrefix}-containerinsights-performance`),
                },
                { parent: this, retainOnDelete: args.retainLogs },
            );

        const role = new aws.iam.Role(
            name,
            {
                description: `${FARGATE_METRICS_SERVICE_ACCOUNT} in ${FARGATE_METRICS_NAMESPACE} (IRSA): Fargate pod metrics`,
                assumeRolePolicy: irsaTrust(
                    args.oidcProviderArn,
                    pulumi.output(args.oidcProviderArn).apply(issuerOfProviderArn),
                    FARGATE_METRICS_NAMESPACE,
                    FARGATE_METRICS_SERVICE_ACCOUNT,
                ),
                tags: tagsFor(args.tags, `${args.namePrefix}-fargate-metrics`),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-logs`,
            {
                role: role.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: [...FARGATE_METRICS_LOG_ACTIONS],
                            Resource: [pulumi.interpolate`${group.arn}:log-stream:*`],
                        },
                    ],
                }),
            },
            parent,
        );

        const profile = new aws.eks.FargateProfile(
            name,
            {
                clusterName: args.clusterName,
                // Auto-named: every change but tags replaces a profile; the successor is created first.
                podExecutionRoleArn: args.podExecutionRoleArn,
                subnetIds: args.privateSubnetIds,
                selectors: [{ namespace: FARGATE_METRICS_NAMESPACE }],
                tags: tagsFor(args.tags, `${args.namePrefix}-fargate-metrics`),
            },
            { parent: this, dependsOn: args.dependsOn },
        );

        const k8sOpts = { parent: this, provider: args.kubernetesProvider };
        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            // Fixed: the Fargate profile selects it by name.
            { metadata: { name: FARGATE_METRICS_NAMESPACE, labels: { ...APP_LABELS, ...args.namespaceLabels } } },
            k8sOpts,
        );
        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-service-account`,
            {
                metadata: {
                    name: FARGATE_METRICS_SERVICE_ACCOUNT,
                    namespace: namespace.metadata.name,
                    labels: APP_LABELS,
                    annotations: { "eks.amazonaws.com/role-arn": role.arn },
                },
            },
            k8sOpts,
        );
        const clusterRole = new k8s.rbac.v1.ClusterRole(
            `${name}-cluster-role`,
            {
                metadata: { name: FARGATE_METRICS_CLUSTER_ROLE, labels: APP_LABELS },
                rules: FARGATE_METRICS_RBAC_RULES.map((r) => ({
                    apiGroups: [...r.apiGroups],
                    resources: [...r.resources],
                    verbs: [...r.verbs],
                })),
            },
            k8sOpts,
        );
        const binding = new k8s.rbac.v1.ClusterRoleBinding(
            `${name}-cluster-role-binding`,
            {
                metadata: { name: FARGATE_METRICS_CLUSTER_ROLE, labels: APP_LABELS },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRole.metadata.name },
                subjects: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace: namespace.metadata.name }],
            },
            k8sOpts,
        );

        const configText = pulumi
            .output(group.name)
            .apply((logGroupName) => renderCollectorConfig(collectorConfig({ region: args.region, logGroupName })));
        // Auto-named: Pulumi replaces a ConfigMap whose data changes, so a new config is a new map and
        // the Deployment rolls onto it before the old one is deleted.
        const config = new k8s.core.v1.ConfigMap(
            `${name}-config`,
            { metadata: { namespace: namespace.metadata.name, labels: APP_LABELS }, data: { [CONFIG_KEY]: configText } },
            k8sOpts,
        );

        new k8s.apps.v1.Deployment(
            `${name}-collector`,
            {
                metadata: { name: FARGATE_METRICS_SERVICE_ACCOUNT, namespace: namespace.metadata.name, labels: APP_LABELS },
                spec: {
                    replicas: 1,
                    // One scraper at a time: two would write every datapoint twice during a rollout.
                    strategy: { type: "Recreate" },
                    selector: { matchLabels: APP_LABELS },
                    template: {
                        metadata: {
                            labels: APP_LABELS,
                            annotations: {
                                "platform/config-sha256": configText.apply((t) => createHash("sha256").update(t).digest("hex")),
                            },
                        },
                        spec: {
                            serviceAccountName: serviceAccount.metadata.name,
                            securityContext: { fsGroup: 65534 },
                            containers: [
                                {
                                    name: "adot-collector",
                                    image: imageRef(CONTAINER_IMAGES.adotCollector),
                                    imagePullPolicy: "IfNotPresent",
                                    command: ["/awscollector", `--config=/conf/${CONFIG_FILE}`],
                                    env: [{ name: "OTEL_RESOURCE_ATTRIBUTES", value: pulumi.interpolate`ClusterName=${args.clusterName}` }],
                                    resources: { requests: { ...FARGATE_METRICS_RESOURCES }, limits: { ...FARGATE_METRICS_RESOURCES } },
                                    volumeMounts: [{ name: "config", mountPath: "/conf", readOnly: true }],
                                },
                            ],
                            volumes: [
                                {
                                    name: "config",
                                    configMap: { name: config.metadata.name, items: [{ key: CONFIG_KEY, path: CONFIG_FILE }] },
                                },
                            ],
                        },
                    },
                },
            },
            // Pods scheduled before the profile exists would stay Pending on a node-less namespace, or
            // land on EC2 nodes: the profile first, and the binding so the first scrape is allowed.
            { ...k8sOpts, dependsOn: [profile, binding] },
        );

        this.roleArn = role.arn;
        this.namespaceName = namespace.metadata.name;
        this.logGroupName = pulumi.output(group.name);
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ roleArn: this.roleArn, namespaceName: this.namespaceName });
    }
}
