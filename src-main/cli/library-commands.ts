import type { Command } from 'commander';
import type { BookSummary } from '../../src-preload/contract';
import { call, dataDirOption, withApp, type Io } from './cli-support';
import { parseWholeNumber } from './parse-options';

export function registerLibraryCommands(program: Command, io: Io): void {
  const books = program.command('books').description('the books in the library');
  books
    .command('list')
    .description('list the books on the shelf')
    .option(...dataDirOption)
    .option('--json', 'print JSON instead of a table')
    .option('--trash', 'list the books in the trash instead')
    .action(async (options: { dataDir?: string; json?: boolean; trash?: boolean }) => {
      await withApp(options.dataDir, async (app) => {
        const list = await call(app, 'library.list', { view: options.trash ? 'trash' : 'shelf' });
        io.out(options.json ? `${JSON.stringify(list, null, 2)}\n` : formatBookTable(list));
      });
    });

  books
    .command('create')
    .description('start a new book with empty pages')
    .requiredOption('--title <title>', 'the book’s title')
    .requiredOption('--pages <n>', 'how many pages (1-32)', parseWholeNumber)
    .option(...dataDirOption)
    .option('--json', 'print the new book as JSON')
    .action(async (options: { title: string; pages: number; dataDir?: string; json?: boolean }) => {
      await withApp(options.dataDir, async (app) => {
        const book = await call(app, 'library.create', { title: options.title, pageCount: options.pages });
        io.out(options.json ? `${JSON.stringify(book, null, 2)}\n` : `Created “${book.title}” (${book.pageCount} pages): ${book.id}\n`);
      });
    });

  books
    .command('show')
    .description('a book with every page, the words for its back cover and the state of its making')
    .argument('<book-id>', 'the book’s id, as `books list` prints it')
    .option(...dataDirOption)
    .option('--json', 'print JSON instead of text')
    .action(async (bookId: string, options: { dataDir?: string; json?: boolean }) => {
      await withApp(options.dataDir, async (app) => {
        const book = await call(app, 'library.get', { bookId });
        const generation = await call(app, 'generation.status', { bookId });
        if (options.json) {
          io.out(`${JSON.stringify({ ...book, generation }, null, 2)}\n`);
          return;
        }
        const lines = [`${book.title} — ${book.status}, ${book.pageCount} pages${generation?.offlineDraft ? ' (offline draft)' : ''}`];
        for (const [index, page] of book.pages.entries()) {
          lines.push(`  ${String(index + 1).padStart(2)}. [${page.generateStatus}] ${page.text || '(no words yet)'}${page.heldReason ? ` — held: ${page.heldReason}` : ''}`);
        }
        lines.push(`  Back cover: ${book.blurb || '(no words yet)'}`);
        io.out(`${lines.join('\n')}\n`);
      });
    });
}

function formatBookTable(list: BookSummary[]): string {
  if (list.length === 0) return 'No books yet. Make one with: storysprout make --prompt "..." --pages 8\n';
  const rows = list.map((book) => [book.id, book.status, String(book.pageCount), book.title]);
  const header = ['ID', 'STATUS', 'PAGES', 'TITLE'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n';
}
