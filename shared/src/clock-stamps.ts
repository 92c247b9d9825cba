/**
 * Hybrid logical clock timestamps as Actual Budget writes them: the wall time in ISO form, a
 * 4-hex-digit counter for events within one millisecond, and the device's 16-hex-digit id. Their
 * string order is their time order, ties broken by device, so every device picks the same winner.
 * Shared by the desktop and the sync server: a stamp one of them refuses, the other refuses too.
 */
export const HLC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$/;

/** How far ahead of the receiver's clock a stamp may be before it is refused as wrong. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000;

/** The device id the sync server writes under (the versions it keeps of words that lost); no device may use it. */
export const SERVER_DEVICE_ID = '0000000000000000';

export interface ParsedStamp {
  time: number;
  counter: number;
  deviceId: string;
}

/**
 * A stamp's parts, or null for one that is not a real moment: its time must read back as exactly
 * the same text, so "9999-99-99T99:99:99.999Z" (which parses to NaN, and would sort above every
 * real clock for ever) and "2026-02-30T…" are refused.
 */
export function parseStamp(hlc: string): ParsedStamp | null {
  if (!HLC_PATTERN.test(hlc)) return null;
  const wall = hlc.slice(0, 24);
  const time = Date.parse(wall);
  if (!Number.isFinite(time) || new Date(time).toISOString() !== wall) return null;
  return { time, counter: parseInt(hlc.slice(25, 29), 16), deviceId: hlc.slice(30) };
}

/**
 * Why a field change's stamp cannot be taken, or null: it must be a real moment, not too far
 * ahead of `now`, and name the device that made it (`from: 'server'` for what a device pulls, where
 * the server's own id is allowed too). Every reason starts with "hlc ", which devices read as
 * "this computer's clock", not "this change", and keep the change waiting.
 */
export function stampProblem(hlc: string, deviceId: string, now: number, from: 'device' | 'server' = 'device'): string | null {
  const stamp = parseStamp(hlc);
  if (!stamp) return 'hlc is not a hybrid logical clock timestamp';
  if (stamp.time > now + MAX_CLOCK_DRIFT_MS) return 'hlc is in the future: this device’s clock is wrong';
  // The server keeps words that lost under its own id, stamped as they were.
  if (from === 'server' && deviceId === SERVER_DEVICE_ID) return null;
  if (deviceId === SERVER_DEVICE_ID) return 'hlc names the server’s own device id';
  if (stamp.deviceId !== deviceId) return 'hlc names another device than the change';
  return null;
}
