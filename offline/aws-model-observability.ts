// Output models for the observability component's resource types (SNS, CloudWatch alarms and
// dashboards, the log archive's Firehose stream and subscription filters); the Kubernetes objects are answered by ./kubernetes-model.ts.

import { AwsContext, autoName, hex, partitionOf, ResourceModel } from "./model-kit";

function arn(ctx: AwsContext, service: string, resource: string): string {
    return `arn:${partitionOf(ctx.region)}:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
}

export const OBSERVABILITY_RESOURCE_MODELS: Readonly<Record<string, ResourceModel>> = {
    "aws:sns/topic:Topic": (name, inputs, ctx) => {
        const topicName = String(inputs.name ?? autoName(name, "topic"));
        const topicArn = arn(ctx, "sns", topicName);
        return { id: topicArn, state: { name: topicName, arn: topicArn, owner: ctx.accountId, tagsAll: inputs.tags ?? {} } };
    },
    // The topic policy is keyed by its topic; the registry scanning configuration by the account.
    "aws:sns/topicPolicy:TopicPolicy": (_name, inputs, ctx) => ({ id: String(inputs.arn), state: { owner: ctx.accountId } }),
    // A detector id is 32 hex characters; a feature is keyed by its detector and name.
    "aws:guardduty/detector:Detector": (name, inputs, ctx) => {
        const detectorId = hex(32, "detector", name);
        return {
            id: detectorId,
            state: { accountId: ctx.accountId, arn: arn(ctx, "guardduty", `detector/${detectorId}`), tagsAll: inputs.tags ?? {} },
        };
    },
    "aws:guardduty/detectorFeature:DetectorFeature": (_name, inputs) => ({
        id: `${String(inputs.detectorId)}/${String(inputs.name)}`,
        state: {},
    }),
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": (_name, _inputs, ctx) => ({
        id: ctx.accountId,
        state: { registryId: ctx.accountId },
    }),
    "aws:sns/topicSubscription:TopicSubscription": (name, inputs) => {
        const id = `${String(inputs.topic)}:${hex(8, name)}-${hex(4, "a", name)}-${hex(4, "b", name)}-${hex(4, "c", name)}-${hex(12, "d", name)}`;
        return { id, state: { arn: id, pendingConfirmation: inputs.protocol === "email", confirmationWasAuthenticated: false } };
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": (name, inputs, ctx) => {
        const alarmName = String(inputs.name ?? autoName(name, "alarm"));
        return { id: alarmName, state: { name: alarmName, arn: arn(ctx, "cloudwatch", `alarm:${alarmName}`), tagsAll: inputs.tags ?? {} } };
    },
    "aws:cloudwatch/dashboard:Dashboard": (name, inputs, ctx) => {
        const dashboardName = String(inputs.dashboardName);
        return {
            id: dashboardName,
            state: { dashboardArn: `arn:${partitionOf(ctx.region)}:cloudwatch::${ctx.accountId}:dashboard/${dashboardName}` },
        };
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (name, inputs) => ({
        id: `${String(inputs.role)}-${hex(20, "attachment", name)}`,
        state: {},
    }),
    "aws:eks/addon:Addon": (name, inputs, ctx) => {
        const uuid = hex(32, "addon", name);
        return {
            id: `${String(inputs.clusterName)}:${String(inputs.addonName)}`,
            state: {
                arn: arn(
                    ctx,
                    "eks",
                    `addon/${String(inputs.clusterName)}/${String(inputs.addonName)}/${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20)}`,
                ),
                addonVersion: inputs.addonVersion ?? "v4.4.0-eksbuild.1",
                createdAt: "2026-01-01T00:00:00Z",
                modifiedAt: "2026-01-01T00:00:00Z",
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    // The log archive: the Firehose stream (id: its ARN), the subscription filters (the provider's
    // id is "cwlsf-" and a hash), the bucket's versioning (keyed by its bucket).
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": (name, inputs, ctx) => {
        const streamName = String(inputs.name ?? autoName(name, "firehose"));
        const streamArn = arn(ctx, "firehose", `deliverystream/${streamName}`);
        return {
            id: streamArn,
            state: {
                name: streamName,
                arn: streamArn,
                destinationId: "destinationId-000000000001",
                versionId: "1",
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": (name, inputs) => {
        const filterName = String(inputs.name ?? autoName(name, "subscription-filter"));
        return { id: `cwlsf-${parseInt(hex(8, "cwlsf", name), 16)}`, state: { name: filterName, distribution: "ByLogStream" } };
    },
    "aws:s3/bucketVersioning:BucketVersioning": (_name, inputs) => ({ id: String(inputs.bucket), state: {} }),
};
