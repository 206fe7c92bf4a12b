// Helm charts the platform installs, pinned to exact versions. A dated table: each row says where
// its version was read, and the day; an upgrade is a reviewed edit here, never a floating range.

export interface PinnedChart {
    readonly chart: string;
    /** The chart repository (HTTPS index or oci:// registry). */
    readonly repository: string;
    /** Exact chart version. */
    readonly version: string;
    /** The application version the chart deploys by default (its image tag unless values override it). */
    readonly appVersion: string;
    /** Where the version was read. */
    readonly source: string;
}

/** Checked on this day. */
export const HELM_CHARTS_CHECKED = "2026-11-23";

/** Where Karpenter publishes its charts (public ECR, OCI); pulled anonymously. */
const KARPENTER_REPOSITORY = "oci://public.ecr.aws/karpenter";
/**
 * Karpenter 1.14.1 supports Kubernetes 1.30 to 1.36, every version lib/kubernetes-versions.ts lists
 * from 1.30 on (its compatibility matrix, website/content/en/docs/upgrading/compatibility.md).
 */
const KARPENTER_SOURCE =
    "https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/charts/karpenter/Chart.yaml (release v1.14.1, docs updated 2026-08-21)";

// Rows are added by the components that install them (keyed by what they install).
export const HELM_CHARTS = {
    awsLoadBalancerController: {
        chart: "aws-load-balancer-controller",
        repository: "https://aws.github.io/eks-charts",
        version: "3.5.0",
        appVersion: "v3.5.0",
        source: "helm/aws-load-balancer-controller/Chart.yaml of kubernetes-sigs/aws-load-balancer-controller at tag v3.5.0 (published to aws/eks-charts)",
    },

    // The CRDs in a chart of their own: Helm installs a chart's crds/ directory once and never
    // upgrades it, so a Karpenter upgrade would keep the old NodePool/EC2NodeClass schemas.
    karpenterCrd: {
        chart: "karpenter-crd",
        repository: KARPENTER_REPOSITORY,
        version: "1.14.1",
        appVersion: "1.14.1",
        source: KARPENTER_SOURCE.replace("charts/karpenter/", "charts/karpenter-crd/"),
    },
    karpenter: { chart: "karpenter", repository: KARPENTER_REPOSITORY, version: "1.14.1", appVersion: "1.14.1", source: KARPENTER_SOURCE },
} as const satisfies Readonly<Record<string, PinnedChart>>;

/** The Karpenter controller image the chart version ships (values.yaml controller.image), pinned by digest too. */
export const KARPENTER_CONTROLLER_IMAGE = {
    repository: "public.ecr.aws/karpenter/controller",
    tag: "1.14.1",
    digest: "sha256:723130949e4cab989461ff07d1be4cd781d63515432494641b33c235f300ae23",
} as const;

/** Karpenter's compatibility matrix: the oldest Karpenter minor for each Kubernetes minor (same source). */
export const KARPENTER_MIN_FOR_KUBERNETES: Readonly<Record<string, string>> = {
    "1.30": "0.37",
    "1.31": "1.0",
    "1.32": "1.2",
    "1.33": "1.5",
    "1.34": "1.6",
    "1.35": "1.9",
    "1.36": "1.13",
};
