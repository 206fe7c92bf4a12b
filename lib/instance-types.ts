// Which CPU architecture and accelerator an EC2 instance type has, read from its family: an EKS
// node group's AMI type must match every instance type's architecture (EKS refuses the group
// otherwise), and a GPU or Neuron instance on a STANDARD AMI runs without its drivers.
//
// Sources, as of 2026-11-23:
// - Naming: "Amazon EC2 instance type naming conventions",
//   https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html: family letters,
//   generation, then attribute letters, of which "g" (first) means AWS Graviton processors.
// - Graviton families: https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-type-specifications.html
//   and github.com/aws/aws-graviton-getting-started; A1 (first-generation Graviton) predates the
//   naming rule; P6e-GB200 runs NVIDIA Grace (Arm) CPUs.
// - Accelerated families: https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html
//   (P and G: NVIDIA GPUs, except G4ad: AMD; Inf and Trn: AWS Neuron).

export type CpuArchitecture = "x86_64" | "arm64";
export type Accelerator = "nvidia" | "neuron" | "amd-gpu" | "none";

export const INSTANCE_TYPES_AS_OF = "2026-11-23";

/** Arm64 families the naming rule does not tell (a1 predates it), and the known Graviton families the rule must agree with. */
export const ARM64_FAMILIES: readonly string[] = [
    "a1",
    "c6g",
    "c6gd",
    "c6gn",
    "c7g",
    "c7gd",
    "c7gn",
    "c8g",
    "c8gd",
    "c8gn",
    "g5g",
    "hpc7g",
    "i4g",
    "i8g",
    "i8ge",
    "im4gn",
    "is4gen",
    "m6g",
    "m6gd",
    "m7g",
    "m7gd",
    "m8g",
    "m8gd",
    "p6e-gb200",
    "r6g",
    "r6gd",
    "r7g",
    "r7gd",
    "r8g",
    "r8gd",
    "t4g",
    "x2gd",
    "x8g",
];

/** The family part of an instance type: "m7g" of "m7g.2xlarge", "m7i-flex" of "m7i-flex.large". */
export function instanceFamily(instanceType: string): string {
    return instanceType.split(".")[0].toLowerCase();
}

/** x86_64 or arm64, for any instance type named by AWS's conventions. */
export function architectureOf(instanceType: string): CpuArchitecture {
    const family = instanceFamily(instanceType);
    if (ARM64_FAMILIES.includes(family)) return "arm64";
    // <letters><generation><attributes>: Graviton is the "g" attribute right after the generation.
    const match = /^([a-z]+)(\d+)([a-z]*)/.exec(family);
    return match && match[3].startsWith("g") ? "arm64" : "x86_64";
}

/** The accelerator an instance type carries, if any. */
export function acceleratorOf(instanceType: string): Accelerator {
    const family = instanceFamily(instanceType);
    if (/^g4ad$/.test(family)) return "amd-gpu";
    if (/^(p|g|gr)\d/.test(family)) return "nvidia";
    if (/^(inf|trn)\d/.test(family)) return "neuron";
    return "none";
}

/** The architecture an EKS AMI type boots (AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD, ...). */
export function architectureOfAmiType(amiType: string): CpuArchitecture {
    return /ARM_64/.test(amiType) ? "arm64" : "x86_64";
}
