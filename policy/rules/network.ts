// Network: no security group ingress from the internet except HTTP(S) to a load balancer, and
// flow logs on every VPC. Both are stack rules: whether a group belongs to a load balancer, or a
// VPC has a flow log, is only known from the other resources (through propertyDependencies, which
// are known during preview even when ids are not).

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { describeReach, publicReach } from "../../lib/cidr";
import { asArray, asRecord, asStrings, Props, referencedThrough } from "./util";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const SECURITY_GROUP_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
export const VPC = "aws:ec2/vpc:Vpc";
export const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

const LOAD_BALANCER_PORTS = [80, 443];

interface Ingress {
    /** The security group the rule opens. */
    groups: PolicyResource[];
    /** Where the rule is declared (the group itself for inline rules). */
    declaredOn: PolicyResource;
    protocol: unknown;
    fromPort: unknown;
    toPort: unknown;
    sources: string[];
}

function ingressRules(resources: readonly PolicyResource[]): Ingress[] {
    const groups = resources.filter((r) => r.type === SECURITY_GROUP || r.type === DEFAULT_SECURITY_GROUP);
    const out: Ingress[] = [];
    for (const r of resources) {
        if (r.type === SECURITY_GROUP || r.type === DEFAULT_SECURITY_GROUP) {
            for (const rule of asArray(r.props.ingress).map((i) => asRecord(i) ?? {})) {
                out.push(inline(r, rule));
            }
        } else if (r.type === SECURITY_GROUP_RULE && r.props.type === "ingress") {
            out.push({
                groups: referencedThrough(r, "securityGroupId", groups),
                declaredOn: r,
                protocol: r.props.protocol,
                fromPort: r.props.fromPort,
                toPort: r.props.toPort,
                sources: [...asStrings(r.props.cidrBlocks), ...asStrings(r.props.ipv6CidrBlocks)],
            });
        } else if (r.type === SECURITY_GROUP_INGRESS_RULE) {
            out.push({
                groups: referencedThrough(r, "securityGroupId", groups),
                declaredOn: r,
                protocol: r.props.ipProtocol,
                fromPort: r.props.fromPort,
                toPort: r.props.toPort,
                sources: [r.props.cidrIpv4, r.props.cidrIpv6].filter((c): c is string => typeof c === "string"),
            });
        }
    }
    return out;
}

function inline(group: PolicyResource, rule: Props): Ingress {
    return {
        groups: [group],
        declaredOn: group,
        protocol: rule.protocol,
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        sources: [...asStrings(rule.cidrBlocks), ...asStrings(rule.ipv6CidrBlocks)],
    };
}

function isLoadBalancerPort(rule: Ingress): boolean {
    const protocol = String(rule.protocol).toLowerCase();
    const tcp = protocol === "tcp" || protocol === "6";
    return tcp && Number(rule.fromPort) === Number(rule.toPort) && LOAD_BALANCER_PORTS.includes(Number(rule.fromPort));
}

export const noOpenIngress: StackValidationPolicy = {
    name: "no-internet-ingress",
    description:
        "No security group admits the internet (sources that together reach a /8's worth of public IPv4 or a /32's worth of public IPv6, 0.0.0.0/0 and ::/0 included), except TCP 80/443 to a load balancer's security group.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const loadBalancers = args.resources.filter((r) => LOAD_BALANCER_TYPES.includes(r.type));
        const groups = args.resources.filter((r) => r.type === SECURITY_GROUP);
        const lbGroups = new Set(loadBalancers.flatMap((lb) => referencedThrough(lb, "securityGroups", groups)));
        const flagged: Ingress[] = [];
        // Rules that may not admit the internet, per group they open: "open" is what their sources
        // admit together, so a /0 cut into pieces (or spread over rules) counts as the /0.
        const byGroup = new Map<PolicyResource | Ingress, Ingress[]>();
        for (const rule of ingressRules(args.resources)) {
            const toLoadBalancer = rule.groups.length > 0 && rule.groups.every((g) => lbGroups.has(g));
            if (toLoadBalancer && isLoadBalancerPort(rule)) continue;
            if (publicReach(rule.sources).internetWide) flagged.push(rule);
            for (const target of rule.groups.length > 0 ? rule.groups : [rule]) byGroup.set(target, [...(byGroup.get(target) ?? []), rule]);
        }
        for (const rules of byGroup.values()) {
            if (!publicReach(rules.flatMap((r) => r.sources)).internetWide) continue;
            for (const rule of rules)
                if (!flagged.includes(rule) && publicReach(rule.sources).ipv4 + publicReach(rule.sources).ipv6 > 0n) flagged.push(rule);
        }
        for (const rule of flagged) {
            const toLoadBalancer = rule.groups.length > 0 && rule.groups.every((g) => lbGroups.has(g));
            const ports =
                Number(rule.fromPort) === Number(rule.toPort) ? String(rule.fromPort) : `${String(rule.fromPort)}-${String(rule.toPort)}`;
            const own = publicReach(rule.sources);
            const publicSources = rule.sources.filter((c) => publicReach([c]).ipv4 + publicReach([c]).ipv6 > 0n);
            report(
                `${rule.declaredOn.name}: ingress ${String(rule.protocol)} ${ports} from ${publicSources.join(", ")} opens ${rule.groups.map((g) => g.name).join(", ") || "a security group"} to the internet ` +
                    `(${own.internetWide ? describeReach(own) : "with the group's other rules, more than a /8's worth of public addresses"}); ` +
                    (toLoadBalancer
                        ? "a load balancer may only be opened on TCP 80 or 443."
                        : "allow the VPC CIDR or a source security group instead (only a load balancer's group may be open, on TCP 80/443)."),
                rule.declaredOn.urn,
            );
        }
    },
};

export const vpcFlowLogs: StackValidationPolicy = {
    name: "vpc-flow-logs",
    description: "Every VPC has a flow log.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const vpcs = args.resources.filter((r) => r.type === VPC);
        const flowLogs = args.resources.filter((r) => r.type === FLOW_LOG);
        const covered = new Set(flowLogs.flatMap((f) => referencedThrough(f, "vpcId", vpcs)));
        for (const vpc of vpcs.filter((v) => !covered.has(v))) {
            report(
                `VPC ${vpc.name} has no flow log; declare an aws.ec2.FlowLog with vpcId: <this VPC's id> (the Network component's FlowLogs does this).`,
                vpc.urn,
            );
        }
    },
};

export const networkPolicies = [noOpenIngress, vpcFlowLogs];
