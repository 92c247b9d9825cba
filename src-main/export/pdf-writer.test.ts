import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';
import { testApp } from '../../tests/support/test-app';
import { exportOptionsSchema } from '../../src-preload/contract';
import { createPdfWriter, forkPdfWriter, type LaunchPdfWriter, type WriterChannel } from './pdf-writer';
import type { WriterRequest } from './pdf-writer-protocol';

const fontDir = path.resolve(import.meta.dirname, '../../resources/fonts');

/** The real writer process, with a hand on each one started; the first dies the moment it is asked for `dieOn`. */
function watchedWriter(dieOn?: WriterRequest['kind']) {
  const started: WriterChannel[] = [];
  const launch: LaunchPdfWriter = (dir) => {
    const channel = forkPdfWriter('source')(dir);
    const first = started.length === 0;
    started.push(channel);
    if (!first || !dieOn) return channel;
    return {
      ...channel,
      send(request) {
        channel.send(request);
        if (request.kind === dieOn) channel.kill();
      },
    };
  };
  return { launch, started };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('the PDF writer process', () => {
  it.each([
    ['write', 'the book was written'],
    ['print-jpeg', 'the picture was made ready for print'],
  ] as const)('fails the export with a clear error when it dies (asked to %s), leaves no half-made file, and a new one does the next', async (dieOn, unfinished) => {
    const { launch, started } = watchedWriter(dieOn);
    const app = await testApp({ runQueue: true, launchPdfWriter: launch });
    const made = await app.call('generation.start', { idea: 'a snail who races the rain', pageCount: 4, readerAge: 5 });
    await app.core.generation.settled(made.id);
    const options = exportOptionsSchema.parse({ bookId: made.bookId, service: 'home-printer' });
    const file = path.join(tempDir(), 'book.pdf');

    const exporting = app.core.exporter.exportPdf(app.core.profile.familyId, options, { interior: file });
    await expect(exporting).rejects.toThrow(new RegExp(`The PDF writer stopped \\(exit code .*\\) before ${unfinished}\\.`));
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);

    const again = await app.core.exporter.exportPdf(app.core.profile.familyId, options, { interior: file });
    expect(started).toHaveLength(2);
    expect(again.interior.pageCount).toBe(6);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.readdirSync(app.core.assets.dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('stays up between exports and stops once idle, and a warm-up starts it before it is needed', async () => {
    const { launch, started } = watchedWriter();
    const exits: (number | null)[] = [];
    const writer = createPdfWriter((dir) => {
      const channel = launch(dir);
      channel.onExit((code) => exits.push(code));
      return channel;
    }, fontDir, 200);
    writer.warmUp();
    writer.warmUp();
    expect(started).toHaveLength(1);
    await until(() => exits.length === 1);
    expect(started).toHaveLength(1);
    writer.close();
  });

  it('reports a book it cannot write, such as a picture outside the library folder', async () => {
    const writer = createPdfWriter(forkPdfWriter('source'), fontDir);
    try {
      const outside = path.join(tempDir(), 'elsewhere.jpg');
      fs.writeFileSync(outside, 'not really a picture');
      const page = { x: 0, y: 0, width: 612, height: 612 };
      const job = {
        file: path.join(tempDir(), 'out.pdf'),
        title: 't',
        author: 'a',
        allowedDirs: [tempDir()],
        pageSize: { width: 612, height: 612 },
        pages: [{ elements: [{ kind: 'picture' as const, file: outside, box: page }], trim: page }],
      };
      await expect(writer.write(job)).rejects.toThrow(/The PDF could not be written: .*elsewhere\.jpg/);
    } finally {
      writer.close();
    }
  });
});
