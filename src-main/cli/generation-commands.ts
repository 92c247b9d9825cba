import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ART_STYLES, type BookDetail, type GenerationView } from '../../src-preload/contract';
import type { App } from '../app/open-app';
import { call, CliError, dataDirOption, openCliApp, untilInterrupted, type Io } from './cli-support';
import { createProgressDisplay } from './progress-display';
import { parseWholeNumber } from './parse-options';

/** `make` and `resume`: the generation pipeline from a terminal, with progress and an exit code. */
export function registerGenerationCommands(program: Command, io: Io): void {
  program
    .command('make')
    .description('write and illustrate a new book, and wait until it is finished')
    .requiredOption('--prompt <text>', 'the idea for the book')
    .requiredOption('--pages <n>', 'how many pages (4-32, even)', parseWholeNumber)
    .option('--age <n>', "the reader's age (2-10)", parseWholeNumber, 5)
    .option('--language <code>', "the story's language, such as en, es or pt-BR", 'en')
    .option('--style <style>', `art style: ${ART_STYLES.join(', ')}`, 'watercolor')
    .option('--words-file <file>', "the child's own story, kept word for word and split into the pages (UTF-8 text; a blank line between pages)")
    .option('--fix-spelling', "with --words-file: correct only the spelling (needs an AI story writer)")
    .option('--no-review', 'draw the pages straight after the cast, without stopping to meet it')
    .option('--json', 'print the finished book as JSON')
    .option(...dataDirOption)
    .action(
      async (options: { prompt: string; pages: number; age: number; language: string; style: string; wordsFile?: string; fixSpelling?: boolean; review: boolean; json?: boolean; dataDir?: string }) => {
        const ownWords = options.wordsFile ? await readWordsFile(options.wordsFile) : undefined;
        await runGeneration(io, options.dataDir, options.json === true, async (app) => [
          await call(app, 'generation.start', {
            idea: options.prompt,
            pageCount: options.pages,
            readerAge: options.age,
            language: options.language,
            artStyle: options.style as (typeof ART_STYLES)[number],
            ownWords,
            fixSpelling: options.fixSpelling === true,
            // Only --no-review decides here; without it, the family's setting does.
            ...(options.review ? {} : { reviewCast: false }),
          }),
        ]);
      },
    );

  program
    .command('draw')
    .description("draw a book's pages once its cast has been met (after `make` stopped to show it)")
    .argument('<book-id>', 'the book, as `make` printed it')
    .option('--json', 'print the finished book as JSON')
    .option(...dataDirOption)
    .action(async (bookId: string, options: { json?: boolean; dataDir?: string }) => {
      await runGeneration(io, options.dataDir, options.json === true, async (app) => [await call(app, 'generation.drawBook', { bookId })]);
    });

  program
    .command('resume')
    .description('finish what an interrupted run left')
    .option('--json', 'print the finished books as JSON')
    .option(...dataDirOption)
    .action(async (options: { json?: boolean; dataDir?: string }) => {
      await runGeneration(io, options.dataDir, options.json === true, async (app) => {
        const open = await app.core.generation.openGenerations();
        if (open.length === 0) io.err('Nothing to resume: every book is finished.\n');
        return Promise.all(
          open.map(async (id) => {
            const row = await app.core.store.db.selectFrom('generations').select('book_id').where('id', '=', id).executeTakeFirstOrThrow();
            return (await call(app, 'generation.status', { bookId: row.book_id }))!;
          }),
        );
      });
    });
}

async function runGeneration(io: Io, dataDir: string | undefined, json: boolean, begin: (app: App) => Promise<GenerationView[]>): Promise<void> {
  const app = await openCliApp(dataDir, { runQueue: true });
  const interrupted = untilInterrupted();
  try {
    const generations = await begin(app);
    const books = new Map<string, BookDetail>();
    for (const generation of generations) books.set(generation.bookId, await call(app, 'library.get', { bookId: generation.bookId }));
    const totalPages = Math.max(0, ...[...books.values()].map((book) => book.pageCount));
    const display = createProgressDisplay(io, totalPages);
    const watched = new Set(generations.map((generation) => generation.id));
    const unsubscribe = app.core.events.subscribe((message) => {
      if (message.name === 'generation.progress' && watched.has(message.payload.generationId)) display.update(message.payload);
    });

    const finished = await Promise.race([
      Promise.all(generations.map((generation) => app.core.generation.settled(generation.id))),
      interrupted.promise.then(() => null),
    ]);
    unsubscribe();
    display.stop();
    if (!finished) throw new CliError('Stopped. Run "storysprout resume" to finish the book later; nothing is lost.');

    const results = await Promise.all(finished.map((generation) => call(app, 'library.get', { bookId: generation.bookId })));
    if (json) io.out(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
    for (const [index, generation] of finished.entries()) {
      const book = results[index]!;
      if (json) continue;
      if (generation.status === 'reviewing') {
        io.out(meetTheCast(book));
        continue;
      }
      const draft = generation.offlineDraft ? ' (offline draft)' : '';
      io.out(`${generation.status === 'complete' ? 'Made' : 'Did not finish'} “${book.title}”${draft}, ${book.pageCount} pages: ${book.id}\n`);
      if (book.readingLevel) io.out(`Reading level: ${book.readingLevel}\n`);
    }
    const failed = finished.find((generation) => generation.status !== 'complete' && generation.status !== 'reviewing');
    if (failed) throw new CliError(failed.error ?? `The book was ${failed.status}.`);
  } finally {
    interrupted.dispose();
    await app.close();
  }
}

/** The cast a paused book waits with, and how to go on: the window shows the portraits, a terminal their names and looks. */
export function meetTheCast(book: BookDetail): string {
  const lines = [`“${book.title}” is written, and its cast is ready to meet (${book.id}):`];
  for (const member of book.cast) {
    const portrait = member.portraitAssetSha256 ? '' : ` (${member.portraitProblem ?? 'no portrait'})`;
    lines.push(`  ${member.name}: ${member.look}${portrait}`);
  }
  lines.push(`Open the book in StorySprout to see their portraits, redraw one or change a look; or draw the pages now with: storysprout draw ${book.id}`, '');
  return lines.join('\n');
}

async function readWordsFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`Could not read the words in ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
