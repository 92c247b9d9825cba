import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../app/data-dir';
import type { BookPdfJob } from './book-pdf';
import type { WriterReply, WriterRequest } from './pdf-writer-protocol';
import type { MadePrintJpeg, PrintJpegJob } from './print-jpeg';

/** A running PDF writer process, as Node's child processes and Electron's utility processes both offer it. */
export interface WriterChannel {
  send(request: WriterRequest): void;
  onReply(listener: (reply: WriterReply) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type LaunchPdfWriter = (fontDir: string) => WriterChannel;

/** How long an idle writer stays up, fonts parsed, for the next export. */
const IDLE_MS = 60_000;

/**
 * Starts the writer as a Node child process: the built `out/main/pdf-writer.js`, or the TypeScript
 * source through tsx when StorySprout itself runs from source (tests).
 */
export function forkPdfWriter(build: 'source' | 'built' = import.meta.url.endsWith('.ts') ? 'source' : 'built'): LaunchPdfWriter {
  const program =
    build === 'source' ? fileURLToPath(new URL('./pdf-writer-process.ts', import.meta.url)) : path.join(packageRoot(), 'out', 'main', 'pdf-writer.js');
  return (fontDir) => {
    const child = fork(program, [fontDir], { execArgv: build === 'source' ? ['--expose-gc', '--import', 'tsx'] : ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return {
      send: (request) => child.send(request),
      onReply: (listener) => child.on('message', (reply) => listener(reply as WriterReply)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill(),
    };
  };
}

type Answer = Exclude<WriterReply, { kind: 'ready' }>;

interface Waiter {
  /** What the writer was doing, for saying what was lost if it stops. */
  unfinished: string;
  answer(reply: Answer): void;
  reject(error: Error): void;
}

/**
 * Writes PDFs, and makes the print copies of their pictures, in a process of their own, started
 * on the first export and stopped after a minute without one, so a family that never prints never
 * pays for it. A writer that dies takes only the work it was doing with it; the next export
 * starts a new one.
 */
export function createPdfWriter(launch: LaunchPdfWriter, fontDir: string, idleMs = IDLE_MS) {
  let running: { channel: WriterChannel; ready: Promise<boolean> } | null = null;
  const waiting = new Map<number, Waiter>();
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | undefined;

  function start() {
    const channel = launch(fontDir);
    // Whether the writer got as far as saying it is ready, or stopped first.
    let settleStart: (started: boolean) => void = () => {};
    const ready = new Promise<boolean>((resolve) => (settleStart = resolve));
    channel.onReply((reply) => {
      if (reply.kind === 'ready') return settleStart(true);
      const waiter = waiting.get(reply.id);
      waiting.delete(reply.id);
      waiter?.answer(reply);
      if (waiting.size === 0) stopWhenIdle();
    });
    channel.onExit((code) => {
      if (running?.channel === channel) running = null;
      settleStart(false);
      for (const waiter of waiting.values()) waiter.reject(new Error(`The PDF writer stopped (exit code ${code}) before ${waiter.unfinished}.`));
      waiting.clear();
    });
    return { channel, ready };
  }

  /** Sends one request and waits for its answer, which `read` turns into a result or an error. */
  async function ask<T>(request: (id: number) => WriterRequest, unfinished: string, read: (reply: Answer) => T): Promise<T> {
    clearTimeout(idleTimer);
    running ??= start();
    const { channel, ready } = running;
    const id = nextId++;
    // Waiting from the start, so a writer that stops before it is ready says what it did not do.
    const answered = new Promise<T>((resolve, reject) =>
      waiting.set(id, {
        unfinished,
        reject,
        answer: (reply) => {
          try {
            resolve(read(reply));
          } catch (error) {
            reject(error as Error);
          }
        },
      }),
    );
    if (await ready) channel.send(request(id));
    return answered;
  }

  function stopWhenIdle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => running?.channel.kill(), idleMs);
    idleTimer.unref();
  }

  return {
    /** Starts the writer ahead of an export that is likely to come, so it does not wait for it. */
    warmUp(): void {
      running ??= start();
      if (waiting.size === 0) stopWhenIdle();
    },

    /** Writes the book; resolves with the writer's peak memory once the file is complete. */
    write(job: BookPdfJob): Promise<{ peakRssMb: number }> {
      return ask((id) => ({ kind: 'write', id, job }), 'the book was written', (reply) => {
        if (reply.kind === 'done') return { peakRssMb: reply.peakRssMb };
        throw new Error(`The PDF could not be written: ${reply.kind === 'failed' ? reply.message : reply.kind}`);
      });
    },

    /** Makes a picture's print copy into `job.output`; resolves once the file is complete. */
    makePrintJpeg(job: PrintJpegJob): Promise<MadePrintJpeg> {
      return ask((id) => ({ kind: 'print-jpeg', id, job }), 'the picture was made ready for print', (reply) => {
        if (reply.kind === 'print-jpeg-made') return reply.made;
        throw new Error(`The picture could not be made ready for print: ${reply.kind === 'failed' ? reply.message : reply.kind}`);
      });
    },

    close(): void {
      clearTimeout(idleTimer);
      running?.channel.kill();
      running = null;
    },
  };
}

export type PdfWriter = ReturnType<typeof createPdfWriter>;
