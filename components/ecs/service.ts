// One ECS service on Fargate behind the shared ALB: its log group, roles, task definition, security
// group, target group and routing rule, the service itself with safe deployments and ECS Exec,
// target-tracking autoscaling, optionally its ECR repository, and its one-off task definitions.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../../lib/names";
import { EcsServiceSettings } from "./args";
import { containerDefinitions, SCRATCH_VOLUMES } from "./containers";
import { applicationPolicy, ecsTasksTrustPolicy, executionRolePolicy, taskRolePolicy } from "./policies";
import { FARGATE_AGENT_REPOSITORY } from "../observability/threat-detection";
import { egressRuleName, egressPeer } from "./traffic";
import { tagger } from "../../lib/tags";

export interface EcsServiceArgs {
    readonly namePrefix: string;
    readonly region: string;
    readonly settings: EcsServiceSettings;
    /** Routing rule priority on the listener (unique per service). */
    readonly priority: number;
    readonly clusterArn: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
    readonly vpcId: pulumi.Input<string>;
    readonly privateSubnetIds: pulumi.Input<string>[];
    readonly albSecurityGroupId: pulumi.Input<string>;
    readonly albArnSuffix: pulumi.Input<string>;
    readonly listenerArn: pulumi.Input<string>;
    readonly capacityProviderStrategies: aws.types.input.ecs.ServiceCapacityProviderStrategy[];
    readonly cpuArchitecture: "X86_64" | "ARM64";
    readonly logDriver: "awslogs" | "firelens";
    readonly logRetentionDays: number;
    readonly discoveryNamespaceId?: pulumi.Input<string>;
    /** Immutable ECR tags (prd). */
    readonly immutableTags: boolean;
    /** GuardDuty Runtime Monitoring injects its agent sidecar into this service's tasks. */
    readonly guardDutyRuntime: boolean;
    /**
     * The image tag is not in the service's own repository yet (the repository may be created by
     * this very run): the service starts at zero tasks instead of failing to pull, tripping the
     * circuit breaker and the missing-task alarms; once the image is pushed the next `up` restores
     * the configured minimum and Application Auto Scaling starts the tasks.
     */
    readonly awaitingImage: boolean;
    /**
     * The environment's sleep schedule has the service parked right now (min = max = 0): declared
     * so, a `pulumi up` at night leaves it asleep instead of restoring the daytime bounds.
     */
    readonly parked?: boolean;
    /** The cluster's ECS Exec transcript group (the task role may write to it). */
    readonly execLogGroupArn: pulumi.Input<string>;
    /** The role ECS assumes to move listener-rule weights; required by the blue/green family of strategies. */
    readonly infrastructureRoleArn?: pulumi.Input<string>;
    /** Target 5xx responses per minute that mark a deployment bad (ECS then rolls it back). */
    readonly deploymentAlarm5xxPerMinute: number;
    readonly protect: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

export class EcsService extends pulumi.ComponentResource {
    readonly serviceName: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    readonly targetGroupArnSuffix: pulumi.Output<string>;
    readonly taskDefinitionArn: pulumi.Output<string>;
    readonly taskRoleArn: pulumi.Output<string>;
    readonly executionRoleArn: pulumi.Output<string>;
    /** Task definition family ARNs (no revision) of the one-off tasks. */
    readonly oneOffTaskFamilyArns: pulumi.Output<string>[];
    readonly logGroupName: pulumi.Output<string>;
    readonly repositoryUrl?: pulumi.Output<string>;
    /** One-off task name -> task definition ARN. */
    readonly oneOffTaskDefinitionArns: Record<string, pulumi.Output<string>>;
    /** The service's Application Auto Scaling target and the daytime bounds a wake-up restores. */
    readonly scalableTarget: {
        readonly resourceId: pulumi.Output<string>;
        readonly serviceNamespace: pulumi.Output<string>;
        readonly scalableDimension: pulumi.Output<string>;
        readonly minCapacity: number;
        readonly maxCapacity: number;
    };

    constructor(name: string, args: EcsServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:ecs:Service", name, {}, opts);
        const s = args.settings;
        const parent = { parent: this };
        const physical = `${args.namePrefix}-${s.name}`;
        const tagged = tagger(args.tags, { service: s.name });
        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent);

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: names.serviceLogGroup(args.namePrefix, s.name),
                retentionInDays: args.logRetentionDays,
                tags: tagged(physical),
            },
            { parent: this, retainOnDelete: args.protect },
        );

        let image: pulumi.Input<string> = s.image;
        let repositoryArn: pulumi.Output<string> | undefined;
        if (s.ecrRepository) {
            const repository = new aws.ecr.Repository(
                `${name}-repo`,
                {
                    name: names.ecrRepository(args.namePrefix, s.name),
                    imageScanningConfiguration: { scanOnPush: true },
                    imageTagMutability: args.immutableTags ? "IMMUTABLE" : "MUTABLE",
                    encryptionConfigurations: [{ encryptionType: "AES256" }],
                    forceDelete: false,
                    tags: tagged(physical),
                },
                { parent: this, protect: args.protect },
            );
            new aws.ecr.LifecyclePolicy(
                `${name}-repo`,
                {
                    repository: repository.name,
                    policy: JSON.stringify({
                        rules: [
                            {
                                rulePriority: 1,
                                description: "Drop untagged layers after 7 days",
                                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
                                action: { type: "expire" },
                            },
                            {
                                rulePriority: 2,
                                description: "Keep the 50 most recent images",
                                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 },
                                action: { type: "expire" },
                            },
                        ],
                    }),
                },
                parent,
            );
            image = pulumi.interpolate`${repository.repositoryUrl}:${s.imageTag ?? ""}`;
            repositoryArn = repository.arn;
            this.repositoryUrl = repository.repositoryUrl;
        }

        const trust = pulumi
            .all([partition.partition, identity.accountId])
            .apply(([p, account]) => JSON.stringify(ecsTasksTrustPolicy(p, args.region, account)));
        const executionRole = new aws.iam.Role(
            `${name}-execution`,
            {
                description: `ECS task execution role of ${physical}: image pull, logs, secrets`,
                assumeRolePolicy: trust,
                tags: tagged(`${physical}-execution`),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-execution`,
            {
                role: executionRole.id,
                policy: pulumi.all([logGroup.arn, repositoryArn, partition.partition]).apply(([logGroupArn, repoArn, p]) =>
                    JSON.stringify(
                        executionRolePolicy({
                            repositoryArn: repoArn,
                            logGroupArn,
                            secretArns: Object.values(s.secrets),
                            guardDutyAgentRepositoryArn: args.guardDutyRuntime
                                ? `arn:${p}:ecr:${args.region}:*:repository/${FARGATE_AGENT_REPOSITORY}`
                                : undefined,
                        }),
                    ),
                ),
            },
            parent,
        );
        const taskRole = new aws.iam.Role(
            `${name}-task`,
            {
                description: `ECS task role of ${physical}: what the application runs as`,
                assumeRolePolicy: trust,
                tags: tagged(`${physical}-task`),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-task`,
            {
                role: taskRole.id,
                policy: pulumi
                    .all([logGroup.arn, args.execLogGroupArn])
                    .apply(([arn, execLogGroupArn]) =>
                        JSON.stringify(
                            taskRolePolicy({ firelensLogGroupArn: args.logDriver === "firelens" ? arn : undefined, execLogGroupArn }),
                        ),
                    ),
            },
            parent,
        );
        // The application's own permissions, apart from the platform's, so that what the app team
        // wrote is one document, as written.
        if (s.taskRoleStatements.length > 0) {
            new aws.iam.RolePolicy(
                `${name}-task-app`,
                { role: taskRole.id, policy: JSON.stringify(applicationPolicy(s.taskRoleStatements)) },
                parent,
            );
        }
        // Keyed by the policy's name, not its position: reordering config changes nothing (an
        // attachment is replaced delete-first, which would leave the task without it for a moment).
        for (const policyArn of s.taskRoleManagedPolicyArns) {
            new aws.iam.RolePolicyAttachment(
                `${name}-task-${policyArn.split("/").pop() ?? policyArn}`,
                { role: taskRole.name, policyArn },
                parent,
            );
        }

        const taskDefinition = (family: string, command: readonly string[] | undefined, port: number | undefined, resourceName: string) =>
            new aws.ecs.TaskDefinition(
                resourceName,
                {
                    family,
                    cpu: String(s.cpu),
                    memory: String(s.memory),
                    networkMode: "awsvpc",
                    requiresCompatibilities: ["FARGATE"],
                    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: args.cpuArchitecture },
                    executionRoleArn: executionRole.arn,
                    taskRoleArn: taskRole.arn,
                    ...(s.readonlyRootFilesystem ? { volumes: SCRATCH_VOLUMES.map((v) => ({ name: v.name })) } : {}),
                    containerDefinitions: pulumi.all([image, logGroup.name]).apply(([img, group]) =>
                        JSON.stringify(
                            containerDefinitions({
                                name: s.name,
                                image: img,
                                port,
                                command,
                                environment: s.environment,
                                secrets: s.secrets,
                                region: args.region,
                                logGroupName: group,
                                logDriver: args.logDriver,
                                healthCheck: s.containerHealthCheck,
                                readonlyRootFilesystem: s.readonlyRootFilesystem,
                                user: s.user,
                                logMultilinePattern: s.logMultilinePattern,
                            }),
                        ),
                    ),
                    tags: tagged(family),
                },
                parent,
            );
        const serviceTask = taskDefinition(names.taskFamily(args.namePrefix, s.name), s.command, s.port, `${name}-task`);

        const sg = new aws.ec2.SecurityGroup(
            `${name}-tasks`,
            {
                vpcId: args.vpcId,
                description: `${physical} tasks: the container port from the ALB only`,
                tags: tagged(`${physical}-tasks`),
            },
            parent,
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-from-alb`,
            {
                securityGroupId: sg.id,
                description: "Container port from the load balancer",
                ipProtocol: "tcp",
                fromPort: s.port,
                toPort: s.port,
                referencedSecurityGroupId: args.albSecurityGroupId,
                tags: tagged(`${physical}-from-alb`),
            },
            parent,
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-alb-to-tasks`,
            {
                securityGroupId: args.albSecurityGroupId,
                description: `To ${physical} tasks`,
                ipProtocol: "tcp",
                fromPort: s.port,
                toPort: s.port,
                referencedSecurityGroupId: sg.id,
                tags: tagged(`${physical}-alb-egress`),
            },
            parent,
        );
        // Tasks call AWS APIs (endpoints or NAT) and HTTPS services; DNS goes to the VPC resolver,
        // which security groups do not filter. Anything else (a database port) is declared in `egress`.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-https-out`,
            {
                securityGroupId: sg.id,
                description: "HTTPS to AWS APIs and the internet",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: "0.0.0.0/0",
                tags: tagged(`${physical}-https-out`),
            },
            parent,
        );

        for (const rule of s.egress) {
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-${egressRuleName(rule)}`,
                {
                    securityGroupId: sg.id,
                    description: rule.description ?? `${physical} declared egress`,
                    ipProtocol: "tcp",
                    fromPort: rule.port,
                    toPort: rule.toPort ?? rule.port,
                    ...egressPeer(rule.to),
                    tags: tagged(`${physical}-${egressRuleName(rule)}`),
                },
                parent,
            );
        }

        const targetGroupArgs: aws.lb.TargetGroupArgs = {
            // A prefix (AWS allows 6 characters before its 26-character unique suffix), never a fixed
            // name: a port or protocol change replaces the group, and the successor must exist, take
            // over the listener rule and the service, before the old one can be deleted.
            namePrefix: names.targetGroupPrefix(s.name),
            vpcId: args.vpcId,
            targetType: "ip",
            port: s.port,
            protocol: "HTTP",
            // Short enough for quick rolling deploys, long enough for in-flight requests to finish.
            deregistrationDelay: 30,
            healthCheck: {
                path: s.healthCheckPath,
                matcher: "200-399",
                interval: 15,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
            },
            tags: tagged(physical),
        };
        const targetGroup = new aws.lb.TargetGroup(`${name}-tg`, targetGroupArgs, parent);
        const shifting = s.deployment.strategy !== "rolling";
        // The blue/green family needs a second group to start the new tasks in; ECS moves traffic
        // between the two by rewriting the production rule's weights (the "alternate" group).
        const alternateGroup = shifting ? new aws.lb.TargetGroup(`${name}-tg-alt`, targetGroupArgs, parent) : undefined;
        const route = new aws.lb.ListenerRule(
            `${name}-route`,
            {
                listenerArn: args.listenerArn,
                priority: args.priority,
                conditions: [{ pathPattern: { values: [s.pathPattern] } }],
                actions: alternateGroup
                    ? [
                          {
                              type: "forward",
                              forward: {
                                  targetGroups: [
                                      { arn: targetGroup.arn, weight: 100 },
                                      { arn: alternateGroup.arn, weight: 0 },
                                  ],
                              },
                          },
                      ]
                    : [{ type: "forward", targetGroupArn: targetGroup.arn }],
                tags: tagged(physical),
            },
            // After each deployment ECS has swapped the weights (and which group is live); restoring
            // the declared 100/0 would send all traffic back to the old tasks' group
            // (terraform-aws-modules/terraform-aws-alb#409, aws/aws-cdk#36649).
            { parent: this, ignoreChanges: alternateGroup ? ["actions"] : [] },
        );
        if (shifting && !args.infrastructureRoleArn) {
            throw new Error(`${physical}: the ${s.deployment.strategy} strategy needs the ECS infrastructure role for load balancers`);
        }

        // A deployment whose targets answer 5xx is rolled back by ECS, not just paged about. Both
        // groups count: with blue/green either one may be live.
        const groups = alternateGroup ? [targetGroup, alternateGroup] : [targetGroup];
        const deploymentAlarm = new aws.cloudwatch.MetricAlarm(
            `${name}-deploy-5xx`,
            {
                alarmDescription: `${physical}: target 5xx during a deployment; ECS rolls the deployment back`,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                threshold: args.deploymentAlarm5xxPerMinute,
                evaluationPeriods: 3,
                datapointsToAlarm: 2,
                treatMissingData: "notBreaching",
                metricQueries: [
                    ...groups.map((group, i) => ({
                        id: `m${i}`,
                        returnData: false,
                        metric: {
                            namespace: "AWS/ApplicationELB",
                            metricName: "HTTPCode_Target_5XX_Count",
                            stat: "Sum",
                            period: 60,
                            dimensions: { LoadBalancer: args.albArnSuffix, TargetGroup: group.arnSuffix },
                        },
                    })),
                    {
                        id: "errors",
                        label: "Target 5xx per minute",
                        expression: groups.length > 1 ? "FILL(m0, 0) + FILL(m1, 0)" : "FILL(m0, 0)",
                        returnData: true,
                    },
                ],
                tags: tagged(`${physical}-deploy-5xx`),
            },
            parent,
        );

        let registry: aws.servicediscovery.Service | undefined;
        if (args.discoveryNamespaceId) {
            registry = new aws.servicediscovery.Service(
                `${name}-discovery`,
                {
                    name: s.name,
                    dnsConfig: {
                        namespaceId: args.discoveryNamespaceId,
                        dnsRecords: [{ type: "A", ttl: 10 }],
                        routingPolicy: "MULTIVALUE",
                    },
                    healthCheckCustomConfig: { failureThreshold: 1 },
                    tags: tagged(physical),
                },
                parent,
            );
        }

        const minimumTasks = args.awaitingImage ? 0 : s.autoscaling.min;
        const service = new aws.ecs.Service(
            `${name}-service`,
            {
                // A fixed name is kept on purpose: operators and pipelines address the service by it, and
                // what would replace it (name, cluster, launch type) is not something config can change.
                name: s.name,
                cluster: args.clusterArn,
                taskDefinition: serviceTask.arn,
                desiredCount: args.awaitingImage ? 0 : s.desiredCount,
                capacityProviderStrategies: args.capacityProviderStrategies,
                // The provider refuses an in-place change of the capacity provider strategy (the Spot
                // weights) without a new deployment; with it, the change is an update, not a replacement.
                forceNewDeployment: true,
                networkConfiguration: { subnets: args.privateSubnetIds, securityGroups: [sg.id], assignPublicIp: false },
                loadBalancers: [
                    {
                        targetGroupArn: targetGroup.arn,
                        containerName: s.name,
                        containerPort: s.port,
                        // Provider-started deployments may not alternate the groups the way console-started
                        // ones do (hashicorp/terraform-provider-aws#45678): opt-in, rolling by default.
                        ...(alternateGroup && args.infrastructureRoleArn
                            ? {
                                  advancedConfiguration: {
                                      alternateTargetGroupArn: alternateGroup.arn,
                                      productionListenerRule: route.arn,
                                      roleArn: args.infrastructureRoleArn,
                                  },
                              }
                            : {}),
                    },
                ],
                // Slow starters (measured 330-600 s) would be killed by ALB health checks before they serve.
                healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds,
                deploymentCircuitBreaker: { enable: true, rollback: true },
                alarms: { alarmNames: [deploymentAlarm.name], enable: true, rollback: true },
                deploymentConfiguration: deploymentConfiguration(s.deployment),
                // Never below desired capacity during a deploy; up to twice the tasks while new ones start.
                deploymentMinimumHealthyPercent: 100,
                deploymentMaximumPercent: 200,
                enableExecuteCommand: true,
                propagateTags: "SERVICE",
                enableEcsManagedTags: true,
                ...(registry ? { serviceRegistries: { registryArn: registry.arn } } : {}),
                tags: tagged(physical),
            },
            {
                parent: this,
                protect: args.protect,
                // ECS refuses a target group that no listener rule attaches to its load balancer yet.
                dependsOn: [route],
                // Application Auto Scaling owns the running count once deployed.
                ignoreChanges: ["desiredCount"],
            },
        );

        const resourceId = pulumi.interpolate`service/${args.clusterName}/${service.name}`;
        const scaling = new aws.appautoscaling.Target(
            `${name}-scaling`,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId,
                minCapacity: args.parked ? 0 : minimumTasks,
                maxCapacity: args.parked ? 0 : s.autoscaling.max,
                tags: tagged(physical),
            },
            parent,
        );
        if (s.autoscaling.cpuTargetPercent !== undefined) {
            new aws.appautoscaling.Policy(
                `${name}-cpu`,
                {
                    name: names.scalingPolicy(args.namePrefix, s.name, "cpu"),
                    policyType: "TargetTrackingScaling",
                    serviceNamespace: scaling.serviceNamespace,
                    scalableDimension: scaling.scalableDimension,
                    resourceId: scaling.resourceId,
                    targetTrackingScalingPolicyConfiguration: {
                        targetValue: s.autoscaling.cpuTargetPercent,
                        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                        scaleInCooldown: 120,
                        scaleOutCooldown: 60,
                    },
                },
                parent,
            );
        }
        if (s.autoscaling.requestsPerTarget !== undefined) {
            new aws.appautoscaling.Policy(
                `${name}-requests`,
                {
                    name: names.scalingPolicy(args.namePrefix, s.name, "requests"),
                    policyType: "TargetTrackingScaling",
                    serviceNamespace: scaling.serviceNamespace,
                    scalableDimension: scaling.scalableDimension,
                    resourceId: scaling.resourceId,
                    targetTrackingScalingPolicyConfiguration: {
                        targetValue: s.autoscaling.requestsPerTarget,
                        predefinedMetricSpecification: {
                            predefinedMetricType: "ALBRequestCountPerTarget",
                            resourceLabel: pulumi.interpolate`${args.albArnSuffix}/${targetGroup.arnSuffix}`,
                        },
                        scaleInCooldown: 120,
                        scaleOutCooldown: 60,
                    },
                },
                parent,
            );
        }

        const oneOffs = s.oneOffTasks.map(
            (task) =>
                [
                    task.name,
                    taskDefinition(names.taskFamily(args.namePrefix, s.name, task.name), task.command, undefined, `${name}-${task.name}`),
                ] as const,
        );
        this.oneOffTaskDefinitionArns = Object.fromEntries(oneOffs.map(([task, definition]) => [task, definition.arn]));
        this.oneOffTaskFamilyArns = oneOffs.map(([, definition]) => definition.arnWithoutRevision);
        this.taskRoleArn = taskRole.arn;
        this.scalableTarget = {
            resourceId: scaling.resourceId,
            serviceNamespace: scaling.serviceNamespace,
            scalableDimension: scaling.scalableDimension,
            minCapacity: minimumTasks,
            maxCapacity: s.autoscaling.max,
        };
        this.executionRoleArn = executionRole.arn;

        this.serviceName = service.name;
        this.securityGroupId = sg.id;
        this.targetGroupArnSuffix = targetGroup.arnSuffix;
        this.taskDefinitionArn = serviceTask.arn;
        this.logGroupName = logGroup.name;
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ serviceName: this.serviceName, taskDefinitionArn: this.taskDefinitionArn });
    }
}

/** ECS's deployment configuration for a strategy; the blue/green family keeps both versions for the bake time. */
function deploymentConfiguration(d: EcsServiceSettings["deployment"]): aws.types.input.ecs.ServiceDeploymentConfiguration {
    const bake = String(d.bakeTimeMinutes);
    switch (d.strategy) {
        case "rolling":
            return { strategy: "ROLLING" };
        case "blue-green":
            return { strategy: "BLUE_GREEN", bakeTimeInMinutes: bake };
        case "linear":
            return {
                strategy: "LINEAR",
                bakeTimeInMinutes: bake,
                linearConfiguration: { stepPercent: d.trafficPercent, stepBakeTimeInMinutes: bake },
            };
        case "canary":
            return {
                strategy: "CANARY",
                bakeTimeInMinutes: bake,
                canaryConfiguration: { canaryPercent: d.trafficPercent, canaryBakeTimeInMinutes: bake },
            };
    }
}
