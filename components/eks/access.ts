// Access entries below cluster-admin (platform:eksAccess): each team principal gets one access
// entry, and one access policy association per level it holds (admin, edit, view), on the whole
// cluster or on named namespaces. Cluster-admin stays with the entries of ./index.ts
// (eksAdminPrincipals, the deploy and preview roles); config refuses a principal that has one there.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tagsFor } from "../../lib/tags";
import { principalSlug } from "./index";

export const ACCESS_LEVELS = ["admin", "edit", "view"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** The EKS access policies (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html). */
export const ACCESS_LEVEL_POLICIES: Readonly<Record<AccessLevel, string>> = {
    admin: "AmazonEKSAdminPolicy",
    edit: "AmazonEKSEditPolicy",
    view: "AmazonEKSViewPolicy",
};

export interface AccessGrant {
    readonly level: AccessLevel;
    /** Absent: the whole cluster. */
    readonly namespaces?: readonly string[];
}

export interface TeamAccess {
    readonly principalArn: string;
    readonly grants: readonly AccessGrant[];
}

export interface TeamAccessArgs {
    readonly namePrefix: string;
    readonly clusterName: pulumi.Input<string>;
    readonly entries: readonly TeamAccess[];
    readonly tags: Readonly<Record<string, string>>;
}

export function accessPolicyArn(partition: string, level: AccessLevel): string {
    return `arn:${partition}:eks::aws:cluster-access-policy/${ACCESS_LEVEL_POLICIES[level]}`;
}

export class TeamAccessEntries extends pulumi.ComponentResource {
    constructor(name: string, args: TeamAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:eks:TeamAccess", name, {}, opts);
        const parent = { parent: this };
        const partition = aws.getPartitionOutput({}, parent).partition;
        for (const team of args.entries) {
            // Keyed by principal (and level), never by list position: reordering config replaces nothing.
            const id = `${name}-${principalSlug(team.principalArn)}`;
            const entry = new aws.eks.AccessEntry(
                id,
                {
                    clusterName: args.clusterName,
                    principalArn: team.principalArn,
                    type: "STANDARD",
                    tags: tagsFor(args.tags, `${args.namePrefix}-${team.principalArn.split("/").pop() ?? "principal"}`),
                },
                parent,
            );
            for (const grant of team.grants) {
                new aws.eks.AccessPolicyAssociation(
                    `${id}-${grant.level}`,
                    {
                        clusterName: args.clusterName,
                        principalArn: entry.principalArn,
                        policyArn: partition.apply((p) => accessPolicyArn(p, grant.level)),
                        accessScope: grant.namespaces ? { type: "namespace", namespaces: [...grant.namespaces] } : { type: "cluster" },
                    },
                    // A new scope replaces the association, and EKS knows it by cluster, principal and
                    // policy alone: created first, the new one would be removed with the old.
                    { parent: this, deleteBeforeReplace: true },
                );
            }
        }
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({});
    }
}
