import * as assert from "assert";
import { ECR_PULL_ACTIONS, ECS_EXEC_ACTIONS, LOG_WRITE_ACTIONS } from "../components/ecs/policies";
import { FIRELENS_IMAGE } from "../components/ecs/containers";
import { TLS_POLICY } from "../components/ecs/load-balancer";
import { RecordedResource } from "../offline/engine";
import { Graph } from "../offline/graph";
import { configIssues } from "./harness/config-issues";
import { ContainerDefinition, parseJson, PolicyDocument } from "./harness/documents";
import { ProgramRun, runStack } from "../offline/run";
import { offlineWorld, resetOfflineWorld } from "../offline/model-kit";

const T = {
    cluster: "aws:ecs/cluster:Cluster",
    capacity: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    service: "aws:ecs/service:Service",
    taskDef: "aws:ecs/taskDefinition:TaskDefinition",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    alb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    rule: "aws:lb/listenerRule:ListenerRule",
    tg: "aws:lb/targetGroup:TargetGroup",
    scalingTarget: "aws:appautoscaling/target:Target",
    scalingPolicy: "aws:appautoscaling/policy:Policy",
    repo: "aws:ecr/repository:Repository",
    lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    namespace: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
    discovery: "aws:servicediscovery/service:Service",
};

const json = <T>(r: RecordedResource, input: string): T => parseJson<T>(r.inputs[input]);
const statements = (r: RecordedResource) =>
    json<{ Statement: { Sid: string; Action: string[]; Resource: string | string[] }[] }>(r, "policy").Statement;

interface StackExpectations {
    readonly stack: "dev" | "prd";
    readonly strategy: { capacityProvider: string; base: number; weight: number }[];
    readonly protect: boolean;
    readonly retention: number;
    readonly apiSecrets: Record<string, string>;
    readonly apiScaling: [number, number];
    readonly apiTagMutability: string;
}

const STACKS: StackExpectations[] = [
    {
        stack: "dev",
        strategy: [
            { capacityProvider: "FARGATE", base: 0, weight: 1 },
            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
        ],
        protect: false,
        retention: 14,
        apiScaling: [1, 2],
        apiTagMutability: "MUTABLE",
        apiSecrets: { DB_PASSWORD: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:platform-dev/db-password-AbCdEf" },
    },
    {
        stack: "prd",
        strategy: [
            { capacityProvider: "FARGATE", base: 2, weight: 1 },
            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
        ],
        protect: true,
        retention: 365,
        apiScaling: [3, 12],
        apiTagMutability: "IMMUTABLE",
        apiSecrets: {
            API_KEY: "arn:aws:ssm:ap-northeast-1:123456789012:parameter/platform-prd/api-key",
            DB_PASSWORD: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:platform-prd/db-password-AbCdEf",
        },
    },
];

for (const x of STACKS) {
    describe(`ECS on Fargate (${x.stack})`, () => {
        let run: ProgramRun;
        let ecs: Graph;
        let api: Graph;
        let web: Graph;
        let net: Graph;
        before(async () => {
            run = await runStack(x.stack);
            ecs = run.graph.within("platform:ecs:Ecs");
            api = run.graph.within("platform:ecs:Service", `platform-${x.stack}-api`);
            web = run.graph.within("platform:ecs:Service", `platform-${x.stack}-web`);
            net = run.graph.within("platform:network:Network");
        });

        it("cluster: Container Insights enhanced, ECS Exec logging, protection per environment", () => {
            const cluster = ecs.one(T.cluster);
            assert.strictEqual(cluster.inputs.name, `platform-${x.stack}`);
            assert.deepStrictEqual(cluster.inputs.settings, [{ name: "containerInsights", value: "enhanced" }]);
            assert.deepStrictEqual(cluster.inputs.configuration, {
                executeCommandConfiguration: {
                    logging: "OVERRIDE",
                    logConfiguration: { cloudWatchLogGroupName: `/platform-${x.stack}/ecs-exec`, cloudWatchEncryptionEnabled: false },
                },
            });
            assert.strictEqual(cluster.protect, x.protect);
        });

        it("capacity providers FARGATE and FARGATE_SPOT with the environment's default strategy, used by every service", () => {
            const capacity = ecs.one(T.capacity);
            assert.deepStrictEqual(capacity.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
            assert.deepStrictEqual(capacity.inputs.defaultCapacityProviderStrategies, x.strategy);
            for (const svc of ecs.byType(T.service)) {
                assert.deepStrictEqual(svc.inputs.capacityProviderStrategies, x.strategy, svc.name);
                assert.strictEqual(svc.inputs.launchType, undefined, "a launch type would override the capacity providers");
            }
        });

        it("services run in the private subnets without public IPs, behind an SG that admits only the ALB on the container port", () => {
            const privateSubnets = run.outputs.privateSubnetIds;
            const albSg = ecs.one(T.sg, `platform-${x.stack}-lb-alb`);
            for (const [svcGraph, port] of [
                [api, 8080],
                [web, 80],
            ] as const) {
                const svc = svcGraph.one(T.service);
                const sg = svcGraph.one(T.sg);
                assert.deepStrictEqual(svc.inputs.networkConfiguration, {
                    subnets: privateSubnets,
                    securityGroups: [sg.id],
                    assignPublicIp: false,
                });
                const ingress = ecs
                    .byType(T.ingress)
                    .filter((r) => r.inputs.securityGroupId === sg.id && r.inputs.referencedSecurityGroupId === albSg.id);
                assert.deepStrictEqual(
                    ingress.map((r) => [
                        r.inputs.ipProtocol,
                        r.inputs.fromPort,
                        r.inputs.toPort,
                        r.inputs.referencedSecurityGroupId,
                        r.inputs.cidrIpv4,
                    ]),
                    [["tcp", port, port, albSg.id, undefined]],
                );
                const albEgress = ecs
                    .byType(T.egress)
                    .filter((r) => r.inputs.securityGroupId === albSg.id && r.inputs.referencedSecurityGroupId === sg.id);
                assert.deepStrictEqual(
                    albEgress.map((r) => [r.inputs.fromPort, r.inputs.toPort]),
                    [[port, port]],
                );
                assert.deepStrictEqual(
                    (svc.inputs.loadBalancers as Record<string, unknown>[]).map(({ targetGroupArn, containerName, containerPort }) => ({
                        targetGroupArn,
                        containerName,
                        containerPort,
                    })),
                    [
                        {
                            targetGroupArn: svcGraph.one(T.tg, `platform-${x.stack}-${String(svc.inputs.name)}-tg`).outputs.arn,
                            containerName: svc.inputs.name,
                            containerPort: port,
                        },
                    ],
                );
            }
            assert.ok(Array.isArray(privateSubnets) && privateSubnets.length === (x.stack === "prd" ? 3 : 2));
            assert.deepStrictEqual(
                net
                    .byType("aws:ec2/subnet:Subnet")
                    .filter((s) => (privateSubnets as string[]).includes(String(s.id)))
                    .map((s) => (s.inputs.tags as Record<string, string>).tier),
                (privateSubnets as string[]).map(() => "private"),
            );
        });

        it("safe deployments: circuit breaker with rollback, 100/200 %, ECS Exec, tags propagated, desired count owned by autoscaling", () => {
            for (const svc of ecs.byType(T.service)) {
                assert.deepStrictEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true }, svc.name);
                assert.deepStrictEqual([svc.inputs.deploymentMinimumHealthyPercent, svc.inputs.deploymentMaximumPercent], [100, 200]);
                assert.deepStrictEqual(
                    [svc.inputs.enableExecuteCommand, svc.inputs.propagateTags, svc.inputs.enableEcsManagedTags],
                    [true, "SERVICE", true],
                );
                assert.deepStrictEqual(svc.ignoreChanges, ["desiredCount"]);
                assert.strictEqual(svc.protect, x.protect);
                // A Spot-weight change is then an update (a new deployment), not a replacement.
                assert.strictEqual(svc.inputs.forceNewDeployment, true);
            }
        });

        it("a service waits for the listener rule that attaches its target group to the ALB", () => {
            for (const svcGraph of [api, web]) {
                const rule = svcGraph.one("aws:lb/listenerRule:ListenerRule");
                assert.ok(svcGraph.one(T.service).dependencies.includes(rule.urn), svcGraph.one(T.service).name);
            }
        });

        it("task definitions: Fargate, awsvpc, a valid size, runtime platform, the two separate roles", () => {
            const task = api.one(T.taskDef, `platform-${x.stack}-api-task`);
            const execution = api.one(T.role, `platform-${x.stack}-api-execution`);
            const taskRole = api.one(T.role, `platform-${x.stack}-api-task`);
            assert.deepStrictEqual([task.inputs.networkMode, task.inputs.requiresCompatibilities], ["awsvpc", ["FARGATE"]]);
            assert.deepStrictEqual([task.inputs.cpu, task.inputs.memory], x.stack === "prd" ? ["1024", "2048"] : ["256", "512"]);
            assert.deepStrictEqual(task.inputs.runtimePlatform, { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" });
            assert.deepStrictEqual([task.inputs.executionRoleArn, task.inputs.taskRoleArn], [execution.outputs.arn, taskRole.outputs.arn]);
            assert.notStrictEqual(execution.outputs.arn, taskRole.outputs.arn);
            for (const role of [execution, taskRole]) {
                assert.deepStrictEqual(json<PolicyDocument>(role, "assumeRolePolicy").Statement, [
                    {
                        Effect: "Allow",
                        Principal: { Service: "ecs-tasks.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "aws:SourceAccount": "123456789012" },
                            ArnLike: { "aws:SourceArn": "arn:aws:ecs:ap-northeast-1:123456789012:*" },
                        },
                    },
                ]);
            }
        });

        it("execution role: ECR pull on its repository, its log streams, exactly the referenced secrets", () => {
            const policy = api.one(T.rolePolicy, `platform-${x.stack}-api-execution`);
            const repo = api.one(T.repo);
            const group = api.one(T.logGroup);
            const expected = [
                { Sid: "EcrAuth", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
                { Sid: "EcrPull", Effect: "Allow", Action: ECR_PULL_ACTIONS, Resource: repo.outputs.arn },
                // prd runs GuardDuty Runtime Monitoring: ECS pulls its agent sidecar with this role.
                ...(x.stack === "prd"
                    ? [
                          {
                              Sid: "GuardDutyAgentPull",
                              Effect: "Allow",
                              Action: ECR_PULL_ACTIONS,
                              Resource: "arn:aws:ecr:ap-northeast-1:*:repository/aws-guardduty-agent-fargate",
                          },
                      ]
                    : []),
                { Sid: "Logs", Effect: "Allow", Action: LOG_WRITE_ACTIONS, Resource: `${String(group.outputs.arn)}:log-stream:*` },
                { Sid: "Secrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [x.apiSecrets.DB_PASSWORD] },
                ...(x.apiSecrets.API_KEY
                    ? [{ Sid: "Parameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [x.apiSecrets.API_KEY] }]
                    : []),
            ];
            assert.deepStrictEqual(statements(policy), expected);
            assert.strictEqual(policy.inputs.role, api.one(T.role, `platform-${x.stack}-api-execution`).id);
            // A public image needs no ECR permission and the web service references no secret.
            assert.deepStrictEqual(
                statements(web.one(T.rolePolicy, `platform-${x.stack}-web-execution`)).map((s) => s.Sid),
                x.stack === "prd" ? ["EcrAuth", "GuardDutyAgentPull", "Logs"] : ["Logs"],
            );
        });

        it("task role (platform's policy): the ECS Exec channel actions and writing the exec transcript, nothing else", () => {
            const execGroup = ecs.one(T.logGroup, `platform-${x.stack}-exec-logs`).outputs.arn;
            for (const g of [api, web]) {
                const policy = g.byType(T.rolePolicy).find((p) => p.name.endsWith("-task"));
                assert.ok(policy);
                assert.deepStrictEqual(statements(policy), [
                    { Sid: "EcsExec", Effect: "Allow", Action: ECS_EXEC_ACTIONS, Resource: "*" },
                    { Sid: "EcsExecAuditFind", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
                    {
                        Sid: "EcsExecAuditWrite",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                        Resource: [execGroup, `${String(execGroup)}:log-stream:*`],
                    },
                ]);
            }
        });

        it("logging: awslogs to a log group we create with the environment's retention; secrets only as valueFrom", () => {
            const group = api.one(T.logGroup);
            assert.deepStrictEqual(
                [group.inputs.name, group.inputs.retentionInDays, group.retainOnDelete],
                [`/platform-${x.stack}/ecs/api`, x.retention, x.protect],
            );
            const [container] = json<ContainerDefinition[]>(api.one(T.taskDef, `platform-${x.stack}-api-task`), "containerDefinitions");
            assert.deepStrictEqual(container.logConfiguration, {
                logDriver: "awslogs",
                options: {
                    "awslogs-group": group.inputs.name,
                    "awslogs-region": "ap-northeast-1",
                    "awslogs-stream-prefix": "api",
                    // prd's api keeps multi-line stack traces as one event.
                    ...(x.stack === "prd" ? { "awslogs-multiline-pattern": "^\\d{4}-\\d{2}-\\d{2}" } : {}),
                },
            });
            assert.deepStrictEqual(
                container.secrets,
                Object.keys(x.apiSecrets)
                    .sort()
                    .map((name) => ({ name, valueFrom: x.apiSecrets[name] })),
            );
            const envNames = (container.environment as { name: string }[]).map((e) => e.name);
            assert.ok(
                envNames.every((n) => !(n in x.apiSecrets)),
                "a secret leaked into plain environment values",
            );
            assert.deepStrictEqual(container.linuxParameters, { initProcessEnabled: true });
            assert.strictEqual(
                container.image,
                `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/platform-${x.stack}/api:${x.stack === "prd" ? "1.0.0" : "dev-latest"}`,
            );
            assert.strictEqual(
                json<ContainerDefinition[]>(web.one(T.taskDef), "containerDefinitions")[0].image,
                "public.ecr.aws/nginx/nginx:stable",
            );
        });

        it("ECR: scan on push, tag mutability per environment, a lifecycle policy", () => {
            const repo = api.one(T.repo);
            assert.deepStrictEqual(
                [repo.inputs.name, repo.inputs.imageScanningConfiguration, repo.inputs.imageTagMutability, repo.protect],
                [`platform-${x.stack}/api`, { scanOnPush: true }, x.apiTagMutability, x.protect],
            );
            const rules = json<{ rules: { selection: { tagStatus: string } }[] }>(api.one(T.lifecycle), "policy").rules;
            assert.deepStrictEqual(
                rules.map((r) => r.selection.tagStatus),
                ["untagged", "any"],
            );
            assert.deepStrictEqual(web.byType(T.repo), []);
        });

        it("ALB: public subnets, HTTPS in prd (HTTP only without a certificate), deletion protection per environment, path rules per service", () => {
            const alb = ecs.one(T.alb);
            assert.deepStrictEqual(alb.inputs.subnets, run.outputs.publicSubnetIds);
            assert.deepStrictEqual(
                [alb.inputs.internal, alb.inputs.enableDeletionProtection, alb.inputs.dropInvalidHeaderFields, alb.protect],
                [false, x.protect, true, x.protect],
            );
            const listeners = ecs.byType(T.listener);
            assert.deepStrictEqual(
                listeners.map((l) => [l.inputs.port, l.inputs.protocol]),
                x.stack === "prd"
                    ? [
                          [80, "HTTP"],
                          [443, "HTTPS"],
                      ]
                    : [[80, "HTTP"]],
            );
            const rules = ecs
                .byType(T.rule)
                .map((r) => [r.inputs.priority, (r.inputs.conditions as { pathPattern: { values: string[] } }[])[0].pathPattern.values]);
            assert.deepStrictEqual(rules, [
                [100, ["/api/*"]],
                [110, ["/*"]],
            ]);
            assert.strictEqual(run.outputs.loadBalancerDnsName, alb.outputs.dnsName);
        });

        it("target groups: named by prefix (a replacement never collides), IP targets, health check path, a short deregistration delay", () => {
            for (const [svcGraph, prefix] of [
                [api, "api-"],
                [web, "web-"],
            ] as const) {
                for (const group of svcGraph.byType(T.tg)) {
                    assert.deepStrictEqual([group.inputs.name, group.inputs.namePrefix], [undefined, prefix]);
                    assert.match(String(group.outputs.name), /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])$/);
                }
            }
            const tg = api.one(T.tg, `platform-${x.stack}-api-tg`);
            assert.deepStrictEqual(
                [tg.inputs.targetType, tg.inputs.port, tg.inputs.protocol, tg.inputs.deregistrationDelay],
                ["ip", 8080, "HTTP", 30],
            );
            assert.deepStrictEqual(tg.inputs.healthCheck, {
                path: "/api/health",
                matcher: "200-399",
                interval: 15,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
            });
        });

        it("autoscaling: bounds from config, CPU target tracking (and ALB requests per target in prd)", () => {
            const target = api.one(T.scalingTarget);
            assert.deepStrictEqual(
                [
                    target.inputs.serviceNamespace,
                    target.inputs.scalableDimension,
                    target.inputs.resourceId,
                    target.inputs.minCapacity,
                    target.inputs.maxCapacity,
                ],
                ["ecs", "ecs:service:DesiredCount", `service/platform-${x.stack}/api`, ...x.apiScaling],
            );
            const policies = api
                .byType(T.scalingPolicy)
                .map((p) => p.inputs.targetTrackingScalingPolicyConfiguration as Record<string, Record<string, unknown>>);
            const metrics = policies.map((c) => [c.predefinedMetricSpecification.predefinedMetricType, c.targetValue]);
            if (x.stack === "prd") {
                assert.deepStrictEqual(metrics, [
                    ["ECSServiceAverageCPUUtilization", 60],
                    ["ALBRequestCountPerTarget", 1000],
                ]);
                assert.strictEqual(
                    policies[1].predefinedMetricSpecification.resourceLabel,
                    `${String(ecs.one(T.alb).outputs.arnSuffix)}/${String(api.one(T.tg).outputs.arnSuffix)}`,
                );
            } else {
                assert.deepStrictEqual(metrics, [["ECSServiceAverageCPUUtilization", 70]]);
            }
        });

        it("service discovery: a private DNS namespace and a record per service", () => {
            const namespace = ecs.one(T.namespace);
            assert.deepStrictEqual(
                [namespace.inputs.name, namespace.inputs.vpc],
                [`platform-${x.stack}.internal`, net.one("aws:ec2/vpc:Vpc").id],
            );
            const registry = api.one(T.discovery);
            assert.strictEqual((registry.inputs.dnsConfig as { namespaceId: string }).namespaceId, namespace.id);
            assert.deepStrictEqual(api.one(T.service).inputs.serviceRegistries, { registryArn: registry.outputs.arn });
        });

        it("one-off task: the migration runs the service's image with its command, and its run-task inputs are outputs", () => {
            const migrate = api.one(T.taskDef, `platform-${x.stack}-api-migrate`);
            const [container] = json<ContainerDefinition[]>(migrate, "containerDefinitions");
            assert.deepStrictEqual(container.command, ["node", "dist/migrate.js"]);
            assert.strictEqual(
                container.image,
                json<ContainerDefinition[]>(api.one(T.taskDef, `platform-${x.stack}-api-task`), "containerDefinitions")[0].image,
            );
            assert.strictEqual(container.portMappings, undefined);
            assert.deepStrictEqual(run.outputs.ecsOneOffTasks, {
                "api/migrate": {
                    taskDefinitionArn: migrate.outputs.arn,
                    containerName: "api",
                    securityGroupId: api.one(T.sg).id,
                    subnetIds: run.outputs.privateSubnetIds,
                },
            });
            assert.strictEqual(run.outputs.ecsClusterArn, ecs.one(T.cluster).outputs.arn);
        });
    });
}

describe("ECS: what config changes", () => {
    const CERT = "arn:aws:acm:ap-northeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";

    it("a certificate adds HTTPS (TLS 1.3 policy) and turns HTTP into a redirect; rules attach to HTTPS", async () => {
        const run = await runStack("prd", { "platform:albCertificateArn": CERT });
        const ecs = run.graph.within("platform:ecs:Ecs");
        const listeners = Object.fromEntries(ecs.byType(T.listener).map((l) => [String(l.inputs.protocol), l]));
        assert.deepStrictEqual(
            [listeners.HTTPS.inputs.port, listeners.HTTPS.inputs.certificateArn, listeners.HTTPS.inputs.sslPolicy],
            [443, CERT, TLS_POLICY],
        );
        assert.deepStrictEqual(listeners.HTTP.inputs.defaultActions, [
            { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ]);
        assert.ok(ecs.byType(T.rule).every((r) => r.inputs.listenerArn === listeners.HTTPS.outputs.arn));
        const albIngressPorts = ecs
            .byType(T.ingress)
            .filter((r) => r.name.includes("-lb-alb-"))
            .map((r) => r.inputs.fromPort)
            .sort();
        assert.deepStrictEqual(albIngressPorts, [443, 443, 80, 80]);
    });

    it("FireLens: a Fluent Bit router container, the app logging through it, the task role allowed to write", async () => {
        const run = await runStack("dev", { "platform:ecsLogDriver": "firelens" });
        const web = run.graph.within("platform:ecs:Service", "platform-dev-web");
        const [router, app] = json<ContainerDefinition[]>(web.one(T.taskDef), "containerDefinitions");
        const group = String(web.one(T.logGroup).inputs.name);
        assert.deepStrictEqual(
            [router.name, router.image, router.firelensConfiguration],
            ["log_router", FIRELENS_IMAGE, { type: "fluentbit" }],
        );
        assert.deepStrictEqual(router.logConfiguration.options["awslogs-group"], group);
        assert.deepStrictEqual(app.logConfiguration, {
            logDriver: "awsfirelens",
            options: {
                Name: "cloudwatch_logs",
                region: "ap-northeast-1",
                log_group_name: group,
                log_stream_prefix: "web/",
                auto_create_group: "false",
            },
        });
        const taskPolicy = web.byType(T.rolePolicy).find((p) => p.name.endsWith("-task"));
        assert.ok(taskPolicy);
        assert.deepStrictEqual(
            statements(taskPolicy).map((s) => s.Sid),
            ["EcsExec", "EcsExecAuditFind", "EcsExecAuditWrite", "FireLensLogs"],
        );
    });

    it("no services: no ECS resources at all", async () => {
        const run = await runStack("dev", { "platform:ecsServices": [] });
        assert.deepStrictEqual(
            run.graph.resources.filter((r) => r.type.startsWith("aws:ecs/") || r.type.startsWith("platform:ecs:")),
            [],
        );
    });
});

describe("ECS: names and first deploys", () => {
    afterEach(() => resetOfflineWorld());

    it("two services whose long names share a prefix get distinct, valid target group names", async () => {
        const services = ["payments-api-gateway-internal-1", "payments-api-gateway-internal-2"].map((name) => ({
            name,
            image: "public.ecr.aws/nginx/nginx:stable",
            port: 80,
        }));
        const run = await runStack("dev", { "platform:ecsServices": services.map((s, i) => ({ ...s, pathPattern: `/p${i}/*` })) });
        const names = run.graph.byType(T.tg).map((t) => String(t.outputs.name));
        assert.strictEqual(new Set(names).size, 2);
        for (const n of names) {
            assert.ok(n.length <= 32 && /^[A-Za-z0-9]/.test(n) && /[A-Za-z0-9]$/.test(n) && /^[A-Za-z0-9-]+$/.test(n), n);
            assert.ok(n.startsWith("payme-"), n);
        }
    });

    it("a service whose image is not pushed yet starts at zero tasks; once it is, the configured minimum returns", async () => {
        offlineWorld.missingImages = ["platform-prd/api:1.0.0"];
        const waiting = await runStack("prd", {}, { fresh: true });
        const api = waiting.graph.within("platform:ecs:Service", "platform-prd-api");
        assert.deepStrictEqual(
            [api.one(T.service).inputs.desiredCount, api.one("aws:appautoscaling/target:Target").inputs.minCapacity],
            [0, 0],
        );
        const web = waiting.graph.within("platform:ecs:Service", "platform-prd-web");
        assert.deepStrictEqual(
            [web.one(T.service).inputs.desiredCount, web.one("aws:appautoscaling/target:Target").inputs.minCapacity],
            [3, 3],
        );
        assert.deepStrictEqual(
            waiting.engine.invokes
                .filter((i) => i.token === "aws:ecr/getImage:getImage")
                .map((i) => [i.args.repositoryName, i.args.imageTag]),
            [["platform-prd/api", "1.0.0"]],
        );
        resetOfflineWorld();
        const pushed = await runStack("prd", {}, { fresh: true });
        const after = pushed.graph.within("platform:ecs:Service", "platform-prd-api");
        assert.deepStrictEqual(
            [after.one(T.service).inputs.desiredCount, after.one("aws:appautoscaling/target:Target").inputs.minCapacity],
            [3, 3],
        );
    });
});

describe("ECS config: bad values fail before any resource, naming the key", () => {
    const web = { name: "web", image: "public.ecr.aws/nginx/nginx:stable", port: 80 };
    const issuesOf = configIssues;
    const cases: [string, string, Record<string, unknown>, RegExp][] = [
        [
            "a CPU/memory pair Fargate rejects",
            "dev",
            { "platform:ecsServices": [{ ...web, cpu: 512, memory: 512 }] },
            /^platform:ecsServices\[0\]\.memory = 512: Fargate does not run 512 CPU units with 512 MiB \(allowed: with cpu 512: memory 1024\.\.4096 in steps of 1024\)$/,
        ],
        [
            "a duplicate service name",
            "dev",
            { "platform:ecsServices": [web, { ...web, pathPattern: "/b/*" }] },
            /^platform:ecsServices\[1\]\.name = "web": duplicate service name "web"/,
        ],
        [
            "a port out of range",
            "dev",
            { "platform:ecsServices": [{ ...web, port: 70000 }] },
            /^platform:ecsServices\[0\]\.port = 70000: port out of range \(allowed: 1\.\.65535\)$/,
        ],
        ["port zero", "dev", { "platform:ecsServices": [{ ...web, port: 0 }] }, /^platform:ecsServices\[0\]\.port = 0: port out of range/],
        [
            "autoscaling min > max",
            "dev",
            { "platform:ecsServices": [{ ...web, autoscaling: { min: 4, max: 2 } }] },
            /^platform:ecsServices\[0\]\.autoscaling = .*min 4 is greater than max 2/,
        ],
        [
            "a desired count outside the bounds",
            "dev",
            { "platform:ecsServices": [{ ...web, desiredCount: 5, autoscaling: { min: 1, max: 3 } }] },
            /^platform:ecsServices\[0\]\.desiredCount = 5: outside the autoscaling bounds 1\.\.3/,
        ],
        [
            "a secret given as a plain value (never echoed)",
            "dev",
            { "platform:ecsServices": [{ ...web, secrets: { DB_PASSWORD: "hunter2" } }] },
            /^platform:ecsServices\[0\]\.secrets\.DB_PASSWORD = \(hidden\): a secret must be referenced by ARN/,
        ],
        [
            "a secret ARN of another service",
            "dev",
            { "platform:ecsServices": [{ ...web, secrets: { K: "arn:aws:s3:::bucket/key" } }] },
            /^platform:ecsServices\[0\]\.secrets\.K = \(hidden\)/,
        ],
        [
            "an unknown service setting",
            "dev",
            { "platform:ecsServices": [{ ...web, replicas: 2 }] },
            /^platform:ecsServices\[0\]\.replicas = \(a number\): unknown service setting/,
        ],
        [
            "two services on one path",
            "dev",
            { "platform:ecsServices": [web, { ...web, name: "web2" }] },
            /^platform:ecsServices\[1\]\.pathPattern = "\/\*": "\/\*" routes to two services/,
        ],
        [
            "an invalid service name (ECS takes letters, digits, - and _ only)",
            "dev",
            { "platform:ecsServices": [{ ...web, name: "web.1" }] },
            /^platform:ecsServices\[0\]\.name = "web\.1": invalid service name/,
        ],
        [
            "an ECR service without a tag",
            "dev",
            { "platform:ecsServices": [{ name: "api", ecrRepository: true, port: 80 }] },
            /^platform:ecsServices\[0\]\.imageTag = \(unset\): invalid image tag/,
        ],
        [
            "a certificate that is not an ACM ARN",
            "dev",
            { "platform:albCertificateArn": "my-cert" },
            /^platform:albCertificateArn = "my-cert": invalid value \(allowed: empty, or an ACM certificate ARN/,
        ],
        [
            "prd without an on-demand base",
            "prd",
            { "platform:ecsFargateBase": 0 },
            /^platform:ecsFargateBase = 0: prd keeps a FARGATE \(on-demand\) base/,
        ],
        [
            "both capacity weights zero",
            "dev",
            { "platform:ecsFargateWeight": 0, "platform:ecsSpotWeight": 0 },
            /^platform:ecsSpotWeight = 0: FARGATE and FARGATE_SPOT weights are both 0/,
        ],
        [
            "an unknown log driver",
            "dev",
            { "platform:ecsLogDriver": "splunk" },
            /^platform:ecsLogDriver = "splunk": invalid value \(allowed: awslogs \| firelens\)$/,
        ],
        ["services that are not a list", "dev", { "platform:ecsServices": { web } }, /^platform:ecsServices = .*not a list of maps/],
    ];
    for (const [what, stack, overrides, expected] of cases) {
        it(`rejects ${what}`, () => {
            const issues = issuesOf(stack, overrides);
            assert.strictEqual(issues.length, 1, issues.join("\n"));
            assert.match(issues[0], expected);
        });
    }

    it("a bad service config registers no resource", async () => {
        await assert.rejects(runStack("dev", { "platform:ecsServices": [{ ...web, port: 0 }] }), /platform:ecsServices\[0\]\.port/);
    });
});
