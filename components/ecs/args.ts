// The shape of one ECS service as the component takes it (the stack config reads into the same shape).

/** A task definition for commands run on demand (e.g. a DB migration) with the service's image. */
export interface OneOffTaskSettings {
    readonly name: string;
    readonly command: readonly string[];
}

export interface EcsServiceSettings {
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
