// The structured keys (services, node groups, Fargate profiles, add-on versions, tags) are described
// by valibot shapes (stacks/schema.ts); these are the exact texts an unknown field, a wrong type or a
// missing field gives, as they were before the shapes came in, so a change of library or of shape
// cannot change what a user reads.

import * as assert from "assert";
import * as v from "valibot";
import { configIssues } from "./harness/config-issues";
import { loadStackConfig } from "../offline/stack-config";
import { CONFIG_KEYS, ECS_SERVICE_SHAPE, EKS_FARGATE_PROFILE_SHAPE, EKS_NODE_GROUP_SHAPE } from "../stacks/schema";

const web = { name: "web", image: "public.ecr.aws/nginx/nginx:stable", port: 80 };
const ng = { name: "general", instanceTypes: ["m7i.large"], minSize: 1, desiredSize: 1, maxSize: 3 };
const fp = { name: "apps", selectors: [{ namespace: "apps" }] };
const S = "platform:ecsServices",
    N = "platform:eksNodeGroups",
    F = "platform:eksFargateProfiles";

describe("config shapes: an unknown field, a wrong type or a missing field is named as it always was", () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
        [
            "a service: two unknown fields, each named",
            { [S]: [{ ...web, replicas: 2, Port: 80 }] },
            [
                "platform:ecsServices[0].replicas = (a number): unknown service setting (allowed: name, image, imageTag, ecrRepository, port, cpu, memory, desiredCount, healthCheckPath, pathPattern, environment, secrets, autoscaling, command, oneOffTasks, allowFrom, egress, taskRoleStatements, taskRoleManagedPolicyArns, healthCheckGracePeriodSeconds, containerHealthCheck, deployment, readonlyRootFilesystem, user, logMultilinePattern)",
                "platform:ecsServices[0].Port = (a number): unknown service setting (allowed: name, image, imageTag, ecrRepository, port, cpu, memory, desiredCount, healthCheckPath, pathPattern, environment, secrets, autoscaling, command, oneOffTasks, allowFrom, egress, taskRoleStatements, taskRoleManagedPolicyArns, healthCheckGracePeriodSeconds, containerHealthCheck, deployment, readonlyRootFilesystem, user, logMultilinePattern)",
            ],
        ],
        [
            "a service: a wrong type for each kind of field",
            {
                [S]: [
                    {
                        ...web,
                        name: 5,
                        ecrRepository: "yes",
                        cpu: "1024",
                        desiredCount: 1.5,
                        healthCheckPath: 1,
                        environment: ["A"],
                        command: "run",
                    },
                ],
            },
            [
                "platform:ecsServices[0].name = 5: invalid service name; YAML reads unquoted numbers and true/false as such (1.30 as 1.3, 0042 as 34): write text in quotes (allowed: 1-255 of A-Z a-z 0-9 - _ (ECS CreateService), within the limits of the names derived from it)",
                'platform:ecsServices[0].ecrRepository = "yes": not a boolean (allowed: true | false)',
                'platform:ecsServices[0].cpu = "1024": not an integer (allowed: an integer)',
                "platform:ecsServices[0].desiredCount = 1.5: not an integer (allowed: an integer)",
                "platform:ecsServices[0].healthCheckPath = 1: invalid health check path (allowed: a path starting with /, at most 1024 characters, no spaces)",
                "platform:ecsServices[0].environment = (a list of 1 item): not a map of strings (allowed: NAME: value pairs)",
                'platform:ecsServices[0].command = "run": not a list of strings (allowed: e.g. ["node", "server.js"])',
            ],
        ],
        [
            "a service: no name, no image, no port",
            { [S]: [{}] },
            [
                "platform:ecsServices[0].name = (unset): invalid service name (allowed: 1-255 of A-Z a-z 0-9 - _ (ECS CreateService), within the limits of the names derived from it)",
                "platform:ecsServices[0].image = (unset): missing or invalid image (allowed: an image reference, e.g. public.ecr.aws/nginx/nginx:stable)",
                "platform:ecsServices[0].port = (unset): port out of range (allowed: 1..65535)",
            ],
        ],
        [
            "a service: null where a value is expected",
            { [S]: [{ ...web, port: null, secrets: null, pathPattern: null }] },
            [
                "platform:ecsServices[0].port = null: not an integer (allowed: an integer)",
                "platform:ecsServices[0].port = null: port out of range (allowed: 1..65535)",
                "platform:ecsServices[0].pathPattern = null: invalid ALB path pattern (allowed: a path pattern starting with /, e.g. /api/*: 128 characters and 5 wildcards (* ?) at most)",
                "platform:ecsServices[0].secrets = null: not a map of strings (allowed: NAME: secret ARN pairs)",
            ],
        ],
        [
            "an ECR service: image given, no tag",
            { [S]: [{ name: "api", ecrRepository: true, image: "x", port: 80 }] },
            [
                'platform:ecsServices[0].image = "x": an ECR-built service takes imageTag, not image (allowed: imageTag only when ecrRepository is true)',
                "platform:ecsServices[0].imageTag = (unset): invalid image tag (allowed: a Docker tag, e.g. 1.4.2 or 2026-11-23-abc1234)",
            ],
        ],
        [
            "a secret's value is never echoed, even beside other problems",
            { [S]: [{ ...web, secrets: { "1BAD": "hunter2" }, environment: { "1BAD": "x" } }] },
            [
                'platform:ecsServices[0].environment = "1BAD": invalid variable name (allowed: [A-Za-z_][A-Za-z0-9_]*)',
                'platform:ecsServices[0].secrets = "1BAD": invalid variable name (allowed: [A-Za-z_][A-Za-z0-9_]*)',
                "platform:ecsServices[0].secrets.1BAD = (hidden): a secret must be referenced by ARN, never given as a value (allowed: arn:aws:secretsmanager:<region>:<account>:secret:<name> or arn:aws:ssm:<region>:<account>:parameter/<name>)",
                'platform:ecsServices[0].secrets = "1BAD": "1BAD" is both an environment variable and a secret (allowed: each name in one of environment or secrets)',
            ],
        ],
        [
            "autoscaling: an unknown field and wrong types",
            { [S]: [{ ...web, autoscaling: { min: "1", max: 2.5, target: 50 } }] },
            [
                "platform:ecsServices[0].autoscaling.target = (a number): unknown autoscaling setting (allowed: min, max, cpuTargetPercent, requestsPerTarget)",
                'platform:ecsServices[0].autoscaling.min = "1": not an integer (allowed: an integer)',
                "platform:ecsServices[0].autoscaling.max = 2.5: not an integer (allowed: an integer)",
            ],
        ],
        [
            "autoscaling: out of range",
            { [S]: [{ ...web, autoscaling: { min: 1, max: 2, cpuTargetPercent: 0, requestsPerTarget: 0 } }] },
            [
                "platform:ecsServices[0].autoscaling.cpuTargetPercent = 0: out of range (allowed: 1..100)",
                "platform:ecsServices[0].autoscaling.requestsPerTarget = 0: out of range (allowed: 1 or more)",
            ],
        ],
        [
            "one-off tasks: not a list",
            { [S]: [{ ...web, oneOffTasks: { name: "migrate" } }] },
            ['platform:ecsServices[0].oneOffTasks = {"name":"migrate"}: not a list (allowed: a list of {name, command})'],
        ],
        [
            "one-off tasks: a task without name or command, and a null task",
            { [S]: [{ ...web, oneOffTasks: [{ command: [] }, null] }] },
            [
                "platform:ecsServices[0].oneOffTasks[0].name = (unset): invalid task name (allowed: 1-255 of A-Z a-z 0-9 - _ (a task definition family part))",
                "platform:ecsServices[0].oneOffTasks[0].command = []: missing command (allowed: a non-empty list of strings)",
                "platform:ecsServices[0].oneOffTasks[1].name = (unset): invalid task name (allowed: 1-255 of A-Z a-z 0-9 - _ (a task definition family part))",
                "platform:ecsServices[0].oneOffTasks[1].command = (unset): missing command (allowed: a non-empty list of strings)",
            ],
        ],
        [
            "services: not a list of maps",
            { [S]: [web, "api"] },
            [
                // A text where a service belongs may be anything: only what the value is is shown.
                "platform:ecsServices = (a list of 2 items): not a list of maps (allowed: a YAML list of maps)",
            ],
        ],
        [
            "a node group: an unknown field and wrong types",
            { [N]: [{ ...ng, replicas: 2, minSize: "1", diskSizeGiB: -5, labels: ["a"], capacityType: "spot" }] },
            [
                "platform:eksNodeGroups[0].replicas = (a number): unknown node group setting (allowed: name, instanceTypes, capacityType, amiType, minSize, desiredSize, maxSize, diskSizeGiB, maxUnavailable, metadataHopLimit, labels, taints)",
                'platform:eksNodeGroups[0].capacityType = "spot": unknown capacity type (allowed: ON_DEMAND | SPOT)',
                'platform:eksNodeGroups[0].minSize = "1": not a non-negative integer (allowed: an integer >= 0)',
                "platform:eksNodeGroups[0].diskSizeGiB = -5: not a non-negative integer (allowed: an integer >= 0)",
                "platform:eksNodeGroups[0].diskSizeGiB = 0: root volume size out of range (allowed: 20..16384)",
                "platform:eksNodeGroups[0].labels = (a list of 1 item): not a map of strings (allowed: key: value pairs)",
            ],
        ],
        [
            "a node group: a bad label and a bad instance type",
            { [N]: [{ ...ng, labels: { "bad key!": "v" }, instanceTypes: ["m7i"] }] },
            [
                'platform:eksNodeGroups[0].instanceTypes = ["m7i"]: not a list of EC2 instance types (allowed: e.g. [m7i.large, m6i.large])',
                'platform:eksNodeGroups[0].labels = {"bad key!":"v"}: not a valid Kubernetes label (allowed: [prefix/]name: value, 63 characters each at most)',
            ],
        ],
        [
            "a node group: missing name",
            { [N]: [{ instanceTypes: ["m7i.large"] }] },
            [
                "platform:eksNodeGroups[0].name = (unset): invalid node group name (allowed: 1-36 of A-Z a-z 0-9 - _, starting with a letter or digit (EKS allows 63; the rest is the unique suffix that lets a replacement start before the old group is drained))",
            ],
        ],
        [
            "a node group: taints not a list",
            { [N]: [{ ...ng, taints: { key: "k" } }] },
            ['platform:eksNodeGroups[0].taints = {"key":"k"}: not a list (allowed: a list of {key, value, effect})'],
        ],
        [
            "a taint: missing key and effect, bad value",
            { [N]: [{ ...ng, taints: [{ value: "a b" }] }] },
            [
                "platform:eksNodeGroups[0].taints[0].effect = (unset): not a taint effect Kubernetes accepts (allowed: NoSchedule | NoExecute | PreferNoSchedule)",
                "platform:eksNodeGroups[0].taints[0].key = (unset): not a valid taint key (allowed: [prefix/]name)",
                'platform:eksNodeGroups[0].taints[0].value = "a b": not a valid taint value (allowed: 63 characters of A-Z a-z 0-9 - _ .)',
            ],
        ],
        [
            "a Fargate profile: unknown field, no name, no selectors",
            { [F]: [{ namespace: "apps" }] },
            [
                "platform:eksFargateProfiles[0].namespace = (a 4-character string): unknown Fargate profile setting (allowed: name, selectors)",
                "platform:eksFargateProfiles[0].name = (unset): invalid profile name (allowed: 1-63 of A-Z a-z 0-9 - _, starting with a letter or digit)",
                "platform:eksFargateProfiles[0].selectors = (unset): a profile needs at least one selector (allowed: a list of {namespace, labels})",
            ],
        ],
        [
            "a selector: empty namespace, labels not a map",
            { [F]: [{ ...fp, selectors: [{ namespace: "", labels: "x" }] }] },
            [
                'platform:eksFargateProfiles[0].selectors[0].namespace = "": a selector needs a namespace (allowed: a Kubernetes namespace name)',
                'platform:eksFargateProfiles[0].selectors[0].labels = "x": not a map of strings (allowed: key: value pairs)',
            ],
        ],
        [
            "add-on versions: not a map of strings",
            { "platform:eksAddonVersions": { "vpc-cni": 1 } },
            [
                'platform:eksAddonVersions = {"vpc-cni":1}: not a map of strings; YAML reads unquoted numbers and true/false as such (1.30 as 1.3, 0042 as 34): write text in quotes (allowed: a YAML map of string values of at most 256 characters)',
            ],
        ],
        [
            "add-on versions: unknown add-on, bad version",
            { "platform:eksAddonVersions": { istio: "1.0" } },
            [
                "platform:eksAddonVersions = istio: not a managed add-on of this platform (allowed: vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver, eks-pod-identity-agent, metrics-server, aws-efs-csi-driver, aws-secrets-store-csi-driver-provider)",
                "platform:eksAddonVersions = istio: 1.0: not an add-on version (allowed: v<major>.<minor>.<patch>-eksbuild.<n>, e.g. v1.19.2-eksbuild.1)",
            ],
        ],
        [
            "extra tags: a list",
            { "platform:extraTags": ["team"] },
            [
                "platform:extraTags = (a list of 1 item): not a map of strings (allowed: a YAML map of string values of at most 256 characters)",
            ],
        ],
        [
            "extra tags: a value over 256 characters",
            { "platform:extraTags": { team: "x".repeat(257) } },
            [
                'platform:extraTags = {"team":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}: not a map of strings (allowed: a YAML map of string values of at most 256 characters)',
            ],
        ],
    ];
    for (const [what, overrides, expected] of cases) {
        it(what, () => assert.deepStrictEqual(configIssues("dev", overrides), expected));
    }

    it("a secret given as a value is in no part of any message", () => {
        const issues = configIssues("dev", {
            [S]: [{ ...web, secrets: { "1BAD": "hunter2", OK: "s3cr3t" }, environment: { "1BAD": "x" } }],
        });
        assert.ok(issues.length > 0 && issues.every((i) => !i.includes("hunter2") && !i.includes("s3cr3t")), issues.join("\n"));
    });
});

// Where the shapes now say more than the hand-written checks did: values that were taken silently,
// or read as something else, are refused in the same words as their neighbours.
describe("config shapes: what is refused now that was mis-read before", () => {
    it("autoscaling that is not a map (a number or a boolean was ignored, a string read letter by letter)", () => {
        for (const value of [3, true, "min: 1"]) {
            assert.deepStrictEqual(configIssues("dev", { [S]: [{ ...web, autoscaling: value }] }), [
                `platform:ecsServices[0].autoscaling = ${JSON.stringify(value)}: not a map (allowed: {min, max, cpuTargetPercent, requestsPerTarget})`,
            ]);
        }
    });

    it('a list as a node group or profile name (it was read as its text: ["a"] as "a")', () => {
        assert.deepStrictEqual(configIssues("dev", { [N]: [{ ...ng, name: ["a"] }], [F]: [{ ...fp, name: ["b"] }] }), [
            "platform:eksNodeGroups[0].name = (a list of 1 item): invalid node group name (allowed: 1-36 of A-Z a-z 0-9 - _, starting with a letter or digit (EKS allows 63; the rest is the unique suffix that lets a replacement start before the old group is drained))",
            "platform:eksFargateProfiles[0].name = (a list of 1 item): invalid profile name (allowed: 1-63 of A-Z a-z 0-9 - _, starting with a letter or digit)",
        ]);
    });

    it("a number or a boolean is still taken as a node group or profile name (YAML's name: 1)", () => {
        assert.deepStrictEqual(configIssues("dev", { [N]: [{ ...ng, name: 1 }], [F]: [{ ...fp, name: 2 }] }), []);
    });
});

describe("config shapes: what the library itself decides", () => {
    it("the stack files' services, node groups and profiles are what the shapes describe", () => {
        const shapes = { [S]: ECS_SERVICE_SHAPE, [N]: EKS_NODE_GROUP_SHAPE, [F]: EKS_FARGATE_PROFILE_SHAPE };
        for (const stack of ["dev", "prd"]) {
            const values = loadStackConfig(stack).values;
            for (const [fullKey, shape] of Object.entries(shapes)) {
                const result = v.safeParse(v.array(shape), JSON.parse(values[fullKey]));
                assert.ok(
                    result.success,
                    `${stack} ${fullKey}: ${JSON.stringify(result.issues?.map((i) => [v.getDotPath(i), i.message]))}`,
                );
            }
        }
    });

    it("each unknown field is its own issue (objectWithRest + never, not strictObject, which stops at the first)", () => {
        const result = v.safeParse(ECS_SERVICE_SHAPE, { ...web, replicas: 2, Port: 80 });
        assert.deepStrictEqual(
            result.issues?.map((i) => [i.type, v.getDotPath(i)]),
            [
                ["never", "replicas"],
                ["never", "Port"],
            ],
        );
    });

    it("a structured key without a shape, or a scalar key with one, is a mistake in the schema", () => {
        for (const spec of CONFIG_KEYS) {
            assert.strictEqual(spec.shape !== undefined, spec.type === "object", spec.key);
        }
    });
});
