// The network's resources as handed to AWS (prd: 3 AZs, a NAT per AZ, every interface endpoint),
// every input (tags apart, tests/tags.test.ts), references resolved to the resources they name.
// tests/network.test.ts asserts each promise; this file that nothing else changed, on the one
// graph it shares with the other value files, so a changed value is found before the suites that
// build many graphs run.

import * as assert from "assert";
import { RecordedResource } from "../offline/engine";
import { Graph } from "../offline/graph";
import { ProgramRun, runStack } from "../offline/run";
import { INTERFACE_ENDPOINT_NAMES } from "../lib/vpc-endpoints";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    igw: "aws:ec2/internetGateway:InternetGateway",
    eip: "aws:ec2/eip:Eip",
    nat: "aws:ec2/natGateway:NatGateway",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
};

function inputsOf(resource: RecordedResource): Record<string, unknown> {
    const { tags: _tags, ...rest } = resource.inputs;
    return rest;
}

const ZONES = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"];

describe("network as handed to AWS (prd)", () => {
    let run: ProgramRun;
    let net: Graph;
    let id: (type: string, name: string) => string | undefined;
    let vpcId: string | undefined;
    before(async () => {
        run = await runStack("prd");
        net = run.graph.within("platform:network:Network");
        id = (type, name) => net.one(type, name).id;
        vpcId = net.one(T.vpc).id;
    });

    it("the VPC with DNS, its internet gateway, and the default security group emptied", () => {
        assert.deepStrictEqual(inputsOf(net.one(T.vpc)), { cidrBlock: "10.20.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
        assert.deepStrictEqual(inputsOf(net.one(T.igw)), { vpcId });
        assert.deepStrictEqual(inputsOf(net.one(T.defaultSg)), { vpcId, ingress: [], egress: [] });
    });

    it("subnets: a private /20 and a public /24 per zone, no public IPs on launch", () => {
        const subnets = Object.fromEntries(net.byType(T.subnet).map((s) => [s.name, inputsOf(s)]));
        const expected: Record<string, unknown> = {};
        ZONES.forEach((zone, i) => {
            expected[`platform-prd-private-${i + 1}`] = {
                availabilityZone: zone,
                cidrBlock: `10.20.${i * 32}.0/20`,
                mapPublicIpOnLaunch: false,
                vpcId,
            };
            expected[`platform-prd-public-${i + 1}`] = {
                availabilityZone: zone,
                cidrBlock: `10.20.${i * 32 + 16}.0/24`,
                mapPublicIpOnLaunch: false,
                vpcId,
            };
        });
        assert.deepStrictEqual(subnets, expected);
    });

    it("routing: public subnets through the internet gateway, each private subnet through its zone's NAT", () => {
        for (const n of [1, 2, 3]) {
            const eip = net.one(T.eip, `platform-prd-nat-${n}`);
            assert.deepStrictEqual(inputsOf(eip), { domain: "vpc" });
            assert.deepStrictEqual(inputsOf(net.one(T.nat, `platform-prd-nat-${n}`)), {
                allocationId: eip.id,
                connectivityType: "public",
                subnetId: id(T.subnet, `platform-prd-public-${n}`),
            });
            assert.deepStrictEqual(inputsOf(net.one(T.routeTable, `platform-prd-private-${n}`)), { vpcId });
            assert.deepStrictEqual(inputsOf(net.one(T.route, `platform-prd-private-${n}-default`)), {
                destinationCidrBlock: "0.0.0.0/0",
                natGatewayId: id(T.nat, `platform-prd-nat-${n}`),
                routeTableId: id(T.routeTable, `platform-prd-private-${n}`),
            });
            assert.deepStrictEqual(inputsOf(net.one(T.association, `platform-prd-private-${n}`)), {
                routeTableId: id(T.routeTable, `platform-prd-private-${n}`),
                subnetId: id(T.subnet, `platform-prd-private-${n}`),
            });
            assert.deepStrictEqual(inputsOf(net.one(T.association, `platform-prd-public-${n}`)), {
                routeTableId: id(T.routeTable, "platform-prd-public-rt"),
                subnetId: id(T.subnet, `platform-prd-public-${n}`),
            });
        }
        assert.deepStrictEqual(inputsOf(net.one(T.routeTable, "platform-prd-public-rt")), { vpcId });
        assert.deepStrictEqual(inputsOf(net.one(T.route, "platform-prd-public-default")), {
            destinationCidrBlock: "0.0.0.0/0",
            gatewayId: id(T.igw, "platform-prd-igw"),
            routeTableId: id(T.routeTable, "platform-prd-public-rt"),
        });
    });

    it("endpoints: S3 as a gateway on the private route tables; every interface endpoint private, with DNS, behind HTTPS from the VPC", () => {
        const privateSubnets = [1, 2, 3].map((n) => id(T.subnet, `platform-prd-private-${n}`));
        const privateTables = [1, 2, 3].map((n) => id(T.routeTable, `platform-prd-private-${n}`));
        const sg = net.one(T.sg, "platform-prd-endpoints");
        assert.deepStrictEqual(inputsOf(sg), { description: "Interface VPC endpoints: HTTPS from inside the VPC only", vpcId });
        assert.deepStrictEqual(inputsOf(net.one(T.ingress)), {
            cidrIpv4: "10.20.0.0/16",
            description: "HTTPS from the VPC",
            fromPort: 443,
            ipProtocol: "tcp",
            securityGroupId: sg.id,
            toPort: 443,
        });
        const endpoints = Object.fromEntries(net.byType(T.endpoint).map((e) => [e.name, inputsOf(e)]));
        const expected: Record<string, unknown> = {
            "platform-prd-s3": {
                routeTableIds: privateTables,
                serviceName: "com.amazonaws.ap-northeast-1.s3",
                vpcEndpointType: "Gateway",
                vpcId,
            },
        };
        for (const name of INTERFACE_ENDPOINT_NAMES) {
            expected[`platform-prd-${name.replace(/\./g, "-")}`] = {
                privateDnsEnabled: true,
                securityGroupIds: [sg.id],
                serviceName: `com.amazonaws.ap-northeast-1.${name}`,
                subnetIds: privateSubnets,
                vpcEndpointType: "Interface",
                vpcId,
            };
        }
        assert.deepStrictEqual(endpoints, expected);
        assert.deepStrictEqual(INTERFACE_ENDPOINT_NAMES.length, 15);
    });
});
