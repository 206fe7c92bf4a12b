// Fixture graphs for the policy tests: a compliant platform with every resource type the rules
// know (ECS, EKS as aws.eks and as the @pulumi/eks component, load balancer, logs, ECR, KMS, the
// Fargate log router), in the input shapes of @pulumi/aws 7 and @pulumi/eks 4. Each failing
// fixture is this graph with one change, so a test proves both that the rule fires and that
// nothing else does.

import { PolicyInputResource } from "../offline/policy-runner";

type Env = "dev" | "prd";
type Inputs = Record<string, unknown>;

export interface FixtureResource extends PolicyInputResource {
    inputs: Inputs;
    outputs: Inputs;
    propertyDependencies: Record<string, string[]>;
}

const tagsFor = (env: Env) => ({ environment: env, owner: "platform-team", "cost-center": "cc-1001" });

export class FixtureGraph {
    readonly resources: FixtureResource[] = [];

    constructor(readonly env: Env) {}

    /** Declares a resource; `refs` maps an input to the resources it was built from (ids, propertyDependencies). */
    add(type: string, name: string, inputs: Inputs, refs: Record<string, FixtureResource[]> = {}): FixtureResource {
        const id = `${name}-id`;
        const withRefs: Inputs = { ...inputs };
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, targets] of Object.entries(refs)) {
            propertyDependencies[key] = targets.map((t) => t.urn);
            if (withRefs[key] === undefined) {
                const ids = targets.map((t) => String(t.outputs.id));
                withRefs[key] = Array.isArray(inputs[key]) || key.endsWith("s") ? ids : ids[0];
            }
        }
        const resource: FixtureResource = {
            urn: `urn:pulumi:${this.env}::platform::${type}::${name}`,
            type,
            name,
            inputs: withRefs,
            outputs: { ...withRefs, id },
            dependencies: Object.values(propertyDependencies).flat(),
            propertyDependencies,
            protect: false,
            ignoreChanges: [],
        };
        this.resources.push(resource);
        return resource;
    }

    byName(name: string): FixtureResource {
        const r = this.resources.find((x) => x.name === name);
        if (!r) throw new Error(`fixture has no resource ${name}`);
        return r;
    }

    /** Changes inputs (and outputs alike) of one resource: `change` receives both. */
    edit(name: string, change: (props: Inputs) => void): this {
        const r = this.byName(name);
        change(r.inputs);
        change(r.outputs);
        return this;
    }

    remove(name: string): this {
        this.resources.splice(this.resources.indexOf(this.byName(name)), 1);
        return this;
    }
}

export const FLUENT_BIT_OUTPUT = (group: string) => `[OUTPUT]
    Name cloudwatch_logs
    Match *
    region ap-northeast-1
    log_group_name ${group}
    log_stream_prefix fargate-
    auto_create_group false
`;

export const CONTAINERS = [
    {
        name: "app",
        image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0.0",
        essential: true,
        environment: [{ name: "LOG_LEVEL", value: "info" }],
        secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db" }],
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": "/platform/ecs/app", "awslogs-region": "ap-northeast-1", "awslogs-stream-prefix": "app" },
        },
    },
];

/** A platform that satisfies every rule in `env`. */
export function compliantPlatform(env: Env): FixtureGraph {
    const g = new FixtureGraph(env);
    const tags = tagsFor(env);
    const vpc = g.add("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16", tags });
    const logGroup = g.add("aws:cloudwatch/logGroup:LogGroup", "flow-logs", { name: "/platform/vpc/flow-logs", retentionInDays: 30, tags });
    g.add("aws:ec2/flowLog:FlowLog", "flow-log", { trafficType: "ALL", tags }, { vpcId: [vpc], logDestination: [logGroup] });
    const publicSubnet = g.add(
        "aws:ec2/subnet:Subnet",
        "public-1",
        { cidrBlock: "10.0.32.0/24", mapPublicIpOnLaunch: false, tags: { ...tags, tier: "public", "kubernetes.io/role/elb": "1" } },
        { vpcId: [vpc] },
    );
    const privateSubnet = g.add(
        "aws:ec2/subnet:Subnet",
        "private-1",
        {
            cidrBlock: "10.0.0.0/20",
            mapPublicIpOnLaunch: false,
            tags: { ...tags, tier: "private", "kubernetes.io/role/internal-elb": "1" },
        },
        { vpcId: [vpc] },
    );

    // The load balancer's group is the one group that may be open to the internet, on 80/443.
    const lbSg = g.add(
        "aws:ec2/securityGroup:SecurityGroup",
        "alb-sg",
        {
            description: "ALB",
            tags,
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
        },
        { vpcId: [vpc] },
    );
    g.add(
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "alb-http",
        { ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0", tags },
        { securityGroupId: [lbSg] },
    );
    g.add(
        "aws:lb/loadBalancer:LoadBalancer",
        "alb",
        { name: `platform-${env}`, loadBalancerType: "application", internal: false, tags },
        { securityGroups: [lbSg], subnets: [publicSubnet] },
    );
    g.add(
        "aws:lb/targetGroup:TargetGroup",
        "app-tg",
        { namePrefix: "app-", port: 8080, protocol: "HTTP", targetType: "ip", tags },
        { vpcId: [vpc] },
    );
    const appSg = g.add("aws:ec2/securityGroup:SecurityGroup", "app-sg", { description: "app", tags }, { vpcId: [vpc] });
    g.add(
        "aws:ec2/securityGroupRule:SecurityGroupRule",
        "app-from-alb",
        { type: "ingress", protocol: "tcp", fromPort: 8080, toPort: 8080 },
        { securityGroupId: [appSg], sourceSecurityGroupId: [lbSg] },
    );
    g.add(
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "app-from-vpc",
        { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "10.0.0.0/16", tags },
        { securityGroupId: [appSg] },
    );

    // ECS
    g.add("aws:ecs/cluster:Cluster", "ecs", {
        settings: [{ name: "containerInsights", value: "enabled" }],
        configuration: {
            executeCommandConfiguration: { logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: "/platform/ecs-exec" } },
        },
        tags,
    });
    const executionRole = g.add("aws:iam/role:Role", "execution-role", { assumeRolePolicy: "{}", tags });
    const taskRole = g.add("aws:iam/role:Role", "task-role", { assumeRolePolicy: "{}", tags });
    g.add(
        "aws:iam/rolePolicy:RolePolicy",
        "task-app-policy",
        {
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "EcsExec", Effect: "Allow", Action: ["ssmmessages:OpenDataChannel"], Resource: "*" },
                    { Sid: "Uploads", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::uploads/*"] },
                ],
            }),
        },
        { role: [taskRole] },
    );
    g.add("aws:cloudwatch/logGroup:LogGroup", "app-logs", { name: "/platform/ecs/app", retentionInDays: 30, tags });
    g.add(
        "aws:ecs/taskDefinition:TaskDefinition",
        "app-task",
        {
            family: "app",
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            cpu: "256",
            memory: "512",
            executionRoleArn: "arn:aws:iam::123456789012:role/execution",
            taskRoleArn: "arn:aws:iam::123456789012:role/task",
            containerDefinitions: JSON.stringify(CONTAINERS),
            tags,
        },
        { executionRoleArn: [executionRole], taskRoleArn: [taskRole] },
    );
    g.add("aws:ecs/service:Service", "app", {
        launchType: "FARGATE",
        desiredCount: 2,
        tags,
        networkConfiguration: { subnets: ["private-1-id"], securityGroups: ["app-sg-id"], assignPublicIp: false },
    });
    g.add("aws:ecr/repository:Repository", "app-repo", {
        imageScanningConfiguration: { scanOnPush: true },
        imageTagMutability: "IMMUTABLE",
        tags,
    });

    // EKS, both as aws.eks.Cluster and as the @pulumi/eks component
    const key = g.add("aws:kms/key:Key", "eks-secrets", { enableKeyRotation: true, description: "EKS secrets", tags });
    const allLogs = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
    const eks = g.add("aws:eks/cluster:Cluster", "eks", {
        accessConfig: { authenticationMode: "API" },
        vpcConfig: { subnetIds: ["private-1-id"], endpointPrivateAccess: true, endpointPublicAccess: false },
        encryptionConfig: { provider: { keyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/1" }, resources: ["secrets"] },
        enabledClusterLogTypes: allLogs,
        tags,
    });
    g.add(
        "eks:index:Cluster",
        "eks-component",
        {
            authenticationMode: "API",
            endpointPrivateAccess: true,
            endpointPublicAccess: true,
            publicAccessCidrs: ["203.0.113.0/24"],
            encryptionConfigKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/1",
            enabledClusterLogTypes: allLogs,
            tags,
        },
        { encryptionConfigKeyArn: [key] },
    );
    g.add(
        "aws:eks/fargateProfile:FargateProfile",
        "fargate",
        { clusterName: "eks", selectors: [{ namespace: "apps" }], tags },
        { subnetIds: [privateSubnet], clusterName: [eks] },
    );
    const template = g.add("aws:ec2/launchTemplate:LaunchTemplate", "nodes", {
        name: "eks-general",
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
        tags,
    });
    g.add(
        "aws:eks/nodeGroup:NodeGroup",
        "general",
        { clusterName: "eks", nodeGroupNamePrefix: "general-", instanceTypes: ["m7i.large"], tags },
        { subnetIds: [privateSubnet], clusterName: [eks], launchTemplate: [template] },
    );
    g.add("aws:cloudwatch/logGroup:LogGroup", "fargate-logs", { name: "/platform/eks/fargate", retentionInDays: 30, tags });
    g.add("kubernetes:core/v1:ConfigMap", "aws-logging", {
        metadata: { name: "aws-logging", namespace: "aws-observability" },
        data: { "output.conf": FLUENT_BIT_OUTPUT("/platform/eks/fargate") },
    });
    return g;
}
