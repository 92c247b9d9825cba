// @ts-check
/**
 * The sync server's SQLite connection, on a thread of its own (started by sqlite-thread-dialect.ts):
 * a query runs here while the main thread goes on answering health checks, WebSockets and new
 * connections. Messages are answered in the order they come, one at a time, as one connection does.
 *
 * Plain JavaScript, so that a thread starts without a TypeScript loader: tsx in a thread costs
 * 200–400 ms at every start (measured), and the tests start hundreds of servers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @typedef {import('./sqlite-thread-dialect').SqliteThreadQuery} SqliteThreadQuery */
/** @typedef {import('./sqlite-thread-dialect').SqliteThreadAnswer} SqliteThreadAnswer */
/** @typedef {import('./sqlite-thread-dialect').SqliteThreadSettings} SqliteThreadSettings */

/** Prepared statements kept for reuse: a sync runs the same few dozen statements over and over. */
const KEPT_STATEMENTS = 200;

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { file, pragmas } = /** @type {SqliteThreadSettings} */ (workerData);
const sqlite = new Database(file);
for (const pragma of pragmas) sqlite.pragma(pragma);
/** @type {Map<string, Database.Statement>} */
const statements = new Map();

/** @param {string} sql */
function prepared(sql) {
  let statement = statements.get(sql);
  if (statement) {
    // Most recently used last, so the oldest is the one let go.
    statements.delete(sql);
  } else {
    statement = sqlite.prepare(sql);
    if (statements.size >= KEPT_STATEMENTS) statements.delete(/** @type {string} */ (statements.keys().next().value));
  }
  statements.set(sql, statement);
  return statement;
}

/** @param {SqliteThreadQuery} query @returns {SqliteThreadAnswer} */
function run({ id, sql, parameters }) {
  const statement = prepared(sql);
  if (statement.reader) return { id, rows: statement.all(parameters) };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { id, rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
}

port.on('message', (/** @type {SqliteThreadQuery | 'close'} */ query) => {
  if (query === 'close') {
    sqlite.close();
    port.close();
    return;
  }
  /** @type {SqliteThreadAnswer} */
  let answer;
  try {
    answer = run(query);
  } catch (error) {
    const { message, code } = /** @type {{ message: string, code?: string }} */ (error);
    answer = { id: query.id, error: { message, code } };
  }
  port.postMessage(answer);
});
