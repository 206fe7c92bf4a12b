// Output models for the deploy runner: the CodeBuild project and its webhook.

import { AwsContext, hex, partitionOf, ResourceModel } from "./model-kit";

function arn(ctx: AwsContext, service: string, resource: string): string {
    return `arn:${partitionOf(ctx.region)}:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
}

export const DELIVERY_RESOURCE_MODELS: Readonly<Record<string, ResourceModel>> = {
    "aws:codebuild/project:Project": (_name, inputs, ctx) => {
        const projectName = String(inputs.name);
        const projectArn = arn(ctx, "codebuild", `project/${projectName}`);
        return { id: projectName, state: { arn: projectArn, badgeUrl: "", tagsAll: inputs.tags ?? {} } };
    },
    "aws:codebuild/webhook:Webhook": (_name, inputs, ctx) => ({
        id: String(inputs.projectName),
        state: {
            url: `https://codebuild.${ctx.region}.amazonaws.com/webhooks?t=${hex(32, "webhook", String(inputs.projectName))}`,
            payloadUrl: `https://codebuild.${ctx.region}.amazonaws.com/webhooks?t=${hex(32, "webhook", String(inputs.projectName))}`,
        },
    }),
};
