import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { BookSummary, CallArgs, CallName, CallResult } from '../../src-preload/contract';
import { defaultDataDir, packageRoot } from '../app/data-dir';
import { openApp, type App } from '../app/open-app';
import { UserFacingError } from '../errors';
import { startBrowserHost } from '../host/browser-host';
import { createLogger } from '../logging';
import { environmentSecrets } from '../settings/secrets';

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** An error the CLI prints as one line and exits on; no stack trace for a family to decipher. */
class CliError extends Error {}

/**
 * `storysprout`: the same core as the desktop app, for scripts, tests and machines without a
 * window. Calls go through the bridge's dispatcher, so arguments are checked exactly as the
 * window's are. Resolves to the exit code.
 */
export async function runCli(argv: string[], io: Io = defaultIo): Promise<number> {
  const program = new Command('storysprout')
    .description('Make illustrated picture books with your family.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: () => {} })
    .showSuggestionAfterError();

  const withApp = async <T>(dataDir: string | undefined, use: (app: App) => Promise<T>): Promise<T> => {
    const app = await openApp({
      dataDir: path.resolve(dataDir ?? defaultDataDir()),
      secrets: environmentSecrets(),
      log: createLogger({ level: process.env.STORYSPROUT_LOG_LEVEL ?? 'warn' }),
    });
    try {
      return await use(app);
    } finally {
      await app.close();
    }
  };

  const call = async <N extends CallName>(app: App, name: N, input: CallArgs<N>): Promise<CallResult<N>> => {
    const response = await app.dispatch(name, input);
    if (!response.ok) throw new CliError(response.error.message);
    return response.value as CallResult<N>;
  };

  const dataDirOption = ['--data-dir <dir>', 'the library folder (default: the desktop app’s)'] as const;

  program
    .command('host')
    .description('serve the app to a browser on this computer (127.0.0.1 only)')
    .option(...dataDirOption)
    .option('--port <n>', 'the port to listen on (default: any free one)', parsePort)
    .action(async (options: { dataDir?: string; port?: number }) => {
      const log = createLogger();
      const app = await openApp({ dataDir: path.resolve(options.dataDir ?? defaultDataDir()), secrets: environmentSecrets(), log });
      const host = await startBrowserHost({
        core: app.core,
        dispatch: app.dispatch,
        rendererDir: path.join(packageRoot(), 'out', 'renderer'),
        port: options.port,
      }).catch(async (error: unknown) => {
        await app.close();
        throw error;
      });
      io.out(`${host.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await app.close();
    });

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

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      io.err(`storysprout: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    if (error instanceof CliError || error instanceof UserFacingError) {
      io.err(`storysprout: ${error.message}\n`);
      return 1;
    }
    io.err(`storysprout: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function parseWholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number.');
  return Number(value);
}

function parsePort(value: string): number {
  const port = parseWholeNumber(value);
  if (port < 1 || port > 65535) throw new InvalidArgumentError('must be between 1 and 65535.');
  return port;
}

function formatBookTable(list: BookSummary[]): string {
  if (list.length === 0) return 'No books yet. Make one with: storysprout books create --title "..." --pages 8\n';
  const rows = list.map((book) => [book.id, book.status, String(book.pageCount), book.title]);
  const header = ['ID', 'STATUS', 'PAGES', 'TITLE'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n';
}
