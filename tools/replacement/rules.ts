// The shape of the replacement table (./table.ts): per resource type, which inputs make the
// provider replace the resource instead of updating it, and which property Pulumi auto-names.
// Paths are the camelCase input paths of the offline graph's `inputs`: dots for nested objects
// (a Terraform block with MaxItems 1 is an object in Pulumi), `[]` for "every element of this list".

/**
 * How the provider behind a type decides that a replacement deletes first.
 * - `aws-sdkv2`: pulumi-terraform-bridge for a Terraform SDKv2 resource. Delete-before-replace when
 *   the type has `deleteBeforeReplace` in its ResourceInfo, or when an auto-named property was given
 *   a value by the program (pkg/tfbridge/provider.go `Diff` → pkg/tfbridge/schema.go
 *   `nameRequiresDeleteBeforeReplace`: an auto-named key present in the new inputs but not in the
 *   `__defaults` list the auto-namer fills in).
 * - `tf-framework`: the bridge for a Terraform Plugin Framework resource (pkg/pf/tfbridge/provider_diff.go):
 *   only the ResourceInfo flag; the name rule is not implemented there (its TODO #823).
 * - `kubernetes`: pulumi-kubernetes (provider/pkg/provider/provider.go `Diff`): delete-before-replace
 *   when the object has a `metadata.name` the program chose (not auto-named) and the new object keeps
 *   the same name and namespace.
 * - `kubernetes-provider`: a first-class provider resource; replacing it replaces every resource it manages.
 */
export type ProviderKind = "aws-sdkv2" | "tf-framework" | "kubernetes" | "kubernetes-provider";

export interface AutoName {
    /** The input Pulumi fills in (logical name plus a random suffix) when the program leaves it unset. */
    readonly property: string;
    /** The longest name the auto-namer makes. */
    readonly maxLength: number;
}

/** A replacement (or a refusal) that depends on other inputs: a Terraform CustomizeDiff. */
export type Condition =
    /** A change of `path` fails the plan unless `input` equals `equals`; with it, the change is an update. */
    | { readonly kind: "requires"; readonly path: string; readonly input: string; readonly equals: unknown; readonly source: string }
    /** Removing `path` (set before, unset or empty after) forces a new resource; other changes update. */
    | { readonly kind: "replace-if-removed"; readonly path: string; readonly source: string }
    /** Of inputs that exclude each other, switching which one is set forces a new resource. */
    | { readonly kind: "replace-if-switched"; readonly among: readonly string[]; readonly source: string };

export interface ReplacementRule {
    readonly provider: ProviderKind;
    /** Input paths whose change forces a new resource. An explicit empty list: nothing does. */
    readonly forceNew: readonly string[];
    /**
     * Forcing lists whose order matters (Terraform TypeList). The rest are sets: reordering them
     * changes nothing, the same way the graph diff compares them.
     */
    readonly ordered?: readonly string[];
    /** Forcing inputs whose value is another resource's id, ARN or name: replacing that resource replaces this one. */
    readonly refs?: Readonly<Record<string, string>>;
    readonly autoName?: AutoName;
    /**
     * Inputs that together name the resource uniquely and that Pulumi does not auto-name (an add-on
     * on a cluster, an access entry for a principal). A create-before-delete replacement that keeps
     * them all creates a second resource with the same identity, which the cloud API refuses.
     */
    readonly fixedName?: readonly string[];
    /** The provider deletes first on every replacement (ResourceInfo.DeleteBeforeReplace). */
    readonly alwaysDeleteBeforeReplace?: true;
    readonly conditions?: readonly Condition[];
    /** What a reader should know that the data does not say. */
    readonly note?: string;
    /** Where each fact comes from: "<repository> <path>" (forcing inputs first, then auto-naming). */
    readonly sources: readonly string[];
}

export type ReplacementTable = Readonly<Record<string, ReplacementRule>>;
