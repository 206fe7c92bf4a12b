// Availability zones are the one input that depends on the account and region rather than config,
// so they are looked up before any resource is declared and checked like config.

import * as aws from "@pulumi/aws";
import { ConfigValidationError, key } from "./config-reader";
import { Environment } from "./environment";

/** The first `azCount` of the region's own AZs (Local and Wavelength Zones are opt-in and excluded). */
export async function lookupAvailabilityZones(env: Environment): Promise<string[]> {
    const zones = await aws.getAvailabilityZones({
        state: "available",
        filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
    if (zones.names.length < env.network.azCount) {
        throw new ConfigValidationError(env.stack, [
            {
                key: key("azCount"),
                value: String(env.network.azCount),
                problem: `${env.region} offers ${zones.names.length} availability zones (${zones.names.join(", ")})`,
                allowed: `2..${zones.names.length} in ${env.region}`,
            },
        ]);
    }
    return zones.names.slice(0, env.network.azCount);
}
