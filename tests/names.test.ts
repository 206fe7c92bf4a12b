// Physical names derived from config: built in one place (lib/names.ts), checked against each AWS
// resource's rules before any resource is declared, and distinct where AWS needs them distinct.

import * as assert from "assert";
import { derivedNames, INPUT_NAME_KINDS, NameInputs, nameIssues, nameProblem, NAME_RULES, names } from "../lib/names";
import { SERVICE_ALARM_SUFFIXES } from "../components/observability/alarm-specs";
import { CONTAINER_INSIGHTS_LOG_KINDS } from "../components/observability/eks-container-insights";
import { configIssues } from "./harness/config-issues";
import { runStack } from "../offline/run";

/** An entry of platform:ecsServices as the stack file holds it, as far as the names depend on it. */
interface ServiceConfig {
    name: string;
    ecrRepository?: boolean;
    oneOffTasks?: { name: string }[];
    autoscaling: NameInputs["services"][number]["autoscaling"];
}

describe("derived names", () => {
    it("each rule's bounds: the longest valid name passes, one more character fails; edges and characters", () => {
        const cases: [keyof typeof NAME_RULES, string, boolean][] = [
            ["loadBalancer", "a".repeat(32), true],
            ["loadBalancer", "a".repeat(33), false],
            ["loadBalancer", "a-", false],
            ["loadBalancer", "-a", false],
            ["loadBalancer", "internal-a", false],
            ["loadBalancer", "a-b", true],
            ["targetGroupPrefix", "abcde-", true],
            ["targetGroupPrefix", "abcdef-", false],
            ["targetGroupPrefix", "-a", false],
            ["nodeGroupPrefix", `${"a".repeat(36)}-`, true],
            ["nodeGroupPrefix", `${"a".repeat(37)}-`, false],
            ["launchTemplate", "a".repeat(128), true],
            ["launchTemplate", "a".repeat(129), false],
            ["launchTemplate", "ab", false],
            ["ecrRepository", "platform-prd/api", true],
            ["ecrRepository", "platform-prd/API", false],
            ["ecrRepository", "platform-prd/-api", false],
            ["kmsAlias", "alias/platform-prd-secrets", true],
            ["kmsAlias", "alias/aws/x", false],
            ["kmsAlias", `alias/${"a".repeat(250)}`, true],
            ["kmsAlias", `alias/${"a".repeat(251)}`, false],
            ["codebuildProject", "a".repeat(150), true],
            ["codebuildProject", "a".repeat(151), false],
            ["codebuildProject", "a", false],
            ["taskFamily", "a".repeat(255), true],
            ["taskFamily", "a".repeat(256), false],
            ["taskFamily", "a.b", false],
            ["logGroup", `/${"a".repeat(511)}`, true],
            ["logGroup", `/${"a".repeat(512)}`, false],
            ["logGroup", "/a b", false],
            ["scalingPolicy", "a:b", false],
            ["scalingPolicy", "a".repeat(256), true],
            ["scalingPolicy", "a".repeat(257), false],
            ["dnsNamespace", "platform-prd.internal", true],
            ["dnsNamespace", "Platform.internal", false],
        ];
        for (const [kind, name, ok] of cases)
            assert.strictEqual(nameProblem(kind, name) === undefined, ok, `${kind} ${name.length > 40 ? `${name.length} chars` : name}`);
    });

    it("the target group prefix is the service name's first letters, never ending in a hyphen", () => {
        assert.deepStrictEqual(["api", "payments-api", "ab-cd-ef", "abcd-x", "web"].map(names.targetGroupPrefix), [
            "api-",
            "payme-",
            "ab-cd-",
            "abcd-",
            "web-",
        ]);
        for (const p of ["api", "payments-api", "ab-cd-ef", "abcd-x"].map(names.targetGroupPrefix))
            assert.strictEqual(nameProblem("targetGroupPrefix", p), undefined, p);
    });

    it("both stacks' names are the ones the graph declares, and all are valid", async () => {
        for (const stack of ["dev", "prd"]) {
            const run = await runStack(stack);
            const declared = new Set(
                run.graph.resources.flatMap((r) =>
                    ["name", "family", "namePrefix", "nodeGroupNamePrefix", "scheduledActionName"]
                        .map((k) => r.inputs[k])
                        .filter((v): v is string => typeof v === "string"),
                ),
            );
            const physical = run.graph.resources.map((r) => String(r.outputs.name ?? r.outputs.fargateProfileName ?? ""));
            const profiles = JSON.parse(run.config.values["platform:eksFargateProfiles"]) as { name: string }[];
            const derived = derivedNames(
                {
                    namePrefix: `platform-${stack}`,
                    clusterName: `platform-${stack}`,
                    services: (JSON.parse(run.config.values["platform:ecsServices"]) as ServiceConfig[]).map((s) => ({
                        name: s.name,
                        ecrRepository: s.ecrRepository === true,
                        oneOffTasks: s.oneOffTasks ?? [],
                        autoscaling: s.autoscaling,
                    })),
                    nodeGroups: JSON.parse(run.config.values["platform:eksNodeGroups"]) as NameInputs["nodeGroups"],
                    fargateProfiles: profiles,
                    fargateLogging: { routerLogs: run.config.values["platform:fargateRouterLogs"] === "true" },
                    containerInsightsLogKinds: CONTAINER_INSIGHTS_LOG_KINDS,
                    serviceDiscovery: true,
                    deployRunner: true,
                    serviceAlarmIds: run.config.values["platform:alarmsEnabled"] === "true" ? SERVICE_ALARM_SUFFIXES : undefined,
                    sleepSchedule: run.config.values["platform:sleepSchedule"] !== undefined,
                },
                (k) => `platform:${k}`,
            );
            // ECS cluster, ALB, namespace; per service its name, container and port names, discovery
            // name, two roles, security group, alarms (prd), log group, family, target group prefix,
            // scaling policies, repository and one-off families; the cluster's name, log groups, key
            // alias and tag keys, per node group its prefix and launch template, per Fargate profile
            // its auto-name; the EKS events log group; the runner's project and log group; in dev, a
            // sleep and a wake action per service and per node group.
            assert.strictEqual(derived.length, stack === "dev" ? 50 : 56);
            for (const d of derived) {
                if (INPUT_NAME_KINDS.has(d.kind))
                    assert.ok(declared.has(d.name), `${stack}: ${d.kind} ${d.name} is not what the program declares`);
                else if (d.kind.endsWith("Prefix"))
                    assert.ok(
                        physical.some((n) => n.startsWith(d.name)),
                        `${stack}: no physical name starts with the ${d.kind} ${d.name}`,
                    );
            }
            assert.deepStrictEqual(nameIssues(derived), []);
        }
    });

    it("refuses config whose derived names break AWS's rules or collide, naming the key", () => {
        const long = "c".repeat(100);
        // 100 + "-general": 108 characters, a valid launch template name.
        assert.deepStrictEqual(configIssues("dev", { "platform:eksClusterName": long }), []);
        const tooLong = configIssues("dev", { "platform:eksClusterName": long, "platform:eksNodeGroups": [{ name: "n".repeat(30) }] });
        assert.deepStrictEqual(tooLong, [
            `platform:eksNodeGroups[0].name = ${long}-${"n".repeat(30)}: derived launchTemplate name: 131 characters, over the 128 AWS allows (EC2 API CreateLaunchTemplate: LaunchTemplateName) (allowed: a shorter or simpler value)`,
        ]);
        const web = { image: "public.ecr.aws/nginx/nginx:stable", port: 80 };
        const clash = configIssues("dev", {
            "platform:ecsServices": [
                { ...web, name: "api", pathPattern: "/a/*", oneOffTasks: [{ name: "migrate", command: ["x"] }] },
                { ...web, name: "api-migrate", pathPattern: "/b/*" },
            ],
        });
        assert.deepStrictEqual(clash, [
            "platform:ecsServices[1].name = platform-dev-api-migrate: the taskFamily name is also derived from platform:ecsServices[0].oneOffTasks[0].name (allowed: values that give distinct names)",
        ]);
    });
});
