// The Kubernetes versions EKS offers, with their support calendar: a dated table, so that an
// unknown version is refused with the list, a version past its extended support is refused, and
// a version past its standard support is flagged with what it costs.
//
// Source, as of 2026-11-23: "Amazon EKS Kubernetes release calendar",
// https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (and its source,
// github.com/awsdocs/amazon-eks-user-guide, latest/ug/versioning/kubernetes-versions.adoc).
// Dates are UTC days; billing for extended support starts at the beginning of the day standard
// support ends. A version is under standard support for 14 months from its EKS release, then
// extended support for 12 more; 1.34 to 1.36's EKS release days are those end dates less 14
// months (1.36: EKS release 2026-06-02, also reported by the release-notes page
// https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html).
// pricing/<region>.json's eksStandardSupportEnds repeats the standard-support column for the cost
// estimate; a test keeps the two equal.

export interface KubernetesVersionDates {
    /** Upstream Kubernetes release. */
    readonly upstreamRelease: string;
    /** First day EKS offers the version. */
    readonly eksRelease: string;
    /** Last day of standard support; from the next day the cluster bills extended support. */
    readonly standardSupportEnds: string;
    /** Last day of extended support; after it EKS upgrades the control plane and refuses new clusters. */
    readonly extendedSupportEnds: string;
}

export const KUBERNETES_VERSIONS_AS_OF = "2026-11-23";
export const KUBERNETES_VERSIONS_SOURCE = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html";

export const KUBERNETES_VERSIONS: Readonly<Record<string, KubernetesVersionDates>> = {
    "1.29": {
        upstreamRelease: "2023-12-13",
        eksRelease: "2024-01-23",
        standardSupportEnds: "2025-03-23",
        extendedSupportEnds: "2026-03-23",
    },
    "1.30": {
        upstreamRelease: "2024-04-17",
        eksRelease: "2024-05-23",
        standardSupportEnds: "2025-07-23",
        extendedSupportEnds: "2026-07-23",
    },
    "1.31": {
        upstreamRelease: "2024-08-13",
        eksRelease: "2024-09-26",
        standardSupportEnds: "2025-11-26",
        extendedSupportEnds: "2026-11-26",
    },
    "1.32": {
        upstreamRelease: "2024-12-11",
        eksRelease: "2025-01-23",
        standardSupportEnds: "2026-03-23",
        extendedSupportEnds: "2027-03-23",
    },
    "1.33": {
        upstreamRelease: "2025-04-23",
        eksRelease: "2025-05-29",
        standardSupportEnds: "2026-07-29",
        extendedSupportEnds: "2027-07-29",
    },
    "1.34": {
        upstreamRelease: "2025-08-27",
        eksRelease: "2025-10-02",
        standardSupportEnds: "2026-12-02",
        extendedSupportEnds: "2027-12-02",
    },
    "1.35": {
        upstreamRelease: "2025-12-17",
        eksRelease: "2026-01-27",
        standardSupportEnds: "2027-03-27",
        extendedSupportEnds: "2028-03-27",
    },
    "1.36": {
        upstreamRelease: "2026-04-22",
        eksRelease: "2026-06-02",
        standardSupportEnds: "2027-08-02",
        extendedSupportEnds: "2028-08-02",
    },
};

/**
 * What a cluster costs per hour, standard and extended support (the same list price in every
 * commercial and GovCloud region; https://aws.amazon.com/eks/pricing/, as of 2026-11-23).
 * pricing/<region>.json holds the region's own figures for the cost estimate; a test keeps the
 * Tokyo table equal to these.
 */
export const EKS_CLUSTER_HOURLY_USD = { standard: 0.1, extended: 0.6 } as const;
export const EKS_PRICING_SOURCE = "https://aws.amazon.com/eks/pricing/";
export const HOURS_PER_MONTH = 730;

export type KubernetesVersionStatus =
    | { readonly kind: "unknown" }
    | { readonly kind: "not-yet-released"; readonly dates: KubernetesVersionDates }
    | { readonly kind: "standard"; readonly dates: KubernetesVersionDates }
    | { readonly kind: "extended"; readonly dates: KubernetesVersionDates }
    | { readonly kind: "ended"; readonly dates: KubernetesVersionDates };

/** Where `version` stands on `today` (YYYY-MM-DD, UTC) in EKS's calendar. */
export function kubernetesVersionStatus(version: string, today: string): KubernetesVersionStatus {
    const dates = Object.prototype.hasOwnProperty.call(KUBERNETES_VERSIONS, version) ? KUBERNETES_VERSIONS[version] : undefined;
    if (!dates) return { kind: "unknown" };
    if (today < dates.eksRelease) return { kind: "not-yet-released", dates };
    if (today <= dates.standardSupportEnds) return { kind: "standard", dates };
    if (today <= dates.extendedSupportEnds) return { kind: "extended", dates };
    return { kind: "ended", dates };
}

/** The versions EKS offers on `today`, oldest first: what a new cluster may be created with. */
export function offeredKubernetesVersions(today: string): string[] {
    return Object.keys(KUBERNETES_VERSIONS)
        .filter((v) => {
            const kind = kubernetesVersionStatus(v, today).kind;
            return kind === "standard" || kind === "extended";
        })
        .sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));
}

/** Extra monthly cost of one cluster in extended support, in USD. */
export function extendedSupportSurchargePerMonth(): number {
    return Math.round((EKS_CLUSTER_HOURLY_USD.extended - EKS_CLUSTER_HOURLY_USD.standard) * HOURS_PER_MONTH * 100) / 100;
}
