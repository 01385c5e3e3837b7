import "server-only";
// Job timers (docs/architecture.md §10 rule 8): the lease says "the agent is alive", the deadline says "this
// attempt has run too long". They fail differently, so they are separate.
import { consoleConfig } from "@/server/config";

/**
 * How long a claim or a renewal keeps a job leased. The agent reports progress at least once a
 * second (docs/architecture.md §4) and heartbeats every few seconds, so 60 s rides out a console restart or a
 * short network blip without interrupting a copy, while an operator still learns within a minute
 * or two that an agent died. PITCREW_JOB_LEASE_SECONDS overrides the 60 s (server/config.ts).
 */
export const JOB_LEASE_MS = consoleConfig.jobLeaseMs;

/**
 * Default longest run of one attempt. A full copy of a multi-TiB volume at a few hundred MB/s
 * takes hours; a day leaves room for that while still catching a job that is stuck although its
 * agent keeps heartbeating.
 */
export const DEFAULT_JOB_DEADLINE_SECONDS = 24 * 60 * 60;

/** Upper bound for a requested deadline: a week, beyond which a "running" job is surely stuck. */
export const MAX_JOB_DEADLINE_SECONDS = 7 * 24 * 60 * 60;

/**
 * How many times an idempotent job is handed out before a silent agent makes it interrupted
 * instead of queued again: an agent that keeps dying on the same job should reach an operator,
 * not loop forever.
 */
export const MAX_JOB_ATTEMPTS = 3;
