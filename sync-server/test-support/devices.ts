import { randomBytes } from 'node:crypto';
import { hybridClock } from '../../src-main/sync/hybrid-clock';
import type { FieldChange, FieldValue } from '../src/sync/sync-service';

/** A device as the desktop app is one: its hybrid logical clock, making field changes. */
export function deviceClock(deviceId = randomBytes(8).toString('hex'), wallClock: () => number = Date.now) {
  const clock = hybridClock(deviceId, wallClock);
  return {
    deviceId,
    now: () => clock.now(),
    receive: (hlc: string) => clock.receive(hlc),
    change(table: string, rowId: string, column: string, value: FieldValue): FieldChange {
      return { table, rowId, column, value, hlc: clock.now(), deviceId };
    },
  };
}
