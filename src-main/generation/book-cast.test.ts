import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chatAnswer, FAKE_CAST, fakeOpenAI, imagesOf, pictureBytes, promptOf } from '../../tests/fakes/openai-server';
import type { RecordedRequest } from '../../tests/fakes/scripted-server';
import { testApp } from '../../tests/support/test-app';

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

async function madeBook(options: { withSavedHazel?: boolean; script?: (server: Awaited<ReturnType<typeof fakeOpenAI>>) => void; pageCount?: number } = {}) {
  const server = await fakeOpenAI();
  options.script?.(server);
  const app = await testApp({ runQueue: true, env: openAIEnv(server.url) });
  const characterIds: string[] = [];
  if (options.withSavedHazel) {
    const photo = await pictureBytes('#aa3300');
    const hazel = await app.call('characters.create', { name: 'Hazel', traits: ['a small brown hedgehog', 'red rubber boots'], picture: { base64: photo.toString('base64') } });
    characterIds.push(hazel.id);
  }
  const started = await app.call('generation.start', { idea: 'a hedgehog who learns to swim', pageCount: options.pageCount ?? 4, readerAge: 5, characterIds });
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
