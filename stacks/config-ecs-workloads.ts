// The workload fields of each ECS service (traffic, task-role permissions, health, deploys,
// hardening) and the ALB's edge keys: read and checked here, called from ./config-ecs.ts.

import { EcsServiceSettings, EcsWorkloadSettings, EgressDeclaration, TaskRoleStatement } from "../components/ecs/args";
import { EcsEdgeSettings } from "../components/ecs";
import { onlyResourcelessActions } from "../lib/iam-facts";
import { parseIpv4Cidr } from "../lib/cidr";
import { ConfigReader, key, ShapeReader } from "./config-reader";
import { ECS_SERVICE_SHAPE } from "./schema";
import {
    ECS_CONTAINER_HEALTH_CHECK_SHAPE,
    ECS_DEPLOYMENT_SHAPE,
    ECS_EGRESS_SHAPE,
    ECS_TASK_ROLE_STATEMENT_SHAPE,
} from "./schema-ecs-workloads";

type ServiceItem = ShapeReader<(typeof ECS_SERVICE_SHAPE)["entries"]>;

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,30}$/;
const SECURITY_GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;
const PREFIX_LIST_ID = /^pl-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** What EC2 accepts in a security group rule description. */
const RULE_DESCRIPTION = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
/** service:Action, a trailing or inner wildcard allowed in the action name, never a whole service. */
const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9]*\*?[A-Za-z0-9*]*$/;
const IAM_SID = /^[A-Za-z0-9]+$/;
const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy\/[\w+=,.@/-]{1,512}$/;
/** Whole-account grants that no application role should carry. */
const REFUSED_MANAGED_POLICIES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];
/** IAM's default quota of managed policies per role. */
const MANAGED_POLICIES_PER_ROLE = 10;
const USER = /^[A-Za-z0-9_.-]{1,64}(:[A-Za-z0-9_.-]{1,64})?$/;
const ROOT_USER = /^(root|0)(:|$)/;
const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

export function readServiceWorkload(r: ConfigReader, item: ServiceItem): EcsWorkloadSettings {
    const allowFrom =
        item.read(
            "allowFrom",
            { problem: "not a list of service names", allowed: "names of other services in ecsServices" },
            { invalid: [], valid: (names) => names.every((n) => SERVICE_NAME.test(n)) && new Set(names).size === names.length },
        ) ?? [];

    const egress: EgressDeclaration[] = item
        .list("egress", ECS_EGRESS_SHAPE, { problem: "not a list", allowed: "a list of {to, port, toPort, description}" })
        .map((rule) => {
            rule.unknownFields("unknown egress setting");
            const to =
                rule.read(
                    "to",
                    {
                        problem: "not a destination",
                        allowed: "a security group id (sg-...), a prefix list id (pl-...) or an IPv4 CIDR narrower than 0.0.0.0/0",
                    },
                    { valid: validDestination },
                ) ?? "";
            const port =
                rule.read("port", { problem: "port out of range", allowed: "1..65535" }, { valid: (p) => p >= 1 && p <= 65535 }) ?? 0;
            const toPort = rule.read(
                "toPort",
                { problem: "range end out of range", allowed: `${port}..65535` },
                { valid: (p) => p >= port && p <= 65535 },
            );
            const description = rule.read(
                "description",
                { problem: "not a valid rule description", allowed: "up to 255 of A-Z a-z 0-9 space ._-:/()#,@[]+=&;{}!$*" },
                { valid: (d) => RULE_DESCRIPTION.test(d) },
            );
            return { to, port, ...(toPort !== undefined ? { toPort } : {}), ...(description !== undefined ? { description } : {}) };
        });

    const sids = new Set<string>();
    const taskRoleStatements: TaskRoleStatement[] = item
        .list("taskRoleStatements", ECS_TASK_ROLE_STATEMENT_SHAPE, {
            problem: "not a list",
            allowed: "a list of {sid, actions, resources}",
        })
        .map((statement) => {
            statement.unknownFields("unknown statement field");
            const sid = statement.read(
                "sid",
                { problem: "invalid or duplicate Sid", allowed: "A-Z a-z 0-9, unique in the service" },
                { valid: (s) => IAM_SID.test(s) && !sids.has(s) },
            );
            if (sid) sids.add(sid);
            const actions =
                statement.read(
                    "actions",
                    {
                        problem: "invalid IAM actions",
                        allowed: "a non-empty list of service:Action (e.g. s3:GetObject); never service:* or *",
                    },
                    { invalid: [], valid: (list) => list.length > 0 && list.every((a) => IAM_ACTION.test(a) && !a.endsWith(":*")) },
                ) ?? [];
            const resources =
                statement.read(
                    "resources",
                    { problem: "invalid resources", allowed: "a non-empty list of ARNs (or * for actions that take no resource)" },
                    { invalid: [], valid: (list) => list.length > 0 && list.every((a) => a === "*" || a.startsWith("arn:")) },
                ) ?? [];
            if (resources.some((res) => res === "*" || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(res)) && !onlyResourcelessActions(actions)) {
                statement.bad(
                    "resources",
                    resources,
                    "a wildcard resource for actions that take a resource ARN",
                    "the ARNs the application uses (the bucket, the table, the queue); * only for actions with no resource type",
                );
            }
            return { ...(sid ? { sid } : {}), actions, resources };
        });

    const taskRoleManagedPolicyArns =
        item.read(
            "taskRoleManagedPolicyArns",
            {
                problem: "invalid managed policy ARNs",
                allowed: `at most ${MANAGED_POLICIES_PER_ROLE} IAM policy ARNs, none of ${REFUSED_MANAGED_POLICIES.join(", ")}`,
            },
            {
                invalid: [],
                valid: (arns) =>
                    arns.length <= MANAGED_POLICIES_PER_ROLE &&
                    arns.every((a) => MANAGED_POLICY_ARN.test(a) && !REFUSED_MANAGED_POLICIES.includes(a.split("/").pop() ?? "")),
            },
        ) ?? [];

    const healthCheckGracePeriodSeconds =
        item.read(
            "healthCheckGracePeriodSeconds",
            { problem: "out of range", allowed: "0..2147483647 seconds (slow starters measured 330-600)" },
            { valid: (s) => s >= 0 && s <= 2147483647 },
        ) ?? 60;

    const check = item.map("containerHealthCheck", ECS_CONTAINER_HEALTH_CHECK_SHAPE, {
        problem: "not a map",
        allowed: "{command, interval, timeout, retries, startPeriod}",
    });
    check?.unknownFields("unknown health check setting");
    const containerHealthCheck = check && {
        command:
            check.read(
                "command",
                {
                    problem: "invalid health check command",
                    allowed: '["CMD-SHELL", "curl -f http://localhost/ || exit 1"] or ["CMD", ...]',
                },
                { invalid: [], valid: (c) => c.length >= 2 && (c[0] === "CMD" || c[0] === "CMD-SHELL") },
            ) ?? [],
        interval: check.read("interval", { problem: "out of range", allowed: "5..300" }, { valid: (n) => n >= 5 && n <= 300 }) ?? 30,
        timeout: check.read("timeout", { problem: "out of range", allowed: "2..120" }, { valid: (n) => n >= 2 && n <= 120 }) ?? 5,
        retries: check.read("retries", { problem: "out of range", allowed: "1..10" }, { valid: (n) => n >= 1 && n <= 10 }) ?? 3,
        startPeriod: check.read("startPeriod", { problem: "out of range", allowed: "0..300" }, { valid: (n) => n >= 0 && n <= 300 }) ?? 0,
    };

    const deploy = item.map("deployment", ECS_DEPLOYMENT_SHAPE, {
        problem: "not a map",
        allowed: "{strategy, bakeTimeMinutes, trafficPercent}",
    });
    deploy?.unknownFields("unknown deployment setting");
    const strategy =
        deploy?.read("strategy", { problem: "unknown deployment strategy", allowed: "rolling, blue-green, linear, canary" }) ?? "rolling";
    const bakeTimeMinutes =
        deploy?.read("bakeTimeMinutes", { problem: "out of range", allowed: "0..1440" }, { valid: (n) => n >= 0 && n <= 1440 }) ?? 10;
    const [low, high] = strategy === "linear" ? [3, 100] : [0.1, 100];
    const trafficPercent =
        deploy?.read(
            "trafficPercent",
            { problem: "out of range", allowed: `${low}..${high} (linear: per step; canary: the canary's share)` },
            { valid: (n) => n >= low && n <= high },
        ) ?? 10;

    // A target-tracking policy on ALB requests is bound to one target group, and these strategies
    // swap which group is live after every deployment.
    if (
        strategy !== "rolling" &&
        item.raw.autoscaling &&
        typeof item.raw.autoscaling === "object" &&
        "requestsPerTarget" in item.raw.autoscaling
    )
        item.bad(
            "deployment.strategy",
            strategy,
            "autoscaling.requestsPerTarget follows one target group, and this strategy swaps the live group on every deployment",
            "rolling with requestsPerTarget, or CPU-based autoscaling with blue-green / linear / canary",
        );

    const readonlyRootFilesystem = item.read("readonlyRootFilesystem", { problem: "not a boolean", allowed: "true | false" }) === true;
    const user = item.read(
        "user",
        { problem: "invalid or root user", allowed: "uid, uid:gid or a user name the image defines; never root or 0" },
        { valid: (u) => USER.test(u) && !ROOT_USER.test(u) },
    );
    const logMultilinePattern = item.read(
        "logMultilinePattern",
        { problem: "not a regular expression", allowed: 'e.g. "^\\\\d{4}-\\\\d{2}-\\\\d{2}" (a line matching it starts an event)' },
        { valid: compiles },
    );

    return {
        allowFrom,
        egress,
        taskRoleStatements,
        taskRoleManagedPolicyArns,
        healthCheckGracePeriodSeconds,
        ...(containerHealthCheck ? { containerHealthCheck } : {}),
        deployment: { strategy, bakeTimeMinutes, trafficPercent },
        readonlyRootFilesystem,
        ...(user !== undefined ? { user } : {}),
        ...(logMultilinePattern !== undefined ? { logMultilinePattern } : {}),
    };
}

/** Rules across services and the stack: call paths name real services, prd pins image tags. */
export function checkServiceWorkloads(
    r: ConfigReader,
    services: readonly EcsServiceSettings[],
    context: { production: boolean; logDriver: string },
): void {
    const names = new Set(services.map((s) => s.name));
    services.forEach((s, i) => {
        const at = `${key("ecsServices")}[${i}]`;
        for (const caller of s.allowFrom) {
            if (caller === s.name || !names.has(caller))
                r.issue(
                    `${at}.allowFrom`,
                    caller,
                    caller === s.name ? "a service does not need a rule to call itself" : `no service named "${caller}"`,
                    `names of the other services: ${[...names].filter((n) => n !== s.name).join(", ") || "(none)"}`,
                );
        }
        // FireLens ships lines through Fluent Bit, which has its own multiline parsers; the awslogs option would be ignored.
        if (s.logMultilinePattern !== undefined && context.logDriver !== "awslogs")
            r.issue(
                `${at}.logMultilinePattern`,
                s.logMultilinePattern,
                `ecsLogDriver is ${context.logDriver}: this awslogs option would be ignored`,
                "logMultilinePattern with ecsLogDriver: awslogs",
            );
        if (context.production) {
            const tag = s.ecrRepository ? s.imageTag : imageTagOf(s.image);
            if (tag === "latest" || (!s.ecrRepository && tag === undefined && !s.image.includes("@")))
                r.issue(
                    `${at}.${s.ecrRepository ? "imageTag" : "image"}`,
                    s.ecrRepository ? String(tag) : s.image,
                    "prd runs a pinned image: `latest` (or no tag) changes under a running service",
                    "a version tag or an @sha256: digest",
                );
        }
    });
}

function imageTagOf(image: string): string | undefined {
    const last = image.split("@")[0].split("/").pop() ?? "";
    return last.includes(":") ? last.split(":").pop() : undefined;
}

function validDestination(to: string): boolean {
    if (SECURITY_GROUP_ID.test(to) || PREFIX_LIST_ID.test(to)) return true;
    const cidr = parseIpv4Cidr(to);
    return typeof cidr !== "string" && cidr.prefixLength > 0;
}

function compiles(pattern: string): boolean {
    if (pattern === "") return false;
    try {
        new RegExp(pattern);
        return true;
    } catch {
        return false;
    }
}

/** The ALB's edge: which certificate, where access logs go, whether WAF filters requests. */
export function readEdgeSettings(
    r: ConfigReader,
    context: { production: boolean; hasServices: boolean },
    given: { certificateArn?: string; accessLogsBucket?: string },
): EcsEdgeSettings {
    const domain = r.string(key("albCertificateDomain"), (d) => d === "" || DOMAIN.test(d), "empty, or a DNS name, e.g. app.example.com");
    const zoneId = r.string(key("albCertificateZoneId"), (z) => z === "" || HOSTED_ZONE_ID.test(z), "empty, or a hosted zone id (Z...)");
    const accessLogs = r.boolean("albAccessLogs");
    const waf = r.boolean("albWaf");
    if (domain !== "" && given.certificateArn)
        r.issue(key("albCertificateDomain"), domain, "both a certificate ARN and a domain to request one for", "one of the two");
    if ((domain === "") !== (zoneId === ""))
        r.issue(
            key(domain === "" ? "albCertificateDomain" : "albCertificateZoneId"),
            "",
            "a requested certificate needs both its domain and the hosted zone of its DNS validation record",
            "albCertificateDomain and albCertificateZoneId together",
        );
    if (accessLogs && given.accessLogsBucket)
        r.issue(key("albAccessLogs"), "true", "both a bucket to create and an existing bucket", "albAccessLogs or albAccessLogsBucket");
    if (context.production && context.hasServices) {
        if (!given.certificateArn && domain === "")
            r.issue(
                key("albCertificateArn"),
                "",
                "prd serves HTTPS only, so it needs a certificate",
                "an ACM certificate ARN, or albCertificateDomain with albCertificateZoneId",
            );
        if (!accessLogs && !given.accessLogsBucket)
            r.issue(key("albAccessLogs"), "false", "prd keeps ALB access logs", "true, or an existing bucket in albAccessLogsBucket");
    }
    return {
        ...(domain !== "" && zoneId !== "" ? { certificateRequest: { domain, zoneId } } : {}),
        createAccessLogsBucket: accessLogs,
        waf,
    };
}
