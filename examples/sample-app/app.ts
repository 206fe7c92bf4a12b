// The Kubernetes objects of the sample app, and the two facts about the platform it relies on:
// how Pod Identity's trust is scoped, and how a Fargate profile selects pods.

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MIN_REPLICAS } from "./settings";

/** The platform's eksFargateProfiles output: profile name → its selectors. */
export type FargateProfiles = Readonly<Record<string, { readonly selectors: readonly FargateSelector[] }>>;
export interface FargateSelector {
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>>;
}

/** Where a pod must be, and what labels it must carry, for the named profile to run it on Fargate. */
export function fargatePlacement(profiles: FargateProfiles, profile: string): { namespace: string; labels: Record<string, string> } {
    const selector = profiles[profile]?.selectors[0];
    if (!selector) {
        const known = Object.keys(profiles).sort().join(", ") || "(none)";
        throw new pulumi.RunError(`fargateProfile "${profile}" is not one of the platform's Fargate profiles: ${known}`);
    }
    // A wildcard namespace selector matches many namespaces; the app needs one it can create.
    if (/[*?]/.test(selector.namespace)) {
        throw new pulumi.RunError(
            `fargateProfile "${profile}" selects namespaces by pattern (${selector.namespace}): name one profile with a plain namespace`,
        );
    }
    return { namespace: selector.namespace, labels: { ...(selector.labels ?? {}) } };
}

/**
 * The trust EKS documents for Pod Identity roles, narrowed by the session tags it sets: only this
 * service account, in this namespace, on this cluster, in this account may assume the role.
 */
export function podIdentityTrust(accountId: string, clusterName: string, namespace: string, serviceAccount: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PodIdentity",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": accountId,
                        "aws:RequestTag/eks-cluster-name": clusterName,
                        "aws:RequestTag/kubernetes-namespace": namespace,
                        "aws:RequestTag/kubernetes-service-account": serviceAccount,
                    },
                },
            },
        ],
    };
}

/** Labels of a namespace whose pods must meet the restricted Pod Security Standard. */
export function restrictedPodSecurity(): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
    };
}

const PORT = 8080;

/** What the restricted standard asks of every pod and container; /tmp is the only writable path. */
function hardenedPod(image: pulumi.Input<string>, name: string): k8s.types.input.core.v1.PodSpec {
    return {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name,
                image,
                ports: [{ name: "http", containerPort: PORT }],
                resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 10 },
                securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                },
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
        ],
        volumes: [{ name: "tmp", emptyDir: {} }],
    };
}

export interface WebArgs {
    readonly namespace: pulumi.Input<string>;
    readonly serviceAccountName: string;
    readonly image: string;
    readonly ingressClassName: pulumi.Input<string>;
    readonly internetFacing: boolean;
    readonly maxReplicas: number;
    readonly provider: k8s.Provider;
    readonly podsAfter: pulumi.Resource[];
}

export function webObjects(args: WebArgs) {
    const opts = { provider: args.provider };
    const labels = { app: "sample-web" };
    const metadata = { name: "web", namespace: args.namespace, labels };
    const serviceAccount = new k8s.core.v1.ServiceAccount("web", { metadata: { ...metadata, name: args.serviceAccountName } }, opts);
    const pod = hardenedPod(args.image, "web");
    const deployment = new k8s.apps.v1.Deployment(
        "web",
        {
            metadata,
            spec: {
                // No replicas: the HPA owns the count, and a value here would reset it on every `pulumi up`.
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: {
                        ...pod,
                        // The Pod Identity agent needs the projected token: mount it for this pod's own role.
                        automountServiceAccountToken: true,
                        serviceAccountName: args.serviceAccountName,
                        topologySpreadConstraints: [
                            {
                                maxSkew: 1,
                                topologyKey: "topology.kubernetes.io/zone",
                                whenUnsatisfiable: "ScheduleAnyway",
                                labelSelector: { matchLabels: labels },
                            },
                        ],
                    },
                },
            },
        },
        { ...opts, dependsOn: [serviceAccount, ...args.podsAfter] },
    );
    const service = new k8s.core.v1.Service(
        "web",
        { metadata, spec: { type: "ClusterIP", selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] } },
        opts,
    );
    const ingress = new k8s.networking.v1.Ingress(
        "web",
        {
            metadata: {
                ...metadata,
                annotations: {
                    "alb.ingress.kubernetes.io/scheme": args.internetFacing ? "internet-facing" : "internal",
                    // Pod IPs as targets: the same Ingress works for pods on nodes and on Fargate.
                    "alb.ingress.kubernetes.io/target-type": "ip",
                    "alb.ingress.kubernetes.io/healthcheck-path": "/",
                },
            },
            spec: {
                ingressClassName: args.ingressClassName,
                rules: [
                    { http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { name: "http" } } } }] } },
                ],
            },
        },
        { ...opts, dependsOn: [service] },
    );
    const autoscaler = new k8s.autoscaling.v2.HorizontalPodAutoscaler(
        "web",
        {
            metadata,
            spec: {
                scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
                minReplicas: MIN_REPLICAS,
                maxReplicas: args.maxReplicas,
                metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
            },
        },
        { ...opts, dependsOn: [deployment] },
    );
    const disruptionBudget = new k8s.policy.v1.PodDisruptionBudget(
        "web",
        { metadata, spec: { minAvailable: 1, selector: { matchLabels: labels } } },
        opts,
    );
    return { serviceAccount, deployment, service, ingress, autoscaler, disruptionBudget };
}

export interface WorkerArgs {
    readonly namespace: pulumi.Input<string>;
    /** The labels the Fargate profile's selector asks for. */
    readonly podLabels: pulumi.Input<Record<string, string>>;
    readonly image: string;
    readonly provider: k8s.Provider;
}

/** A worker on Fargate: no AWS credentials (Pod Identity's agent is a DaemonSet, which Fargate does not run). */
export function workerObjects(args: WorkerArgs) {
    const selectorLabels = { app: "sample-worker" };
    const podLabels = pulumi.output(args.podLabels).apply((required) => ({ ...required, ...selectorLabels }));
    const deployment = new k8s.apps.v1.Deployment(
        "worker",
        {
            metadata: { name: "worker", namespace: args.namespace, labels: selectorLabels },
            spec: {
                replicas: 1,
                selector: { matchLabels: selectorLabels },
                template: { metadata: { labels: podLabels }, spec: hardenedPod(args.image, "worker") },
            },
        },
        { provider: args.provider },
    );
    return { deployment };
}
