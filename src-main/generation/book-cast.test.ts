import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chatAnswer, FAKE_CAST, fakeOpenAI, imagesOf, pictureBytes, promptOf } from '../../tests/fakes/openai-server';
import type { RecordedRequest } from '../../tests/fakes/scripted-server';
import { testApp } from '../../tests/support/test-app';
import { LOOK_NOT_KEPT } from './story-job';

/**
 * Books drawn from their cast, end to end through the real `openai` SDK against a local server
 * that speaks OpenAI's protocol. What this does not prove: that a real image model draws the
 * character alike (the fake answers a flat colour per prompt); it proves what is asked of it.
 */
const openAIEnv = (url: string) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${url}/v1` });

type ChatBody = { messages: { role: string; content: unknown }[]; response_format: { json_schema: { name: string; schema: unknown } } };
const chatBodies = (requests: RecordedRequest[], schema: string) =>
  requests.filter((request) => request.url === '/v1/chat/completions').map((request) => request.body as ChatBody).filter((body) => body.response_format.json_schema.name === schema);
const isPortrait = (request: RecordedRequest) => promptOf(request.body).includes('character reference sheet');

async function madeBook(options: { withSavedHazel?: boolean; script?: (server: Awaited<ReturnType<typeof fakeOpenAI>>) => void; pageCount?: number; ownWords?: string; fixSpelling?: boolean } = {}) {
  const server = await fakeOpenAI();
  options.script?.(server);
  const app = await testApp({ runQueue: true, env: openAIEnv(server.url) });
  const characterIds: string[] = [];
  if (options.withSavedHazel) {
    const photo = await pictureBytes('#aa3300');
    const hazel = await app.call('characters.create', { name: 'Hazel', traits: ['a small brown hedgehog', 'red rubber boots'], picture: { base64: photo.toString('base64') } });
    characterIds.push(hazel.id);
  }
  const started = await app.call('generation.start', { idea: 'a hedgehog who learns to swim', pageCount: options.pageCount ?? 4, readerAge: 5, characterIds, ownWords: options.ownWords, fixSpelling: options.fixSpelling });
  const settled = await app.core.generation.settled(started.id);
  const book = await app.call('library.get', { bookId: started.bookId });
  const portraitOf = (castId: string) => {
    const member = book.cast.find((entry) => entry.id === castId)!;
    return fs.readFileSync(app.core.assets.pathFor(member.portraitAssetSha256!)!);
  };
  return { server, app, settled, book, portraitOf };
}

describe('a book drawn from its cast', () => {
  it('asks the story for a cast and who is on each page, draws one portrait per character without a picture before any page, and draws each page from exactly its characters’ portraits and looks', async () => {
    const { server, settled, book, portraitOf } = await madeBook({ withSavedHazel: true });
    expect(settled.status).toBe('complete');

    const [story] = chatBodies(server.requests, 'picture_book');
    const schema = story!.response_format.json_schema.schema as { required: string[]; properties: { pages: { items: { required: string[] } } } };
    expect(schema.required).toContain('cast');
    expect(schema.properties.pages.items.required).toContain('cast');

    // Hazel is the family's, with her own picture and her traits as her look; Otto is the story's.
    expect(book.cast.map(({ name, look, characterId }) => ({ name, look, saved: characterId !== null }))).toEqual([
      { name: 'Hazel', look: 'a small brown hedgehog, red rubber boots', saved: true },
      { name: 'Otto', look: FAKE_CAST[1]!.look, saved: false },
    ]);

    const pictures = server.requests.filter((request) => request.url.startsWith('/v1/images/'));
    const portraits = pictures.filter(isPortrait);
    expect(portraits).toHaveLength(1);
    expect(promptOf(portraits[0]!.body)).toContain(`CHARACTER Otto: ${FAKE_CAST[1]!.look}.`);
    const lastPortrait = pictures.lastIndexOf(portraits[0]!);
    const pages = pictures.filter((request) => !isPortrait(request));
    expect(pages).toHaveLength(4);
    expect(pictures.indexOf(pages[0]!)).toBeGreaterThan(lastPortrait);

    for (const page of book.pages) {
      const request = pages.find((entry) => promptOf(entry.body).includes(`moment ${page.orderIndex + 1}`))!;
      const prompt = promptOf(request.body);
      const onPage = book.cast.filter((member) => page.cast.includes(member.id));
      for (const member of book.cast) {
        if (onPage.includes(member)) expect(prompt).toContain(`CHARACTER ${member.name}: ${member.look}.`);
        else expect(prompt).not.toContain(member.look);
      }
      if (onPage.length === 0) {
        expect(request.url).toBe('/v1/images/generations');
        continue;
      }
      expect(request.url).toBe('/v1/images/edits');
      const sent = imagesOf(request.body as string).map((bytes) => bytes.toString('base64')).sort();
      expect(sent).toEqual(onPage.map((member) => portraitOf(member.id).toString('base64')).sort());
    }
    expect(book.pages.map((page) => book.cast.filter((member) => page.cast.includes(member.id)).map((member) => member.name))).toEqual([['Hazel'], ['Hazel', 'Otto'], ['Otto'], []]);
  });

  it('redraws a page whose characters differ from their portraits exactly once, and shows what still differs', async () => {
    const differs = (what: string) => ({ status: 200, body: chatAnswer({ characters: [{ name: 'Otto', present: true, matches: false, differences: what }] }) });
    const { server, settled, book } = await madeBook({
      pageCount: 4,
      script: (fake) => {
        // Only page 3 shows someone, so every look at a page is a look at page 3.
        fake.script(
          'chat',
          {
            status: 200,
            body: chatAnswer({
              title: 'Otto Swims',
              blurb: 'Otto swims.',
              cast: [FAKE_CAST[1]],
              pages: [1, 2, 3, 4].map((moment) => ({ text: moment === 3 ? 'Otto dives in.' : 'The pond is still.', illustration_brief: `the pond, moment ${moment}`, cast: moment === 3 ? ['Otto'] : [] })),
            }),
          },
        );
        fake.script('cast_check', differs('green shorts instead of blue striped ones'), differs('no goggles'));
      },
    });
    expect(settled.status).toBe('complete');
    const checks = chatBodies(server.requests, 'cast_check');
    expect(checks).toHaveLength(2);
    const pageThree = server.requests.filter((request) => request.url.startsWith('/v1/images/') && promptOf(request.body).includes('moment 3'));
    expect(pageThree).toHaveLength(2);
    expect(promptOf(pageThree[1]!.body)).toContain('last time these differed: Otto: green shorts instead of blue striped ones.');
    expect(book.pages[2]!.consistencyNote).toBe('Still different from the cast: Otto: no goggles.');
    expect(book.pages.filter((page) => page.consistencyNote !== null)).toHaveLength(1);
    // Story, two looks and the story's one portrait, four pages and one redraw, at the default prices.
    expect(settled.estimatedCostUsd).toBeCloseTo(3 * 0.004 + 6 * 0.042, 6);
  });

  it('keeps a redraw that matches, with nothing to show', async () => {
    const { server, book } = await madeBook({
      // Whichever page is looked at first, someone on it differs.
      script: (fake) =>
        fake.script('cast_check', {
          status: 200,
          body: chatAnswer({
            characters: [
              { name: 'Hazel', present: true, matches: false, differences: 'blue boots' },
              { name: 'Otto', present: true, matches: false, differences: 'no goggles' },
            ],
          }),
        }),
    });
    expect(chatBodies(server.requests, 'cast_check')).toHaveLength(4);
    expect(book.pages.map((page) => page.consistencyNote)).toEqual([null, null, null, null]);
  });
});

describe('the cast’s looks and the family’s limits', () => {
  it('does not keep a written look past the limits, and holds no page for it: everyone who meets the cast sees the look', async () => {
    const server = await fakeOpenAI({ flagWords: ['blood'] });
    server.script('chat', {
      status: 200,
      body: chatAnswer({ title: 'Otto Swims', blurb: '', cast: [{ name: 'Otto', look: 'an otter covered in blood' }, FAKE_CAST[0]], pages: [1, 2, 3, 4].map((n) => ({ text: 'Otto can swim.', illustration_brief: `the pond, moment ${n}`, cast: ['Otto', 'Hazel'] })) }),
    });
    const app = await testApp({ runQueue: true, env: openAIEnv(server.url) });
    const started = await app.call('generation.start', { idea: 'an otter who swims', pageCount: 4, readerAge: 5 });
    expect((await app.core.generation.settled(started.id)).status).toBe('complete');
    const book = await app.call('library.get', { bookId: started.bookId });
    expect(book.cast.map((member) => member.look)).toEqual([LOOK_NOT_KEPT, FAKE_CAST[0]!.look]);
    expect(book.pages.every((page) => page.generateStatus === 'complete')).toBe(true);
    expect(server.requests.some((request) => request.url.startsWith('/v1/images/') && promptOf(request.body).includes('blood'))).toBe(false);
  });
});

describe('the reading level', () => {
  const hardPages = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      text: 'Notwithstanding the considerable meteorological uncertainties characterising the afternoon, Hazel deliberately contemplated the extraordinarily complicated hydrodynamic implications of submerging herself entirely beneath the shimmering, unpredictable surface of the ornamental reservoir.',
      illustration_brief: `Hazel at the pond, moment ${index + 1}`,
      cast: ['Hazel'],
    }));

  it('asks once for a revision of a story far above the reader’s band, with the measured figures, and shows the level', async () => {
    const { server, book } = await madeBook({
      script: (fake) => fake.script('chat', { status: 200, body: chatAnswer({ title: 'Hazel Ponders', blurb: '', cast: [FAKE_CAST[0]], pages: hardPages(4) }) }),
    });
    const stories = chatBodies(server.requests, 'picture_book');
    expect(stories).toHaveLength(2);
    const instructions = String(stories[1]!.messages[0]!.content);
    expect(instructions).toContain('does not fit its reader yet');
    expect(instructions).toMatch(/grade|words/);
    expect(instructions).toContain('Notwithstanding the considerable');
    expect(book.readingLevel).toBe('About right for 5');
  });

  it('asks for no revision of a story within the band', async () => {
    const { server, book } = await madeBook();
    expect(chatBodies(server.requests, 'picture_book')).toHaveLength(1);
    expect(book.readingLevel).toBe('About right for 5');
  });
});

describe('meeting the cast', () => {
  async function pausedBook() {
    const app = await testApp({ runQueue: true, makingSettings: { reviewCast: true, consistencyRedraws: 1 } });
    const started = await app.call('generation.start', { idea: 'a penguin who opens a bakery on an iceberg', pageCount: 4, readerAge: 5 });
    const paused = await app.core.generation.settled(started.id);
    return { app, started, paused };
  }
  const drawn = async (app: Awaited<ReturnType<typeof testApp>>, bookId: string, castId: string, before: string | null) => {
    for (let tries = 0; tries < 200; tries++) {
      const member = (await app.call('library.get', { bookId })).cast.find((entry) => entry.id === castId)!;
      if (!member.drawing && member.portraitAssetSha256 !== before) return member;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`the portrait was not drawn again: ${JSON.stringify(await app.core.store.db.selectFrom('jobs').select(['kind', 'status', 'last_error', 'payload_json']).where('kind', 'like', 'portrait:%').execute())}`);
  };

  it('pauses with every portrait drawn and no page, takes a redraw, a new look and a saved character, then draws the pages from them', async () => {
    const { app, started, paused } = await pausedBook();
    expect(paused.status).toBe('reviewing');
    const book = await app.call('library.get', { bookId: started.bookId });
    expect(book.cast.length).toBeGreaterThanOrEqual(2);
    expect(book.cast.every((member) => member.portraitAssetSha256 !== null && !member.drawing)).toBe(true);
    expect(book.pages.every((page) => page.imageAssetSha256 === null)).toBe(true);

    const [hero, friend] = book.cast as [(typeof book.cast)[number], (typeof book.cast)[number]];
    await app.call('cast.redraw', { castId: friend.id });
    // Drawing the book waits for the portrait being drawn.
    await expect(app.call('generation.drawBook', { bookId: started.bookId })).rejects.toThrow(/still being drawn/);
    const redrawn = await drawn(app, started.bookId, friend.id, friend.portraitAssetSha256);
    expect(redrawn.look).toBe(friend.look);

    const look = 'a tall purple penguin, about six, a green woolly hat, carries a golden whisk';
    expect((await app.call('cast.updateLook', { castId: hero.id, look })).look).toBe(look);
    const newLook = await drawn(app, started.bookId, hero.id, hero.portraitAssetSha256);
    const saved = await app.call('cast.saveAsCharacter', { castId: hero.id });
    expect(saved).toMatchObject({ name: hero.name, traits: ['a tall purple penguin', 'about six', 'a green woolly hat', 'carries a golden whisk'] });
    expect(saved.styleRefAssetSha256).not.toBeNull();
    await expect(app.call('cast.saveAsCharacter', { castId: hero.id })).rejects.toThrow(/a family character already/);

    const drawing = await app.call('generation.drawBook', { bookId: started.bookId });
    expect((await app.core.generation.settled(drawing.id)).status).toBe('complete');
    const finished = await app.call('library.get', { bookId: started.bookId });
    expect(finished.cast.find((member) => member.id === hero.id)).toMatchObject({ look, portraitAssetSha256: newLook.portraitAssetSha256, characterId: saved.id });
    expect(finished.cast.find((member) => member.id === friend.id)!.portraitAssetSha256).toBe(redrawn.portraitAssetSha256);
    expect(finished.pages.every((page) => page.generateStatus === 'complete')).toBe(true);
    // Once drawn, the cast is the book's as it was met.
    await expect(app.call('cast.redraw', { castId: friend.id })).rejects.toThrow(/while you meet it/);
    await expect(app.call('generation.drawBook', { bookId: started.bookId })).rejects.toThrow(/while you meet it/);
  });

  it('refuses a look past the family’s limits, from anyone, and keeps the one before', async () => {
    const { app, started } = await pausedBook();
    const [hero] = (await app.call('library.get', { bookId: started.bookId })).cast;
    await expect(app.call('cast.updateLook', { castId: hero!.id, look: 'a penguin covered in blood' })).rejects.toThrow(/goes past the family’s limits/);
    expect((await app.call('library.get', { bookId: started.bookId })).cast[0]).toMatchObject({ look: hero!.look, drawing: false });
  });

  it('draws the book once when asked twice at once', async () => {
    const { app, started } = await pausedBook();
    const both = await Promise.allSettled([app.call('generation.drawBook', { bookId: started.bookId }), app.call('generation.drawBook', { bookId: started.bookId })]);
    expect(both.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const drawing = both.find((result) => result.status === 'fulfilled')!.value;
    expect((await app.core.generation.settled(drawing.id)).status).toBe('complete');
    const jobs = await app.core.store.db.selectFrom('jobs').select('page_id').where('kind', 'like', 'picture:%').execute();
    expect(jobs).toHaveLength(4);
  });
});

describe('keep my words', () => {
  const words = 'Mia has a red bike.\n\nShe falls off. Ouch!\n\nGrandpa holds the seat, notwithstanding considerable apprehension.\n\nMia rides all the way home!';

  it('keeps the child’s words on the pages exactly, asks the model only for the cast and pictures, and never revises them', async () => {
    const { server, settled, book } = await madeBook({
      script: (fake) => fake.script('chat', { status: 200, body: chatAnswer({ title: 'Mia Rides', blurb: 'Mia learns to ride.', cast: [{ name: 'Mia', look: 'a girl of five, curly black hair, a yellow helmet' }], pages: [1, 2, 3, 4].map((n) => ({ text: `Rewritten page ${n}.`, illustration_brief: `Mia on her bike, moment ${n}`, cast: ['Mia'] })) }) }),
      ownWords: words,
    });
    expect(settled.status).toBe('complete');
    expect(book.pages.map((page) => page.text)).toEqual(['Mia has a red bike.', 'She falls off. Ouch!', 'Grandpa holds the seat, notwithstanding considerable apprehension.', 'Mia rides all the way home!']);
    const stories = chatBodies(server.requests, 'picture_book');
    expect(stories).toHaveLength(1);
    expect(String(stories[0]!.messages[0]!.content)).toContain('Copy each page');
    expect(String(stories[0]!.messages[1]!.content)).toContain(JSON.stringify(['Mia has a red bike.', 'She falls off. Ouch!', 'Grandpa holds the seat, notwithstanding considerable apprehension.', 'Mia rides all the way home!']));
    expect(book.cast.map((member) => member.name)).toEqual(['Mia']);
  });

  it('takes a model’s spelling corrections on request, and keeps a page it rewrote as the child wrote it', async () => {
    const misspelt = 'Mia has a red bik.\n\nShe fals off. Ouch!\n\nGrandpa holds the seet.\n\nMia rides all the way hom!';
    const { book } = await madeBook({
      ownWords: misspelt,
      fixSpelling: true,
      script: (fake) =>
        fake.script('chat', {
          status: 200,
          body: chatAnswer({
            title: 'Mia Rides',
            blurb: 'Mia learns to ride.',
            cast: [{ name: 'Mia', look: 'a girl of five, curly black hair, a yellow helmet' }],
            pages: ['Mia has a red bike.', 'She falls off. Ouch!', 'Grandpa kindly holds the seat.', 'Mia rides all the way home!'].map((text, n) => ({ text, illustration_brief: `Mia, moment ${n + 1}`, cast: ['Mia'] })),
          }),
        }),
    });
    expect(book.pages.map((page) => page.text)).toEqual(['Mia has a red bike.', 'She falls off. Ouch!', 'Grandpa holds the seet.', 'Mia rides all the way home!']);
  });

  it('says plainly that the offline writer cannot fix spelling', async () => {
    const app = await testApp({ runQueue: true });
    await expect(app.call('generation.start', { idea: 'Mia rides', pageCount: 4, readerAge: 5, ownWords: 'A. B. C. D.', fixSpelling: true })).rejects.toThrow(/Fixing the spelling needs an AI story writer/);
  });

  it('refuses, before anything is made, words with fewer sentences than pages', async () => {
    const app = await testApp({ runQueue: true });
    await expect(app.call('generation.start', { idea: 'Mia rides', pageCount: 8, readerAge: 5, ownWords: 'Mia rides. She falls.' })).rejects.toThrow(/The words have 2 sentences, fewer than the 8 pages\. Choose fewer pages, or write a little more\./);
    expect(await app.call('library.list', { view: 'shelf' })).toEqual([]);
  });
});
