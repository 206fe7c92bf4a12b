// ECS workloads: prd serves HTTPS only, every ECS Exec session leaves a transcript, and a task
// role names the resources its application uses (no "*" where an action takes an ARN).

import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, asStrings, isProduction, known, referencedThrough } from "./util";
import { RESOURCELESS_ACTIONS } from "../../lib/iam-facts";

export const LB_LISTENER = "aws:lb/listener:Listener";
export const ECS_CLUSTER_TYPE = "aws:ecs/cluster:Cluster";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

export const albHttpsOnlyInPrd: ResourceValidationPolicy = {
    name: "alb-https-only-in-prd",
    description: "In prd, a load balancer's HTTP listener only redirects to HTTPS.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== LB_LISTENER || !isProduction(args.props)) return;
        if (args.props.protocol !== "HTTP") return;
        const actions = asArray(args.props.defaultActions).map(asRecord);
        const redirectsToHttps =
            actions.length > 0 && actions.every((a) => a?.type === "redirect" && asRecord(a.redirect)?.protocol === "HTTPS");
        if (!redirectsToHttps) {
            report(
                `Listener ${args.name} (prd): plain HTTP serves traffic; set its defaultActions to [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] and serve on an HTTPS listener with a certificate (platform:albCertificateArn).`,
            );
        }
    },
};

export const ecsExecAudited: ResourceValidationPolicy = {
    name: "ecs-exec-audit-logging",
    description: "ECS Exec sessions leave a transcript: the cluster logs them (OVERRIDE) to CloudWatch Logs or S3.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== ECS_CLUSTER_TYPE) return;
        const exec = asRecord(asRecord(args.props.configuration)?.executeCommandConfiguration);
        const destination = asRecord(exec?.logConfiguration);
        if (exec?.logging !== "OVERRIDE" || !(destination?.cloudWatchLogGroupName || destination?.s3BucketName)) {
            report(
                `ECS cluster ${args.name}: ECS Exec sessions are not recorded; set configuration.executeCommandConfiguration to { logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: <a group with retention> } }.`,
            );
        }
    },
};

/** Statements of a policy document that name "*" for an action which could name its resource. */
function wildcardGrants(policy: unknown): string[] {
    const text = known(() => policy);
    if (typeof text !== "string") return [];
    let statements: unknown[];
    try {
        statements = asArray(asRecord(JSON.parse(text))?.Statement);
    } catch {
        return [];
    }
    const resourceless = new Set(RESOURCELESS_ACTIONS.map((a) => a.toLowerCase()));
    const found: string[] = [];
    for (const s of statements.map(asRecord)) {
        if (!s || s.Effect !== "Allow") continue;
        const resources = typeof s.Resource === "string" ? [s.Resource] : asStrings(s.Resource);
        if (!resources.includes("*")) continue;
        const actions = typeof s.Action === "string" ? [s.Action] : asStrings(s.Action);
        const wide = actions.filter((a) => !resourceless.has(a.toLowerCase()));
        if (wide.length > 0) found.push(`${typeof s.Sid === "string" ? s.Sid : "(no Sid)"}: ${wide.join(", ")}`);
    }
    return found;
}

export const taskRoleNamesResources: StackValidationPolicy = {
    name: "ecs-task-role-no-wildcard-resources",
    description: 'A task role names the resources its application uses: no "Resource": "*" for actions that take an ARN.',
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const roles = args.resources.filter((r) => r.type === ROLE);
        const taskRoles = new Set(
            args.resources.filter((r) => r.type === TASK_DEFINITION).flatMap((td) => referencedThrough(td, "taskRoleArn", roles)),
        );
        for (const policy of args.resources.filter((r) => r.type === ROLE_POLICY)) {
            if (!referencedThrough(policy, "role", roles).some((role) => taskRoles.has(role))) continue;
            for (const grant of wildcardGrants(policy.props.policy)) {
                report(
                    `Task role policy ${policy.name}: ${grant} on "*"; name the ARNs the application uses (the bucket, the table, the queue) in the service's taskRoleStatements.`,
                    policy.urn,
                );
            }
        }
    },
};

export const ecsWorkloadPolicies = [albHttpsOnlyInPrd, ecsExecAudited, taskRoleNamesResources];
