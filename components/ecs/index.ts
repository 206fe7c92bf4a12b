// ECS on Fargate, built from @pulumi/aws so every invariant (roles, networking, logging, deployment
// safety) is visible to tests: the cluster with Container Insights and its Fargate capacity
// providers, the shared ALB, an optional Cloud Map namespace, and one EcsService per configured service.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../../lib/names";
import { eventsLogPolicyName, execAuditLogGroup, stoppedTasksLogGroup } from "../../lib/ecs-names";
import { EcsServiceSettings } from "./args";
import { accessLogsBucket, requestCertificate, webAcl } from "./edge";
import { LoadBalancer } from "./load-balancer";
import { execOperatorPolicy, oneOffOperatorPolicy } from "./policies";
import { EcsService } from "./service";
import { allowCall } from "./traffic";
import { tagger } from "../../lib/tags";

/** The ALB's edge beyond certificateArn / accessLogsBucket. */
export interface EcsEdgeSettings {
    /** Request a DNS-validated ACM certificate for this domain in this hosted zone. */
    readonly certificateRequest?: { readonly domain: string; readonly zoneId: string };
    /** Create the access-log bucket (when accessLogsBucket names none). */
    readonly createAccessLogsBucket: boolean;
    readonly waf: boolean;
}

export interface EcsArgs {
    readonly namePrefix: string;
    readonly region: string;
    readonly vpcId: pulumi.Input<string>;
    readonly publicSubnetIds: pulumi.Input<string>[];
    readonly privateSubnetIds: pulumi.Input<string>[];
    readonly containerInsights: "enhanced" | "enabled";
    readonly logDriver: "awslogs" | "firelens";
    readonly cpuArchitecture: "X86_64" | "ARM64";
    /** Tasks always on FARGATE (base), then FARGATE / FARGATE_SPOT by weight. */
    readonly capacity: { readonly fargateBase: number; readonly fargateWeight: number; readonly spotWeight: number };
    readonly certificateArn?: string;
    readonly accessLogsBucket?: string;
    readonly serviceDiscovery: boolean;
    readonly services: readonly EcsServiceSettings[];
    readonly edge: EcsEdgeSettings;
    /** Target 5xx per minute that roll a deployment back (the observability threshold). */
    readonly deploymentAlarm5xxPerMinute: number;
    readonly logRetentionDays: number;
    readonly immutableTags: boolean;
    /** GuardDuty Runtime Monitoring for ECS on Fargate is on: execution roles may pull its agent. */
    readonly guardDutyRuntime: boolean;
    /** Services whose image tag is not yet in their own ECR repository: they start at zero tasks. */
    readonly servicesAwaitingImage: readonly string[];
    /** The sleep schedule has the services parked right now (see EcsServiceArgs.parked). */
    readonly parked?: boolean;
    readonly protect: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

export class Ecs extends pulumi.ComponentResource {
    readonly clusterArn: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly loadBalancer: LoadBalancer;
    readonly services: Readonly<Record<string, EcsService>>;
    readonly discoveryNamespace?: pulumi.Output<string>;
    readonly execLogGroupName: pulumi.Output<string>;
    readonly stoppedTasksLogGroupName: pulumi.Output<string>;
    readonly accessLogsBucket?: pulumi.Output<string>;
    readonly webAclArn?: pulumi.Output<string>;
    /** Managed policies to attach to people's roles: ECS Exec into this cluster, running the one-off tasks. */
    readonly operatorPolicyArns: { readonly exec: pulumi.Output<string>; readonly oneOffTasks?: pulumi.Output<string> };

    constructor(name: string, args: EcsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:ecs:Ecs", name, {}, opts);
        const parent = { parent: this };
        const tagged = tagger(args.tags);
        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent);

        // Every ECS Exec session leaves a transcript here (OVERRIDE: DEFAULT writes only to the
        // agent's own log inside the task, gone with it).
        const execLogs = new aws.cloudwatch.LogGroup(
            `${name}-exec-logs`,
            {
                name: execAuditLogGroup(args.namePrefix),
                retentionInDays: args.logRetentionDays,
                tags: tagged(`${args.namePrefix}-ecs-exec`),
            },
            { parent: this, retainOnDelete: args.protect },
        );
        const cluster = new aws.ecs.Cluster(
            `${name}-cluster`,
            {
                name: names.ecsCluster(args.namePrefix),
                settings: [{ name: "containerInsights", value: args.containerInsights }],
                configuration: {
                    executeCommandConfiguration: {
                        logging: "OVERRIDE",
                        logConfiguration: { cloudWatchLogGroupName: execLogs.name, cloudWatchEncryptionEnabled: false },
                    },
                },
                tags: tagged(args.namePrefix),
            },
            { parent: this, protect: args.protect },
        );
        this.execLogGroupName = execLogs.name;
        this.stoppedTasksLogGroupName = this.stoppedTaskEvents(name, args, cluster.arn, tagged);

        const strategies: aws.types.input.ecs.ServiceCapacityProviderStrategy[] = [
            { capacityProvider: "FARGATE", base: args.capacity.fargateBase, weight: args.capacity.fargateWeight },
            ...(args.capacity.spotWeight > 0 ? [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: args.capacity.spotWeight }] : []),
        ];
        const capacityProviders = new aws.ecs.ClusterCapacityProviders(
            `${name}-capacity`,
            {
                clusterName: cluster.name,
                capacityProviders: ["FARGATE", "FARGATE_SPOT"],
                defaultCapacityProviderStrategies: strategies,
            },
            parent,
        );

        const certificateArn = args.edge.certificateRequest
            ? requestCertificate(name, args.edge.certificateRequest, tagged, parent)
            : args.certificateArn;
        const bucket =
            args.edge.createAccessLogsBucket && !args.accessLogsBucket
                ? accessLogsBucket(
                      name,
                      {
                          partition: partition.partition,
                          region: args.region,
                          accountId: identity.accountId,
                          prefix: args.namePrefix,
                          retentionDays: args.logRetentionDays,
                      },
                      tagged,
                      { parent: this, protect: args.protect },
                  )
                : undefined;
        this.accessLogsBucket = bucket?.bucketName;
        this.loadBalancer = new LoadBalancer(
            `${name}-lb`,
            {
                namePrefix: args.namePrefix,
                vpcId: args.vpcId,
                publicSubnetIds: args.publicSubnetIds,
                certificateArn,
                accessLogsBucket: bucket?.bucketName ?? args.accessLogsBucket,
                accessLogsReady: bucket?.ready,
                protect: args.protect,
                tags: args.tags,
            },
            parent,
        );
        if (args.edge.waf) {
            this.webAclArn = webAcl(name, this.loadBalancer.arn, args.namePrefix, tagged, parent).arn;
        }

        // ECS's role for moving listener-rule weights in blue/green, linear and canary deployments.
        let infrastructureRoleArn: pulumi.Output<string> | undefined;
        if (args.services.some((s) => s.deployment.strategy !== "rolling")) {
            const role = new aws.iam.Role(
                `${name}-ecs-infrastructure`,
                {
                    description: `ECS moves ${args.namePrefix} traffic between target groups during blue/green deployments`,
                    assumeRolePolicy: identity.accountId.apply((account) =>
                        JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Effect: "Allow",
                                    Principal: { Service: "ecs.amazonaws.com" },
                                    Action: "sts:AssumeRole",
                                    Condition: { StringEquals: { "aws:SourceAccount": account } },
                                },
                            ],
                        }),
                    ),
                    tags: tagged(`${args.namePrefix}-ecs-infrastructure`),
                },
                parent,
            );
            const attachment = new aws.iam.RolePolicyAttachment(
                `${name}-ecs-infrastructure`,
                {
                    role: role.name,
                    // AWS managed (ECS developer guide, "Amazon ECS infrastructure IAM role for load balancers").
                    policyArn: pulumi.interpolate`arn:${partition.partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers`,
                },
                parent,
            );
            // The service validates the role when it is created: it must already hold the policy.
            infrastructureRoleArn = pulumi.all([role.arn, attachment.id]).apply(([arn]) => arn);
        }

        let namespaceId: pulumi.Output<string> | undefined;
        if (args.serviceDiscovery) {
            const namespace = new aws.servicediscovery.PrivateDnsNamespace(
                `${name}-discovery`,
                {
                    name: names.discoveryNamespace(args.namePrefix),
                    vpc: args.vpcId,
                    description: `Service discovery for ${args.namePrefix}`,
                    tags: tagged(`${args.namePrefix}.internal`),
                },
                parent,
            );
            namespaceId = namespace.id;
            this.discoveryNamespace = namespace.name;
        }

        this.services = Object.fromEntries(
            args.services.map((settings, i) => [
                settings.name,
                new EcsService(
                    `${name}-${settings.name}`,
                    {
                        namePrefix: args.namePrefix,
                        region: args.region,
                        settings,
                        // More specific path patterns should be listed first in config; priorities follow that order.
                        priority: 100 + i * 10,
                        clusterArn: cluster.arn,
                        clusterName: cluster.name,
                        vpcId: args.vpcId,
                        privateSubnetIds: args.privateSubnetIds,
                        albSecurityGroupId: this.loadBalancer.securityGroupId,
                        albArnSuffix: this.loadBalancer.arnSuffix,
                        listenerArn: this.loadBalancer.listenerArn,
                        capacityProviderStrategies: strategies,
                        cpuArchitecture: args.cpuArchitecture,
                        logDriver: args.logDriver,
                        logRetentionDays: args.logRetentionDays,
                        discoveryNamespaceId: namespaceId,
                        immutableTags: args.immutableTags,
                        guardDutyRuntime: args.guardDutyRuntime,
                        awaitingImage: args.servicesAwaitingImage.includes(settings.name),
                        parked: args.parked,
                        execLogGroupArn: execLogs.arn,
                        infrastructureRoleArn,
                        deploymentAlarm5xxPerMinute: args.deploymentAlarm5xxPerMinute,
                        protect: args.protect,
                        tags: args.tags,
                    },
                    { parent: this, dependsOn: [capacityProviders] },
                ),
            ]),
        );

        for (const callee of args.services) {
            for (const callerName of callee.allowFrom) {
                const caller = args.services.find((s) => s.name === callerName);
                if (!caller) throw new Error(`${callee.name}.allowFrom: no service named ${callerName}`);
                allowCall(
                    name,
                    { name: caller.name, securityGroupId: this.services[caller.name].securityGroupId, port: caller.port },
                    { name: callee.name, securityGroupId: this.services[callee.name].securityGroupId, port: callee.port },
                    args.namePrefix,
                    tagged,
                    parent,
                );
            }
        }

        this.operatorPolicyArns = this.operatorPolicies(name, args, cluster, partition.partition, identity.accountId);
        this.clusterArn = cluster.arn;
        this.clusterName = cluster.name;
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ clusterArn: this.clusterArn, loadBalancerDnsName: this.loadBalancer.dnsName });
    }

    /** Stopped tasks' reasons (stopCode, stoppedReason, exit codes) kept in a log group: ECS forgets them within the hour. */
    private stoppedTaskEvents(
        name: string,
        args: EcsArgs,
        clusterArn: pulumi.Output<string>,
        tagged: (name: string) => Record<string, string>,
    ): pulumi.Output<string> {
        const parent = { parent: this };
        const group = new aws.cloudwatch.LogGroup(
            `${name}-stopped-tasks`,
            {
                name: stoppedTasksLogGroup(args.namePrefix),
                retentionInDays: args.logRetentionDays,
                tags: tagged(`${args.namePrefix}-ecs-task-stopped`),
            },
            { parent: this, retainOnDelete: args.protect },
        );
        // EventBridge writes to a log group only when the group's account allows it: the console adds
        // this policy by itself, the API does not (EventBridge user guide, "CloudWatch Logs permissions").
        const access = new aws.cloudwatch.LogResourcePolicy(
            `${name}-stopped-tasks`,
            {
                policyName: eventsLogPolicyName(args.namePrefix),
                policyDocument: group.arn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "EventBridgeToStoppedTasks",
                                Effect: "Allow",
                                Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
                                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                                Resource: `${arn}:log-stream:*`,
                            },
                        ],
                    }),
                ),
            },
            parent,
        );
        const rule = new aws.cloudwatch.EventRule(
            `${name}-stopped-tasks`,
            {
                description: `ECS tasks of ${args.namePrefix} that stopped, with the reason`,
                eventPattern: clusterArn.apply((arn) =>
                    JSON.stringify({
                        source: ["aws.ecs"],
                        "detail-type": ["ECS Task State Change"],
                        detail: { clusterArn: [arn], lastStatus: ["STOPPED"] },
                    }),
                ),
                tags: tagged(`${args.namePrefix}-ecs-task-stopped`),
            },
            parent,
        );
        new aws.cloudwatch.EventTarget(`${name}-stopped-tasks`, { rule: rule.name, arn: group.arn }, { parent: this, dependsOn: [access] });
        return group.name;
    }

    private operatorPolicies(
        name: string,
        args: EcsArgs,
        cluster: aws.ecs.Cluster,
        partition: pulumi.Output<string>,
        accountId: pulumi.Output<string>,
    ): Ecs["operatorPolicyArns"] {
        const parent = { parent: this };
        const base = pulumi.all([partition, accountId, cluster.name, cluster.arn]);
        const exec = new aws.iam.Policy(
            `${name}-exec-operator`,
            {
                description: `ECS Exec into ${args.namePrefix}'s tasks; attach to the roles of the people who may open a shell`,
                policy: base.apply(([p, account, clusterName, clusterArn]) =>
                    JSON.stringify(execOperatorPolicy({ partition: p, region: args.region, accountId: account, clusterName, clusterArn })),
                ),
                tags: tagger(args.tags)(`${args.namePrefix}-exec-operator`),
            },
            parent,
        );
        const withTasks = Object.values(this.services).filter((svc) => svc.oneOffTaskFamilyArns.length > 0);
        if (withTasks.length === 0) return { exec: exec.arn };
        const oneOff = new aws.iam.Policy(
            `${name}-oneoff-operator`,
            {
                description: `Run ${args.namePrefix}'s one-off tasks (scripts/run-oneoff.sh); attach to the roles that run migrations`,
                policy: pulumi
                    .all([
                        base,
                        pulumi.all(withTasks.flatMap((svc) => svc.oneOffTaskFamilyArns)),
                        pulumi.all(withTasks.flatMap((svc) => [svc.executionRoleArn, svc.taskRoleArn])),
                    ])
                    .apply(([[p, account, clusterName, clusterArn], families, roles]) =>
                        JSON.stringify(
                            oneOffOperatorPolicy({
                                partition: p,
                                region: args.region,
                                accountId: account,
                                clusterName,
                                clusterArn,
                                taskDefinitionFamilyArns: families,
                                roleArns: roles,
                            }),
                        ),
                    ),
                tags: tagger(args.tags)(`${args.namePrefix}-oneoff-operator`),
            },
            parent,
        );
        return { exec: exec.arn, oneOffTasks: oneOff.arn };
    }
}
