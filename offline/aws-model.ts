// Realistic outputs for the resource types and invokes the program uses: ids and ARNs in AWS's own
// formats, deterministic (hashed from type and name) so the offline graph is stable between runs.
// A type without a model here makes the harness fail loudly: add a model, never a catch-all.

import { DELIVERY_RESOURCE_MODELS } from "./aws-model-delivery";
import { ECS_INVOKE_MODELS, ECS_RESOURCE_MODELS } from "./aws-model-ecs";
import { EDGE_RESOURCE_MODELS } from "./aws-model-edge";
import { EKS_INVOKE_MODELS, EKS_RESOURCE_MODELS } from "./aws-model-eks";
import { KARPENTER_RESOURCE_MODELS } from "./aws-model-karpenter";
import { OBSERVABILITY_RESOURCE_MODELS } from "./aws-model-observability";
import { regionFacts } from "../lib/regions";
import { AwsContext, autoName, hex, InvokeModel, partitionOf, ResourceModel, State } from "./model-kit";

export { AwsContext, InvokeModel, ResourceModel, State } from "./model-kit";

function ec2Arn(ctx: AwsContext, resource: string): string {
    return `arn:${partitionOf(ctx.region)}:ec2:${ctx.region}:${ctx.accountId}:${resource}`;
}

/** An EC2-style resource: "<prefix>-<17 hex>" id and an ARN under the given resource kind. */
function ec2Resource(
    prefix: string,
    arnKind?: string,
    extra?: (id: string, inputs: State, ctx: AwsContext, name: string) => State,
): ResourceModel {
    return (name, inputs, ctx) => {
        const id = `${prefix}-${hex(17, prefix, name)}`;
        const state: State = { ownerId: ctx.accountId, tagsAll: inputs.tags ?? {} };
        if (arnKind) {
            state.arn = ec2Arn(ctx, `${arnKind}/${id}`);
        }
        return { id, state: { ...state, ...(extra ? extra(id, inputs, ctx, name) : {}) } };
    };
}

/** Documentation address space (RFC 5737) so nothing here looks like a real public IP. */
function testNetIp(seed: string): string {
    return `203.0.113.${(parseInt(hex(2, seed), 16) % 254) + 1}`;
}

const CORE_RESOURCE_MODELS: Readonly<Record<string, ResourceModel>> = {
    "aws:ec2/vpc:Vpc": ec2Resource("vpc", "vpc", (_id, _inputs, ctx) => ({
        defaultSecurityGroupId: `sg-${hex(17, "default-sg", _id)}`,
        defaultRouteTableId: `rtb-${hex(17, "default-rtb", _id)}`,
        mainRouteTableId: `rtb-${hex(17, "default-rtb", _id)}`,
        defaultNetworkAclId: `acl-${hex(17, "default-acl", _id)}`,
        dhcpOptionsId: `dopt-${hex(17, "dopt", ctx.region)}`,
        instanceTenancy: "default",
    })),
    "aws:ec2/subnet:Subnet": ec2Resource("subnet", "subnet", (_id, inputs) => ({
        availabilityZoneId: typeof inputs.availabilityZone === "string" ? zoneIdOf(inputs.availabilityZone) : undefined,
    })),
    "aws:ec2/internetGateway:InternetGateway": ec2Resource("igw", "internet-gateway"),
    "aws:ec2/routeTable:RouteTable": ec2Resource("rtb", "route-table"),
    "aws:ec2/route:Route": (name, inputs) => ({
        id: `r-${String(inputs.routeTableId)}${parseInt(hex(8, "route", name), 16)}`,
        state: { state: "active", origin: "CreateRoute" },
    }),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ec2Resource("rtbassoc"),
    "aws:ec2/eip:Eip": ec2Resource("eipalloc", "elastic-ip", (id, _inputs, ctx) => ({
        allocationId: id,
        publicIp: testNetIp(id),
        publicDns: `ec2-${testNetIp(id).replace(/\./g, "-")}.${ctx.region}.compute.amazonaws.com`,
        domain: "vpc",
    })),
    "aws:ec2/natGateway:NatGateway": ec2Resource("nat", undefined, (id) => ({
        publicIp: testNetIp(id),
        privateIp: "10.0.0.10",
        networkInterfaceId: `eni-${hex(17, "eni", id)}`,
    })),
    "aws:ec2/vpcEndpoint:VpcEndpoint": ec2Resource("vpce", "vpc-endpoint", (id, inputs, ctx) => {
        const service = String(inputs.serviceName ?? "");
        return inputs.vpcEndpointType === "Gateway"
            ? { prefixListId: `pl-${hex(8, service)}`, state: "available" }
            : {
                  state: "available",
                  networkInterfaceIds: ((inputs.subnetIds as unknown[] | undefined) ?? []).map((_s, i) => `eni-${hex(17, id, String(i))}`),
                  dnsEntries: [
                      {
                          dnsName: `${id}-${hex(8, id)}.${service.split(".").slice(3).join(".")}.${ctx.region}.vpce.amazonaws.com`,
                          hostedZoneId: "Z2E726K9Y6RL4W",
                      },
                  ],
              };
    }),
    "aws:ec2/securityGroup:SecurityGroup": ec2Resource("sg", "security-group", (_id, inputs, _ctx, name) => ({
        name: inputs.name ?? autoName(name, "security-group"),
        ingress: inputs.ingress ?? [],
        egress: inputs.egress ?? [],
    })),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ec2Resource("sg", "security-group", () => ({ name: "default" })),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ec2Resource("sgr", "security-group-rule", (id) => ({
        securityGroupRuleId: id,
    })),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ec2Resource("sgr", "security-group-rule", (id) => ({
        securityGroupRuleId: id,
    })),
    "aws:ec2/flowLog:FlowLog": ec2Resource("fl", "vpc-flow-log"),
    "aws:cloudwatch/logGroup:LogGroup": (name, inputs, ctx) => {
        const groupName = String(inputs.name ?? autoName(name, "log-group"));
        return {
            id: groupName,
            state: {
                name: groupName,
                arn: `arn:${partitionOf(ctx.region)}:logs:${ctx.region}:${ctx.accountId}:log-group:${groupName}`,
                logGroupClass: "STANDARD",
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:iam/role:Role": (name, inputs, ctx) => {
        const roleName = String(inputs.name ?? autoName(name, "role"));
        const path = String(inputs.path ?? "/");
        return {
            id: roleName,
            state: {
                name: roleName,
                path,
                arn: `arn:${partitionOf(ctx.region)}:iam::${ctx.accountId}:role${path}${roleName}`,
                uniqueId: `AROA${hex(17, "role", roleName).toUpperCase()}`,
                maxSessionDuration: inputs.maxSessionDuration ?? 3600,
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:iam/rolePolicy:RolePolicy": (name, inputs) => {
        const policyName = String(inputs.name ?? autoName(name, "role-policy"));
        return { id: `${String(inputs.role)}:${policyName}`, state: { name: policyName } };
    },
};

export const RESOURCE_MODELS: Readonly<Record<string, ResourceModel>> = {
    ...CORE_RESOURCE_MODELS,
    ...OBSERVABILITY_RESOURCE_MODELS,
    ...ECS_RESOURCE_MODELS,
    ...EDGE_RESOURCE_MODELS,
    ...EKS_RESOURCE_MODELS,
    ...KARPENTER_RESOURCE_MODELS,
    ...DELIVERY_RESOURCE_MODELS,
};

/**
 * The region's Availability Zones as [name, zone ID], from the program's own dated table
 * (lib/regions.ts), so the offline graph places subnets in zones that exist. A region missing from
 * the table has no zones to answer with: like the provider for a region AWS does not have, the
 * call fails.
 */
export function zonesOf(region: string): readonly (readonly [string, string])[] {
    const facts = regionFacts(region);
    if (!facts) throw new Error(`invalid AWS Region: ${region} (not in lib/regions.ts; the offline engine does not invent zones)`);
    return facts.zones;
}

function zoneIdOf(zone: string): string | undefined {
    const region = zone.slice(0, -1);
    return regionFacts(region)?.zones.find(([name]) => name === zone)?.[1];
}

export const INVOKE_MODELS: Readonly<Record<string, InvokeModel>> = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_args, ctx) => {
        const zones = zonesOf(ctx.region);
        return {
            id: ctx.region,
            names: zones.map(([n]) => n),
            zoneIds: zones.map(([, id]) => id),
            groupNames: zones.map(() => ctx.region),
            state: "available",
        };
    },
    "aws:index/getCallerIdentity:getCallerIdentity": (_args, ctx) => ({
        id: ctx.accountId,
        accountId: ctx.accountId,
        arn: `arn:${partitionOf(ctx.region)}:sts::${ctx.accountId}:assumed-role/${ctx.callerRole}/offline`,
        userId: `AROA${hex(17, "caller").toUpperCase()}:offline`,
    }),
    "aws:iam/getSessionContext:getSessionContext": (args) => {
        const session = /^arn:(aws[a-z-]*):sts::([0-9]{12}):assumed-role\/([^/]+)\/(.+)$/.exec(String(args.arn));
        if (!session) return { id: String(args.arn), arn: args.arn, issuerArn: args.arn, issuerId: "", issuerName: "", sessionName: "" };
        const [, partition, account, role, sessionName] = session;
        return {
            id: String(args.arn),
            arn: args.arn,
            issuerArn: `arn:${partition}:iam::${account}:role/${role}`,
            issuerId: `AROA${hex(17, "role", role).toUpperCase()}`,
            issuerName: role,
            sessionName,
        };
    },
    "aws:index/getPartition:getPartition": (_args, ctx) => {
        const partition = partitionOf(ctx.region);
        return {
            id: partition,
            partition,
            dnsSuffix: partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com",
            reverseDnsPrefix: partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws",
        };
    },
    ...ECS_INVOKE_MODELS,
    ...EKS_INVOKE_MODELS,
    "aws:index/getRegion:getRegion": (_args, ctx) => ({
        id: ctx.region,
        name: ctx.region,
        region: ctx.region,
        endpoint: `ec2.${ctx.region}.amazonaws.com`,
        description: ctx.region,
    }),
};
