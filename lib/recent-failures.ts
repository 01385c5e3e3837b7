// The overview's "Recent failures" panel: the job.list inputs the page prefetches and the panel
// reads, which must be equal for the prefetched data to be used. They live here, not in the
// panel's "use client" module: a server component that imports a value from such a module gets
// a client reference (a function), so the prefetch sent `limit: function` and was refused on
// every render (issue 21).
export const RECENT_FAILURES = 5;

export const recentFailedJobsInput = { state: "failed", limit: RECENT_FAILURES } as const;
export const recentInterruptedJobsInput = { state: "interrupted", limit: RECENT_FAILURES } as const;
