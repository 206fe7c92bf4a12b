// The suite's day: the config checks place kubernetesVersion in EKS's support calendar by date
// (lib/clock.ts), so the suite pins the day its expectations were written for, and passes the same
// on any later day. Tests about another day pass their own date; PLATFORM_TODAY set outside wins.
process.env.PLATFORM_TODAY ||= "2026-11-23";
// And its hour: noon in Tokyo on that Monday, when a sleeping dev is awake. Tests about the night pass their own.
process.env.PLATFORM_NOW ||= "2026-11-23T03:00:00Z";
