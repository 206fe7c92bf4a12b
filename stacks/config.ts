// Reads and validates the stack's configuration in one place, before any resource is declared.
// Every problem is collected and reported together, each naming the key, the bad value and what
// is allowed, so one `pulumi preview` shows everything that needs fixing.

import * as pulumi from "@pulumi/pulumi";
import { LOG_RETENTION_DAYS } from "../lib/aws-facts";
import { todayUtc } from "../lib/clock";
import { derivedNames, nameIssues } from "../lib/names";
import { overQuota, quotaText } from "../lib/aws-quotas";
import { blockSize, parseIpv4Cidr, planSubnets } from "../lib/cidr";
import { INTERFACE_ENDPOINT_NAMES } from "../lib/vpc-endpoints";
import { Environment, EnvironmentName, FlowLogTrafficType, NatStrategy } from "./environment";
import { readEcsSettings } from "./config-ecs";
import { readDeliverySettings } from "./config-delivery";
import { readEksSettings } from "./config-eks";
import { readEksAccessSettings } from "./config-eks-access";
import { readObservabilitySettings } from "./config-observability";
import { readOperationsSettings } from "./config-operations";
import { readLogArchiveSettings } from "./config-log-archive";
import { ConfigReader, RawConfig, key } from "./config-reader";
import { ENVIRONMENTS, FLOW_LOG_TRAFFIC_TYPES, NAT_STRATEGIES } from "./schema";
import { checkAzCountInRegion, checkExtraTags, isTagValue, readRegion } from "./config-checks";
import { configWarnings } from "./config-warnings";
import { SERVICE_ALARM_SUFFIXES } from "../components/observability/alarm-specs";
import { CONTAINER_INSIGHTS_LOG_KINDS } from "../components/observability/eks-container-insights";

export { ConfigIssue, ConfigValidationError, RawConfig, isConfigValidationError } from "./config-reader";

/** Tag keys every resource must carry; the values come from environment, owner and costCenter. */
export const REQUIRED_TAG_KEYS = ["environment", "owner", "cost-center"] as const;

/** AWS subnets are /16 to /28. */
const MAX_SUBNET_PREFIX = 28;

/**
 * Reads the running stack's config through the Pulumi runtime and validates it; what works but
 * hurts (a version in paid extended support, a Spot group with one instance type...) is logged as
 * a warning, which `pulumi preview` and the offline preview both show.
 */
export function readEnvironment(): Environment {
    const raw: Record<string, string | undefined> = { ...pulumi.runtime.allConfig() };
    const secretKeys = Object.keys(raw).filter(isConfigSecret);
    const today = todayUtc();
    const env = parseEnvironment(raw, { project: pulumi.getProject(), stack: pulumi.getStack(), secretKeys, today });
    for (const w of configWarnings(env, today)) void pulumi.log.warn(`${w.key} = ${w.value}: ${w.problem} (${w.allowed})`);
    return env;
}

/**
 * Whether Pulumi marks `fullKey` secret. The SDK answers it with runtime.isConfigSecret, which it
 * exports but leaves out of its typings (@internal in @pulumi/pulumi 3.270 runtime/config.js); it
 * reads the same store as allConfig(), which is where the language host puts
 * PULUMI_CONFIG_SECRET_KEYS (and the offline engine, through setAllConfig).
 */
function isConfigSecret(fullKey: string): boolean {
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean };
    if (typeof runtime.isConfigSecret !== "function")
        throw new Error("@pulumi/pulumi no longer exports runtime.isConfigSecret: read the secret keys another way");
    return runtime.isConfigSecret(fullKey);
}

/**
 * Pure validation: same input (and day), same Environment or the same ConfigValidationError.
 * `today` (YYYY-MM-DD) places kubernetesVersion in EKS's support calendar; default: the clock.
 */
export function parseEnvironment(
    raw: RawConfig,
    context: { project: string; stack: string; /** Keys Pulumi marks secret. */ secretKeys?: readonly string[]; today?: string },
): Environment {
    const r = new ConfigReader(raw, context.secretKeys);
    const today = context.today ?? todayUtc();

    r.rejectUnknownKeys();
    r.rejectSecretValues();
    const region = readRegion(r);

    const name = r.oneOf("environment", ENVIRONMENTS) as EnvironmentName;
    const production = name === "prd";
    const tagValue = "a non-empty tag value of at most 256 characters: letters, digits, spaces and _ . : / = + - @";
    const owner = r.string(key("owner"), isTagValue, tagValue);
    const costCenter = r.string(key("costCenter"), isTagValue, tagValue);
    const extraTags = r.stringMap("extraTags");
    checkExtraTags(r, extraTags, REQUIRED_TAG_KEYS);
    const protect = r.boolean("protect");
    if (production && !protect) {
        r.issue(key("protect"), "false", "prd must protect its resources", "true in prd");
    }
    const logRetentionDays = r.integer("logRetentionDays", (v) => LOG_RETENTION_DAYS.includes(v), LOG_RETENTION_DAYS.join(", "));

    // Network.
    const cidrText = r.string(key("vpcCidr"), () => true, "");
    const cidr = parseIpv4Cidr(cidrText);
    if (typeof cidr === "string") {
        r.issue(key("vpcCidr"), cidrText, cidr, "a valid IPv4 network CIDR, /16 to /24, e.g. 10.0.0.0/16");
    } else if (cidr.prefixLength < 16 || cidr.prefixLength > 24) {
        r.issue(key("vpcCidr"), cidrText, `a /${cidr.prefixLength} VPC is outside what this platform plans for`, "/16 to /24");
    }
    const azCount = r.integer("azCount", (v) => v >= 2 && v <= 6, "2..6");
    if (production && azCount < 3 && azCount >= 2) {
        r.issue(key("azCount"), String(azCount), "prd needs at least 3 availability zones", "3..6 in prd");
    }
    checkAzCountInRegion(r, region, azCount);
    const natStrategy = r.oneOf("natStrategy", NAT_STRATEGIES) as NatStrategy;
    const privateSubnets = r.boolean("privateSubnets");
    if (privateSubnets && natStrategy === "none") {
        r.issue(
            key("natStrategy"),
            "none",
            "private subnets need a NAT gateway for egress",
            "single or one-per-az while privateSubnets is true",
        );
    }
    if (production && natStrategy === "single") {
        r.issue(
            key("natStrategy"),
            "single",
            "one NAT gateway is a single-AZ point of failure for prd",
            "one-per-az (or none without private subnets) in prd",
        );
    }
    const publicSubnetPrefixLength = r.integer(
        "publicSubnetPrefixLength",
        (v) => v >= 16 && v <= MAX_SUBNET_PREFIX,
        `16..${MAX_SUBNET_PREFIX}`,
    );
    const privateSubnetPrefixLength = r.integer(
        "privateSubnetPrefixLength",
        (v) => v >= 16 && v <= MAX_SUBNET_PREFIX,
        `16..${MAX_SUBNET_PREFIX}`,
    );
    if (
        typeof cidr !== "string" &&
        !r.hasIssue(key("vpcCidr"), key("azCount"), key("publicSubnetPrefixLength"), key("privateSubnetPrefixLength"))
    ) {
        if (!planSubnets(cidr, azCount, publicSubnetPrefixLength, privateSubnets ? privateSubnetPrefixLength : undefined)) {
            const perAz =
                blockSize(Math.min(publicSubnetPrefixLength, privateSubnets ? privateSubnetPrefixLength : 32)) * (privateSubnets ? 2 : 1);
            r.issue(
                key("vpcCidr"),
                cidrText,
                `${azCount} AZ blocks of ${perAz} addresses (a public /${publicSubnetPrefixLength}` +
                    (privateSubnets ? ` and a private /${privateSubnetPrefixLength}` : "") +
                    ` each) need ${azCount * perAz} addresses but the VPC has ${blockSize(cidr.prefixLength)}`,
                "a larger VPC, fewer AZs, or longer subnet prefix lengths",
            );
        }
    }
    const s3GatewayEndpoint = r.boolean("s3GatewayEndpoint");
    const interfaceEndpoints = r.stringArray("interfaceEndpoints");
    for (const endpoint of interfaceEndpoints) {
        if (!INTERFACE_ENDPOINT_NAMES.includes(endpoint)) {
            r.issue(key("interfaceEndpoints"), endpoint, `unknown interface endpoint "${endpoint}"`, INTERFACE_ENDPOINT_NAMES.join(", "));
        }
    }
    r.noDuplicates("interfaceEndpoints", interfaceEndpoints);
    const flowLogTrafficType = r.oneOf("flowLogTrafficType", FLOW_LOG_TRAFFIC_TYPES) as FlowLogTrafficType;
    const flowLogAggregationSeconds = r.integer("flowLogAggregationSeconds", (v) => v === 60 || v === 600, "60, 600") as 60 | 600;

    const eks = readEksSettings(r, { namePrefix: `${context.project}-${name}`, production, region, today });
    if (eks.enabled && !privateSubnets && !r.hasIssue(key("privateSubnets"))) {
        r.issue(
            key("eksEnabled"),
            "true",
            "EKS nodes, Fargate pods and the API endpoint's network interfaces go in private subnets",
            "false while privateSubnets is false",
        );
    }
    const eksAccess = readEksAccessSettings(r, { region, eks });
    const ecs = readEcsSettings(r, { production, region });
    if (ecs.services.length > 0 && !privateSubnets && !r.hasIssue(key("privateSubnets"))) {
        r.issue(
            key("ecsServices"),
            `${ecs.services.length} services`,
            "ECS tasks run in private subnets, never with public IPs",
            "no services while privateSubnets is false",
        );
    }
    const observability = readObservabilitySettings(r, { region });
    const logArchive = readLogArchiveSettings(r, { archivableLogGroups: ecs.services.length + (eks.enabled ? 1 : 0) });
    // The Fargate pod collector runs where the cluster has Fargate profiles, and brings a profile of its own.
    const clusterRunsFargate = eks.enabled && (eks.fargateProfiles.length > 0 || eks.nodeGroups.length === 0);
    const fargateMetrics = observability.fargateMetrics && clusterRunsFargate;
    if (fargateMetrics && !r.hasIssue(key("eksFargateProfiles"))) {
        const profiles = eks.fargateProfiles.length + (eks.nodeGroups.length === 0 ? 1 : 0) + 1;
        const problem = overQuota("eksFargateProfiles", profiles, "Fargate profiles (with the Fargate metrics collector's own)");
        if (problem) r.issue(key("fargateMetrics"), "true", problem, `false, or ${quotaText("eksFargateProfiles")} in all`);
    }
    const delivery = readDeliverySettings(r, { region, eks });
    const operations = readOperationsSettings(r, { production });
    const namePrefix = `${context.project}-${name}`;
    // Every physical name built from config obeys its resource's rules, checked before any resource exists.
    const derived = derivedNames(
        {
            namePrefix,
            clusterName: eks.enabled ? eks.clusterName : undefined,
            services: ecs.services,
            nodeGroups: eks.nodeGroups,
            fargateProfiles: eks.fargateProfiles,
            fargateLogging:
                eks.fargateProfiles.length > 0 || eks.nodeGroups.length === 0 ? { routerLogs: observability.fargateRouterLogs } : undefined,
            containerInsightsLogKinds: eks.nodeGroups.length > 0 ? CONTAINER_INSIGHTS_LOG_KINDS : undefined,
            podIdentities: eks.enabled ? eksAccess.podIdentities : undefined,
            fargateMetrics,
            serviceDiscovery: ecs.serviceDiscovery,
            deployRunner: delivery.runner === "codebuild",
            serviceAlarmIds: observability.alarmsEnabled ? SERVICE_ALARM_SUFFIXES : undefined,
            sleepSchedule: operations.sleepSchedule !== undefined,
        },
        key,
    );
    for (const i of nameIssues(derived)) if (!r.hasIssue(i.key)) r.issue(i.key, i.value, i.problem, i.allowed);

    r.throwIfAny(context.stack);

    const environment: Environment = {
        project: context.project,
        stack: context.stack,
        name,
        production,
        protect,
        region,
        namePrefix,
        tags: { ...extraTags, environment: name, owner, "cost-center": costCenter },
        logRetentionDays,
        network: {
            cidr: cidrText,
            azCount,
            natStrategy,
            privateSubnets,
            publicSubnetPrefixLength,
            privateSubnetPrefixLength,
            s3GatewayEndpoint,
            interfaceEndpoints,
            flowLogTrafficType,
            flowLogAggregationSeconds,
        },
        eks,
        eksAccess,
        ecs,
        observability,
        logArchive,
        delivery,
        operations,
    };
    return deepFreeze(environment);
}

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value as object)) {
            deepFreeze(child);
        }
    }
    return value;
}
