// Container definitions (the JSON ECS stores in a task definition), built from typed inputs.

import { ContainerHealthCheck } from "./args";
import { names } from "../../lib/names";

export const FIRELENS_IMAGE = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable";
export const LOG_ROUTER_NAME = "log_router";

export interface ContainerInputs {
    readonly name: string;
    readonly image: string;
    readonly port?: number;
    readonly command?: readonly string[];
    readonly environment: Readonly<Record<string, string>>;
    readonly secrets: Readonly<Record<string, string>>;
    readonly region: string;
    readonly logGroupName: string;
    readonly logDriver: "awslogs" | "firelens";
    readonly healthCheck?: ContainerHealthCheck;
    readonly readonlyRootFilesystem?: boolean;
    readonly user?: string;
    readonly logMultilinePattern?: string;
}

/**
 * Writable scratch space a read-only root filesystem still needs: /tmp for the application, and the
 * directories ECS Exec's SSM agent writes (it crashes on a read-only root otherwise:
 * aws/containers-roadmap#1359, aws-containers/amazon-ecs-exec-checker#21). Task-scoped volumes
 * (Fargate ephemeral storage), gone with the task.
 */
export const SCRATCH_VOLUMES: readonly { readonly name: string; readonly path: string }[] = [
    { name: "tmp", path: "/tmp" },
    { name: "ssm-state", path: "/var/lib/amazon/ssm" },
    { name: "ssm-logs", path: "/var/log/amazon/ssm" },
];

type ContainerDefinition = Record<string, unknown>;

function awslogs(region: string, group: string, streamPrefix: string, multilinePattern?: string): ContainerDefinition {
    return {
        logDriver: "awslogs",
        options: {
            "awslogs-group": group,
            "awslogs-region": region,
            "awslogs-stream-prefix": streamPrefix,
            ...(multilinePattern ? { "awslogs-multiline-pattern": multilinePattern } : {}),
        },
    };
}

/** The app container, and with FireLens the Fluent Bit router in front of it. */
export function containerDefinitions(c: ContainerInputs): ContainerDefinition[] {
    const app: ContainerDefinition = {
        name: c.name,
        image: c.image,
        essential: true,
        ...(c.command ? { command: [...c.command] } : {}),
        ...(c.port
            ? { portMappings: [{ name: names.portMapping(c.name), containerPort: c.port, protocol: "tcp", appProtocol: "http" }] }
            : {}),
        // Sorted so that reordering config does not register a new task definition revision.
        environment: Object.keys(c.environment)
            .sort()
            .map((name) => ({ name, value: c.environment[name] })),
        secrets: Object.keys(c.secrets)
            .sort()
            .map((name) => ({ name, valueFrom: c.secrets[name] })),
        // ECS Exec runs its agent inside the container; an init process reaps the sessions' children.
        linuxParameters: { initProcessEnabled: true },
        ...(c.healthCheck
            ? {
                  healthCheck: {
                      command: [...c.healthCheck.command],
                      interval: c.healthCheck.interval,
                      timeout: c.healthCheck.timeout,
                      retries: c.healthCheck.retries,
                      startPeriod: c.healthCheck.startPeriod,
                  },
              }
            : {}),
        ...(c.readonlyRootFilesystem
            ? {
                  readonlyRootFilesystem: true,
                  mountPoints: SCRATCH_VOLUMES.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
              }
            : {}),
        ...(c.user ? { user: c.user } : {}),
        logConfiguration:
            c.logDriver === "awslogs"
                ? awslogs(c.region, c.logGroupName, c.name, c.logMultilinePattern)
                : {
                      logDriver: "awsfirelens",
                      options: {
                          Name: "cloudwatch_logs",
                          region: c.region,
                          log_group_name: c.logGroupName,
                          log_stream_prefix: `${c.name}/`,
                          auto_create_group: "false",
                      },
                  },
    };
    if (c.logDriver === "awslogs") {
        return [app];
    }
    const router: ContainerDefinition = {
        name: LOG_ROUTER_NAME,
        image: FIRELENS_IMAGE,
        essential: true,
        firelensConfiguration: { type: "fluentbit" },
        // The router's own logs go to the same group through awslogs, never to an auto-created one.
        logConfiguration: awslogs(c.region, c.logGroupName, LOG_ROUTER_NAME),
        memoryReservation: 50,
    };
    return [router, { ...app, dependsOn: [{ containerName: LOG_ROUTER_NAME, condition: "START" }] }];
}
