import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../app/data-dir';
import type { BookPdfJob } from './book-pdf';
import type { WriterReply, WriterRequest } from './pdf-writer-protocol';

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

/**
 * Writes PDFs in a process of their own, started on the first export and stopped after a minute
 * without one, so a family that never prints never pays for it. A writer that dies takes only the
 * book it was writing with it; the next export starts a new one.
 */
export function createPdfWriter(launch: LaunchPdfWriter, fontDir: string, idleMs = IDLE_MS) {
  let running: { channel: WriterChannel; ready: Promise<void> } | null = null;
  const waiting = new Map<number, { resolve(result: { peakRssMb: number }): void; reject(error: Error): void }>();
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | undefined;

  function start() {
    const channel = launch(fontDir);
    let markReady: () => void = () => {};
    let failStart: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    // A warmed-up writer may stop before anyone waits on it; whoever waits later is told.
    ready.catch(() => {});
    channel.onReply((reply) => {
      if (reply.kind === 'ready') return markReady();
      const waiter = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.kind === 'done') waiter?.resolve({ peakRssMb: reply.peakRssMb });
      else waiter?.reject(new Error(`The PDF could not be written: ${reply.message}`));
      if (waiting.size === 0) stopWhenIdle();
    });
    channel.onExit((code) => {
      if (running?.channel === channel) running = null;
      const error = new Error(`The PDF writer stopped (exit code ${code}) before the book was written.`);
      failStart(error);
      for (const waiter of waiting.values()) waiter.reject(error);
      waiting.clear();
    });
    return { channel, ready };
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
    async write(job: BookPdfJob): Promise<{ peakRssMb: number }> {
      clearTimeout(idleTimer);
      running ??= start();
      const { channel, ready } = running;
      await ready;
      const id = nextId++;
      const written = new Promise<{ peakRssMb: number }>((resolve, reject) => waiting.set(id, { resolve, reject }));
      channel.send({ kind: 'write', id, job });
      return written;
    },

    close(): void {
      clearTimeout(idleTimer);
      running?.channel.kill();
      running = null;
    },
  };
}

export type PdfWriter = ReturnType<typeof createPdfWriter>;
