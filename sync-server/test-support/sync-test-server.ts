import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';
import { readConfig } from '../src/config';
import { openSyncStore } from '../src/db/database';
import { buildSyncServer } from '../src/server';
import type { LocalMailbox } from './mailbox';

/** Set by the sync-postgres test project; the sync-sqlite project leaves it unset. */
const databaseUrl = process.env.SYNC_TEST_DATABASE_URL || undefined;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function onPostgres<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/**
 * The sync server on a fresh database for one test: a SQLite file in a temp folder, or a schema
 * of its own in the PostgreSQL under test, dropped after the test.
 */
export async function testSyncServer(settings: Record<string, string> = {}, options: { mailbox?: LocalMailbox } = {}) {
  const env = options.mailbox ? { SMTP_URL: options.mailbox.url, MAIL_FROM: 'StorySprout <no-reply@sync.example.com>', ...settings } : settings;
  const dataDir = tempDir('storysprout-sync-');
  const schema = databaseUrl ? `test_${randomUUID().replace(/-/g, '')}` : undefined;
  if (schema) await onPostgres((client) => client.query(`create schema ${schema}`));
  if (schema) cleanups.push(() => onPostgres((client) => client.query(`drop schema ${schema} cascade`)).then(() => undefined));
  /** Another server on the same data, as a second instance behind a load balancer would be. */
  async function instance() {
    const store = await openSyncStore({ databaseUrl, dataDir, postgresSchema: schema });
    const app = await buildSyncServer({ config: readConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }), store, logger: false });
    // injectWS, unlike inject, does not wait for the plugins to load.
    await app.ready();
    cleanups.push(async () => {
      await app.close();
      await store.close();
    });
    return { app, store };
  }
  const { app, store } = await instance();

  async function call<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options: { token?: string; body?: unknown; raw?: Buffer; contentType?: string } = {}): Promise<Answer<T>> {
    const response = await app.inject({
      method,
      url,
      headers: {
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...(options.contentType && { 'content-type': options.contentType }),
      },
      ...(options.raw ? { payload: options.raw } : options.body !== undefined ? { payload: options.body as object } : {}),
    });
    const type = String(response.headers['content-type'] ?? '');
    return { status: response.statusCode, body: (type.includes('json') ? response.json() : response.rawPayload) as T, headers: response.headers };
  }

  let people = 0;
  /** A new account, signed in: its token and user. With a mailbox, the code mailed finishes the signup. */
  async function person(fullName = `Person ${++people}`) {
    const signup = { email: `${fullName.toLowerCase().replace(/\W+/g, '.')}.${randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery', fullName };
    let answer = await call<{ token: string; user: { id: string; email: string; fullName: string } }>('POST', '/api/auth/signup', { body: signup });
    if (answer.status === 202 && options.mailbox) {
      const code = await options.mailbox.codeFor(signup.email);
      answer = await call('POST', '/api/auth/signup/confirm', { body: { email: signup.email, code, password: signup.password } });
    }
    if (answer.status !== 201) throw new Error(`signup failed: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** A family made by a new parent, with a child who joined by invitation. */
  async function family(name = 'The Test Family') {
    const parent = await person('Parent');
    const made = await call<{ id: string }>('POST', '/api/families', { token: parent.token, body: { name } });
    const child = await person('Child');
    const invite = await call<{ code: string }>('POST', `/api/families/${made.body.id}/invites`, { token: parent.token, body: { role: 'child-creator' } });
    await call('POST', `/api/invites/${invite.body.code}/accept`, { token: child.token });
    return { id: made.body.id, parent, child };
  }

  /** Listens on a free port of 127.0.0.1, for clients that speak HTTP (desktop cores, a browser). */
  async function listen(): Promise<string> {
    return app.listen({ port: 0, host: '127.0.0.1' });
  }

  let origin: Promise<string> | null = null;
  /** As `call`, but over a real connection to the listening server, as an attacker's own client sends it. */
  async function callOverHttp<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options: { token?: string; body?: unknown; raw?: Buffer; contentType?: string } = {}): Promise<Answer<T>> {
    origin ??= listen();
    const response = await fetch(`${await origin}${url}`, {
      method,
      headers: {
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...((options.contentType ?? (options.body !== undefined && 'application/json')) && { 'content-type': options.contentType ?? 'application/json' }),
      },
      body: options.raw ? new Uint8Array(options.raw) : options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { status: response.status, body: body as T, headers };
  }

  return { app, store, call, callOverHttp, person, family, instance, listen, dialect: store.dialect };
}
