/**
 * The library part of `npm run bench`: medians of the core's everyday work through the bridge
 * dispatcher, each next to a baseline of hand-written better-sqlite3 statements doing the same
 * writes or reads in the same run, so the ratio is what the layers above SQLite cost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pino from 'pino';
import { openApp } from '../../src-main/app/open-app';
import { environmentSecrets } from '../../src-main/settings/secrets';
import { line, medianMs } from './measure';
import type { BridgeResponse } from '../../src-preload/contract';

const ROUNDS = 60;
const SHELF_SIZE = 300;
const measure = (run: () => unknown) => medianMs(ROUNDS, run);

export async function benchLibrary(): Promise<void> {

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storysprout-bench-'));
  const app = await openApp({ dataDir: path.join(dir, 'app'), secrets: environmentSecrets({}), log: pino({ level: 'silent' }) });
  const ok = <T>(response: BridgeResponse): T => {
    if (!response.ok) throw new Error(response.error.message);
    return response.value as T;
  };

  // Baseline: the same rows in a plain better-sqlite3 file with the same pragmas, no layers above.
  await app.close();
  fs.copyFileSync(path.join(dir, 'app', 'library.sqlite'), path.join(dir, 'baseline.sqlite'));
  const reopened = await openApp({ dataDir: path.join(dir, 'app'), secrets: environmentSecrets({}), log: pino({ level: 'silent' }) });
  const raw = new Database(path.join(dir, 'baseline.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  // The baseline has no sync: without its triggers, the ratio includes what recording changes costs.
  for (const { name } of raw.prepare("select name from sqlite_master where type = 'trigger' and name like 'sync_%'").all() as { name: string }[]) raw.exec(`drop trigger ${name}`);
  const familyId = (raw.prepare('select id from families').get() as { id: string }).id;
  const insertBook = raw.prepare("insert into books (id, family_id, title, status, created_at, updated_at) values (?, ?, ?, 'draft', ?, ?)");
  const insertPage = raw.prepare('insert into pages (id, book_id, order_index, created_at, updated_at) values (?, ?, ?, ?, ?)');
  const insertVersion = raw.prepare(
    "insert into page_versions (id, page_id, version_number, text_content, reason, created_at) values (?, ?, 1, '', 'created', ?)",
  );
  const createRaw = raw.transaction((title: string) => {
    const now = new Date().toISOString();
    const bookId = randomUUID();
    insertBook.run(bookId, familyId, title, now, now);
    for (let index = 0; index < 16; index++) {
      const pageId = randomUUID();
      insertPage.run(pageId, bookId, index, now, now);
      insertVersion.run(randomUUID(), pageId, now);
    }
  });
  const listRaw = raw.prepare(
    `select books.*, (select count(*) from pages where pages.book_id = books.id and pages.deleted = 0) as page_count
     from books where family_id = ? and deleted = 0 and soft_deleted_until is null order by updated_at desc`,
  );

  const createCore = await measure(async () => ok(await reopened.dispatch('library.create', { title: 'Bench book', pageCount: 16 })));
  const createBaseline = await measure(() => createRaw('Bench book'));

  while (ok<unknown[]>(await reopened.dispatch('library.list', { view: 'shelf' })).length < SHELF_SIZE) {
    ok(await reopened.dispatch('library.create', { title: 'Filler', pageCount: 16 }));
  }
  while ((listRaw.all(familyId) as unknown[]).length < SHELF_SIZE) createRaw('Filler');
  const listCore = await measure(async () => ok(await reopened.dispatch('library.list', { view: 'shelf' })));
  const listBaseline = await measure(() => listRaw.all(familyId));

  const book = ok<{ pages: { id: string }[] }>(await reopened.dispatch('library.create', { title: 'Edits', pageCount: 16 }));
  let edit = 0;
  const editCore = await measure(async () => ok(await reopened.dispatch('pages.updateText', { pageId: book.pages[0]!.id, text: `Draft ${edit++}` })));

  const rows = [
    ['create a 16-page book', createCore, createBaseline],
    [`list a shelf of ${SHELF_SIZE} books`, listCore, listBaseline],
    ['save a page edit (+ version, sync record)', editCore, null],
  ] as const;

  console.log(`\nLibrary — ${ROUNDS} rounds each, median milliseconds`);
  for (const [name, core, baseline] of rows) {
    const ratio = baseline ? ` | baseline ${baseline.toFixed(3)} ms | ratio ${(core / baseline).toFixed(2)}x` : '';
    line(name, `core ${core.toFixed(3)} ms${ratio}`);
  }

  raw.close();
  await reopened.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
