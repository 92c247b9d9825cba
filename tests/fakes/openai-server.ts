import sharp from 'sharp';
import { scriptedServer } from './scripted-server';

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { strict?: boolean; schema?: unknown } };
}

/** Reads "Write exactly N pages" from the instructions, as a real model would follow them. */
const pagesAsked = (body: ChatBody) => Number(/exactly (\d+) pages/.exec(body.messages[0]?.content ?? '')?.[1] ?? 4);

export async function pictureBytes(colour = '#88bbee'): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 64, channels: 3, background: colour } }).png().toBuffer();
}

/**
 * A local server speaking OpenAI's HTTP API for the calls StorySprout makes: chat completions
 * with a json_schema answer, image generations and edits, and moderations.
 */
export async function fakeOpenAI(options: { flagWords?: string[] } = {}) {
  const picture = (await pictureBytes()).toString('base64');
  return scriptedServer((app, { answer }) => {
    app.post('/v1/chat/completions', async (request, reply) => {
      if (await answer('chat', request, reply)) return reply;
      const body = request.body as ChatBody;
      const count = pagesAsked(body);
      const story = {
        title: 'The Hedgehog Who Swam',
        blurb: 'Hazel the hedgehog has never been in the water. With a little courage and a lot of paddling, she finds out what brave feels like.',
        pages: Array.from({ length: count }, (_, index) => ({
          text: `Page ${index + 1}: Hazel the hedgehog paddles a little further.`,
          illustration_brief: `Hazel the hedgehog at the pond, moment ${index + 1}`,
        })),
      };
      return {
        id: 'chatcmpl-test',
        object: 'chat.completion',
        created: 1,
        model: body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(story), refusal: null } }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      };
    });
    const images = async (route: string, request: Parameters<typeof answer>[1], reply: Parameters<typeof answer>[2]) => {
      if (await answer(route, request, reply)) return reply;
      return { created: 1, data: [{ b64_json: picture }] };
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
