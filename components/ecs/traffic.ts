// Security group rules for declared traffic: service-to-service call paths (`allowFrom`) and
// egress to data stores (`egress`). Each rule is named after what it connects, never its position
// in config: reordering changes nothing, and a changed rule is a new one created before the old
// is deleted (EC2 refuses a second identical rule, which a position-keyed replacement would create).

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EgressDeclaration } from "./args";

/** Logical-name part of an egress rule: its destination and ports. */
export function egressRuleName(rule: EgressDeclaration): string {
    const ports = rule.toPort !== undefined && rule.toPort !== rule.port ? `${rule.port}-${rule.toPort}` : String(rule.port);
    return `to-${rule.to.replace(/[./]/g, "_")}-${ports}`;
}

/** The peer of an egress rule: a security group, a prefix list or an IPv4 CIDR (config checks which). */
export function egressPeer(to: string): { referencedSecurityGroupId: string } | { prefixListId: string } | { cidrIpv4: string } {
    if (to.startsWith("sg-")) return { referencedSecurityGroupId: to };
    if (to.startsWith("pl-")) return { prefixListId: to };
    return { cidrIpv4: to };
}

export interface CallPathEnd {
    readonly name: string;
    readonly securityGroupId: pulumi.Input<string>;
    readonly port: number;
}

/**
 * `caller` may call `callee` on the callee's container port: ingress on the callee's group from
 * the caller's, egress on the caller's group to the callee's. Tasks reach each other directly at
 * their Cloud Map addresses, so the container port is the one that matters.
 */
export function allowCall(
    name: string,
    caller: CallPathEnd,
    callee: CallPathEnd,
    namePrefix: string,
    tagged: (name: string) => Record<string, string>,
    opts: pulumi.CustomResourceOptions,
): void {
    const path = `${caller.name}-to-${callee.name}`;
    new aws.vpc.SecurityGroupIngressRule(
        `${name}-${path}-in`,
        {
            securityGroupId: callee.securityGroupId,
            description: `From ${namePrefix}-${caller.name} tasks (allowFrom)`,
            ipProtocol: "tcp",
            fromPort: callee.port,
            toPort: callee.port,
            referencedSecurityGroupId: caller.securityGroupId,
            tags: tagged(`${namePrefix}-${path}`),
        },
        opts,
    );
    new aws.vpc.SecurityGroupEgressRule(
        `${name}-${path}-out`,
        {
            securityGroupId: caller.securityGroupId,
            description: `To ${namePrefix}-${callee.name} tasks (allowFrom)`,
            ipProtocol: "tcp",
            fromPort: callee.port,
            toPort: callee.port,
            referencedSecurityGroupId: callee.securityGroupId,
            tags: tagged(`${namePrefix}-${path}`),
        },
        opts,
    );
}
