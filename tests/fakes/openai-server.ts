import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { scriptedServer } from './scripted-server';

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { strict?: boolean; schema?: unknown; name?: string } };
}

/** Reads the number of pages from the instructions ("exactly N pages", or "N pages of them" for the child's own words), as a real model would. */
const pagesAsked = (body: ChatBody) => {
  const match = /exactly (\d+) pages|, (\d+) pages of them/.exec(body.messages[0]?.content ?? '');
  return Number(match?.[1] ?? match?.[2] ?? 4);
};

/** The prompt of an image request: JSON for a generation, multipart (kept as latin1 text by the fake) for an edit. */
export function promptOf(body: unknown): string {
  if (typeof body === 'string') return Buffer.from(/name="prompt"\r\n\r\n([\s\S]*?)\r\n--/.exec(body)?.[1] ?? '', 'latin1').toString('utf8');
  return (body as { prompt?: string } | undefined)?.prompt ?? '';
}

/** The files of a multipart image edit, in order, as bytes. */
export function imagesOf(body: string): Buffer[] {
  return [...body.matchAll(/name="image(?:\[\])?"; filename="[^"]*"\r\nContent-Type: [^\r]*\r\n\r\n([\s\S]*?)\r\n--/g)].map((match) => Buffer.from(match[1]!, 'latin1'));
}

export async function pictureBytes(colour = '#88bbee'): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 64, channels: 3, background: colour } }).png().toBuffer();
}

/** The cast the fake writer gives every story, and who each page shows (by page index modulo 4). */
export const FAKE_CAST = [
  { name: 'Hazel', look: 'a small brown hedgehog girl, about five, round build, cream belly, red rubber boots, a yellow swim ring' },
  { name: 'Otto', look: 'a tall sleek otter boy, about seven, dark brown fur, blue striped shorts, round green goggles' },
];
export const FAKE_PAGE_CAST = [['Hazel'], ['Hazel', 'Otto'], ['Otto'], []];

/** A chat completion whose message is this JSON, as OpenAI answers with structured outputs. */
export const chatAnswer = (content: unknown, model = 'gpt-4.1-mini') => ({
  id: 'chatcmpl-test',
  object: 'chat.completion',
  created: 1,
  model,
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(content), refusal: null } }],
  usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
});

/**
 * A local server speaking OpenAI's HTTP API for the calls StorySprout makes: chat completions
 * with a json_schema answer (a story, or a look at a page beside its cast's pictures), image
 * generations and edits, and moderations.
 */
export async function fakeOpenAI(options: { flagWords?: string[] } = {}) {
  const picture = (await pictureBytes()).toString('base64');
  return scriptedServer((app, { answer }) => {
    app.post('/v1/chat/completions', async (request, reply) => {
      const body = request.body as ChatBody;
      const schemaName = body.response_format?.json_schema?.name;
      if (await answer(schemaName === 'cast_check' ? 'cast_check' : 'chat', request, reply)) return reply;
      if (schemaName === 'cast_check') {
        // Everyone asked about is there and matches, unless a test scripts otherwise.
        const names = [...(body.messages[0]?.content ?? '').matchAll(/^- ([^:]+):/gm)].map((match) => match[1]!);
        return chatAnswer({ characters: names.map((name) => ({ name, present: true, matches: true, differences: '' })) }, body.model);
      }
      const count = pagesAsked(body);
      return chatAnswer(
        {
          title: 'The Hedgehog Who Swam',
          blurb: 'Hazel the hedgehog has never been in the water. With a little courage and a lot of paddling, she finds out what brave feels like.',
          cast: FAKE_CAST,
          pages: Array.from({ length: count }, (_, index) => {
            const cast = FAKE_PAGE_CAST[index % 4]!;
            return {
              text: cast.length > 0 ? `${cast.join(' and ')} swim a bit more.` : 'The pond is calm and still.',
              illustration_brief: `${cast.join(' and ') || 'The pond'} at the pond, moment ${index + 1}`,
              cast,
            };
          }),
        },
        body.model,
      );
    });
    // Each prompt gets a picture of its own colour, so a test can tell which picture went where.
    const images = async (route: string, request: Parameters<typeof answer>[1], reply: Parameters<typeof answer>[2]) => {
      if (await answer(route, request, reply)) return reply;
      const prompt = promptOf(request.body);
      const drawn = prompt ? (await pictureBytes(`#${createHash('sha256').update(prompt).digest('hex').slice(0, 6)}`)).toString('base64') : picture;
      return { created: 1, data: [{ b64_json: drawn }] };
    };
    app.post('/v1/images/generations', (request, reply) => images('images', request, reply));
    app.post('/v1/images/edits', (request, reply) => images('edits', request, reply));
    app.post('/v1/moderations', async (request, reply) => {
      if (await answer('moderations', request, reply)) return reply;
      const input = (request.body as { input: unknown }).input;
      const text = typeof input === 'string' ? input : JSON.stringify(input);
      const flagged = (options.flagWords ?? []).some((word) => text.includes(word));
      return {
        id: 'modr-test',
        model: 'omni-moderation-latest',
        results: [{ flagged, categories: { violence: flagged }, category_scores: { violence: flagged ? 0.93 : 0.01, sexual: 0.001, hate: 0.0005 } }],
      };
    });
  });
}
