// Building blocks of the output models: the model signatures, deterministic ids, partitions.

import { createHash } from "crypto";

export interface AwsContext {
    readonly region: string;
    readonly accountId: string;
}

export type State = Record<string, unknown>;
export type ResourceModel = (name: string, inputs: State, ctx: AwsContext) => { id: string; state: State };
export type InvokeModel = (args: State, ctx: AwsContext) => State;

export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** Deterministic lowercase hex of `length` characters derived from the given parts. */
export function hex(length: number, ...parts: string[]): string {
    let out = "";
    for (let i = 0; out.length < length; i++) {
        out += createHash("sha256").update([...parts, String(i)].join("\u0000")).digest("hex");
    }
    return out.slice(0, length);
}

/** A physical name as the provider's auto-naming makes it: logical name plus a 7-character suffix. */
export function autoName(name: string, kind: string): string {
    return `${name}-${hex(7, kind, name)}`;
}

