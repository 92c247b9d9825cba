import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import type { AskWhereToSave } from '../export/save-export';

/** The kinds of file an export makes, as the dialog's type list names them. */
const FILE_TYPES: Record<string, string> = { pdf: 'PDF', epub: 'EPUB ebook', mp3: 'MP3 audio' };

/** Electron's Save dialog, over the window the family pressed Save in, starting in Documents with the book's name. */
export const saveDialog: AskWhereToSave = async (suggestedName) => {
  const extension = path.extname(suggestedName).slice(1);
  const options = { defaultPath: path.join(app.getPath('documents'), suggestedName), filters: [{ name: FILE_TYPES[extension] ?? extension, extensions: [extension] }] };
  const parent = BrowserWindow.getFocusedWindow();
  const { canceled, filePath } = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return canceled || !filePath ? null : filePath;
};
