// Node autoscaling with Karpenter: the controller (Helm, on the managed node groups, its AWS role
// through EKS Pod Identity), the role of the nodes it launches (joined by an EC2_LINUX access
// entry), the interruption queue with the EventBridge rules that feed it, and a default NodePool /
// EC2NodeClass that keep the node groups' rules (AL2023, IMDSv2 with hop limit 1, encrypted gp3
// root, the platform's kubelet settings, private subnets only). The managed node groups stay: they
// run the system workloads, Karpenter included, and Karpenter never manages them.

import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { HELM_CHARTS, KARPENTER_CONTROLLER_IMAGE } from "../../lib/helm-charts";
import { names } from "../../lib/names";
import { tagger } from "../../lib/tags";
import { KarpenterSettings, KubeletSettings } from "./args";
import { platformRelease } from "./helm-release";
import { podIdentityTrust, serviceTrust } from "./iam";
import { INTERRUPTION_EVENTS, interruptionQueuePolicy, karpenterControllerPolicies, KarpenterPolicyName } from "./karpenter-policy";
import { nodeSessionManagerPolicy } from "./node-policies";
import { nodeUserData } from "./user-data";

export interface KarpenterArgs extends KarpenterSettings {
    readonly clusterName: string;
    readonly region: string;
    readonly namePrefix: string;
    /** The cluster's name as an output: the resources wait for the cluster through it. */
    readonly cluster: pulumi.Input<string>;
    /** The cluster's ARN: the controller role's trust names it (Pod Identity's session tag). */
    readonly clusterArn: pulumi.Input<string>;
    readonly clusterEndpoint: pulumi.Input<string>;
    /** EKS's cluster security group, which managed nodes use too: tagged for Karpenter's discovery. */
    readonly clusterSecurityGroupId: pulumi.Input<string>;
    readonly kubernetesProvider: k8s.Provider;
    readonly podIdentityAgent: pulumi.Resource;
    /** The node groups: the controller runs there, so its release waits for them. */
    readonly computeResources: readonly pulumi.Resource[];
    readonly kubelet: KubeletSettings;
    readonly nodeSessionManager: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

/** kube-system, as Karpenter's guide installs it: no namespace of our own to create or protect. */
export const KARPENTER_NAMESPACE = "kube-system";
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";
/** The tag Karpenter's selector terms look for on subnets and security groups. */
export const DISCOVERY_TAG = "karpenter.sh/discovery";
/** Karpenter documents a 300 s retention: an interruption older than that is past acting on. */
export const INTERRUPTION_RETENTION_SECONDS = 300;
/** A default NodePool's nodes are replaced after 30 days (Karpenter's default): AMI and kernel fixes reach them. */
export const NODE_EXPIRE_AFTER = "720h";
/** At most this share of the pool's nodes is disrupted at once by consolidation or drift. */
export const DISRUPTION_BUDGET_NODES = "10%";
/** The guide's requests: the controller's memory follows the cluster's pods and nodes, CPU its reconcile bursts. */
export const CONTROLLER_RESOURCES = { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } } as const;
/** Instances of these families and of generation 6 or later (Nitro, gp3 and IMDSv2 throughout). */
export const INSTANCE_CATEGORIES = ["c", "m", "r"] as const;
export const MIN_INSTANCE_GENERATION = 5;

export class Karpenter extends pulumi.ComponentResource {
    readonly interruptionQueueName: pulumi.Output<string>;
    readonly nodeRoleName: pulumi.Output<string>;
    readonly controllerRoleArn: pulumi.Output<string>;

    constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:eks:Karpenter", name, {}, opts);
        const parent = { parent: this };
        const tagged = tagger(args.tags);
        const partition = aws.getPartitionOutput({}, parent).partition;
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        const managedPolicy = (policy: string) => pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`;

        // Nodes: what a node needs to join and pull images; the CNI's ENI permissions stay on the
        // aws-node service account (IRSA), as for the node groups.
        const nodeRole = new aws.iam.Role(
            `${name}-nodes`,
            {
                description: `Nodes Karpenter launches in ${args.clusterName}`,
                assumeRolePolicy: JSON.stringify(serviceTrust("ec2.amazonaws.com")),
                tags: tagged(`${args.clusterName}-karpenter-nodes`),
            },
            parent,
        );
        const sessionPolicy = nodeSessionManagerPolicy(args.nodeSessionManager);
        const nodePolicies = [
            "AmazonEKSWorkerNodePolicy",
            "AmazonEC2ContainerRegistryPullOnly",
            ...(sessionPolicy ? [sessionPolicy] : []),
        ].map(
            (policy) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-nodes-${policy}`,
                    { role: nodeRole.name, policyArn: managedPolicy(policy) },
                    parent,
                ),
        );
        // EC2_LINUX: EKS maps the role to system:nodes itself; no access policy is associated.
        const nodeAccess = new aws.eks.AccessEntry(
            `${name}-nodes`,
            {
                clusterName: args.cluster,
                principalArn: nodeRole.arn,
                type: "EC2_LINUX",
                tags: tagged(`${args.clusterName}-karpenter-nodes`),
            },
            parent,
        );

        // The interruption queue: auto-named from a prefix (a queue's name forces replacement).
        const queue = new aws.sqs.Queue(
            `${name}-interruption`,
            {
                namePrefix: names.karpenterQueuePrefix(args.namePrefix),
                messageRetentionSeconds: INTERRUPTION_RETENTION_SECONDS,
                sqsManagedSseEnabled: true,
                tags: tagged(`${args.clusterName}-karpenter-interruption`),
            },
            parent,
        );
        const queuePolicy = new aws.sqs.QueuePolicy(
            `${name}-interruption`,
            { queueUrl: queue.url, policy: queue.arn.apply((arn) => JSON.stringify(interruptionQueuePolicy(arn))) },
            parent,
        );
        const rules = Object.entries(INTERRUPTION_EVENTS).map(([event, { source, detailType }]) => {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-${event}`,
                {
                    description: `${detailType} for Karpenter in ${args.clusterName}`,
                    eventPattern: JSON.stringify({ source: [source], "detail-type": [detailType] }),
                    tags: tagged(`${args.clusterName}-karpenter-${event}`),
                },
                parent,
            );
            return new aws.cloudwatch.EventTarget(
                `${name}-${event}`,
                { rule: rule.name, arn: queue.arn, targetId: "KarpenterInterruptionQueueTarget" },
                { parent: this, dependsOn: [queuePolicy] },
            );
        });

        // The controller's role, through EKS Pod Identity (the trust names the service, the association
        // the cluster, namespace and service account). Pod Identity needs the agent DaemonSet, which
        // Fargate pods cannot use: one more reason the controller runs on the node groups.
        const controllerRole = new aws.iam.Role(
            `${name}-controller`,
            {
                description: `Karpenter controller of ${args.clusterName} (EKS Pod Identity)`,
                assumeRolePolicy: pulumi
                    .all([accountId, args.clusterArn])
                    .apply(([account, clusterArn]) =>
                        JSON.stringify(podIdentityTrust(account, clusterArn, KARPENTER_NAMESPACE, KARPENTER_SERVICE_ACCOUNT)),
                    ),
                tags: tagged(`${args.clusterName}-karpenter-controller`),
            },
            parent,
        );
        // Zonal shift stays off (settings.enableZonalShift), so its read permission is not granted.
        const declared: readonly KarpenterPolicyName[] = [
            "node-lifecycle",
            "iam-integration",
            "eks-integration",
            "interruption",
            "resource-discovery",
        ];
        const statements = pulumi.all([partition, accountId, nodeRole.arn, queue.arn]).apply(([p, account, nodeRoleArn, queueArn]) =>
            karpenterControllerPolicies({
                partition: p,
                region: args.region,
                accountId: account,
                clusterName: args.clusterName,
                nodeRoleArn,
                interruptionQueueArn: queueArn,
            }),
        );
        const controllerPolicies = declared.map(
            (policy) =>
                new aws.iam.RolePolicy(
                    `${name}-controller-${policy}`,
                    {
                        role: controllerRole.id,
                        policy: statements.apply((all) => JSON.stringify({ Version: "2012-10-17", Statement: all[policy] })),
                    },
                    parent,
                ),
        );
        const association = new aws.eks.PodIdentityAssociation(
            `${name}-controller`,
            {
                clusterName: args.cluster,
                namespace: KARPENTER_NAMESPACE,
                serviceAccount: KARPENTER_SERVICE_ACCOUNT,
                roleArn: controllerRole.arn,
                tags: tagged(`${args.clusterName}-karpenter-controller`),
            },
            { parent: this, dependsOn: [args.podIdentityAgent, ...controllerPolicies] },
        );

        // Discovery: the cluster security group (the node groups' too); the private subnets are tagged by the network.
        const securityGroupTag = new aws.ec2.Tag(
            `${name}-discovery`,
            { resourceId: args.clusterSecurityGroupId, key: DISCOVERY_TAG, value: args.clusterName },
            parent,
        );

        const crds = platformRelease(
            `${name}-crd`,
            {
                chart: HELM_CHARTS.karpenterCrd,
                releaseName: "karpenter-crd",
                namespace: KARPENTER_NAMESPACE,
                values: {},
                provider: args.kubernetesProvider,
            },
            this,
        );
        const controller = platformRelease(
            `${name}-controller`,
            {
                chart: HELM_CHARTS.karpenter,
                releaseName: "karpenter",
                namespace: KARPENTER_NAMESPACE,
                values: pulumi.all([args.clusterEndpoint, queue.name]).apply(([endpoint, queueName]) =>
                    karpenterValues({
                        clusterName: args.clusterName,
                        clusterEndpoint: endpoint,
                        interruptionQueue: queueName,
                        replicas: args.controllerReplicas,
                    }),
                ),
                provider: args.kubernetesProvider,
                // Credentials, the queue and its feeds, and nodes to run on must exist before its pods report ready.
                dependsOn: [crds, association, ...rules, ...args.computeResources],
            },
            this,
        );

        const nodeClass = new k8s.apiextensions.CustomResource(
            `${name}-default-class`,
            {
                apiVersion: "karpenter.k8s.aws/v1",
                kind: "EC2NodeClass",
                metadata: { name: "default" },
                spec: nodeRole.name.apply((role) => ec2NodeClassSpec({ ...args, role })),
            },
            // Nodes it launches can join only once their role has its access entry and policies.
            { parent: this, provider: args.kubernetesProvider, dependsOn: [controller, nodeAccess, securityGroupTag, ...nodePolicies] },
        );
        new k8s.apiextensions.CustomResource(
            `${name}-default-pool`,
            { apiVersion: "karpenter.sh/v1", kind: "NodePool", metadata: { name: "default" }, spec: nodePoolSpec(args) },
            { parent: this, provider: args.kubernetesProvider, dependsOn: [nodeClass] },
        );

        this.interruptionQueueName = queue.name;
        this.nodeRoleName = nodeRole.name;
        this.controllerRoleArn = controllerRole.arn;
        this.registerOutputs({ interruptionQueueName: this.interruptionQueueName, nodeRoleName: this.nodeRoleName });
    }
}

/** The chart's values: what the release renders from. */
export function karpenterValues(v: {
    clusterName: string;
    clusterEndpoint: string;
    interruptionQueue: string;
    replicas: number;
}): Record<string, unknown> {
    return {
        // Set explicitly, so the controller does not wait on eks:DescribeCluster to find the endpoint.
        settings: { clusterName: v.clusterName, clusterEndpoint: v.clusterEndpoint, interruptionQueue: v.interruptionQueue },
        serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT },
        replicas: v.replicas,
        controller: { image: { ...KARPENTER_CONTROLLER_IMAGE }, resources: CONTROLLER_RESOURCES },
        // Only on the managed node groups: never on a node it launches (it could remove its own node)
        // nor on Fargate (no Pod Identity there).
        affinity: {
            nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [
                        {
                            matchExpressions: [
                                { key: "karpenter.sh/nodepool", operator: "DoesNotExist" },
                                { key: "eks.amazonaws.com/nodegroup", operator: "Exists" },
                            ],
                        },
                    ],
                },
            },
            podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname" }] },
        },
    };
}

export function ec2NodeClassSpec(a: {
    role: string;
    clusterName: string;
    amiVersion: string;
    kubelet: KubeletSettings;
    rootVolumeGiB: number;
    tags: Readonly<Record<string, string>>;
}): Record<string, unknown> {
    const discovery = [{ tags: { [DISCOVERY_TAG]: a.clusterName } }];
    return {
        role: a.role,
        // A pinned release, not al2023@latest: a new AMI drifts every node, so it arrives as a
        // reviewed config change rather than whenever AWS publishes one.
        amiSelectorTerms: [{ alias: `al2023@${a.amiVersion}` }],
        subnetSelectorTerms: discovery,
        securityGroupSelectorTerms: discovery,
        // Hop limit 1: pods (one hop further) cannot reach the node's credentials.
        metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: 1, httpTokens: "required" },
        blockDeviceMappings: [
            {
                deviceName: "/dev/xvda",
                rootVolume: true,
                ebs: { volumeSize: `${a.rootVolumeGiB}Gi`, volumeType: "gp3", encrypted: true, deleteOnTermination: true },
            },
        ],
        // The image GC thresholds are fields Karpenter v1 knows; the shutdown grace periods are not,
        // so they travel in the same nodeadm NodeConfig the node groups use (Karpenter merges it with its own).
        kubelet: {
            imageGCHighThresholdPercent: a.kubelet.imageGcHighThresholdPercent,
            imageGCLowThresholdPercent: a.kubelet.imageGcLowThresholdPercent,
        },
        userData: nodeUserData(a.kubelet),
        tags: { ...a.tags },
    };
}

export function nodePoolSpec(a: KarpenterSettings): Record<string, unknown> {
    return {
        template: {
            spec: {
                nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
                requirements: [
                    { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
                    { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                    { key: "karpenter.sh/capacity-type", operator: "In", values: [...a.capacityTypes] },
                    { key: "karpenter.k8s.aws/instance-category", operator: "In", values: [...INSTANCE_CATEGORIES] },
                    { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: [String(MIN_INSTANCE_GENERATION)] },
                ],
                expireAfter: NODE_EXPIRE_AFTER,
            },
        },
        limits: { cpu: String(a.cpuLimit), memory: `${a.memoryLimitGiB}Gi` },
        disruption: {
            consolidationPolicy: "WhenEmptyOrUnderutilized",
            consolidateAfter: `${a.consolidateAfterSeconds}s`,
            budgets: [{ nodes: DISRUPTION_BUDGET_NODES }],
        },
    };
}
