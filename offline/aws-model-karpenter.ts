// Output models for Karpenter's AWS side: the interruption queue and its policy, the controller's
// Pod Identity association, and the discovery tag on the EKS-created cluster security group.

import { AwsContext, hex, partitionOf, prefixedName, ResourceModel } from "./model-kit";

function queueArn(ctx: AwsContext, queueName: string): string {
    return `arn:${partitionOf(ctx.region)}:sqs:${ctx.region}:${ctx.accountId}:${queueName}`;
}

export const KARPENTER_RESOURCE_MODELS: Readonly<Record<string, ResourceModel>> = {
    "aws:sqs/queue:Queue": (name, inputs, ctx) => {
        // The provider's name_prefix adds 26 characters; a name given outright is kept.
        const queueName = String(inputs.name ?? prefixedName(String(inputs.namePrefix ?? `${name}-`), name));
        const suffix = ctx.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        const url = `https://sqs.${ctx.region}.${suffix}/${ctx.accountId}/${queueName}`;
        return { id: url, state: { name: queueName, arn: queueArn(ctx, queueName), url, tagsAll: inputs.tags ?? {} } };
    },
    "aws:sqs/queuePolicy:QueuePolicy": (_name, inputs) => ({ id: String(inputs.queueUrl), state: {} }),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": (name, inputs, ctx) => {
        const associationId = `a-${hex(17, "pod-identity", name)}`;
        return {
            id: `${String(inputs.clusterName)},${associationId}`,
            state: {
                associationId,
                associationArn: `arn:${partitionOf(ctx.region)}:eks:${ctx.region}:${ctx.accountId}:podidentityassociation/${String(inputs.clusterName)}/${associationId}`,
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:ec2/tag:Tag": (_name, inputs) => ({ id: `${String(inputs.resourceId)},${String(inputs.key)}`, state: {} }),
};
