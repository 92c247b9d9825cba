/**
 * Hybrid logical clock timestamps as Actual Budget writes them: the wall time in ISO form, a
 * 4-hex-digit counter for events within one millisecond, and the device's 16-hex-digit id. Their
 * string order is their time order, ties broken by device, so every device picks the same winner.
 */
export const HLC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$/;

/** How far ahead of the server's clock a timestamp may be before it is refused as wrong. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000;

export function hlcTime(hlc: string): number {
  return Date.parse(hlc.slice(0, 24));
}

export const hlcAfter = (a: string, b: string): boolean => a > b;
