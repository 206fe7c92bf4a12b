// Container images the platform runs itself (outside Helm charts and EKS add-ons), pinned to exact
// tags. A dated table: each row says where its version was read, and the day; an upgrade is a
// reviewed edit here, never a floating tag such as `latest`.

export interface PinnedImage {
    readonly repository: string;
    /** Exact release tag. */
    readonly tag: string;
    /** Where the version was read. */
    readonly source: string;
}

/** Checked on this day. */
export const CONTAINER_IMAGES_CHECKED = "2026-11-23";

export const CONTAINER_IMAGES = {
    /** AWS Distro for OpenTelemetry collector: Container Insights for EKS Fargate pods. */
    adotCollector: {
        repository: "public.ecr.aws/aws-observability/aws-otel-collector",
        tag: "v0.49.0",
        source: 'github.com/aws-observability/aws-otel-collector VERSION ("bump version to v0.49.0", 2026-07-10; tag v0.49.0, the newest)',
    },
} as const satisfies Readonly<Record<string, PinnedImage>>;

export function imageRef(image: PinnedImage): string {
    return `${image.repository}:${image.tag}`;
}
