// Who may use the EKS cluster beyond cluster-admin (platform:eksAccess), which workloads get their
// own IAM role through EKS Pod Identity (platform:eksPodIdentities), and the Secrets Store CSI
// driver switch. Merged into CONFIG_KEYS by ./schema.ts, read by ./config-eks-access.ts.

import * as v from "valibot";
import { ECS_TASK_ROLE_STATEMENT_SHAPE } from "./schema-ecs-workloads";

const strings = v.array(v.string());
function closedMap<E extends v.ObjectEntries>(entries: E): v.ObjectWithRestSchema<E, v.NeverSchema<undefined>, undefined> {
    return v.objectWithRest(entries, v.never());
}

/** The EKS access policies a team principal can get; cluster-admin stays with eksAdminPrincipals. */
export const EKS_ACCESS_LEVELS = ["admin", "edit", "view"] as const;

export const EKS_ACCESS_SHAPE = closedMap({
    principal: v.string(),
    level: v.picklist(EKS_ACCESS_LEVELS),
    /** Absent: the whole cluster. */
    namespaces: v.optional(strings),
});
export const EKS_POD_IDENTITY_SHAPE = closedMap({
    name: v.string(),
    namespace: v.string(),
    serviceAccount: v.string(),
    /** The same statement shape as an ECS task role's, checked by the same rules. */
    statements: v.optional(v.array(ECS_TASK_ROLE_STATEMENT_SHAPE), []),
    managedPolicyArns: v.optional(strings, []),
});

/** A ConfigKeySpec of ./schema.ts, restated so that this module does not import back from it. */
interface EksAccessKeySpec {
    readonly key: string;
    readonly type: "boolean" | "object";
    readonly description: string;
    readonly default?: boolean;
    readonly allowed: string;
    readonly shape?: v.GenericSchema;
}

export const EKS_ACCESS_CONFIG_KEYS: readonly EksAccessKeySpec[] = [
    {
        key: "eksAccess",
        type: "object",
        description:
            "EKS access entries below cluster-admin: a list of {principal, level: admin | edit | view, namespaces} (no namespaces: the whole cluster); a principal may appear once per level (see docs/eks.md).",
        allowed:
            "IAM role/user ARNs of the stack's partition, not already in eksAdminPrincipals / eksDeployRoleArn / eksPreviewRoleArn; namespaces are DNS labels",
        shape: v.array(EKS_ACCESS_SHAPE),
    },
    {
        key: "eksPodIdentities",
        type: "object",
        description:
            "One IAM role per workload through EKS Pod Identity: a list of {name, namespace, serviceAccount, statements: [{sid, actions, resources}], managedPolicyArns} (see docs/eks.md).",
        allowed: "unique names and namespace/serviceAccount pairs; statements as ecsServices' taskRoleStatements",
        shape: v.array(EKS_POD_IDENTITY_SHAPE),
    },
    // Named for ASCP (AWS Secrets and Configuration Provider), not for secrets: the config check
    // treats any key whose name says "secret" as holding one (lib/secret-names.ts).
    {
        key: "eksAscpCsiDriver",
        type: "boolean",
        description:
            "The Secrets Store CSI driver with the AWS provider (EKS add-on aws-secrets-store-csi-driver-provider): pods on EC2 nodes mount Secrets Manager secrets as files.",
        default: false,
        allowed: "needs node groups (its DaemonSets do not run on Fargate)",
    },
];
