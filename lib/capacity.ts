// Resource types that carry running capacity or the path to it: replacing or deleting one of them
// takes workloads down (or strands them) unless its successor exists first. The offline diff calls
// their replacements out at the top, and the deploy runner's guard on protected stacks stops them
// unless a flag allows them.

export const CAPACITY_TYPES: readonly string[] = [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/natGateway:NatGateway",
    "aws:eks/cluster:Cluster",
    "aws:eks/nodeGroup:NodeGroup",
    "aws:eks/fargateProfile:FargateProfile",
    "aws:ecs/cluster:Cluster",
    "aws:ecs/service:Service",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/listener:Listener",
    "aws:lb/targetGroup:TargetGroup",
];

export function isCapacityType(type: string): boolean {
    return CAPACITY_TYPES.includes(type);
}
