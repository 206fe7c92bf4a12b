// Wires the components of one environment from its validated description. Everything that differs
// between dev and prd arrives here as config values; there is no per-environment branching below.

import * as pulumi from "@pulumi/pulumi";
import { DeployRunner } from "../components/delivery/runner";
import { Ecs } from "../components/ecs";
import { Eks } from "../components/eks";
import { Network } from "../components/network";
import { Observability } from "../components/observability";
import { CLOUDWATCH_ADDON } from "../components/observability/eks-container-insights";
import { Environment } from "./environment";
import { LiveState } from "./live-state";

export interface Platform {
    readonly network: Network;
    /** Undefined when no ECS service is configured. */
    readonly ecs?: Ecs;
    /** Undefined when eksEnabled is false. */
    readonly eks?: Eks;
    readonly observability: Observability;
    /** Undefined unless deployRunner is codebuild. */
    readonly runner?: DeployRunner;
}

export function buildPlatform(env: Environment, live: LiveState): Platform {
    const { availabilityZones } = live;
    const { azCount: _zonesAlreadyLookedUp, flowLogTrafficType, flowLogAggregationSeconds, ...networkSettings } = env.network;
    const network = new Network(env.namePrefix, {
        ...networkSettings,
        namePrefix: env.namePrefix,
        region: env.region,
        availabilityZones,
        flowLogs: { trafficType: flowLogTrafficType, aggregationSeconds: flowLogAggregationSeconds, retentionDays: env.logRetentionDays },
        eksClusterName: env.eks.enabled ? env.eks.clusterName : undefined,
        tags: env.tags,
        protect: env.protect,
    });
    const ecs =
        env.ecs.services.length === 0
            ? undefined
            : new Ecs(env.namePrefix, {
                  namePrefix: env.namePrefix,
                  region: env.region,
                  vpcId: network.vpcId,
                  publicSubnetIds: network.publicSubnetIds,
                  privateSubnetIds: network.privateSubnetIds,
                  containerInsights: env.ecs.containerInsights,
                  logDriver: env.ecs.logDriver,
                  cpuArchitecture: env.ecs.cpuArchitecture,
                  capacity: env.ecs.capacity,
                  certificateArn: env.ecs.certificateArn,
                  accessLogsBucket: env.ecs.accessLogsBucket,
                  serviceDiscovery: env.ecs.serviceDiscovery,
                  services: env.ecs.services,
                  edge: env.ecs.edge,
                  deploymentAlarm5xxPerMinute: env.observability.thresholds.target5xxPerMinute,
                  logRetentionDays: env.logRetentionDays,
                  immutableTags: env.production,
                  servicesAwaitingImage: live.servicesAwaitingImage,
                  protect: env.protect,
                  tags: env.tags,
              });
    const runner =
        env.delivery.runner !== "codebuild"
            ? undefined
            : new DeployRunner(env.namePrefix, {
                  namePrefix: env.namePrefix,
                  region: env.region,
                  vpcId: network.vpcId,
                  privateSubnetIds: network.privateSubnetIds,
                  repository: env.delivery.repository,
                  connectionArn: env.delivery.connectionArn,
                  logRetentionDays: env.logRetentionDays,
                  tags: env.tags,
              });
    // nodeInstanceTypes were already applied to each node group when config was read.
    const {
        enabled: eksEnabled,
        nodeInstanceTypes: _appliedToNodeGroups,
        apiAccessSecurityGroupIds,
        addonVersions: _resolvedBelow,
        ...eksSettings
    } = env.eks;
    const eks = !eksEnabled
        ? undefined
        : new Eks(env.namePrefix, {
              ...eksSettings,
              namePrefix: env.namePrefix,
              region: env.region,
              privateSubnetIds: network.privateSubnetIds,
              // The deploy runner reaches the private endpoint through the cluster security group.
              apiAccessSecurityGroupIds: [...(runner ? [runner.securityGroupId] : []), ...apiAccessSecurityGroupIds],
              addonVersions: live.addonVersions,
              runningNodeGroupSizes: live.runningNodeGroupSizes,
              logRetentionDays: env.logRetentionDays,
              protect: env.protect,
              tags: env.tags,
          });
    const observability = new Observability(env.namePrefix, {
        namePrefix: env.namePrefix,
        region: env.region,
        retentionDays: env.logRetentionDays,
        retainLogs: env.protect,
        tags: env.tags,
        targets: {
            ecsServices: ecs
                ? Object.entries(ecs.services).map(([name, svc]) => ({
                      name,
                      clusterName: ecs.clusterName,
                      serviceName: svc.serviceName,
                      mayBeEmpty:
                          live.servicesAwaitingImage.includes(name) ||
                          env.ecs.services.some((s) => s.name === name && s.autoscaling.min === 0),
                      loadBalancer: { loadBalancerArnSuffix: ecs.loadBalancer.arnSuffix, targetGroupArnSuffix: svc.targetGroupArnSuffix },
                  }))
                : [],
            eksClusterName: eks && env.eks.nodeGroups.length > 0 ? eks.clusterName : undefined,
        },
        thresholds: env.observability.thresholds,
        alarmSubscriptions: env.observability.alarmsEnabled ? env.observability.alarmSubscriptions : undefined,
        imageScanning:
            env.observability.ecrScanning === "unmanaged"
                ? undefined
                : { mode: env.observability.ecrScanning, findingsMinSeverity: env.observability.ecrFindingsMinSeverity },
        eks: eks && {
            clusterName: eks.clusterName,
            kubernetesProvider: eks.kubernetesProvider,
            fargatePodExecutionRoleName: eks.podExecutionRoleName,
            fargateLogStreamPrefix: env.observability.fargateLogStreamPrefix,
            fargateRouterLogs: env.observability.fargateRouterLogs,
            containerInsights:
                env.eks.nodeGroups.length === 0
                    ? undefined
                    : {
                          addonVersion: live.addonVersions[CLOUDWATCH_ADDON],
                          // Its agent and Fluent Bit run as DaemonSets: the add-on reports healthy only once nodes exist.
                          dependsOn: [eks.podIdentityAgent, ...eks.computeResources],
                      },
            fargateMetrics:
                env.observability.fargateMetrics && eks.podExecutionRoleArn
                    ? {
                          oidcProviderArn: eks.oidcProviderArn,
                          podExecutionRoleArn: eks.podExecutionRoleArn,
                          privateSubnetIds: network.privateSubnetIds,
                          dependsOn: eks.computeResources,
                      }
                    : undefined,
        },
    });
    return { network, ecs, eks, observability, runner };
}

/** The stack outputs, as index.ts exports them. */
export function stackOutputs(env: Environment, platform: Platform): Record<string, pulumi.Input<unknown>> {
    const { network } = platform;
    const outputs: Record<string, pulumi.Input<unknown>> = {
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
        ...(platform.ecs ? ecsOutputs(platform.ecs, network) : {}),
        ...(platform.eks
            ? {
                  eksClusterEndpoint: platform.eks.endpoint,
                  eksOidcProviderArn: platform.eks.oidcProviderArn,
                  kubeconfig: platform.eks.kubeconfig,
                  eksNodeGroups: pulumi.all(platform.eks.nodeGroupNames),
                  eksClusterSecurityGroupId: platform.eks.clusterSecurityGroupId,
                  ...(platform.eks.podExecutionRoleArn ? { fargatePodExecutionRoleArn: platform.eks.podExecutionRoleArn } : {}),
              }
            : {}),
        ...(platform.observability.fargateLogGroupName ? { fargateLogGroupName: platform.observability.fargateLogGroupName } : {}),
        dashboardName: platform.observability.dashboardName,
        alarmTopicArn: platform.observability.alarmTopicArn,
        metricNamespaces: platform.observability.metricNamespaces,
        ...(platform.runner
            ? { deployRunnerProject: platform.runner.projectName, deployRunnerSecurityGroupId: platform.runner.securityGroupId }
            : {}),
    };
    // An undefined output is dropped by the engine with a warning; leave it out instead.
    return Object.fromEntries(Object.entries(outputs).filter((entry): entry is [string, pulumi.Input<unknown>] => entry[1] !== undefined));
}

/** What `aws ecs run-task` and deploy pipelines need (see docs/ecs.md, "One-off tasks"). */
function ecsOutputs(ecs: Ecs, network: Network): Record<string, pulumi.Input<unknown>> {
    const services = Object.entries(ecs.services);
    return {
        ecsClusterArn: ecs.clusterArn,
        ecsClusterName: ecs.clusterName,
        ecsExecLogGroupName: ecs.execLogGroupName,
        ecsStoppedTasksLogGroupName: ecs.stoppedTasksLogGroupName,
        ecsOperatorPolicyArns: ecs.operatorPolicyArns,
        ...(ecs.accessLogsBucket ? { albAccessLogsBucket: ecs.accessLogsBucket } : {}),
        loadBalancerDnsName: ecs.loadBalancer.dnsName,
        ecsServices: Object.fromEntries(
            services.map(([name, svc]) => [
                name,
                {
                    serviceName: svc.serviceName,
                    taskDefinitionArn: svc.taskDefinitionArn,
                    securityGroupId: svc.securityGroupId,
                    logGroupName: svc.logGroupName,
                    taskRoleArn: svc.taskRoleArn,
                    ...(svc.repositoryUrl ? { repositoryUrl: svc.repositoryUrl } : {}),
                },
            ]),
        ),
        ecsOneOffTasks: Object.fromEntries(
            services.flatMap(([name, svc]) =>
                Object.entries(svc.oneOffTaskDefinitionArns).map(([task, arn]) => [
                    `${name}/${task}`,
                    {
                        taskDefinitionArn: arn,
                        containerName: name,
                        securityGroupId: svc.securityGroupId,
                        subnetIds: network.privateSubnetIds,
                    },
                ]),
            ),
        ),
    };
}
