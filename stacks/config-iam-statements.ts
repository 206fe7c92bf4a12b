// The rules every application role's permissions follow, whichever compute runs it (an ECS task
// role's taskRoleStatements, an EKS Pod Identity role's statements): read here once so that both
// refuse the same things with the same words.

import { TaskRoleStatement } from "../components/ecs/args";
import { onlyResourcelessActions } from "../lib/iam-facts";
import { FieldMessage, ShapeReader } from "./config-reader";
import { ECS_TASK_ROLE_STATEMENT_SHAPE } from "./schema-ecs-workloads";

type StatementItem = ShapeReader<(typeof ECS_TASK_ROLE_STATEMENT_SHAPE)["entries"]>;

/** service:Action, a trailing or inner wildcard allowed in the action name, never a whole service. */
export const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9]*\*?[A-Za-z0-9*]*$/;
const IAM_SID = /^[A-Za-z0-9]+$/;
const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy\/[\w+=,.@/-]{1,512}$/;
/** Whole-account grants that no application role should carry. */
export const REFUSED_MANAGED_POLICIES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];
/** IAM's default quota of managed policies per role. */
export const MANAGED_POLICIES_PER_ROLE = 10;

/**
 * Each statement: a unique Sid when given, real-looking actions (never `service:*` or `*`), and ARNs;
 * `*` (or an ARN ending in `:*`) only when every action takes no resource (lib/iam-facts.ts).
 */
export function readRoleStatements(items: readonly StatementItem[], sidScope: string): TaskRoleStatement[] {
    const sids = new Set<string>();
    return items.map((statement) => {
        statement.unknownFields("unknown statement field");
        const sid = statement.read(
            "sid",
            { problem: "invalid or duplicate Sid", allowed: `A-Z a-z 0-9, unique in the ${sidScope}` },
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
}

export const MANAGED_POLICY_ARNS_MESSAGE: FieldMessage = {
    problem: "invalid managed policy ARNs",
    allowed: `at most ${MANAGED_POLICIES_PER_ROLE} IAM policy ARNs, none of ${REFUSED_MANAGED_POLICIES.join(", ")}`,
};

/** At most the per-role quota, IAM policy ARNs only, none of the whole-account grants. */
export function validManagedPolicyArns(arns: readonly string[]): boolean {
    return (
        arns.length <= MANAGED_POLICIES_PER_ROLE &&
        arns.every((a) => MANAGED_POLICY_ARN.test(a) && !REFUSED_MANAGED_POLICIES.includes(a.split("/").pop() ?? ""))
    );
}
