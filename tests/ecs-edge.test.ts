import * as assert from "assert";
import { RecordedResource } from "../offline/engine";
import { Graph } from "../offline/graph";
import { ProgramRun, runStack } from "../offline/run";
import { loadStackConfig } from "../offline/stack-config";
import { MANAGED_RULE_GROUPS } from "../components/ecs/edge";
import { ELB_LOG_DELIVERY_SERVICE, elbLogDeliveryPrincipal } from "../components/ecs/elb-log-delivery";
import { SCRATCH_VOLUMES } from "../components/ecs/containers";
import { TLS_POLICY } from "../components/ecs/load-balancer";
import { configIssues } from "./harness/config-issues";
import { ContainerDefinition, parseJson } from "./harness/documents";
import { inRegion } from "./harness/regions";

const T = {
    service: "aws:ecs/service:Service",
    taskDef: "aws:ecs/taskDefinition:TaskDefinition",
    tg: "aws:lb/targetGroup:TargetGroup",
    rule: "aws:lb/listenerRule:ListenerRule",
    listener: "aws:lb/listener:Listener",
    alb: "aws:lb/loadBalancer:LoadBalancer",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
    logPolicy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    certificate: "aws:acm/certificate:Certificate",
    record: "aws:route53/record:Record",
    validation: "aws:acm/certificateValidation:CertificateValidation",
};
/** The access-log bucket and its settings (prd also has the log archive's bucket). */
const ACCESS_LOGS = "platform-prd-access-logs";
const RETENTION: Record<string, number> = { dev: 14, prd: 365 };
const PRD_CERTIFICATE = "arn:aws:acm:ap-northeast-1:123456789012:certificate/3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

const serviceGraph = (run: ProgramRun, stack: string, name: string) =>
    run.graph.within("platform:ecs:Service", `platform-${stack}-${name}`);
const dependsOn = (r: RecordedResource, target: RecordedResource) => r.dependencies.includes(target.urn);

for (const stack of ["dev", "prd"]) {
    describe(`ECS health, deploys and audit (${stack})`, () => {
        let run: ProgramRun;
        let api: Graph;
        let web: Graph;
        before(async () => {
            run = await runStack(stack);
            api = serviceGraph(run, stack, "api");
            web = serviceGraph(run, stack, "web");
        });

        it("health-check grace period per service: api's measured 330 s from config, web the 60 s default", () => {
            assert.deepStrictEqual(
                [api.one(T.service).inputs.healthCheckGracePeriodSeconds, web.one(T.service).inputs.healthCheckGracePeriodSeconds],
                [330, 60],
            );
        });

        it("container health check as configured (command, interval, timeout, retries, start period); none where none is set", () => {
            const [container] = parseJson<(ContainerDefinition & Record<string, unknown>)[]>(
                api.one(T.taskDef, `platform-${stack}-api-task`).inputs.containerDefinitions,
            );
            assert.deepStrictEqual(container.healthCheck, {
                command: ["CMD-SHELL", "wget -qO- http://localhost:8080/api/health || exit 1"],
                interval: 30,
                timeout: 5,
                retries: 3,
                startPeriod: 60,
            });
            const [webContainer] = parseJson<(ContainerDefinition & Record<string, unknown>)[]>(
                web.one(T.taskDef).inputs.containerDefinitions,
            );
            assert.strictEqual(webContainer.healthCheck, undefined);
        });

        it("a deployment alarm on the service's target 5xx rolls a bad deployment back (rolling strategy)", () => {
            for (const svcGraph of [api, web]) {
                const svc = svcGraph.one(T.service);
                const alarm = svcGraph.one(T.alarm);
                assert.deepStrictEqual(svc.inputs.alarms, { alarmNames: [alarm.outputs.name], enable: true, rollback: true });
                assert.deepStrictEqual(svc.inputs.deploymentConfiguration, { strategy: "ROLLING" });
                assert.deepStrictEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
                const [m0] = alarm.inputs.metricQueries as { metric: { metricName: string; dimensions: Record<string, unknown> } }[];
                assert.deepStrictEqual(m0.metric.metricName, "HTTPCode_Target_5XX_Count");
                assert.deepStrictEqual(m0.metric.dimensions, {
                    LoadBalancer: run.graph.one(T.alb).outputs.arnSuffix,
                    TargetGroup: svcGraph.one(T.tg).outputs.arnSuffix,
                });
                // The observability threshold (target5xxPerMinute).
                assert.strictEqual(alarm.inputs.threshold, 10);
            }
        });

        it("ECS Exec transcripts: the cluster logs sessions to a group with the stack's retention", () => {
            const group = run.graph.one(T.logGroup, `platform-${stack}-exec-logs`);
            assert.deepStrictEqual(
                [group.inputs.name, group.inputs.retentionInDays, group.retainOnDelete],
                [`/platform-${stack}/ecs-exec`, RETENTION[stack], stack === "prd"],
            );
            const cluster = run.graph.one("aws:ecs/cluster:Cluster");
            assert.strictEqual(
                (cluster.inputs.configuration as { executeCommandConfiguration: { logConfiguration: { cloudWatchLogGroupName: string } } })
                    .executeCommandConfiguration.logConfiguration.cloudWatchLogGroupName,
                group.outputs.name,
            );
            assert.strictEqual(run.outputs.ecsExecLogGroupName, group.outputs.name);
        });

        it("stopped tasks' reasons are kept: an EventBridge rule on this cluster's STOPPED tasks writes to a log group with retention", () => {
            const cluster = run.graph.one("aws:ecs/cluster:Cluster");
            const group = run.graph.one(T.logGroup, `platform-${stack}-stopped-tasks`);
            assert.deepStrictEqual(
                [group.inputs.name, group.inputs.retentionInDays],
                [`/platform-${stack}/ecs-events/task-stopped`, RETENTION[stack]],
            );
            const rule = run.graph.one(T.eventRule, `platform-${stack}-stopped-tasks`);
            assert.deepStrictEqual(parseJson(rule.inputs.eventPattern), {
                source: ["aws.ecs"],
                "detail-type": ["ECS Task State Change"],
                detail: { clusterArn: [cluster.outputs.arn], lastStatus: ["STOPPED"] },
            });
            const target = run.graph.one(T.eventTarget, `platform-${stack}-stopped-tasks`);
            assert.deepStrictEqual([target.inputs.rule, target.inputs.arn], [rule.outputs.name, group.outputs.arn]);
            const access = run.graph.one(T.logPolicy, `platform-${stack}-stopped-tasks`);
            assert.ok(dependsOn(target, access), "the target must wait for the log group's resource policy");
            const [statement] = parseJson<{ Statement: { Principal: { Service: string[] }; Action: string[]; Resource: string }[] }>(
                access.inputs.policyDocument,
            ).Statement;
            assert.deepStrictEqual(statement.Principal.Service, ["events.amazonaws.com", "delivery.logs.amazonaws.com"]);
            assert.deepStrictEqual(statement.Action, ["logs:CreateLogStream", "logs:PutLogEvents"]);
            assert.strictEqual(statement.Resource, `${String(group.outputs.arn)}:log-stream:*`);
            assert.strictEqual(access.inputs.policyName, `platform-${stack}-ecs-task-events`);
        });
    });

    describe(`ECS edge (${stack})`, () => {
        let run: ProgramRun;
        before(async () => {
            run = await runStack(stack);
        });

        it(
            stack === "prd" ? "prd serves HTTPS only: TLS 1.3 listener with the configured certificate, HTTP redirects" : "dev: HTTP only",
            () => {
                const listeners = run.graph
                    .byType(T.listener)
                    .map((l) => [l.inputs.port, l.inputs.protocol, l.inputs.certificateArn ?? null]);
                if (stack === "dev") {
                    assert.deepStrictEqual(listeners, [[80, "HTTP", null]]);
                    return;
                }
                assert.deepStrictEqual(listeners, [
                    [80, "HTTP", null],
                    [443, "HTTPS", PRD_CERTIFICATE],
                ]);
                const [http, https] = run.graph.byType(T.listener);
                assert.strictEqual(https.inputs.sslPolicy, TLS_POLICY);
                assert.deepStrictEqual(http.inputs.defaultActions, [
                    { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
                ]);
                for (const rule of run.graph.byType(T.rule)) assert.strictEqual(rule.inputs.listenerArn, https.outputs.arn, rule.name);
            },
        );

        it(
            stack === "prd"
                ? "access logs to a bucket this program creates, writable by the region's ELB log deliverer only"
                : "dev: no access logs",
            () => {
                const alb = run.graph.one(T.alb);
                if (stack === "dev") {
                    assert.deepStrictEqual([alb.inputs.accessLogs, run.graph.byType(T.bucket)], [undefined, []]);
                    return;
                }
                const bucket = run.graph.one(T.bucket, ACCESS_LOGS);
                assert.deepStrictEqual(alb.inputs.accessLogs, { bucket: bucket.outputs.bucket, prefix: "platform-prd", enabled: true });
                assert.strictEqual(run.outputs.albAccessLogsBucket, bucket.outputs.bucket);
                const policy = run.graph.one(T.bucketPolicy, ACCESS_LOGS);
                assert.ok(dependsOn(alb, policy), "the ALB checks its write access when logging is switched on");
                const [allow, tlsOnly] = parseJson<{ Statement: Record<string, unknown>[] }>(policy.inputs.policy).Statement;
                assert.deepStrictEqual(allow, {
                    Sid: "AlbAccessLogs",
                    Effect: "Allow",
                    // ap-northeast-1 predates August 2022: its regional ELB account delivers.
                    Principal: { AWS: "arn:aws:iam::582318560864:root" },
                    Action: "s3:PutObject",
                    Resource: `${String(bucket.outputs.arn)}/platform-prd/AWSLogs/123456789012/*`,
                });
                assert.deepStrictEqual(tlsOnly.Condition, { Bool: { "aws:SecureTransport": "false" } });
                const byType = (type: string) => run.graph.one(type, ACCESS_LOGS).inputs;
                assert.deepStrictEqual(byType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"), {
                    bucket: bucket.id,
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                });
                assert.deepStrictEqual(
                    byType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules,
                    [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                );
                const [lifecycle] = byType("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules as Record<
                    string,
                    unknown
                >[];
                assert.deepStrictEqual([lifecycle.status, lifecycle.expiration], ["Enabled", { days: 365 }]);
                assert.deepStrictEqual([bucket.protect, bucket.retainOnDelete, bucket.inputs.forceDestroy], [true, true, false]);
            },
        );

        it(stack === "prd" ? "a WAFv2 web ACL with the AWS managed rule groups on the ALB" : "dev: no WAF", () => {
            if (stack === "dev") {
                assert.deepStrictEqual(run.graph.byType(T.webAcl), []);
                return;
            }
            const acl = run.graph.one(T.webAcl);
            assert.deepStrictEqual([acl.inputs.scope, acl.inputs.defaultAction], ["REGIONAL", { allow: {} }]);
            assert.deepStrictEqual(
                (
                    acl.inputs.rules as { name: string; statement: { managedRuleGroupStatement: { vendorName: string; name: string } } }[]
                ).map((r) => [r.name, r.statement.managedRuleGroupStatement]),
                MANAGED_RULE_GROUPS.map((name) => [name, { vendorName: "AWS", name }]),
            );
            const association = run.graph.one(T.webAclAssociation);
            assert.deepStrictEqual(
                [association.inputs.resourceArn, association.inputs.webAclArn, association.deleteBeforeReplace],
                [run.graph.one(T.alb).outputs.arn, acl.outputs.arn, true],
            );
        });

        it("hardening as configured: prd's api runs as 1000:1000 on a read-only root with scratch volumes; web keeps its image's defaults", () => {
            const api = serviceGraph(run, stack, "api");
            const definition = api.one(T.taskDef, `platform-${stack}-api-task`);
            const [container] = parseJson<(ContainerDefinition & Record<string, unknown>)[]>(definition.inputs.containerDefinitions);
            if (stack === "dev") {
                assert.deepStrictEqual(
                    [container.readonlyRootFilesystem, container.user, definition.inputs.volumes],
                    [undefined, undefined, undefined],
                );
                return;
            }
            assert.deepStrictEqual([container.readonlyRootFilesystem, container.user], [true, "1000:1000"]);
            assert.deepStrictEqual(
                container.mountPoints,
                SCRATCH_VOLUMES.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
            );
            assert.deepStrictEqual(
                definition.inputs.volumes,
                SCRATCH_VOLUMES.map((v) => ({ name: v.name })),
            );
        });
    });
}

describe("ECS deploy strategies: blue/green, linear, canary", () => {
    const devServices = () => JSON.parse(loadStackConfig("dev").values["platform:ecsServices"] ?? "[]") as Record<string, unknown>[];
    const withStrategy = async (deployment: Record<string, unknown>) => {
        const [api, web] = devServices();
        return runStack("dev", { "platform:ecsServices": [{ ...api, deployment }, web] });
    };

    it("blue/green: a second target group, the production rule weighted 100/0 and left to ECS, the infrastructure role, the bake time", async () => {
        const run = await withStrategy({ strategy: "blue-green", bakeTimeMinutes: 15 });
        const api = serviceGraph(run, "dev", "api");
        const [blue, green] = [api.one(T.tg, "platform-dev-api-tg"), api.one(T.tg, "platform-dev-api-tg-alt")];
        assert.deepStrictEqual(
            [green.inputs.port, green.inputs.namePrefix, green.inputs.healthCheck],
            [blue.inputs.port, "api-", blue.inputs.healthCheck],
        );
        const rule = api.one(T.rule);
        assert.deepStrictEqual(rule.inputs.actions, [
            {
                type: "forward",
                forward: {
                    targetGroups: [
                        { arn: blue.outputs.arn, weight: 100 },
                        { arn: green.outputs.arn, weight: 0 },
                    ],
                },
            },
        ]);
        assert.deepStrictEqual(rule.ignoreChanges, ["actions"]);
        const role = run.graph.one(T.role, "platform-dev-ecs-infrastructure");
        assert.deepStrictEqual(parseJson<{ Statement: { Principal: unknown }[] }>(role.inputs.assumeRolePolicy).Statement[0].Principal, {
            Service: "ecs.amazonaws.com",
        });
        assert.strictEqual(
            run.graph.one(T.attachment, "platform-dev-ecs-infrastructure").inputs.policyArn,
            "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers",
        );
        const svc = api.one(T.service);
        assert.deepStrictEqual(svc.inputs.loadBalancers, [
            {
                targetGroupArn: blue.outputs.arn,
                containerName: "api",
                containerPort: 8080,
                advancedConfiguration: {
                    alternateTargetGroupArn: green.outputs.arn,
                    productionListenerRule: rule.outputs.arn,
                    roleArn: role.outputs.arn,
                },
            },
        ]);
        assert.deepStrictEqual(svc.inputs.deploymentConfiguration, { strategy: "BLUE_GREEN", bakeTimeInMinutes: "15" });
        // Either group may be live: the deployment alarm sums both.
        const queries = api.one(T.alarm).inputs.metricQueries as {
            id: string;
            expression?: string;
            metric?: { dimensions: Record<string, unknown> };
        }[];
        assert.deepStrictEqual(
            queries.map((q) => q.metric?.dimensions.TargetGroup ?? q.expression),
            [blue.outputs.arnSuffix, green.outputs.arnSuffix, "FILL(m0, 0) + FILL(m1, 0)"],
        );
        // A rolling service beside it keeps one group and no advanced configuration.
        assert.strictEqual(serviceGraph(run, "dev", "web").byType(T.tg).length, 1);
    });

    it("linear and canary: their step or canary share and the bake time", async () => {
        const linear = serviceGraph(await withStrategy({ strategy: "linear", trafficPercent: 20, bakeTimeMinutes: 5 }), "dev", "api");
        assert.deepStrictEqual(linear.one(T.service).inputs.deploymentConfiguration, {
            strategy: "LINEAR",
            bakeTimeInMinutes: "5",
            linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: "5" },
        });
        const canary = serviceGraph(await withStrategy({ strategy: "canary", trafficPercent: 5 }), "dev", "api");
        assert.deepStrictEqual(canary.one(T.service).inputs.deploymentConfiguration, {
            strategy: "CANARY",
            bakeTimeInMinutes: "10",
            canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: "10" },
        });
    });

    it("rolling everywhere: no infrastructure role, one target group per service", async () => {
        const run = await runStack("dev");
        assert.deepStrictEqual(
            run.graph.byType(T.role).filter((r) => r.name.endsWith("ecs-infrastructure")),
            [],
        );
    });
});

describe("ECS edge: what config changes", () => {
    it("a certificate this program requests: DNS validation in the given zone, the listener waits for issuance", async () => {
        const run = await runStack("prd", {
            "platform:albCertificateArn": "",
            "platform:albCertificateDomain": "app.example.com",
            "platform:albCertificateZoneId": "Z0123456789ABCDEFGHIJ",
        });
        const certificate = run.graph.one(T.certificate);
        assert.deepStrictEqual([certificate.inputs.domainName, certificate.inputs.validationMethod], ["app.example.com", "DNS"]);
        const record = run.graph.one(T.record);
        const [option] = certificate.outputs.domainValidationOptions as Record<string, string>[];
        assert.deepStrictEqual(
            [record.inputs.zoneId, record.inputs.name, record.inputs.type, record.inputs.records],
            ["Z0123456789ABCDEFGHIJ", option.resourceRecordName, "CNAME", [option.resourceRecordValue]],
        );
        const validation = run.graph.one(T.validation);
        assert.deepStrictEqual(validation.inputs.validationRecordFqdns, [record.outputs.fqdn]);
        const https = run.graph.byType(T.listener).find((l) => l.inputs.protocol === "HTTPS");
        assert.strictEqual(https?.inputs.certificateArn, validation.outputs.certificateArn);
    });

    it("access logs to an existing bucket: no bucket created, the ALB writes there", async () => {
        const run = await runStack("prd", { "platform:albAccessLogs": false, "platform:albAccessLogsBucket": "example-alb-logs" });
        assert.deepStrictEqual(run.graph.byName(ACCESS_LOGS), []);
        assert.deepStrictEqual(run.graph.one(T.alb).inputs.accessLogs, {
            bucket: "example-alb-logs",
            prefix: "platform-prd",
            enabled: true,
        });
    });

    for (const [region, principal] of [
        ["us-east-1", { AWS: "arn:aws:iam::127311923021:root" }],
        ["ap-southeast-3", { Service: ELB_LOG_DELIVERY_SERVICE }],
    ] as const) {
        it(`the access-log bucket policy follows the stack's region (${region})`, async () => {
            const run = await runStack("prd", { ...inRegion(region) });
            const [allow] = parseJson<{ Statement: { Principal: unknown }[] }>(
                run.graph.one(T.bucketPolicy, ACCESS_LOGS).inputs.policy,
            ).Statement;
            assert.deepStrictEqual(allow.Principal, principal);
        });
    }

    it("regions opened since August 2022 deliver as the log-delivery service, older ones as their ELB account", () => {
        assert.deepStrictEqual(elbLogDeliveryPrincipal("aws", "ap-northeast-1"), { AWS: "arn:aws:iam::582318560864:root" });
        assert.deepStrictEqual(elbLogDeliveryPrincipal("aws", "ap-southeast-3"), { Service: ELB_LOG_DELIVERY_SERVICE });
        assert.deepStrictEqual(elbLogDeliveryPrincipal("aws-cn", "cn-north-1"), { AWS: "arn:aws-cn:iam::638102146993:root" });
    });

    const prdIssues = (overrides: Record<string, unknown>) => configIssues("prd", overrides);
    const web = { name: "web", image: "public.ecr.aws/nginx/nginx:1.27", port: 80 };
    const cases: [string, Record<string, unknown>, RegExp][] = [
        ["prd without a certificate", { "platform:albCertificateArn": "" }, /^platform:albCertificateArn = : prd serves HTTPS only/],
        ["prd without access logs", { "platform:albAccessLogs": false }, /^platform:albAccessLogs = false: prd keeps ALB access logs/],
        [
            "a domain without its zone",
            { "platform:albCertificateArn": "", "platform:albCertificateDomain": "app.example.com" },
            /needs both its domain and the hosted zone/,
        ],
        [
            "a latest image in prd",
            { "platform:ecsServices": [{ ...web, image: "public.ecr.aws/nginx/nginx:latest" }] },
            /ecsServices\[0\]\.image = public\.ecr\.aws\/nginx\/nginx:latest: prd runs a pinned image/,
        ],
        [
            "an untagged image in prd",
            { "platform:ecsServices": [{ ...web, image: "public.ecr.aws/nginx/nginx" }] },
            /prd runs a pinned image/,
        ],
        ["running as root", { "platform:ecsServices": [{ ...web, user: "0:0" }] }, /ecsServices\[0\]\.user = "0:0": invalid or root user/],
        [
            "a health check that is not CMD or CMD-SHELL",
            { "platform:ecsServices": [{ ...web, containerHealthCheck: { command: ["curl", "-f", "http://localhost/"] } }] },
            /containerHealthCheck\.command = .*: invalid health check command/,
        ],
        [
            "blue/green with request-count scaling",
            {
                "platform:ecsServices": [
                    { ...web, deployment: { strategy: "blue-green" }, autoscaling: { min: 3, max: 6, requestsPerTarget: 100 } },
                ],
            },
            /deployment\.strategy = "blue-green": autoscaling\.requestsPerTarget follows one target group/,
        ],
        [
            "an unknown strategy",
            { "platform:ecsServices": [{ ...web, deployment: { strategy: "big-bang" } }] },
            /deployment\.strategy = "big-bang": unknown deployment strategy/,
        ],
        [
            "a grace period below zero",
            { "platform:ecsServices": [{ ...web, healthCheckGracePeriodSeconds: -1 }] },
            /healthCheckGracePeriodSeconds = -1: out of range/,
        ],
        [
            "a multi-line pattern that is not a regular expression",
            { "platform:ecsServices": [{ ...web, logMultilinePattern: "([" }] },
            /logMultilinePattern = "\(\[": not a regular expression/,
        ],
    ];
    for (const [what, overrides, expected] of cases) {
        it(`rejects ${what}`, () => {
            const issues = prdIssues(overrides);
            assert.ok(
                issues.some((i) => expected.test(i)),
                issues.join("\n"),
            );
        });
    }

    it("rejects a multi-line pattern with FireLens (an awslogs option it would ignore)", () => {
        // dev's services set no pattern: FireLens alone is fine.
        assert.deepStrictEqual(configIssues("dev", { "platform:ecsLogDriver": "firelens" }), []);
        const web = { name: "web", image: "public.ecr.aws/nginx/nginx:1.27", port: 80, logMultilinePattern: "^\\d{4}" };
        assert.deepStrictEqual(configIssues("dev", { "platform:ecsLogDriver": "firelens", "platform:ecsServices": [web] }), [
            "platform:ecsServices[0].logMultilinePattern = ^\\d{4}: ecsLogDriver is firelens: this awslogs option would be ignored (allowed: logMultilinePattern with ecsLogDriver: awslogs)",
        ]);
    });

    it("dev may run latest tags (its api deploys dev-latest) and needs no certificate", () => {
        assert.deepStrictEqual(configIssues("dev", {}), []);
    });
});
