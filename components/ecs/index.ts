// ECS on Fargate, built from @pulumi/aws so every invariant (roles, networking, logging, deployment
// safety) is visible to tests: the cluster with Container Insights and its Fargate capacity
// providers, the shared ALB, an optional Cloud Map namespace, and one EcsService per configured service.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../../lib/names";
import { EcsServiceSettings } from "./args";
import { LoadBalancer } from "./load-balancer";
import { EcsService } from "./service";
import { tagger } from "../../lib/tags";

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
    readonly logRetentionDays: number;
    readonly immutableTags: boolean;
    /** Services whose image tag is not yet in their own ECR repository: they start at zero tasks. */
    readonly servicesAwaitingImage: readonly string[];
    readonly protect: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

export class Ecs extends pulumi.ComponentResource {
    readonly clusterArn: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly loadBalancer: LoadBalancer;
    readonly services: Readonly<Record<string, EcsService>>;
    readonly discoveryNamespace?: pulumi.Output<string>;

    constructor(name: string, args: EcsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:ecs:Ecs", name, {}, opts);
        const parent = { parent: this };
        const tagged = tagger(args.tags);

        const cluster = new aws.ecs.Cluster(
            `${name}-cluster`,
            {
                name: names.ecsCluster(args.namePrefix),
                settings: [{ name: "containerInsights", value: args.containerInsights }],
                configuration: { executeCommandConfiguration: { logging: "DEFAULT" } },
                tags: tagged(args.namePrefix),
            },
            { parent: this, protect: args.protect },
        );

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

        this.loadBalancer = new LoadBalancer(
            `${name}-lb`,
            {
                namePrefix: args.namePrefix,
                vpcId: args.vpcId,
                publicSubnetIds: args.publicSubnetIds,
                certificateArn: args.certificateArn,
                accessLogsBucket: args.accessLogsBucket,
                protect: args.protect,
                tags: args.tags,
            },
            parent,
        );

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
                        awaitingImage: args.servicesAwaitingImage.includes(settings.name),
                        protect: args.protect,
                        tags: args.tags,
                    },
                    { parent: this, dependsOn: [capacityProviders] },
                ),
            ]),
        );

        this.clusterArn = cluster.arn;
        this.clusterName = cluster.name;
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ clusterArn: this.clusterArn, loadBalancerDnsName: this.loadBalancer.dnsName });
    }
}
