// The AWS Load Balancer Controller: turns Ingresses (and LoadBalancer Services, when they ask for
// it) into ALBs and NLBs. Its AWS permissions come through EKS Pod Identity, never the node role;
// region and VPC are passed explicitly because the controller otherwise asks the instance metadata
// service, which pods on Fargate (and pods behind a hop limit of 1) cannot reach.

import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { HELM_CHARTS } from "../../lib/helm-charts";
import { tagger } from "../../lib/tags";
import { platformRelease } from "./helm-release";
import { podIdentityTrust } from "./iam";
import { loadBalancerControllerStatements } from "./load-balancer-controller-policy";

export interface LoadBalancerControllerArgs {
    readonly clusterName: pulumi.Input<string>;
    readonly clusterArn: pulumi.Input<string>;
    readonly region: string;
    readonly vpcId: pulumi.Input<string>;
    readonly kubernetesProvider: k8s.Provider;
    /** Pod Identity's agent: the controller's credentials come through it. */
    readonly podIdentityAgent: pulumi.Resource;
    /** Node groups: where the controller's pods run. */
    readonly computeResources: pulumi.Resource[];
    readonly tags: Readonly<Record<string, string>>;
}

export const CONTROLLER_NAMESPACE = "kube-system";
export const CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
/** The IngressClass the chart creates and marks default: an Ingress without a class lands here. */
export const INGRESS_CLASS = "alb";
const CHART = HELM_CHARTS.awsLoadBalancerController;
const IMAGE_REPOSITORY = "public.ecr.aws/eks/aws-load-balancer-controller";

/** The chart's values: every choice the platform makes, the rest left to the pinned chart. */
export function controllerValues(clusterName: string, region: string, vpcId: string): Record<string, unknown> {
    return {
        clusterName,
        region,
        vpcId,
        image: { repository: IMAGE_REPOSITORY, tag: CHART.appVersion },
        // Two replicas (the chart spreads them across nodes) and a budget, so a node drain keeps the webhook answering.
        replicaCount: 2,
        podDisruptionBudget: { maxUnavailable: 1 },
        serviceAccount: { create: true, name: CONTROLLER_SERVICE_ACCOUNT },
        ingressClass: INGRESS_CLASS,
        createIngressClassResource: true,
        ingressClassConfig: { default: true },
        // Pod IPs as targets: the only kind that reaches pods on Fargate, and it skips the NodePort hop.
        defaultTargetType: "ip",
        // Left on, the webhook would hand every new type: LoadBalancer Service to this controller,
        // changing what existing charts get; a Service asks for it with loadBalancerClass instead.
        enableServiceMutatorWebhook: false,
    };
}

export class LoadBalancerController extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly ingressClassName: string = INGRESS_CLASS;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:eks:LoadBalancerController", name, {}, opts);
        const parent = { parent: this };
        const tagged = tagger(args.tags);
        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent).partition;

        const role = new aws.iam.Role(
            `${name}-lb-controller`,
            {
                description: "AWS Load Balancer Controller (EKS Pod Identity)",
                assumeRolePolicy: pulumi
                    .all([identity.accountId, args.clusterArn])
                    .apply(([account, clusterArn]) =>
                        JSON.stringify(podIdentityTrust(account, clusterArn, CONTROLLER_NAMESPACE, CONTROLLER_SERVICE_ACCOUNT)),
                    ),
                tags: tagged(`${name}-lb-controller`),
            },
            parent,
        );
        // Inline: the published policy is one document for one role; IAM counts it without whitespace (about 5.2 of 10.2 KB).
        const policy = new aws.iam.RolePolicy(
            `${name}-lb-controller`,
            {
                role: role.id,
                policy: partition.apply((p) => JSON.stringify({ Version: "2012-10-17", Statement: loadBalancerControllerStatements(p) })),
            },
            parent,
        );
        const association = new aws.eks.PodIdentityAssociation(
            `${name}-lb-controller`,
            {
                clusterName: args.clusterName,
                namespace: CONTROLLER_NAMESPACE,
                serviceAccount: CONTROLLER_SERVICE_ACCOUNT,
                roleArn: role.arn,
                tags: tagged(`${name}-lb-controller`),
            },
            // The association is only useful once the agent runs and the role can act.
            { parent: this, dependsOn: [args.podIdentityAgent, policy] },
        );
        this.release = platformRelease(
            `${name}-lb-controller`,
            {
                chart: CHART,
                releaseName: "aws-load-balancer-controller",
                namespace: CONTROLLER_NAMESPACE,
                values: pulumi.all([args.clusterName, args.vpcId]).apply(([cluster, vpc]) => controllerValues(cluster, args.region, vpc)),
                provider: args.kubernetesProvider,
                // Pods created before their association get no credentials; pods need nodes to run on.
                dependsOn: [association, ...args.computeResources],
            },
            this,
        );
        this.roleArn = role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
