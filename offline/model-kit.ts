// Building blocks of the output models: the model signatures, deterministic ids, partitions.

import { createHash } from "crypto";
import { partitionOfRegion } from "../lib/aws-facts";

export interface AwsContext {
    readonly region: string;
    readonly accountId: string;
    /** The role whose session runs the program (the deploy role of the stack, offline). */
    readonly callerRole: string;
}

export type State = Record<string, unknown>;
export type ResourceModel = (name: string, inputs: State, ctx: AwsContext) => { id: string; state: State };
export type InvokeModel = (args: State, ctx: AwsContext) => State;

/** The partition ARNs of the region name: the program's own rule, so offline ARNs and validation agree. */
export const partitionOf = partitionOfRegion;

/** Deterministic lowercase hex of `length` characters derived from the given parts. */
export function hex(length: number, ...parts: string[]): string {
    let out = "";
    for (let i = 0; out.length < length; i++) {
        out += createHash("sha256")
            .update([...parts, String(i)].join("\u0000"))
            .digest("hex");
    }
    return out.slice(0, length);
}

/** A name_prefix as the provider completes it: the prefix and 26 lowercase hex digits (timestamp and counter). */
export function prefixedName(prefix: string, seed: string): string {
    return `${prefix}${hex(26, "prefix", prefix, seed)}`;
}

/**
 * What the account holds before the program runs, for the lookups made ahead of declaring
 * anything. Offline the default is a first deploy with every image pushed; tests that exercise a
 * running account set it and reset it after.
 */
export interface OfflineWorld {
    /** Cluster name -> node group physical name -> desired size. */
    nodeGroups: Record<string, Record<string, number>>;
    /** "repository:tag" pairs that are NOT pushed; every other image exists. */
    missingImages: string[];
}

export const offlineWorld: OfflineWorld = { nodeGroups: {}, missingImages: [] };

export function resetOfflineWorld(): void {
    offlineWorld.nodeGroups = {};
    offlineWorld.missingImages = [];
}

/**
 * What the real provider answers when a looked-up object does not exist; not a failure of the
 * offline engine. `details` is what the SDK turns into the program's Error message, as for a gRPC error.
 */
export class NotFoundError extends Error {
    readonly details: string;
    constructor(message: string) {
        super(message);
        this.details = `invoking the provider returned an error: ${message}`;
    }
}

/** A physical name as the provider's auto-naming makes it: logical name plus a 7-character suffix. */
export function autoName(name: string, kind: string): string {
    return `${name}-${hex(7, kind, name)}`;
}
