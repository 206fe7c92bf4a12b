// Session Manager on nodes. AmazonSSMManagedInstanceCore also grants ssm:GetParameter(s) on every
// parameter of the account to whatever holds a node's credentials; AmazonSSMManagedEC2InstanceDefaultPolicy
// (the policy of Systems Manager's Default Host Management Configuration,
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedEC2InstanceDefaultPolicy.html)
// keeps the agent's registration, associations and session channels, without parameter reads.

export const SESSION_MANAGER_NODE_POLICY = "AmazonSSMManagedEC2InstanceDefaultPolicy";

/** The managed policy a node role gets for Session Manager, or none. */
export function nodeSessionManagerPolicy(enabled: boolean): string | undefined {
    return enabled ? SESSION_MANAGER_NODE_POLICY : undefined;
}
