// Wires the components of one environment from its validated description. Everything that differs
// between dev and prd arrives here as config values; there is no per-environment branching below.

import * as pulumi from "@pulumi/pulumi";
import { Network } from "../components/network";
import { Environment } from "./environment";

export interface Platform {
    readonly network: Network;
}

export function buildPlatform(env: Environment, availabilityZones: readonly string[]): Platform {
    const network = new Network(env.namePrefix, {
        namePrefix: env.namePrefix,
        region: env.region,
        cidr: env.network.cidr,
        availabilityZones,
        natStrategy: env.network.natStrategy,
        privateSubnets: env.network.privateSubnets,
        publicSubnetPrefixLength: env.network.publicSubnetPrefixLength,
        privateSubnetPrefixLength: env.network.privateSubnetPrefixLength,
        s3GatewayEndpoint: env.network.s3GatewayEndpoint,
        interfaceEndpoints: env.network.interfaceEndpoints,
        flowLogs: {
            trafficType: env.network.flowLogTrafficType,
            aggregationSeconds: env.network.flowLogAggregationSeconds,
            retentionDays: env.logRetentionDays,
        },
        eksClusterName: env.eks.enabled ? env.eks.clusterName : undefined,
        tags: env.tags,
        protect: env.protect,
    });
    return { network };
}

/** The stack outputs, as index.ts exports them. */
export function stackOutputs(env: Environment, platform: Platform): Record<string, pulumi.Input<unknown>> {
    const { network } = platform;
    const outputs: Record<string, pulumi.Input<unknown> | undefined> = {
        environment: env.name,
        region: env.region,
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        availabilityZones: network.availabilityZones,
        publicSubnetIds: pulumi.all(network.publicSubnetIds),
        privateSubnetIds: pulumi.all(network.privateSubnetIds),
        natGatewayIds: pulumi.all(network.natGatewayIds),
        endpointSecurityGroupId: network.endpointSecurityGroupId,
        flowLogGroupName: network.flowLogGroupName,
        eksClusterName: env.eks.enabled ? env.eks.clusterName : undefined,
    };
    // An undefined output is dropped by the engine with a warning; leave it out instead.
    return Object.fromEntries(Object.entries(outputs).filter((entry): entry is [string, pulumi.Input<unknown>] => entry[1] !== undefined));
}
