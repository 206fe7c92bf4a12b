// VPC flow logs into a log group we create (so retention is ours, not "never expire"), delivered by
// a role that only the flow-logs service of this account can assume and that can only write there.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tagsFor } from "../../lib/tags";

export interface FlowLogsArgs {
    readonly namePrefix: string;
    readonly vpcId: pulumi.Input<string>;
    readonly region: string;
    readonly trafficType: "ALL" | "ACCEPT" | "REJECT";
    readonly aggregationSeconds: 60 | 600;
    readonly retentionDays: number;
    readonly tags: Readonly<Record<string, string>>;
    /** Keep the log data when the stack is destroyed. */
    readonly retainLogs: boolean;
}

/** The CloudWatch Logs actions the flow-logs service performs on the group it was given. */
export const FLOW_LOG_DELIVERY_ACTIONS = [
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "logs:DescribeLogGroups",
    "logs:DescribeLogStreams",
] as const;

export class FlowLogs extends pulumi.ComponentResource {
    readonly logGroupName: pulumi.Output<string>;
    readonly logGroupArn: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: FlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:FlowLogs", name, {}, opts);
        const parent = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent);

        const logGroup = new aws.cloudwatch.LogGroup(
            name,
            {
                name: `/${args.namePrefix}/vpc/flow-logs`,
                retentionInDays: args.retentionDays,
                tags: tagsFor(args.tags, `${args.namePrefix}-flow-logs`),
            },
            { parent: this, retainOnDelete: args.retainLogs },
        );

        const role = new aws.iam.Role(
            name,
            {
                description: `Delivers ${args.namePrefix} VPC flow logs to CloudWatch Logs`,
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            // Confused-deputy guard: only flow logs of this account and region may use the role.
                            Condition: {
                                StringEquals: { "aws:SourceAccount": identity.accountId },
                                ArnLike: {
                                    "aws:SourceArn": pulumi.interpolate`arn:${partition.partition}:ec2:${args.region}:${identity.accountId}:vpc-flow-log/*`,
                                },
                            },
                        },
                    ],
                }),
                tags: tagsFor(args.tags, `${args.namePrefix}-flow-logs`),
            },
            parent,
        );

        new aws.iam.RolePolicy(
            name,
            {
                role: role.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: [...FLOW_LOG_DELIVERY_ACTIONS],
                            Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
                        },
                    ],
                }),
            },
            parent,
        );

        new aws.ec2.FlowLog(
            name,
            {
                vpcId: args.vpcId,
                trafficType: args.trafficType,
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: args.aggregationSeconds,
                tags: tagsFor(args.tags, `${args.namePrefix}-flow-logs`),
            },
            parent,
        );

        this.logGroupName = logGroup.name;
        this.logGroupArn = logGroup.arn;
        this.roleArn = role.arn;
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ logGroupName: this.logGroupName, roleArn: this.roleArn });
    }
}
