// II's copy-throttle ranges (docs/instant-image.md §6.4: MIN/MAX_THROTTLE_DELAY and _UNIT): delay in
// clock ticks, unit in copy I/Os. One table for the engine's check and the console's job schema.
export const THROTTLE_LIMITS = { delay: { min: 2, max: 10000 }, unit: { min: 100, max: 60000 } } as const;
