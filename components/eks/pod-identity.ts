// One IAM role per workload through EKS Pod Identity: the role trusts the EKS Auth service only for
// this cluster, namespace and service account (the session tags Pod Identity sets), carries the
// workload's own statements and managed policies, and is associated with its service account.
// Never the node role: a pod's permissions are its own.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tagsFor } from "../../lib/tags";
import { TaskRoleStatement } from "../ecs/args";
import { podIdentityTrust } from "./iam";

export interface PodIdentitySettings {
    /** Names the role (platform-dev-pod-<name>-…) and the stack output entry. */
    readonly name: string;
    readonly namespace: string;
    readonly serviceAccount: string;
    readonly statements: readonly TaskRoleStatement[];
    readonly managedPolicyArns: readonly string[];
}

export interface PodIdentitiesArgs {
    readonly namePrefix: string;
    readonly clusterName: pulumi.Input<string>;
    readonly clusterArn: pulumi.Input<string>;
    readonly identities: readonly PodIdentitySettings[];
    /** The Pod Identity agent add-on: without it an association hands out no credentials. */
    readonly dependsOn: pulumi.Input<pulumi.Resource>[];
    readonly tags: Readonly<Record<string, string>>;
}

/** The workload's statements, verbatim: Sid, actions and resources as configured. */
export function podIdentityPolicy(statements: readonly TaskRoleStatement[]): object {
    return {
        Version: "2012-10-17",
        Statement: statements.map((s) => ({
            ...(s.sid ? { Sid: s.sid } : {}),
            Effect: "Allow",
            Action: [...s.actions],
            Resource: [...s.resources],
        })),
    };
}

export class PodIdentities extends pulumi.ComponentResource {
    /** The role ARN of each identity, by name (Pod Identity needs no service account annotation; teams read it to grant resource policies). */
    readonly roleArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: PodIdentitiesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:eks:PodIdentities", name, {}, opts);
        const parent = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, parent);
        this.roleArns = {};
        for (const id of args.identities) {
            const resourceName = `${args.namePrefix}-pod-${id.name}`;
            // Auto-named from the logical name (lib/names.ts podIdentityRolePrefix): a change that
            // replaces the role never collides with the one it replaces.
            const role = new aws.iam.Role(
                resourceName,
                {
                    description: pulumi.interpolate`${id.namespace}/${id.serviceAccount} in ${args.clusterName} (EKS Pod Identity)`,
                    assumeRolePolicy: pulumi
                        .all([identity.accountId, args.clusterArn])
                        .apply(([account, clusterArn]) =>
                            JSON.stringify(podIdentityTrust(account, clusterArn, id.namespace, id.serviceAccount)),
                        ),
                    tags: tagsFor(args.tags, resourceName),
                },
                parent,
            );
            const grants: pulumi.Resource[] = [];
            if (id.statements.length > 0)
                grants.push(
                    new aws.iam.RolePolicy(
                        resourceName,
                        { role: role.id, policy: JSON.stringify(podIdentityPolicy(id.statements)) },
                        parent,
                    ),
                );
            // Keyed by the policy's name, not its position, so removing one never re-creates the others.
            for (const policyArn of id.managedPolicyArns)
                grants.push(
                    new aws.iam.RolePolicyAttachment(
                        `${resourceName}-${policyArn.split("/").pop() ?? policyArn}`,
                        { role: role.name, policyArn },
                        parent,
                    ),
                );
            new aws.eks.PodIdentityAssociation(
                resourceName,
                {
                    clusterName: args.clusterName,
                    namespace: id.namespace,
                    serviceAccount: id.serviceAccount,
                    roleArn: role.arn,
                    tags: tagsFor(args.tags, resourceName),
                },
                // Pods started before the grants exist would get credentials that are refused.
                { parent: this, dependsOn: [...args.dependsOn, ...grants] },
            );
            this.roleArns[id.name] = role.arn;
        }
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ roleArns: this.roleArns });
    }
}
