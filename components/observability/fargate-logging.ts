// Routes EKS Fargate pod logs through the built-in Fluent Bit: the aws-observability namespace,
// the aws-logging ConfigMap, the log group(s) it writes to (ours, with retention), and exactly the
// CloudWatch Logs permissions the router needs, on the Fargate pod execution role.

import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { renderFargateLogging, routerLogGroupName } from "./fluent-bit";
import { tagsFor } from "../../lib/tags";

export interface FargateLoggingArgs {
    readonly clusterName: pulumi.Input<string>;
    readonly region: string;
    readonly kubernetesProvider: k8s.Provider;
    /** Name of the Fargate pod execution role (the router writes with its credentials). */
    readonly podExecutionRoleName: pulumi.Input<string>;
    readonly retentionDays: number;
    readonly logStreamPrefix: string;
    readonly shipRouterLogs: boolean;
    readonly tags: Readonly<Record<string, string>>;
    /** Keep the log data when the stack is destroyed. */
    readonly retainLogs: boolean;
    /** Labels of the aws-observability namespace beside the one Fargate looks for (Pod Security Standards). */
    readonly namespaceLabels?: Readonly<Record<string, string>>;
}

/** What the cloudwatch_logs output does with a group it did not create: open streams and write to them. */
export const FARGATE_ROUTER_LOG_ACTIONS = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"] as const;

export class FargateLogging extends pulumi.ComponentResource {
    readonly namespaceName: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;
    readonly routerLogGroupName?: pulumi.Output<string>;

    constructor(name: string, args: FargateLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:FargateLogging", name, {}, opts);
        const logOpts = { parent: this, retainOnDelete: args.retainLogs };

        const podLogs = new aws.cloudwatch.LogGroup(
            `${name}-pods`,
            {
                name: pulumi.interpolate`/aws/eks/${args.clusterName}/fargate-pods`,
                retentionInDays: args.retentionDays,
                tags: tagsFor(args.tags, `${name}-fargate-pods`),
            },
            logOpts,
        );
        const groups = [podLogs];
        if (args.shipRouterLogs) {
            // Fargate names this group itself; creating it first gives it a retention.
            groups.push(
                new aws.cloudwatch.LogGroup(
                    `${name}-router`,
                    {
                        name: pulumi.output(args.clusterName).apply(routerLogGroupName),
                        retentionInDays: args.retentionDays,
                        tags: tagsFor(args.tags, `${name}-fluent-bit`),
                    },
                    logOpts,
                ),
            );
            this.routerLogGroupName = groups[1].name;
        }

        new aws.iam.RolePolicy(
            `${name}-router-logs`,
            {
                role: args.podExecutionRoleName,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: [...FARGATE_ROUTER_LOG_ACTIONS],
                            Resource: groups.flatMap((g) => [g.arn, pulumi.interpolate`${g.arn}:*`]),
                        },
                    ],
                }),
            },
            { parent: this },
        );

        const k8sOpts = { parent: this, provider: args.kubernetesProvider };
        const namespace = new k8s.core.v1.Namespace(
            `${name}-aws-observability`,
            {
                metadata: { name: "aws-observability", labels: { ...args.namespaceLabels, "aws-observability": "enabled" } },
            },
            k8sOpts,
        );
        new k8s.core.v1.ConfigMap(
            `${name}-aws-logging`,
            {
                metadata: { name: "aws-logging", namespace: namespace.metadata.name },
                data: podLogs.name.apply((logGroupName) =>
                    renderFargateLogging({
                        region: args.region,
                        logGroupName,
                        logStreamPrefix: args.logStreamPrefix,
                        shipRouterLogs: args.shipRouterLogs,
                        parseCriLines: true,
                    }),
                ),
            },
            { ...k8sOpts, dependsOn: groups },
        );

        this.namespaceName = namespace.metadata.name;
        this.logGroupName = podLogs.name;
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ namespaceName: this.namespaceName, logGroupName: this.logGroupName });
    }
}
