import { EventEmitter } from 'node:events';
import pg from 'pg';

const CHANNEL = 'storysprout_family_changed';

export interface FamilyNudges {
  /** Tells every connected device of the family that there is something to pull. */
  publish(familyId: string, cursor: number): Promise<void>;
  subscribe(familyId: string, listener: (cursor: number) => void): () => void;
  close(): Promise<void>;
}

/**
 * Nudges to devices when their family changes. One instance (SQLite) tells its own sockets; on
 * PostgreSQL every instance LISTENs and a change is NOTIFYed, so a device connected to one
 * instance hears of a sync made through another.
 */
export async function familyNudges(databaseUrl?: string): Promise<FamilyNudges> {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const deliver = (familyId: string, cursor: number) => local.emit(familyId, cursor);
  if (!databaseUrl) {
    return {
      publish: async (familyId, cursor) => void deliver(familyId, cursor),
      subscribe: (familyId, listener) => (local.on(familyId, listener), () => local.off(familyId, listener)),
      close: async () => void local.removeAllListeners(),
    };
  }

  const listener = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  listener.on('notification', (message) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    const { familyId, cursor } = JSON.parse(message.payload) as { familyId: string; cursor: number };
    deliver(familyId, cursor);
  });
  await listener.query(`LISTEN ${CHANNEL}`);
  const publisher = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    publish: async (familyId, cursor) => void (await publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ familyId, cursor })])),
    subscribe: (familyId, callback) => (local.on(familyId, callback), () => local.off(familyId, callback)),
    async close() {
      local.removeAllListeners();
      await listener.end();
      await publisher.end();
    },
  };
}
