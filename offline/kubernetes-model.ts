// Output models for Kubernetes objects and Helm releases. Any `kubernetes:<group>/<version>:<Kind>`
// token is an object the API server stores and returns with server-set metadata (custom resources
// such as Karpenter's NodePool included), so one model answers them all; a Helm release answers
// with the status the Helm provider records after a successful install.

import { autoName, hex, ResourceModel, State } from "./model-kit";

const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** apiVersion and kind of a Kubernetes type token: `kubernetes:apps/v1:Deployment` → apps/v1, Deployment. */
export function kubernetesTypeOf(type: string): { apiVersion: string; kind: string } | undefined {
    const match = /^kubernetes:([^:]+)\/([^:/]+):([A-Za-z0-9]+)$/.exec(type);
    if (!match || type === HELM_RELEASE) return undefined;
    const [, group, version, kind] = match;
    return { apiVersion: group === "core" ? version : `${group}/${version}`, kind };
}

function uuid(...parts: string[]): string {
    const h = hex(32, ...parts);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A Kubernetes object as the API server returns it: the metadata gains uid, resourceVersion, creationTimestamp. */
export function kubernetesObject(apiVersion: string, kind: string): ResourceModel {
    return (name, inputs) => {
        const metadata = (inputs.metadata ?? {}) as State;
        const objectName = String(metadata.name ?? autoName(name, kind));
        const namespace = metadata.namespace as string | undefined;
        return {
            id: namespace ? `${namespace}/${objectName}` : objectName,
            state: {
                apiVersion,
                kind,
                metadata: {
                    ...metadata,
                    name: objectName,
                    uid: uuid(kind, objectName),
                    resourceVersion: String(parseInt(hex(6, "rv", objectName), 16)),
                    creationTimestamp: "2026-01-01T00:00:00Z",
                },
            },
        };
    };
}

/** A release as the Helm provider records it once installed: revision 1, deployed, the chart's name and version. */
const helmRelease: ResourceModel = (name, inputs) => {
    const releaseName = String(inputs.name ?? autoName(name, "release"));
    const namespace = String(inputs.namespace ?? "default");
    return {
        id: `${namespace}/${releaseName}`,
        state: {
            name: releaseName,
            namespace,
            status: {
                name: releaseName,
                namespace,
                chart: inputs.chart,
                version: inputs.version,
                revision: 1,
                status: "deployed",
            },
        },
    };
};

/** The model of a Kubernetes or Helm type token, or undefined for a type that is neither. */
export function kubernetesModelFor(type: string): ResourceModel | undefined {
    if (type === HELM_RELEASE) return helmRelease;
    const object = kubernetesTypeOf(type);
    return object && kubernetesObject(object.apiVersion, object.kind);
}
