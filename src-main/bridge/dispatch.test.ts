import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { CallName } from '../../src-preload/contract';
import { bridgeCalls, callNames } from '../../src-preload/contract';
import { testApp } from '../../tests/support/test-app';
import { createDispatcher } from './dispatch';
import type { BridgeHandlers } from './handlers';

const someId = '01930000-0000-7000-8000-000000000000';

/**
 * One wrong input per call, and the words its refusal must contain. Typed by call name, so a new
 * call cannot be added to the contract without a case here.
 */
const wrongInputs: Record<CallName, { input: unknown; says: RegExp }> = {
  'library.list': { input: { view: 'attic' }, says: /view: view must be 'shelf' or 'trash'/ },
  'library.get': { input: { bookId: 'book-1' }, says: /bookId: must be an id/ },
  'library.create': { input: { title: '   ', pageCount: 8 }, says: /title: a book needs a title/ },
  'library.rename': { input: { bookId: someId, title: 'x'.repeat(121) }, says: /title: a title can be at most 120 characters/ },
  'library.setBlurb': { input: { bookId: someId, blurb: 'x'.repeat(401) }, says: /blurb: the back cover holds at most 400 characters/ },
  'library.trash': { input: {}, says: /bookId: / },
  'library.restore': { input: { bookId: 42 }, says: /bookId: must be an id/ },
  'pages.updateText': { input: { pageId: someId, text: 'x'.repeat(5001) }, says: /text: a page can hold at most 5000 characters/ },
  'pages.reorder': { input: { bookId: someId, pageIds: [] }, says: /pageIds: pageIds lists every page of the book/ },
  'pages.versions': { input: { pageId: null }, says: /pageId: must be an id/ },
  'pages.restoreVersion': { input: { versionId: someId, extra: true }, says: /unexpected field “extra”/ },
  'characters.list': { input: { familyId: someId }, says: /unexpected field “familyId”/ },
  'characters.create': { input: { name: 'Pip', traits: [], picture: { base64: 'not base64!' } }, says: /picture.base64: the picture must be base64/ },
  'characters.update': { input: { characterId: someId, traits: Array(13).fill('kind') }, says: /traits: a character can have at most 12 traits/ },
  'characters.remove': { input: 'Pip', says: /expected object/ },
  'family.get': { input: [], says: /expected object/ },
  'family.rename': { input: { name: '' }, says: /name: a name needs at least one letter/ },
  'family.addMember': { input: { displayName: 'Ana', role: 'grandparent' }, says: /role: role must be 'parent-admin' or 'child-creator'/ },
  'family.setPin': { input: { memberId: someId, pin: '12' }, says: /pin: a PIN is 4 to 8 digits/ },
  'profile.current': { input: { as: 'parent' }, says: /unexpected field “as”/ },
  'profile.switch': { input: { memberId: someId, pin: 1234 }, says: /pin: / },
  'generation.start': { input: { idea: 'A dragon who bakes', pageCount: 7, readerAge: 5 }, says: /pageCount: pageCount must be even/ },
  'generation.status': { input: { bookId: 'latest' }, says: /bookId: must be an id/ },
  'generation.cancel': { input: {}, says: /bookId: / },
  'generation.redrawPage': { input: { pageId: someId, seed: 'random' }, says: /seed: seed is 'same'/ },
  'generation.drawBook': { input: { bookId: someId, now: true }, says: /unexpected field “now”/ },
  'narration.book': { input: { bookId: 'the moon cat' }, says: /bookId: must be an id/ },
  'narration.narrate': { input: { bookId: someId, speed: 9 }, says: /speed: speed is from 0.25 to 4/ },
  'narration.record': { input: { pageId: someId, sampleRate: 44_100, pcm16: 'not base64!' }, says: /pcm16: the recording must be base64/ },
  'narration.approve': { input: { pageId: someId, pcm16: '' }, says: /unexpected field “pcm16”/ },
  'cast.redraw': { input: { castId: 'Pip' }, says: /castId: must be an id/ },
  'cast.updateLook': { input: { castId: someId, look: 'x'.repeat(401) }, says: /look: a look can be at most 400 characters/ },
  'cast.saveAsCharacter': { input: {}, says: /castId: / },
  'review.list': { input: { all: true }, says: /unexpected field “all”/ },
  'review.decide': { input: { pageId: someId, decision: 'delete' }, says: /decision: decision is 'approve' or 'redraw'/ },
  'settings.get': { input: { secrets: true }, says: /unexpected field “secrets”/ },
  'settings.setProviders': { input: { image: 'midjourney' }, says: /image: image is one of offline, openai, storysprout-cloud, automatic1111, comfyui/ },
  'settings.setPrices': { input: { prices: { 'openai:gpt-image-2': -1 } }, says: /prices.openai:gpt-image-2: a price cannot be negative/ },
  'moderation.get': { input: { familyId: someId }, says: /unexpected field “familyId”/ },
  'moderation.set': { input: { thresholds: { violence: 2 } }, says: /thresholds.violence: a limit is from 0 to 1/ },
  'export.services': { input: { all: true }, says: /unexpected field “all”/ },
  'export.booklet': { input: { bookId: 'x', paper: 'tabloid' }, says: /bookId: must be an id/ },
  'export.preflight': { input: { bookId: someId, trim: '6x9' }, says: /trim: trim is one of 8.5x8.5, 8x10/ },
  'export.preview': { input: { bookId: someId, layout: 'collage' }, says: /layout: layout is one of full-bleed, picture-above/ },
  'export.pdf': { input: { bookId: someId, service: 'amazon' }, says: /service: service is one of home-printer, kdp-paperback/ },
  'export.epub': { input: { bookId: 'the moon cat' }, says: /bookId: must be an id/ },
  'export.audio': { input: { bookId: someId, format: 'm4b' }, says: /unexpected field “format”/ },
  'export.save': { input: { exportId: '../../library.sqlite', fileName: 'book.pdf' }, says: /exportId: exportId names a file that an export made/ },
  'backups.list': { input: { all: true }, says: /unexpected field “all”/ },
  'backups.create': { input: { name: 'x' }, says: /unexpected field “name”/ },
  'backups.restoreOnNextStart': { input: { name: 7 }, says: /name/ },
  'sync.status': { input: { verbose: true }, says: /unexpected field “verbose”/ },
  'sync.now': { input: { force: 1 }, says: /unexpected field “force”/ },
  'sync.signIn': { input: { serverUrl: 'http://127.0.0.1:1', email: 'ab', password: 'x' }, says: /email: an email address such as name@example.com/ },
  'sync.confirmSignUp': { input: { code: '12345' }, says: /code: the code is the 8 digits in the email, such as 1234 5678/ },
  'sync.sendSignUpCodeAgain': { input: { email: 'someone@example.com' }, says: /unexpected field “email”/ },
  'sync.startBrowserSignIn': { input: { serverUrl: 'http://127.0.0.1:1', provider: 'facebook' }, says: /provider: provider is 'google' or 'apple'/ },
  'sync.signOut': { input: { everywhere: true }, says: /unexpected field “everywhere”/ },
  'sync.createFamily': { input: { name: '  ' }, says: /name: a family needs a name/ },
  'sync.joinFamily': { input: { code: 'short' }, says: /code: an invitation code is longer than that/ },
  'sync.invite': { input: { role: 'grandparent' }, says: /role: role is 'parent-admin' or 'child-creator'/ },
  'sync.share': { input: { bookId: 'the-moon' }, says: /bookId: must be an id/ },
  'sync.shareLinks': { input: { bookId: 'latest' }, says: /bookId: must be an id/ },
  'sync.unshare': { input: {}, says: /bookId: / },
  'sync.billing': { input: { period: 'now' }, says: /unexpected field “period”/ },
  'sync.checkout': { input: { plan: 'Family Plan!' }, says: /plan: not a plan name/ },
  'sync.billingPortal': { input: { returnTo: 'x' }, says: /unexpected field “returnTo”/ },
  'update.status': { input: { check: true }, says: /unexpected field “check”/ },
  'update.restart': { input: { force: true }, says: /unexpected field “force”/ },
  'secrets.status': { input: { reveal: true }, says: /unexpected field “reveal”/ },
  'secrets.allowWeakStorage': { input: { allow: 'yes' }, says: /allow: allow is true or false/ },
  'secrets.set': { input: { name: 'stripe-key', value: 'x' }, says: /name: name must be 'openai-api-key'/ },
};

describe('bridge dispatcher', () => {
  it.each(callNames)('%s rejects a wrong input with a readable reason, before any handler runs', async (name) => {
    const app = await testApp();
    const { input, says } = wrongInputs[name];
    const response = await app.dispatch(name, input);
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('invalid-input');
    expect(response.error.message.startsWith(`${name}: `)).toBe(true);
    expect(response.error.message).toMatch(says);
  });

  it('asks who is calling before it reads what they sent: a child gets parent-only, never the input rules', async () => {
    const app = await testApp();
    const child = await app.call('family.addMember', { displayName: 'Ada', role: 'child-creator' });
    await app.call('profile.switch', { memberId: child.id });
    for (const name of callNames.filter((call) => bridgeCalls[call].access === 'parent')) {
      expect(await app.dispatch(name, wrongInputs[name].input), name).toMatchObject({ ok: false, error: { code: 'parent-only' } });
    }
  });

  it('refuses a call name that is not in the contract, including inherited names', async () => {
    const app = await testApp();
    for (const name of ['library.delete', 'constructor', '__proto__', 'toString', 42, null]) {
      expect(await app.dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    }
  });

  it('reports an unexpected failure without its internals, and logs it', async () => {
    const logged: unknown[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const handlers = { 'family.get': async () => Promise.reject(new Error('SQLITE_BUSY at /home/ana/secret/path')) } as unknown as BridgeHandlers;
    const dispatch = createDispatcher({ handlers, isParent: () => true, log });
    const response = await dispatch('family.get', {});
    expect(response).toEqual({ ok: false, error: { code: 'internal', message: 'Something went wrong. Your work is safe; please try again.' } });
    expect(JSON.stringify(logged)).toContain('SQLITE_BUSY');
  });

  it('treats a missing input as an empty object', async () => {
    const app = await testApp();
    expect(await app.dispatch('family.get', undefined)).toMatchObject({ ok: true });
  });
});
