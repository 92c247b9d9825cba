import type { Command } from 'commander';
import type { PageNarrationView } from '../../src-preload/contract';
import { call, CliError, dataDirOption, openCliApp, untilInterrupted, type Io } from './cli-support';
import { parseDecimal } from './parse-options';

/** `narrate`: reads a book aloud with the family's speech service, page by page, and waits until it is done. */
export function registerNarrationCommand(program: Command, io: Io): void {
  program
    .command('narrate')
    .description('read every page of a book aloud that has no narration of its words in this voice yet (STORYSPROUT_SPEECH_PROVIDER chooses the service)')
    .argument('<book-id>', 'the book')
    .option('--voice <name>', "the voice, as the speech service names it (OpenAI's: alloy, ash, ballad, coral, echo, fable, nova, onyx, sage, shimmer, verse)")
    .option('--speed <n>', 'the pace, from 0.25 to 4 (1 is the voice’s own)', parseDecimal)
    .option(...dataDirOption)
    .action(async (bookId: string, options: { voice?: string; speed?: number; dataDir?: string }) => {
      const app = await openCliApp(options.dataDir, { runQueue: true });
      const interrupted = untilInterrupted();
      try {
        const asked = await call(app, 'narration.narrate', { bookId, voice: options.voice, speed: options.speed });
        io.err(`Reading ${asked.queued} ${asked.queued === 1 ? 'page' : 'pages'} aloud (${asked.alreadyRead} already read, ${asked.recorded} recorded by the family).\n`);
        const finished = await Promise.race([app.core.narration.whenSettled(bookId).then(() => true), interrupted.promise.then(() => false)]);
        if (!finished) throw new CliError(`Stopped. Run "storysprout narrate ${bookId}" again to finish; what was read is kept and not paid for twice.`);
        const { pages } = await call(app, 'narration.book', { bookId });
        for (const [index, page] of pages.entries()) io.out(`Page ${index + 1}: ${describe(page)}\n`);
        const failed = pages.find((page) => page.state === 'failed');
        if (failed && failed.state === 'failed') throw new CliError(`A page could not be read aloud: ${failed.problem}`);
      } finally {
        interrupted.dispose();
        await app.close();
      }
    });
}

function describe(page: PageNarrationView): string {
  switch (page.state) {
    case 'ready':
    case 'out-of-date':
      return `${page.state === 'ready' ? 'read' : 'read from words that have changed since'} by ${page.readerName}, ${(page.durationMs / 1000).toFixed(1)} s, ${page.words.length} words timed`;
    case 'failed':
      return `not read: ${page.problem}`;
    case 'reading':
      return 'still being read';
    case 'none':
      return 'not read (no words, or waiting for a grown-up)';
  }
}
