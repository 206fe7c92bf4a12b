// EKS settings: read and validated with the rest of the stack config (see ./config.ts).

import { EC2_INSTANCE_TYPE_PATTERN, EKS_CLUSTER_NAME_PATTERN, KUBERNETES_VERSION_PATTERN } from "../lib/aws-facts";
import { ConfigReader, key } from "./config-reader";
import { EksSettings } from "./environment";

export function readEksSettings(r: ConfigReader, context: { namePrefix: string; production: boolean }): EksSettings {
    const eksEnabled = r.boolean("eksEnabled");
    const clusterNameSetting = r.string(key("eksClusterName"), (v) => v === "" || EKS_CLUSTER_NAME_PATTERN.test(v), "empty, or 1-100 of A-Z a-z 0-9 - _ starting with a letter or digit");
    const kubernetesVersion = r.string(key("kubernetesVersion"), (v) => KUBERNETES_VERSION_PATTERN.test(v), "\"1.<minor>\", e.g. 1.33");
    const nodeInstanceTypes = r.stringArray("nodeInstanceTypes");
    for (const instanceType of nodeInstanceTypes) {
        if (!EC2_INSTANCE_TYPE_PATTERN.test(instanceType)) {
            r.issue(key("nodeInstanceTypes"), instanceType, "not an EC2 instance type", "<family><generation>[attributes].<size>, e.g. m7i.large, c7g.2xlarge");
        }
    }
    if (eksEnabled && nodeInstanceTypes.length === 0) {
        r.issue(key("nodeInstanceTypes"), "[]", "an EKS node group needs at least one instance type", "one or more EC2 instance types");
    }
    r.noDuplicates("nodeInstanceTypes", nodeInstanceTypes);

    return {
        enabled: eksEnabled,
        clusterName: clusterNameSetting === "" ? context.namePrefix : clusterNameSetting,
        kubernetesVersion,
        nodeInstanceTypes,
    };
}
