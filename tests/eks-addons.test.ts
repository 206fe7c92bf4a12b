import * as assert from "assert";
import { FARGATE_ONLY } from "./harness/fargate-only";
import { Namespace } from "kubernetes-models/v1";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1";
import { RecordedResource } from "../offline/engine";
import { Graph } from "../offline/graph";
import { ProgramRun, runStack } from "../offline/run";
import { previewGraph } from "../offline/snapshot";
import { loadPriceTable } from "../tools/cost/price-table";
import { estimateCost } from "../tools/cost/estimate";
import { configIssues } from "./harness/config-issues";
import { parseJson, PolicyDocument } from "./harness/documents";

const T = {
    addon: "aws:eks/addon:Addon",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    profile: "aws:eks/fargateProfile:FargateProfile",
    namespace: "kubernetes:core/v1:Namespace",
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
};

const addonOf = (g: Graph, name: string): RecordedResource => {
    const found = g.byType(T.addon).filter((a) => a.inputs.addonName === name);
    assert.strictEqual(found.length, 1, `one ${name} add-on`);
    return found[0];
};
/** Validates the declared object against the Kubernetes schema (kubernetes-models). */
const validStorageClass = (inputs: unknown) => new StorageClass(inputs as ConstructorParameters<typeof StorageClass>[0]).validate();
const configOf = (g: Graph, name: string): unknown => JSON.parse(String(addonOf(g, name).inputs.configurationValues));
const pss = (enforce: string, audit: string, warn: string, version = "v1.35") => ({
    "pod-security.kubernetes.io/enforce": enforce,
    "pod-security.kubernetes.io/enforce-version": version,
    "pod-security.kubernetes.io/audit": audit,
    "pod-security.kubernetes.io/audit-version": version,
    "pod-security.kubernetes.io/warn": warn,
    "pod-security.kubernetes.io/warn-version": version,
});

interface Expected {
    readonly stack: "dev" | "prd";
    readonly vpcCni: unknown;
    readonly coreDns: unknown;
    readonly reclaimPolicy: "Delete" | "Retain";
    readonly efs: boolean;
    readonly workloadNamespaces: string[];
}

const spread = (topologyKey: string) => [
    { maxSkew: 1, topologyKey, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
];

const STACKS: Expected[] = [
    {
        stack: "dev",
        vpcCni: {
            enableNetworkPolicy: "true",
            nodeAgent: { enablePolicyEventLogs: "true" },
            env: { ENABLE_PREFIX_DELEGATION: "false", AWS_VPC_K8S_CNI_EXTERNALSNAT: "false" },
        },
        coreDns: { replicaCount: 2, topologySpreadConstraints: spread("kubernetes.io/hostname") },
        reclaimPolicy: "Delete",
        efs: true,
        workloadNamespaces: ["apps"],
    },
    {
        stack: "prd",
        vpcCni: {
            enableNetworkPolicy: "true",
            nodeAgent: { enablePolicyEventLogs: "false" },
            env: { ENABLE_PREFIX_DELEGATION: "false", AWS_VPC_K8S_CNI_EXTERNALSNAT: "false" },
        },
        coreDns: { replicaCount: 3, topologySpreadConstraints: spread("topology.kubernetes.io/zone") },
        reclaimPolicy: "Retain",
        efs: false,
        workloadNamespaces: ["batch"],
    },
];

for (const x of STACKS) {
    describe(`EKS add-ons (${x.stack})`, () => {
        let run: ProgramRun;
        let eks: Graph;
        before(async () => {
            run = await runStack(x.stack);
            eks = run.graph.within("platform:eks:Cluster");
        });

        it("vpc-cni: network policy on with its node agent, prefix delegation and external SNAT as configured", () => {
            assert.deepStrictEqual(configOf(eks, "vpc-cni"), x.vpcCni);
            // The add-on's schema types every env value as a string.
            const env = (configOf(eks, "vpc-cni") as { env: Record<string, unknown> }).env;
            assert.ok(Object.values(env).every((v) => typeof v === "string"));
        });

        it("coredns: replicas and topology spread, no Fargate compute type with node groups", () => {
            assert.deepStrictEqual(configOf(eks, "coredns"), x.coreDns);
        });

        it("metrics-server: the EKS add-on at the resolved version, after the nodes", () => {
            const ms = addonOf(eks, "metrics-server");
            assert.match(String(ms.inputs.addonVersion), /^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$/);
            const groups = eks.byType(T.nodeGroup);
            assert.ok(groups.length > 0);
            for (const g of groups) assert.ok(ms.dependencies.includes(g.urn), `waits for ${g.name}`);
        });

        it(`gp3 StorageClass: the only default, encrypted, WaitForFirstConsumer, expandable, reclaim ${x.reclaimPolicy}`, () => {
            const sc = eks.one(T.storageClass);
            assert.deepStrictEqual(sc.inputs, {
                apiVersion: "storage.k8s.io/v1",
                kind: "StorageClass",
                metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
                provisioner: "ebs.csi.aws.com",
                parameters: { type: "gp3", encrypted: "true" },
                reclaimPolicy: x.reclaimPolicy,
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
            });
            validStorageClass(sc.inputs);
            assert.strictEqual(sc.deleteBeforeReplace, true);
            assert.ok(sc.dependencies.includes(addonOf(eks, "aws-ebs-csi-driver").urn));
            const defaults = run.graph
                .byType(T.storageClass)
                .filter(
                    (c) =>
                        (c.inputs.metadata as { annotations?: Record<string, string> }).annotations?.[
                            "storageclass.kubernetes.io/is-default-class"
                        ] === "true",
                );
            assert.strictEqual(defaults.length, 1);
        });

        it(`EFS CSI driver ${x.efs ? "on a Pod Identity role scoped to its controller" : "off"}`, () => {
            const efs = eks.byType(T.addon).filter((a) => a.inputs.addonName === "aws-efs-csi-driver");
            if (!x.efs) {
                assert.deepStrictEqual(efs, []);
                assert.deepStrictEqual(
                    eks.byType(T.role).filter((r) => r.name.endsWith("-efs-csi")),
                    [],
                );
                return;
            }
            const role = eks.one(T.role, `platform-${x.stack}-efs-csi`);
            const cluster = eks.one("aws:eks/cluster:Cluster");
            const trust = parseJson<PolicyDocument>(role.inputs.assumeRolePolicy);
            assert.deepStrictEqual(trust.Statement, [
                {
                    Sid: "EksPodIdentity",
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": "123456789012",
                            "aws:RequestTag/eks-cluster-arn": cluster.outputs.arn,
                            "aws:RequestTag/kubernetes-namespace": "kube-system",
                            "aws:RequestTag/kubernetes-service-account": "efs-csi-controller-sa",
                        },
                    },
                },
            ]);
            const policies = eks
                .byType(T.attachment)
                .filter((a) => a.inputs.role === role.outputs.name)
                .map((a) => a.inputs.policyArn);
            assert.deepStrictEqual(policies, ["arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"]);
            assert.strictEqual(efs.length, 1);
            assert.deepStrictEqual(efs[0].inputs.podIdentityAssociations, [
                { roleArn: role.outputs.arn, serviceAccount: "efs-csi-controller-sa" },
            ]);
            assert.strictEqual(efs[0].inputs.serviceAccountRoleArn, undefined);
            // Credentials come from the Pod Identity agent: the driver waits for it, and for somewhere to run.
            assert.ok(efs[0].dependencies.includes(addonOf(eks, "eks-pod-identity-agent").urn));
            for (const g of eks.byType(T.nodeGroup)) assert.ok(efs[0].dependencies.includes(g.urn));
        });

        it("every namespace the platform declares carries Pod Security labels at the cluster's version", () => {
            const namespaces = run.graph.byType(T.namespace);
            const byName = new Map(namespaces.map((n) => [(n.inputs.metadata as { name: string }).name, n]));
            // The Fargate metrics collector's namespace is the platform's too, labelled like the workload ones.
            const labelled = [...x.workloadNamespaces, "fargate-container-insights"];
            assert.deepStrictEqual([...byName.keys()].sort(), ["aws-observability", ...labelled].sort());
            for (const ns of labelled) {
                const labels = (byName.get(ns)?.inputs.metadata as { labels: Record<string, string> }).labels;
                const podSecurity = Object.fromEntries(Object.entries(labels).filter(([k]) => k.startsWith("pod-security.kubernetes.io/")));
                assert.deepStrictEqual(podSecurity, pss("baseline", "restricted", "restricted"), ns);
            }
            assert.deepStrictEqual((byName.get("aws-observability")?.inputs.metadata as { labels: unknown }).labels, {
                ...pss("restricted", "restricted", "restricted"),
                "aws-observability": "enabled",
            });
            for (const n of namespaces) new Namespace(n.inputs).validate();
            for (const ns of x.workloadNamespaces) assert.strictEqual(byName.get(ns)?.retainOnDelete, true, `${ns} outlives its profile`);
        });
    });
}

describe("EKS add-ons: what config changes", () => {
    it("prefix delegation with a warm prefix target, external SNAT, network policy off", async () => {
        const run = await runStack("prd", {
            "platform:eksVpcCniPrefixDelegation": true,
            "platform:eksVpcCniWarmPrefixTarget": 1,
            "platform:eksVpcCniExternalSnat": true,
            "platform:eksVpcCniNetworkPolicy": false,
        });
        assert.deepStrictEqual(configOf(run.graph, "vpc-cni"), {
            enableNetworkPolicy: "false",
            env: { ENABLE_PREFIX_DELEGATION: "true", AWS_VPC_K8S_CNI_EXTERNALSNAT: "true", WARM_PREFIX_TARGET: "1" },
        });
    });

    it("warm IP targets without prefix delegation; CoreDNS without a spread", async () => {
        const run = await runStack("dev", {
            "platform:eksVpcCniWarmEniTarget": 0,
            "platform:eksVpcCniWarmIpTarget": 5,
            "platform:eksVpcCniMinimumIpTarget": 10,
            "platform:eksCoreDnsSpread": "none",
            "platform:eksCoreDnsReplicas": 1,
        });
        const env = (configOf(run.graph, "vpc-cni") as { env: Record<string, string> }).env;
        assert.deepStrictEqual(env, {
            ENABLE_PREFIX_DELEGATION: "false",
            AWS_VPC_K8S_CNI_EXTERNALSNAT: "false",
            WARM_ENI_TARGET: "0",
            WARM_IP_TARGET: "5",
            MINIMUM_IP_TARGET: "10",
        });
        assert.deepStrictEqual(configOf(run.graph, "coredns"), { replicaCount: 1 });
    });

    it("no node groups: CoreDNS replicas on Fargate; no metrics-server, StorageClass nor EFS driver", async () => {
        const run = await runStack("dev", { ...FARGATE_ONLY });
        assert.deepStrictEqual(configOf(run.graph, "coredns"), {
            replicaCount: 2,
            topologySpreadConstraints: spread("kubernetes.io/hostname"),
            computeType: "Fargate",
        });
        const names = run.graph.byType(T.addon).map((a) => a.inputs.addonName);
        assert.ok(!names.includes("metrics-server") && !names.includes("aws-efs-csi-driver"), names.join(", "));
        assert.deepStrictEqual(run.graph.byType(T.storageClass), []);
    });

    it("the cost estimate counts the configured CoreDNS replicas on a Fargate-only cluster", async () => {
        const table = loadPriceTable("ap-northeast-1");
        const overrides = { ...FARGATE_ONLY };
        const quantity = async (replicas: number) =>
            estimateCost(await previewGraph("dev", { ...overrides, "platform:eksCoreDnsReplicas": replicas }), table)
                .lines.filter((l) => l.item.startsWith("CoreDNS pod on Fargate"))
                .map((l) => l.quantity);
        assert.deepStrictEqual(await quantity(2), [2]);
        assert.deepStrictEqual(await quantity(4), [4]);
    });

    it("switches: metrics-server and the default class off; a KMS key for the class", async () => {
        const key = "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const off = await runStack("dev", { "platform:eksMetricsServer": false, "platform:eksDefaultStorageClass": false });
        assert.ok(!off.graph.byType(T.addon).some((a) => a.inputs.addonName === "metrics-server"));
        assert.deepStrictEqual(off.graph.byType(T.storageClass), []);
        const keyed = await runStack("dev", { "platform:eksStorageKmsKeyArn": key });
        const sc = keyed.graph.one(T.storageClass);
        assert.deepStrictEqual(sc.inputs.parameters, { type: "gp3", encrypted: "true", kmsKeyId: key });
        validStorageClass(sc.inputs);
    });

    it("Fargate selectors: wildcards and Kubernetes' own namespaces are not created; others once each", async () => {
        const run = await runStack("prd", {
            "platform:eksFargateProfiles": [
                {
                    name: "batch",
                    selectors: [{ namespace: "batch" }, { namespace: "jobs-*" }, { namespace: "kube-system", labels: { a: "b" } }],
                },
                { name: "more", selectors: [{ namespace: "batch", labels: { tier: "x" } }, { namespace: "reports" }] },
            ],
            "platform:eksPodSecurityEnforce": "restricted",
        });
        const ns = run.graph.within("platform:eks:Cluster").byType(T.namespace);
        assert.deepStrictEqual(ns.map((n) => (n.inputs.metadata as { name: string }).name).sort(), ["batch", "reports"]);
        for (const n of ns) {
            assert.deepStrictEqual((n.inputs.metadata as { labels: unknown }).labels, pss("restricted", "restricted", "restricted"));
        }
    });
});

describe("EKS add-ons: bad input", () => {
    const cases: [string, "dev" | "prd", Record<string, unknown>, string[]][] = [
        [
            "an unknown Pod Security level",
            "dev",
            { "platform:eksPodSecurityEnforce": "strict" },
            ['platform:eksPodSecurityEnforce = "strict": invalid value (allowed: privileged | baseline | restricted)'],
        ],
        [
            "warn looser than enforce",
            "dev",
            { "platform:eksPodSecurityEnforce": "restricted", "platform:eksPodSecurityWarn": "baseline" },
            [
                "platform:eksPodSecurityWarn = baseline: looser than eksPodSecurityEnforce (restricted): it would never report anything enforce does not already refuse (allowed: restricted)",
            ],
        ],
        [
            "zero CoreDNS replicas",
            "dev",
            { "platform:eksCoreDnsReplicas": 0 },
            ["platform:eksCoreDnsReplicas = 0: not an allowed value (allowed: 1..10)"],
        ],
        [
            "more CoreDNS replicas than the bound",
            "dev",
            { "platform:eksCoreDnsReplicas": 11 },
            ["platform:eksCoreDnsReplicas = 11: not an allowed value (allowed: 1..10)"],
        ],
        [
            "one CoreDNS replica in prd",
            "prd",
            { "platform:eksCoreDnsReplicas": 1 },
            ["platform:eksCoreDnsReplicas = 1: not an allowed value (allowed: 2..10 (prd keeps DNS up through a node's loss))"],
        ],
        [
            "an unknown spread",
            "dev",
            { "platform:eksCoreDnsSpread": "region" },
            ['platform:eksCoreDnsSpread = "region": invalid value (allowed: zone | node | none)'],
        ],
        [
            "a warm prefix target without prefix delegation",
            "dev",
            { "platform:eksVpcCniWarmPrefixTarget": 1 },
            [
                "platform:eksVpcCniWarmPrefixTarget = 1: prefix targets apply only with prefix delegation (allowed: -1, or eksVpcCniPrefixDelegation: true)",
            ],
        ],
        [
            "a zero warm prefix target with prefix delegation",
            "dev",
            { "platform:eksVpcCniPrefixDelegation": true, "platform:eksVpcCniWarmPrefixTarget": 0 },
            [
                "platform:eksVpcCniWarmPrefixTarget = 0: with prefix delegation a zero warm prefix target is not supported (allowed: 1 or more, or -1 (the add-on's default of 1))",
            ],
        ],
        [
            "zero warm and minimum IP targets with prefix delegation",
            "dev",
            { "platform:eksVpcCniPrefixDelegation": true, "platform:eksVpcCniWarmIpTarget": 0, "platform:eksVpcCniMinimumIpTarget": 0 },
            [
                "platform:eksVpcCniWarmIpTarget = 0: with prefix delegation zero warm and minimum IP targets are not supported (allowed: 1 or more, or -1 (unset))",
            ],
        ],
        [
            "a warm prefix target an IP target overrides",
            "dev",
            { "platform:eksVpcCniPrefixDelegation": true, "platform:eksVpcCniWarmPrefixTarget": 2, "platform:eksVpcCniWarmIpTarget": 8 },
            [
                "platform:eksVpcCniWarmPrefixTarget = 2: ignored: eksVpcCniWarmIpTarget / eksVpcCniMinimumIpTarget override it (allowed: -1 when an IP target is set, or unset the IP targets)",
            ],
        ],
        [
            "a warm ENI target with prefix delegation",
            "dev",
            { "platform:eksVpcCniPrefixDelegation": true, "platform:eksVpcCniWarmEniTarget": 1 },
            [
                "platform:eksVpcCniWarmEniTarget = 1: with prefix delegation the warm pool is sized in prefixes or IPs, not whole ENIs (allowed: -1 with eksVpcCniPrefixDelegation: true (use eksVpcCniWarmPrefixTarget or eksVpcCniWarmIpTarget))",
            ],
        ],
        [
            "a negative warm IP target",
            "dev",
            { "platform:eksVpcCniWarmIpTarget": -2 },
            ["platform:eksVpcCniWarmIpTarget = -2: not an allowed value (allowed: -1 (unset) or 0..1000)"],
        ],
        [
            "policy event logs without network policy",
            "dev",
            { "platform:eksVpcCniNetworkPolicy": false },
            [
                "platform:eksVpcCniPolicyEventLogs = true: there is no node agent to log without network policy (allowed: false, or eksVpcCniNetworkPolicy: true)",
            ],
        ],
        [
            "an unknown reclaim policy",
            "prd",
            { "platform:eksStorageReclaimPolicy": "Recycle" },
            ['platform:eksStorageReclaimPolicy = "Recycle": invalid value (allowed: Delete | Retain)'],
        ],
        [
            "a KMS key that is not an ARN",
            "dev",
            { "platform:eksStorageKmsKeyArn": "alias/ebs" },
            [
                'platform:eksStorageKmsKeyArn = "alias/ebs": invalid value (allowed: empty, or arn:<partition>:kms:<region>:<account>:key/<key id>)',
            ],
        ],
        [
            "a KMS key of another region",
            "dev",
            { "platform:eksStorageKmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            [
                "platform:eksStorageKmsKeyArn = arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab: it is in us-east-1, and it must be in the stack's region ap-northeast-1 (allowed: a KMS key in the stack's region and partition)",
            ],
        ],
        [
            "the EFS driver without node groups",
            "dev",
            { ...FARGATE_ONLY, "platform:eksEfsCsiDriver": true },
            [
                "platform:eksEfsCsiDriver = true: the EFS CSI driver's node plugin runs on EC2 nodes; Fargate mounts EFS by itself (allowed: false without node groups)",
            ],
        ],
        [
            "an add-on version pinned for metrics-server in the wrong shape",
            "dev",
            { "platform:eksAddonVersions": { "metrics-server": "0.7.2" } },
            [
                "platform:eksAddonVersions = metrics-server: 0.7.2: not an add-on version (allowed: v<major>.<minor>.<patch>-eksbuild.<n>, e.g. v1.19.2-eksbuild.1)",
            ],
        ],
    ];
    for (const [what, stack, overrides, expected] of cases) {
        it(`refuses ${what}`, () => {
            assert.deepStrictEqual(configIssues(stack, overrides), expected);
        });
    }
});
