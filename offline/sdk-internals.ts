// The parts of @pulumi/pulumi's runtime that the offline engine reaches past the public API for,
// kept in this one file so an SDK upgrade that moves them breaks here and nowhere else:
// - the mock monitor, taught to record what the Mocks API does not pass along and to build URNs
//   as the engine does;
// - waitForRPCs, what `disconnect` awaits (marked internal, so missing from the typings);
// - the wire format of property values (secrets, unknowns) that recorded inputs arrive in.

import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";

export { MockMonitor };

/** The monitor setMocks installed. */
export function currentMockMonitor(): MockMonitor {
    return settings.getMonitor() as unknown as MockMonitor;
}

interface InternalSettings {
    waitForRPCs(): Promise<void>;
}

/** Resolves once every outstanding registration and invoke has been answered. */
export function waitForRPCs(): Promise<void> {
    return (settings as unknown as InternalSettings).waitForRPCs();
}

/** A protobuf Struct of property values, as plain values (secrets kept as their wire objects). */
export function deserializeProperties(struct: unknown): Record<string, unknown> {
    return rpc.deserializeProperties(struct as never, true);
}

/** How a secret and an unknown value look on the wire. */
export const WIRE = { specialSigKey: rpc.specialSigKey, specialSecretSig: rpc.specialSecretSig, unknownValue: rpc.unknownValue } as const;
