// A monthly cost estimate of a stack from its offline graph (the JSON of the offline preview):
// what the declared resources cost while they sit idle, priced from pricing/<region>.json.
// Usage-based charges (data processed, requests, LCUs, log ingestion and storage, metrics,
// pods scheduled on Fargate profiles, one-off tasks) are left out on purpose: the graph cannot
// know them. Every resource type in the graph is either priced by a rule below or listed as
// having no idle charge; any other type is reported as unpriced, so a new billable resource can
// never slip into a total as zero.

import { GraphSnapshot, SnapshotResource } from "../../offline/snapshot";
import { PriceKey, PriceTable } from "./price-table";
import { asleepShareOfWeek } from "../../lib/sleep-schedule";
import { cpuQuantity, fargatePodSize, memoryQuantityMiB } from "../../lib/fargate-sizing";

export interface CostLine {
    /** The top-level component the resource belongs to: network, ecs, eks, observability. */
    readonly component: string;
    readonly resource: string;
    readonly type: string;
    /** What is charged, e.g. "NAT gateway" or "m7i.large (on-demand)". */
    readonly item: string;
    readonly quantity: number;
    /** What one unit is, e.g. "gateway", "task", "AZ". */
    readonly unit: string;
    /** USD per unit per month. */
    readonly unitMonthlyUsd: number;
    readonly monthlyUsd: number;
}

export interface UnpricedItem {
    readonly component: string;
    readonly resource: string;
    readonly type: string;
    readonly reason: string;
}

export interface CostEstimate {
    readonly stack: string;
    readonly region: string;
    readonly currency: "USD";
    readonly pricesAsOf: string;
    readonly hoursPerMonth: number;
    readonly overriddenBy?: string;
    readonly lines: readonly CostLine[];
    readonly unpriced: readonly UnpricedItem[];
    /** Component -> USD per month, components in graph order. */
    readonly components: Readonly<Record<string, number>>;
    readonly totalUsd: number;
}

/**
 * Types with no charge while idle, and what they do bill by use. The usage-based items among them
 * are summarised by hand in render.ts (USAGE_EXCLUDED) and docs/cost.md's "Left out": keep the three
 * in step when a type is added here.
 */
export const NO_IDLE_CHARGE: Readonly<Record<string, string>> = {
    "aws:appautoscaling/policy:Policy": "free",
    "aws:acm/certificate:Certificate": "free (public certificates)",
    "aws:acm/certificateValidation:CertificateValidation": "free",
    "aws:appautoscaling/target:Target": "free (read for the ECS services' task counts)",
    "aws:cloudwatch/eventRule:EventRule": "free (AWS service events on the default bus; delivery to logs is log ingestion)",
    "aws:cloudwatch/eventTarget:EventTarget": "free",
    "aws:cloudwatch/logGroup:LogGroup": "log ingestion and storage (usage)",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "free",
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": "free (the events it streams bill as Firehose ingestion)",
    "aws:codebuild/project:Project": "build minutes of the deploy and preview jobs it runs (usage)",
    "aws:codebuild/webhook:Webhook": "free",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "free",
    "aws:ec2/tag:Tag": "free",
    "aws:ec2/flowLog:FlowLog": "flow log delivery to CloudWatch Logs (usage)",
    "aws:ec2/internetGateway:InternetGateway": "free (data transfer out is usage)",
    "aws:ec2/launchTemplate:LaunchTemplate": "free (its root volume is priced with the node group)",
    "aws:ec2/route:Route": "free",
    "aws:ec2/routeTable:RouteTable": "free",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "free",
    "aws:ec2/securityGroup:SecurityGroup": "free",
    "aws:ec2/subnet:Subnet": "free",
    "aws:ec2/vpc:Vpc": "free",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": "free",
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration":
        "basic: free; enhanced: Amazon Inspector, per image scanned on push and per continuous rescan (usage)",
    "aws:ecr/repository:Repository": "image storage (usage)",
    "aws:ecs/cluster:Cluster": "free (Container Insights metrics are usage)",
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": "free",
    "aws:ecs/taskDefinition:TaskDefinition": "free (services' tasks are priced with the service; one-off tasks are usage)",
    "aws:guardduty/detector:Detector":
        "events and logs analysed: CloudTrail management events, VPC flow logs and DNS logs per million events / GB (usage)",
    "aws:guardduty/detectorFeature:DetectorFeature":
        "EKS audit logs per million events; Runtime Monitoring per vCPU-hour of monitored EKS nodes and ECS Fargate tasks (usage)",
    "aws:eks/accessEntry:AccessEntry": "free",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": "free",
    "aws:eks/addon:Addon":
        "free (what it runs uses node or Fargate capacity; Container Insights metrics and Secrets Manager calls of the secrets store driver are usage)",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": "free",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "free",
    "aws:iam/policy:Policy": "free",
    "aws:iam/role:Role": "free",
    "aws:iam/rolePolicy:RolePolicy": "free",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "free",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "data ingested, decompressed and delivered per GB (usage)",
    "aws:kms/alias:Alias": "free",
    "aws:lb/listener:Listener": "free (LCUs are usage)",
    "aws:lb/listenerRule:ListenerRule": "free (rule evaluations are LCU usage)",
    "aws:lb/targetGroup:TargetGroup": "free",
    "aws:route53/record:Record": "free (DNS queries are usage)",
    "aws:s3/bucket:Bucket": "storage and requests, e.g. ALB access logs and the log archive (usage)",
    "aws:s3/bucketVersioning:BucketVersioning": "free",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "free",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "free",
    "aws:s3/bucketPolicy:BucketPolicy": "free",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "free",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "free",
    "aws:servicediscovery/service:Service": "free (registered tasks are priced with the ECS service; lookups are usage)",
    "aws:sqs/queue:Queue": "requests (usage): Karpenter's interruption events, received by long polling",
    "aws:sqs/queuePolicy:QueuePolicy": "free",
    "aws:sns/topic:Topic": "notifications (usage)",
    "aws:sns/topicPolicy:TopicPolicy": "free",
    "aws:sns/topicSubscription:TopicSubscription": "free",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "free",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "free",
    "aws:wafv2/webAclAssociation:WebAclAssociation": "free",
    "kubernetes:core/v1:ConfigMap": "free",
    "kubernetes:helm.sh/v3:Release":
        "free (its pods run on node or Fargate capacity; load balancers the controller creates for Ingresses are the app's, billed as used)",
    "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass":
        "free (the nodes Karpenter launches from it are usage: EC2 instances and their volumes, billed while they run)",
    "kubernetes:karpenter.sh/v1:NodePool": "free (nodes it launches are usage, bounded by its limits)",
    "kubernetes:core/v1:Namespace": "free",
    "kubernetes:storage.k8s.io/v1:StorageClass":
        "free (the EBS volumes it provisions bill per GB-month and IOPS/throughput above gp3's baseline: usage)",
    "kubernetes:core/v1:ServiceAccount": "free",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": "free",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": "free",
    "pulumi:providers:aws": "not a cloud resource",
    "pulumi:providers:kubernetes": "not a cloud resource",
    "time:index/sleep:Sleep": "not a cloud resource",
};

const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const AUTOSCALING_SCHEDULE = "aws:autoscaling/schedule:Schedule";

/** CoreDNS on Fargate (a cluster without node groups): 2 replicas unless its add-on says otherwise, each sized by Fargate to 0.25 vCPU / 0.5 GB. */
const COREDNS_FARGATE = { pods: 2, vcpu: 0.25, memoryGb: 0.5 };

/** The replicaCount the coredns add-on is configured with, else its default. */
function coreDnsReplicas(ctx: Context): number {
    const addon = ctx.resources.find((r) => r.type === "aws:eks/addon:Addon" && (r.inputs as Inputs).addonName === "coredns");
    const values = (addon?.inputs as Inputs | undefined)?.configurationValues;
    if (typeof values !== "string") return COREDNS_FARGATE.pods;
    const replicas = (JSON.parse(values) as { replicaCount?: unknown }).replicaCount;
    return typeof replicas === "number" ? replicas : COREDNS_FARGATE.pods;
}

type Inputs = Record<string, unknown>;

interface Context {
    readonly table: PriceTable;
    readonly byUrn: ReadonlyMap<string, SnapshotResource>;
    /** URN -> resources that depend on it. */
    readonly dependents: ReadonlyMap<string, readonly SnapshotResource[]>;
    readonly resources: readonly SnapshotResource[];
}

type Charge = Omit<CostLine, "component" | "resource" | "type">;
type RuleResult = { readonly charges: readonly Charge[]; readonly unpriced?: readonly string[] };
type Rule = (inputs: Inputs, r: SnapshotResource, ctx: Context) => RuleResult;

const hourly = (ctx: Context, key: PriceKey) => ctx.table.prices[key] * ctx.table.hoursPerMonth;
const monthly = (ctx: Context, key: PriceKey) => ctx.table.prices[key];
const charge = (item: string, quantity: number, unit: string, unitMonthlyUsd: number): Charge => ({
    item,
    quantity,
    unit,
    unitMonthlyUsd,
    monthlyUsd: quantity * unitMonthlyUsd,
});
const priced = (...charges: Charge[]): RuleResult => ({ charges });
const notPriced = (reason: string): RuleResult => ({ charges: [], unpriced: [reason] });

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asNumber = (v: unknown): number | undefined => {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};

function dependencyOfType(r: SnapshotResource, type: string, ctx: Context): SnapshotResource | undefined {
    return r.dependencies.map((u) => ctx.byUrn.get(u)).find((d) => d?.type === type);
}

function fargateRates(ctx: Context, architecture: unknown): { vcpu: number; gb: number; label: string } {
    const arm = architecture === "ARM64";
    return arm
        ? { vcpu: hourly(ctx, "fargateArmVcpuPerHour"), gb: hourly(ctx, "fargateArmGbPerHour"), label: "ARM64" }
        : { vcpu: hourly(ctx, "fargateX86VcpuPerHour"), gb: hourly(ctx, "fargateX86GbPerHour"), label: "x86" };
}

interface Strategy {
    readonly capacityProvider: string;
    readonly base: number;
    readonly weight: number;
}

/**
 * How `tasks` spread over a capacity provider strategy, as ECS places them: the base first on
 * the provider that has it, the rest in proportion to the weights (fractions: an expectation).
 */
export function spreadTasks(tasks: number, strategies: readonly Strategy[]): Map<string, number> {
    const out = new Map<string, number>(strategies.map((s) => [s.capacityProvider, 0]));
    let rest = tasks;
    for (const s of strategies) {
        const base = Math.min(rest, s.base);
        out.set(s.capacityProvider, (out.get(s.capacityProvider) ?? 0) + base);
        rest -= base;
    }
    const weights = strategies.reduce((sum, s) => sum + s.weight, 0);
    if (rest > 0 && weights > 0) {
        for (const s of strategies) out.set(s.capacityProvider, (out.get(s.capacityProvider) ?? 0) + (rest * s.weight) / weights);
    }
    return out;
}

function readStrategies(value: unknown): Strategy[] {
    return asList(value).map((s) => {
        const o = (s ?? {}) as Inputs;
        return { capacityProvider: String(o.capacityProvider), base: asNumber(o.base) ?? 0, weight: asNumber(o.weight) ?? 0 };
    });
}

const RULES: Readonly<Record<string, Rule>> = {
    "aws:ec2/natGateway:NatGateway": (_i, _r, ctx) => priced(charge("NAT gateway", 1, "gateway", hourly(ctx, "natGatewayPerHour"))),

    // Every public IPv4 address is billed by the hour since 2024, attached or not.
    "aws:ec2/eip:Eip": (_i, _r, ctx) =>
        priced(charge("public IPv4 address (Elastic IP)", 1, "address", hourly(ctx, "publicIpv4AddressPerHour"))),

    "aws:ec2/vpcEndpoint:VpcEndpoint": (i, _r, ctx) => {
        const type = i.vpcEndpointType ?? "Gateway";
        if (type === "Gateway") return priced();
        if (type !== "Interface") return notPriced(`endpoint type ${String(type)} is not in the estimate`);
        const service =
            String(i.serviceName ?? "")
                .split(".")
                .slice(3)
                .join(".") || String(i.serviceName);
        return priced(charge(`interface endpoint ${service}`, asList(i.subnetIds).length, "AZ", hourly(ctx, "interfaceEndpointPerAzHour")));
    },

    "aws:lb/loadBalancer:LoadBalancer": (i, _r, ctx) => {
        if ((i.loadBalancerType ?? "application") !== "application")
            return notPriced(`load balancer type ${String(i.loadBalancerType)} is not in the estimate`);
        const charges = [charge("Application Load Balancer", 1, "load balancer", hourly(ctx, "applicationLoadBalancerPerHour"))];
        if (i.internal !== true) {
            // An internet-facing ALB holds at least one public IPv4 address per subnet (AZ).
            const azs = asList(i.subnets).length || asList(i.subnetMappings).length;
            charges.push(
                charge("public IPv4 addresses of the ALB (one per AZ, at least)", azs, "address", hourly(ctx, "publicIpv4AddressPerHour")),
            );
        }
        return priced(...charges);
    },

    // Past its standard support a version is billed extended support (6x) when the cluster's support
    // policy is EXTENDED; under STANDARD, EKS upgrades the control plane instead and the standard rate
    // stays. Which applies is read on the day the table's prices were taken.
    "aws:eks/cluster:Cluster": (i, _r, ctx) => {
        const version = String(i.version ?? "");
        const ends = ctx.table.eksStandardSupportEnds[version];
        if (!ends)
            return notPriced(
                `Kubernetes ${version || "(no version set)"} has no end of standard support in pricing/${ctx.table.region}.json (eksStandardSupportEnds): add it, or pass it with --prices`,
            );
        const extended = ((i.upgradePolicy ?? {}) as Inputs).supportType !== "STANDARD";
        if (ctx.table.pricesAsOf <= ends)
            return priced(
                charge(`EKS control plane ${version} (standard support until ${ends})`, 1, "cluster", hourly(ctx, "eksClusterPerHour")),
            );
        return priced(
            extended
                ? charge(
                      `EKS control plane ${version} (extended support: standard ended ${ends})`,
                      1,
                      "cluster",
                      hourly(ctx, "eksClusterExtendedSupportPerHour"),
                  )
                : charge(
                      `EKS control plane ${version} (standard ended ${ends}: EKS upgrades it, support policy STANDARD)`,
                      1,
                      "cluster",
                      hourly(ctx, "eksClusterPerHour"),
                  ),
        );
    },

    "aws:eks/nodeGroup:NodeGroup": (i, r, ctx) => {
        const template = dependencyOfType(r, "aws:ec2/launchTemplate:LaunchTemplate", ctx);
        const templateInputs = (template?.inputs ?? {}) as Inputs;
        // With several types, managed node groups launch the first one while it is available.
        const instanceType = String(asList(i.instanceTypes)[0] ?? templateInputs.instanceType ?? "");
        // A sleeping group is priced at its waking size; the schedule's saving is a line of its own.
        const nodes =
            asNumber(wakeAction(r, ctx, AUTOSCALING_SCHEDULE)?.desiredCapacity) ??
            asNumber(((i.scalingConfig ?? {}) as Inputs).desiredSize) ??
            0;
        const spot = i.capacityType === "SPOT";
        const unpriced: string[] = [];
        const charges: Charge[] = [];
        const onDemand = ctx.table.ec2InstancePerHour[instanceType];
        if (!instanceType) unpriced.push("no instance type in the node group or its launch template");
        else if (onDemand === undefined)
            unpriced.push(
                `instance type ${instanceType} is not in pricing/${ctx.table.region}.json (ec2InstancePerHour): add it, or pass it with --prices`,
            );
        else {
            const perHour = spot ? onDemand * (1 - ctx.table.spotDiscounts.ec2) : onDemand;
            charges.push(
                charge(
                    `${instanceType} (${spot ? `Spot, ${Math.round(ctx.table.spotDiscounts.ec2 * 100)}% off assumed` : "on-demand"})`,
                    nodes,
                    "node",
                    perHour * ctx.table.hoursPerMonth,
                ),
            );
        }
        const ebs = (asList(templateInputs.blockDeviceMappings)[0] as Inputs | undefined)?.ebs as Inputs | undefined;
        const diskGb = asNumber(ebs?.volumeSize) ?? asNumber(i.diskSize);
        const volumeType = ebs?.volumeType ?? (template ? undefined : "gp3");
        if (diskGb !== undefined && nodes > 0) {
            if (volumeType === "gp3")
                charges.push(charge(`root volume gp3 ${diskGb} GiB`, nodes, "node", diskGb * monthly(ctx, "ebsGp3PerGbMonth")));
            else unpriced.push(`root volume type ${String(volumeType)} is not in the estimate`);
        }
        return { charges, unpriced };
    },

    "aws:eks/fargateProfile:FargateProfile": (i, _r, ctx) => {
        // Pods of other profiles are billed while they run: usage, not idle cost.
        const coreDns = asList(i.selectors).some((s) => {
            const sel = (s ?? {}) as Inputs;
            return sel.namespace === "kube-system" && ((sel.labels ?? {}) as Inputs)["k8s-app"] === "kube-dns";
        });
        if (!coreDns) return priced();
        const rates = fargateRates(ctx, "X86_64");
        return priced(
            charge(
                `CoreDNS pod on Fargate (${COREDNS_FARGATE.vcpu} vCPU, ${COREDNS_FARGATE.memoryGb} GB)`,
                coreDnsReplicas(ctx),
                "pod",
                COREDNS_FARGATE.vcpu * rates.vcpu + COREDNS_FARGATE.memoryGb * rates.gb,
            ),
        );
    },

    "kubernetes:apps/v1:Deployment": (i, r, ctx) => {
        // A Deployment waiting for a Fargate profile runs its pods there, each billed at the size
        // Fargate rounds its requests up to; anywhere else its pods use node capacity, priced with the nodes.
        if (!dependencyOfType(r, "aws:eks/fargateProfile:FargateProfile", ctx)) return priced();
        const spec = (i.spec ?? {}) as Inputs;
        const replicas = asNumber(spec.replicas) ?? 1;
        const podSpec = (((spec.template ?? {}) as Inputs).spec ?? {}) as Inputs;
        let vcpu = 0;
        let memoryMiB = 0;
        for (const c of asList(podSpec.containers)) {
            const requests = (((c ?? {}) as Inputs).resources as Inputs | undefined)?.requests as Inputs | undefined;
            const cpu = cpuQuantity(requests?.cpu);
            const memory = memoryQuantityMiB(requests?.memory);
            if (cpu === undefined || memory === undefined) return notPriced("a container without CPU and memory requests");
            vcpu += cpu;
            memoryMiB += memory;
        }
        const size = fargatePodSize(vcpu, memoryMiB);
        if (!size) return notPriced(`no Fargate size holds ${vcpu} vCPU and ${memoryMiB} MiB`);
        // EKS runs Fargate pods on x86 only.
        const rates = fargateRates(ctx, "X86_64");
        return priced(
            charge(
                `Fargate pod (${size.vcpu} vCPU, ${size.memoryGb} GB, x86)`,
                replicas,
                "pod",
                size.vcpu * rates.vcpu + size.memoryGb * rates.gb,
            ),
        );
    },

    "aws:ecs/service:Service": (i, r, ctx) => {
        const taskDefinition = dependencyOfType(r, "aws:ecs/taskDefinition:TaskDefinition", ctx);
        if (!taskDefinition) return notPriced("its task definition is not in the graph");
        const td = taskDefinition.inputs as Inputs;
        const vcpu = (asNumber(td.cpu) ?? NaN) / 1024;
        const gb = (asNumber(td.memory) ?? NaN) / 1024;
        if (!Number.isFinite(vcpu) || !Number.isFinite(gb)) return notPriced("its task definition sets no task-level cpu/memory");
        // Autoscaling keeps the running count inside [min, max] whatever desiredCount says.
        const target = (ctx.dependents.get(r.urn) ?? []).find((d) => d.type === "aws:appautoscaling/target:Target");
        let tasks = asNumber(i.desiredCount) ?? 1;
        if (target) {
            // A sleeping service is priced at its waking bounds; the schedule's saving is a line of its own.
            const wake = wakeAction(target, ctx, SCHEDULED_ACTION)?.scalableTargetAction as Inputs | undefined;
            const t = wake ?? (target.inputs as Inputs);
            tasks = Math.min(Math.max(tasks, asNumber(t.minCapacity) ?? tasks), asNumber(t.maxCapacity) ?? tasks);
        }
        let strategies = readStrategies(i.capacityProviderStrategies);
        if (strategies.length === 0 && i.launchType === undefined) {
            const cluster = ctx.resources.find(
                (c) =>
                    c.type === "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders" &&
                    (c.inputs as Inputs).clusterName !== undefined &&
                    String(i.cluster ?? "").endsWith(`/${String((c.inputs as Inputs).clusterName)}`),
            );
            strategies = readStrategies((cluster?.inputs as Inputs | undefined)?.defaultCapacityProviderStrategies);
        }
        if (strategies.length === 0) {
            if (i.launchType !== "FARGATE") return notPriced(`launch type ${String(i.launchType ?? "(none)")} is not in the estimate`);
            strategies = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
        }
        const rates = fargateRates(ctx, (td.runtimePlatform as Inputs | undefined)?.cpuArchitecture);
        const perTask = vcpu * rates.vcpu + gb * rates.gb;
        const size = `${vcpu} vCPU, ${gb} GB, ${rates.label}`;
        const charges: Charge[] = [];
        const unpriced: string[] = [];
        for (const [provider, count] of spreadTasks(tasks, strategies)) {
            if (provider === "FARGATE") charges.push(charge(`Fargate task (${size})`, count, "task", perTask));
            else if (provider === "FARGATE_SPOT")
                charges.push(
                    charge(
                        `Fargate Spot task (${size}, ${Math.round(ctx.table.spotDiscounts.fargate * 100)}% off assumed)`,
                        count,
                        "task",
                        perTask * (1 - ctx.table.spotDiscounts.fargate),
                    ),
                );
            else if (count > 0) unpriced.push(`capacity provider ${provider} is not in the estimate`);
        }
        // Each running task is a registered Cloud Map instance.
        if (i.serviceRegistries !== undefined && i.serviceRegistries !== null)
            charges.push(charge("Cloud Map registered task", tasks, "task", monthly(ctx, "cloudMapInstancePerMonth")));
        return { charges, unpriced };
    },

    "aws:kms/key:Key": (_i, _r, ctx) => priced(charge("KMS customer managed key", 1, "key", monthly(ctx, "kmsKeyPerMonth"))),

    // CloudWatch bills an alarm per metric it evaluates: a metric-math alarm pays for each metric
    // it reads (not for its expressions), at the high-resolution price if any period is under 60 s.
    "aws:cloudwatch/metricAlarm:MetricAlarm": (i, _r, ctx) => {
        const queries = asList(i.metricQueries)
            .map((q) => (q ?? {}) as Inputs)
            .filter((q) => q.metric !== undefined);
        const periods = queries.length > 0 ? queries.map((q) => asNumber((q.metric as Inputs).period) ?? 60) : [asNumber(i.period) ?? 60];
        const metrics = Math.max(1, queries.length);
        const highResolution = periods.some((p) => p < 60);
        return priced(
            highResolution
                ? charge(
                      "CloudWatch alarm metric (high resolution)",
                      metrics,
                      "alarm metric",
                      monthly(ctx, "metricAlarmHighResolutionPerMonth"),
                  )
                : charge("CloudWatch alarm metric (standard)", metrics, "alarm metric", monthly(ctx, "metricAlarmStandardPerMonth")),
        );
    },

    // A web ACL bills per month, and so does each rule in it (a managed rule group is one rule);
    // requests inspected are usage.
    "aws:wafv2/webAcl:WebAcl": (i, _r, ctx) => {
        const rules = asList(i.rules).length;
        return priced(
            charge("WAF web ACL", 1, "web ACL", monthly(ctx, "wafWebAclPerMonth")),
            ...(rules > 0 ? [charge("WAF rule (managed rule group)", rules, "rule", monthly(ctx, "wafRulePerMonth"))] : []),
        );
    },

    "aws:cloudwatch/dashboard:Dashboard": (_i, _r, ctx) =>
        priced(charge("CloudWatch dashboard", 1, "dashboard", monthly(ctx, "dashboardPerMonth"))),

    [SCHEDULED_ACTION]: (_i, r, ctx) => {
        const target = dependencyOfType(r, "aws:appautoscaling/target:Target", ctx);
        const service = target && dependencyOfType(target, "aws:ecs/service:Service", ctx);
        return sleepSaving(r, ctx, target, service, "ECS service");
    },
    [AUTOSCALING_SCHEDULE]: (_i, r, ctx) => {
        const group = dependencyOfType(r, "aws:eks/nodeGroup:NodeGroup", ctx);
        return sleepSaving(r, ctx, group, group, "node group");
    },

    // A private DNS namespace is a Route 53 private hosted zone.
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": (_i, _r, ctx) =>
        priced(charge("Route 53 hosted zone (Cloud Map namespace)", 1, "zone", monthly(ctx, "route53HostedZonePerMonth"))),
};

/** A sleep action parks (max 0 / desired 0); the other of the pair wakes. */
const isSleepAction = (a: SnapshotResource): boolean =>
    a.type === SCHEDULED_ACTION
        ? asNumber(((a.inputs as Inputs).scalableTargetAction as Inputs | undefined)?.maxCapacity) === 0
        : asNumber((a.inputs as Inputs).desiredCapacity) === 0;

/** The scheduled actions on `owner` (a scalable target or a node group) of `type`. */
const actionsOn = (owner: SnapshotResource, ctx: Context, type: string) =>
    (ctx.dependents.get(owner.urn) ?? []).filter((d) => d.type === type && d.kind === "resource");

function wakeAction(owner: SnapshotResource, ctx: Context, type: string): Inputs | undefined {
    return actionsOn(owner, ctx, type).find((a) => !isSleepAction(a))?.inputs as Inputs | undefined;
}

/**
 * The saving of a sleep action: the share of the week asleep times what its service or node group
 * costs awake (as priced above). Written on the sleep action, so it is one line per parked thing.
 */
function sleepSaving(
    r: SnapshotResource,
    ctx: Context,
    owner: SnapshotResource | undefined,
    priced: SnapshotResource | undefined,
    what: string,
): RuleResult {
    if (!isSleepAction(r)) return { charges: [] };
    if (!owner || !priced) return notPriced(`its ${what} is not in the graph`);
    const wake = actionsOn(owner, ctx, r.type).find((a) => !isSleepAction(a));
    const expression = (a: SnapshotResource) => String((a.inputs as Inputs)[a.type === SCHEDULED_ACTION ? "schedule" : "recurrence"] ?? "");
    const share = wake && asleepShareOfWeek(expression(r), expression(wake));
    if (share === undefined) return notPriced("no wake action on the same days to measure the night by");
    const awake = RULES[priced.type]((priced.inputs ?? {}) as Inputs, priced, ctx);
    const awakeUsd = awake.charges.reduce((sum, c) => sum + c.monthlyUsd, 0);
    const hours = Math.round(share * 168 * 100) / 100;
    return { charges: [charge(`asleep ${hours} of 168 hours a week: ${priced.name}`, 1, "schedule", -share * awakeUsd)] };
}

/** The top-level component a resource sits in ("network", "ecs", ...), or "stack" when it has none. */
function componentOf(r: SnapshotResource, byUrn: ReadonlyMap<string, SnapshotResource>): string {
    let current = r;
    for (;;) {
        const parent = current.parent ? byUrn.get(current.parent) : undefined;
        if (!parent || parent.type === "pulumi:pulumi:Stack") break;
        current = parent;
    }
    if (current === r && r.kind === "resource") return "stack";
    const [, module] = current.type.split(":");
    return module || current.type;
}

export function estimateCost(graph: GraphSnapshot, table: PriceTable): CostEstimate {
    if (graph.region !== table.region)
        throw new Error(`the graph of ${graph.stack} is in ${graph.region}, the price table is for ${table.region}`);
    const byUrn = new Map(graph.resources.map((r) => [r.urn, r]));
    const dependents = new Map<string, SnapshotResource[]>();
    for (const r of graph.resources) {
        for (const d of r.dependencies) dependents.set(d, [...(dependents.get(d) ?? []), r]);
    }
    const ctx: Context = { table, byUrn, dependents, resources: graph.resources };
    const lines: CostLine[] = [];
    const unpriced: UnpricedItem[] = [];
    const components: Record<string, number> = {};
    for (const r of graph.resources) {
        if (r.kind !== "resource") continue;
        const component = componentOf(r, byUrn);
        const rule = RULES[r.type];
        const result: RuleResult = rule
            ? rule((r.inputs ?? {}) as Inputs, r, ctx)
            : r.type in NO_IDLE_CHARGE
              ? priced()
              : notPriced(`no pricing rule for ${r.type}: price it in tools/cost/estimate.ts or list it in NO_IDLE_CHARGE`);
        for (const c of result.charges) {
            lines.push({ component, resource: r.name, type: r.type, ...c });
            components[component] = (components[component] ?? 0) + c.monthlyUsd;
        }
        for (const reason of result.unpriced ?? []) unpriced.push({ component, resource: r.name, type: r.type, reason });
    }
    return {
        stack: graph.stack,
        region: graph.region,
        currency: "USD",
        pricesAsOf: table.pricesAsOf,
        hoursPerMonth: table.hoursPerMonth,
        ...(table.overriddenBy ? { overriddenBy: table.overriddenBy } : {}),
        lines,
        unpriced,
        components,
        totalUsd: lines.reduce((sum, l) => sum + l.monthlyUsd, 0),
    };
}
