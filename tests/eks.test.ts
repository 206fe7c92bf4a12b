import * as assert from "assert";
import { RecordedResource } from "../offline/engine";
import { Graph } from "../offline/graph";
import { configIssues } from "./harness/config-issues";
import { parseJson, PolicyDocument } from "./harness/documents";
import { ProgramRun, runStack } from "../offline/run";
import { offlineAddonVersion } from "../offline/aws-model-eks";
import { offlineWorld, resetOfflineWorld } from "../offline/model-kit";
import { isConfigValidationError } from "../stacks/config";

const T = {
    cluster: "aws:eks/cluster:Cluster",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    addon: "aws:eks/addon:Addon",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    template: "aws:ec2/launchTemplate:LaunchTemplate",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    profile: "aws:eks/fargateProfile:FargateProfile",
    provider: "pulumi:providers:kubernetes",
};

const ALL_LOGS = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
const json = (r: RecordedResource, input: string) => parseJson<PolicyDocument>(r.inputs[input]);
const policiesOf = (g: Graph, role: RecordedResource) =>
    g
        .byType(T.attachment)
        .filter((a) => a.inputs.role === role.outputs.name)
        .map((a) => String(a.inputs.policyArn).replace("arn:aws:iam::aws:policy/", ""))
        .sort();

interface Expected {
    readonly stack: "dev" | "prd";
    readonly publicAccess: boolean;
    readonly cidrs?: string[];
    readonly logTypes: string[];
    readonly retention: number;
    readonly admins: string[];
    readonly deployer: string;
    readonly previewer: string;
    readonly nodeGroups: string[];
    readonly profiles: string[];
    readonly protect: boolean;
}

const STACKS: Expected[] = [
    {
        stack: "dev",
        publicAccess: true,
        cidrs: ["203.0.113.0/24"],
        logTypes: ["api", "audit", "authenticator"],
        retention: 14,
        admins: ["arn:aws:iam::123456789012:role/platform-admin"],
        deployer: "arn:aws:iam::123456789012:role/gha-platform-dev-deploy",
        previewer: "arn:aws:iam::123456789012:role/gha-platform-dev-preview",
        nodeGroups: ["general"],
        profiles: ["apps"],
        protect: false,
    },
    {
        stack: "prd",
        publicAccess: false,
        logTypes: ALL_LOGS,
        retention: 365,
        admins: ["arn:aws:iam::123456789012:role/platform-admin", "arn:aws:iam::123456789012:role/platform-breakglass"],
        deployer: "arn:aws:iam::123456789012:role/gha-platform-prd-deploy",
        previewer: "arn:aws:iam::123456789012:role/gha-platform-prd-preview",
        nodeGroups: ["system", "general"],
        profiles: ["batch"],
        protect: true,
    },
];

for (const x of STACKS) {
    describe(`EKS (${x.stack})`, () => {
        let run: ProgramRun;
        let eks: Graph;
        let cluster: RecordedResource;
        before(async () => {
            run = await runStack(x.stack);
            eks = run.graph.within("platform:eks:Cluster");
            cluster = eks.one(T.cluster);
        });

        it("control plane: version, API-only authentication, private subnets, protection", () => {
            assert.deepStrictEqual([cluster.inputs.name, cluster.inputs.version], [`platform-${x.stack}`, "1.35"]);
            assert.deepStrictEqual(cluster.inputs.accessConfig, {
                authenticationMode: "API",
                bootstrapClusterCreatorAdminPermissions: false,
            });
            assert.deepStrictEqual((cluster.inputs.vpcConfig as Record<string, unknown>).subnetIds, run.outputs.privateSubnetIds);
            assert.strictEqual(cluster.inputs.bootstrapSelfManagedAddons, false);
            assert.strictEqual(cluster.protect, x.protect);
        });

        it(`endpoint: private on, public ${x.publicAccess ? "limited to the configured CIDRs" : "off"}`, () => {
            const vpc = cluster.inputs.vpcConfig as Record<string, unknown>;
            assert.deepStrictEqual(
                [vpc.endpointPrivateAccess, vpc.endpointPublicAccess, vpc.publicAccessCidrs],
                [true, x.publicAccess, x.cidrs],
            );
        });

        it("secrets are envelope-encrypted with a customer-managed key that rotates, usable by the cluster role only on that key", () => {
            const key = eks.one(T.key);
            assert.deepStrictEqual([key.inputs.enableKeyRotation, key.inputs.deletionWindowInDays, key.protect], [true, 30, x.protect]);
            assert.deepStrictEqual(cluster.inputs.encryptionConfig, { provider: { keyArn: key.outputs.arn }, resources: ["secrets"] });
            const clusterRole = eks.one(T.role, `platform-${x.stack}-cluster`);
            assert.strictEqual(cluster.inputs.roleArn, clusterRole.outputs.arn);
            const kms = eks.one("aws:iam/rolePolicy:RolePolicy", `platform-${x.stack}-cluster-kms`);
            assert.strictEqual(kms.inputs.role, clusterRole.id);
            assert.deepStrictEqual(json(kms, "policy").Statement, [
                { Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: key.outputs.arn },
            ]);
            assert.deepStrictEqual(policiesOf(eks, clusterRole), ["AmazonEKSClusterPolicy"]);
        });

        it("control-plane logs: the configured types, into /aws/eks/<cluster>/cluster created first with retention", () => {
            assert.deepStrictEqual(cluster.inputs.enabledClusterLogTypes, x.logTypes);
            const group = eks.one(T.logGroup);
            assert.deepStrictEqual(
                [group.inputs.name, group.inputs.retentionInDays, group.retainOnDelete],
                [`/aws/eks/platform-${x.stack}/cluster`, x.retention, x.protect],
            );
            assert.ok(cluster.dependencies.includes(group.urn), "the cluster must wait for its log group");
        });

        it("cluster-admin for the admins and the deploy role, view for the preview role, through access entries, nothing through aws-auth", () => {
            const entries = eks.byType(T.accessEntry);
            const principals = [...x.admins, x.deployer, x.previewer];
            assert.deepStrictEqual(
                entries.map((e) => [e.inputs.clusterName, e.inputs.principalArn, e.inputs.type]),
                principals.map((a) => [`platform-${x.stack}`, a, "STANDARD"]),
            );
            const associations = eks.byType(T.accessPolicy);
            const policy = (name: string) => `arn:aws:eks::aws:cluster-access-policy/${name}`;
            assert.deepStrictEqual(
                associations.map((a) => [a.inputs.principalArn, a.inputs.policyArn, a.inputs.accessScope]),
                [
                    ...[...x.admins, x.deployer].map((a) => [a, policy("AmazonEKSClusterAdminPolicy"), { type: "cluster" }]),
                    [x.previewer, policy("AmazonEKSViewPolicy"), { type: "cluster" }],
                ],
            );
            // Keyed by principal, so removing one principal never moves another's entry.
            assert.deepStrictEqual(
                entries.map((e) => e.name.replace(/-[0-9a-f]{8}$/, "")),
                principals.map((a) => `platform-${x.stack}-access-${a.split("/").pop()}`),
            );
            assert.deepStrictEqual(
                run.graph.byType("kubernetes:core/v1:ConfigMap").filter((c) => (c.inputs.metadata as { name: string }).name === "aws-auth"),
                [],
            );
        });

        it("the Kubernetes provider acts as the deploy role only after its access exists and has propagated, and the runner can reach the endpoint", () => {
            const provider = eks.one(T.provider);
            const deployer = eks.byType(T.accessPolicy).find((a) => a.inputs.principalArn === x.deployer);
            const sleep = eks.one("time:index/sleep:Sleep");
            assert.ok(deployer && sleep.dependencies.includes(deployer.urn));
            assert.deepStrictEqual([sleep.inputs.createDuration, sleep.inputs.triggers], ["30s", { principalArn: x.deployer }]);
            assert.ok(provider.dependencies.includes(sleep.urn));
            for (const a of eks.byType(T.accessPolicy)) assert.ok(provider.dependencies.includes(a.urn), `${a.name} before the provider`);
            const runnerSg = run.graph.one("aws:ec2/securityGroup:SecurityGroup", `platform-${x.stack}-runner`);
            const ingress = eks.byType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
            assert.deepStrictEqual(
                ingress.map((r) => [
                    r.inputs.securityGroupId,
                    r.inputs.ipProtocol,
                    r.inputs.fromPort,
                    r.inputs.toPort,
                    r.inputs.referencedSecurityGroupId,
                    r.inputs.cidrIpv4,
                ]),
                [
                    [
                        (cluster.outputs.vpcConfig as { clusterSecurityGroupId: string }).clusterSecurityGroupId,
                        "tcp",
                        443,
                        443,
                        runnerSg.outputs.id ?? runnerSg.id,
                        undefined,
                    ],
                ],
            );
            assert.ok(provider.dependencies.includes(ingress[0].urn));
            assert.strictEqual(
                run.outputs.eksClusterSecurityGroupId,
                (cluster.outputs.vpcConfig as { clusterSecurityGroupId: string }).clusterSecurityGroupId,
            );
        });

        it("the support policy is explicit: STANDARD", () => {
            assert.deepStrictEqual(cluster.inputs.upgradePolicy, { supportType: "STANDARD" });
        });

        it("IRSA: an OIDC provider for the cluster's issuer, for STS", () => {
            const oidc = eks.one(T.oidc);
            const issuer = (cluster.outputs.identities as { oidcs: { issuer: string }[] }[])[0].oidcs[0].issuer;
            assert.deepStrictEqual([oidc.inputs.url, oidc.inputs.clientIdLists], [issuer, ["sts.amazonaws.com"]]);
            assert.strictEqual(run.outputs.eksOidcProviderArn, oidc.outputs.arn);
        });

        it("managed add-ons; the VPC CNI and EBS CSI driver on their own IRSA roles, not on the node role", () => {
            const addons = Object.fromEntries(eks.byType(T.addon).map((a) => [String(a.inputs.addonName), a]));
            assert.deepStrictEqual(Object.keys(addons).sort(), [
                "aws-ebs-csi-driver",
                ...(x.stack === "dev" ? ["aws-efs-csi-driver"] : []),
                "coredns",
                "eks-pod-identity-agent",
                "kube-proxy",
                "metrics-server",
                "vpc-cni",
            ]);
            const issuerHost = String(eks.one(T.oidc).inputs.url).replace("https://", "");
            for (const [addon, roleName, sa, policy] of [
                ["vpc-cni", `platform-${x.stack}-vpc-cni`, "aws-node", "AmazonEKS_CNI_Policy"],
                ["aws-ebs-csi-driver", `platform-${x.stack}-ebs-csi`, "ebs-csi-controller-sa", "service-role/AmazonEBSCSIDriverPolicy"],
            ]) {
                const role = eks.one(T.role, roleName);
                assert.strictEqual(addons[addon].inputs.serviceAccountRoleArn, role.outputs.arn);
                assert.deepStrictEqual(json(role, "assumeRolePolicy").Statement, [
                    {
                        Effect: "Allow",
                        Principal: { Federated: eks.one(T.oidc).outputs.arn },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: {
                                [`${issuerHost}:sub`]: `system:serviceaccount:kube-system:${sa}`,
                                [`${issuerHost}:aud`]: "sts.amazonaws.com",
                            },
                        },
                    },
                ]);
                assert.deepStrictEqual(policiesOf(eks, role), [policy]);
            }
            // Unpinned add-ons get EKS's default for the cluster version, so they move with an upgrade.
            for (const [name, a] of Object.entries(addons))
                assert.strictEqual(a.inputs.addonVersion, offlineAddonVersion(name, "1.35", false), name);
        });

        it("node role: worker-node, ECR read and Session Manager (default host management) policies only", () => {
            const role = eks.one(T.role, `platform-${x.stack}-nodes`);
            assert.deepStrictEqual(json(role, "assumeRolePolicy").Statement[0].Principal, { Service: "ec2.amazonaws.com" });
            assert.deepStrictEqual(policiesOf(eks, role), [
                "AmazonEC2ContainerRegistryReadOnly",
                "AmazonEKSWorkerNodePolicy",
                "AmazonSSMManagedEC2InstanceDefaultPolicy",
            ]);
        });

        it("node groups: named by prefix, on the cluster's version, private subnets, IMDSv2 launch templates with encrypted gp3", () => {
            const groups = eks.byType(T.nodeGroup);
            assert.deepStrictEqual(
                groups.map((g) => [g.inputs.nodeGroupName, g.inputs.nodeGroupNamePrefix]).sort(),
                x.nodeGroups.map((n) => [undefined, `${n}-`]).sort(),
            );
            for (const g of groups) {
                assert.strictEqual(g.inputs.version, cluster.outputs.version);
                assert.strictEqual(g.inputs.version, "1.35");
                assert.deepStrictEqual(g.ignoreChanges, []);
                assert.match(String(g.outputs.nodeGroupName), /^[a-z0-9-]+-[0-9a-f]{26}$/);
                assert.ok(String(g.outputs.nodeGroupName).length <= 63);
            }
            for (const g of groups) {
                const template = eks.byType(T.template).find((t) => t.id === (g.inputs.launchTemplate as { id: string }).id);
                assert.ok(template, `${g.name} has no launch template`);
                assert.deepStrictEqual(g.inputs.subnetIds, run.outputs.privateSubnetIds);
                assert.deepStrictEqual(template.inputs.metadataOptions, {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: 1,
                });
                const ebs = (template.inputs.blockDeviceMappings as { deviceName: string; ebs: Record<string, unknown> }[])[0];
                assert.deepStrictEqual([ebs.deviceName, ebs.ebs.volumeType, ebs.ebs.encrypted], ["/dev/xvda", "gp3", "true"]);
                assert.strictEqual((g.inputs.tags as Record<string, string>)["k8s.io/cluster-autoscaler/enabled"], "true");
                assert.strictEqual((g.inputs.tags as Record<string, string>)[`k8s.io/cluster-autoscaler/platform-${x.stack}`], "owned");
                assert.strictEqual(g.inputs.amiType, "AL2023_x86_64_STANDARD");
            }
        });

        it("Fargate profiles: private subnets, their selectors, a pod execution role with the source-ARN condition", () => {
            const profiles = eks.byType(T.profile);
            // Auto-named: a replacement gets a new name and is created before the old profile goes.
            assert.deepStrictEqual(
                profiles.map((p) => [p.name, p.inputs.fargateProfileName]),
                x.profiles.map((n) => [`platform-${x.stack}-${n}`, undefined]),
            );
            const role = eks.one(T.role, `platform-${x.stack}-fargate-pods`);
            for (const p of profiles) {
                assert.deepStrictEqual(
                    [p.inputs.subnetIds, p.inputs.podExecutionRoleArn],
                    [run.outputs.privateSubnetIds, role.outputs.arn],
                );
            }
            assert.deepStrictEqual(json(role, "assumeRolePolicy").Statement, [
                {
                    Effect: "Allow",
                    Principal: { Service: "eks-fargate-pods.amazonaws.com" },
                    Action: ["sts:AssumeRole"],
                    Condition: {
                        ArnLike: { "aws:SourceArn": `arn:aws:eks:ap-northeast-1:123456789012:fargateprofile/platform-${x.stack}/*` },
                    },
                },
            ]);
            assert.deepStrictEqual(policiesOf(eks, role), ["AmazonEKSFargatePodExecutionRolePolicy"]);
            assert.strictEqual(run.outputs.fargatePodExecutionRoleArn, role.outputs.arn);
        });

        it("a Kubernetes provider from the cluster's kubeconfig; kubeconfig is a secret output using aws eks get-token", () => {
            const provider = eks.one(T.provider);
            assert.ok(run.secretOutputs.includes("kubeconfig"));
            const config = parseJson<{ clusters: { cluster: { server: string } }[]; users: { user: { exec: { args: string[] } } }[] }>(
                run.outputs.kubeconfig,
            );
            assert.strictEqual(config.clusters[0].cluster.server, cluster.outputs.endpoint);
            assert.deepStrictEqual(config.users[0].user.exec.args, [
                "eks",
                "get-token",
                "--cluster-name",
                `platform-${x.stack}`,
                "--region",
                "ap-northeast-1",
                "--output",
                "json",
            ]);
            assert.strictEqual(provider.inputs.enableServerSideApply, "true");
            // The observability objects are created through this provider.
            const namespaces = run.graph.byType("kubernetes:core/v1:Namespace");
            assert.ok(namespaces.length > 0);
            for (const ns of namespaces) assert.ok(String(ns.provider).startsWith(`${provider.urn}::`), String(ns.provider));
        });
    });
}

describe("EKS: what config changes", () => {
    it("no node groups: a CoreDNS Fargate profile, CoreDNS told to run on Fargate, no EBS CSI driver nor Container Insights add-on", async () => {
        // The EFS CSI driver, pod identities, the secrets store driver and Karpenter need nodes: dev turns them on, so they go with them.
        const run = await runStack("dev", {
            "platform:eksNodeGroups": [],
            "platform:eksEfsCsiDriver": false,
            "platform:eksPodIdentities": [],
            "platform:eksAscpCsiDriver": false,
            "platform:eksNodeAutoscaler": "none",
        });
        const eks = run.graph.within("platform:eks:Cluster");
        const coredns = eks.byType(T.profile).find((p) => p.name === "platform-dev-coredns");
        assert.ok(coredns);
        assert.deepStrictEqual(coredns.inputs.selectors, [{ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }]);
        const addon = eks.byType(T.addon).find((a) => a.inputs.addonName === "coredns");
        assert.strictEqual((JSON.parse(String(addon?.inputs.configurationValues)) as { computeType?: string }).computeType, "Fargate");
        assert.ok(addon?.dependencies.includes(coredns.urn));
        assert.deepStrictEqual(
            run.graph
                .byType(T.addon)
                .filter((a) => ["amazon-cloudwatch-observability", "aws-ebs-csi-driver"].includes(String(a.inputs.addonName))),
            [],
        );
    });

    it("profiles are chained: each waits for the one before (EKS refuses concurrent profile changes)", async () => {
        const run = await runStack("prd", {
            "platform:eksFargateProfiles": [
                { name: "a", selectors: [{ namespace: "a" }] },
                { name: "b", selectors: [{ namespace: "b" }] },
                { name: "c", selectors: [{ namespace: "c", labels: { tier: "batch" } }] },
            ],
        });
        const profiles = run.graph.byType(T.profile);
        // The Fargate pod metrics collector's own profile comes last, after the cluster's.
        assert.deepStrictEqual(
            profiles.map((p) => p.name),
            ["platform-prd-a", "platform-prd-b", "platform-prd-c", "platform-prd-fargate-metrics"],
        );
        assert.ok(profiles[1].dependencies.includes(profiles[0].urn));
        assert.ok(profiles[2].dependencies.includes(profiles[1].urn));
        assert.ok(profiles[3].dependencies.includes(profiles[2].urn));
    });

    it("taints, labels, Spot and a custom hop limit reach the node group and its template", async () => {
        const run = await runStack("dev", {
            "platform:eksNodeGroups": [
                {
                    name: "gpu",
                    instanceTypes: ["g5.xlarge"],
                    capacityType: "SPOT",
                    minSize: 0,
                    desiredSize: 0,
                    maxSize: 2,
                    metadataHopLimit: 2,
                    labels: { "nvidia.com/gpu": "true" },
                    taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
                },
            ],
        });
        const group = run.graph.one(T.nodeGroup);
        assert.deepStrictEqual(
            [group.inputs.capacityType, group.inputs.instanceTypes, group.inputs.scalingConfig],
            ["SPOT", ["g5.xlarge"], { minSize: 0, desiredSize: 0, maxSize: 2 }],
        );
        assert.deepStrictEqual(group.inputs.taints, [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
        assert.deepStrictEqual(group.inputs.labels, { "nvidia.com/gpu": "true" });
        assert.strictEqual(
            (run.graph.one(T.template).inputs.metadataOptions as { httpPutResponseHopLimit: number }).httpPutResponseHopLimit,
            2,
        );
    });

    it("node groups keep the size they run at, moved into the configured bounds (a raised minSize never lands below it)", async () => {
        const suffix = "0123456789abcdef0123456789";
        offlineWorld.nodeGroups = {
            "platform-prd": { [`system-${suffix}`]: 5, [`general-${suffix}`]: 2, [`general2-${suffix}`]: 9, "other-group": 7 },
        };
        try {
            const run = await runStack("prd", {}, { fresh: true });
            const sizes = Object.fromEntries(
                run.graph.byType(T.nodeGroup).map((g): [string, unknown] => [String(g.inputs.nodeGroupNamePrefix), g.inputs.scalingConfig]),
            );
            // system runs 5 (within 3..6): kept. general runs 2, below its minimum 3: raised to 3, which EKS accepts.
            assert.deepStrictEqual(sizes, {
                "system-": { minSize: 3, desiredSize: 5, maxSize: 6 },
                "general-": { minSize: 3, desiredSize: 3, maxSize: 12 },
            });
            assert.deepStrictEqual(
                run.engine.invokes
                    .filter((i) => i.token === "aws:eks/getNodeGroup:getNodeGroup")
                    .map((i) => i.args.nodeGroupName)
                    .sort(),
                [`general-${suffix}`, `system-${suffix}`],
            );
        } finally {
            resetOfflineWorld();
            await runStack("prd", {}, { fresh: true });
        }
    });

    it("a Kubernetes upgrade moves every unpinned add-on to the new version's default; node groups follow the cluster", async () => {
        const run = await runStack("prd", { "platform:kubernetesVersion": "1.36" });
        for (const a of run.graph.byType(T.addon))
            assert.strictEqual(
                a.inputs.addonVersion,
                offlineAddonVersion(String(a.inputs.addonName), "1.36", false),
                String(a.inputs.addonName),
            );
        for (const g of run.graph.byType(T.nodeGroup)) assert.strictEqual(g.inputs.version, "1.36");
        assert.deepStrictEqual(
            run.engine.invokes
                .filter((i) => i.token === "aws:eks/getAddonVersion:getAddonVersion")
                .map((i) => [i.args.addonName, i.args.kubernetesVersion, i.args.mostRecent])
                .sort(),
            [
                "amazon-cloudwatch-observability",
                "aws-ebs-csi-driver",
                "aws-secrets-store-csi-driver-provider",
                "coredns",
                "eks-pod-identity-agent",
                "kube-proxy",
                "metrics-server",
                "vpc-cni",
            ].map((n) => [n, "1.36", false]),
        );
    });

    it("a pinned add-on newer than any EKS offers for the cluster version is refused, naming the key", async () => {
        await assert.rejects(runStack("dev", { "platform:eksAddonVersions": { coredns: "v9.0.0-eksbuild.1" } }), (e: unknown) => {
            assert.ok(isConfigValidationError(e));
            assert.deepStrictEqual(
                e.issues.map((i) => [i.key, i.value, i.problem]),
                [
                    [
                        "platform:eksAddonVersions",
                        "coredns: v9.0.0-eksbuild.1",
                        `EKS offers coredns up to ${offlineAddonVersion("coredns", "1.35", true)} for Kubernetes 1.35`,
                    ],
                ],
            );
            return true;
        });
    });

    it("the Container Insights add-on waits for the nodes its DaemonSets run on", async () => {
        const run = await runStack("prd");
        const addon = run.graph.byType(T.addon).find((a) => a.inputs.addonName === "amazon-cloudwatch-observability");
        for (const g of run.graph.byType(T.nodeGroup)) assert.ok(addon?.dependencies.includes(g.urn), g.name);
    });

    it("a deploy role also listed as admin gets one entry; no preview role, no view entry; extra API sources reach the cluster SG", async () => {
        const admin = "arn:aws:iam::123456789012:role/platform-admin";
        const run = await runStack("dev", {
            "platform:eksDeployRoleArn": admin,
            "platform:eksPreviewRoleArn": "",
            "platform:eksAccess": [],
            "platform:eksApiAccessSecurityGroupIds": ["sg-0123456789abcdef0"],
            "platform:eksApiAccessCidrs": ["10.99.0.0/16"],
        });
        assert.deepStrictEqual(
            run.graph
                .byType(T.accessEntry)
                .filter((e) => e.inputs.type === "STANDARD")
                .map((e) => e.inputs.principalArn),
            [admin],
        );
        const ingress = run.graph.within("platform:eks:Cluster").byType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        const runnerSg = run.graph.one("aws:ec2/securityGroup:SecurityGroup", "platform-dev-runner").id;
        assert.deepStrictEqual(
            ingress.map((r) => [r.inputs.fromPort, r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4]).sort(),
            [
                [443, "10.99.0.0/16"],
                [443, "sg-0123456789abcdef0"],
                [443, runnerSg],
            ].sort(),
        );
        const provider = run.graph.one(T.provider);
        for (const r of ingress) assert.ok(provider.dependencies.includes(r.urn));
    });

    it("add-on versions from config are pinned", async () => {
        const run = await runStack("dev", { "platform:eksAddonVersions": { "vpc-cni": "v1.19.2-eksbuild.1" } });
        const cni = run.graph.byType(T.addon).find((a) => a.inputs.addonName === "vpc-cni");
        assert.strictEqual(cni?.inputs.addonVersion, "v1.19.2-eksbuild.1");
    });

    it("eksEnabled false: no EKS resource and no Fargate log routing", async () => {
        const run = await runStack("dev", { "platform:eksEnabled": false });
        assert.deepStrictEqual(
            run.graph.resources.filter((r) => r.type.startsWith("aws:eks/") || r.type.startsWith("kubernetes:")).map((r) => r.type),
            [],
        );
    });
});

describe("EKS config: bad values fail before any resource, naming the key", () => {
    const issuesOf = configIssues;
    const ng = { name: "n", instanceTypes: ["m7i.large"], minSize: 1, desiredSize: 2, maxSize: 3 };
    const cases: [string, string, Record<string, unknown>, RegExp][] = [
        [
            "a public endpoint open to 0.0.0.0/0 in prd",
            "prd",
            { "platform:eksPublicAccessCidrs": ["0.0.0.0/0"] },
            /^platform:eksPublicAccessCidrs = 0\.0\.0\.0\/0: prd never exposes the Kubernetes API to the whole internet/,
        ],
        [
            "min > desired",
            "dev",
            { "platform:eksNodeGroups": [{ ...ng, minSize: 3, desiredSize: 2, maxSize: 4 }] },
            /^platform:eksNodeGroups\[0\]\.desiredSize = .*sizes out of order \(allowed: 0 <= minSize <= desiredSize <= maxSize/,
        ],
        [
            "desired > max",
            "dev",
            { "platform:eksNodeGroups": [{ ...ng, desiredSize: 5 }] },
            /^platform:eksNodeGroups\[0\]\.desiredSize = .*sizes out of order/,
        ],
        [
            "an unknown capacity type",
            "dev",
            { "platform:eksNodeGroups": [{ ...ng, capacityType: "RESERVED" }] },
            /^platform:eksNodeGroups\[0\]\.capacityType = "RESERVED": unknown capacity type \(allowed: ON_DEMAND \| SPOT\)$/,
        ],
        [
            "a Fargate profile without a namespace",
            "dev",
            { "platform:eksFargateProfiles": [{ name: "p", selectors: [{ labels: { a: "b" } }] }] },
            /^platform:eksFargateProfiles\[0\]\.selectors\[0\]\.namespace = \(unset\): a selector needs a namespace/,
        ],
        [
            "more than 5 selectors",
            "dev",
            {
                "platform:eksFargateProfiles": [
                    { name: "p", selectors: ["a", "b", "c", "d", "e", "f"].map((namespace) => ({ namespace })) },
                ],
            },
            /^platform:eksFargateProfiles\[0\]\.selectors = "6 selectors": 6 selectors, over the 5 AWS allows \(Selectors per Fargate profile\) \(allowed: at most 5 \(Selectors per Fargate profile/,
        ],
        [
            "a taint effect Kubernetes does not accept",
            "dev",
            { "platform:eksNodeGroups": [{ ...ng, taints: [{ key: "k", value: "v", effect: "NoRun" }] }] },
            /^platform:eksNodeGroups\[0\]\.taints\[0\]\.effect = "NoRun": not a taint effect Kubernetes accepts \(allowed: NoSchedule \| NoExecute \| PreferNoSchedule\)$/,
        ],
        ["a missing audit log", "dev", { "platform:eksLogTypes": ["api"] }, /^platform:eksLogTypes = .*the audit log is always on/],
        [
            "fewer than all five logs in prd",
            "prd",
            { "platform:eksLogTypes": ["api", "audit"] },
            /^platform:eksLogTypes = .*prd keeps every control-plane log/,
        ],
        [
            "an unknown log type",
            "dev",
            { "platform:eksLogTypes": ["audit", "kubelet"] },
            /^platform:eksLogTypes = kubelet: unknown control-plane log type/,
        ],
        [
            "an admin that is not an IAM ARN",
            "dev",
            { "platform:eksAdminPrincipals": ["alice"] },
            /^platform:eksAdminPrincipals = alice: not an IAM role or user ARN/,
        ],
        [
            "a malformed public CIDR",
            "dev",
            { "platform:eksPublicAccessCidrs": ["203.0.113.0"] },
            /^platform:eksPublicAccessCidrs = 203\.0\.113\.0: not in a\.b\.c\.d\/n form/,
        ],
        [
            "image GC low above high",
            "dev",
            { "platform:eksImageGcLowPercent": 90 },
            /^platform:eksImageGcLowPercent = 90: the low threshold must be below the high one/,
        ],
        [
            "an unknown add-on version key",
            "dev",
            { "platform:eksAddonVersions": { "istio": "v1.0.0-eksbuild.1" } },
            /^platform:eksAddonVersions = istio: not a managed add-on/,
        ],
        [
            "a cluster with nowhere to run pods",
            "dev",
            {
                "platform:eksNodeGroups": [],
                "platform:eksFargateProfiles": [],
                "platform:eksPodIdentities": [],
                "platform:eksAscpCsiDriver": false,
            },
            /^platform:eksNodeGroups = \[\]: a cluster needs somewhere to run pods/,
        ],
        [
            "an unsupported AMI type",
            "dev",
            { "platform:eksNodeGroups": [{ ...ng, amiType: "AL2_x86_64" }] },
            /^platform:eksNodeGroups\[0\]\.amiType = "AL2_x86_64": unsupported AMI type/,
        ],
    ];
    for (const [what, stack, overrides, expected] of cases) {
        it(`rejects ${what}`, () => {
            const issues = issuesOf(stack, overrides);
            assert.strictEqual(issues.length, 1, issues.join("\n"));
            assert.match(issues[0], expected);
        });
    }

    it("dev may open the public endpoint to a specific range", () => {
        assert.deepStrictEqual(issuesOf("dev", { "platform:eksPublicAccessCidrs": ["198.51.100.0/24"] }), []);
    });
});
