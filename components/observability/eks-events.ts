// What EKS and the Auto Scaling groups under its node groups tell EventBridge about their health,
// kept in a log group with the environment's retention (ECS stopped-task reasons have their own,
// components/ecs). Only events AWS documents as sent:
// - aws.eks: add-on creation/update/deletion failures and add-on health degraded/restored, and
//   Fargate pod scheduled terminations (EventBridge events reference, "Amazon EKS events"). EKS
//   sends no node-group health event; a node group's trouble shows in its Auto Scaling group.
// - aws.autoscaling: instance launches and terminations of the node groups' Auto Scaling groups,
//   unsuccessful ones with Auto Scaling's StatusMessage (e.g. no Spot capacity), successful ones so
//   the nightly parking and the morning launch are on record (EC2 Auto Scaling event reference).
// - aws.health: AWS Health events of the EKS service in this account (durable delivery; platform
//   versions, end of support, scheduled work), which may name any cluster of the account.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../../lib/names";
import { tagsFor } from "../../lib/tags";

export const EKS_ADDON_EVENT_TYPES = [
    "EKS Addon Creation Failed",
    "EKS Addon Update Failed",
    "EKS Addon Deletion Failed",
    "EKS Addon Health Degraded",
    "EKS Addon Health Restored",
    "EKS Fargate Pod Scheduled Termination",
] as const;

export const NODE_SCALING_EVENT_TYPES = [
    "EC2 Instance Launch Unsuccessful",
    "EC2 Instance Terminate Unsuccessful",
    "EC2 Instance Launch Successful",
    "EC2 Instance Terminate Successful",
] as const;

export interface EksEventsArgs {
    readonly namePrefix: string;
    /** The node groups' Auto Scaling groups (empty: the cluster runs on Fargate only). */
    readonly autoScalingGroupNames: readonly pulumi.Input<string>[];
    readonly retentionDays: number;
    readonly retainLogs: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

/** The event patterns, by rule suffix; the Auto Scaling one only names the node groups' own groups. */
export function eksEventPatterns(autoScalingGroupNames: readonly string[]): Record<string, Record<string, unknown>> {
    return {
        addons: { source: ["aws.eks"], "detail-type": [...EKS_ADDON_EVENT_TYPES] },
        ...(autoScalingGroupNames.length > 0
            ? {
                  nodes: {
                      source: ["aws.autoscaling"],
                      "detail-type": [...NODE_SCALING_EVENT_TYPES],
                      detail: { AutoScalingGroupName: [...autoScalingGroupNames] },
                  },
              }
            : {}),
        health: { source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { service: ["EKS"] } },
    };
}

/** The log group's resource policy: EventBridge may write streams into this group only. */
export function eventsLogPolicy(logGroupArn: string): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EventBridgeToEksEvents",
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${logGroupArn}:log-stream:*`,
            },
        ],
    };
}

export class EksEvents extends pulumi.ComponentResource {
    readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: EksEventsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:EksEvents", name, {}, opts);
        const parent = { parent: this };
        const group = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: names.eksEventsLogGroup(args.namePrefix),
                retentionInDays: args.retentionDays,
                tags: tagsFor(args.tags, `${args.namePrefix}-eks-events`),
            },
            { parent: this, retainOnDelete: args.retainLogs },
        );
        // EventBridge writes to a log group only when the account's resource policy allows it; the
        // console adds one by itself, the API does not (EventBridge user guide, "CloudWatch Logs permissions").
        const access = new aws.cloudwatch.LogResourcePolicy(
            `${name}-logs`,
            {
                policyName: names.eksEventsLogPolicy(args.namePrefix),
                policyDocument: group.arn.apply((arn) => JSON.stringify(eventsLogPolicy(arn))),
            },
            parent,
        );
        const kinds = Object.keys(eksEventPatterns(args.autoScalingGroupNames.length > 0 ? ["-"] : []));
        for (const kind of kinds) {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-${kind}`,
                {
                    description: `EKS ${kind} events of ${args.namePrefix}, kept in ${names.eksEventsLogGroup(args.namePrefix)}`,
                    eventPattern: pulumi
                        .all([...args.autoScalingGroupNames])
                        .apply((groups) => JSON.stringify(eksEventPatterns(groups)[kind])),
                    tags: tagsFor(args.tags, `${args.namePrefix}-eks-${kind}`),
                },
                parent,
            );
            new aws.cloudwatch.EventTarget(`${name}-${kind}`, { rule: rule.name, arn: group.arn }, { parent: this, dependsOn: [access] });
        }
        this.logGroupName = group.name;
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ logGroupName: this.logGroupName });
    }
}
