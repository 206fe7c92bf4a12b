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

// Rows are added by the components that install them (keyed by what they install).
export const HELM_CHARTS = {
    awsLoadBalancerController: {
        chart: "aws-load-balancer-controller",
        repository: "https://aws.github.io/eks-charts",
        version: "3.5.0",
        appVersion: "v3.5.0",
        source: "helm/aws-load-balancer-controller/Chart.yaml of kubernetes-sigs/aws-load-balancer-controller at tag v3.5.0 (published to aws/eks-charts)",
    },
} as const satisfies Readonly<Record<string, PinnedChart>>;
