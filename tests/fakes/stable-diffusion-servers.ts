import websocket from '@fastify/websocket';
import { pictureBytes } from './openai-server';
import { scriptedServer } from './scripted-server';

/** Automatic1111's /sdapi/v1/txt2img, answering after `latencyMs` with a picture per call. */
export async function fakeAutomatic1111(options: { latencyMs?: number } = {}) {
  const picture = (await pictureBytes('#66aa66')).toString('base64');
  return scriptedServer((app, { answer }) => {
    app.post('/sdapi/v1/txt2img', async (request, reply) => {
      if (await answer('txt2img', request, reply)) return reply;
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      return { images: [picture], parameters: request.body, info: '{}' };
    });
  });
}

/**
 * ComfyUI's /prompt, /history/:id, /view and /ws: a queued prompt "runs" for `latencyMs`, reports
 * progress and completion on the client's socket, then appears in the history.
 */
export async function fakeComfyUI(options: { latencyMs?: number; failWorkflow?: boolean } = {}) {
  const picture = await pictureBytes('#aa66aa');
  const done = new Map<string, boolean>();
  const sockets = new Map<string, { send(data: string): void }>();
  let counter = 0;
  return scriptedServer(async (app, { answer }) => {
    await app.register(websocket);
    app.get('/ws', { websocket: true }, (socket, request) => {
      const clientId = (request.query as { clientId: string }).clientId;
      sockets.set(clientId, socket);
      socket.send(JSON.stringify({ type: 'status', data: { status: { exec_info: { queue_remaining: 0 } }, sid: clientId } }));
    });
    app.post('/prompt', async (request, reply) => {
      if (await answer('prompt', request, reply)) return reply;
      const { client_id: clientId } = request.body as { client_id: string };
      const promptId = `prompt-${++counter}`;
      done.set(promptId, false);
      setTimeout(() => {
        done.set(promptId, true);
        const socket = sockets.get(clientId);
        socket?.send(JSON.stringify({ type: 'progress', data: { value: 30, max: 30, prompt_id: promptId } }));
        socket?.send(JSON.stringify({ type: 'executing', data: { node: null, prompt_id: promptId } }));
      }, options.latencyMs ?? 20);
      return { prompt_id: promptId, number: counter, node_errors: {} };
    });
    app.get('/history/:id', async (request) => {
      const { id } = request.params as { id: string };
      if (!done.get(id)) return {};
      if (options.failWorkflow) return { [id]: { outputs: {}, status: { status_str: 'error', completed: false } } };
      return { [id]: { outputs: { '9': { images: [{ filename: `storysprout_${id}.png`, subfolder: '', type: 'output' }] } }, status: { status_str: 'success', completed: true } } };
    });
    app.get('/view', async (request, reply) => {
      if (await answer('view', request, reply)) return reply;
      return reply.type('image/png').send(picture);
    });
  });
}
