import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';
import { testApp } from '../../tests/support/test-app';
import type { AskWhereToSave } from './save-export';

const PDF = Buffer.from('%PDF-1.7\n% a book\n%%EOF\n');

/** The app with a PDF already made (written where export.pdf writes it), and a Save dialog the test answers. */
async function appWithAnExport(answer: (suggestedName: string) => string | null) {
  const askWhereToSave = vi.fn<AskWhereToSave>(async (suggestedName) => answer(suggestedName));
  const app = await testApp({ askWhereToSave });
  const book = await app.call('library.create', { title: 'The Moon Cat', pageCount: 2 });
  const exportId = `${book.id}-interior-lulu-paperback-8.5x8.5-full-bleed.pdf`;
  fs.mkdirSync(path.join(app.dataDir, 'exports'), { recursive: true });
  fs.writeFileSync(path.join(app.dataDir, 'exports', exportId), PDF);
  return { app, exportId, askWhereToSave };
}

describe('saving a PDF where the family chooses', () => {
  it('asks with the book’s name and copies the PDF to the file chosen in the dialog', async () => {
    const chosen = path.join(tempDir(), 'For Grandma.pdf');
    const { app, exportId, askWhereToSave } = await appWithAnExport(() => chosen);
    expect(await app.call('export.save', { exportId, fileName: 'The Moon Cat.pdf' })).toEqual({ savedTo: chosen });
    expect(askWhereToSave).toHaveBeenCalledWith('The Moon Cat.pdf');
    expect(fs.readFileSync(chosen)).toEqual(PDF);
  });

  it('saves the read-along ebook and the book’s audio the same way, and names them for what they are', async () => {
    const chosen = path.join(tempDir(), 'For Grandma.epub');
    const { app, askWhereToSave } = await appWithAnExport(() => chosen);
    const book = (await app.call('library.list', { view: 'shelf' }))[0]!;
    const exports = path.join(app.dataDir, 'exports');
    fs.writeFileSync(path.join(exports, `${book.id}-read-along.epub`), 'an ebook');
    expect(await app.call('export.save', { exportId: `${book.id}-read-along.epub`, fileName: 'The Moon Cat.epub' })).toEqual({ savedTo: chosen });
    expect(askWhereToSave).toHaveBeenCalledWith('The Moon Cat.epub');
    expect(fs.readFileSync(chosen, 'utf8')).toBe('an ebook');
    expect(await app.dispatch('export.save', { exportId: `${book.id}-read-aloud.mp3`, fileName: 'The Moon Cat.mp3' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That audio file was not found. It may have been deleted.' },
    });
  });

  it('does nothing when the family cancels the dialog', async () => {
    const { app, exportId } = await appWithAnExport(() => null);
    expect(await app.call('export.save', { exportId, fileName: 'The Moon Cat.pdf' })).toEqual({ savedTo: null });
  });

  it('takes no place from the window: only an export’s id and a plain name to suggest', async () => {
    const { app, exportId, askWhereToSave } = await appWithAnExport(() => null);
    for (const [input, says] of [
      [{ exportId, fileName: 'a.pdf', path: '/tmp/elsewhere.pdf' }, /unexpected field “path”/],
      [{ exportId, fileName: '../../.bashrc.pdf' }, /fileName is a plain name ending in \.pdf, \.epub or \.mp3, with no folder/],
      [{ exportId, fileName: '/etc/cron.d/x.pdf' }, /fileName is a plain name/],
      [{ exportId, fileName: 'C:\\Users\\x.pdf' }, /fileName is a plain name/],
      [{ exportId, fileName: 'notes.txt' }, /fileName is a plain name/],
      [{ exportId: '../library.sqlite', fileName: 'a.pdf' }, /exportId names a file that an export made/],
      [{ exportId: '/etc/passwd', fileName: 'a.pdf' }, /exportId names a file/],
      [{ exportId: exportId.replace(/\.pdf$/, '.epub'), fileName: 'a.epub' }, /exportId names a file/],
    ] as const) {
      expect(await app.dispatch('export.save', input), JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(says) } });
    }
    expect(askWhereToSave).not.toHaveBeenCalled();
  });

  it('says so, without asking, when there is no such PDF', async () => {
    const { app, askWhereToSave } = await appWithAnExport(() => null);
    const missing = '01930000-0000-7000-8000-000000000000-interior-lulu-paperback-8.5x8.5-full-bleed.pdf';
    expect(await app.dispatch('export.save', { exportId: missing, fileName: 'x.pdf' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That PDF was not found. It may have been deleted.' },
    });
    expect(askWhereToSave).not.toHaveBeenCalled();
  });

  it('never saves over the library’s own files, into a folder’s name, or to a place that is not a whole path', async () => {
    let chosen = '';
    const { app, exportId } = await appWithAnExport(() => chosen);
    const library = path.join(app.dataDir, 'library.sqlite');
    const before = fs.readFileSync(library);
    for (const [place, says] of [
      [library, 'That folder holds the library itself. Save the PDF somewhere else, such as Documents.'],
      [path.join(app.dataDir, 'exports', exportId), 'That folder holds the library itself.'],
      [app.dataDir, 'That folder holds the library itself.'],
      [tempDir(), 'That is a folder. Give the PDF a name to save it as.'],
      ['book.pdf', 'Choose where to save the PDF in the Save dialog.'],
    ] as const) {
      chosen = place;
      expect(await app.dispatch('export.save', { exportId, fileName: 'The Moon Cat.pdf' }), place).toMatchObject({ ok: false, error: { message: expect.stringContaining(says) } });
    }
    expect(fs.readFileSync(library)).toEqual(before);
  });

  it('says in plain words when the PDF cannot be written where the family chose', async () => {
    const gone = path.join(tempDir(), 'a folder removed meanwhile');
    const { app, exportId } = await appWithAnExport(() => path.join(gone, 'book.pdf'));
    expect(await app.dispatch('export.save', { exportId, fileName: 'The Moon Cat.pdf' })).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'The PDF could not be saved there: that folder is not there any more. Choose another place.' },
    });
  });

  it('is the desktop app’s alone: the browser host and the CLI, which have no Save dialog, answer that the browser downloads it', async () => {
    const app = await testApp();
    const book = await app.call('library.create', { title: 'The Moon Cat', pageCount: 2 });
    expect(await app.dispatch('export.save', { exportId: `${book.id}-interior-lulu-paperback-8.5x8.5-full-bleed.pdf`, fileName: 'The Moon Cat.pdf' })).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'Saving with a Save dialog is for the desktop app. Here, the PDF downloads through the browser.' },
    });
  });
});
