import { parseStamp } from '@storysprout/shared/clock-stamps';

/**
 * A device's hybrid logical clock, as Actual Budget keeps one: wall time in ISO form, a 4-hex-digit
 * counter for events within one millisecond, and the device's 16-hex-digit id. The string order
 * of two timestamps is their time order, ties broken by device, so every device and the sync
 * server pick the same winner for a field. `receive` moves the clock past what others wrote, so a
 * device whose wall clock is behind still writes after what it has seen.
 */
export interface HybridClock {
  readonly deviceId: string;
  now(): string;
  receive(hlc: string): void;
  /** Goes back to the wall clock once it has been set right, even if that is earlier than stamps already given. */
  restart(): void;
}

export const DEVICE_ID_PATTERN = /^[0-9a-f]{16}$/;
const MAX_COUNTER = 0xffff;

export function hybridClock(deviceId: string, wallClock: () => number = Date.now, latestSeen?: string | null): HybridClock {
  if (!DEVICE_ID_PATTERN.test(deviceId)) throw new Error(`a device id is 16 hex digits, not ${deviceId}`);
  let last = 0;
  let counter = 0;
  const advanceTo = (time: number, theirCounter: number) => {
    if (time > last || (time === last && theirCounter >= counter)) {
      last = time;
      counter = theirCounter + 1;
    }
  };
  const advancePast = (hlc: string) => {
    // A stamp that is not a real moment moves nothing: NaN would stop the clock for good.
    const stamp = parseStamp(hlc);
    if (stamp) advanceTo(stamp.time, stamp.counter);
  };
  if (latestSeen) advancePast(latestSeen);

  return {
    deviceId,
    now() {
      const wall = wallClock();
      if (wall > last) {
        last = wall;
        counter = 0;
      } else if (counter < MAX_COUNTER) counter += 1;
      else {
        // 65,536 events in one millisecond: borrow the next millisecond rather than repeat a stamp.
        last += 1;
        counter = 0;
      }
      return `${new Date(last).toISOString()}-${counter.toString(16).padStart(4, '0')}-${deviceId}`;
    },
    receive: advancePast,
    restart() {
      last = wallClock();
      counter = 0;
    },
  };
}

export const hlcDevice = (hlc: string): string => hlc.slice(30);
