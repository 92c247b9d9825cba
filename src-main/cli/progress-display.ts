import cliProgress from 'cli-progress';
import type { BridgeEvents } from '../../src-preload/contract';
import type { Io } from './cli-support';

type Progress = BridgeEvents['generation.progress'];

const PAGE_STEPS = { picture: 1, consistency: 2, moderation: 3, rendition: 4 } as const;

/**
 * Shows a book being made: on a terminal, a bar for the story and one per page; elsewhere (logs,
 * CI, a pipe) one plain line per step, so scripts can follow along too.
 */
export function createProgressDisplay(io: Io, pageCount: number) {
  if (!io.errIsTty) {
    return {
      update(event: Progress) {
        const where = event.page === null ? event.stage : `page ${event.page}/${pageCount} ${event.stage}`;
        io.err(`${where}: ${event.status}${event.message ? ` (${event.message})` : ''}\n`);
      },
      stop() {},
    };
  }
  const bars = new cliProgress.MultiBar(
    { format: ' {label} [{bar}] {state}', barsize: 24, hideCursor: true, clearOnComplete: false, autopadding: true },
    cliProgress.Presets.shades_classic,
  );
  const story = bars.create(1, 0, { label: 'Story  ', state: 'waiting' });
  const pages = Array.from({ length: pageCount }, (_, index) => bars.create(4, 0, { label: `Page ${String(index + 1).padStart(2)}`, state: 'waiting' }));
  return {
    update(event: Progress) {
      if (event.page === null) {
        if (event.stage === 'story') story.update(event.status === 'done' ? 1 : 0, { state: event.status });
        if (event.stage === 'cast') story.update(1, { state: `cast ${event.status}` });
        return;
      }
      const bar = pages[event.page - 1];
      if (!bar) return;
      const step = event.stage in PAGE_STEPS ? PAGE_STEPS[event.stage as keyof typeof PAGE_STEPS] : 0;
      const value = event.status === 'done' || event.status === 'held' ? step : step - 1;
      bar.update(Math.max(0, value), { state: `${event.stage} ${event.status}` });
    },
    stop: () => bars.stop(),
  };
}

type ExportProgress = Omit<BridgeEvents['export.progress'], 'bookId'>;

const EXPORT_STAGE_WORDS: Record<ExportProgress['stage'], string> = {
  pictures: 'Pictures ready to print',
  writing: 'Writing the PDF',
  finished: 'Done',
};

/** Shows a PDF being made: a bar over the pages on a terminal, a line per stage elsewhere. */
export function createExportProgressDisplay(io: Io) {
  if (!io.errIsTty) {
    let lastStage: ExportProgress['stage'] | null = null;
    return {
      update(progress: ExportProgress) {
        if (progress.stage === lastStage || progress.stage === 'finished') return;
        lastStage = progress.stage;
        io.err(`${EXPORT_STAGE_WORDS[progress.stage]}…\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar({ format: ' {stage} [{bar}] {value}/{total}', barsize: 24, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(progress: ExportProgress) {
      if (!started) {
        bar.start(progress.total, progress.done, { stage: EXPORT_STAGE_WORDS[progress.stage] });
        started = true;
      }
      bar.setTotal(progress.total);
      bar.update(progress.done, { stage: EXPORT_STAGE_WORDS[progress.stage] });
    },
    stop: () => bar.stop(),
  };
}
