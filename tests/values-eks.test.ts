// The EKS cluster's AWS resources as handed to AWS (prd), every input (tags apart, and the nodes'
// user data, which tests/eks.test.ts reads), references resolved to the resources they name. An
// emptied array or object, a dropped field or a changed constant in components/eks/ changes one of
// these; tests/eks.test.ts asserts what each promise needs, this file that nothing else changed.

import * as assert from "assert";
import { RecordedResource } from "../offline/engine";
import { Graph } from "../offline/graph";
import { ProgramRun, runStack } from "../offline/run";

const T = {
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    cluster: "aws:eks/cluster:Cluster",
    oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    association: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    fargateProfile: "aws:eks/fargateProfile:FargateProfile",
    sleep: "time:index/sleep:Sleep",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
};

function inputsOf(resource: RecordedResource): Record<string, unknown> {
    const { tags: _tags, ...rest } = resource.inputs;
    return rest;
}

const TAGS = { "cost-center": "cc-1001", environment: "prd", owner: "platform-team" };
const ADMIN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
const VIEW = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";

describe("EKS as handed to AWS (prd)", () => {
    let run: ProgramRun;
    let eks: Graph;
    let subnets: unknown;
    const arn = (type: string, name: string) => eks.one(type, name).outputs.arn;
    before(async () => {
        run = await runStack("prd");
        eks = run.graph.within("platform:eks:Cluster");
        subnets = run.outputs.privateSubnetIds;
    });

    it("the control plane: its log group, secrets key (rotated, 30-day window) and alias", () => {
        assert.deepStrictEqual(inputsOf(eks.one(T.logGroup)), { name: "/aws/eks/platform-prd/cluster", retentionInDays: 365 });
        const key = eks.one(T.key);
        assert.deepStrictEqual(inputsOf(key), {
            deletionWindowInDays: 30,
            description: "Envelope encryption of Kubernetes secrets in platform-prd",
            enableKeyRotation: true,
        });
        assert.deepStrictEqual(inputsOf(eks.one(T.alias)), { name: "alias/platform-prd-secrets", targetKeyId: key.id });
        assert.deepStrictEqual(JSON.parse(eks.one(T.rolePolicy, "platform-prd-cluster-kms").inputs.policy as string), {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                    Resource: key.outputs.arn,
                },
            ],
        });
    });

    it("the cluster: API authentication only, no bootstrap admin or add-ons, every log type, secrets encrypted, private endpoint", () => {
        assert.deepStrictEqual(inputsOf(eks.one(T.cluster)), {
            name: "platform-prd",
            version: "1.35",
            roleArn: arn(T.role, "platform-prd-cluster"),
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            bootstrapSelfManagedAddons: false,
            enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
            encryptionConfig: { provider: { keyArn: eks.one(T.key).outputs.arn }, resources: ["secrets"] },
            upgradePolicy: { supportType: "STANDARD" },
            vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false, subnetIds: subnets },
        });
        const cluster = eks.one(T.cluster);
        const [identity] = cluster.outputs.identities as { oidcs: { issuer: string }[] }[];
        const issuer = identity?.oidcs[0]?.issuer;
        assert.ok(issuer);
        assert.deepStrictEqual(inputsOf(eks.one(T.oidc)), { clientIdLists: ["sts.amazonaws.com"], url: issuer });
    });

    it("managed policies attached to each role", () => {
        const attached = eks
            .byType(T.attachment)
            .map((a) => `${a.name} ${String(a.inputs.policyArn)}`)
            .sort();
        assert.deepStrictEqual(attached, [
            "platform-prd-cluster arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
            "platform-prd-ebs-csi arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
            "platform-prd-fargate-pods arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy",
            "platform-prd-nodes-AmazonEC2ContainerRegistryReadOnly arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            "platform-prd-nodes-AmazonEKSWorkerNodePolicy arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "platform-prd-nodes-AmazonSSMManagedEC2InstanceDefaultPolicy arn:aws:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy",
            "platform-prd-vpc-cni arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
        ]);
        for (const attachment of eks.byType(T.attachment)) {
            const role = eks.byType(T.role).find((r) => attachment.name.startsWith(r.name) && r.id === attachment.inputs.role);
            assert.ok(role, `${attachment.name}: attached to its own role`);
        }
    });

    it("launch templates: IMDSv2 only with one hop, encrypted gp3 root deleted with the node, instances and volumes tagged", () => {
        for (const [group, size] of [
            ["system", 50],
            ["general", 100],
        ] as const) {
            const name = `platform-prd-${group}`;
            const { userData, ...rest } = inputsOf(eks.one(T.launchTemplate, name));
            assert.ok(typeof userData === "string" && userData.length > 0, "user data (tests/eks.test.ts)");
            assert.deepStrictEqual(rest, {
                name,
                description: `Nodes of ${name}: IMDSv2 only, encrypted gp3 root, kubelet settings`,
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: { deleteOnTermination: "true", encrypted: "true", volumeSize: size, volumeType: "gp3" },
                    },
                ],
                metadataOptions: { httpEndpoint: "enabled", httpPutResponseHopLimit: 1, httpTokens: "required" },
                tagSpecifications: [
                    { resourceType: "instance", tags: { Name: name, ...TAGS } },
                    { resourceType: "volume", tags: { Name: name, ...TAGS } },
                ],
            });
        }
    });

    it("node user data: nodeadm's NodeConfig with the kubelet settings, then logind held for the shutdown grace period", () => {
        const expected = [
            "MIME-Version: 1.0",
            'Content-Type: multipart/mixed; boundary="//platform-nodeadm"',
            "",
            "--//platform-nodeadm",
            "Content-Type: application/node.eks.aws",
            "",
            "apiVersion: node.eks.aws/v1alpha1",
            "kind: NodeConfig",
            "spec:",
            "  kubelet:",
            "    config:",
            "      imageGCHighThresholdPercent: 70",
            "      imageGCLowThresholdPercent: 50",
            "      shutdownGracePeriod: 360s",
            "      shutdownGracePeriodCriticalPods: 120s",
            "",
            "--//platform-nodeadm",
            'Content-Type: text/x-shellscript; charset="us-ascii"',
            "",
            "#!/bin/bash",
            "set -euo pipefail",
            "mkdir -p /etc/systemd/logind.conf.d",
            "cat > /etc/systemd/logind.conf.d/50-kubelet-graceful-shutdown.conf <<'EOF'",
            "[Login]",
            "InhibitDelayMaxSec=360",
            "EOF",
            "systemctl restart systemd-logind",
            "",
            "--//platform-nodeadm--",
            "",
        ].join("\n");
        for (const template of eks.byType(T.launchTemplate)) {
            assert.strictEqual(Buffer.from(String(template.inputs.userData), "base64").toString("utf-8"), expected, template.name);
        }
    });

    it("the Kubernetes provider's kubeconfig: the private endpoint and CA, tokens from `aws eks get-token`, nothing stored", () => {
        const provider = run.graph.one("pulumi:providers:kubernetes");
        const cluster = eks.one(T.cluster);
        assert.strictEqual(provider.inputs.enableServerSideApply, "true");
        const secret = provider.inputs.kubeconfig as { value: string };
        assert.deepStrictEqual(JSON.parse(secret.value), {
            apiVersion: "v1",
            kind: "Config",
            clusters: [
                {
                    name: "platform-prd",
                    cluster: {
                        server: cluster.outputs.endpoint,
                        "certificate-authority-data": (cluster.outputs.certificateAuthority as { data: string }).data,
                    },
                },
            ],
            contexts: [{ name: "platform-prd", context: { cluster: "platform-prd", user: "platform-prd" } }],
            "current-context": "platform-prd",
            users: [
                {
                    name: "platform-prd",
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "aws",
                            args: ["eks", "get-token", "--cluster-name", "platform-prd", "--region", "ap-northeast-1", "--output", "json"],
                        },
                    },
                },
            ],
        });
    });

    it("node groups: named by prefix, on their launch template, sized, with labels and taints", () => {
        const common = {
            amiType: "AL2023_x86_64_STANDARD",
            capacityType: "ON_DEMAND",
            clusterName: "platform-prd",
            nodeRoleArn: arn(T.role, "platform-prd-nodes"),
            subnetIds: subnets,
            version: "1.35",
        };
        const template = (name: string) => ({ id: eks.one(T.launchTemplate, name).id, version: "1" });
        assert.deepStrictEqual(inputsOf(eks.one(T.nodeGroup, "platform-prd-general")), {
            ...common,
            nodeGroupNamePrefix: "general-",
            instanceTypes: ["m7i.xlarge", "m6i.xlarge"],
            labels: { workload: "general" },
            launchTemplate: template("platform-prd-general"),
            scalingConfig: { desiredSize: 3, maxSize: 12, minSize: 3 },
            taints: [],
            updateConfig: { maxUnavailable: 2 },
        });
        assert.deepStrictEqual(inputsOf(eks.one(T.nodeGroup, "platform-prd-system")), {
            ...common,
            nodeGroupNamePrefix: "system-",
            instanceTypes: ["m7i.large"],
            labels: { workload: "system" },
            launchTemplate: template("platform-prd-system"),
            scalingConfig: { desiredSize: 3, maxSize: 6, minSize: 3 },
            taints: [{ effect: "PREFER_NO_SCHEDULE", key: "CriticalAddonsOnly", value: "true" }],
            updateConfig: { maxUnavailable: 1 },
        });
    });

    it("add-ons: pinned versions, conflicts overwritten, IRSA roles for the VPC CNI and the EBS CSI driver", () => {
        const addon = (name: string, version: string, role?: string, configurationValues?: unknown) => ({
            addonName: name,
            addonVersion: version,
            clusterName: "platform-prd",
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
            ...(role ? { serviceAccountRoleArn: arn(T.role, role) } : {}),
            ...(configurationValues ? { configurationValues: JSON.stringify(configurationValues) } : {}),
        });
        const byName = Object.fromEntries(eks.byType(T.addon).map((a) => [String(a.inputs.addonName), inputsOf(a)]));
        // The exact JSON each add-on receives (its keys as the add-on's configuration schema names them).
        assert.deepStrictEqual(byName, {
            "vpc-cni": addon("vpc-cni", "v2.35.0-eksbuild.1", "platform-prd-vpc-cni", {
                enableNetworkPolicy: "true",
                nodeAgent: { enablePolicyEventLogs: "false" },
                env: { ENABLE_PREFIX_DELEGATION: "false", AWS_VPC_K8S_CNI_EXTERNALSNAT: "false" },
            }),
            coredns: addon("coredns", "v2.35.0-eksbuild.1", undefined, {
                replicaCount: 3,
                topologySpreadConstraints: [
                    {
                        maxSkew: 1,
                        topologyKey: "topology.kubernetes.io/zone",
                        whenUnsatisfiable: "ScheduleAnyway",
                        labelSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                    },
                ],
            }),
            "metrics-server": addon("metrics-server", "v3.35.0-eksbuild.1"),
            "kube-proxy": addon("kube-proxy", "v2.35.0-eksbuild.1"),
            "aws-ebs-csi-driver": addon("aws-ebs-csi-driver", "v1.35.0-eksbuild.1", "platform-prd-ebs-csi"),
            "eks-pod-identity-agent": addon("eks-pod-identity-agent", "v2.35.0-eksbuild.1"),
        });
    });

    it("access: a STANDARD entry per principal, cluster-wide admin for the admins and the deployer, view for previews", () => {
        const entries = eks
            .byType(T.accessEntry)
            .map((e) => inputsOf(e))
            .sort((a, b) => String(a.principalArn).localeCompare(String(b.principalArn)));
        const principals = ["gha-platform-prd-deploy", "gha-platform-prd-preview", "platform-admin", "platform-breakglass"].map(
            (role) => `arn:aws:iam::123456789012:role/${role}`,
        );
        assert.deepStrictEqual(
            entries,
            principals.map((principalArn) => ({ clusterName: "platform-prd", principalArn, type: "STANDARD" })),
        );
        const associations = eks
            .byType(T.association)
            .map((a) => inputsOf(a))
            .sort((a, b) => String(a.principalArn).localeCompare(String(b.principalArn)));
        assert.deepStrictEqual(
            associations,
            principals.map((principalArn) => ({
                accessScope: { type: "cluster" },
                clusterName: "platform-prd",
                policyArn: principalArn.endsWith("preview") ? VIEW : ADMIN,
                principalArn,
            })),
        );
        assert.deepStrictEqual(inputsOf(eks.one(T.sleep)), {
            createDuration: "30s",
            triggers: { principalArn: "arn:aws:iam::123456789012:role/gha-platform-prd-deploy" },
        });
    });

    it("the Fargate profile and the API's way in from the deployer's security group", () => {
        assert.deepStrictEqual(inputsOf(eks.one(T.fargateProfile)), {
            clusterName: "platform-prd",
            podExecutionRoleArn: arn(T.role, "platform-prd-fargate-pods"),
            selectors: [{ labels: { compute: "fargate" }, namespace: "batch" }],
            subnetIds: subnets,
        });
        const { securityGroupId, referencedSecurityGroupId, ...rule } = inputsOf(eks.one(T.ingress));
        assert.deepStrictEqual(rule, {
            description: "Kubernetes API (private endpoint) from the deployer / operators",
            fromPort: 443,
            ipProtocol: "tcp",
            toPort: 443,
        });
        assert.strictEqual(
            securityGroupId,
            (eks.one(T.cluster).outputs.vpcConfig as { clusterSecurityGroupId: string }).clusterSecurityGroupId,
        );
        assert.ok(typeof referencedSecurityGroupId === "string" && referencedSecurityGroupId.startsWith("sg-"));
    });
});
