import fs from 'node:fs';
import path from 'node:path';
import { NotFoundError, UserFacingError } from '../errors';

/**
 * Asks the family where to keep a file, suggesting a name: Electron's Save dialog in the app.
 * Resolves to the file they chose, or null when they cancelled.
 */
export type AskWhereToSave = (suggestedName: string) => Promise<string | null>;

/** What the family is saving, in their words, by the name suggested for it. */
export function exportKindOf(fileName: string): string {
  if (fileName.endsWith('.epub')) return 'ebook';
  if (fileName.endsWith('.mp3')) return 'audio file';
  return 'PDF';
}

/**
 * Copies a file made earlier (a PDF, the ebook, the audio) to the file the family chose. The
 * window names only the export and a name to suggest; where it goes comes from the dialog alone,
 * so a page cannot write anywhere by itself. Without a dialog (the browser host, the CLI) there
 * is nothing to ask: the host's window downloads the file instead.
 */
export async function saveExportAs(options: {
  /** The export's file, as the export service found it by id; null when there is no such export. */
  file: string | null;
  suggestedName: string;
  /** The library's folder: the PDF is never saved over the library's own files. */
  dataDir: string;
  askWhereToSave: AskWhereToSave | undefined;
}): Promise<{ savedTo: string | null }> {
  const kind = exportKindOf(options.suggestedName);
  if (!options.askWhereToSave) {
    throw new UserFacingError('unavailable', `Saving with a Save dialog is for the desktop app. Here, the ${kind} downloads through the browser.`);
  }
  if (!options.file) throw new NotFoundError(`That ${kind}`);
  const chosen = await options.askWhereToSave(options.suggestedName);
  if (chosen === null) return { savedTo: null };

  if (!path.isAbsolute(chosen)) throw new UserFacingError('invalid-input', `Choose where to save the ${kind} in the Save dialog.`);
  const target = path.resolve(chosen);
  if (isInside(path.resolve(options.dataDir), target)) {
    throw new UserFacingError('invalid-input', `That folder holds the library itself. Save the ${kind} somewhere else, such as Documents.`);
  }
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    throw new UserFacingError('invalid-input', `That is a folder. Give the ${kind} a name to save it as.`);
  }
  try {
    await fs.promises.copyFile(options.file, target);
  } catch (error) {
    throw new UserFacingError('unavailable', `The ${kind} could not be saved there: ${whyNotWritten((error as NodeJS.ErrnoException).code)}. Choose another place.`);
  }
  return { savedTo: target };
}

function whyNotWritten(code: string | undefined): string {
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'StorySprout may not write in that folder';
  if (code === 'ENOENT') return 'that folder is not there any more';
  if (code === 'ENOSPC') return 'the disk is full';
  return `the computer said ${code ?? 'no'}`;
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative));
}
