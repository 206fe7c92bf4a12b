// Output models for the observability component's resource types (SNS, CloudWatch alarms and
// dashboards, the Kubernetes objects of Fargate log routing).

import { AwsContext, autoName, hex, partitionOf, ResourceModel, State } from "./model-kit";

function arn(ctx: AwsContext, service: string, resource: string): string {
    return `arn:${partitionOf(ctx.region)}:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
}

/** A Kubernetes object as the API server returns it: the metadata gains uid, resourceVersion, creationTimestamp. */
function kubernetesObject(apiVersion: string, kind: string): ResourceModel {
    return (name, inputs) => {
        const metadata = (inputs.metadata ?? {}) as State;
        const objectName = String(metadata.name ?? autoName(name, kind));
        const namespace = metadata.namespace as string | undefined;
        const uid = hex(32, kind, objectName);
        return {
            id: namespace ? `${namespace}/${objectName}` : objectName,
            state: {
                apiVersion,
                kind,
                metadata: {
                    ...metadata,
                    name: objectName,
                    uid: `${uid.slice(0, 8)}-${uid.slice(8, 12)}-${uid.slice(12, 16)}-${uid.slice(16, 20)}-${uid.slice(20, 32)}`,
                    resourceVersion: String(parseInt(hex(6, "rv", objectName), 16)),
                    creationTimestamp: "2026-01-01T00:00:00Z",
                },
            },
        };
    };
}

export const OBSERVABILITY_RESOURCE_MODELS: Readonly<Record<string, ResourceModel>> = {
    "aws:sns/topic:Topic": (name, inputs, ctx) => {
        const topicName = String(inputs.name ?? autoName(name, "topic"));
        const topicArn = arn(ctx, "sns", topicName);
        return { id: topicArn, state: { name: topicName, arn: topicArn, owner: ctx.accountId, tagsAll: inputs.tags ?? {} } };
    },
    // The topic policy is keyed by its topic; the registry scanning configuration by the account.
    "aws:sns/topicPolicy:TopicPolicy": (_name, inputs, ctx) => ({ id: String(inputs.arn), state: { owner: ctx.accountId } }),
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
    "kubernetes:core/v1:Namespace": kubernetesObject("v1", "Namespace"),
    "kubernetes:core/v1:ConfigMap": kubernetesObject("v1", "ConfigMap"),
};
