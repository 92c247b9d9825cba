import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import type { AskWhereToSave } from '../export/save-export';

/** Electron's Save dialog, over the window the family pressed Save in, starting in Documents with the book's name. */
export const saveDialog: AskWhereToSave = async (suggestedName) => {
  const options = { defaultPath: path.join(app.getPath('documents'), suggestedName), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
  const parent = BrowserWindow.getFocusedWindow();
  const { canceled, filePath } = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return canceled || !filePath ? null : filePath;
};
