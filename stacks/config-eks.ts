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
import { arnPlacementProblem, iamPrincipalKey, parseArn } from "../lib/arns";
import { AWS_QUOTAS, overQuota, quotaText } from "../lib/aws-quotas";
import { addressRangeOf, describeReach, formatCidr, isPrivateCidr, parseIpv4Cidr, PRIVATE_IPV4_RANGES, publicReach } from "../lib/cidr";
import { architectureOf, architectureOfAmiType } from "../lib/instance-types";
import {
    KUBERNETES_VERSIONS_AS_OF,
    kubernetesVersionStatus,
    offeredKubernetesVersions,
    extendedSupportSurchargePerMonth,
} from "../lib/kubernetes-versions";
import { NAME_RULES } from "../lib/names";
import { SECRETS_STORE_ADDON } from "../components/eks/secrets-store";
import { ConfigReader, FieldMessage, key } from "./config-reader";
import { readEksAddonSettings } from "./config-eks-addons";
import { readEksAutoscaling } from "./config-eks-autoscaling";
import { EksSettings } from "./environment";
import {
    AMI_TYPES,
    CAPACITY_TYPES,
    EKS_FARGATE_PROFILE_SHAPE,
    EKS_FARGATE_SELECTOR_SHAPE,
    EKS_NODE_GROUP_SHAPE,
    EKS_SUPPORT_TYPES,
    LOAD_BALANCER_CONTROLLER_MODES,
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
/** EKS node group and Fargate profile names: alphanumerics, - and _, starting alphanumeric (CreateNodegroup, CreateFargateProfile). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
/** A Fargate selector's namespace: a Kubernetes namespace name, where EKS also takes * and ? wildcards (https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html#fargate-profile-wildcards). */
const SELECTOR_NAMESPACE = /^(?=.{1,63}$)[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$/;
/** A selector label key or value may carry the same wildcards. */
const SELECTOR_LABEL_KEY =
    /^([a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?(\.[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?)*\/)?[A-Za-z0-9*?]([-A-Za-z0-9_.*?]{0,61}[A-Za-z0-9*?])?$/;
const SELECTOR_LABEL_VALUE = /^([A-Za-z0-9*?]([-A-Za-z0-9_.*?]{0,61}[A-Za-z0-9*?])?)?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const ADDON_VERSION = /^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$/;
/** Kubernetes' taint effects, and the names the EKS API gives them. */
export const TAINT_EFFECTS: Readonly<Record<(typeof TAINT_EFFECT_NAMES)[number], TaintEffect>> = {
    NoSchedule: "NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
};
export const MANAGED_ADDONS = [
    "vpc-cni",
    "coredns",
    "kube-proxy",
    "aws-ebs-csi-driver",
    "eks-pod-identity-agent",
    "metrics-server",
    "aws-efs-csi-driver",
    SECRETS_STORE_ADDON,
] as const;
/** EKS allows at most 5 selectors per Fargate profile (lib/aws-quotas.ts). */
export const MAX_FARGATE_SELECTORS = AWS_QUOTAS.eksFargateSelectors.value;
/** The profile the platform adds for CoreDNS when there are no node groups. */
export const COREDNS_PROFILE = "coredns";

export function readEksSettings(
    r: ConfigReader,
    context: { namePrefix: string; production: boolean; region: string; today: string },
): EksSettings {
    const eksEnabled = r.boolean("eksEnabled");
    const clusterNameSetting = r.string(
        key("eksClusterName"),
        (v) => v === "" || EKS_CLUSTER_NAME_PATTERN.test(v),
        "empty, or 1-100 of A-Z a-z 0-9 - _ starting with a letter or digit",
    );
    const offered = offeredKubernetesVersions(context.today);
    const versionsAllowed = `"1.<minor>" that EKS offers on ${context.today}: ${offered.join(", ")} (lib/kubernetes-versions.ts, as of ${KUBERNETES_VERSIONS_AS_OF})`;
    const kubernetesVersion = r.string(key("kubernetesVersion"), (v) => KUBERNETES_VERSION_PATTERN.test(v), versionsAllowed);
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
            const ipv6 = addressRangeOf(cidr, { lenient: true })?.family === 6;
            r.issue(
                key("eksPublicAccessCidrs"),
                cidr,
                ipv6 ? "an IPv6 CIDR: the cluster's public endpoint takes IPv4 CIDRs only" : parsed,
                "IPv4 CIDRs of the networks that may reach the API server",
            );
        }
    }
    duplicateNetworks(r, "eksPublicAccessCidrs", publicAccessCidrs);
    const tooManyCidrs = overQuota("eksPublicAccessCidrs", publicAccessCidrs.length, "CIDRs");
    if (tooManyCidrs)
        r.issue(key("eksPublicAccessCidrs"), `${publicAccessCidrs.length} CIDRs`, tooManyCidrs, quotaText("eksPublicAccessCidrs"));
    // Open is a question of how much of the internet the list admits, not of one literal 0.0.0.0/0:
    // each CIDR that is the internet by itself is named, else the list when only together they are.
    if (context.production) {
        const valid = publicAccessCidrs.filter((c) => typeof parseIpv4Cidr(c) !== "string");
        const allowedInPrd =
            "[] (private endpoint only) or specific CIDRs in prd, admitting less than a /8's worth (2^24) of public addresses together";
        const wide = valid.filter((c) => publicReach([c]).internetWide);
        for (const cidr of wide)
            r.issue(
                key("eksPublicAccessCidrs"),
                cidr,
                `prd never exposes the Kubernetes API to the whole internet: ${cidr} admits ${describeReach(publicReach([cidr]))}`,
                allowedInPrd,
            );
        const reach = publicReach(valid);
        if (wide.length === 0 && reach.internetWide)
            r.issue(
                key("eksPublicAccessCidrs"),
                JSON.stringify(publicAccessCidrs),
                `prd never exposes the Kubernetes API to the whole internet: together these CIDRs admit ${describeReach(reach)}`,
                allowedInPrd,
            );
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
        } else if (!r.hasIssue("aws:region")) {
            const parsed = parseArn(arn);
            const problem = parsed && arnPlacementProblem(parsed, { region: context.region, partition });
            if (problem) r.issue(key(name), arn, problem, `arn:${partition}:iam::...`);
        }
    };
    const adminPrincipals = r.stringArray("eksAdminPrincipals");
    for (const arn of adminPrincipals) checkPrincipal("eksAdminPrincipals", arn);
    // IAM names ignore case and path: two spellings of one role would be two access entries for one principal.
    const principalsSeen = new Map<string, string>();
    for (const arn of adminPrincipals) {
        const id = iamPrincipalKey(arn) ?? arn;
        const first = principalsSeen.get(id);
        if (first !== undefined)
            r.issue(
                key("eksAdminPrincipals"),
                arn,
                first === arn ? `"${arn}" is listed twice` : `the same IAM principal as ${first} (IAM names ignore case and path)`,
                "each principal once",
            );
        else principalsSeen.set(id, arn);
    }
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
    if (
        previewRoleArn !== "" &&
        deployRoleArn !== "" &&
        (iamPrincipalKey(previewRoleArn) ?? previewRoleArn) === (iamPrincipalKey(deployRoleArn) ?? deployRoleArn)
    ) {
        r.issue(
            key("eksPreviewRoleArn"),
            previewRoleArn,
            "the preview role is the deploy role: previews would run with cluster-admin",
            "a separate, read-only role, or empty",
        );
    }
    for (const [name, arn] of [
        ["eksDeployRoleArn", deployRoleArn],
        ["eksPreviewRoleArn", previewRoleArn],
    ] as const) {
        const id = arn === "" ? undefined : iamPrincipalKey(arn);
        const admin = id === undefined ? undefined : adminPrincipals.find((a) => a !== arn && iamPrincipalKey(a) === id);
        if (admin !== undefined)
            r.issue(
                key(name),
                arn,
                `the same IAM principal as ${admin} in eksAdminPrincipals, spelled differently (IAM names ignore case and path): EKS would get two access entries for one principal`,
                "the same ARN text in both places, or the principal in one of them",
            );
    }
    const accessEntries = new Set(
        [...adminPrincipals, deployRoleArn, previewRoleArn].filter((a) => a !== "").map((a) => iamPrincipalKey(a) ?? a),
    ).size;
    const tooManyEntries = overQuota("eksAccessEntries", accessEntries, "access entries");
    if (tooManyEntries)
        r.issue(key("eksAdminPrincipals"), `${adminPrincipals.length} principals`, tooManyEntries, quotaText("eksAccessEntries"));
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
    duplicateNetworks(r, "eksApiAccessCidrs", apiAccessCidrs);
    // Each admitted group or CIDR is one inbound rule on the cluster security group, next to EKS's
    // own rule and the deploy runner's.
    const clusterSgRules = apiAccessSecurityGroupIds.length + apiAccessCidrs.length + 2;
    const tooManyRules = overQuota(
        "securityGroupInboundRules",
        clusterSgRules,
        "inbound rules on the cluster security group (these, EKS's own and the deploy runner's)",
    );
    if (tooManyRules)
        r.issue(
            key("eksApiAccessCidrs"),
            `${apiAccessSecurityGroupIds.length} groups + ${apiAccessCidrs.length} CIDRs`,
            tooManyRules,
            quotaText("securityGroupInboundRules"),
        );
    const supportType = r.oneOf("eksSupportType", EKS_SUPPORT_TYPES) as EksSettings["supportType"];
    if (!r.hasIssue(key("kubernetesVersion"))) checkKubernetesVersion(r, kubernetesVersion, supportType, context.today, versionsAllowed);

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
    const tooManyGroups = overQuota("eksManagedNodeGroups", nodeGroups.length, "node groups");
    if (tooManyGroups) r.issue(key("eksNodeGroups"), `${nodeGroups.length} node groups`, tooManyGroups, quotaText("eksManagedNodeGroups"));
    // Without node groups the platform adds a profile of its own for CoreDNS, which counts too.
    const addsCoreDns = nodeGroups.length === 0;
    if (addsCoreDns && fargateProfiles.some((p) => p.name.toLowerCase() === COREDNS_PROFILE))
        r.issue(
            key("eksFargateProfiles"),
            COREDNS_PROFILE,
            `without node groups the platform adds its own "${COREDNS_PROFILE}" profile for CoreDNS`,
            "another profile name",
        );
    const profileCount = fargateProfiles.length + (addsCoreDns && fargateProfiles.length > 0 ? 1 : 0);
    const tooManyProfiles = overQuota(
        "eksFargateProfiles",
        profileCount,
        addsCoreDns ? "Fargate profiles (with the platform's coredns profile)" : "Fargate profiles",
    );
    if (tooManyProfiles)
        r.issue(key("eksFargateProfiles"), `${fargateProfiles.length} profiles`, tooManyProfiles, quotaText("eksFargateProfiles"));

    const controllerMode = r.oneOf("eksLoadBalancerController", LOAD_BALANCER_CONTROLLER_MODES);
    if (eksEnabled && controllerMode === "on" && nodeGroups.length === 0) {
        r.issue(
            key("eksLoadBalancerController"),
            controllerMode,
            "the controller's pods run on the node groups, and this cluster has none",
            "auto or off without node groups, or add a node group",
        );
    }

    const autoscaling = readEksAutoscaling(r, { enabled: eksEnabled, namePrefix: context.namePrefix, kubernetesVersion, nodeGroups });

    return {
        enabled: eksEnabled,
        ...autoscaling,
        loadBalancerController: controllerMode === "on" || (controllerMode === "auto" && nodeGroups.length > 0),
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
        addons: readEksAddonSettings(r, {
            production: context.production,
            region: context.region,
            withNodes: nodeGroups.length > 0,
            withFargateOnly: eksEnabled && nodeGroups.length === 0 && fargateProfiles.length > 0,
        }),
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
                    allowed: `1-${MAX_NODE_GROUP_NAME} of A-Z a-z 0-9 - _, starting with a letter or digit (EKS allows 63; the rest is the unique suffix that lets a replacement start before the old group is drained)`,
                },
                { valid: (n) => NAME.test(n) && n.length <= MAX_NODE_GROUP_NAME },
            ) ?? String(raw.name ?? "");
        // Names that differ only in case name one launch template prefix and one group to the eye.
        if (names.has(name.toLowerCase())) item.bad("name", name, `duplicate node group "${name}"`, "unique names (case aside)");
        names.add(name.toLowerCase());
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
        // EKS refuses a group whose AMI boots another architecture than any of its instance types.
        const amiArchitecture = architectureOfAmiType(amiType);
        const mismatched = instanceTypes.filter((t) => EC2_INSTANCE_TYPE_PATTERN.test(t) && architectureOf(t) !== amiArchitecture);
        if (mismatched.length > 0)
            item.bad(
                "instanceTypes",
                mismatched,
                `${mismatched.map((t) => `${t} is ${architectureOf(t)}`).join(", ")}, but ${amiType} boots ${amiArchitecture}`,
                amiArchitecture === "arm64"
                    ? "Graviton instance types (m7g, c7g, r8g, t4g, ...) with AL2023_ARM_64_STANDARD, or amiType AL2023_x86_64_STANDARD"
                    : "x86_64 instance types (m7i, c7a, r6i, t3, ...) with AL2023_x86_64_STANDARD, or amiType AL2023_ARM_64_STANDARD",
            );
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
        const tooManyNodes = overQuota("eksNodesPerNodeGroup", maxSize, "nodes at most");
        if (tooManyNodes) item.bad("maxSize", maxSize, tooManyNodes, quotaText("eksNodesPerNodeGroup"));
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
        const tooManyTaints = overQuota("eksTaintsPerNodeGroup", taints.length, "taints");
        if (tooManyTaints) item.bad("taints", `${taints.length} taints`, tooManyTaints, quotaText("eksTaintsPerNodeGroup"));
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
                { problem: "invalid profile name", allowed: "1-63 of A-Z a-z 0-9 - _, starting with a letter or digit" },
                { valid: (n) => NAME.test(n) },
            ) ?? String(raw.name ?? "");
        if (names.has(name.toLowerCase())) item.bad("name", name, `duplicate Fargate profile "${name}"`, "unique names (case aside)");
        names.add(name.toLowerCase());
        // Anything but a list counts as no selectors.
        const selectorItems = item.list("selectors", EKS_FARGATE_SELECTOR_SHAPE, null);
        if (selectorItems.length === 0)
            item.bad("selectors", raw.selectors, "a profile needs at least one selector", "a list of {namespace, labels}");
        const tooManySelectors = overQuota("eksFargateSelectors", selectorItems.length, "selectors");
        if (tooManySelectors)
            item.bad("selectors", `${selectorItems.length} selectors`, tooManySelectors, quotaText("eksFargateSelectors"));
        const selectors = selectorItems.map((selector) => {
            const namespace =
                selector.read("namespace", { problem: "a selector needs a namespace", allowed: "a Kubernetes namespace name" }) ??
                String(selector.raw.namespace ?? "");
            if (namespace !== "" && !SELECTOR_NAMESPACE.test(namespace))
                selector.bad(
                    "namespace",
                    namespace,
                    "not a namespace a selector can match",
                    "a Kubernetes namespace name (1-63 of a-z 0-9 -), where EKS also takes * and ? wildcards",
                );
            const labels = selector.read("labels", STRING_MAP, { invalid: undefined });
            for (const [k, v] of Object.entries(labels ?? {})) {
                if (!SELECTOR_LABEL_KEY.test(k) || !SELECTOR_LABEL_VALUE.test(v))
                    selector.bad(
                        "labels",
                        { [k]: v },
                        "not a Kubernetes label a selector can match",
                        "[prefix/]name: value, 63 characters each at most, * and ? as wildcards",
                    );
            }
            const tooManyLabels = overQuota("eksFargateSelectorLabels", Object.keys(labels ?? {}).length, "labels");
            if (tooManyLabels) selector.bad("labels", labels, tooManyLabels, quotaText("eksFargateSelectorLabels"));
            return { namespace, ...(labels && Object.keys(labels).length > 0 ? { labels } : {}) };
        });
        return { name, selectors };
    });
}

/**
 * kubernetesVersion against EKS's calendar (lib/kubernetes-versions.ts): unknown or not yet offered
 * versions and versions past extended support are refused; a version in extended support needs
 * eksSupportType EXTENDED (EKS cannot turn extended support off for a cluster already in it, and
 * with STANDARD it upgrades the control plane at the end of standard support). Its cost is a
 * warning (./config-warnings.ts).
 */
function checkKubernetesVersion(
    r: ConfigReader,
    version: string,
    supportType: EksSettings["supportType"],
    today: string,
    allowed: string,
): void {
    const status = kubernetesVersionStatus(version, today);
    const fullKey = key("kubernetesVersion");
    switch (status.kind) {
        case "unknown":
            r.issue(fullKey, version, "not a Kubernetes version EKS offers", allowed);
            return;
        case "not-yet-released":
            r.issue(fullKey, version, `EKS offers Kubernetes ${version} from ${status.dates.eksRelease}`, allowed);
            return;
        case "ended":
            r.issue(
                fullKey,
                version,
                `EKS support for Kubernetes ${version} ended on ${status.dates.extendedSupportEnds} (extended support included): EKS no longer creates such clusters and upgrades existing ones`,
                allowed,
            );
            return;
        case "extended":
            if (supportType === "STANDARD" && !r.hasIssue(key("eksSupportType")))
                r.issue(
                    key("eksSupportType"),
                    supportType,
                    `Kubernetes ${version} left standard support on ${status.dates.standardSupportEnds}: with STANDARD, EKS upgrades the control plane, and extended support cannot be turned off once a cluster is in it`,
                    `EXTENDED (about $${extendedSupportSurchargePerMonth()} more per month until ${status.dates.extendedSupportEnds}), or a kubernetesVersion in standard support`,
                );
            return;
        case "standard":
            return;
    }
}

/** One network listed twice, however written (010.0.0.0/8 is 10.0.0.0/8): AWS refuses the duplicate rule or range. */
function duplicateNetworks(r: ConfigReader, name: string, cidrs: readonly string[]): void {
    const seen = new Map<string, string>();
    for (const cidr of cidrs) {
        const parsed = parseIpv4Cidr(cidr);
        const id = typeof parsed === "string" ? cidr : formatCidr(parsed);
        const first = seen.get(id);
        if (first !== undefined)
            r.issue(key(name), cidr, first === cidr ? `"${cidr}" is listed twice` : `the same network as ${first}`, "each network once");
        else seen.set(id, cidr);
    }
}
