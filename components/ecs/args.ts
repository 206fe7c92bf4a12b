// The shape of one ECS service as the component takes it (the stack config reads into the same shape).

/** A task definition for commands run on demand (e.g. a DB migration) with the service's image. */
export interface OneOffTaskSettings {
    readonly name: string;
    readonly command: readonly string[];
}

export interface EcsServiceSettings extends EcsWorkloadSettings {
    readonly name: string;
    /** Full image reference; empty when the image comes from the service's own ECR repository. */
    readonly image: string;
    /** Tag in the service's ECR repository (ecrRepository: true). */
    readonly imageTag?: string;
    readonly ecrRepository: boolean;
    readonly port: number;
    readonly cpu: number;
    readonly memory: number;
    readonly desiredCount: number;
    readonly healthCheckPath: string;
    readonly pathPattern: string;
    readonly environment: Readonly<Record<string, string>>;
    /** Variable name -> Secrets Manager secret or SSM parameter ARN. */
    readonly secrets: Readonly<Record<string, string>>;
    readonly command?: readonly string[];
    readonly autoscaling: {
        readonly min: number;
        readonly max: number;
        readonly cpuTargetPercent?: number;
        readonly requestsPerTarget?: number;
    };
    readonly oneOffTasks: readonly OneOffTaskSettings[];
}

/** How ECS replaces a service's tasks: rolling, or ECS's native blue/green family (two target groups). */
export const DEPLOYMENT_STRATEGIES = ["rolling", "blue-green", "linear", "canary"] as const;
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

/** Where a service's tasks may open connections beyond HTTPS: a security group, a prefix list or an IPv4 CIDR. */
export interface EgressDeclaration {
    /** sg-..., pl-... or an IPv4 CIDR. */
    readonly to: string;
    readonly port: number;
    /** Last port of a range; absent: `port` only. */
    readonly toPort?: number;
    readonly description?: string;
}

/** One statement of the application's own task-role policy, written as the app team gives it. */
export interface TaskRoleStatement {
    readonly sid?: string;
    readonly actions: readonly string[];
    readonly resources: readonly string[];
}

/** A Docker HEALTHCHECK run by the ECS agent inside the task; times in seconds. */
export interface ContainerHealthCheck {
    readonly command: readonly string[];
    readonly interval: number;
    readonly timeout: number;
    readonly retries: number;
    readonly startPeriod: number;
}

export interface DeploymentSettings {
    readonly strategy: DeploymentStrategy;
    /** Blue/green family: minutes both versions stay up after traffic moved, for a quick rollback. */
    readonly bakeTimeMinutes: number;
    /** linear: the share of traffic moved per step; canary: the share the canary gets. */
    readonly trafficPercent: number;
}

/** What a workload needs beyond its image: traffic, permissions, health, deploys, hardening. */
export interface EcsWorkloadSettings {
    /** Other services (by name) that may call this one on its container port. */
    readonly allowFrom: readonly string[];
    readonly egress: readonly EgressDeclaration[];
    readonly taskRoleStatements: readonly TaskRoleStatement[];
    readonly taskRoleManagedPolicyArns: readonly string[];
    readonly healthCheckGracePeriodSeconds: number;
    readonly containerHealthCheck?: ContainerHealthCheck;
    readonly deployment: DeploymentSettings;
    readonly readonlyRootFilesystem: boolean;
    /** "uid", "uid:gid" or a user name the image defines; absent: the image's USER. */
    readonly user?: string;
    /** awslogs-multiline-pattern: a line matching it starts a new log event (stack traces stay whole). */
    readonly logMultilinePattern?: string;
}
