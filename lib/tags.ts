// The tags every AWS resource of the platform carries: the environment's own (environment, owner,
// cost-center, extraTags: validated in stacks/config.ts, required by the policy pack) and a Name,
// plus any the resource adds. Explicit on each resource rather than the provider's defaultTags, so
// the graph (and the tests and policies that read it) shows exactly what AWS receives.

export type Tags = Readonly<Record<string, string>>;

export function tagsFor(environmentTags: Tags, name: string, extra: Tags = {}): Record<string, string> {
    return { ...environmentTags, Name: name, ...extra };
}

/** A component's tagger: its environment's tags, a Name per resource, and what every resource of it adds. */
export function tagger(environmentTags: Tags, extra: Tags = {}): (name: string, more?: Tags) => Record<string, string> {
    return (name, more = {}) => tagsFor(environmentTags, name, { ...extra, ...more });
}
