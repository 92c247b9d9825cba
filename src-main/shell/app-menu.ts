/** The menu roles used here: each is one of Electron's own, so a template passes to Menu.buildFromTemplate as it is. */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'minimize'
  | 'zoom'
  | 'front';

export type MenuEntry = { role: MenuRole } | { type: 'separator' } | { label: string; submenu: MenuEntry[] };

const separator: MenuEntry = { type: 'separator' };

/**
 * The application menu. The Edit menu's roles are what make copy and paste work in the window on
 * macOS, where keyboard shortcuts reach text through the menu. Electron's default menu would add
 * Reload and Developer Tools; a built app has neither, so a child cannot open a console or lose
 * a page by reloading. macOS gets its app menu (About, Hide, Quit) first.
 */
export function appMenuTemplate(options: { appName: string; platform: NodeJS.Platform; isPackaged: boolean }): MenuEntry[] {
  const mac = options.platform === 'darwin';
  const forDevelopers: MenuEntry[] = options.isPackaged ? [] : [separator, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }];
  return [
    ...(mac
      ? [
          {
            label: options.appName,
            submenu: [{ role: 'about' }, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
          } satisfies MenuEntry,
        ]
      : []),
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(mac ? [{ role: 'pasteAndMatchStyle' } satisfies MenuEntry] : []),
        { role: 'delete' },
        separator,
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }, ...forDevelopers] },
    { label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
  ];
}
