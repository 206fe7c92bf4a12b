// Container Insights for EKS on EC2 nodes: the amazon-cloudwatch-observability managed add-on (the
// CloudWatch agent and Fluent Bit as DaemonSets), its service account's role through EKS Pod
// Identity, and the log groups it writes to, created first so they get a retention.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tagsFor } from "../../lib/tags";
import { podIdentityTrust } from "../eks/iam";

export interface EksContainerInsightsArgs {
    readonly namePrefix: string;
    readonly clusterName: pulumi.Input<string>;
    /** The cluster's ARN: the agent role's trust names it (Pod Identity's session tag). */
    readonly clusterArn: pulumi.Input<string>;
    /** Empty: the add-on's default version for the cluster's Kubernetes version. */
    readonly addonVersion?: string;
    readonly retentionDays: number;
    readonly retainLogs: boolean;
    readonly tags: Readonly<Record<string, string>>;
    /** The Pod Identity agent add-on must run before associations work. */
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export const CLOUDWATCH_ADDON = "amazon-cloudwatch-observability";
export const CLOUDWATCH_AGENT_SERVICE_ACCOUNT = "cloudwatch-agent";
/** Where the add-on installs its agent (and so the namespace of its Pod Identity association). */
export const CLOUDWATCH_NAMESPACE = "amazon-cloudwatch";
/** Groups the add-on's agent and Fluent Bit write to: /aws/containerinsights/<cluster>/<kind>. */
export const CONTAINER_INSIGHTS_LOG_KINDS = ["performance", "application", "dataplane", "host"] as const;

export class EksContainerInsights extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly logGroupNames: pulumi.Output<string>[];
    /** Where pod and node performance events land (the Fargate pod collector writes here too). */
    readonly performanceLogGroup: aws.cloudwatch.LogGroup;

    constructor(name: string, args: EksContainerInsightsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:EksContainerInsights", name, {}, opts);
        const parent = { parent: this };
        const partition = aws.getPartitionOutput({}, parent);
        const identity = aws.getCallerIdentityOutput({}, parent);

        const groups = CONTAINER_INSIGHTS_LOG_KINDS.map(
            (kind) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-${kind}`,
                    {
                        name: pulumi.interpolate`/aws/containerinsights/${args.clusterName}/${kind}`,
                        retentionInDays: args.retentionDays,
                        tags: tagsFor(args.tags, `${args.namePrefix}-containerinsights-${kind}`),
                    },
                    { parent: this, retainOnDelete: args.retainLogs },
                ),
        );

        const role = new aws.iam.Role(
            `${name}-agent`,
            {
                description: `CloudWatch agent of ${args.namePrefix} (EKS Pod Identity)`,
                // Only the add-on's agent service account, in its namespace, on this cluster, in this account.
                assumeRolePolicy: pulumi
                    .all([identity.accountId, args.clusterArn])
                    .apply(([account, clusterArn]) =>
                        JSON.stringify(podIdentityTrust(account, clusterArn, CLOUDWATCH_NAMESPACE, CLOUDWATCH_AGENT_SERVICE_ACCOUNT)),
                    ),
                tags: tagsFor(args.tags, `${args.namePrefix}-cloudwatch-agent`),
            },
            parent,
        );
        new aws.iam.RolePolicyAttachment(
            `${name}-agent`,
            {
                role: role.name,
                policyArn: pulumi.interpolate`arn:${partition.partition}:iam::aws:policy/CloudWatchAgentServerPolicy`,
            },
            parent,
        );

        new aws.eks.Addon(
            `${name}-addon`,
            {
                clusterName: args.clusterName,
                addonName: CLOUDWATCH_ADDON,
                addonVersion: args.addonVersion || undefined,
                podIdentityAssociations: [{ roleArn: role.arn, serviceAccount: CLOUDWATCH_AGENT_SERVICE_ACCOUNT }],
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
                tags: tagsFor(args.tags, `${args.namePrefix}-${CLOUDWATCH_ADDON}`),
            },
            { parent: this, dependsOn: [...groups, ...(args.dependsOn ?? [])] },
        );

        this.roleArn = role.arn;
        this.logGroupNames = groups.map((g) => g.name);
        this.performanceLogGroup = groups[CONTAINER_INSIGHTS_LOG_KINDS.indexOf("performance")];
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
