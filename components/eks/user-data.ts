// User data of AL2023 managed nodes: a MIME multi-part document whose nodeadm NodeConfig carries our
// kubelet settings (EKS merges it with the part it generates: cluster endpoint, CA, DNS), and a
// script that lets systemd-logind hold shutdown as long as the kubelet's grace period (without it,
// logind's default 5 s cap makes graceful node shutdown a no-op).

import { KubeletSettings } from "./args";

export const MIME_BOUNDARY = "//platform-nodeadm";

/** The NodeConfig YAML (kubelet settings only). */
export function nodeConfig(k: KubeletSettings): string {
    return [
        "apiVersion: node.eks.aws/v1alpha1",
        "kind: NodeConfig",
        "spec:",
        "  kubelet:",
        "    config:",
        `      imageGCHighThresholdPercent: ${k.imageGcHighThresholdPercent}`,
        `      imageGCLowThresholdPercent: ${k.imageGcLowThresholdPercent}`,
        `      shutdownGracePeriod: ${k.shutdownGracePeriodSeconds}s`,
        `      shutdownGracePeriodCriticalPods: ${k.shutdownGracePeriodCriticalPodsSeconds}s`,
        "",
    ].join("\n");
}

/** Raises logind's InhibitDelayMaxSec to the shutdown grace period. */
export function logindScript(k: KubeletSettings): string {
    return [
        "#!/bin/bash",
        "set -euo pipefail",
        "mkdir -p /etc/systemd/logind.conf.d",
        "cat > /etc/systemd/logind.conf.d/50-kubelet-graceful-shutdown.conf <<'EOF'",
        "[Login]",
        `InhibitDelayMaxSec=${k.shutdownGracePeriodSeconds}`,
        "EOF",
        "systemctl restart systemd-logind",
        "",
    ].join("\n");
}

/** The whole user data, before base64. */
export function nodeUserData(k: KubeletSettings): string {
    return [
        "MIME-Version: 1.0",
        `Content-Type: multipart/mixed; boundary="${MIME_BOUNDARY}"`,
        "",
        `--${MIME_BOUNDARY}`,
        "Content-Type: application/node.eks.aws",
        "",
        nodeConfig(k),
        `--${MIME_BOUNDARY}`,
        'Content-Type: text/x-shellscript; charset="us-ascii"',
        "",
        logindScript(k),
        `--${MIME_BOUNDARY}--`,
        "",
    ].join("\n");
}
