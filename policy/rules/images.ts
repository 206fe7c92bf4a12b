// Images and keys: ECR scans on push, KMS keys rotate, and (advisory) prd image tags are immutable.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { asRecord, isProduction } from "./util";

export const ECR_REPOSITORY = "aws:ecr/repository:Repository";
export const KMS_KEY = "aws:kms/key:Key";

export const ecrScanOnPush: ResourceValidationPolicy = {
    name: "ecr-scan-on-push",
    description: "ECR repositories scan images on push.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== ECR_REPOSITORY) return;
        if (asRecord(args.props.imageScanningConfiguration)?.scanOnPush !== true) {
            report(`ECR repository ${args.name}: images are not scanned; set imageScanningConfiguration: { scanOnPush: true }.`);
        }
    },
};

export const ecrImmutableTagsInPrd: ResourceValidationPolicy = {
    name: "ecr-immutable-tags-in-prd",
    description: "In prd, ECR image tags are immutable (advisory).",
    enforcementLevel: "advisory",
    validateResource: (args, report) => {
        if (args.type !== ECR_REPOSITORY || !isProduction(args.props)) return;
        if (args.props.imageTagMutability !== "IMMUTABLE") {
            report(
                `ECR repository ${args.name} (prd): tags can be overwritten, so a deployed tag may change under a running service; set imageTagMutability: "IMMUTABLE" and deploy by new tag or digest.`,
            );
        }
    },
};

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: "KMS keys rotate their key material.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== KMS_KEY) return;
        const spec: unknown = args.props.customerMasterKeySpec;
        // AWS rotates only symmetric keys; an asymmetric or HMAC key cannot have rotation on.
        if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") return;
        if (args.props.enableKeyRotation !== true) {
            report(`KMS key ${args.name}: rotation is off; set enableKeyRotation: true (optionally rotationPeriodInDays).`);
        }
    },
};

export const imagePolicies = [ecrScanOnPush, ecrImmutableTagsInPrd, kmsKeyRotation];
