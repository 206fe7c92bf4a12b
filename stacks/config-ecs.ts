// ECS settings: read and validated with the rest of the stack config (see ./config.ts).

import { FARGATE_CPU_MEMORY, describeFargateMemory } from "../lib/aws-facts";
import { ConfigReader, key } from "./config-reader";
import { EcsServiceSettings, EcsSettings, OneOffTaskSettings } from "./environment";

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,30}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Secrets Manager secret or SSM parameter ARNs: the only things ECS resolves through `valueFrom`. */
const SECRET_ARN = /^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+|ssm:[a-z0-9-]+:[0-9]{12}:parameter\/[A-Za-z0-9/_.-]+)(:[A-Za-z0-9_:-]*)?$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate\/[0-9a-f-]{36}$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+*?&]*$/;
const SERVICE_KEYS = ["name", "image", "imageTag", "ecrRepository", "port", "cpu", "memory", "desiredCount", "healthCheckPath",
    "pathPattern", "environment", "secrets", "autoscaling", "command", "oneOffTasks"];
const AUTOSCALING_KEYS = ["min", "max", "cpuTargetPercent", "requestsPerTarget"];

export const CONTAINER_INSIGHTS_MODES = ["enhanced", "enabled"] as const;
export const LOG_DRIVERS = ["awslogs", "firelens"] as const;
export const CPU_ARCHITECTURES = ["X86_64", "ARM64"] as const;

export function readEcsSettings(r: ConfigReader, context: { production: boolean }): EcsSettings {
    const taskCpu = r.integer("taskCpu", (v) => FARGATE_CPU_MEMORY.has(v), [...FARGATE_CPU_MEMORY.keys()].join(", "));
    const taskMemory = r.integer("taskMemory", () => true, "");
    checkTaskSize(r, "taskMemory", taskCpu, taskMemory);

    const containerInsights = r.oneOf("ecsContainerInsights", CONTAINER_INSIGHTS_MODES) as EcsSettings["containerInsights"];
    const logDriver = r.oneOf("ecsLogDriver", LOG_DRIVERS) as EcsSettings["logDriver"];
    const cpuArchitecture = r.oneOf("ecsCpuArchitecture", CPU_ARCHITECTURES) as EcsSettings["cpuArchitecture"];
    const fargateBase = r.integer("ecsFargateBase", (v) => v >= 0 && v <= 100000, "0..100000");
    const fargateWeight = r.integer("ecsFargateWeight", (v) => v >= 0 && v <= 1000, "0..1000");
    const spotWeight = r.integer("ecsSpotWeight", (v) => v >= 0 && v <= 1000, "0..1000");
    if (fargateWeight + spotWeight === 0) {
        r.issue(key("ecsSpotWeight"), "0", "FARGATE and FARGATE_SPOT weights are both 0", "a positive weight on at least one of ecsFargateWeight, ecsSpotWeight");
    }
    if (context.production && fargateBase < 1) {
        r.issue(key("ecsFargateBase"), String(fargateBase), "prd keeps a FARGATE (on-demand) base so Spot interruptions cannot take a service to zero", "1 or more in prd");
    }
    const certificateArn = r.string(key("albCertificateArn"), (v) => v === "" || CERTIFICATE_ARN.test(v), "empty, or an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>)");
    const accessLogsBucket = r.string(key("albAccessLogsBucket"), (v) => v === "" || S3_BUCKET.test(v), "empty, or an S3 bucket name");
    const serviceDiscovery = r.boolean("ecsServiceDiscovery");
    const services = readServices(r, taskCpu, taskMemory);

    return {
        taskCpu, taskMemory, containerInsights, logDriver, cpuArchitecture,
        capacity: { fargateBase, fargateWeight, spotWeight },
        certificateArn: certificateArn || undefined,
        accessLogsBucket: accessLogsBucket || undefined,
        serviceDiscovery,
        services,
    };
}

function checkTaskSize(r: ConfigReader, where: string, cpu: number, memory: number, fullKey = key(where)): void {
    const memories = FARGATE_CPU_MEMORY.get(cpu);
    if (memories && !r.hasIssue(fullKey) && !memories.includes(memory)) {
        r.issue(fullKey, String(memory), `Fargate does not run ${cpu} CPU units with ${memory} MiB`, `with cpu ${cpu}: ${describeFargateMemory(cpu)}`);
    }
}

type Raw = Record<string, unknown>;

function readServices(r: ConfigReader, defaultCpu: number, defaultMemory: number): EcsServiceSettings[] {
    const fullKey = key("ecsServices");
    const list = r.objectList("ecsServices");
    const services: EcsServiceSettings[] = [];
    const names = new Set<string>();
    const paths = new Set<string>();
    list.forEach((raw, i) => {
        const at = (field: string) => `${fullKey}[${i}].${field}`;
        const bad = (field: string, value: unknown, problem: string, allowed: string) =>
            r.issue(at(field), JSON.stringify(value) ?? "(unset)", problem, allowed);
        const intField = (obj: Raw, field: string, fallback: number | undefined, label = field): number | undefined => {
            const value = obj[field];
            if (value === undefined) return fallback;
            if (typeof value !== "number" || !Number.isSafeInteger(value)) {
                bad(label, value, "not an integer", "an integer");
                return fallback;
            }
            return value;
        };
        for (const field of Object.keys(raw)) {
            if (!SERVICE_KEYS.includes(field)) bad(field, raw[field], "unknown service setting", SERVICE_KEYS.join(", "));
        }
        const name = typeof raw.name === "string" ? raw.name : "";
        if (!SERVICE_NAME.test(name)) bad("name", raw.name, "invalid service name", "1-31 of a-z 0-9 -, starting with a letter");
        if (names.has(name)) bad("name", name, `duplicate service name "${name}"`, "unique service names");
        names.add(name);

        const ecrRepository = raw.ecrRepository === undefined ? false : raw.ecrRepository;
        if (typeof ecrRepository !== "boolean") bad("ecrRepository", raw.ecrRepository, "not a boolean", "true | false");
        let image = "";
        let imageTag: string | undefined;
        if (ecrRepository === true) {
            if (raw.image !== undefined) bad("image", raw.image, "an ECR-built service takes imageTag, not image", "imageTag only when ecrRepository is true");
            if (typeof raw.imageTag !== "string" || !IMAGE_TAG.test(raw.imageTag)) bad("imageTag", raw.imageTag, "invalid image tag", "a Docker tag, e.g. 1.4.2 or 2026-11-23-abc1234");
            imageTag = typeof raw.imageTag === "string" ? raw.imageTag : "";
        } else {
            if (typeof raw.image !== "string" || raw.image.trim() === "" || /\s/.test(raw.image)) bad("image", raw.image, "missing or invalid image", "an image reference, e.g. public.ecr.aws/nginx/nginx:stable");
            image = typeof raw.image === "string" ? raw.image : "";
        }

        const port = intField(raw, "port", undefined);
        if (port === undefined || port < 1 || port > 65535) bad("port", raw.port, "port out of range", "1..65535");
        const cpu = intField(raw, "cpu", defaultCpu) ?? defaultCpu;
        const memory = intField(raw, "memory", defaultMemory) ?? defaultMemory;
        // A service that sets neither inherits taskCpu/taskMemory, which are checked on their own keys.
        if (raw.cpu !== undefined || raw.memory !== undefined) {
            if (!FARGATE_CPU_MEMORY.has(cpu)) bad("cpu", raw.cpu ?? cpu, "not a Fargate CPU size", [...FARGATE_CPU_MEMORY.keys()].join(", "));
            else checkTaskSize(r, "memory", cpu, memory, at("memory"));
        }
        const desiredCount = intField(raw, "desiredCount", 1) ?? 1;
        if (desiredCount < 0) bad("desiredCount", raw.desiredCount, "negative desired count", "0 or more");

        const healthCheckPath = raw.healthCheckPath === undefined ? "/" : raw.healthCheckPath;
        if (typeof healthCheckPath !== "string" || !healthCheckPath.startsWith("/")) bad("healthCheckPath", raw.healthCheckPath, "invalid health check path", "a path starting with /");
        const pathPattern = raw.pathPattern === undefined ? "/*" : raw.pathPattern;
        if (typeof pathPattern !== "string" || !PATH_PATTERN.test(pathPattern)) bad("pathPattern", raw.pathPattern, "invalid ALB path pattern", "a path pattern starting with /, e.g. /api/*");
        if (paths.has(String(pathPattern))) bad("pathPattern", pathPattern, `"${String(pathPattern)}" routes to two services`, "a distinct pathPattern per service");
        paths.add(String(pathPattern));

        const environment = stringMap(raw.environment);
        if (environment === undefined) bad("environment", raw.environment, "not a map of strings", "NAME: value pairs");
        for (const envName of Object.keys(environment ?? {})) {
            if (!ENV_NAME.test(envName)) bad("environment", envName, "invalid variable name", "[A-Za-z_][A-Za-z0-9_]*");
        }
        const secrets = stringMap(raw.secrets);
        if (secrets === undefined) bad("secrets", raw.secrets, "not a map of strings", "NAME: secret ARN pairs");
        for (const [secretName, arn] of Object.entries(secrets ?? {})) {
            if (!ENV_NAME.test(secretName)) bad("secrets", secretName, "invalid variable name", "[A-Za-z_][A-Za-z0-9_]*");
            // A value that is not an ARN is a secret pasted into config: refuse it, never echo it back.
            if (!SECRET_ARN.test(arn)) r.issue(`${at("secrets")}.${secretName}`, "(hidden)", "a secret must be referenced by ARN, never given as a value",
                "arn:aws:secretsmanager:<region>:<account>:secret:<name> or arn:aws:ssm:<region>:<account>:parameter/<name>");
            if (environment && secretName in environment) bad("secrets", secretName, `"${secretName}" is both an environment variable and a secret`, "each name in one of environment or secrets");
        }

        const command = raw.command === undefined ? undefined : raw.command;
        if (command !== undefined && !isStringList(command)) bad("command", command, "not a list of strings", "e.g. [\"node\", \"server.js\"]");

        const autoscalingRaw = (raw.autoscaling ?? { min: desiredCount, max: desiredCount }) as Raw;
        for (const field of Object.keys(autoscalingRaw)) {
            if (!AUTOSCALING_KEYS.includes(field)) bad(`autoscaling.${field}`, autoscalingRaw[field], "unknown autoscaling setting", AUTOSCALING_KEYS.join(", "));
        }
        const min = intField(autoscalingRaw, "min", desiredCount, "autoscaling.min") ?? 0;
        const max = intField(autoscalingRaw, "max", Math.max(min, desiredCount), "autoscaling.max") ?? 0;
        if (min < 0 || max < 1) bad("autoscaling", autoscalingRaw, "bounds out of range", "min >= 0, max >= 1");
        if (min > max) bad("autoscaling", autoscalingRaw, `min ${min} is greater than max ${max}`, "min <= desiredCount <= max");
        else if (desiredCount < min || desiredCount > max) bad("desiredCount", desiredCount, `outside the autoscaling bounds ${min}..${max}`, `${min}..${max}`);
        const cpuTargetPercent = intField(autoscalingRaw, "cpuTargetPercent", 60, "autoscaling.cpuTargetPercent");
        if (cpuTargetPercent !== undefined && (cpuTargetPercent < 1 || cpuTargetPercent > 100)) bad("autoscaling.cpuTargetPercent", cpuTargetPercent, "out of range", "1..100");
        const requestsPerTarget = intField(autoscalingRaw, "requestsPerTarget", undefined, "autoscaling.requestsPerTarget");
        if (requestsPerTarget !== undefined && requestsPerTarget < 1) bad("autoscaling.requestsPerTarget", requestsPerTarget, "out of range", "1 or more");

        const oneOffTasks: OneOffTaskSettings[] = [];
        const rawTasks = raw.oneOffTasks ?? [];
        if (!Array.isArray(rawTasks)) bad("oneOffTasks", rawTasks, "not a list", "a list of {name, command}");
        for (const [j, task] of (Array.isArray(rawTasks) ? rawTasks : []).entries()) {
            const t = (task ?? {}) as Raw;
            if (typeof t.name !== "string" || !SERVICE_NAME.test(t.name)) bad(`oneOffTasks[${j}].name`, t.name, "invalid task name", "1-31 of a-z 0-9 -, starting with a letter");
            if (!isStringList(t.command) || t.command.length === 0) bad(`oneOffTasks[${j}].command`, t.command, "missing command", "a non-empty list of strings");
            oneOffTasks.push({ name: String(t.name), command: isStringList(t.command) ? t.command : [] });
        }

        services.push({
            name, image, imageTag, ecrRepository: ecrRepository === true, port: port ?? 0, cpu, memory, desiredCount,
            healthCheckPath: String(healthCheckPath), pathPattern: String(pathPattern),
            environment: environment ?? {}, secrets: secrets ?? {},
            command: isStringList(command) ? command : undefined,
            autoscaling: { min, max, cpuTargetPercent, requestsPerTarget },
            oneOffTasks,
        });
    });
    return services;
}

function stringMap(value: unknown): Record<string, string> | undefined {
    if (value === undefined) return {};
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    return Object.values(value).every((v) => typeof v === "string") ? { ...(value as Record<string, string>) } : undefined;
}

function isStringList(value: unknown): value is string[] {
    return Array.isArray(value) && value.every((v) => typeof v === "string");
}
