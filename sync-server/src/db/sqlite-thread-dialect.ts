import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

export interface SqliteThreadSettings {
  file: string;
  /** Run in order when the connection opens, as better-sqlite3's `pragma()` takes them. */
  pragmas: string[];
}
export interface SqliteThreadQuery {
  id: number;
  sql: string;
  parameters: readonly unknown[];
}
export type SqliteThreadAnswer = { id: number; rows: unknown[]; numAffectedRows?: bigint; insertId?: bigint } | { id: number; error: { message: string; code?: string } };

/** The thread's code, beside this file in the source and beside the server's bundle (build.js). */
const THREAD_FILE = new URL('./sqlite-thread.js', import.meta.url);

/** An error from SQLite, with its code (SQLITE_CONSTRAINT_UNIQUE…) as better-sqlite3 gives it. */
export class SqliteThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Kysely over one better-sqlite3 connection that lives on a worker thread. The statements are
 * better-sqlite3's, so they block the thread they run on: there, not on the thread that serves
 * requests. The published dialects for this do not fit (kysely-sqlite-worker wants Kysely 0.26 and
 * loses SQLite's error codes; kysely-generic-sqlite wants Kysely 0.29), and what it takes is this
 * file and sqlite-thread.js.
 */
export class SqliteThreadDialect implements Dialect {
  #driver: SqliteThreadDriver | undefined;

  constructor(private readonly settings: SqliteThreadSettings) {}

  createDriver(): Driver {
    this.#driver = new SqliteThreadDriver(this.settings);
    return this.#driver;
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }

  /**
   * Whether the database answers, asked past the queue of transactions waiting for the connection:
   * a busy server is still a ready one. Read between another transaction's statements, which is harmless.
   */
  async ping(): Promise<void> {
    if (!this.#driver) throw new Error('the database is not open');
    await this.#driver.connection.executeQuery(CompiledQuery.raw('select 1 from families limit 1'));
  }
}

class SqliteThreadDriver implements Driver {
  #worker: Worker | undefined;
  #exited: Promise<unknown> = Promise.resolve();
  #connection: SqliteThreadConnection | undefined;
  /** One connection, so one user at a time, as Kysely's own SQLite driver does. */
  #inUse: Promise<void> = Promise.resolve();

  constructor(private readonly settings: SqliteThreadSettings) {}

  get connection(): SqliteThreadConnection {
    if (!this.#connection) throw new Error('the database is not open');
    return this.#connection;
  }

  async init(): Promise<void> {
    this.#worker = new Worker(THREAD_FILE, { workerData: this.settings });
    this.#exited = new Promise((resolve) => this.#worker!.once('exit', resolve));
    this.#connection = new SqliteThreadConnection(this.#worker);
    // The first answer says the file opened and its pragmas took.
    await this.#connection.executeQuery(CompiledQuery.raw('select 1'));
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#inUse;
    let release!: () => void;
    this.#inUse = new Promise((resolve) => (release = resolve));
    await previous;
    this.connection.release = release;
    return this.connection;
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as SqliteThreadConnection).release();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async destroy(): Promise<void> {
    // After the statements already sent: the thread answers in order, then closes the file.
    this.#worker?.postMessage('close');
    await this.#exited;
  }
}

/**
 * The thread's one connection, as Kysely sees it: each query is a message, answered by id. When
 * the thread stops (it failed to open the file, or crashed), every query waiting and every later
 * one fails with why, rather than waiting for ever.
 */
class SqliteThreadConnection implements DatabaseConnection {
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve(result: QueryResult<unknown>): void; reject(error: Error): void }>();
  #stopped: Error | undefined;
  release: () => void = () => undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (answer: SqliteThreadAnswer) => {
      const waiting = this.#waiting.get(answer.id);
      this.#waiting.delete(answer.id);
      if ('error' in answer) waiting?.reject(new SqliteThreadError(answer.error.message, answer.error.code));
      else waiting?.resolve({ rows: answer.rows, numAffectedRows: answer.numAffectedRows, insertId: answer.insertId });
    });
    worker.on('error', (error) => this.#stop(error));
    worker.on('exit', (code) => this.#stop(new Error(`the database thread stopped (exit code ${code})`)));
  }

  #stop(why: Error) {
    this.#stopped ??= why;
    for (const waiting of this.#waiting.values()) waiting.reject(this.#stopped);
    this.#waiting.clear();
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    const query: SqliteThreadQuery = { id, sql: compiledQuery.sql, parameters: compiledQuery.parameters };
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (result: QueryResult<unknown>) => void, reject });
      this.worker.postMessage(query);
    });
  }

  // eslint-disable-next-line require-yield -- Kysely's interface has it; the server never streams.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the SQLite thread does not stream query results');
  }
}
