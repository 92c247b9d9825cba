import { utilityProcess } from 'electron';
import type { LaunchPdfWriter } from '../export/pdf-writer';
import type { WriterReply } from '../export/pdf-writer-protocol';

/**
 * The PDF writer as an Electron utility process: Electron's own way to run heavy work beside the
 * main process, which keeps answering the window meanwhile. (A Node child process would need
 * ELECTRON_RUN_AS_NODE, which a hardened build turns off.)
 */
export const utilityPdfWriter =
  (program: string): LaunchPdfWriter =>
  (fontDir) => {
    const child = utilityProcess.fork(program, [fontDir], { serviceName: 'StorySprout PDF writer', stdio: 'inherit', execArgv: ['--expose-gc'] });
    return {
      send: (request) => child.postMessage(request),
      onReply: (listener) => child.on('message', (reply: WriterReply) => listener(reply)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
  };
