// The suite's day: the config checks place kubernetesVersion in EKS's support calendar by date
// (lib/clock.ts), so the suite pins the day its expectations were written for, and passes the same
// on any later day. Tests about another day pass their own date; PLATFORM_TODAY set outside wins.
process.env.PLATFORM_TODAY ||= "2026-11-23";
