// EKS settings: read and validated with the rest of the stack config (see ./config.ts).

import {
    CONTROL_PLANE_LOG_TYPES,
    ControlPlaneLogType,
    FargateProfileSettings,
    NodeGroupSettings,
    TaintEffect,
} from "../components/eks/args";
import {
    EC2_INSTANCE_TYPE_PATTERN,
    EKS_CLUSTER_NAME_PATTERN,
    IAM_PRINCIPAL_ARN_PATTERN,
    KUBERNETES_VERSION_PATTERN,
    partitionOfRegion,
} from "../lib/aws-facts";
import { NAME_RULES } from "../lib/names";
import { isPrivateCidr, parseIpv4Cidr, PRIVATE_IPV4_RANGES } from "../lib/cidr";
import { ConfigReader, FieldMessage, key } from "./config-reader";
import { EksSettings } from "./environment";
import {
    AMI_TYPES,
    CAPACITY_TYPES,
    EKS_FARGATE_PROFILE_SHAPE,
    EKS_FARGATE_SELECTOR_SHAPE,
    EKS_NODE_GROUP_SHAPE,
    EKS_SUPPORT_TYPES,
    EKS_TAINT_SHAPE,
    TAINT_EFFECT_NAMES,
} from "./schema";

const SECURITY_GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;
/**
 * Node groups are named by prefix (`<name>-`) so that a replacement is created before the old
 * group is drained; the prefix's limit (63 EKS allows, less the provider's 26-character suffix)
 * is lib/names.ts's, so validation and the name check cannot drift apart.
 */
export const MAX_NODE_GROUP_NAME = NAME_RULES.nodeGroupPrefix.maxLength - "-".length;
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const ADDON_VERSION = /^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$/;
/** Kubernetes' taint effects, and the names the EKS API gives them. */
export const TAINT_EFFECTS: Readonly<Record<(typeof TAINT_EFFECT_NAMES)[number], TaintEffect>> = {
    NoSchedule: "NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
};
export const MANAGED_ADDONS = ["vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver", "eks-pod-identity-agent"] as const;
/** EKS allows at most 5 selectors per Fargate profile. */
export const MAX_FARGATE_SELECTORS = 5;

export function readEksSettings(r: ConfigReader, context: { namePrefix: string; production: boolean; region: string }): EksSettings {
    const eksEnabled = r.boolean("eksEnabled");
    const clusterNameSetting = r.string(
        key("eksClusterName"),
        (v) => v === "" || EKS_CLUSTER_NAME_PATTERN.test(v),
        "empty, or 1-100 of A-Z a-z 0-9 - _ starting with a letter or digit",
    );
    const kubernetesVersion = r.string(key("kubernetesVersion"), (v) => KUBERNETES_VERSION_PATTERN.test(v), '"1.<minor>", e.g. 1.35');
    const nodeInstanceTypes = r.stringArray("nodeInstanceTypes");
    for (const instanceType of nodeInstanceTypes) {
        if (!EC2_INSTANCE_TYPE_PATTERN.test(instanceType)) {
            r.issue(
                key("nodeInstanceTypes"),
                instanceType,
                "not an EC2 instance type",
                "<family><generation>[attributes].<size>, e.g. m7i.large, c7g.2xlarge",
            );
        }
    }
    r.noDuplicates("nodeInstanceTypes", nodeInstanceTypes);

    const publicAccessCidrs = r.stringArray("eksPublicAccessCidrs");
    for (const cidr of publicAccessCidrs) {
        const parsed = parseIpv4Cidr(cidr);
        if (typeof parsed === "string") {
            r.issue(key("eksPublicAccessCidrs"), cidr, parsed, "IPv4 CIDRs of the networks that may reach the API server");
        } else if (parsed.prefixLength === 0 && context.production) {
            r.issue(
                key("eksPublicAccessCidrs"),
                cidr,
                "prd never exposes the Kubernetes API to the whole internet",
                "[] (private endpoint only) or specific CIDRs in prd",
            );
        }
    }
    const logTypes = r.stringArray("eksLogTypes");
    for (const t of logTypes) {
        if (!(CONTROL_PLANE_LOG_TYPES as readonly string[]).includes(t))
            r.issue(key("eksLogTypes"), t, "unknown control-plane log type", CONTROL_PLANE_LOG_TYPES.join(", "));
    }
    if (!logTypes.includes("audit"))
        r.issue(key("eksLogTypes"), JSON.stringify(logTypes), "the audit log is always on", "a list that includes audit");
    if (context.production && CONTROL_PLANE_LOG_TYPES.some((t) => !logTypes.includes(t))) {
        r.issue(key("eksLogTypes"), JSON.stringify(logTypes), "prd keeps every control-plane log", CONTROL_PLANE_LOG_TYPES.join(", "));
    }
    const partition = partitionOfRegion(context.region);
    const checkPrincipal = (name: string, arn: string) => {
        const match = IAM_PRINCIPAL_ARN_PATTERN.exec(arn);
        if (!match) {
            const sts = /^arn:aws[a-z-]*:sts::[0-9]{12}:assumed-role\/([^/]+)\//.exec(arn);
            r.issue(
                key(name),
                arn,
                sts ? `an STS session ARN is not an IAM principal (use the role it assumed: ${sts[1]})` : "not an IAM role or user ARN",
                `arn:${partition}:iam::<account>:role/<name> or arn:${partition}:iam::<account>:user/<name>`,
            );
        } else if (!r.hasIssue("aws:region") && match[1] !== partition) {
            r.issue(key(name), arn, `the partition ${match[1]} is not the one of ${context.region}`, `arn:${partition}:iam::...`);
        }
    };
    const adminPrincipals = r.stringArray("eksAdminPrincipals");
    for (const arn of adminPrincipals) checkPrincipal("eksAdminPrincipals", arn);
    r.noDuplicates("eksAdminPrincipals", adminPrincipals);
    // The Kubernetes provider authenticates as whoever runs `pulumi up`; that identity needs an
    // access entry the program itself declares, or the first Kubernetes object is refused.
    const deployRoleArn = r.string(key("eksDeployRoleArn"), () => true, "", false);
    if (eksEnabled && deployRoleArn === "") {
        r.issue(
            key("eksDeployRoleArn"),
            "(unset)",
            "required with EKS: the identity that runs `pulumi up` must be able to reach the Kubernetes API",
            `the deploy role's ARN, arn:${partition}:iam::<account>:role/<name>`,
        );
    } else if (deployRoleArn !== "") {
        checkPrincipal("eksDeployRoleArn", deployRoleArn);
    }
    const previewRoleArn = r.string(key("eksPreviewRoleArn"), () => true, "", false);
    if (previewRoleArn !== "") checkPrincipal("eksPreviewRoleArn", previewRoleArn);
    if (previewRoleArn !== "" && previewRoleArn === deployRoleArn) {
        r.issue(
            key("eksPreviewRoleArn"),
            previewRoleArn,
            "the preview role is the deploy role: previews would run with cluster-admin",
            "a separate, read-only role, or empty",
        );
    }
    const apiAccessSecurityGroupIds = r.stringArray("eksApiAccessSecurityGroupIds");
    for (const id of apiAccessSecurityGroupIds) {
        if (!SECURITY_GROUP_ID.test(id))
            r.issue(key("eksApiAccessSecurityGroupIds"), id, "not a security group id", "sg- followed by 8 or 17 hex digits");
    }
    r.noDuplicates("eksApiAccessSecurityGroupIds", apiAccessSecurityGroupIds);
    const apiAccessCidrs = r.stringArray("eksApiAccessCidrs");
    for (const cidr of apiAccessCidrs) {
        const parsed = parseIpv4Cidr(cidr);
        if (typeof parsed === "string") {
            r.issue(key("eksApiAccessCidrs"), cidr, parsed, "IPv4 CIDRs of private networks (a VPN, a peered VPC)");
        } else if (!isPrivateCidr(parsed)) {
            // The private endpoint is only reachable from inside AWS's network; a public range here
            // would only widen the cluster security group.
            r.issue(
                key("eksApiAccessCidrs"),
                cidr,
                "not inside private address space: the private API endpoint is reached from a VPN or a peered network, never the internet",
                `CIDRs inside ${PRIVATE_IPV4_RANGES.join(", ")}`,
            );
        }
    }
    r.noDuplicates("eksApiAccessCidrs", apiAccessCidrs);
    const supportType = r.oneOf("eksSupportType", EKS_SUPPORT_TYPES) as EksSettings["supportType"];

    const addonVersions = r.stringMap("eksAddonVersions");
    for (const [addon, version] of Object.entries(addonVersions)) {
        if (!(MANAGED_ADDONS as readonly string[]).includes(addon))
            r.issue(key("eksAddonVersions"), addon, "not a managed add-on of this platform", MANAGED_ADDONS.join(", "));
        if (!ADDON_VERSION.test(version))
            r.issue(
                key("eksAddonVersions"),
                `${addon}: ${version}`,
                "not an add-on version",
                "v<major>.<minor>.<patch>-eksbuild.<n>, e.g. v1.19.2-eksbuild.1",
            );
    }

    const kubelet = {
        imageGcHighThresholdPercent: r.integer("eksImageGcHighPercent", (v) => v >= 1 && v <= 100, "1..100"),
        imageGcLowThresholdPercent: r.integer("eksImageGcLowPercent", (v) => v >= 0 && v <= 99, "0..99"),
        shutdownGracePeriodSeconds: r.integer("eksShutdownGracePeriodSeconds", (v) => v >= 0 && v <= 3600, "0..3600"),
        shutdownGracePeriodCriticalPodsSeconds: r.integer(
            "eksShutdownGracePeriodCriticalPodsSeconds",
            (v) => v >= 0 && v <= 3600,
            "0..3600",
        ),
    };
    if (kubelet.imageGcLowThresholdPercent >= kubelet.imageGcHighThresholdPercent) {
        r.issue(
            key("eksImageGcLowPercent"),
            String(kubelet.imageGcLowThresholdPercent),
            "the low threshold must be below the high one",
            `below eksImageGcHighPercent (${kubelet.imageGcHighThresholdPercent})`,
        );
    }
    if (kubelet.shutdownGracePeriodCriticalPodsSeconds > kubelet.shutdownGracePeriodSeconds) {
        r.issue(
            key("eksShutdownGracePeriodCriticalPodsSeconds"),
            String(kubelet.shutdownGracePeriodCriticalPodsSeconds),
            "critical pods' share cannot exceed the whole shutdown grace period",
            `at most eksShutdownGracePeriodSeconds (${kubelet.shutdownGracePeriodSeconds})`,
        );
    }

    const nodeGroups = readNodeGroups(r, nodeInstanceTypes);
    const fargateProfiles = readFargateProfiles(r);
    if (eksEnabled && nodeGroups.length === 0 && fargateProfiles.length === 0) {
        r.issue(key("eksNodeGroups"), "[]", "a cluster needs somewhere to run pods", "at least one node group or one Fargate profile");
    }

    return {
        enabled: eksEnabled,
        clusterName: clusterNameSetting === "" ? context.namePrefix : clusterNameSetting,
        kubernetesVersion,
        nodeInstanceTypes,
        publicAccessCidrs,
        logTypes: logTypes as ControlPlaneLogType[],
        adminPrincipals,
        deployRoleArn: deployRoleArn || undefined,
        previewRoleArn: previewRoleArn || undefined,
        apiAccessSecurityGroupIds,
        apiAccessCidrs,
        supportType,
        addonVersions,
        kubelet,
        nodeGroups,
        fargateProfiles,
    };
}

const NON_NEGATIVE: FieldMessage = { problem: "not a non-negative integer", allowed: "an integer >= 0" };
const STRING_MAP: FieldMessage = { problem: "not a map of strings", allowed: "key: value pairs" };

function readNodeGroups(r: ConfigReader, defaultInstanceTypes: readonly string[]): NodeGroupSettings[] {
    const names = new Set<string>();
    return r.mapList("eksNodeGroups", EKS_NODE_GROUP_SHAPE).map((item) => {
        const raw = item.raw;
        item.unknownFields("unknown node group setting");
        const name =
            item.read(
                "name",
                {
                    problem: "invalid node group name",
                    allowed: `1-${MAX_NODE_GROUP_NAME} of a-z 0-9 -, starting with a letter or digit (EKS allows 63; the rest is the unique suffix that lets a replacement start before the old group is drained)`,
                },
                { valid: (n) => NAME.test(n) && n.length <= MAX_NODE_GROUP_NAME },
            ) ?? String(raw.name ?? "");
        if (names.has(name)) item.bad("name", name, `duplicate node group "${name}"`, "unique names");
        names.add(name);
        const instanceTypes =
            item.read(
                "instanceTypes",
                { problem: "not a list of EC2 instance types", allowed: "e.g. [m7i.large, m6i.large]" },
                {
                    fallback: [...defaultInstanceTypes],
                    invalid: [],
                    valid: (types) => types.length > 0 && types.every((t) => EC2_INSTANCE_TYPE_PATTERN.test(t)),
                },
            ) ?? [];
        const capacityType =
            item.read("capacityType", { problem: "unknown capacity type", allowed: CAPACITY_TYPES.join(" | ") }) ?? "ON_DEMAND";
        const amiType =
            item.read("amiType", {
                problem: "unsupported AMI type (user data here is an AL2023 nodeadm NodeConfig)",
                allowed: AMI_TYPES.join(" | "),
            }) ?? AMI_TYPES[0];
        const minSize = item.read("minSize", NON_NEGATIVE, { invalid: 0 }) ?? 0;
        const desiredSize = item.read("desiredSize", NON_NEGATIVE, { fallback: minSize, invalid: 0 }) ?? 0;
        const maxSize = item.read("maxSize", NON_NEGATIVE, { fallback: Math.max(desiredSize, 1), invalid: 0 }) ?? 0;
        if (!(minSize <= desiredSize && desiredSize <= maxSize) || maxSize < 1) {
            item.bad(
                "desiredSize",
                { minSize, desiredSize, maxSize },
                "sizes out of order",
                "0 <= minSize <= desiredSize <= maxSize, maxSize >= 1",
            );
        }
        const diskSizeGiB = item.read("diskSizeGiB", NON_NEGATIVE, { invalid: 0 }) ?? 0;
        if (diskSizeGiB < 20 || diskSizeGiB > 16384) item.bad("diskSizeGiB", diskSizeGiB, "root volume size out of range", "20..16384");
        const maxUnavailable = item.read("maxUnavailable", NON_NEGATIVE, { invalid: 0 }) ?? 0;
        if (maxUnavailable < 1 || maxUnavailable > 100) item.bad("maxUnavailable", maxUnavailable, "out of range", "1..100");
        const metadataHopLimit = item.read("metadataHopLimit", NON_NEGATIVE, { invalid: 0 }) ?? 0;
        if (metadataHopLimit < 1 || metadataHopLimit > 64)
            item.bad("metadataHopLimit", metadataHopLimit, "out of range", "1..64 (1 unless pods must reach IMDS)");
        const labels = item.read("labels", STRING_MAP, { invalid: undefined });
        for (const [k, v] of Object.entries(labels ?? {})) {
            if (!LABEL_KEY.test(k) || !LABEL_VALUE.test(v))
                item.bad("labels", { [k]: v }, "not a valid Kubernetes label", "[prefix/]name: value, 63 characters each at most");
        }
        const taints = item
            .list("taints", EKS_TAINT_SHAPE, { problem: "not a list", allowed: "a list of {key, value, effect}" })
            .map((taint) => {
                const effect = taint.read("effect", {
                    problem: "not a taint effect Kubernetes accepts",
                    allowed: TAINT_EFFECT_NAMES.join(" | "),
                });
                const taintKey =
                    taint.read(
                        "key",
                        { problem: "not a valid taint key", allowed: "[prefix/]name" },
                        { valid: (k) => LABEL_KEY.test(k) },
                    ) ?? String(taint.raw.key);
                const value = taint.read(
                    "value",
                    { problem: "not a valid taint value", allowed: "63 characters of A-Z a-z 0-9 - _ ." },
                    { valid: (v) => LABEL_VALUE.test(v) },
                );
                return { key: taintKey, value, effect: effect ? TAINT_EFFECTS[effect] : "NO_SCHEDULE" };
            });
        return {
            name,
            instanceTypes,
            capacityType,
            amiType,
            minSize,
            desiredSize,
            maxSize,
            diskSizeGiB,
            maxUnavailable,
            metadataHopLimit,
            labels: labels ?? {},
            taints,
        };
    });
}

function readFargateProfiles(r: ConfigReader): FargateProfileSettings[] {
    const names = new Set<string>();
    return r.mapList("eksFargateProfiles", EKS_FARGATE_PROFILE_SHAPE).map((item) => {
        const raw = item.raw;
        item.unknownFields("unknown Fargate profile setting");
        const name =
            item.read(
                "name",
                { problem: "invalid profile name", allowed: "1-63 of a-z 0-9 -, starting with a letter or digit" },
                { valid: (n) => NAME.test(n) },
            ) ?? String(raw.name ?? "");
        if (names.has(name)) item.bad("name", name, `duplicate Fargate profile "${name}"`, "unique names");
        names.add(name);
        // Anything but a list counts as no selectors.
        const selectorItems = item.list("selectors", EKS_FARGATE_SELECTOR_SHAPE, null);
        if (selectorItems.length === 0)
            item.bad("selectors", raw.selectors, "a profile needs at least one selector", "a list of {namespace, labels}");
        if (selectorItems.length > MAX_FARGATE_SELECTORS)
            item.bad(
                "selectors",
                `${selectorItems.length} selectors`,
                "too many selectors",
                `at most ${MAX_FARGATE_SELECTORS} per profile`,
            );
        const selectors = selectorItems.map((selector) => {
            const namespace =
                selector.read("namespace", { problem: "a selector needs a namespace", allowed: "a Kubernetes namespace name" }) ??
                String(selector.raw.namespace ?? "");
            const labels = selector.read("labels", STRING_MAP, { invalid: undefined });
            return { namespace, ...(labels && Object.keys(labels).length > 0 ? { labels } : {}) };
        });
        return { name, selectors };
    });
}
