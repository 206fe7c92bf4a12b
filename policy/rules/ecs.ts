// ECS on Fargate: Container Insights, awsvpc without public IPs, separate execution and task roles,
// container logging, and secrets only through `secrets`/`valueFrom`.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, Props } from "./util";

export const ECS_CLUSTER = "aws:ecs/cluster:Cluster";
export const ECS_SERVICE = "aws:ecs/service:Service";
export const ECS_TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

/** Environment variable names that look like a secret. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;

export const ecsContainerInsights: ResourceValidationPolicy = {
    name: "ecs-container-insights",
    description: "ECS clusters have Container Insights on.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== ECS_CLUSTER) return;
        const setting = asArray(args.props.settings)
            .map(asRecord)
            .find((s) => s?.name === "containerInsights");
        if (setting?.value !== "enabled" && setting?.value !== "enhanced") {
            report(
                `ECS cluster ${args.name}: Container Insights is off; add settings: [{ name: "containerInsights", value: "enabled" }] (or "enhanced").`,
            );
        }
    },
};

export const ecsServiceNetworking: ResourceValidationPolicy = {
    name: "ecs-awsvpc-no-public-ip",
    description: "ECS services and task definitions run in awsvpc mode without public IPs.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type === ECS_TASK_DEFINITION && args.props.networkMode !== "awsvpc") {
            report(
                `ECS task definition ${args.name}: networkMode is ${String(args.props.networkMode ?? "unset (bridge)")}; set networkMode: "awsvpc".`,
            );
        }
        if (args.type === ECS_SERVICE) {
            const network = asRecord(args.props.networkConfiguration);
            if (!network) {
                report(
                    `ECS service ${args.name}: no networkConfiguration; give it networkConfiguration { subnets: <private subnets>, securityGroups, assignPublicIp: false }.`,
                );
            } else if (network.assignPublicIp === true) {
                report(
                    `ECS service ${args.name}: assignPublicIp is true; set networkConfiguration.assignPublicIp: false and run in private subnets (reach the internet through the NAT).`,
                );
            }
        }
    },
};

export const ecsSeparateRoles: ResourceValidationPolicy = {
    name: "ecs-separate-execution-and-task-roles",
    description: "A task definition's execution role and task role are different roles.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== ECS_TASK_DEFINITION) return;
        const { executionRoleArn, taskRoleArn } = args.props;
        if (executionRoleArn !== undefined && executionRoleArn === taskRoleArn) {
            report(
                `ECS task definition ${args.name}: executionRoleArn and taskRoleArn are the same role; give the task its own role (the execution role pulls images and reads secrets, the application must not inherit that).`,
            );
        }
    },
};

/** containerDefinitions is a JSON string in aws.ecs.TaskDefinition. */
function containersOf(props: Props): Props[] | string {
    const raw = props.containerDefinitions;
    if (typeof raw !== "string") return "containerDefinitions is not a JSON string";
    try {
        const parsed: unknown = JSON.parse(raw);
        return asArray(parsed).map((c) => asRecord(c) ?? {});
    } catch (e) {
        return `containerDefinitions is not valid JSON (${(e as Error).message})`;
    }
}

export const ecsContainerLogging: ResourceValidationPolicy = {
    name: "ecs-container-log-configuration",
    description: "Every container of a task definition has a log configuration.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== ECS_TASK_DEFINITION) return;
        const containers = containersOf(args.props);
        if (typeof containers === "string") {
            report(`ECS task definition ${args.name}: ${containers}; pass JSON.stringify([...]) of the container definitions.`);
            return;
        }
        for (const c of containers) {
            if (!asRecord(c.logConfiguration)?.logDriver) {
                report(
                    `ECS task definition ${args.name}: container ${String(c.name)} has no logConfiguration; add logConfiguration { logDriver: "awslogs" (or "awsfirelens"), options: { awslogs-group, awslogs-region, awslogs-stream-prefix } }.`,
                );
            }
        }
    },
};

export const ecsNoSecretEnvironment: ResourceValidationPolicy = {
    name: "ecs-secrets-via-valuefrom",
    description: "Secrets reach containers only through `secrets` (valueFrom), never as plain environment variables.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== ECS_TASK_DEFINITION) return;
        const containers = containersOf(args.props);
        if (typeof containers === "string") return; // reported by ecs-container-log-configuration
        for (const c of containers) {
            for (const variable of asArray(c.environment).map(asRecord)) {
                const name = variable?.name;
                if (typeof name === "string" && SECRET_NAME.test(name)) {
                    report(
                        `ECS task definition ${args.name}: container ${String(c.name)} sets environment variable ${name}, which looks like a secret; move it to secrets: [{ name: "${name}", valueFrom: <Secrets Manager or SSM parameter ARN> }].`,
                    );
                }
            }
        }
    },
};

export const ecsPolicies = [ecsContainerInsights, ecsServiceNetworking, ecsSeparateRoles, ecsContainerLogging, ecsNoSecretEnvironment];
