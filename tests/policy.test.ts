import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { validateResourceOfType, validateStackResourcesOfType, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { parse } from "yaml";
import { POLICY_PACK_NAME, policies } from "../policy/policies";
import { TAGGABLE_TYPES } from "../policy/rules/tags";
import { logGroupNamesIn } from "../policy/rules/logs";
import { compliantPlatform, CONTAINERS, FixtureGraph, FLUENT_BIT_OUTPUT } from "./policy-fixtures";
import { formatViolations, mandatory, runPolicies, Violation } from "../offline/policy-runner";
import { ProgramRun, runStack } from "../offline/run";
import { PROJECT_ROOT } from "../offline/stack-config";
import { checkStack } from "../tools/policy-offline";

type Props = Record<string, unknown>;
const rec = (v: unknown) => v as Props;

interface FailingFixture {
    readonly policy: string;
    readonly why: string;
    readonly env: "dev" | "prd";
    readonly change: (g: FixtureGraph) => void;
    /** A fragment of the message, naming what to change. */
    readonly message: RegExp;
    readonly level?: "mandatory" | "advisory";
}

const editContainers = (g: FixtureGraph, change: (c: Props) => void) =>
    g.edit("app-task", (p) => {
        const containers = JSON.parse(String(p.containerDefinitions)) as Props[];
        containers.forEach(change);
        p.containerDefinitions = JSON.stringify(containers);
    });

/** One or more per rule: the compliant platform with one change that the rule (and only it) must catch. */
const FAILING: FailingFixture[] = [
    {
        policy: "ecs-container-insights",
        why: "Container Insights disabled",
        env: "dev",
        change: (g) =>
            g.edit("ecs", (p) => {
                p.settings = [{ name: "containerInsights", value: "disabled" }];
            }),
        message: /containerInsights.*enabled/,
    },
    {
        policy: "ecs-container-insights",
        why: "no settings at all",
        env: "prd",
        change: (g) =>
            g.edit("ecs", (p) => {
                delete p.settings;
            }),
        message: /Container Insights is off/,
    },
    {
        policy: "ecs-awsvpc-no-public-ip",
        why: "public IP on the service",
        env: "dev",
        change: (g) =>
            g.edit("app", (p) => {
                rec(p.networkConfiguration).assignPublicIp = true;
            }),
        message: /assignPublicIp: false/,
    },
    {
        policy: "ecs-awsvpc-no-public-ip",
        why: "bridge network mode",
        env: "prd",
        change: (g) =>
            g.edit("app-task", (p) => {
                p.networkMode = "bridge";
            }),
        message: /networkMode: "awsvpc"/,
    },
    {
        policy: "ecs-awsvpc-no-public-ip",
        why: "service without networkConfiguration",
        env: "dev",
        change: (g) =>
            g.edit("app", (p) => {
                delete p.networkConfiguration;
            }),
        message: /no networkConfiguration/,
    },
    {
        policy: "ecs-separate-execution-and-task-roles",
        why: "one role for both",
        env: "dev",
        change: (g) =>
            g.edit("app-task", (p) => {
                p.taskRoleArn = p.executionRoleArn;
            }),
        message: /give the task its own role/,
    },
    {
        policy: "ecs-container-log-configuration",
        why: "container without logConfiguration",
        env: "dev",
        change: (g) =>
            editContainers(g, (c) => {
                delete c.logConfiguration;
            }),
        message: /container app has no logConfiguration/,
    },
    {
        policy: "ecs-secrets-via-valuefrom",
        why: "API key in plain environment",
        env: "dev",
        change: (g) =>
            editContainers(g, (c) => {
                (c.environment as Props[]).push({ name: "STRIPE_API_KEY", value: "sk_live" });
            }),
        message: /STRIPE_API_KEY.*valueFrom/,
    },
    {
        policy: "ecs-secrets-via-valuefrom",
        why: "password in plain environment",
        env: "prd",
        change: (g) =>
            editContainers(g, (c) => {
                (c.environment as Props[]).push({ name: "db_password", value: "hunter2" });
            }),
        message: /db_password.*looks like a secret/,
    },
    {
        policy: "eks-authentication-mode-api",
        why: "aws.eks.Cluster on CONFIG_MAP",
        env: "dev",
        change: (g) =>
            g.edit("eks", (p) => {
                p.accessConfig = { authenticationMode: "API_AND_CONFIG_MAP" };
            }),
        message: /accessConfig.authenticationMode: "API"/,
    },
    {
        policy: "eks-authentication-mode-api",
        why: "eks.Cluster without authenticationMode",
        env: "dev",
        change: (g) =>
            g.edit("eks-component", (p) => {
                delete p.authenticationMode;
            }),
        message: /unset \(CONFIG_MAP\).*set authenticationMode: "API"/,
    },
    {
        policy: "eks-private-endpoint",
        why: "aws.eks.Cluster private endpoint off",
        env: "dev",
        change: (g) =>
            g.edit("eks", (p) => {
                rec(p.vpcConfig).endpointPrivateAccess = false;
            }),
        message: /vpcConfig.endpointPrivateAccess: true/,
    },
    {
        policy: "eks-private-endpoint",
        why: "eks.Cluster private endpoint unset",
        env: "prd",
        change: (g) =>
            g.edit("eks-component", (p) => {
                delete p.endpointPrivateAccess;
            }),
        message: /set endpointPrivateAccess: true/,
    },
    {
        policy: "eks-public-endpoint-limited-in-prd",
        why: "eks.Cluster public to 0.0.0.0/0 in prd",
        env: "prd",
        change: (g) =>
            g.edit("eks-component", (p) => {
                p.publicAccessCidrs = ["0.0.0.0/0"];
            }),
        message: /endpointPublicAccess: false, or publicAccessCidrs/,
    },
    {
        policy: "eks-public-endpoint-limited-in-prd",
        why: "aws.eks.Cluster public with AWS's default CIDRs in prd",
        env: "prd",
        change: (g) =>
            g.edit("eks", (p) => {
                rec(p.vpcConfig).endpointPublicAccess = true;
            }),
        message: /vpcConfig.publicAccessCidrs/,
    },
    {
        policy: "eks-secrets-encryption",
        why: "aws.eks.Cluster without encryptionConfig",
        env: "dev",
        change: (g) =>
            g.edit("eks", (p) => {
                delete p.encryptionConfig;
            }),
        message: /encryptionConfig \{ provider/,
    },
    {
        policy: "eks-secrets-encryption",
        why: "eks.Cluster without encryptionConfigKeyArn",
        env: "dev",
        change: (g) =>
            g.edit("eks-component", (p) => {
                delete p.encryptionConfigKeyArn;
            }),
        message: /set encryptionConfigKeyArn/,
    },
    {
        policy: "eks-control-plane-logs",
        why: "no audit log in dev",
        env: "dev",
        change: (g) =>
            g.edit("eks", (p) => {
                p.enabledClusterLogTypes = ["api"];
            }),
        message: /log types audit are off/,
    },
    {
        policy: "eks-control-plane-logs",
        why: "only audit in prd",
        env: "prd",
        change: (g) =>
            g.edit("eks-component", (p) => {
                p.enabledClusterLogTypes = ["audit"];
            }),
        message: /api, authenticator, controllerManager, scheduler are off.*all five/,
    },
    {
        policy: "eks-fargate-private-subnets",
        why: "profile in a public subnet",
        env: "dev",
        change: (g) => {
            const pub = g.byName("public-1");
            g.edit("fargate", (p) => {
                p.subnetIds = [pub.outputs.id];
            });
            g.byName("fargate").propertyDependencies.subnetIds = [pub.urn];
        },
        message: /subnet public-1 is not private/,
    },
    {
        policy: "eks-fargate-private-subnets",
        why: "profile in a subnet outside the stack",
        env: "prd",
        change: (g) => {
            g.edit("fargate", (p) => {
                p.subnetIds = ["subnet-0123456789abcdef0"];
            });
            g.byName("fargate").propertyDependencies.subnetIds = [];
        },
        message: /not subnets of this stack/,
    },
    {
        policy: "replacement-safe-names",
        why: "a node group with a fixed name",
        env: "prd",
        change: (g) =>
            g.edit("general", (p) => {
                delete p.nodeGroupNamePrefix;
                p.nodeGroupName = "general";
            }),
        message: /fixed nodeGroupName.*use nodeGroupNamePrefix/,
    },
    {
        policy: "replacement-safe-names",
        why: "a target group with a fixed name",
        env: "dev",
        change: (g) =>
            g.edit("app-tg", (p) => {
                delete p.namePrefix;
                p.name = "platform-dev-app";
            }),
        message: /fixed name.*use namePrefix/,
    },
    {
        policy: "replacement-safe-names",
        why: "a Fargate profile with a fixed name",
        env: "dev",
        change: (g) =>
            g.edit("fargate", (p) => {
                p.fargateProfileName = "apps";
            }),
        message: /fixed fargateProfileName/,
    },
    {
        policy: "physical-names-valid",
        why: "a target group prefix longer than 6",
        env: "prd",
        change: (g) =>
            g.edit("app-tg", (p) => {
                p.namePrefix = "payments-";
            }),
        message: /namePrefix "payments-" is 9 characters, over the 6/,
    },
    {
        policy: "physical-names-valid",
        why: "an ALB name ending in a hyphen",
        env: "dev",
        change: (g) =>
            g.edit("alb", (p) => {
                p.name = "platform-dev-";
            }),
        message: /name "platform-dev-" is not a valid name/,
    },
    {
        policy: "physical-names-valid",
        why: "a launch template name over 128",
        env: "dev",
        change: (g) =>
            g.edit("nodes", (p) => {
                p.name = "n".repeat(129);
            }),
        message: /129 characters, over the 128/,
    },
    {
        policy: "launch-template-imdsv2",
        why: "httpTokens optional",
        env: "dev",
        change: (g) =>
            g.edit("nodes", (p) => {
                p.metadataOptions = { httpTokens: "optional" };
            }),
        message: /httpTokens: "required"/,
    },
    {
        policy: "launch-template-imdsv2",
        why: "no metadataOptions",
        env: "prd",
        change: (g) =>
            g.edit("nodes", (p) => {
                delete p.metadataOptions;
            }),
        message: /IMDSv1 is allowed/,
    },
    {
        policy: "log-group-retention",
        why: "log group without retention",
        env: "dev",
        change: (g) =>
            g.edit("app-logs", (p) => {
                delete p.retentionInDays;
            }),
        message: /set retentionInDays/,
    },
    {
        policy: "fargate-log-router-group-declared",
        why: "aws-logging names an undeclared group",
        env: "dev",
        change: (g) =>
            g.edit("aws-logging", (p) => {
                p.data = { "output.conf": FLUENT_BIT_OUTPUT("/platform/eks/typo") };
            }),
        message: /log group \/platform\/eks\/typo is not declared/,
    },
    {
        policy: "fargate-log-router-group-declared",
        why: "the router's group was removed",
        env: "prd",
        change: (g) => {
            g.remove("fargate-logs");
        },
        message: /\/platform\/eks\/fargate is not declared/,
    },
    {
        policy: "no-internet-ingress",
        why: "inline SSH from anywhere",
        env: "dev",
        change: (g) =>
            g.edit("app-sg", (p) => {
                p.ingress = [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }];
            }),
        message: /app-sg: ingress tcp 22 from 0\.0\.0\.0\/0/,
    },
    {
        policy: "no-internet-ingress",
        why: "SecurityGroupRule ingress from ::/0",
        env: "prd",
        change: (g) =>
            g.edit("app-from-alb", (p) => {
                p.ipv6CidrBlocks = ["::/0"];
            }),
        message: /app-from-alb: ingress tcp 8080 from ::\/0 opens app-sg/,
    },
    {
        policy: "no-internet-ingress",
        why: "SecurityGroupIngressRule from anywhere",
        env: "dev",
        change: (g) =>
            g.edit("app-from-vpc", (p) => {
                p.cidrIpv4 = "0.0.0.0/0";
            }),
        message: /allow the VPC CIDR or a source security group/,
    },
    {
        policy: "no-internet-ingress",
        why: "load balancer open on a port other than 80/443",
        env: "dev",
        change: (g) =>
            g.edit("alb-http", (p) => {
                p.fromPort = 0;
                p.toPort = 65535;
            }),
        message: /load balancer may only be opened on TCP 80 or 443/,
    },
    {
        policy: "no-internet-ingress",
        why: "all traffic to the load balancer",
        env: "prd",
        change: (g) =>
            g.edit("alb-http", (p) => {
                p.ipProtocol = "-1";
            }),
        message: /ingress -1 80/,
    },
    {
        policy: "vpc-flow-logs",
        why: "VPC without a flow log",
        env: "dev",
        change: (g) => {
            g.remove("flow-log");
        },
        message: /VPC vpc has no flow log/,
    },
    {
        policy: "ecr-scan-on-push",
        why: "scan on push off",
        env: "dev",
        change: (g) =>
            g.edit("app-repo", (p) => {
                p.imageScanningConfiguration = { scanOnPush: false };
            }),
        message: /scanOnPush: true/,
    },
    {
        policy: "ecr-immutable-tags-in-prd",
        why: "mutable tags in prd",
        env: "prd",
        level: "advisory",
        change: (g) =>
            g.edit("app-repo", (p) => {
                p.imageTagMutability = "MUTABLE";
            }),
        message: /imageTagMutability: "IMMUTABLE"/,
    },
    {
        policy: "kms-key-rotation",
        why: "rotation off",
        env: "dev",
        change: (g) =>
            g.edit("eks-secrets", (p) => {
                p.enableKeyRotation = false;
            }),
        message: /enableKeyRotation: true/,
    },
    {
        policy: "required-tags",
        why: "no cost-center on a subnet",
        env: "dev",
        change: (g) =>
            g.edit("private-1", (p) => {
                delete rec(p.tags)["cost-center"];
            }),
        message: /aws:ec2\/subnet:Subnet private-1: missing tag\(s\) cost-center/,
    },
    {
        policy: "required-tags",
        why: "an untagged taggable resource",
        env: "prd",
        change: (g) =>
            g.edit("ecs", (p) => {
                delete p.tags;
            }),
        message: /missing tag\(s\) environment, owner, cost-center/,
    },
    {
        policy: "alb-https-only-in-prd",
        why: "an HTTP listener that forwards instead of redirecting",
        env: "prd",
        change: (g) => {
            g.add(
                "aws:lb/listener:Listener",
                "alb-http-listener",
                {
                    port: 80,
                    protocol: "HTTP",
                    defaultActions: [{ type: "forward", targetGroupArn: "app-tg-id" }],
                    tags: { environment: "prd", owner: "platform-team", "cost-center": "cc-1001" },
                },
                { loadBalancerArn: [g.byName("alb")] },
            );
        },
        message: /plain HTTP serves traffic.*redirect.*HTTPS/,
    },
    {
        policy: "ecs-exec-audit-logging",
        why: "exec sessions logged only inside the task (DEFAULT)",
        env: "dev",
        change: (g) =>
            g.edit("ecs", (p) => {
                p.configuration = { executeCommandConfiguration: { logging: "DEFAULT" } };
            }),
        message: /ECS Exec sessions are not recorded.*OVERRIDE/,
    },
    {
        policy: "ecs-task-role-no-wildcard-resources",
        why: "the application may read every object of every bucket",
        env: "prd",
        change: (g) =>
            g.edit("task-app-policy", (p) => {
                p.policy = JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Sid: "Uploads", Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }],
                });
            }),
        message: /Uploads: s3:GetObject on "\*"/,
    },
];

describe("policy pack", () => {
    it("has unique policy names, none reserved, each with a description and a level", () => {
        const names = policies.map((p) => p.name);
        assert.deepStrictEqual([...new Set(names)], names);
        assert.ok(!names.includes("all"));
        for (const p of policies) {
            assert.ok(p.description.length > 10, p.name);
            assert.ok(p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory", p.name);
        }
        assert.match(POLICY_PACK_NAME, /^[a-zA-Z0-9-_.]{1,100}$/);
    });

    it("is advisory only for ECR tag immutability", () => {
        assert.deepStrictEqual(
            policies.filter((p) => p.enforcementLevel === "advisory").map((p) => p.name),
            ["ecr-immutable-tags-in-prd"],
        );
    });

    it("is a runnable pack: PulumiPolicy.yaml, pinned package.json, index.ts serving the policies", () => {
        const dir = path.join(PROJECT_ROOT, "policy");
        const manifest = parse(fs.readFileSync(path.join(dir, "PulumiPolicy.yaml"), "utf8")) as Props;
        assert.strictEqual(manifest.runtime, "nodejs");
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
            main: string;
            dependencies: Record<string, string>;
        };
        const root = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
            devDependencies: Record<string, string>;
        };
        assert.strictEqual(pkg.main, "index.ts");
        // The pack resolves these itself in a real preview; the tests resolve the root copies. Same versions, exactly.
        assert.strictEqual(pkg.dependencies["@pulumi/policy"], root.devDependencies["@pulumi/policy"]);
        assert.strictEqual(pkg.dependencies["@pulumi/pulumi"], root.dependencies["@pulumi/pulumi"]);
        for (const version of Object.values(pkg.dependencies)) assert.match(version, /^\d+\.\d+\.\d+$/);
        // Its lockfile (for `npm ci --prefix policy`) resolves the same versions.
        const lock = JSON.parse(fs.readFileSync(path.join(dir, "package-lock.json"), "utf8")) as {
            packages: Record<string, { version?: string }>;
        };
        for (const [name, version] of Object.entries(pkg.dependencies))
            assert.strictEqual(lock.packages[`node_modules/${name}`]?.version, version, name);
        assert.match(fs.readFileSync(path.join(dir, "index.ts"), "utf8"), /new PolicyPack\(POLICY_PACK_NAME, \{[^}]*policies,/s);
    });
});

describe("policy pack on the compliant fixture platform", () => {
    for (const env of ["dev", "prd"] as const) {
        it(`${env}: no violation at all`, async () => {
            const violations = await runPolicies(policies, compliantPlatform(env).resources);
            assert.deepStrictEqual(violations, [], formatViolations(violations));
        });
    }

    it("has at least one failing fixture for every policy", () => {
        const covered = new Set(FAILING.map((f) => f.policy));
        assert.deepStrictEqual(
            policies.map((p) => p.name).filter((n) => !covered.has(n)),
            [],
        );
    });

    for (const fixture of FAILING) {
        it(`${fixture.policy} fails: ${fixture.why} (${fixture.env})`, async () => {
            const g = compliantPlatform(fixture.env);
            fixture.change(g);
            const violations = await runPolicies(policies, g.resources);
            assert.deepStrictEqual([...new Set(violations.map((v) => v.policy))], [fixture.policy], formatViolations(violations));
            assert.ok(
                violations.every((v) => v.enforcementLevel === (fixture.level ?? "mandatory")),
                formatViolations(violations),
            );
            assert.ok(
                violations.some((v) => fixture.message.test(v.message)),
                `expected ${fixture.message} in:\n${formatViolations(violations)}`,
            );
        });
    }

    for (const env of ["dev", "prd"] as const) {
        it(`${env}: a preview of a new stack (every id unknown) still runs every rule, with no violation`, async () => {
            // In a first preview nothing exists yet: ids, and inputs built from them, are unknown. The stack
            // rules must still decide from propertyDependencies instead of degrading to "can't run".
            const g = compliantPlatform(env);
            const ids = new Set(g.resources.map((r) => r.outputs.id));
            const unknownIfId = (v: unknown): unknown =>
                ids.has(v) ? rpc.unknownValue : Array.isArray(v) && v.some((x) => ids.has(x)) ? rpc.unknownValue : v;
            for (const r of g.resources) {
                for (const props of [r.inputs, r.outputs]) {
                    for (const [k, v] of Object.entries(props)) props[k] = unknownIfId(v);
                }
            }
            assert.strictEqual(g.byName("flow-log").outputs.vpcId, rpc.unknownValue);
            const violations = await runPolicies(policies, g.resources);
            assert.deepStrictEqual(violations, [], formatViolations(violations));
            g.remove("flow-log");
            g.edit("fargate", () => undefined).byName("fargate").propertyDependencies.subnetIds = [g.byName("public-1").urn];
            assert.deepStrictEqual(
                (await runPolicies(policies, g.resources)).map((v) => v.policy),
                ["eks-fargate-private-subnets", "vpc-flow-logs"],
            );
        });
    }

    it("prd-only rules stay quiet in dev", async () => {
        const g = compliantPlatform("dev");
        g.edit("eks-component", (p) => {
            p.publicAccessCidrs = ["0.0.0.0/0"];
            p.enabledClusterLogTypes = ["audit"];
        });
        g.edit("app-repo", (p) => {
            p.imageTagMutability = "MUTABLE";
        });
        assert.deepStrictEqual(await runPolicies(policies, g.resources), []);
    });

    it("exempts asymmetric KMS keys from rotation (AWS cannot rotate them) but not symmetric ones", async () => {
        const g = compliantPlatform("dev");
        g.edit("eks-secrets", (p) => {
            p.enableKeyRotation = false;
            p.customerMasterKeySpec = "RSA_2048";
        });
        assert.deepStrictEqual(await runPolicies(policies, g.resources), []);
        g.edit("eks-secrets", (p) => {
            p.customerMasterKeySpec = "SYMMETRIC_DEFAULT";
        });
        assert.deepStrictEqual(
            (await runPolicies(policies, g.resources)).map((v) => v.policy),
            ["kms-key-rotation"],
        );
    });

    it("reads log group names out of a Fluent Bit output", () => {
        assert.deepStrictEqual(logGroupNamesIn(FLUENT_BIT_OUTPUT("/a/b") + "[OUTPUT]\n    log_group_name /c\n"), ["/a/b", "/c"]);
        assert.deepStrictEqual(logGroupNamesIn("[OUTPUT]\n    Name stdout\n"), []);
    });

    it("keeps the fixture's containers in the real TaskDefinition shape (a JSON string)", () => {
        const task = compliantPlatform("dev").byName("app-task");
        assert.deepStrictEqual(JSON.parse(String(task.inputs.containerDefinitions)), CONTAINERS);
    });
});

describe("policy pack on the real stacks (offline graph)", () => {
    const runs: Record<string, ProgramRun> = {};
    before(async () => {
        for (const stack of ["dev", "prd"]) runs[stack] = await runStack(stack);
    });

    for (const stack of ["dev", "prd"]) {
        it(`${stack}: no mandatory violation (and no advisory either)`, async () => {
            const violations = await runPolicies(policies, runs[stack].graph.resources);
            assert.deepStrictEqual(mandatory(violations), [], formatViolations(violations));
            assert.deepStrictEqual(violations, [], formatViolations(violations));
        });

        it(`${stack}: the stack rules see the real wiring (removing the flow log fails)`, async () => {
            const withoutFlowLog = runs[stack].graph.resources.filter((r) => r.type !== "aws:ec2/flowLog:FlowLog");
            const violations = await runPolicies(policies, withoutFlowLog);
            assert.deepStrictEqual(
                violations.map((v) => [v.policy, v.urn]),
                [["vpc-flow-logs", `urn:pulumi:${stack}::platform::platform:network:Network$aws:ec2/vpc:Vpc::platform-${stack}-vpc`]],
            );
        });

        it(`${stack}: a log group without retention or tags fails`, async () => {
            const target = `platform-${stack}-flow-logs`;
            const resources = runs[stack].graph.resources.map((r) =>
                r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name === target
                    ? { ...r, inputs: { ...r.inputs, retentionInDays: undefined, tags: { Name: "x" } } }
                    : r,
            );
            const violations = await runPolicies(policies, resources);
            assert.deepStrictEqual(violations.map((v) => v.policy).sort(), ["log-group-retention", "required-tags"]);
        });
    }

    it("npm run policy:offline reports the same for prd: every policy over every resource, nothing found", async () => {
        const result = await checkStack("prd");
        assert.deepStrictEqual(result, { resources: runs.prd.graph.resources.length, violations: [] });
    });

    it("npm run policy:offline exits 2 with the usage on an unknown flag, before running any stack", () => {
        // It takes no flag with a value, so there is no missing value to test.
        const result = spawnSync(process.execPath, ["-r", "./tools/ts-register.js", "tools/policy-offline.ts", "prd", "--bogus"], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
        });
        assert.strictEqual(result.status, 2, result.stderr);
        assert.strictEqual(result.stdout, "");
        assert.strictEqual(
            result.stderr,
            "unexpected argument --bogus\nusage: npm run policy:offline -- [<stack> ...]   (stacks: dev, prd)\n",
        );
    });

    it("prd: opening the endpoint security group to the internet fails", async () => {
        const resources = runs.prd.graph.resources.map((r) =>
            r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && r.name === "platform-prd-endpoints-https"
                ? { ...r, outputs: { ...r.outputs, cidrIpv4: "0.0.0.0/0" } }
                : r,
        );
        const violations = await runPolicies(policies, resources);
        assert.deepStrictEqual(
            violations.map((v) => v.policy),
            ["no-internet-ingress"],
        );
        assert.match(violations[0].message, /opens platform-prd-endpoints to the internet/);
    });

    it("every taggable type of both graphs is in TAGGABLE_TYPES, and every listed aws type is taggable in @pulumi/aws", () => {
        const taggableInTypings = (type: string): boolean => {
            const m = /^aws:([^/]+)\/[^:]+:(\w+)$/.exec(type);
            assert.ok(m, type);
            const file = path.join(PROJECT_ROOT, "node_modules", "@pulumi", "aws", m[1], `${m[2][0].toLowerCase()}${m[2].slice(1)}.d.ts`);
            const source = fs.readFileSync(file, "utf8");
            const args = source.slice(source.indexOf(`export interface ${m[2]}Args {`));
            return /\n {4}tags\?: /.test(args.slice(0, args.indexOf("\n}")));
        };
        for (const type of TAGGABLE_TYPES.filter((t) => t.startsWith("aws:")))
            assert.ok(taggableInTypings(type), `${type} has no tags input`);
        const graphTypes = new Set(
            Object.values(runs)
                .flatMap((r) => r.graph.resources.map((x) => x.type))
                .filter((t) => t.startsWith("aws:")),
        );
        const missing = [...graphTypes].filter((t) => taggableInTypings(t) && !TAGGABLE_TYPES.includes(t));
        assert.deepStrictEqual(missing, []);
    });
});

describe("offline policy runner", () => {
    const g = () => compliantPlatform("dev");

    it("passes isType/asType like the analyzer: by the class's type token", async () => {
        const seen: string[] = [];
        const byClass: ResourceValidationPolicy = {
            name: "t",
            description: "test",
            enforcementLevel: "mandatory",
            validateResource: validateResourceOfType(aws.ec2.Vpc, (vpc, args, report) => {
                seen.push(args.name);
                report(`cidr ${vpc.cidrBlock}`);
            }),
        };
        const violations = await runPolicies([byClass], g().resources);
        assert.deepStrictEqual(seen, ["vpc"]);
        assert.deepStrictEqual(violations, [
            {
                policy: "t",
                enforcementLevel: "mandatory",
                message: "cidr 10.0.0.0/16",
                urn: "urn:pulumi:dev::platform::aws:ec2/vpc:Vpc::vpc",
            },
        ]);
    });

    it("links parent, dependencies and propertyDependencies as resources in stack validation", async () => {
        let checked = 0;
        const stack: StackValidationPolicy = {
            name: "s",
            description: "test",
            enforcementLevel: "mandatory",
            validateStack: validateStackResourcesOfType(aws.ec2.FlowLog, (_flowLogs, args) => {
                const flowLog = args.resources.find((r) => r.type === "aws:ec2/flowLog:FlowLog");
                assert.ok(flowLog);
                assert.deepStrictEqual(
                    flowLog.propertyDependencies.vpcId.map((r) => r.name),
                    ["vpc"],
                );
                assert.deepStrictEqual(
                    flowLog.dependencies.map((r) => r.name),
                    ["vpc", "flow-logs"],
                );
                assert.strictEqual(flowLog.props.id, "flow-log-id");
                checked++;
            }),
        };
        assert.deepStrictEqual(await runPolicies([stack], g().resources), []);
        assert.strictEqual(checked, 1);
    });

    it("unwraps secrets, and turns a read of an unknown value into an advisory", async () => {
        const graph = g();
        graph.edit("ecs", (p) => {
            p.name = { [rpc.specialSigKey]: rpc.specialSecretSig, value: "platform" };
            p.settings = rpc.unknownValue;
        });
        const names: unknown[] = [];
        const probe: ResourceValidationPolicy = {
            name: "probe",
            description: "test",
            enforcementLevel: "mandatory",
            validateResource: (args) => {
                if (args.type === "aws:ecs/cluster:Cluster") names.push(args.props.name);
            },
        };
        const violations: Violation[] = await runPolicies([probe, ...policies], graph.resources);
        assert.deepStrictEqual(names, ["platform"]);
        assert.deepStrictEqual(
            violations.map((v) => [v.policy, v.enforcementLevel]),
            [["ecs-container-insights", "advisory"]],
        );
        assert.match(violations[0].message, /can't run policy 'ecs-container-insights' during preview: props.settings is unknown/);
    });

    it("applies policy config like --policy-pack-config: disabled skips, a level overrides", async () => {
        const graph = g();
        graph.edit("ecs", (p) => {
            delete p.settings;
        });
        assert.deepStrictEqual(await runPolicies(policies, graph.resources, { config: { "ecs-container-insights": "disabled" } }), []);
        const advisory = await runPolicies(policies, graph.resources, {
            config: { "ecs-container-insights": { enforcementLevel: "advisory" } },
        });
        assert.deepStrictEqual(
            advisory.map((v) => v.enforcementLevel),
            ["advisory"],
        );
    });

    it("skips a policy that calls notApplicable()", async () => {
        const skip: ResourceValidationPolicy = {
            name: "n",
            description: "test",
            enforcementLevel: "mandatory",
            validateResource: (args, report) => {
                if (args.type !== "aws:ec2/vpc:Vpc") args.notApplicable("only VPCs");
                report("vpc");
            },
        };
        assert.deepStrictEqual(
            (await runPolicies([skip], g().resources)).map((v) => v.message),
            ["vpc"],
        );
    });
});
