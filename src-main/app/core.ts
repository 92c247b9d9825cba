import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { BridgeEventMessage, BridgeEvents, EventName } from '../../src-preload/contract';
import { createAssetStore } from '../assets/asset-store';
import { createBackupService, restorePendingBackup } from '../backup/backup-service';
import { createCharacterService } from '../characters/character-service';
import { createFamilyService } from '../family/family-service';
import { createProfileSession } from '../family/profile-session';
import { createLibraryService } from '../library/library-service';
import { createHeldPages } from '../pages/held-pages';
import { pruneHistory } from '../pages/page-history';
import { createPageService } from '../pages/page-service';
import type { SecretStore } from '../settings/secrets';
import { createSettingsStore } from '../settings/settings-store';
import { systemClock, type Clock } from '../store/clock';
import { openStore } from '../store/open-store';
import type { Logger } from '../logging';
import { createExportService } from '../export/export-service';
import { PRESS_PROFILE } from '../export/pdfx';
import { createPdfWriter, forkPdfWriter, type LaunchPdfWriter } from '../export/pdf-writer';
import { createTextFitter, type TextFitter } from '../export/page-text';
import { createRenditions } from '../export/renditions';
import { createNarratedBooks } from '../export/narrated-book';
import { createEpubExport } from '../export/epub/epub-export';
import { createBookAudioExport } from '../export/audio/book-audio-export';
import { packageRoot } from './data-dir';
import { createGenerationService, DEFAULT_PRICES, PRICES_SETTINGS_KEY, type GenerationServiceOptions } from '../generation/generation-service';
import { createProviderRegistry } from '../generation/providers/provider-registry';
import { createNarrationService } from '../narration/narration-service';
import { providerFactories } from '../generation/providers/provider-factories';
import { createFamilySync } from '../sync/family-sync';
import { createUpdateFlow, type Updater } from '../updates/update-flow';
import type { AskWhereToSave } from '../export/save-export';

export interface CoreOptions {
  dataDir: string;
  secrets: SecretStore;
  log: Logger;
  clock?: Clock;
  nativeBinding?: string;
  /** Where provider choices may be overridden (STORYSPROUT_TEXT_PROVIDER, OPENAI_BASE_URL…). */
  env?: NodeJS.ProcessEnv;
  /**
   * Whether this process works through the generation queue. The desktop app, the browser host
   * and `make`/`resume` do; a one-shot command such as `books list` must not start paid work it
   * would abandon a moment later.
   */
  runQueue?: boolean;
  generation?: Partial<Pick<GenerationServiceOptions, 'leaseMs' | 'retry' | 'random' | 'settings'>>;
  /** The app's bundled files (fonts); the package's resources/ folder by default. */
  resourcesDir?: string;
  /** How the PDF writer process starts: a Node child process unless the Electron shell says otherwise. */
  launchPdfWriter?: LaunchPdfWriter;
  /**
   * Whether this process keeps the library in sync by itself (on change, on an interval, when
   * the server nudges). The app and the browser host do; the CLI syncs when told to.
   */
  syncInBackground?: boolean | { intervalMs?: number; debounceMs?: number };
  /** The installed app's self-updater (electron-updater); none in the browser host and the CLI. */
  updater?: Updater;
  /** Electron's Save dialog, for `export.save`; the browser host and the CLI have none. */
  askWhereToSave?: AskWhereToSave;
}

/** Files inside a data folder; the desktop app, the browser host and the CLI all agree on them. */
export const dataFiles = (dataDir: string) => ({
  database: path.join(dataDir, 'library.sqlite'),
  assets: path.join(dataDir, 'assets'),
  exports: path.join(dataDir, 'exports'),
});

/**
 * The whole of StorySprout that is not a window: store, domain services, who is at the computer,
 * and the events windows listen to. Plain Node, so the CLI, the browser host, Electron's main
 * process and the tests all run the same core.
 */
export async function createCore(options: CoreOptions) {
  const clock = options.clock ?? systemClock;
  const files = dataFiles(options.dataDir);
  const restored = restorePendingBackup({ dataDir: options.dataDir, libraryFile: files.database, now: clock.now(), nativeBinding: options.nativeBinding });
  if (restored) options.log.info({ backup: restored }, 'brought back a backup, as asked; the library it replaced is kept in backups');
  const store = await openStore({ file: files.database, nativeBinding: options.nativeBinding, wallClock: () => clock.now().getTime() });
  const context = { db: store.db, clock };

  const settings = createSettingsStore(context);
  const backups = createBackupService({ store, dataDir: options.dataDir, clock, nativeBinding: options.nativeBinding });
  const assets = createAssetStore({ ...context, dir: files.assets });
  const families = createFamilyService(context);
  const library = createLibraryService(context);
  const pages = createPageService(context);
  const characters = createCharacterService({ ...context, assets });

  const providers = createProviderRegistry({
    settings,
    secrets: options.secrets,
    env: options.env ?? process.env,
    factories: providerFactories,
    // Read when a book is made, long after the sync below is set up.
    cloud: () => sync.cloudAi(),
  });

  const family = await families.ensureFamily();
  const profile = await createProfileSession({ family, families, settings, clock });
  const held = createHeldPages({ db: store.db, isParent: profile.isParent });
  const purged = await library.purgeExpired();
  if (purged > 0) options.log.info({ purged }, 'emptied books that stayed in the trash past their date');
  const pruned = await pruneHistory(store.db, { now: clock.now() });
  if (pruned > 0) options.log.info({ pruned }, 'let go of page versions past the history rule');

  const emitter = new EventEmitter();
  emitter.setMaxListeners(50);
  const events = {
    emit<N extends EventName>(name: N, payload: BridgeEvents[N]): void {
      emitter.emit('event', { name, payload } as BridgeEventMessage);
    },
    subscribe(listener: (message: BridgeEventMessage) => void): () => void {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
  };

  const sync = createFamilySync({
    db: store.db,
    changes: store.changes,
    assets,
    clock,
    secrets: options.secrets,
    log: options.log,
    localFamilyId: family.id,
    renameLocalFamily: async (name) => {
      await families.rename(family.id, name);
      events.emit('family.changed', { memberId: null });
    },
    onStatus: (status) => events.emit('sync.status', status),
    onPulled: () => {
      events.emit('library.changed', { bookId: null });
      events.emit('characters.changed', { characterId: null });
    },
    background: options.syncInBackground ? (options.syncInBackground === true ? {} : options.syncInBackground) : undefined,
  });

  const generation = createGenerationService({
    db: store.db,
    clock,
    log: options.log,
    assets,
    providers,
    emit: events.emit,
    prices: async () => ({ ...DEFAULT_PRICES, ...((await settings.get<Record<string, number>>(PRICES_SETTINGS_KEY)) ?? {}) }),
    settings: async () => {
      const { reviewCast, consistencyRedraws } = await providers.load();
      return { reviewCast, consistencyRedraws };
    },
    characters: {
      async saveFromPortrait(input) {
        const saved = await characters.saveFromPortrait(input);
        events.emit('characters.changed', { characterId: saved.id });
        return saved;
      },
    },
    ...options.generation,
  });
  // Its kinds of job join the queue before the queue resumes what a quit or crash left.
  const narration = createNarrationService({ db: store.db, clock, log: options.log, assets, providers, queue: { enqueue: generation.queue.enqueue, poke: generation.queue.poke, addWork: generation.addWork }, emit: events.emit });
  if (options.runQueue) await generation.resume();

  const updates = createUpdateFlow({
    updater: options.updater ?? null,
    busy: async () => {
      if ((await generation.openGenerations()).length > 0) return 'a book is being made';
      const { state, pending } = await sync.status();
      return pending > 0 && state !== 'signed-out' && state !== 'no-family' ? 'changes are waiting to reach the family' : null;
    },
    syncNow: () => sync.syncNow(),
    onChange: (view) => events.emit('update.status', view),
    log: options.log,
  });

  const resourcesDir = options.resourcesDir ?? path.join(packageRoot(), 'resources');
  const fontDir = path.join(resourcesDir, 'fonts');
  const pdfWriter = createPdfWriter(options.launchPdfWriter ?? forkPdfWriter(), fontDir);
  // Reading the fonts takes a moment: only when the first book is exported, not at start-up.
  let fitter: TextFitter | null = null;
  const textFitter = () => (fitter ??= createTextFitter(fontDir));
  const renditions = createRenditions({ db: store.db, clock, assets, writer: pdfWriter });
  const familyName = async (familyId: string) => (await families.get(familyId)).name;
  const exporter = createExportService({
    assets,
    library,
    familyName,
    textFitter,
    pressProfile: path.join(resourcesDir, 'icc', PRESS_PROFILE.file),
    exportDir: files.exports,
    writer: pdfWriter,
    renditions,
  });
  const narratedBooks = createNarratedBooks({ db: store.db, library, narration, assets, familyName });
  const epubExport = createEpubExport({ narratedBooks, assets, renditions, textFitter, fontDir, exportDir: files.exports, clock });
  const bookAudioExport = createBookAudioExport({ narratedBooks, exportDir: files.exports });

  return {
    dataDir: options.dataDir,
    store,
    clock,
    log: options.log,
    secrets: options.secrets,
    settings,
    assets,
    families,
    library,
    pages,
    characters,
    profile,
    held,
    providers,
    generation,
    narration,
    exporter,
    epubExport,
    bookAudioExport,
    askWhereToSave: options.askWhereToSave,
    backups,
    events,
    sync,
    updates,
    async close() {
      updates.stop();
      await sync.close();
      pdfWriter.close();
      await generation.stop();
      await store.close();
    },
  };
}

export type Core = Awaited<ReturnType<typeof createCore>>;
