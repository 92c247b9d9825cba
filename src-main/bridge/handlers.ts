import { PRINT_SERVICE_IDS, type CallInput, type CallName, type CallResult, type ExportFile, type GenerationSettingsView, type NarratedExportFile, type ModerationView, type SecretsStatus } from '../../src-preload/contract';
import { PRINT_SERVICES } from '../export/print-services';
import { DEFAULT_PRICES, PRICES_SETTINGS_KEY } from '../generation/generation-service';
import { familyThresholds, setFamilyThresholds } from '../generation/moderation-policy';
import { PROVIDER_SETTINGS_KEY } from '../generation/providers/provider-registry';
import type { Core } from '../app/core';
import { UserFacingError } from '../errors';
import { listenForBrowserSignIn } from '../sync/loopback-sign-in';
import { saveExportAs } from '../export/save-export';

export type BridgeHandlers = {
  [N in CallName]: (input: CallInput<N>) => Promise<CallResult<N>>;
};

/**
 * One handler per bridge call, each a thin step from the validated input to a domain service,
 * acting for the family and member at the computer, and announcing what it changed. Every page
 * and history it returns passes through `held`, the one rule for what moderation held back.
 */
/** What the window learns of a file an export made: never where it is on disk. */
const exportFileView = ({ exportId, fileName, bytes, pageCount }: ExportFile): ExportFile => ({ exportId, fileName, bytes, pageCount });
const narratedFileView = (made: NarratedExportFile): NarratedExportFile => ({ ...exportFileView(made), durationMs: made.durationMs, pagesWithoutNarration: made.pagesWithoutNarration });

export function createHandlers(core: Core): BridgeHandlers {
  const { library, pages, characters, families, profile, held, events, secrets, generation, narration, providers, settings, store, clock, exporter, backups, sync, log } = core;
  const familyId = profile.familyId;
  const memberId = () => profile.member.id;

  // Review is for parents (the contract says so); on a computer signed in to the family as a child, not even them.
  const assertReviews = async () => {
    if (!(await held.seesHeld())) throw new UserFacingError('parent-only', 'This computer is signed in to the family as a child: a parent reviews held pages on their own computer.');
  };

  const secretsStatus = (): SecretsStatus => ({
    storage: secrets.storage,
    openaiApiKey: secrets.get('openai-api-key') ? 'set' : 'unset',
    weakStorage: secrets.weakStorage(),
  });

  const effectiveProvider = async (choose: () => Promise<{ id: string }>) =>
    choose().then(
      (provider) => provider.id,
      (error: unknown) => `not ready: ${error instanceof Error ? error.message : String(error)}`,
    );
  // Settings waits for this answer, and a server that cannot be reached should not hold it up for long.
  const referenceQuestionMs = 3000;
  const pictureReferences = async (): Promise<GenerationSettingsView['pictureReferences']> => {
    const provider = await providers.image().catch(() => null);
    if (!provider) return { mode: 'none', detail: 'No picture provider is ready, so none draws from the cast’s portraits.' };
    const signal = AbortSignal.timeout(referenceQuestionMs);
    try {
      return await provider.referenceSupport({ signal });
    } catch (error) {
      const reason = signal.aborted ? `it did not answer within ${referenceQuestionMs / 1000} seconds.` : error instanceof Error ? error.message : String(error);
      return {
        mode: 'none',
        detail: `Could not ask the picture provider (${provider.id}) whether it can draw from the cast’s portraits: ${reason} Until it can be asked, characters are kept alike by their written look and a shared seed.`,
      };
    }
  };
  const consistencyCheck = async (): Promise<GenerationSettingsView['consistency']> => {
    const writer = await providers.text().catch(() => null);
    if (!writer) return { available: false, detail: 'No story writer is ready, so drawn pages are not compared with their cast.' };
    return 'compare' in writer.consistency
      ? { available: true, detail: `${writer.consistency.model} compares each drawn page with its cast’s portraits and redraws a page whose characters differ.` }
      : { available: false, detail: writer.consistency.unavailable };
  };
  const generationSettings = async (): Promise<GenerationSettingsView> => ({
    providers: await providers.stored(),
    prices: { ...DEFAULT_PRICES, ...((await settings.get<Record<string, number>>(PRICES_SETTINGS_KEY)) ?? {}) },
    effective: { text: await effectiveProvider(() => providers.text()), image: await effectiveProvider(() => providers.image()) },
    pictureReferences: await pictureReferences(),
    consistency: await consistencyCheck(),
  });
  const moderationView = async (): Promise<ModerationView> => {
    const checker = await providers.moderation();
    return { thresholds: await familyThresholds(store.db, familyId), checker: checker.id, limits: checker.limits };
  };

  return {
    'library.list': ({ view }) => library.list(familyId, view),
    'library.get': async ({ bookId }) => held.book(await library.get(familyId, bookId)),
    'library.create': async ({ title, pageCount }) => {
      const book = await library.create({ familyId, memberId: memberId(), title, pageCount });
      events.emit('library.changed', { bookId: book.id });
      return book;
    },
    'library.rename': async ({ bookId, title }) => {
      const book = await library.rename(familyId, bookId, title);
      events.emit('library.changed', { bookId });
      return book;
    },
    'library.setBlurb': async ({ bookId, blurb }) => {
      const book = await library.setBlurb(familyId, bookId, blurb);
      events.emit('library.changed', { bookId });
      return book;
    },
    'library.trash': async ({ bookId }) => {
      const book = await library.moveToTrash(familyId, bookId);
      events.emit('library.changed', { bookId });
      return book;
    },
    'library.restore': async ({ bookId }) => {
      const book = await library.restore(familyId, bookId);
      events.emit('library.changed', { bookId });
      return book;
    },

    'pages.updateText': async ({ pageId, text }) => {
      const page = await pages.updateText({ familyId, pageId, text, memberId: memberId(), seesHeld: await held.seesHeld() });
      events.emit('library.changed', { bookId: null });
      return held.page(page);
    },
    'pages.reorder': async ({ bookId, pageIds }) => {
      const reordered = await pages.reorder({ familyId, bookId, pageIds });
      events.emit('library.changed', { bookId });
      return held.pages(reordered);
    },
    'pages.versions': async ({ pageId }) => {
      const { pageStatus, entries } = await pages.history(familyId, pageId);
      return held.history(pageStatus, entries);
    },
    'pages.restoreVersion': async ({ versionId }) => {
      const page = await pages.restoreVersion({ familyId, versionId, memberId: memberId(), seesHeld: await held.seesHeld() });
      events.emit('library.changed', { bookId: null });
      return held.page(page);
    },

    'characters.list': () => characters.list(familyId),
    'characters.create': async ({ name, traits, picture }) => {
      const character = await characters.create({
        familyId,
        name,
        traits,
        picture: picture ? Buffer.from(picture.base64, 'base64') : undefined,
      });
      events.emit('characters.changed', { characterId: character.id });
      return character;
    },
    'characters.update': async ({ characterId, name, traits, picture }) => {
      const character = await characters.update({ familyId, characterId, name, traits, picture: picture ? Buffer.from(picture.base64, 'base64') : undefined });
      events.emit('characters.changed', { characterId });
      return character;
    },
    'characters.remove': async ({ characterId }) => {
      await characters.remove(familyId, characterId);
      events.emit('characters.changed', { characterId });
      return { removed: true };
    },

    'family.get': () => families.get(familyId),
    'family.rename': async ({ name }) => {
      await families.rename(familyId, name);
      events.emit('family.changed', { memberId: null });
      return families.get(familyId);
    },
    'family.addMember': async ({ displayName, role }) => {
      const member = await families.addMember({ familyId, displayName, role });
      events.emit('family.changed', { memberId: member.id });
      return member;
    },
    'family.setPin': async ({ memberId: target, pin, currentPin }) => {
      const member = await families.setPin({ familyId, memberId: target, pin, currentPin });
      events.emit('family.changed', { memberId: member.id });
      return member;
    },

    'profile.current': () => profile.current(),
    'profile.switch': async ({ memberId: target, pin }) => {
      const current = await profile.switchTo(target, pin);
      events.emit('profile.changed', { memberId: current.member.id });
      return current;
    },

    'generation.start': (request) => generation.start({ familyId, memberId: memberId(), request }),
    'generation.status': ({ bookId }) => generation.status(familyId, bookId),
    'generation.cancel': ({ bookId }) => generation.cancel(familyId, bookId),
    'generation.redrawPage': async ({ pageId, seed }) => generation.redrawPage({ familyId, pageId, seed, seesHeld: await held.seesHeld() }),
    'generation.drawBook': ({ bookId }) => generation.drawBook(familyId, bookId),
    'narration.book': async ({ bookId }) => narration.book({ familyId, bookId, seesHeld: await held.seesHeld() }),
    'narration.narrate': ({ bookId, voice, speed }) => narration.narrateBook({ familyId, bookId, voice, speed }),
    'narration.record': async ({ pageId, sampleRate, pcm16 }) =>
      narration.record({
        familyId,
        pageId,
        reader: { id: profile.member.id, displayName: profile.member.display_name, isParent: profile.isParent() },
        seesHeld: await held.seesHeld(),
        recording: { base64: pcm16, sampleRate },
      }),
    'narration.approve': async ({ pageId }) => narration.approve({ familyId, pageId, seesHeld: await held.seesHeld() }),
    'cast.redraw': ({ castId }) => generation.redrawPortrait(familyId, castId),
    'cast.updateLook': ({ castId, look }) => generation.updateLook(familyId, castId, look),
    'cast.saveAsCharacter': ({ castId }) => generation.saveCastMemberAsCharacter(familyId, castId),
    'review.list': async () => {
      await assertReviews();
      return generation.heldPages(familyId);
    },
    'review.decide': async ({ pageId, decision }) => {
      await assertReviews();
      return generation.decide({ familyId, pageId, decision });
    },

    'settings.get': generationSettings,
    'settings.setProviders': async (chosen) => {
      await settings.set(PROVIDER_SETTINGS_KEY, chosen);
      return generationSettings();
    },
    'settings.setPrices': async ({ prices }) => {
      await settings.set(PRICES_SETTINGS_KEY, prices);
      return generationSettings();
    },
    'moderation.get': moderationView,
    'moderation.set': async ({ thresholds }) => {
      await setFamilyThresholds(store.db, clock, familyId, thresholds);
      return moderationView();
    },

    'export.services': async () =>
      PRINT_SERVICE_IDS.map((id) => {
        const { label, trims, cover, pages } = PRINT_SERVICES[id];
        return { id, label, trims: [...trims], cover: cover !== null, pages };
      }),
    'export.preflight': (options) => exporter.preflight(familyId, options),
    'export.preview': (options) => exporter.preview(familyId, options),
    'export.pdf': async (options) => {
      const made = await exporter.exportPdf(familyId, options, {}, (progress) => events.emit('export.progress', { bookId: options.bookId, ...progress }));
      return { interior: exportFileView(made.interior), cover: made.cover && exportFileView(made.cover), preflight: made.preflight };
    },
    'export.booklet': async (options) =>
      exportFileView(await exporter.exportBooklet(familyId, options, undefined, (progress) => events.emit('export.progress', { bookId: options.bookId, ...progress }))),
    'export.epub': async ({ bookId }) => narratedFileView(await core.epubExport.write(familyId, bookId)),
    'export.audio': async ({ bookId }) => narratedFileView(await core.bookAudioExport.write(familyId, bookId)),
    'export.save': ({ exportId, fileName }) =>
      saveExportAs({ file: exporter.exportFile(exportId), suggestedName: fileName, dataDir: core.dataDir, askWhereToSave: core.askWhereToSave }),

    'backups.list': async () => backups.list(),
    'backups.create': () => backups.create(),
    'backups.restoreOnNextStart': async ({ name }) => backups.restoreOnNextStart(name),
    'sync.status': () => sync.status(),
    'sync.now': async () => {
      const report = await sync.syncNow();
      return { pushed: report.pushed, pulled: report.pulled, rejected: report.rejected.length, picturesUploaded: report.picturesUploaded, picturesDownloaded: report.picturesDownloaded };
    },
    'sync.signIn': (input) => sync.signIn(input),
    'sync.confirmSignUp': ({ code }) => sync.confirmSignUp(code),
    'sync.sendSignUpCodeAgain': () => sync.sendSignUpCodeAgain(),
    'sync.startBrowserSignIn': async ({ serverUrl, provider }) => {
      let finish: (answer: { code?: string; state?: string }) => Promise<unknown> = async () => undefined;
      const listener = await listenForBrowserSignIn(
        (answer) => finish(answer),
        (error) => log.warn({ err: error }, 'browser sign-in did not finish'),
      );
      const started = sync.oidcSignIn({ serverUrl, provider, returnTo: listener.returnTo });
      finish = started.finish;
      return { startUrl: started.startUrl };
    },
    'sync.signOut': () => sync.signOut(),
    'sync.createFamily': ({ name }) => sync.createFamily(name),
    'sync.joinFamily': ({ code }) => sync.joinFamily(code),
    'sync.invite': ({ role }) => sync.invite(role),
    'sync.share': ({ bookId }) => library.get(familyId, bookId).then(() => sync.share(bookId)),
    'sync.shareLinks': async ({ bookId }) => ({ links: await sync.shareLinks(bookId) }),
    'sync.unshare': async ({ bookId }) => {
      await sync.unshare(bookId);
      return { bookId };
    },
    'sync.billing': () => sync.billing(),
    'sync.checkout': async ({ plan }) => ({ url: await sync.checkoutUrl(plan) }),
    'sync.billingPortal': async () => ({ url: await sync.billingPortalUrl() }),
    'update.status': async () => core.updates.status(),
    'update.restart': () => core.updates.restart(),
    'secrets.status': async () => secretsStatus(),
    'secrets.allowWeakStorage': async ({ allow }) => {
      secrets.allowWeakStorage(allow);
      return secretsStatus();
    },
    'secrets.set': async ({ name, value }) => {
      secrets.set(name, value);
      return secretsStatus();
    },
  };
}
