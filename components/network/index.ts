// The platform's VPC, built from @pulumi/aws primitives rather than awsx.ec2.Vpc: awsx's Vpc is a
// remote component whose NAT gateways, routes and subnets are invisible to unit tests, and this
// component's whole value is in those invariants (NAT per strategy, EKS subnet tags, endpoint
// security group, flow logs, an empty default security group), which the tests assert directly.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { formatCidr, parseIpv4Cidr, planSubnets } from "../../lib/cidr";
import { FlowLogs } from "./flow-logs";
import { tagger } from "../../lib/tags";

export type NatStrategy = "single" | "one-per-az" | "none";

export interface NetworkArgs {
    /** Prefix of every Name tag and logical name, e.g. "platform-prd". */
    readonly namePrefix: string;
    readonly region: string;
    readonly cidr: string;
    /** One public (and private) subnet per zone, in this order. */
    readonly availabilityZones: readonly string[];
    readonly natStrategy: NatStrategy;
    readonly privateSubnets: boolean;
    readonly publicSubnetPrefixLength: number;
    readonly privateSubnetPrefixLength: number;
    readonly s3GatewayEndpoint: boolean;
    /** Service suffixes of com.amazonaws.<region>.<name>. */
    readonly interfaceEndpoints: readonly string[];
    readonly flowLogs: {
        readonly trafficType: "ALL" | "ACCEPT" | "REJECT";
        readonly aggregationSeconds: 60 | 600;
        readonly retentionDays: number;
    };
    /** When an EKS cluster will use these subnets: adds kubernetes.io/cluster/<name>=shared. */
    readonly eksClusterName?: string;
    /** Karpenter launches nodes into the private subnets: tags them karpenter.sh/discovery=<eksClusterName>. */
    readonly karpenterDiscovery?: boolean;
    readonly tags: Readonly<Record<string, string>>;
    /** Protect the VPC and subnets, and keep flow-log data, when the stack is destroyed. */
    readonly protect: boolean;
}

export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: string;
    readonly availabilityZones: readonly string[];
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly privateRouteTableIds: pulumi.Output<string>[];
    readonly natGatewayIds: pulumi.Output<string>[];
    /** Security group of the interface endpoints; undefined when none are enabled. */
    readonly endpointSecurityGroupId?: pulumi.Output<string>;
    readonly interfaceEndpointIds: Readonly<Record<string, pulumi.Output<string>>>;
    readonly flowLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:Network", name, {}, opts);
        const parent = { parent: this };
        const protectedChild = { parent: this, protect: args.protect };
        const tagged = tagger(args.tags);

        this.availabilityZones = args.availabilityZones;
        const azCount = args.availabilityZones.length;
        const vpcCidr = parseIpv4Cidr(args.cidr);
        if (typeof vpcCidr === "string") {
            throw new Error(`Network ${name}: cidr ${args.cidr} is invalid: ${vpcCidr}`);
        }
        const subnetPlan = planSubnets(
            vpcCidr,
            azCount,
            args.publicSubnetPrefixLength,
            args.privateSubnets ? args.privateSubnetPrefixLength : undefined,
        );
        if (!subnetPlan) {
            throw new Error(`Network ${name}: the subnets do not fit in ${args.cidr}`);
        }
        if (args.privateSubnets && args.natStrategy === "none") {
            throw new Error(`Network ${name}: private subnets need natStrategy single or one-per-az`);
        }

        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidr,
                enableDnsSupport: true,
                enableDnsHostnames: true,
                tags: tagged(`${args.namePrefix}-vpc`),
            },
            protectedChild,
        );
        this.vpcId = vpc.id;
        this.vpcCidr = args.cidr;

        // Adopting the default security group with no rules strips AWS's allow-all-within-group default,
        // so nothing can be attached to it by accident and still talk.
        new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            {
                vpcId: vpc.id,
                ingress: [],
                egress: [],
                tags: tagged(`${args.namePrefix}-default-do-not-use`),
            },
            parent,
        );

        const igw = new aws.ec2.InternetGateway(
            `${name}-igw`,
            {
                vpcId: vpc.id,
                tags: tagged(`${args.namePrefix}-igw`),
            },
            parent,
        );
        const publicRouteTable = new aws.ec2.RouteTable(
            `${name}-public-rt`,
            {
                vpcId: vpc.id,
                tags: tagged(`${args.namePrefix}-public`),
            },
            parent,
        );
        new aws.ec2.Route(
            `${name}-public-default`,
            {
                routeTableId: publicRouteTable.id,
                destinationCidrBlock: "0.0.0.0/0",
                gatewayId: igw.id,
            },
            parent,
        );

        const clusterTag: Record<string, string> = args.eksClusterName
            ? { [`kubernetes.io/cluster/${args.eksClusterName}`]: "shared" }
            : {};

        const publicSubnets: aws.ec2.Subnet[] = [];
        for (let i = 0; i < azCount; i++) {
            const subnet = new aws.ec2.Subnet(
                `${name}-public-${i + 1}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: formatCidr(subnetPlan.public[i]),
                    availabilityZone: args.availabilityZones[i],
                    // Load balancers and NAT gateways get their addresses explicitly; nothing else belongs here.
                    mapPublicIpOnLaunch: false,
                    tags: tagged(`${args.namePrefix}-public-${i + 1}`, { "kubernetes.io/role/elb": "1", ...clusterTag, tier: "public" }),
                },
                protectedChild,
            );
            new aws.ec2.RouteTableAssociation(
                `${name}-public-${i + 1}`,
                {
                    subnetId: subnet.id,
                    routeTableId: publicRouteTable.id,
                },
                parent,
            );
            publicSubnets.push(subnet);
        }
        this.publicSubnetIds = publicSubnets.map((s) => s.id);

        const natCount = args.natStrategy === "one-per-az" ? azCount : args.natStrategy === "single" ? 1 : 0;
        const natGateways: aws.ec2.NatGateway[] = [];
        for (let i = 0; i < natCount; i++) {
            const eip = new aws.ec2.Eip(
                `${name}-nat-${i + 1}`,
                {
                    domain: "vpc",
                    tags: tagged(`${args.namePrefix}-nat-${i + 1}`),
                },
                parent,
            );
            natGateways.push(
                new aws.ec2.NatGateway(
                    `${name}-nat-${i + 1}`,
                    {
                        allocationId: eip.allocationId,
                        subnetId: publicSubnets[i].id,
                        connectivityType: "public",
                        tags: tagged(`${args.namePrefix}-nat-${i + 1}`),
                    },
                    { parent: this, dependsOn: [igw] },
                ),
            );
        }
        this.natGatewayIds = natGateways.map((n) => n.id);

        const privateSubnets: aws.ec2.Subnet[] = [];
        const privateRouteTables: aws.ec2.RouteTable[] = [];
        if (args.privateSubnets) {
            for (let i = 0; i < azCount; i++) {
                const subnet = new aws.ec2.Subnet(
                    `${name}-private-${i + 1}`,
                    {
                        vpcId: vpc.id,
                        cidrBlock: formatCidr(subnetPlan.private[i]),
                        availabilityZone: args.availabilityZones[i],
                        mapPublicIpOnLaunch: false,
                        tags: tagged(`${args.namePrefix}-private-${i + 1}`, {
                            "kubernetes.io/role/internal-elb": "1",
                            ...clusterTag,
                            ...(args.karpenterDiscovery && args.eksClusterName ? { "karpenter.sh/discovery": args.eksClusterName } : {}),
                            tier: "private",
                        }),
                    },
                    protectedChild,
                );
                // One route table per AZ whatever the NAT strategy, so moving from single to one-per-az
                // only repoints routes instead of replacing tables and associations.
                const routeTable = new aws.ec2.RouteTable(
                    `${name}-private-${i + 1}`,
                    {
                        vpcId: vpc.id,
                        tags: tagged(`${args.namePrefix}-private-${i + 1}`),
                    },
                    parent,
                );
                new aws.ec2.RouteTableAssociation(
                    `${name}-private-${i + 1}`,
                    {
                        subnetId: subnet.id,
                        routeTableId: routeTable.id,
                    },
                    parent,
                );
                new aws.ec2.Route(
                    `${name}-private-${i + 1}-default`,
                    {
                        routeTableId: routeTable.id,
                        destinationCidrBlock: "0.0.0.0/0",
                        natGatewayId: natGateways[args.natStrategy === "one-per-az" ? i : 0].id,
                    },
                    parent,
                );
                privateSubnets.push(subnet);
                privateRouteTables.push(routeTable);
            }
        }
        this.privateSubnetIds = privateSubnets.map((s) => s.id);
        this.privateRouteTableIds = privateRouteTables.map((t) => t.id);

        if (args.s3GatewayEndpoint) {
            new aws.ec2.VpcEndpoint(
                `${name}-s3`,
                {
                    vpcId: vpc.id,
                    serviceName: `com.amazonaws.${args.region}.s3`,
                    vpcEndpointType: "Gateway",
                    routeTableIds: args.privateSubnets ? this.privateRouteTableIds : [publicRouteTable.id],
                    tags: tagged(`${args.namePrefix}-s3`),
                },
                parent,
            );
        }

        const interfaceEndpointIds: Record<string, pulumi.Output<string>> = {};
        if (args.interfaceEndpoints.length > 0) {
            const endpointSg = new aws.ec2.SecurityGroup(
                `${name}-endpoints`,
                {
                    vpcId: vpc.id,
                    description: "Interface VPC endpoints: HTTPS from inside the VPC only",
                    tags: tagged(`${args.namePrefix}-endpoints`),
                },
                parent,
            );
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-endpoints-https`,
                {
                    securityGroupId: endpointSg.id,
                    description: "HTTPS from the VPC",
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrIpv4: args.cidr,
                    tags: tagged(`${args.namePrefix}-endpoints-https`),
                },
                parent,
            );
            this.endpointSecurityGroupId = endpointSg.id;
            const endpointSubnets = args.privateSubnets ? this.privateSubnetIds : this.publicSubnetIds;
            for (const service of args.interfaceEndpoints) {
                const endpoint = new aws.ec2.VpcEndpoint(
                    `${name}-${service.replace(/\./g, "-")}`,
                    {
                        vpcId: vpc.id,
                        serviceName: `com.amazonaws.${args.region}.${service}`,
                        vpcEndpointType: "Interface",
                        privateDnsEnabled: true,
                        subnetIds: endpointSubnets,
                        securityGroupIds: [endpointSg.id],
                        tags: tagged(`${args.namePrefix}-${service}`),
                    },
                    parent,
                );
                interfaceEndpointIds[service] = endpoint.id;
            }
        }
        this.interfaceEndpointIds = interfaceEndpointIds;

        const flowLogs = new FlowLogs(
            `${name}-flow-logs`,
            {
                namePrefix: args.namePrefix,
                vpcId: vpc.id,
                region: args.region,
                trafficType: args.flowLogs.trafficType,
                aggregationSeconds: args.flowLogs.aggregationSeconds,
                retentionDays: args.flowLogs.retentionDays,
                tags: args.tags,
                retainLogs: args.protect,
            },
            parent,
        );
        this.flowLogGroupName = flowLogs.logGroupName;

        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            natGatewayIds: this.natGatewayIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            flowLogGroupName: this.flowLogGroupName,
        });
    }
}
