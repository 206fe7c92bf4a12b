// EKS from @pulumi/aws primitives rather than the remote eks.Cluster: every invariant the platform
// promises (API-only authentication, endpoint exposure, envelope encryption, the pre-created log
// group, per-add-on roles, IMDSv2 launch templates, the Fargate profile chain) is then a resource
// the tests and policies can read, and the kubeconfig is a few lines we own (./kubeconfig.ts).

import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as time from "@pulumiverse/time";
import { createHash } from "crypto";
import { names } from "../../lib/names";
import {
    coreDnsConfiguration,
    EFS_CSI_ADDON,
    EFS_CSI_POLICY,
    EFS_CSI_SERVICE_ACCOUNT,
    EksAddonSettings,
    fargateNamespacesToCreate,
    METRICS_SERVER_ADDON,
    podSecurityLabels,
    vpcCniConfiguration,
} from "./addons";
import { ControlPlaneLogType, FargateProfileSettings, KubeletSettings, NodeGroupSettings } from "./args";
import { irsaTrust, podIdentityTrust, serviceTrust } from "./iam";
import { kubeconfig } from "./kubeconfig";
import { gp3StorageClass } from "./storage";
import { nodeSessionManagerPolicy } from "./node-policies";
import { nodeUserData } from "./user-data";
import { tagger } from "../../lib/tags";

export interface EksArgs {
    readonly clusterName: string;
    readonly namePrefix: string;
    readonly region: string;
    readonly kubernetesVersion: string;
    readonly privateSubnetIds: pulumi.Input<string>[];
    readonly publicAccessCidrs: readonly string[];
    readonly logTypes: readonly ControlPlaneLogType[];
    readonly logRetentionDays: number;
    readonly adminPrincipals: readonly string[];
    /** The identity that runs `pulumi up`: the Kubernetes provider acts as it, so it gets cluster-admin. */
    readonly deployRoleArn?: string;
    /** The identity that runs pull-request previews: view only (the provider falls back to a client-side diff). */
    readonly previewRoleArn?: string;
    /** Admitted on 443 to the cluster security group: where the deployer and operators reach the private endpoint from. */
    readonly apiAccessSecurityGroupIds: readonly pulumi.Input<string>[];
    readonly apiAccessCidrs: readonly string[];
    /** EKS support policy; explicit so the bill never changes by default. */
    readonly supportType: "STANDARD" | "EXTENDED";
    /** Every add-on's version, pinned in config or resolved for kubernetesVersion before declaring. */
    readonly addonVersions: Readonly<Record<string, string>>;
    /** What the add-ons run with, the default StorageClass, and the Pod Security labels of the namespaces declared here. */
    readonly addons: EksAddonSettings;
    /** Desired sizes of the node groups as they run now (absent for new groups): kept, within the configured bounds. */
    readonly runningNodeGroupSizes?: Readonly<Record<string, number>>;
    /**
     * The sleep schedule has the node groups parked right now (its Auto Scaling action set min and
     * desired to 0): declared so, a `pulumi up` at night neither wakes them nor sends a minSize above
     * the running size, which EKS refuses. scalingConfig is updated in place, never a replacement.
     */
    readonly parkedNodeGroups?: boolean;
    readonly kubelet: KubeletSettings;
    /** Session Manager on nodes through AmazonSSMManagedEC2InstanceDefaultPolicy (./node-policies.ts); false: no SSM policy. */
    readonly nodeSessionManager: boolean;
    readonly nodeGroups: readonly NodeGroupSettings[];
    readonly fargateProfiles: readonly FargateProfileSettings[];
    readonly protect: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

const ADMIN_POLICY = "AmazonEKSClusterAdminPolicy";
/** Read-only, without Secrets: enough for a preview's reads; its dry-run writes fall back to a client-side diff. */
const VIEW_POLICY = "AmazonEKSViewPolicy";
/**
 * An access entry takes effect in EKS's authenticator some seconds after the API call returns;
 * the Kubernetes provider waits this long after creating the deployer's entry so its first call is
 * not refused. Only on create: later runs find the entry in place.
 */
export const ACCESS_PROPAGATION_SECONDS = 30;
/** What EKS does with the secrets key: wrap and unwrap data keys, and check the key and its grants. */
export const CLUSTER_KMS_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"] as const;

export class Eks extends pulumi.ComponentResource {
    readonly clusterName: pulumi.Output<string>;
    readonly clusterArn: pulumi.Output<string>;
    /** The control-plane (audit) log group, an output of the group itself. */
    readonly controlPlaneLogGroupName: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly kubernetesProvider: k8s.Provider;
    /** Undefined when the cluster has no Fargate profile. */
    readonly podExecutionRoleName?: pulumi.Output<string>;
    readonly podExecutionRoleArn?: pulumi.Output<string>;
    readonly podIdentityAgent: aws.eks.Addon;
    readonly nodeGroupNames: pulumi.Output<string>[];
    /** Node group (config name) -> the Auto Scaling group EKS created for it. */
    readonly nodeGroupAutoScalingGroups: Readonly<Record<string, pulumi.Output<string>>>;
    /** Node groups and Fargate profiles: what add-ons with pods wait for. */
    readonly computeResources: pulumi.Resource[];
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    /** Workload namespaces this component creates (for its Fargate profiles), with their Pod Security labels. */
    readonly namespaces: k8s.core.v1.Namespace[];

    constructor(name: string, args: EksArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:eks:Cluster", name, {}, opts);
        const parent = { parent: this };
        const tagged = tagger(args.tags);
        const partition = aws.getPartitionOutput({}, parent).partition;
        const identity = aws.getCallerIdentityOutput({}, parent);
        const managedPolicy = (policy: string) => pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`;
        const attach = (resourceName: string, role: aws.iam.Role, policy: string) =>
            new aws.iam.RolePolicyAttachment(resourceName, { role: role.name, policyArn: managedPolicy(policy) }, parent);

        const key = new aws.kms.Key(
            `${name}-secrets`,
            {
                description: `Envelope encryption of Kubernetes secrets in ${args.clusterName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags: tagged(`${args.clusterName}-secrets`),
            },
            { parent: this, protect: args.protect },
        );
        new aws.kms.Alias(`${name}-secrets`, { name: names.secretsKeyAlias(args.clusterName), targetKeyId: key.keyId }, parent);

        // EKS would create this group on first write with no expiry; created first, it keeps ours.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-control-plane`,
            {
                name: names.clusterLogGroup(args.clusterName),
                retentionInDays: args.logRetentionDays,
                tags: tagged(`${args.clusterName}-control-plane`),
            },
            { parent: this, retainOnDelete: args.protect },
        );

        const clusterRole = new aws.iam.Role(
            `${name}-cluster`,
            {
                description: `EKS control plane of ${args.clusterName}`,
                assumeRolePolicy: JSON.stringify(serviceTrust("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"])),
                tags: tagged(`${args.clusterName}-cluster`),
            },
            parent,
        );
        const clusterPolicy = attach(`${name}-cluster`, clusterRole, "AmazonEKSClusterPolicy");
        // Envelope encryption: the control plane uses the key through its own role.
        const clusterKeyPolicy = new aws.iam.RolePolicy(
            `${name}-cluster-kms`,
            {
                role: clusterRole.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: [...CLUSTER_KMS_ACTIONS], Resource: key.arn }],
                }),
            },
            parent,
        );

        const cluster = new aws.eks.Cluster(
            `${name}-cluster`,
            {
                name: args.clusterName,
                version: args.kubernetesVersion,
                roleArn: clusterRole.arn,
                vpcConfig: {
                    subnetIds: args.privateSubnetIds,
                    endpointPrivateAccess: true,
                    endpointPublicAccess: args.publicAccessCidrs.length > 0,
                    ...(args.publicAccessCidrs.length > 0 ? { publicAccessCidrs: [...args.publicAccessCidrs] } : {}),
                },
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
                encryptionConfig: { provider: { keyArn: key.arn }, resources: ["secrets"] },
                enabledClusterLogTypes: [...args.logTypes],
                upgradePolicy: { supportType: args.supportType },
                // The managed add-ons below replace the unmanaged ones EKS would otherwise install.
                bootstrapSelfManagedAddons: false,
                tags: tagged(args.clusterName),
            },
            { parent: this, protect: args.protect, dependsOn: [logGroup, clusterPolicy, clusterKeyPolicy] },
        );

        // Access entries keyed by principal, not by list position, so removing one never moves another
        // (an entry's principal forces replacement, and its successor would collide with the old one).
        const access = new Map<string, string>();
        for (const principal of args.adminPrincipals) access.set(principal, ADMIN_POLICY);
        if (args.deployRoleArn) access.set(args.deployRoleArn, ADMIN_POLICY);
        if (args.previewRoleArn && !access.has(args.previewRoleArn)) access.set(args.previewRoleArn, VIEW_POLICY);
        const accessAssociations = new Map<string, aws.eks.AccessPolicyAssociation>();
        for (const [principalArn, policy] of access) {
            const id = `${name}-access-${principalSlug(principalArn)}`;
            const entry = new aws.eks.AccessEntry(
                id,
                {
                    clusterName: cluster.name,
                    principalArn,
                    type: "STANDARD",
                    tags: tagged(`${args.clusterName}-${principalArn.split("/").pop()}`),
                },
                parent,
            );
            accessAssociations.set(
                principalArn,
                new aws.eks.AccessPolicyAssociation(
                    id,
                    {
                        clusterName: cluster.name,
                        principalArn: entry.principalArn,
                        policyArn: pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/${policy}`,
                        accessScope: { type: "cluster" },
                    },
                    parent,
                ),
            );
        }
        const deployerAccess = args.deployRoleArn ? accessAssociations.get(args.deployRoleArn) : undefined;
        const accessPropagated =
            deployerAccess &&
            new time.Sleep(
                `${name}-access-propagation`,
                {
                    createDuration: `${ACCESS_PROPAGATION_SECONDS}s`,
                    // A new deployer gets a new entry, and waits again.
                    triggers: { principalArn: deployerAccess.principalArn },
                },
                { parent: this, dependsOn: [deployerAccess] },
            );

        // The private endpoint carries only the EKS-created cluster security group, which admits
        // nothing from outside itself: the deployer's runner and operators' networks are let in here.
        const clusterSecurityGroupId = cluster.vpcConfig.clusterSecurityGroupId;
        const apiIngress: pulumi.Resource[] = [
            ...args.apiAccessSecurityGroupIds.map(
                (sourceGroup, i) =>
                    new aws.vpc.SecurityGroupIngressRule(
                        `${name}-api-from-sg-${i + 1}`,
                        {
                            securityGroupId: clusterSecurityGroupId,
                            description: "Kubernetes API (private endpoint) from the deployer / operators",
                            ipProtocol: "tcp",
                            fromPort: 443,
                            toPort: 443,
                            referencedSecurityGroupId: sourceGroup,
                            tags: tagged(`${args.clusterName}-api-from-sg-${i + 1}`),
                        },
                        parent,
                    ),
            ),
            ...args.apiAccessCidrs.map(
                (cidr) =>
                    new aws.vpc.SecurityGroupIngressRule(
                        `${name}-api-from-${cidr.replace(/[./]/g, "-")}`,
                        {
                            securityGroupId: clusterSecurityGroupId,
                            description: "Kubernetes API (private endpoint) from a private network",
                            ipProtocol: "tcp",
                            fromPort: 443,
                            toPort: 443,
                            cidrIpv4: cidr,
                            tags: tagged(`${args.clusterName}-api-from-${cidr}`),
                        },
                        parent,
                    ),
            ),
        ];

        const issuer = cluster.identities.apply((ids) => ids[0].oidcs?.[0]?.issuer ?? "");
        const oidc = new aws.iam.OpenIdConnectProvider(
            `${name}-oidc`,
            {
                url: issuer,
                clientIdLists: ["sts.amazonaws.com"],
                tags: tagged(`${args.clusterName}-oidc`),
            },
            parent,
        );

        const irsaRole = (suffix: string, namespace: string, serviceAccount: string, policy: string) => {
            const role = new aws.iam.Role(
                `${name}-${suffix}`,
                {
                    description: `${serviceAccount} in ${args.clusterName} (IRSA)`,
                    assumeRolePolicy: irsaTrust(oidc.arn, issuer, namespace, serviceAccount),
                    tags: tagged(`${args.clusterName}-${suffix}`),
                },
                parent,
            );
            attach(`${name}-${suffix}`, role, policy);
            return role;
        };
        // The CNI's ENI permissions on its own service account, not on every node.
        const cniRole = irsaRole("vpc-cni", "kube-system", "aws-node", "AmazonEKS_CNI_Policy");

        const addon = (addonName: string, extra: Partial<aws.eks.AddonArgs> = {}, dependsOn: pulumi.Resource[] = []) =>
            new aws.eks.Addon(
                `${name}-${addonName}`,
                {
                    clusterName: cluster.name,
                    addonName,
                    addonVersion: args.addonVersions[addonName],
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "OVERWRITE",
                    tags: tagged(`${args.clusterName}-${addonName}`),
                    ...extra,
                },
                { parent: this, dependsOn },
            );
        const cni = addon("vpc-cni", {
            serviceAccountRoleArn: cniRole.arn,
            configurationValues: JSON.stringify(vpcCniConfiguration(args.addons.vpcCni)),
        });
        addon("kube-proxy");
        this.podIdentityAgent = addon("eks-pod-identity-agent");

        // Nodes: one role with the policies nodes need, and Session Manager if configured.
        const compute: pulumi.Resource[] = [];
        const nodeGroupNames: pulumi.Output<string>[] = [];
        const autoScalingGroups: Record<string, pulumi.Output<string>> = {};
        if (args.nodeGroups.length > 0) {
            const nodeRole = new aws.iam.Role(
                `${name}-nodes`,
                {
                    description: `EC2 nodes of ${args.clusterName}`,
                    assumeRolePolicy: JSON.stringify(serviceTrust("ec2.amazonaws.com")),
                    tags: tagged(`${args.clusterName}-nodes`),
                },
                parent,
            );
            const sessionPolicy = nodeSessionManagerPolicy(args.nodeSessionManager);
            const nodePolicies = [
                "AmazonEKSWorkerNodePolicy",
                "AmazonEC2ContainerRegistryReadOnly",
                ...(sessionPolicy ? [sessionPolicy] : []),
            ].map((policy) => attach(`${name}-nodes-${policy}`, nodeRole, policy));
            for (const ng of args.nodeGroups) {
                const groupName = names.launchTemplate(args.clusterName, ng.name);
                const template = new aws.ec2.LaunchTemplate(
                    `${name}-${ng.name}`,
                    {
                        // Fixed on purpose: only its name forces a new template (changes make new versions),
                        // and the name changes only with the group's own name, which is a new group anyway.
                        name: groupName,
                        description: `Nodes of ${groupName}: IMDSv2 only, encrypted gp3 root, kubelet settings`,
                        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: ng.metadataHopLimit },
                        blockDeviceMappings: [
                            {
                                deviceName: "/dev/xvda",
                                ebs: { volumeSize: ng.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                            },
                        ],
                        userData: Buffer.from(nodeUserData(args.kubelet)).toString("base64"),
                        tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags: tagged(groupName) })),
                        tags: tagged(groupName),
                    },
                    parent,
                );
                const running = args.runningNodeGroupSizes?.[ng.name];
                const nodeGroup = new aws.eks.NodeGroup(
                    `${name}-${ng.name}`,
                    {
                        clusterName: cluster.name,
                        // A prefix, not a name: a change that replaces the group (instance types, capacity
                        // type, AMI type, subnets) then creates the new group before the old one is drained.
                        nodeGroupNamePrefix: names.nodeGroupPrefix(ng.name),
                        // Nodes follow the control plane: an upgrade moves the cluster first, then its groups.
                        version: cluster.version,
                        nodeRoleArn: nodeRole.arn,
                        subnetIds: args.privateSubnetIds,
                        amiType: ng.amiType,
                        capacityType: ng.capacityType,
                        instanceTypes: [...ng.instanceTypes],
                        // An autoscaler owns the running size: keep it, moved into the configured bounds, so
                        // `pulumi up` neither resets it nor sends a minSize above it (which EKS refuses).
                        scalingConfig: {
                            minSize: args.parkedNodeGroups ? 0 : ng.minSize,
                            desiredSize: args.parkedNodeGroups ? 0 : clamp(running ?? ng.desiredSize, ng.minSize, ng.maxSize),
                            maxSize: ng.maxSize,
                        },
                        updateConfig: { maxUnavailable: ng.maxUnavailable },
                        launchTemplate: { id: template.id, version: pulumi.interpolate`${template.latestVersion}` },
                        labels: { ...ng.labels },
                        taints: ng.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
                        tags: {
                            ...tagged(groupName),
                            // Cluster Autoscaler auto-discovery.
                            "k8s.io/cluster-autoscaler/enabled": "true",
                            [`k8s.io/cluster-autoscaler/${args.clusterName}`]: "owned",
                        },
                    },
                    { parent: this, dependsOn: [...nodePolicies, cni] },
                );
                compute.push(nodeGroup);
                nodeGroupNames.push(nodeGroup.nodeGroupName);
                autoScalingGroups[ng.name] = nodeGroup.resources.apply((r) => r[0]?.autoscalingGroups?.[0]?.name ?? "");
            }
        }
        this.nodeGroupNames = nodeGroupNames;
        this.nodeGroupAutoScalingGroups = autoScalingGroups;

        // Fargate: one pod execution role, profiles created one after another (EKS rejects
        // concurrent profile operations on a cluster), and CoreDNS on Fargate when there are no nodes.
        const profiles: FargateProfileSettings[] = [...args.fargateProfiles];
        if (args.nodeGroups.length === 0) {
            profiles.push({ name: "coredns", selectors: [{ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }] });
        }
        if (profiles.length > 0) {
            const podRole = new aws.iam.Role(
                `${name}-fargate-pods`,
                {
                    description: `Fargate pod execution role of ${args.clusterName}`,
                    assumeRolePolicy: pulumi.all([partition, identity.accountId]).apply(([p, account]) =>
                        JSON.stringify(
                            serviceTrust("eks-fargate-pods.amazonaws.com", ["sts:AssumeRole"], {
                                ArnLike: {
                                    "aws:SourceArn": `arn:${p}:eks:${args.region}:${account}:fargateprofile/${args.clusterName}/*`,
                                },
                            }),
                        ),
                    ),
                    tags: tagged(`${args.clusterName}-fargate-pods`),
                },
                parent,
            );
            const podPolicy = attach(`${name}-fargate-pods`, podRole, "AmazonEKSFargatePodExecutionRolePolicy");
            let previous: pulumi.Resource = podPolicy;
            for (const profile of profiles) {
                previous = new aws.eks.FargateProfile(
                    `${name}-${profile.name}`,
                    {
                        clusterName: cluster.name,
                        // Auto-named: every change but tags replaces a profile, and the successor must be
                        // created (with its own name) before the old one is deleted.
                        podExecutionRoleArn: podRole.arn,
                        subnetIds: args.privateSubnetIds,
                        selectors: profile.selectors.map((s) => ({
                            namespace: s.namespace,
                            ...(s.labels ? { labels: { ...s.labels } } : {}),
                        })),
                        tags: tagged(`${args.clusterName}-${profile.name}`),
                    },
                    { parent: this, dependsOn: [previous] },
                );
                compute.push(previous);
            }
            this.podExecutionRoleName = podRole.name;
            this.podExecutionRoleArn = podRole.arn;
        }

        // CoreDNS and the EBS CSI controller need somewhere to run before they report healthy.
        addon(
            "coredns",
            { configurationValues: JSON.stringify(coreDnsConfiguration(args.addons.coreDns, args.nodeGroups.length === 0)) },
            compute,
        );
        let ebsCsi: aws.eks.Addon | undefined;
        if (args.nodeGroups.length > 0) {
            // EBS volumes attach to EC2 nodes only; on a Fargate-only cluster the driver never becomes healthy.
            const ebsRole = irsaRole("ebs-csi", "kube-system", "ebs-csi-controller-sa", "service-role/AmazonEBSCSIDriverPolicy");
            ebsCsi = addon("aws-ebs-csi-driver", { serviceAccountRoleArn: ebsRole.arn }, compute);
            // Its pods (kube-system, no Fargate profile selects them) run on nodes; it serves the HPA and `kubectl top`.
            if (args.addons.metricsServer) addon(METRICS_SERVER_ADDON, {}, compute);
            if (args.addons.storage.efsCsiDriver) {
                const efsRole = new aws.iam.Role(
                    `${name}-efs-csi`,
                    {
                        description: `${EFS_CSI_SERVICE_ACCOUNT} in ${args.clusterName} (Pod Identity)`,
                        assumeRolePolicy: pulumi
                            .all([identity.accountId, cluster.arn])
                            .apply(([account, clusterArn]) =>
                                JSON.stringify(podIdentityTrust(account, clusterArn, "kube-system", EFS_CSI_SERVICE_ACCOUNT)),
                            ),
                        tags: tagged(`${args.clusterName}-efs-csi`),
                    },
                    parent,
                );
                const efsPolicy = attach(`${name}-efs-csi`, efsRole, EFS_CSI_POLICY);
                // The association is the add-on's own, so EKS creates and removes it with the add-on;
                // the agent must be running before the controller asks it for credentials.
                addon(EFS_CSI_ADDON, { podIdentityAssociations: [{ roleArn: efsRole.arn, serviceAccount: EFS_CSI_SERVICE_ACCOUNT }] }, [
                    ...compute,
                    this.podIdentityAgent,
                    efsPolicy,
                ]);
            }
        }

        this.clusterName = cluster.name;
        this.clusterArn = cluster.arn;
        this.controlPlaneLogGroupName = logGroup.name;
        this.endpoint = cluster.endpoint;
        this.oidcProviderArn = oidc.arn;
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([cluster.name, cluster.endpoint, cluster.certificateAuthority])
                .apply(([n, endpoint, ca]) =>
                    kubeconfig({ clusterName: n, endpoint, certificateAuthority: ca.data ?? "", region: args.region }),
                ),
        );
        this.computeResources = compute;
        this.clusterSecurityGroupId = clusterSecurityGroupId;
        this.kubernetesProvider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: this.kubeconfig, enableServerSideApply: true },
            {
                parent: this,
                // The provider acts as the deployer: its access and the network path to the endpoint come first.
                dependsOn: [...compute, ...accessAssociations.values(), ...(accessPropagated ? [accessPropagated] : []), ...apiIngress],
            },
        );
        const k8sOpts = { parent: this, provider: this.kubernetesProvider };
        if (ebsCsi && args.addons.storage.defaultClass) {
            gp3StorageClass(`${name}-gp3`, args.addons.storage, this.kubernetesProvider, this, [ebsCsi]);
        }
        // The namespaces Fargate profiles select exist before workloads arrive, with the Pod Security
        // labels the platform decides rather than none (Kubernetes' default then is privileged).
        const labels = podSecurityLabels(args.addons.podSecurity, args.kubernetesVersion);
        // Kept in the cluster when a profile or selector goes away: deleting a namespace deletes every
        // workload in it, which is never what editing a Fargate profile means.
        this.namespaces = fargateNamespacesToCreate(args.fargateProfiles.flatMap((p) => p.selectors.map((s) => s.namespace))).map(
            (namespace) =>
                new k8s.core.v1.Namespace(
                    `${name}-ns-${namespace}`,
                    { metadata: { name: namespace, labels } },
                    { ...k8sOpts, retainOnDelete: true },
                ),
        );
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            oidcProviderArn: this.oidcProviderArn,
            kubeconfig: this.kubeconfig,
        });
    }
}

function clamp(value: number, min: number, max: number): number {
    return Math.min(Math.max(value, min), max);
}

/** A stable, URN-safe logical name for a principal: its last path segment and a short hash of the whole ARN. */
export function principalSlug(principalArn: string): string {
    const last =
        principalArn
            .split("/")
            .pop()
            ?.replace(/[^A-Za-z0-9-]/g, "-") ?? "principal";
    return `${last}-${createHash("sha256").update(principalArn).digest("hex").slice(0, 8)}`;
}
