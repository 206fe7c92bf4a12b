// Every Helm chart the platform installs goes through here, so each is pinned the same way: an
// exact chart version from a dated table (lib/helm-charts.ts), a fixed release name (object names
// the chart derives stay stable across runs), atomic installs (a failed upgrade rolls back instead
// of leaving a half-applied release), and a bounded history.

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PinnedChart } from "../../lib/helm-charts";

export interface PlatformReleaseArgs {
    readonly chart: PinnedChart;
    /** The release name; also the name most charts give their objects. */
    readonly releaseName: string;
    readonly namespace: pulumi.Input<string>;
    readonly values: pulumi.Input<Record<string, unknown>>;
    readonly provider: k8s.Provider;
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
    /** Seconds Helm waits for the release's workloads to become ready. */
    readonly timeoutSeconds?: number;
}

/** Seconds Helm waits by default: long enough for a node or a Fargate pod to come up for the first pods. */
export const RELEASE_TIMEOUT_SECONDS = 900;
/** Helm keeps this many revisions as Secrets in the release namespace. */
export const RELEASE_MAX_HISTORY = 5;

export function platformRelease(name: string, args: PlatformReleaseArgs, parent: pulumi.Resource): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(
        name,
        {
            name: args.releaseName,
            chart: args.chart.chart,
            version: args.chart.version,
            repositoryOpts: { repo: args.chart.repository },
            namespace: args.namespace,
            createNamespace: false,
            values: args.values,
            atomic: true,
            cleanupOnFail: true,
            maxHistory: RELEASE_MAX_HISTORY,
            timeout: args.timeoutSeconds ?? RELEASE_TIMEOUT_SECONDS,
        },
        { parent, provider: args.provider, dependsOn: args.dependsOn },
    );
}
