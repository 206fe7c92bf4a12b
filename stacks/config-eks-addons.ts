// EKS add-on settings (keys in ./schema-eks-addons.ts): read and validated with the rest of the
// EKS config by ./config-eks.ts.

import { EksAddonSettings, PodSecurityLevel, VpcCniSettings } from "../components/eks/addons";
import { partitionOfRegion } from "../lib/aws-facts";
import { arnPlacementProblem, parseArn } from "../lib/arns";
import { ConfigReader, key } from "./config-reader";
import { CNI_TARGET_UNSET, COREDNS_SPREADS, POD_SECURITY_LEVELS, STORAGE_RECLAIM_POLICIES } from "./schema-eks-addons";

/** Above this a warm pool holds more addresses than any instance type can attach. */
export const MAX_CNI_TARGET = 1000;
export const MAX_COREDNS_REPLICAS = 10;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/;
/** How much each level admits, least first. */
const STRICTNESS: Readonly<Record<PodSecurityLevel, number>> = { privileged: 0, baseline: 1, restricted: 2 };

export function readEksAddonSettings(
    r: ConfigReader,
    context: { production: boolean; region: string; withNodes: boolean; withFargateOnly: boolean },
): EksAddonSettings {
    const target = (name: string): number | undefined => {
        const value = r.integer(
            name,
            (v) => v === CNI_TARGET_UNSET || (v >= 0 && v <= MAX_CNI_TARGET),
            `-1 (unset) or 0..${MAX_CNI_TARGET}`,
        );
        return value === CNI_TARGET_UNSET ? undefined : value;
    };
    const vpcCni: VpcCniSettings = {
        networkPolicy: r.boolean("eksVpcCniNetworkPolicy"),
        policyEventLogs: r.boolean("eksVpcCniPolicyEventLogs"),
        prefixDelegation: r.boolean("eksVpcCniPrefixDelegation"),
        externalSnat: r.boolean("eksVpcCniExternalSnat"),
        warmEniTarget: target("eksVpcCniWarmEniTarget"),
        warmIpTarget: target("eksVpcCniWarmIpTarget"),
        minimumIpTarget: target("eksVpcCniMinimumIpTarget"),
        warmPrefixTarget: target("eksVpcCniWarmPrefixTarget"),
    };
    checkVpcCni(r, vpcCni);

    const minReplicas = context.production ? 2 : 1;
    const replicaCount = r.integer(
        "eksCoreDnsReplicas",
        (v) => v >= minReplicas && v <= MAX_COREDNS_REPLICAS,
        `${minReplicas}..${MAX_COREDNS_REPLICAS}${context.production ? " (prd keeps DNS up through a node's loss)" : ""}`,
    );
    const spread = r.oneOf("eksCoreDnsSpread", COREDNS_SPREADS) as EksAddonSettings["coreDns"]["spread"];

    const kmsKeyArn = r.string(
        key("eksStorageKmsKeyArn"),
        (v) => v === "" || KMS_KEY_ARN.test(v),
        "empty, or arn:<partition>:kms:<region>:<account>:key/<key id>",
        false,
    );
    const parsedKey = kmsKeyArn ? parseArn(kmsKeyArn) : undefined;
    const keyProblem =
        parsedKey && arnPlacementProblem(parsedKey, { region: context.region, partition: partitionOfRegion(context.region) }, true);
    // EBS uses a key of the volume's own region only.
    if (keyProblem) r.issue(key("eksStorageKmsKeyArn"), kmsKeyArn, keyProblem, "a KMS key in the stack's region and partition");
    const efsCsiDriver = r.boolean("eksEfsCsiDriver");
    // Only where the cluster otherwise has somewhere to run pods: without either, that is the problem to report.
    if (efsCsiDriver && context.withFargateOnly)
        r.issue(
            key("eksEfsCsiDriver"),
            "true",
            "the EFS CSI driver's node plugin runs on EC2 nodes; Fargate mounts EFS by itself",
            "false without node groups",
        );

    const level = (name: string) => r.oneOf(name, POD_SECURITY_LEVELS) as PodSecurityLevel;
    const podSecurity = { enforce: level("eksPodSecurityEnforce"), audit: level("eksPodSecurityAudit"), warn: level("eksPodSecurityWarn") };
    for (const mode of ["audit", "warn"] as const) {
        const name = mode === "audit" ? "eksPodSecurityAudit" : "eksPodSecurityWarn";
        if (!r.hasIssue(key(name), key("eksPodSecurityEnforce")) && STRICTNESS[podSecurity[mode]] < STRICTNESS[podSecurity.enforce])
            r.issue(
                key(name),
                podSecurity[mode],
                `looser than eksPodSecurityEnforce (${podSecurity.enforce}): it would never report anything enforce does not already refuse`,
                POD_SECURITY_LEVELS.filter((l) => STRICTNESS[l] >= STRICTNESS[podSecurity.enforce]).join(", "),
            );
    }

    return {
        metricsServer: r.boolean("eksMetricsServer"),
        vpcCni,
        coreDns: { replicaCount, spread },
        storage: {
            defaultClass: r.boolean("eksDefaultStorageClass"),
            reclaimPolicy: r.oneOf("eksStorageReclaimPolicy", STORAGE_RECLAIM_POLICIES) as EksAddonSettings["storage"]["reclaimPolicy"],
            kmsKeyArn,
            efsCsiDriver,
        },
        podSecurity,
    };
}

/** Combinations the VPC CNI refuses or silently ignores (docs/prefix-and-ip-target.md of amazon-vpc-cni-k8s). */
function checkVpcCni(r: ConfigReader, s: VpcCniSettings): void {
    if (s.policyEventLogs && !s.networkPolicy)
        r.issue(
            key("eksVpcCniPolicyEventLogs"),
            "true",
            "there is no node agent to log without network policy",
            "false, or eksVpcCniNetworkPolicy: true",
        );
    if (s.prefixDelegation) {
        // Zero warm targets leave IPAMD no warm prefix: the CNI does not support it with prefix delegation.
        if (s.warmPrefixTarget === 0 && s.warmIpTarget === undefined && s.minimumIpTarget === undefined)
            r.issue(
                key("eksVpcCniWarmPrefixTarget"),
                "0",
                "with prefix delegation a zero warm prefix target is not supported",
                "1 or more, or -1 (the add-on's default of 1)",
            );
        if (s.warmIpTarget === 0 && s.minimumIpTarget === 0)
            r.issue(
                key("eksVpcCniWarmIpTarget"),
                "0",
                "with prefix delegation zero warm and minimum IP targets are not supported",
                "1 or more, or -1 (unset)",
            );
        // WARM_IP_TARGET / MINIMUM_IP_TARGET override WARM_PREFIX_TARGET: setting both says two things.
        if (s.warmPrefixTarget !== undefined && (s.warmIpTarget !== undefined || s.minimumIpTarget !== undefined))
            r.issue(
                key("eksVpcCniWarmPrefixTarget"),
                String(s.warmPrefixTarget),
                "ignored: eksVpcCniWarmIpTarget / eksVpcCniMinimumIpTarget override it",
                "-1 when an IP target is set, or unset the IP targets",
            );
        // A prefix is the unit of allocation: a whole spare ENI of prefixes is a warm pool of hundreds of IPs.
        if (s.warmEniTarget !== undefined)
            r.issue(
                key("eksVpcCniWarmEniTarget"),
                String(s.warmEniTarget),
                "with prefix delegation the warm pool is sized in prefixes or IPs, not whole ENIs",
                "-1 with eksVpcCniPrefixDelegation: true (use eksVpcCniWarmPrefixTarget or eksVpcCniWarmIpTarget)",
            );
    } else if (s.warmPrefixTarget !== undefined) {
        r.issue(
            key("eksVpcCniWarmPrefixTarget"),
            String(s.warmPrefixTarget),
            "prefix targets apply only with prefix delegation",
            "-1, or eksVpcCniPrefixDelegation: true",
        );
    }
}
