// EKS access levels, Pod Identity roles and the Secrets Store CSI switch: read and validated with
// the rest of the stack config (see ./config.ts), after the EKS settings they depend on.

import { ACCESS_LEVELS, AccessGrant, TeamAccess } from "../components/eks/access";
import { PodIdentitySettings } from "../components/eks/pod-identity";
import { IAM_PRINCIPAL_ARN_PATTERN, partitionOfRegion } from "../lib/aws-facts";
import { arnPlacementProblem, iamPrincipalKey, parseArn } from "../lib/arns";
import { overQuota, quotaText } from "../lib/aws-quotas";
import { MANAGED_POLICY_ARNS_MESSAGE, readRoleStatements, validManagedPolicyArns } from "./config-iam-statements";
import { ConfigReader, key } from "./config-reader";
import { EksAccessSettings, EksSettings } from "./environment";
import { ECS_TASK_ROLE_STATEMENT_SHAPE } from "./schema-ecs-workloads";
import { EKS_ACCESS_SHAPE, EKS_POD_IDENTITY_SHAPE } from "./schema-eks-access";

/** A Kubernetes namespace name: an RFC 1123 label. */
export const NAMESPACE = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A service account name: an RFC 1123 subdomain. */
const SERVICE_ACCOUNT = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Names the role and the output entry: as ECS service names. */
const IDENTITY_NAME = /^[a-z][a-z0-9-]{0,30}$/;
/** IAM's limit on a role's inline policies, whitespace aside (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const ROLE_INLINE_POLICY_CHARS = 10240;

export function readEksAccessSettings(r: ConfigReader, context: { region: string; eks: EksSettings }): EksAccessSettings {
    const { eks } = context;
    const partition = partitionOfRegion(context.region);
    const teamAccess = readTeamAccess(r, partition, context.region, eks);
    const podIdentities = readPodIdentities(r, partition, context.region, eks);
    const secretsStoreCsi = r.boolean("eksAscpCsiDriver");

    if (eks.enabled && secretsStoreCsi && eks.nodeGroups.length === 0)
        r.issue(
            key("eksAscpCsiDriver"),
            "true",
            "the driver and its AWS provider are DaemonSets, and Fargate runs none: with no node groups no pod could mount a secret",
            "false on a Fargate-only cluster, or eksNodeGroups",
        );
    return { teamAccess, podIdentities, secretsStoreCsi };
}

function readTeamAccess(r: ConfigReader, partition: string, region: string, eks: EksSettings): TeamAccess[] {
    const privileged = new Map<string, string>();
    for (const [arn, source] of [
        ...eks.adminPrincipals.map((a) => [a, "eksAdminPrincipals"] as const),
        [eks.deployRoleArn ?? "", "eksDeployRoleArn"] as const,
        [eks.previewRoleArn ?? "", "eksPreviewRoleArn"] as const,
    ])
        if (arn !== "") privileged.set(iamPrincipalKey(arn) ?? arn, source);

    const byPrincipal = new Map<string, { principalArn: string; grants: AccessGrant[] }>();
    r.mapList("eksAccess", EKS_ACCESS_SHAPE).forEach((item) => {
        item.unknownFields("unknown access setting");
        const principal =
            item.read("principal", {
                problem: "an access entry needs its principal",
                allowed: `arn:${partition}:iam::<account>:role/<name> or arn:${partition}:iam::<account>:user/<name>`,
            }) ?? "";
        const level = item.read("level", { problem: "unknown access level", allowed: ACCESS_LEVELS.join(", ") });
        const namespaces = item.read(
            "namespaces",
            {
                problem: "not a list of namespaces",
                allowed: "a non-empty list of Kubernetes namespace names (1-63 of a-z 0-9 -), each once",
            },
            {
                invalid: undefined,
                valid: (list) => list.length > 0 && list.every((n) => NAMESPACE.test(n)) && new Set(list).size === list.length,
            },
        );
        if (principal === "") return;
        if (!IAM_PRINCIPAL_ARN_PATTERN.test(principal)) {
            const sts = /^arn:aws[a-z-]*:sts::[0-9]{12}:assumed-role\/([^/]+)\//.exec(principal);
            item.bad(
                "principal",
                principal,
                sts ? `an STS session ARN is not an IAM principal (use the role it assumed: ${sts[1]})` : "not an IAM role or user ARN",
                `arn:${partition}:iam::<account>:role/<name> or arn:${partition}:iam::<account>:user/<name>`,
            );
            return;
        }
        const parsed = parseArn(principal);
        const placement = parsed && !r.hasIssue("aws:region") ? arnPlacementProblem(parsed, { region, partition }) : undefined;
        if (placement) item.bad("principal", principal, placement, `arn:${partition}:iam::...`);
        const id = iamPrincipalKey(principal) ?? principal;
        const source = privileged.get(id);
        // Cluster-admin already covers every level; a second association would only hide what the entry grants.
        if (source !== undefined) {
            item.bad(
                "principal",
                principal,
                `already has its own access entry through ${source}`,
                `principals not in eksAdminPrincipals, eksDeployRoleArn or eksPreviewRoleArn`,
            );
            return;
        }
        const seen = byPrincipal.get(id);
        if (seen && seen.principalArn !== principal) {
            item.bad(
                "principal",
                principal,
                `the same IAM principal as ${seen.principalArn} (IAM names ignore case and path): EKS would get two access entries for one principal`,
                "the same ARN text for every level of one principal",
            );
            return;
        }
        if (level === undefined) return;
        if (seen?.grants.some((g) => g.level === level)) {
            item.bad(
                "level",
                level,
                `${principal} already has ${level}`,
                "each level once per principal: list every namespace in one item",
            );
            return;
        }
        const grant: AccessGrant = { level, ...(namespaces ? { namespaces } : {}) };
        if (seen) seen.grants.push(grant);
        else byPrincipal.set(id, { principalArn: principal, grants: [grant] });
    });

    const entries = new Set([...privileged.keys(), ...byPrincipal.keys()]).size;
    const tooMany = overQuota("eksAccessEntries", entries, "access entries");
    if (tooMany) r.issue(key("eksAccess"), `${byPrincipal.size} principals`, tooMany, quotaText("eksAccessEntries"));
    return [...byPrincipal.values()];
}

function readPodIdentities(r: ConfigReader, partition: string, region: string, eks: EksSettings): PodIdentitySettings[] {
    const names = new Set<string>();
    const accounts = new Set<string>();
    return r.mapList("eksPodIdentities", EKS_POD_IDENTITY_SHAPE).map((item) => {
        item.unknownFields("unknown pod identity setting");
        const name =
            item.read(
                "name",
                { problem: "invalid or duplicate name", allowed: "1-31 of a-z 0-9 -, starting with a letter, unique in eksPodIdentities" },
                { valid: (n) => IDENTITY_NAME.test(n) && !names.has(n) },
            ) ?? "";
        names.add(name);
        const namespace =
            item.read(
                "namespace",
                { problem: "not a namespace name", allowed: "a Kubernetes namespace name (1-63 of a-z 0-9 -)" },
                { valid: (n) => NAMESPACE.test(n) },
            ) ?? "";
        const serviceAccount =
            item.read(
                "serviceAccount",
                { problem: "not a service account name", allowed: "a Kubernetes service account name (a DNS subdomain: a-z 0-9 - .)" },
                { valid: (n) => SERVICE_ACCOUNT.test(n) },
            ) ?? "";
        // EKS keeps one association per service account.
        const account = `${namespace}/${serviceAccount}`;
        if (namespace !== "" && serviceAccount !== "" && accounts.has(account))
            item.bad("serviceAccount", serviceAccount, `${account} already has a pod identity`, "one entry per namespace/serviceAccount");
        accounts.add(account);
        const fargate = eks.fargateProfiles.find((p) => p.selectors.some((s) => !s.labels && namespaceMatches(s.namespace, namespace)));
        if (fargate)
            item.bad(
                "namespace",
                namespace,
                `every pod in it runs on Fargate (profile ${fargate.name}), and EKS Pod Identity does not work on Fargate`,
                "a namespace that runs on the node groups (Fargate pods use IRSA)",
            );
        if (eks.enabled && eks.nodeGroups.length === 0)
            item.bad(
                "namespace",
                namespace,
                "the cluster has no node groups, and EKS Pod Identity does not work on Fargate",
                "eksNodeGroups",
            );

        const statements = readRoleStatements(
            item.list("statements", ECS_TASK_ROLE_STATEMENT_SHAPE, {
                problem: "not a list",
                allowed: "a list of {sid, actions, resources}",
            }),
            "pod identity",
        );
        const managedPolicyArns =
            item.read("managedPolicyArns", MANAGED_POLICY_ARNS_MESSAGE, { invalid: [], valid: validManagedPolicyArns }) ?? [];
        for (const arn of managedPolicyArns) {
            const parsed = parseArn(arn);
            const placement = parsed && !r.hasIssue("aws:region") ? arnPlacementProblem(parsed, { region, partition }) : undefined;
            if (placement) item.bad("managedPolicyArns", arn, placement, `arn:${partition}:iam::...`);
        }
        // Attachments are named by the policy's last path segment.
        const policyNames = managedPolicyArns.map((a) => a.split("/").pop() ?? a);
        if (new Set(policyNames).size !== policyNames.length)
            item.bad("managedPolicyArns", managedPolicyArns, "two policies of the same name", "each managed policy name once");
        if (statements.length === 0 && managedPolicyArns.length === 0)
            item.bad("statements", [], "a pod identity with no permission", "statements or managedPolicyArns");
        const inlineChars = JSON.stringify(statements).length;
        if (inlineChars > ROLE_INLINE_POLICY_CHARS)
            item.bad(
                "statements",
                `${inlineChars} characters`,
                `over the ${ROLE_INLINE_POLICY_CHARS} characters IAM allows a role's inline policies`,
                "fewer statements, or a managed policy",
            );
        return { name, namespace, serviceAccount, statements, managedPolicyArns };
    });
}

/** Whether a Fargate selector's namespace (with EKS's * and ? wildcards) matches `namespace`. */
export function namespaceMatches(pattern: string, namespace: string): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\-]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
    );
    return re.test(namespace);
}
