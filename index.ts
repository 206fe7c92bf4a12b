// Entry point of `pulumi up`: validate the stack's config and look up its availability zones
// before declaring anything, then build the environment. The returned object's properties are
// the stack outputs.

import { readEnvironment } from "./stacks/config";
import { buildPlatform, stackOutputs } from "./stacks/platform";
import { lookupAvailabilityZones } from "./stacks/zones";

export = async () => {
    const env = readEnvironment();
    const availabilityZones = await lookupAvailabilityZones(env);
    return stackOutputs(env, buildPlatform(env, availabilityZones));
};
