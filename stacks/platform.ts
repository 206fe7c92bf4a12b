// Wires the components of one environment from its validated description. Everything that differs
// between dev and prd arrives here as config values; there is no per-environment branching below.

import * as pulumi from "@pulumi/pulumi";
import { DeployRunner } from "../components/delivery/runner";
import { Ecs } from "../components/ecs";
import { Eks } from "../components/eks";
import { LoadBalancerController } from "../components/eks/load-balancer-controller";
import { AWS_OBSERVABILITY_POD_SECURITY, podSecurityLabels } from "../components/eks/addons";
import { TeamAccessEntries } from "../components/eks/access";
import { PodIdentities } from "../components/eks/pod-identity";
import { SECRETS_STORE_ADDON, SecretsStoreCsi } from "../components/eks/secrets-store";
import { Karpenter } from "../components/eks/karpenter";
import { Network } from "../components/network";
import { Observability } from "../components/observability";
import { EksEvents } from "../components/observability/eks-events";
import { EnvironmentSleep } from "../components/operations/sleep-schedule";
import { CLOUDWATCH_ADDON } from "../components/observability/eks-container-insights";
import { ArchivedLogGroup, LogArchive } from "../components/observability/log-archive";
import { Environment } from "./environment";
import { LiveState } from "./live-state";

export interface Platform {
    readonly network: Network;
    /** Undefined when no ECS service is configured. */
    readonly ecs?: Ecs;
    /** Undefined when eksEnabled is false. */
    readonly eks?: Eks;
    /** Undefined without EKS or without eksPodIdentities. */
    readonly podIdentities?: PodIdentities;
    /** Undefined unless eksNodeAutoscaler is karpenter. */
    readonly karpenter?: Karpenter;
    readonly observability: Observability;
    /** Undefined unless deployRunner is codebuild. */
    readonly runner?: DeployRunner;
    /** Undefined without EKS or with eksLoadBalancerController off. */
    readonly loadBalancerController?: LoadBalancerController;
    /** Undefined unless logArchive is true. */
    readonly logArchive?: LogArchive;
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
        karpenterDiscovery: env.eks.enabled && env.eks.karpenter !== undefined,
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
                  guardDutyRuntime: env.observability.guardDuty !== undefined,
                  servicesAwaitingImage: live.servicesAwaitingImage,
                  parked: live.asleepNow,
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
        loadBalancerController: installController,
        karpenter: karpenterSettings,
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
              parkedNodeGroups: live.asleepNow,
              logRetentionDays: env.logRetentionDays,
              protect: env.protect,
              tags: env.tags,
          });
    const loadBalancerController =
        eks && installController
            ? new LoadBalancerController(env.namePrefix, {
                  clusterName: eks.clusterName,
                  clusterArn: eks.clusterArn,
                  region: env.region,
                  vpcId: network.vpcId,
                  kubernetesProvider: eks.kubernetesProvider,
                  podIdentityAgent: eks.podIdentityAgent,
                  computeResources: eks.computeResources,
                  tags: env.tags,
              })
            : undefined;
    if (eks && env.eksAccess.teamAccess.length > 0)
        new TeamAccessEntries(`${env.namePrefix}-team-access`, {
            namePrefix: env.namePrefix,
            clusterName: eks.clusterName,
            entries: env.eksAccess.teamAccess,
            tags: env.tags,
        });
    const podIdentities =
        eks && env.eksAccess.podIdentities.length > 0
            ? new PodIdentities(`${env.namePrefix}-pod-identities`, {
                  namePrefix: env.namePrefix,
                  clusterName: eks.clusterName,
                  clusterArn: eks.clusterArn,
                  identities: env.eksAccess.podIdentities,
                  dependsOn: [eks.podIdentityAgent],
                  tags: env.tags,
              })
            : undefined;
    if (eks && env.eksAccess.secretsStoreCsi && env.eks.nodeGroups.length > 0)
        new SecretsStoreCsi(`${env.namePrefix}-secrets-store-csi`, {
            namePrefix: env.namePrefix,
            clusterName: eks.clusterName,
            addonVersion: live.addonVersions[SECRETS_STORE_ADDON],
            // Its DaemonSets report healthy only once nodes run them.
            dependsOn: [eks.podIdentityAgent, ...eks.computeResources],
            tags: env.tags,
        });
    const karpenter =
        eks && karpenterSettings
            ? new Karpenter(`${env.namePrefix}-karpenter`, {
                  ...karpenterSettings,
                  clusterName: env.eks.clusterName,
                  region: env.region,
                  namePrefix: env.namePrefix,
                  cluster: eks.clusterName,
                  clusterArn: eks.clusterArn,
                  clusterEndpoint: eks.endpoint,
                  clusterSecurityGroupId: eks.clusterSecurityGroupId,
                  kubernetesProvider: eks.kubernetesProvider,
                  podIdentityAgent: eks.podIdentityAgent,
                  computeResources: eks.computeResources,
                  kubelet: env.eks.kubelet,
                  nodeSessionManager: env.eks.nodeSessionManager,
                  tags: env.tags,
              })
            : undefined;
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
                      // Parked services report no tasks at all at night (see components/operations/sleep-schedule.ts).
                      mayBeEmpty:
                          env.operations.sleepSchedule !== undefined ||
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
        threatDetection: env.observability.guardDuty && {
            ...env.observability.guardDuty,
            workloads: { eks: env.eks.enabled, ecsFargate: env.ecs.services.length > 0 },
            protect: env.protect,
        },
        eks: eks && {
            clusterName: eks.clusterName,
            kubernetesProvider: eks.kubernetesProvider,
            fargatePodExecutionRoleName: eks.podExecutionRoleName,
            fargateLogStreamPrefix: env.observability.fargateLogStreamPrefix,
            fargateRouterLogs: env.observability.fargateRouterLogs,
            // It holds a ConfigMap and never a pod: the strictest level costs nothing there.
            namespaceLabels: podSecurityLabels(AWS_OBSERVABILITY_POD_SECURITY, env.eks.kubernetesVersion),
            containerInsights:
                env.eks.nodeGroups.length === 0
                    ? undefined
                    : {
                          clusterArn: eks.clusterArn,
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
                          namespaceLabels: podSecurityLabels(env.eks.addons.podSecurity, env.eks.kubernetesVersion),
                          dependsOn: eks.computeResources,
                      }
                    : undefined,
        },
    });
    if (eks) {
        new EksEvents(`${env.namePrefix}-eks-events`, {
            namePrefix: env.namePrefix,
            autoScalingGroupNames: Object.values(eks.nodeGroupAutoScalingGroups),
            retentionDays: env.logRetentionDays,
            retainLogs: env.protect,
            tags: env.tags,
        });
    }
    const schedule = env.operations.sleepSchedule;
    if (schedule) {
        new EnvironmentSleep(`${env.namePrefix}-sleep`, {
            namePrefix: env.namePrefix,
            schedule,
            services: ecs ? Object.entries(ecs.services).map(([name, svc]) => ({ name, ...svc.scalableTarget })) : [],
            nodeGroups: eks
                ? env.eks.nodeGroups.map((ng) => ({
                      name: ng.name,
                      autoScalingGroupName: eks.nodeGroupAutoScalingGroups[ng.name],
                      minSize: ng.minSize,
                      desiredSize: ng.desiredSize,
                      maxSize: ng.maxSize,
                  }))
                : [],
        });
    }
    const logArchive = !env.logArchive.enabled
        ? undefined
        : new LogArchive(`${env.namePrefix}-log-archive`, {
              namePrefix: env.namePrefix,
              region: env.region,
              logGroups: archivedLogGroups(ecs, eks, observability),
              transitionDays: env.logArchive.transitionDays,
              expireDays: env.logArchive.expireDays,
              protect: env.protect,
              tags: env.tags,
          });
    return { network, ecs, eks, podIdentities, karpenter, observability, runner, loadBalancerController, logArchive };
}

/**
 * The groups worth keeping past their retention: what the applications wrote (ECS services, pods on
 * Fargate and, through Container Insights, on nodes) and who did what (ECS Exec sessions, the EKS
 * control plane's api/audit/authenticator logs). Left out: stopped-task events, flow logs, Container
 * Insights' performance/dataplane/host groups, the Fargate router's and the deploy runner's logs,
 * diagnostics whose use ends with their retention.
 */
export function archivedLogGroups(ecs: Ecs | undefined, eks: Eks | undefined, observability: Observability): ArchivedLogGroup[] {
    return [
        ...(ecs
            ? [
                  ...Object.entries(ecs.services).map(([name, svc]): ArchivedLogGroup => ({
                      key: `ecs-${name}`,
                      name: svc.logGroupName,
                      kind: "application",
                  })),
                  { key: "ecs-exec", name: ecs.execLogGroupName, kind: "audit" } satisfies ArchivedLogGroup,
              ]
            : []),
        ...(eks ? [{ key: "eks-control-plane", name: eks.controlPlaneLogGroupName, kind: "audit" } satisfies ArchivedLogGroup] : []),
        ...(observability.fargateLogGroupName
            ? [{ key: "eks-fargate-pods", name: observability.fargateLogGroupName, kind: "application" } satisfies ArchivedLogGroup]
            : []),
        ...(observability.podApplicationLogGroupName
            ? [{ key: "eks-node-pods", name: observability.podApplicationLogGroupName, kind: "application" } satisfies ArchivedLogGroup]
            : []),
    ];
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
                  ...(platform.loadBalancerController
                      ? {
                            eksIngressClassName: platform.loadBalancerController.ingressClassName,
                            eksLoadBalancerControllerRoleArn: platform.loadBalancerController.roleArn,
                        }
                      : {}),
                  eksOidcProviderArn: platform.eks.oidcProviderArn,
                  kubeconfig: platform.eks.kubeconfig,
                  eksNodeGroups: pulumi.all(platform.eks.nodeGroupNames),
                  eksClusterSecurityGroupId: platform.eks.clusterSecurityGroupId,
                  ...(platform.karpenter
                      ? {
                            karpenterInterruptionQueue: platform.karpenter.interruptionQueueName,
                            karpenterNodeRoleName: platform.karpenter.nodeRoleName,
                        }
                      : {}),
                  ...(platform.eks.podExecutionRoleArn ? { fargatePodExecutionRoleArn: platform.eks.podExecutionRoleArn } : {}),
                  // Where app teams put pods to run them on Fargate (examples/sample-app reads it).
                  eksFargateProfiles: Object.fromEntries(env.eks.fargateProfiles.map((p) => [p.name, { selectors: p.selectors }])),
                  ...(platform.podIdentities ? { eksPodIdentityRoleArns: platform.podIdentities.roleArns } : {}),
              }
            : {}),
        ...(platform.observability.fargateLogGroupName ? { fargateLogGroupName: platform.observability.fargateLogGroupName } : {}),
        dashboardName: platform.observability.dashboardName,
        alarmTopicArn: platform.observability.alarmTopicArn,
        metricNamespaces: platform.observability.metricNamespaces,
        ...(platform.logArchive ? { logArchiveBucket: platform.logArchive.bucketName } : {}),
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
