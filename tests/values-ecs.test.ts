// One ECS service's resources as handed to AWS, every input (tags apart, tests/tags.test.ts), with
// references resolved to the resources they name. An emptied array or object, a dropped field or
// a changed constant in components/ecs/service.ts changes one of these; the other suites assert
// the properties that matter most, this one that nothing else changed.

import * as assert from "assert";
import { RecordedResource } from "../offline/engine";
import { Graph } from "../offline/graph";
import { ProgramRun, runStack } from "../offline/run";

const T = {
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    repository: "aws:ecr/repository:Repository",
    lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    discovery: "aws:servicediscovery/service:Service",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    rule: "aws:lb/listenerRule:ListenerRule",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    service: "aws:ecs/service:Service",
    scalingTarget: "aws:appautoscaling/target:Target",
    scalingPolicy: "aws:appautoscaling/policy:Policy",
    cluster: "aws:ecs/cluster:Cluster",
    listener: "aws:lb/listener:Listener",
    vpc: "aws:ec2/vpc:Vpc",
    namespace: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
};

/** The inputs without the tags. */
function inputsOf(resource: RecordedResource): Record<string, unknown> {
    const { tags: _tags, ...rest } = resource.inputs;
    return rest;
}

/** An output of `resource`; "id" is the provider's id. */
const output = (resource: RecordedResource, name: string): unknown => (name === "id" ? resource.id : resource.outputs[name]);

describe("ECS service as handed to AWS (prd api)", () => {
    let run: ProgramRun;
    let api: Graph;
    let one: (type: string, name?: string) => RecordedResource;
    before(async () => {
        run = await runStack("prd");
        api = run.graph.within("platform:ecs:Service", "platform-prd-api");
        one = (type, name) => api.one(type, name);
    });

    it("log group, repository (scanned, immutable, AES256, never force-deleted) and its lifecycle rules", () => {
        assert.deepStrictEqual(inputsOf(one(T.logGroup)), { name: "/platform-prd/ecs/api", retentionInDays: 365 });
        assert.deepStrictEqual(inputsOf(one(T.repository)), {
            name: "platform-prd/api",
            imageScanningConfiguration: { scanOnPush: true },
            imageTagMutability: "IMMUTABLE",
            encryptionConfigurations: [{ encryptionType: "AES256" }],
            forceDelete: false,
        });
        const lifecycle = one(T.lifecycle);
        assert.strictEqual(lifecycle.inputs.repository, "platform-prd/api");
        assert.deepStrictEqual(JSON.parse(lifecycle.inputs.policy as string), {
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
        });
    });

    it("the task definitions: Fargate, awsvpc, Linux on the stack's architecture, both roles", () => {
        const execution = one(T.role, "platform-prd-api-execution");
        const task = one(T.role, "platform-prd-api-task");
        for (const [name, family] of [
            ["platform-prd-api-task", "platform-prd-api"],
            ["platform-prd-api-migrate", "platform-prd-api-migrate"],
        ] as const) {
            const { containerDefinitions, ...rest } = inputsOf(one(T.taskDefinition, name));
            assert.deepStrictEqual(rest, {
                family,
                cpu: "1024",
                memory: "2048",
                networkMode: "awsvpc",
                requiresCompatibilities: ["FARGATE"],
                runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
                executionRoleArn: output(execution, "arn"),
                taskRoleArn: output(task, "arn"),
                // prd's api runs with a read-only root filesystem: scratch space and ECS Exec's agent dirs as volumes.
                volumes: [{ name: "tmp" }, { name: "ssm-state" }, { name: "ssm-logs" }],
            });
            const [container] = JSON.parse(containerDefinitions as string) as Record<string, unknown>[];
            assert.strictEqual(container?.image, "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/platform-prd/api:1.0.0");
        }
    });

    it("security group, the ALB's way in, the tasks' way out", () => {
        const sg = one(T.sg);
        const albSg = run.graph.within("platform:ecs:Ecs").one(T.sg, "platform-prd-lb-alb");
        const vpc = run.graph.one(T.vpc);
        assert.deepStrictEqual(inputsOf(sg), {
            vpcId: output(vpc, "id"),
            description: "platform-prd-api tasks: the container port from the ALB only",
        });
        assert.deepStrictEqual(inputsOf(one(T.ingress)), {
            securityGroupId: output(sg, "id"),
            description: "Container port from the load balancer",
            ipProtocol: "tcp",
            fromPort: 8080,
            toPort: 8080,
            referencedSecurityGroupId: output(albSg, "id"),
        });
        assert.deepStrictEqual(inputsOf(one(T.egress, "platform-prd-api-alb-to-tasks")), {
            securityGroupId: output(albSg, "id"),
            description: "To platform-prd-api tasks",
            ipProtocol: "tcp",
            fromPort: 8080,
            toPort: 8080,
            referencedSecurityGroupId: output(sg, "id"),
        });
        assert.deepStrictEqual(inputsOf(one(T.egress, "platform-prd-api-https-out")), {
            securityGroupId: output(sg, "id"),
            description: "HTTPS to AWS APIs and the internet",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "0.0.0.0/0",
        });
    });

    it("target group, routing rule and service discovery", () => {
        const vpc = run.graph.one(T.vpc);
        const group = one(T.targetGroup);
        assert.deepStrictEqual(inputsOf(group), {
            namePrefix: "api-",
            vpcId: output(vpc, "id"),
            targetType: "ip",
            port: 8080,
            protocol: "HTTP",
            deregistrationDelay: 30,
            healthCheck: { path: "/api/health", matcher: "200-399", interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
        });
        // prd serves HTTPS only: the rules sit on the 443 listener (port 80 only redirects).
        const listener = run.graph
            .within("platform:ecs:Ecs")
            .byType(T.listener)
            .find((l) => l.inputs.port === 443);
        assert.ok(listener);
        assert.deepStrictEqual(inputsOf(one(T.rule)), {
            listenerArn: output(listener, "arn"),
            priority: 100,
            conditions: [{ pathPattern: { values: ["/api/*"] } }],
            actions: [{ type: "forward", targetGroupArn: output(group, "arn") }],
        });
        const namespace = run.graph.one(T.namespace);
        assert.deepStrictEqual(inputsOf(one(T.discovery)), {
            name: "api",
            dnsConfig: { namespaceId: output(namespace, "id"), dnsRecords: [{ type: "A", ttl: 10 }], routingPolicy: "MULTIVALUE" },
            healthCheckCustomConfig: { failureThreshold: 1 },
        });
    });

    it("the service: its strategy, network, load balancer, safe deployments, ECS Exec, tags propagated, discovery", () => {
        const cluster = run.graph.one(T.cluster);
        const group = one(T.targetGroup);
        const service = one(T.service);
        assert.deepStrictEqual(inputsOf(service), {
            name: "api",
            cluster: output(cluster, "arn"),
            taskDefinition: output(one(T.taskDefinition, "platform-prd-api-task"), "arn"),
            desiredCount: 3,
            capacityProviderStrategies: [
                { capacityProvider: "FARGATE", base: 2, weight: 1 },
                { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
            ],
            forceNewDeployment: true,
            networkConfiguration: {
                subnets: run.outputs.privateSubnetIds,
                securityGroups: [output(one(T.sg), "id")],
                assignPublicIp: false,
            },
            loadBalancers: [{ targetGroupArn: output(group, "arn"), containerName: "api", containerPort: 8080 }],
            healthCheckGracePeriodSeconds: 330,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentConfiguration: { strategy: "ROLLING" },
            alarms: { alarmNames: [output(one(T.alarm, "platform-prd-api-deploy-5xx"), "name")], enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            enableExecuteCommand: true,
            propagateTags: "SERVICE",
            enableEcsManagedTags: true,
            serviceRegistries: { registryArn: output(one(T.discovery), "arn") },
        });
        assert.strictEqual(service.protect, true);
        assert.deepStrictEqual(service.dependencies.includes(one(T.rule).urn), true, "created after its listener rule");
    });

    it("autoscaling: its target and both tracking policies", () => {
        const scaling = {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: "service/platform-prd/api",
        };
        assert.deepStrictEqual(inputsOf(one(T.scalingTarget)), { ...scaling, minCapacity: 3, maxCapacity: 12 });
        const lb = run.graph.one(T.loadBalancer);
        const group = one(T.targetGroup);
        assert.deepStrictEqual(inputsOf(one(T.scalingPolicy, "platform-prd-api-cpu")), {
            name: "platform-prd-api-cpu",
            policyType: "TargetTrackingScaling",
            ...scaling,
            targetTrackingScalingPolicyConfiguration: {
                targetValue: 60,
                predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                scaleInCooldown: 120,
                scaleOutCooldown: 60,
            },
        });
        assert.deepStrictEqual(inputsOf(one(T.scalingPolicy, "platform-prd-api-requests")), {
            name: "platform-prd-api-requests",
            policyType: "TargetTrackingScaling",
            ...scaling,
            targetTrackingScalingPolicyConfiguration: {
                targetValue: 1000,
                predefinedMetricSpecification: {
                    predefinedMetricType: "ALBRequestCountPerTarget",
                    resourceLabel: `${String(output(lb, "arnSuffix"))}/${String(output(group, "arnSuffix"))}`,
                },
                scaleInCooldown: 120,
                scaleOutCooldown: 60,
            },
        });
    });
});
