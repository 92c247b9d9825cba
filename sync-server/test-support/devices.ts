import { randomBytes } from 'node:crypto';
import type { FieldChange, FieldValue } from '../src/sync/sync-service';

/**
 * A device's hybrid logical clock, as the desktop app keeps one: wall time, a counter for events
 * in the same millisecond, and the device's id. `receive` moves it past timestamps it has seen.
 */
export function deviceClock(deviceId = randomBytes(8).toString('hex'), wallClock: () => number = Date.now) {
  let last = 0;
  let counter = 0;
  const format = () => `${new Date(last).toISOString()}-${counter.toString(16).padStart(4, '0')}-${deviceId}`;
  return {
    deviceId,
    now(): string {
      const wall = wallClock();
      if (wall > last) {
        last = wall;
        counter = 0;
      } else counter += 1;
      return format();
    },
    receive(hlc: string): void {
      const time = Date.parse(hlc.slice(0, 24));
      const theirCounter = parseInt(hlc.slice(25, 29), 16);
      if (time > last || (time === last && theirCounter >= counter)) {
        last = time;
        counter = theirCounter + 1;
      }
    },
    change(table: string, rowId: string, column: string, value: FieldValue): FieldChange {
      return { table, rowId, column, value, hlc: this.now(), deviceId };
    },
  };
}
