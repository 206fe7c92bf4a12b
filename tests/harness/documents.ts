// The JSON documents the program renders into resource inputs (IAM policies, container definitions),
// typed for the tests that read them: JSON.parse returns any, which would let any typo through.
// Only what the tests read is spelled out; the assertions still compare whole documents.

/** One statement of an IAM policy document, as AWS spells it. */
export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect: string;
    readonly Principal?: Record<string, unknown>;
    readonly Action?: string | string[];
    readonly Resource?: string | string[];
    readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
    readonly Version?: string;
    readonly Statement: PolicyStatement[];
}

/** One entry of an ECS task definition's containerDefinitions. */
export interface ContainerDefinition {
    readonly name: string;
    readonly image: string;
    readonly command?: string[];
    readonly environment?: { name: string; value: string }[];
    readonly secrets?: { name: string; valueFrom: string }[];
    readonly logConfiguration: { logDriver: string; options: Record<string, string> };
    readonly firelensConfiguration?: unknown;
    readonly linuxParameters?: unknown;
    readonly portMappings?: unknown;
}

/** A JSON document held (as text) in a resource input or output. */
export function parseJson<T>(text: unknown): T {
    return JSON.parse(String(text)) as T;
}
