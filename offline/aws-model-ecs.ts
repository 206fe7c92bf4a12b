// Output models for ECS on Fargate: cluster, task definitions, services, ALB, autoscaling, ECR, Cloud Map.

import { AwsContext, hex, InvokeModel, NotFoundError, offlineWorld, partitionOf, prefixedName, ResourceModel } from "./model-kit";

function arn(ctx: AwsContext, service: string, resource: string): string {
    return `arn:${partitionOf(ctx.region)}:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
}

/** The tail of an ARN after its resource-type slash, e.g. the cluster name of a cluster ARN. */
const tail = (value: unknown) => String(value).split("/").slice(1).join("/");

export const ECS_RESOURCE_MODELS: Readonly<Record<string, ResourceModel>> = {
    "aws:ecs/cluster:Cluster": (name, inputs, ctx) => {
        const clusterArn = arn(ctx, "ecs", `cluster/${String(inputs.name)}`);
        return { id: clusterArn, state: { arn: clusterArn, name: inputs.name, tagsAll: inputs.tags ?? {} } };
    },
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": (_name, inputs) => ({ id: String(inputs.clusterName), state: {} }),
    "aws:ecs/taskDefinition:TaskDefinition": (_name, inputs, ctx) => {
        const family = String(inputs.family);
        return {
            id: family,
            state: {
                arn: arn(ctx, "ecs", `task-definition/${family}:1`),
                arnWithoutRevision: arn(ctx, "ecs", `task-definition/${family}`),
                revision: 1,
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:ecs/service:Service": (_name, inputs, ctx) => {
        const serviceArn = arn(ctx, "ecs", `service/${tail(inputs.cluster)}/${String(inputs.name)}`);
        return { id: serviceArn, state: { arn: serviceArn, tagsAll: inputs.tags ?? {} } };
    },
    "aws:lb/loadBalancer:LoadBalancer": (name, inputs, ctx) => {
        const suffix = `app/${String(inputs.name)}/${hex(16, "alb", name)}`;
        return {
            id: arn(ctx, "elasticloadbalancing", `loadbalancer/${suffix}`),
            state: {
                arn: arn(ctx, "elasticloadbalancing", `loadbalancer/${suffix}`),
                arnSuffix: suffix,
                dnsName: `${String(inputs.name)}-${parseInt(hex(8, "dns", name), 16)}.${ctx.region}.elb.amazonaws.com`,
                zoneId: "Z14GRHDCWA56QT",
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:lb/targetGroup:TargetGroup": (name, inputs, ctx) => {
        const groupName = String(inputs.name ?? prefixedName(String(inputs.namePrefix), name));
        const suffix = `targetgroup/${groupName}/${hex(16, "tg", name)}`;
        return {
            id: arn(ctx, "elasticloadbalancing", suffix),
            state: { name: groupName, arn: arn(ctx, "elasticloadbalancing", suffix), arnSuffix: suffix, tagsAll: inputs.tags ?? {} },
        };
    },
    "aws:lb/listener:Listener": (name, inputs) => {
        const listenerArn = `${String(inputs.loadBalancerArn).replace(":loadbalancer/", ":listener/")}/${hex(16, "listener", name)}`;
        return { id: listenerArn, state: { arn: listenerArn, tagsAll: inputs.tags ?? {} } };
    },
    "aws:lb/listenerRule:ListenerRule": (name, inputs) => {
        const ruleArn = `${String(inputs.listenerArn).replace(":listener/", ":listener-rule/")}/${hex(16, "rule", name)}`;
        return { id: ruleArn, state: { arn: ruleArn, tagsAll: inputs.tags ?? {} } };
    },
    "aws:appautoscaling/target:Target": (name, inputs, ctx) => ({
        id: String(inputs.resourceId),
        state: { arn: arn(ctx, "application-autoscaling", `scalable-target/0e${hex(30, "target", name)}`), tagsAll: inputs.tags ?? {} },
    }),
    // The provider's id is "<name>-<namespace>-<resource id>" (appautoscaling/scheduled_action.go).
    "aws:appautoscaling/scheduledAction:ScheduledAction": (name, inputs, ctx) => {
        const uuid = hex(32, "scheduled-action", name);
        return {
            id: `${String(inputs.name)}-${String(inputs.serviceNamespace)}-${String(inputs.resourceId)}`,
            state: {
                arn: arn(
                    ctx,
                    "autoscaling",
                    `scheduledAction:${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20)}:resource/${String(inputs.serviceNamespace)}/${String(inputs.resourceId)}:scheduledActionName/${String(inputs.name)}`,
                ),
                timezone: inputs.timezone ?? "UTC",
            },
        };
    },
    "aws:appautoscaling/policy:Policy": (name, inputs, ctx) => {
        const uuid = hex(32, "policy", name);
        return {
            id: String(inputs.name),
            state: {
                arn: arn(
                    ctx,
                    "autoscaling",
                    `scalingPolicy:${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20)}:resource/ecs/${String(inputs.resourceId)}:policyName/${String(inputs.name)}`,
                ),
                alarmArns: [],
            },
        };
    },
    "aws:ecr/repository:Repository": (_name, inputs, ctx) => {
        const repoName = String(inputs.name);
        return {
            id: repoName,
            state: {
                arn: arn(ctx, "ecr", `repository/${repoName}`),
                registryId: ctx.accountId,
                repositoryUrl: `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${repoName}`,
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": (_name, inputs, ctx) => ({
        id: String(inputs.repository),
        state: { registryId: ctx.accountId },
    }),
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": (name, inputs, ctx) => {
        const id = `ns-${hex(16, "namespace", name)}`;
        return {
            id,
            state: {
                arn: arn(ctx, "servicediscovery", `namespace/${id}`),
                hostedZone: `Z${hex(20, "zone", name).toUpperCase()}`,
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:servicediscovery/service:Service": (name, inputs, ctx) => {
        const id = `srv-${hex(16, "service", name)}`;
        return { id, state: { arn: arn(ctx, "servicediscovery", `service/${id}`), tagsAll: inputs.tags ?? {} } };
    },
};

export const ECS_INVOKE_MODELS: Readonly<Record<string, InvokeModel>> = {
    "aws:ecr/getImage:getImage": (args, ctx) => {
        const ref = `${String(args.repositoryName)}:${String(args.imageTag)}`;
        if (offlineWorld.missingImages.includes(ref)) {
            throw new NotFoundError(
                `ImageNotFoundException: The image with imageId {imageTag:'${String(args.imageTag)}'} does not exist within the repository with name '${String(args.repositoryName)}'`,
            );
        }
        const digest = `sha256:${hex(64, "image", ref)}`;
        return {
            id: `${ctx.accountId}/${String(args.repositoryName)}/${digest}`,
            repositoryName: args.repositoryName,
            imageTag: args.imageTag,
            imageDigest: digest,
            imageTags: [args.imageTag],
            registryId: ctx.accountId,
            imageUri: `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${ref}`,
        };
    },
};
