// A cluster without node groups: the overrides that turn off with them what runs only on nodes
// (Karpenter's controller, the EFS and secrets-store drivers, Pod Identity workloads), so a test of
// a Fargate-only cluster asks for exactly that and nothing the stack files add for nodes.

export const FARGATE_ONLY: Readonly<Record<string, unknown>> = {
    "platform:eksNodeGroups": [],
    "platform:eksNodeAutoscaler": "none",
    "platform:eksEfsCsiDriver": false,
    "platform:eksPodIdentities": [],
    "platform:eksAscpCsiDriver": false,
};
