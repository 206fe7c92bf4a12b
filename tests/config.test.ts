import * as assert from "assert";
import { LOG_RETENTION_DAYS } from "../lib/aws-facts";
import { INTERFACE_ENDPOINT_NAMES } from "../lib/vpc-endpoints";
import { parseEnvironment } from "../stacks/config";
import { CONFIG_KEYS, PROJECT_NAME } from "../stacks/schema";
import { configIssueList } from "./harness/config-issues";
import { lastEngine, runStack } from "../offline/run";
import { loadStackConfig, readProjectFile } from "../offline/stack-config";

const issuesOf = configIssueList;

/** Asserts the config is rejected with exactly one issue, on `key`, whose text mentions each of `mentions`. */
function assertRejected(stack: string, overrides: Record<string, unknown>, key: string, ...mentions: string[]): void {
    const issues = issuesOf(stack, overrides);
    assert.deepStrictEqual(
        issues.map((i) => i.key),
        [key],
        `issues: ${JSON.stringify(issues)}`,
    );
    const text = `${issues[0].value} ${issues[0].problem} ${issues[0].allowed}`;
    for (const m of mentions) {
        assert.ok(text.includes(m), `"${text}" should mention "${m}"`);
    }
}

describe("config: the stack files", () => {
    for (const stack of ["dev", "prd"]) {
        it(`${stack} is valid and frozen`, () => {
            const config = loadStackConfig(stack);
            const env = parseEnvironment(config.values, { project: config.project, stack });
            assert.strictEqual(env.name, stack);
            assert.strictEqual(env.region, "ap-northeast-1");
            assert.ok(Object.isFrozen(env) && Object.isFrozen(env.network) && Object.isFrozen(env.network.interfaceEndpoints));
            assert.deepStrictEqual(env.tags, { environment: stack, owner: "platform-team", "cost-center": "cc-1001" });
        });
    }

    it("dev and prd differ as intended: AZs, NAT, endpoints, protection, retention", () => {
        const [dev, prd] = ["dev", "prd"].map((stack) => {
            const c = loadStackConfig(stack);
            return parseEnvironment(c.values, { project: c.project, stack });
        });
        assert.deepStrictEqual(
            [
                dev.network.azCount,
                dev.network.natStrategy,
                dev.network.interfaceEndpoints.length,
                dev.protect,
                dev.logRetentionDays,
                dev.production,
            ],
            [2, "single", 0, false, 14, false],
        );
        assert.deepStrictEqual(
            [
                prd.network.azCount,
                prd.network.natStrategy,
                [...prd.network.interfaceEndpoints],
                prd.protect,
                prd.logRetentionDays,
                prd.production,
            ],
            [3, "one-per-az", [...INTERFACE_ENDPOINT_NAMES], true, 365, true],
        );
        assert.strictEqual(prd.eks.clusterName, "platform-prd");
    });

    it("Pulumi.yaml declares every scalar and list key exactly as stacks/schema.ts does", () => {
        const project = readProjectFile();
        assert.strictEqual(project.name, PROJECT_NAME);
        const declared = project.config ?? {};
        const expected = Object.fromEntries(
            CONFIG_KEYS.filter((k) => k.type !== "object").map((k) => [
                k.key,
                {
                    type: k.type,
                    ...(k.type === "array" ? { items: { type: "string" } } : {}),
                    description: k.description,
                    ...(k.default !== undefined ? { default: k.default } : {}),
                },
            ]),
        );
        assert.deepStrictEqual(declared, expected);
    });
});

describe("config: every bad value is named with what is allowed", () => {
    it("reports all problems at once", () => {
        const issues = issuesOf("prd", { "platform:azCount": 2, "platform:logRetentionDays": 10, "platform:natStrategy": "nat-instance" });
        assert.deepStrictEqual(issues.map((i) => i.key).sort(), ["platform:azCount", "platform:logRetentionDays", "platform:natStrategy"]);
    });

    it("the error message lists key, value and allowed values", () => {
        const config = loadStackConfig("dev", { "platform:logRetentionDays": 10 });
        assert.throws(
            () => parseEnvironment(config.values, { project: "platform", stack: "dev" }),
            (e: Error) => {
                assert.strictEqual(
                    e.message,
                    `Invalid configuration for stack "dev" (1 problem):\n` +
                        `  - platform:logRetentionDays = 10: not an allowed value (allowed: ${LOG_RETENTION_DAYS.join(", ")})`,
                );
                return true;
            },
        );
    });

    const cases: [string, string, Record<string, unknown>, string, ...string[]][] = [
        ["VPC CIDR that is not a CIDR", "dev", { "platform:vpcCidr": "10.0.0.0" }, "platform:vpcCidr", "a.b.c.d/n"],
        ["VPC CIDR with an octet above 255", "dev", { "platform:vpcCidr": "10.300.0.0/16" }, "platform:vpcCidr", "above 255"],
        ["VPC CIDR with host bits set", "dev", { "platform:vpcCidr": "10.10.1.0/16" }, "platform:vpcCidr", "10.10.0.0/16"],
        ["VPC larger than /16", "dev", { "platform:vpcCidr": "10.0.0.0/12" }, "platform:vpcCidr", "/16 to /24"],
        ["VPC smaller than /24", "dev", { "platform:vpcCidr": "10.0.0.0/25" }, "platform:vpcCidr", "/16 to /24"],
        [
            "subnets that do not fit the VPC",
            "dev",
            { "platform:vpcCidr": "10.0.0.0/22" },
            "platform:vpcCidr",
            "need 16384 addresses",
            "has 1024",
        ],
        ["one AZ", "dev", { "platform:azCount": 1 }, "platform:azCount", "2..6"],
        ["seven AZs", "dev", { "platform:azCount": 7 }, "platform:azCount", "2..6"],
        ["a non-integer AZ count", "dev", { "platform:azCount": "two" }, "platform:azCount", "not an integer"],
        ["two AZs in prd", "prd", { "platform:azCount": 2 }, "platform:azCount", "3..6 in prd"],
        ["an unknown NAT strategy", "dev", { "platform:natStrategy": "instance" }, "platform:natStrategy", "single | one-per-az | none"],
        ["no NAT with private subnets", "dev", { "platform:natStrategy": "none" }, "platform:natStrategy", "single or one-per-az"],
        ["a single NAT in prd", "prd", { "platform:natStrategy": "single" }, "platform:natStrategy", "one-per-az"],
        ["a retention CloudWatch refuses", "dev", { "platform:logRetentionDays": 0 }, "platform:logRetentionDays", "1, 3, 5, 7, 14"],
        [
            "an unknown interface endpoint",
            "dev",
            { "platform:interfaceEndpoints": ["ecr.api", "dynamo"] },
            "platform:interfaceEndpoints",
            "dynamo",
            "ecr.dkr",
        ],
        [
            "an endpoint listed twice",
            "dev",
            { "platform:interfaceEndpoints": ["logs", "logs"] },
            "platform:interfaceEndpoints",
            "listed twice",
        ],
        ["a Kubernetes version with a v", "dev", { "platform:kubernetesVersion": "v1.33" }, "platform:kubernetesVersion", "1.<minor>"],
        ["a Kubernetes version with a patch", "dev", { "platform:kubernetesVersion": "1.33.2" }, "platform:kubernetesVersion", "1.<minor>"],
        [
            "an instance type without a size",
            "dev",
            { "platform:nodeInstanceTypes": ["m7i"] },
            "platform:nodeInstanceTypes",
            "m7i",
            "m7i.large",
        ],
        [
            "an instance type with a bad size",
            "dev",
            { "platform:nodeInstanceTypes": ["m7i.huge"] },
            "platform:nodeInstanceTypes",
            "m7i.huge",
        ],
        ["a CPU value Fargate does not have", "dev", { "platform:taskCpu": 300 }, "platform:taskCpu", "256, 512, 1024"],
        [
            "a CPU/memory pair Fargate refuses",
            "dev",
            { "platform:taskCpu": 256, "platform:taskMemory": 4096 },
            "platform:taskMemory",
            "512, 1024, 2048",
        ],
        [
            "memory above the CPU's range",
            "dev",
            { "platform:taskCpu": 1024, "platform:taskMemory": 16384 },
            "platform:taskMemory",
            "2048..8192 in steps of 1024",
        ],
        ["a missing owner tag", "dev", { "platform:owner": null }, "platform:owner", "(unset)"],
        ["a missing cost-center tag", "dev", { "platform:costCenter": null }, "platform:costCenter", "(unset)"],
        ["an empty owner", "dev", { "platform:owner": " " }, "platform:owner", "non-empty"],
        [
            "an extra tag overriding a required one",
            "dev",
            { "platform:extraTags": { owner: "someone-else" } },
            "platform:extraTags",
            "owner",
        ],
        ["an extra tag in the aws: namespace", "dev", { "platform:extraTags": { "aws:foo": "x" } }, "platform:extraTags", "aws:foo"],
        ["an unknown environment", "dev", { "platform:environment": "qa" }, "platform:environment", "dev | stg | prd"],
        ["prd without protection", "prd", { "platform:protect": false }, "platform:protect", "true in prd"],
        ["a boolean written as a word", "dev", { "platform:privateSubnets": "yes" }, "platform:privateSubnets", "true | false"],
        ["a missing region", "dev", { "aws:region": null }, "aws:region", "ap-northeast-1"],
        ["a malformed region", "dev", { "aws:region": "tokyo" }, "aws:region", "ap-northeast-1"],
        ["an unknown project key (typo)", "dev", { "platform:natStrateg": "single" }, "platform:natStrateg", "platform:natStrategy"],
        [
            "a flow-log interval AWS does not offer",
            "dev",
            { "platform:flowLogAggregationSeconds": 300 },
            "platform:flowLogAggregationSeconds",
            "60, 600",
        ],
        [
            "a flow-log traffic type AWS does not offer",
            "dev",
            { "platform:flowLogTrafficType": "DENY" },
            "platform:flowLogTrafficType",
            "ALL | ACCEPT | REJECT",
        ],
        [
            "a subnet prefix AWS does not allow",
            "dev",
            { "platform:publicSubnetPrefixLength": 29 },
            "platform:publicSubnetPrefixLength",
            "16..28",
        ],
        ["an EKS cluster name with a dot", "dev", { "platform:eksClusterName": "my.cluster" }, "platform:eksClusterName", "A-Z a-z 0-9"],
        ["a list written as a string", "dev", { "platform:interfaceEndpoints": "logs" }, "platform:interfaceEndpoints", "YAML list"],
    ];
    for (const [what, stack, overrides, key, ...mentions] of cases) {
        it(`rejects ${what} (${key})`, () => assertRejected(stack, overrides, key, ...mentions));
    }

    it("accepts none as NAT strategy when there are no private subnets", () => {
        assert.deepStrictEqual(
            issuesOf("dev", {
                "platform:natStrategy": "none",
                "platform:privateSubnets": false,
                "platform:eksEnabled": false,
                "platform:ecsServices": [],
            }),
            [],
        );
    });

    it("refuses EKS and ECS services without private subnets", () => {
        assert.deepStrictEqual(
            issuesOf("dev", { "platform:natStrategy": "none", "platform:privateSubnets": false }).map((i) => i.key),
            ["platform:eksEnabled", "platform:ecsServices"],
        );
    });

    it("accepts every Fargate CPU/memory pair at the edges of its range", () => {
        for (const [cpu, memory] of [
            [256, 512],
            [256, 2048],
            [4096, 30720],
            [8192, 61440],
            [16384, 122880],
        ]) {
            assert.deepStrictEqual(issuesOf("dev", { "platform:taskCpu": cpu, "platform:taskMemory": memory }), [], `${cpu}/${memory}`);
        }
    });

    it("accepts real instance-type shapes", () => {
        const types = ["t3.medium", "m7g.2xlarge", "c6in.metal", "u-6tb1.metal", "m7i-flex.large", "g5.48xlarge", "r7iz.metal-16xl"];
        assert.deepStrictEqual(issuesOf("dev", { "platform:nodeInstanceTypes": types }), []);
    });
});

describe("config: validation runs before any resource is declared", () => {
    for (const [stack, overrides] of [
        ["dev", { "platform:vpcCidr": "10.0.0.0/8" }],
        ["prd", { "platform:azCount": 2 }],
    ] as const) {
        it(`${stack}: a bad config registers nothing but the stack itself`, async () => {
            await assert.rejects(runStack(stack, overrides), (e: Error) => e.name === "ConfigValidationError");
            assert.deepStrictEqual(declaredBesidesStack(), []);
        });
    }

    it("more AZs than the region offers is a named config error, before any resource", async () => {
        await assert.rejects(runStack("dev", { "platform:azCount": 4 }), (e: Error) => {
            assert.match(
                e.message,
                /platform:azCount = 4: ap-northeast-1 offers 3 availability zones \(ap-northeast-1a, ap-northeast-1c, ap-northeast-1d\)/,
            );
            return true;
        });
        assert.deepStrictEqual(declaredBesidesStack(), []);
    });
});

function declaredBesidesStack(): string[] {
    const engine = lastEngine();
    assert.ok(engine, "no run recorded");
    return engine.resources.map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack");
}
