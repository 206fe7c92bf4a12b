// What AWS would refuse halfway through `pulumi up`, refused at plan time instead: settings it
// refuses together (CPU architecture against capacity provider and AMI type), its quotas (each
// message naming the limit), tags per resource with the platform's own counted, and every derived
// physical name against its rule. Plus the choices it accepts but that hurt, as warnings.

import * as assert from "assert";
import { AWS_QUOTAS } from "../lib/aws-quotas";
import { acceleratorOf, architectureOf, ARM64_FAMILIES, instanceFamily } from "../lib/instance-types";
import { nameProblem } from "../lib/names";
import { MAX_PLATFORM_TAGS_PER_RESOURCE } from "../lib/tags";
import { REQUIRED_TAG_KEYS, parseEnvironment } from "../stacks/config";
import { configWarnings } from "../stacks/config-warnings";
import { loadStackConfig } from "../offline/stack-config";
import { runStack } from "../offline/run";
import { configIssueList, configIssues } from "./harness/config-issues";

const TODAY = "2026-11-23";
const web = { image: "public.ecr.aws/nginx/nginx:stable", port: 80 };

function warningsOf(stack: string, overrides: Record<string, unknown>, today = TODAY): string[] {
    const config = loadStackConfig(stack, overrides);
    const env = parseEnvironment(config.values, { project: config.project, stack, today });
    return configWarnings(env, today).map((w) => `${w.key} = ${w.value}: ${w.problem} (${w.allowed})`);
}

/** The issues' problems on one key, for overrides of a stack. */
function problemsOn(stack: string, overrides: Record<string, unknown>, keyPattern: RegExp): string[] {
    return configIssueList(stack, overrides)
        .filter((i) => keyPattern.test(i.key))
        .map((i) => `${i.problem} (allowed: ${i.allowed})`);
}

describe("AWS refuses together: CPU architecture against capacity", () => {
    it("ARM64 tasks with a Fargate Spot weight are refused; on FARGATE alone they are fine", () => {
        assert.match(
            configIssues("dev", { "platform:ecsCpuArchitecture": "ARM64", "platform:ecsSpotWeight": 3 })[0],
            /^platform:ecsSpotWeight = 3: Fargate Spot runs X86_64 tasks only/,
        );
        assert.deepStrictEqual(configIssues("dev", { "platform:ecsCpuArchitecture": "ARM64", "platform:ecsSpotWeight": 0 }), []);
        assert.deepStrictEqual(configIssues("dev", { "platform:ecsCpuArchitecture": "X86_64", "platform:ecsSpotWeight": 3 }), []);
        // prd has a Spot weight of 1 too.
        assert.strictEqual(configIssueList("prd", { "platform:ecsCpuArchitecture": "ARM64" })[0]?.key, "platform:ecsSpotWeight");
    });

    const group = (amiType: string, instanceTypes: string[]) => ({
        "platform:eksNodeGroups": [{ name: "g", amiType, instanceTypes, minSize: 1, maxSize: 2 }],
    });
    const cases: [string, string[], boolean][] = [
        ["AL2023_ARM_64_STANDARD", ["m7g.large"], true],
        ["AL2023_ARM_64_STANDARD", ["c7gn.xlarge", "t4g.large", "a1.large", "im4gn.large", "r8gd.large"], true],
        ["AL2023_ARM_64_STANDARD", ["m7i.large"], false],
        ["AL2023_ARM_64_STANDARD", ["m7g.large", "m7i.large"], false],
        ["AL2023_x86_64_STANDARD", ["m7i.large", "m7i-flex.large", "c7a.large", "t3.medium", "i4i.large", "g4dn.xlarge"], true],
        ["AL2023_x86_64_STANDARD", ["m6g.large"], false],
        ["AL2023_x86_64_STANDARD", ["is4gen.large"], false],
    ];
    for (const [amiType, types, ok] of cases) {
        it(`${amiType} with ${types.join(", ")}: ${ok ? "accepted" : "refused, naming the mismatched types"}`, () => {
            const issues = problemsOn("dev", group(amiType, types), /instanceTypes$/);
            assert.strictEqual(issues.length, ok ? 0 : 1, issues.join("\n"));
            if (!ok) {
                const mismatched = types.filter((t) => architectureOf(t) !== (amiType.includes("ARM") ? "arm64" : "x86_64"));
                for (const t of mismatched) assert.ok(issues[0].includes(`${t} is`), issues[0]);
            }
        });
    }

    it("the default instance types follow the node group's AMI type too", () => {
        assert.strictEqual(
            problemsOn("dev", { "platform:nodeInstanceTypes": ["m7g.large"], "platform:eksNodeGroups": [{ name: "g" }] }, /instanceTypes$/)
                .length,
            1,
        );
    });

    it("the architecture table: every Graviton family listed follows the naming rule but a1 and p6e-gb200; accelerators by family", () => {
        const byRule = (family: string) => /^[a-z]+\d+g/.test(family);
        assert.deepStrictEqual(
            ARM64_FAMILIES.filter((f) => !byRule(f)),
            ["a1", "p6e-gb200"],
        );
        for (const [t, arch] of [
            ["m9g.large", "arm64"],
            ["M7G.LARGE", "arm64"],
            ["g5g.xlarge", "arm64"],
            ["g5.xlarge", "x86_64"],
            ["u-6tb1.metal", "x86_64"],
            ["mac2-m2pro.metal", "x86_64"],
        ] as const)
            assert.strictEqual(architectureOf(t), arch, t);
        assert.strictEqual(instanceFamily("m7i-flex.large"), "m7i-flex");
        assert.deepStrictEqual(
            ["g5.xlarge", "p5.48xlarge", "gr6.4xlarge", "g4ad.xlarge", "inf2.xlarge", "trn1.2xlarge", "m7i.large"].map(acceleratorOf),
            ["nvidia", "nvidia", "nvidia", "amd-gpu", "neuron", "neuron", "none"],
        );
    });
});

describe("AWS accepts but it hurts: warnings", () => {
    const spot = (instanceTypes: string[], capacityType = "SPOT") => ({
        "platform:eksNodeGroups": [
            {
                name: "g",
                capacityType,
                instanceTypes,
                amiType: architectureOf(instanceTypes[0]) === "arm64" ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD",
                minSize: 1,
                maxSize: 2,
            },
        ],
    });

    it("a Spot node group with one instance type is warned, with siblings of its size and architecture to add", () => {
        const [w] = warningsOf("dev", spot(["m7i.large"]));
        assert.match(w, /^platform:eksNodeGroups\[0\]\.instanceTypes = \["m7i\.large"\]: a Spot node group with one instance type/);
        assert.match(w, /m7i\.large, m6i\.large, m7a\.large/);
        assert.match(warningsOf("dev", spot(["c7g.xlarge"]))[0], /c7g\.xlarge, m7g\.xlarge, m6g\.xlarge/);
        assert.deepStrictEqual(warningsOf("dev", spot(["m7i.large", "m6i.large"])), []);
        assert.deepStrictEqual(warningsOf("dev", spot(["m7i.large"], "ON_DEMAND")), []);
    });

    it("GPU or Neuron instances on a STANDARD AMI are warned: no drivers", () => {
        assert.match(
            warningsOf("dev", spot(["g5.xlarge", "g6.xlarge"]))[0],
            /g5\.xlarge, g6\.xlarge carry NVIDIA GPUs, which AL2023_x86_64_STANDARD has no drivers for/,
        );
        assert.match(warningsOf("dev", spot(["inf2.xlarge", "inf2.8xlarge"]))[0], /AWS Neuron accelerators/);
    });

    it("both stacks as they are have nothing to warn about", () => {
        assert.deepStrictEqual(warningsOf("dev", {}), []);
        assert.deepStrictEqual(warningsOf("prd", {}), []);
    });

    it("an opt-in region is warned: the account must enable it first", () => {
        assert.match(
            warningsOf("dev", { "aws:region": "ap-east-2" })[0],
            /^aws:region = ap-east-2: Asia Pacific \(Taipei\) is an opt-in region/,
        );
    });
});

describe("AWS quotas at plan time: each message names the limit", () => {
    const ng = (i: number) => ({ name: `ng${i}`, minSize: 1, maxSize: 2 });
    const profile = (i: number) => ({ name: `fp${i}`, selectors: [{ namespace: `ns${i}` }] });
    const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `198.51.${i}.0/24`);
    const services = (n: number) => Array.from({ length: n }, (_, i) => ({ ...web, name: `s${i}`, pathPattern: `/s${i}/*` }));
    const taints = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: "v", effect: "NoSchedule" }));
    const labels = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, "v"]));

    const limits: [string, string, (n: number) => Record<string, unknown>, number, RegExp, string][] = [
        [
            "public access CIDRs",
            "dev",
            (n) => ({ "platform:eksPublicAccessCidrs": cidrs(n) }),
            40,
            /^platform:eksPublicAccessCidrs$/,
            "Public endpoint access CIDR ranges per cluster",
        ],
        [
            "managed node groups",
            "dev",
            (n) => ({ "platform:eksNodeGroups": Array.from({ length: n }, (_, i) => ng(i)) }),
            30,
            /^platform:eksNodeGroups$/,
            "Managed node groups per cluster",
        ],
        [
            "nodes per group",
            "dev",
            (n) => ({ "platform:eksNodeGroups": [{ name: "g", minSize: 1, maxSize: n }] }),
            450,
            /maxSize$/,
            "Nodes per managed node group",
        ],
        [
            "Fargate profiles",
            "dev",
            (n) => ({ "platform:eksFargateProfiles": Array.from({ length: n }, (_, i) => profile(i)) }),
            10,
            /^platform:eksFargateProfiles$/,
            "Fargate profiles per cluster",
        ],
        [
            "Fargate profiles, the platform's coredns profile counted",
            "dev",
            (n) => ({
                "platform:eksNodeGroups": [],
                "platform:eksPodIdentities": [],
                "platform:eksAscpCsiDriver": false,
                "platform:eksFargateProfiles": Array.from({ length: n }, (_, i) => profile(i)),
            }),
            9,
            /^platform:eksFargateProfiles$/,
            "Fargate profiles per cluster",
        ],
        [
            "selectors per profile",
            "dev",
            (n) => ({
                "platform:eksFargateProfiles": [{ name: "p", selectors: Array.from({ length: n }, (_, i) => ({ namespace: `n${i}` })) }],
            }),
            5,
            /selectors$/,
            "Selectors per Fargate profile",
        ],
        [
            "labels per selector",
            "dev",
            (n) => ({ "platform:eksFargateProfiles": [{ name: "p", selectors: [{ namespace: "n", labels: labels(n) }] }] }),
            5,
            /labels$/,
            "Label pairs per Fargate profile selector",
        ],
        [
            "taints per node group",
            "dev",
            (n) => ({ "platform:eksNodeGroups": [{ name: "g", minSize: 1, maxSize: 2, taints: taints(n) }] }),
            50,
            /taints$/,
            "Taints per managed node group",
        ],
        [
            "tasks per service",
            "dev",
            (n) => ({ "platform:ecsServices": [{ ...web, name: "w", desiredCount: n, autoscaling: { min: 1, max: n } }] }),
            5000,
            /desiredCount$|autoscaling\.max$/,
            "Tasks per service",
        ],
        [
            "services on the one load balancer",
            "dev",
            (n) => ({ "platform:ecsServices": services(n) }),
            100,
            /^platform:ecsServices$/,
            "Application Load Balancer",
        ],
        [
            "extra tags, the platform's own counted",
            "dev",
            (n) => ({ "platform:extraTags": labels(n) }),
            50 - REQUIRED_TAG_KEYS.length - MAX_PLATFORM_TAGS_PER_RESOURCE,
            /^platform:extraTags$/,
            "User tags per resource",
        ],
        [
            "admitted networks on the cluster security group",
            "dev",
            (n) => ({ "platform:eksApiAccessCidrs": Array.from({ length: n }, (_, i) => `10.${i}.0.0/16`) }),
            58,
            /^platform:eksApiAccessCidrs$/,
            "Inbound or outbound rules per security group",
        ],
    ];
    for (const [what, stack, at, limit, keyPattern, quotaName] of limits) {
        it(`${what}: ${limit} accepted, ${limit + 1} refused naming "${quotaName}"`, function () {
            this.timeout(120000);
            assert.deepStrictEqual(problemsOn(stack, at(limit), keyPattern), [], `${limit}`);
            const refused = problemsOn(stack, at(limit + 1), keyPattern);
            assert.ok(refused.length >= 1, `${limit + 1} should be refused`);
            assert.ok(
                refused.some((p) => p.includes(quotaName)),
                refused.join("\n"),
            );
        });
    }

    it("the table: each quota has a source page, adjustable ones their quota code where AWS lists one", () => {
        for (const [id, q] of Object.entries(AWS_QUOTAS)) {
            assert.match(q.source, /^https:\/\/docs\.aws\.amazon\.com\//, id);
            assert.ok(q.value > 0, id);
        }
        for (const id of ["eksManagedNodeGroups", "eksNodesPerNodeGroup", "eksFargateProfiles", "eksFargateSelectors"] as const)
            assert.match(AWS_QUOTAS[id].quotaCode, /^L-[0-9A-F]{8}$/, id);
    });

    it("ALB path patterns: 128 characters and 5 wildcards at most; health check paths 1024", () => {
        const pattern = (p: string) =>
            problemsOn("dev", { "platform:ecsServices": [{ ...web, name: "w", pathPattern: p }] }, /pathPattern$/);
        assert.deepStrictEqual(pattern(`/${"a".repeat(127)}`), []);
        assert.strictEqual(pattern(`/${"a".repeat(128)}`).length, 1);
        assert.deepStrictEqual(pattern("/a*/b*/c*/d*/e?"), []);
        assert.strictEqual(pattern("/a*/b*/c*/d*/e*/f?").length, 1);
        const health = (p: string) =>
            problemsOn("dev", { "platform:ecsServices": [{ ...web, name: "w", healthCheckPath: p }] }, /healthCheckPath$/);
        assert.deepStrictEqual(health(`/${"h".repeat(1023)}`), []);
        assert.strictEqual(health(`/${"h".repeat(1024)}`).length, 1, "ELBv2 health check paths: 1024 characters at most");
    });

    it("the graphs carry at most the platform's counted share of tags on any resource", async () => {
        for (const [stack, overrides] of [
            ["dev", {}],
            ["prd", {}],
            [
                "dev",
                {
                    "platform:eksEnabled": false,
                    "platform:eksNodeGroups": [],
                    "platform:deployRunner": "self-hosted",
                    "platform:deployRunnerRepository": "",
                    "platform:deployRunnerConnectionArn": "",
                },
            ],
        ] as const) {
            const run = await runStack(stack, overrides);
            let most = 0;
            for (const r of run.graph.resources) {
                const sets = [
                    r.inputs.tags,
                    ...((r.inputs.tagSpecifications as { tags?: unknown }[] | undefined) ?? []).map((s) => s.tags),
                ];
                for (const tags of sets) {
                    if (tags === null || typeof tags !== "object") continue;
                    const own = Object.keys(tags).filter(
                        (k) => !(REQUIRED_TAG_KEYS as readonly string[]).includes(k) && !k.startsWith("aws:"),
                    );
                    most = Math.max(most, own.length);
                }
            }
            assert.ok(most <= MAX_PLATFORM_TAGS_PER_RESOURCE, `${stack}: ${most} platform tags on one resource`);
            // Subnets reach five (Karpenter's discovery tag); the sixth is on Karpenter's nodes, outside the graph.
            if (stack === "prd") assert.strictEqual(most, MAX_PLATFORM_TAGS_PER_RESOURCE - 1, "subnets reach one less than the bound");
        }
    });

    it("tag values and keys AWS refuses on some resource kind are refused for all", () => {
        assert.match(configIssues("dev", { "platform:owner": "team#1" })[0], /^platform:owner = "team#1": invalid value/);
        assert.match(configIssues("dev", { "platform:extraTags": { "team!": "a" } })[0], /not one AWS accepts/);
        assert.match(configIssues("dev", { "platform:extraTags": { team: "a;b" } })[0], /characters AWS refuses/);
        assert.deepStrictEqual(
            configIssues("dev", { "platform:owner": "Équipe plateforme @ Tōkyō", "platform:extraTags": { "app/name": "x+y=z" } }),
            [],
        );
    });
});

describe("derived physical names at plan time: every one against its AWS rule", () => {
    const service = (name: string, extra: Record<string, unknown> = {}) => ({ "platform:ecsServices": [{ ...web, name, ...extra }] });

    it("a service name whose auto-named IAM roles would pass 64 characters is refused, naming the rule", () => {
        assert.deepStrictEqual(configIssues("dev", service("s".repeat(33))), []);
        const issues = configIssues("dev", service("s".repeat(34)));
        assert.ok(issues.length >= 1);
        assert.ok(
            issues.every((i) =>
                /derived iamRolePrefix name: 58 characters, over the 57 AWS allows \(IAM API CreateRole: RoleName \(64\)/.test(i),
            ),
            issues.join("\n"),
        );
    });

    it("a Fargate profile name whose auto-name would pass 63 characters is refused", () => {
        const p = (name: string) => ({ "platform:eksFargateProfiles": [{ name, selectors: [{ namespace: "apps" }] }] });
        assert.deepStrictEqual(configIssues("dev", p("p".repeat(42))), []);
        assert.match(configIssues("dev", p("p".repeat(43)))[0], /derived fargateProfilePrefix name: 57 characters, over the 56/);
    });

    it("EKS's longest cluster name keeps every name derived from it valid: tag keys, log groups, alias, launch templates", () => {
        // kubernetes.io/cluster/<name> is 22 + 100 characters: within the 128 of a tag key.
        assert.deepStrictEqual(configIssues("dev", { "platform:eksClusterName": "c".repeat(100) }), []);
        assert.strictEqual(nameProblem("tagKey", `kubernetes.io/cluster/${"c".repeat(106)}`), undefined);
        assert.match(nameProblem("tagKey", `kubernetes.io/cluster/${"c".repeat(107)}`) ?? "", /129 characters, over the 128/);
    });

    it("a service name that is not a DNS label is refused only with service discovery on", () => {
        assert.match(configIssues("dev", service("api-"))[0], /derived cloudMapService name/);
        assert.deepStrictEqual(configIssues("dev", { ...service("api-"), "platform:ecsServiceDiscovery": false }), []);
    });

    it("a port mapping name cannot start with a hyphen", () => {
        assert.match(configIssues("dev", { ...service("-api"), "platform:ecsServiceDiscovery": false })[0], /derived portMapping name/);
    });

    it("with FireLens, a service may not take the log router's container name", () => {
        assert.match(configIssues("dev", { ...service("log_router"), "platform:ecsLogDriver": "firelens" })[0], /"log_router" container/);
        assert.deepStrictEqual(configIssues("dev", service("log_router")), []);
    });

    it("two one-off tasks of one service may not share a name (one task definition family)", () => {
        assert.match(
            configIssues(
                "dev",
                service("api", {
                    oneOffTasks: [
                        { name: "migrate", command: ["a"] },
                        { name: "migrate", command: ["b"] },
                    ],
                }),
            )[0],
            /duplicate one-off task "migrate"/,
        );
    });

    it("a Fargate profile named coredns collides with the platform's own when there are no node groups", () => {
        assert.match(
            configIssues("dev", {
                "platform:eksNodeGroups": [],
                "platform:eksPodIdentities": [],
                "platform:eksAscpCsiDriver": false,
                "platform:eksFargateProfiles": [{ name: "CoreDNS", selectors: [{ namespace: "a" }] }],
            })[0],
            /the platform adds its own "coredns" profile/,
        );
    });
});
