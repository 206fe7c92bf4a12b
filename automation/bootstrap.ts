// The first `up` of a stack runs where its Kubernetes API cannot be reached (the EKS endpoint is
// private in prd and allow-listed in dev): it creates every AWS resource (network, cluster, node
// groups, access entries, the in-VPC runner) and leaves Kubernetes alone. It does so by excluding
// the stack's Kubernetes provider and, with excludeDependents, everything that uses it; the next
// normal `up`, from inside the VPC, creates the Kubernetes objects.
//
// The exclusions are URN patterns, so no resource name has to be derived from config. Pulumi's
// "Targeted updates" guide, section "Specifying resources" > "Wildcards"
// (https://www.pulumi.com/docs/iac/operations/stack-management/targeted-updates/#wildcards):
// `--target` and `--exclude` accept wildcards; `*` matches within one URN segment (it does not
// cross `:`), `**` matches across segments.

export const KUBERNETES_PROVIDER_TYPE = "pulumi:providers:kubernetes";

/**
 * The patterns passed as `exclude` (with `excludeDependents: true`) on a bootstrap run: the
 * Kubernetes provider under any component (the cluster component's `<prefix>-k8s` today), and a
 * default Kubernetes provider at the top, which the engine creates if a Kubernetes resource is
 * ever declared without an explicit provider (it would use the ambient kubeconfig).
 */
export function bootstrapExcludes(stack: string): string[] {
    return [`urn:pulumi:${stack}::*::**$${KUBERNETES_PROVIDER_TYPE}::**`, `urn:pulumi:${stack}::*::${KUBERNETES_PROVIDER_TYPE}::**`];
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether a URN pattern matches a URN, with the wildcard semantics documented above; tests check the patterns with it. */
export function urnPatternMatches(pattern: string, urn: string): boolean {
    const source = pattern
        .split("**")
        .map((part) => part.split("*").map(escapeRegExp).join("[^:]*"))
        .join(".*");
    return new RegExp(`^${source}$`).test(urn);
}
