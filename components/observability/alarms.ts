// An SNS topic per environment and the day-one CloudWatch alarms (./alarm-specs.ts) publishing to it.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmSpec, MetricRef } from "./alarm-specs";
import { tagsFor } from "../../lib/tags";

export interface AlarmsArgs {
    readonly namePrefix: string;
    readonly specs: readonly AlarmSpec[];
    /** E-mail addresses, or ARNs of SQS queues / Lambda functions. */
    readonly subscriptions: readonly string[];
    readonly tags: Readonly<Record<string, string>>;
}

const PERIOD_SECONDS = 60;

/** SNS protocol for a subscription endpoint: e-mail, or the service of an ARN. */
export function subscriptionProtocol(endpoint: string): "email" | "sqs" | "lambda" {
    if (endpoint.startsWith("arn:")) {
        const service = endpoint.split(":")[2];
        if (service === "sqs" || service === "lambda") return service;
        throw new Error(`alarm subscription ${endpoint}: only SQS and Lambda ARNs can subscribe`);
    }
    return "email";
}

/** What the alarm topic's policy needs to know: who owns it and which event rules may publish. */
export interface AlarmTopicPolicyInput {
    readonly topicArn: string;
    readonly accountId: string;
    readonly partition: string;
    readonly region: string;
    readonly namePrefix: string;
    readonly eventRuleArns: readonly string[];
}

/**
 * The alarm topic's policy once EventBridge rules publish to it. A topic policy replaces SNS's
 * default one, so the account and the environment's alarms are named again; EventBridge gets
 * sns:Publish only for the listed rules (aws:SourceArn), so no other rule can post to on-call.
 */
export function alarmTopicPolicy(i: AlarmTopicPolicyInput): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountManagesTopic",
                Effect: "Allow",
                Principal: { AWS: `arn:${i.partition}:iam::${i.accountId}:root` },
                Action: [
                    "sns:GetTopicAttributes",
                    "sns:SetTopicAttributes",
                    "sns:AddPermission",
                    "sns:RemovePermission",
                    "sns:DeleteTopic",
                    "sns:Subscribe",
                    "sns:ListSubscriptionsByTopic",
                    "sns:Publish",
                ],
                Resource: i.topicArn,
            },
            {
                Sid: "EnvironmentAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: i.topicArn,
                Condition: {
                    ArnLike: { "aws:SourceArn": `arn:${i.partition}:cloudwatch:${i.region}:${i.accountId}:alarm:${i.namePrefix}-*` },
                },
            },
            {
                Sid: "EventRulesPublish",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sns:Publish",
                Resource: i.topicArn,
                Condition: { ArnEquals: { "aws:SourceArn": [...i.eventRuleArns] } },
            },
        ],
    };
}

function metricQuery(id: string, m: MetricRef, returnData: boolean): aws.types.input.cloudwatch.MetricAlarmMetricQuery {
    return {
        id,
        returnData,
        metric: { namespace: m.namespace, metricName: m.metricName, stat: m.stat, period: PERIOD_SECONDS, dimensions: m.dimensions },
    };
}

export class Alarms extends pulumi.ComponentResource {
    readonly topicArn: pulumi.Output<string>;
    readonly alarmNames: pulumi.Output<string>[];

    constructor(name: string, args: AlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Alarms", name, {}, opts);
        const parent = { parent: this };
        // Left without a KMS key on purpose: CloudWatch cannot publish to a topic encrypted with the
        // AWS-managed aws/sns key, and alarms carry metric names, not data.
        const topic = new aws.sns.Topic(
            `${name}-alarms`,
            {
                name: `${args.namePrefix}-alarms`,
                tags: tagsFor(args.tags, `${args.namePrefix}-alarms`),
            },
            parent,
        );
        args.subscriptions.forEach((endpoint, i) => {
            new aws.sns.TopicSubscription(
                `${name}-alarms-${i + 1}`,
                {
                    topic: topic.arn,
                    protocol: subscriptionProtocol(endpoint),
                    endpoint,
                },
                parent,
            );
        });

        this.alarmNames = args.specs.map((spec) => {
            const common = {
                name: `${args.namePrefix}-${spec.id}`,
                alarmDescription: spec.description,
                comparisonOperator: spec.comparison,
                threshold: spec.threshold,
                evaluationPeriods: spec.evaluationPeriods,
                datapointsToAlarm: spec.evaluationPeriods,
                treatMissingData: spec.treatMissingData,
                alarmActions: [topic.arn],
                okActions: [topic.arn],
                tags: tagsFor(args.tags, `${args.namePrefix}-${spec.id}`),
            };
            const alarm = spec.metric
                ? new aws.cloudwatch.MetricAlarm(
                      `${name}-${spec.id}`,
                      {
                          ...common,
                          namespace: spec.metric.namespace,
                          metricName: spec.metric.metricName,
                          statistic: spec.metric.stat,
                          period: PERIOD_SECONDS,
                          dimensions: spec.metric.dimensions,
                      },
                      parent,
                  )
                : new aws.cloudwatch.MetricAlarm(
                      `${name}-${spec.id}`,
                      {
                          ...common,
                          metricQueries: [
                              ...Object.entries(spec.expression?.metrics ?? {}).map(([id, m]) => metricQuery(id, m, false)),
                              { id: "result", expression: spec.expression?.expression, label: spec.expression?.label, returnData: true },
                          ],
                      },
                      parent,
                  );
            return alarm.name;
        });
        this.topicArn = topic.arn;
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ topicArn: this.topicArn });
    }
}
