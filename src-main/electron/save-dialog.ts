import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { AskWhereToSave } from '../export/save-export';

/** Electron's Save dialog, over the window when there is one, starting in Documents with the book's name. */
export const saveDialog =
  (window: () => BrowserWindow | null): AskWhereToSave =>
  async (suggestedName) => {
    const options = { defaultPath: path.join(app.getPath('documents'), suggestedName), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
    const parent = window();
    const { canceled, filePath } = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return canceled || !filePath ? null : filePath;
  };
