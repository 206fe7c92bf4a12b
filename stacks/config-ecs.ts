// ECS settings: read and validated with the rest of the stack config (see ./config.ts).

import { FARGATE_CPU_MEMORY, describeFargateMemory, partitionOfRegion } from "../lib/aws-facts";
import { arnPlacementProblem, parseArn } from "../lib/arns";
import { AWS_QUOTAS, overQuota, quotaText } from "../lib/aws-quotas";
import { LOG_ROUTER_NAME } from "../components/ecs/containers";
import { ConfigReader, FieldMessage, key } from "./config-reader";
import { EcsServiceSettings, EcsSettings, OneOffTaskSettings } from "./environment";
import { ECS_AUTOSCALING_SHAPE, ECS_ONE_OFF_TASK_SHAPE, ECS_SERVICE_SHAPE } from "./schema";
import { checkServiceWorkloads, readEdgeSettings, readServiceWorkload } from "./config-ecs-workloads";

/**
 * ECS service names (CreateService): up to 255 letters, digits, hyphens and underscores. The names
 * derived from a service's name (log group, task family, roles, target group, ECR repository...)
 * are then each held to their own AWS rule by lib/names.ts, which is where the real limits come from.
 */
const SERVICE_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Secrets Manager secret or SSM parameter ARNs: the only things ECS resolves through `valueFrom`. */
const SECRET_ARN =
    /^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+|ssm:[a-z0-9-]+:[0-9]{12}:parameter\/[A-Za-z0-9/_.-]+)(:[A-Za-z0-9_:-]*)?$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate\/[0-9a-f-]{36}$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+*?&]*$/;

export const CONTAINER_INSIGHTS_MODES = ["enhanced", "enabled"] as const;
export const LOG_DRIVERS = ["awslogs", "firelens"] as const;
export const CPU_ARCHITECTURES = ["X86_64", "ARM64"] as const;

export function readEcsSettings(r: ConfigReader, context: { production: boolean; region: string }): EcsSettings {
    const taskCpu = r.integer("taskCpu", (v) => FARGATE_CPU_MEMORY.has(v), [...FARGATE_CPU_MEMORY.keys()].join(", "));
    const taskMemory = r.integer("taskMemory", () => true, "");
    checkTaskSize(r, "taskMemory", taskCpu, taskMemory);

    const containerInsights = r.oneOf("ecsContainerInsights", CONTAINER_INSIGHTS_MODES) as EcsSettings["containerInsights"];
    const logDriver = r.oneOf("ecsLogDriver", LOG_DRIVERS) as EcsSettings["logDriver"];
    const cpuArchitecture = r.oneOf("ecsCpuArchitecture", CPU_ARCHITECTURES) as EcsSettings["cpuArchitecture"];
    const fargateBase = r.integer("ecsFargateBase", (v) => v >= 0 && v <= 100000, "0..100000");
    const fargateWeight = r.integer("ecsFargateWeight", (v) => v >= 0 && v <= 1000, "0..1000");
    const spotWeight = r.integer("ecsSpotWeight", (v) => v >= 0 && v <= 1000, "0..1000");
    if (cpuArchitecture === "ARM64" && spotWeight > 0 && !r.hasIssue(key("ecsCpuArchitecture"))) {
        // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
        r.issue(
            key("ecsSpotWeight"),
            String(spotWeight),
            "Fargate Spot runs X86_64 tasks only: ARM64 tasks placed on FARGATE_SPOT never start",
            "0 with ecsCpuArchitecture ARM64 (Graviton on FARGATE only), or ecsCpuArchitecture X86_64",
        );
    }
    if (fargateWeight + spotWeight === 0) {
        r.issue(
            key("ecsSpotWeight"),
            "0",
            "FARGATE and FARGATE_SPOT weights are both 0",
            "a positive weight on at least one of ecsFargateWeight, ecsSpotWeight",
        );
    }
    if (context.production && fargateBase < 1) {
        r.issue(
            key("ecsFargateBase"),
            String(fargateBase),
            "prd keeps a FARGATE (on-demand) base so Spot interruptions cannot take a service to zero",
            "1 or more in prd",
        );
    }
    const partition = partitionOfRegion(context.region);
    const certificateArn = r.string(
        key("albCertificateArn"),
        (v) => v === "" || CERTIFICATE_ARN.test(v),
        `empty, or an ACM certificate ARN (arn:${partition}:acm:${context.region}:<account>:certificate/<uuid>)`,
    );
    const certificate = certificateArn === "" || r.hasIssue(key("albCertificateArn"), "aws:region") ? undefined : parseArn(certificateArn);
    // A load balancer takes a certificate of its own region only.
    const certificateProblem = certificate && arnPlacementProblem(certificate, { region: context.region, partition }, true);
    if (certificateProblem)
        r.issue(
            key("albCertificateArn"),
            certificateArn,
            certificateProblem,
            `an ACM certificate in ${context.region}: arn:${partition}:acm:${context.region}:<account>:certificate/<uuid>`,
        );
    const accessLogsBucket = r.string(key("albAccessLogsBucket"), (v) => v === "" || S3_BUCKET.test(v), "empty, or an S3 bucket name");
    const serviceDiscovery = r.boolean("ecsServiceDiscovery");
    const services = readServices(r, taskCpu, taskMemory, { region: context.region, partition });
    checkServiceWorkloads(r, services, { ...context, logDriver });
    const edge = readEdgeSettings(r, { ...context, hasServices: services.length > 0 }, { certificateArn, accessLogsBucket });
    if (logDriver === "firelens") {
        services.forEach((svc, i) => {
            if (svc.name === LOG_ROUTER_NAME)
                r.issue(
                    `${key("ecsServices")}[${i}].name`,
                    svc.name,
                    `with ecsLogDriver firelens every task has a "${LOG_ROUTER_NAME}" container: the service's container would share its name`,
                    "another service name",
                );
        });
    }
    // One listener rule and one target group per service on the one ALB.
    for (const quota of ["albRules", "albTargetGroups"] as const) {
        const problem = overQuota(quota, services.length, "services");
        if (problem) r.issue(key("ecsServices"), `${services.length} services`, problem, quotaText(quota));
    }

    return {
        taskCpu,
        taskMemory,
        containerInsights,
        logDriver,
        cpuArchitecture,
        capacity: { fargateBase, fargateWeight, spotWeight },
        certificateArn: certificateArn || undefined,
        accessLogsBucket: accessLogsBucket || undefined,
        serviceDiscovery,
        services,
        edge,
    };
}

function checkTaskSize(r: ConfigReader, where: string, cpu: number, memory: number, fullKey = key(where)): void {
    const memories = FARGATE_CPU_MEMORY.get(cpu);
    if (memories && !r.hasIssue(fullKey) && !memories.includes(memory)) {
        r.issue(
            fullKey,
            String(memory),
            `Fargate does not run ${cpu} CPU units with ${memory} MiB`,
            `with cpu ${cpu}: ${describeFargateMemory(cpu)}`,
        );
    }
}

const INTEGER: FieldMessage = { problem: "not an integer", allowed: "an integer" };
const SERVICE_NAME_MESSAGE: FieldMessage = {
    problem: "invalid service name",
    allowed: "1-255 of A-Z a-z 0-9 - _ (ECS CreateService), within the limits of the names derived from it",
};
const STRING_LIST: FieldMessage = { problem: "not a list of strings", allowed: 'e.g. ["node", "server.js"]' };

function readServices(
    r: ConfigReader,
    defaultCpu: number,
    defaultMemory: number,
    stack: { region: string; partition: string },
): EcsServiceSettings[] {
    const services: EcsServiceSettings[] = [];
    const names = new Set<string>();
    const paths = new Set<string>();
    for (const item of r.mapList("ecsServices", ECS_SERVICE_SHAPE)) {
        const raw = item.raw;
        item.unknownFields("unknown service setting");
        const name = item.read("name", SERVICE_NAME_MESSAGE, { invalid: "", valid: (n) => SERVICE_NAME.test(n) }) ?? "";
        // Cloud Map and DNS do not tell "API" from "api".
        if (names.has(name.toLowerCase())) item.bad("name", name, `duplicate service name "${name}"`, "unique service names (case aside)");
        names.add(name.toLowerCase());

        const ecrRepository = item.read("ecrRepository", { problem: "not a boolean", allowed: "true | false" }) === true;
        let image = "";
        let imageTag: string | undefined;
        if (ecrRepository) {
            if (raw.image !== undefined)
                item.bad("image", raw.image, "an ECR-built service takes imageTag, not image", "imageTag only when ecrRepository is true");
            imageTag =
                item.read(
                    "imageTag",
                    { problem: "invalid image tag", allowed: "a Docker tag, e.g. 1.4.2 or 2026-11-23-abc1234" },
                    { required: true, valid: (t) => IMAGE_TAG.test(t) },
                ) ?? "";
        } else {
            image =
                item.read(
                    "image",
                    { problem: "missing or invalid image", allowed: "an image reference, e.g. public.ecr.aws/nginx/nginx:stable" },
                    { required: true, valid: (i) => i.trim() !== "" && !/\s/.test(i) },
                ) ?? "";
        }

        const port = item.read("port", INTEGER, { missing: null });
        if (port === undefined || port < 1 || port > 65535) item.bad("port", raw.port, "port out of range", "1..65535");
        const cpu = item.read("cpu", INTEGER, { fallback: defaultCpu }) ?? defaultCpu;
        const memory = item.read("memory", INTEGER, { fallback: defaultMemory }) ?? defaultMemory;
        // A service that sets neither inherits taskCpu/taskMemory, which are checked on their own keys.
        if (raw.cpu !== undefined || raw.memory !== undefined) {
            if (!FARGATE_CPU_MEMORY.has(cpu))
                item.bad("cpu", raw.cpu ?? cpu, "not a Fargate CPU size", [...FARGATE_CPU_MEMORY.keys()].join(", "));
            else checkTaskSize(r, "memory", cpu, memory, item.at("memory"));
        }
        const desiredCount = item.read("desiredCount", INTEGER) ?? 1;
        if (desiredCount < 0) item.bad("desiredCount", raw.desiredCount, "negative desired count", "0 or more");
        const tooManyTasks = overQuota("ecsTasksPerService", desiredCount, "tasks");
        if (tooManyTasks) item.bad("desiredCount", desiredCount, tooManyTasks, quotaText("ecsTasksPerService"));

        const healthCheckPath =
            item.read(
                "healthCheckPath",
                // ELBv2 CreateTargetGroup HealthCheckPath: 1-1024 characters.
                { problem: "invalid health check path", allowed: "a path starting with /, at most 1024 characters, no spaces" },
                { invalid: undefined, valid: (p) => p.startsWith("/") && p.length <= 1024 && !/\s/.test(p) },
            ) ?? String(raw.healthCheckPath);
        const pathPattern =
            item.read(
                "pathPattern",
                {
                    problem: "invalid ALB path pattern",
                    allowed: `a path pattern starting with /, e.g. /api/*: ${AWS_QUOTAS.albPathPatternLength.value} characters and ${AWS_QUOTAS.albConditionWildcards.value} wildcards (* ?) at most`,
                },
                {
                    invalid: undefined,
                    valid: (p) =>
                        PATH_PATTERN.test(p) &&
                        p.length <= AWS_QUOTAS.albPathPatternLength.value &&
                        (p.match(/[*?]/g) ?? []).length <= AWS_QUOTAS.albConditionWildcards.value,
                },
            ) ?? String(raw.pathPattern);
        if (paths.has(pathPattern))
            item.bad(
                "pathPattern",
                raw.pathPattern === undefined ? pathPattern : raw.pathPattern,
                `"${pathPattern}" routes to two services`,
                "a distinct pathPattern per service",
            );
        paths.add(pathPattern);

        const environment = item.read(
            "environment",
            { problem: "not a map of strings", allowed: "NAME: value pairs" },
            { invalid: undefined },
        );
        for (const envName of Object.keys(environment ?? {})) {
            if (!ENV_NAME.test(envName)) item.bad("environment", envName, "invalid variable name", "[A-Za-z_][A-Za-z0-9_]*");
        }
        const secrets = item.read(
            "secrets",
            { problem: "not a map of strings", allowed: "NAME: secret ARN pairs" },
            { invalid: undefined },
        );
        for (const [secretName, arn] of Object.entries(secrets ?? {})) {
            if (!ENV_NAME.test(secretName)) item.bad("secrets", secretName, "invalid variable name", "[A-Za-z_][A-Za-z0-9_]*");
            // A value that is not an ARN is a secret pasted into config: refuse it, never echo it back.
            if (!SECRET_ARN.test(arn))
                r.issue(
                    `${item.at("secrets")}.${secretName}`,
                    "(hidden)",
                    "a secret must be referenced by ARN, never given as a value",
                    `arn:${stack.partition}:secretsmanager:<region>:<account>:secret:<name> or arn:${stack.partition}:ssm:<region>:<account>:parameter/<name>`,
                );
            else if (!r.hasIssue("aws:region")) {
                // ECS resolves secrets of another region by full ARN, never of another partition.
                const parsed = parseArn(arn);
                const problem = parsed && arnPlacementProblem(parsed, stack);
                if (problem)
                    r.issue(
                        `${item.at("secrets")}.${secretName}`,
                        arn,
                        problem,
                        `a Secrets Manager or SSM ARN of ${stack.partition} (arn:${stack.partition}:...)`,
                    );
            }
            if (environment && secretName in environment)
                item.bad(
                    "secrets",
                    secretName,
                    `"${secretName}" is both an environment variable and a secret`,
                    "each name in one of environment or secrets",
                );
        }

        const command = item.read("command", STRING_LIST);

        // Absent: the service stays at its desired count.
        const autoscalingRaw = raw.autoscaling ?? { min: desiredCount, max: desiredCount };
        const autoscaling = item.map("autoscaling", ECS_AUTOSCALING_SHAPE, {
            problem: "not a map",
            allowed: "{min, max, cpuTargetPercent, requestsPerTarget}",
        });
        autoscaling?.unknownFields("unknown autoscaling setting");
        const min = autoscaling?.read("min", INTEGER, { fallback: desiredCount }) ?? desiredCount;
        const max = autoscaling?.read("max", INTEGER, { fallback: Math.max(min, desiredCount) }) ?? Math.max(min, desiredCount);
        // max 0 parks the service: it exists, with its target group, roles and logs, and runs no task.
        if (min < 0 || max < 0 || (max === 0 && min !== 0))
            item.bad("autoscaling", autoscalingRaw, "bounds out of range", "0 <= min <= max (min = max = 0 parks the service)");
        const tooManyMax = overQuota("ecsTasksPerService", max, "tasks at most");
        if (tooManyMax) item.bad("autoscaling.max", max, tooManyMax, quotaText("ecsTasksPerService"));
        if (min > max) item.bad("autoscaling", autoscalingRaw, `min ${min} is greater than max ${max}`, "min <= desiredCount <= max");
        else if (desiredCount < min || desiredCount > max)
            item.bad("desiredCount", desiredCount, `outside the autoscaling bounds ${min}..${max}`, `${min}..${max}`);
        const cpuTargetPercent = autoscaling ? autoscaling.read("cpuTargetPercent", INTEGER) : 60;
        if (cpuTargetPercent !== undefined && (cpuTargetPercent < 1 || cpuTargetPercent > 100))
            item.bad("autoscaling.cpuTargetPercent", cpuTargetPercent, "out of range", "1..100");
        const requestsPerTarget = autoscaling?.read("requestsPerTarget", INTEGER);
        if (requestsPerTarget !== undefined && requestsPerTarget < 1)
            item.bad("autoscaling.requestsPerTarget", requestsPerTarget, "out of range", "1 or more");

        const taskNames = new Set<string>();
        const oneOffTasks: OneOffTaskSettings[] = item
            .list("oneOffTasks", ECS_ONE_OFF_TASK_SHAPE, { problem: "not a list", allowed: "a list of {name, command}" })
            .map((task) => {
                const taskName =
                    task.read(
                        "name",
                        { problem: "invalid task name", allowed: "1-255 of A-Z a-z 0-9 - _ (a task definition family part)" },
                        { valid: (n) => SERVICE_NAME.test(n) },
                    ) ?? String(task.raw.name);
                if (typeof task.raw.name === "string" && SERVICE_NAME.test(taskName)) {
                    if (taskNames.has(taskName))
                        task.bad("name", taskName, `duplicate one-off task "${taskName}"`, "unique task names per service");
                    taskNames.add(taskName);
                }
                return {
                    name: taskName,
                    command:
                        task.read(
                            "command",
                            { problem: "missing command", allowed: "a non-empty list of strings" },
                            { invalid: [], valid: (c) => c.length > 0 },
                        ) ?? [],
                };
            });

        services.push({
            name,
            image,
            imageTag,
            ecrRepository,
            port: port ?? 0,
            cpu,
            memory,
            desiredCount,
            healthCheckPath,
            pathPattern,
            environment: environment ?? {},
            secrets: secrets ?? {},
            command,
            autoscaling: { min, max, cpuTargetPercent, requestsPerTarget },
            oneOffTasks,
            ...readServiceWorkload(r, item),
        });
    }
    return services;
}
