/**
 * Exports in a process of its own, so its peak memory is its own: `ours` through the export
 * service (which makes the pictures' print copies and writes the file in its PDF writer process,
 * as built for families, and reports its peak), or `baseline`: pdf-lib placing the same JPEG
 * files, each on a page its size at 300 DPI, the least work any PDF writer can do. The first
 * export in a process pays for loading code and fonts (and for us, starting the writer, and the
 * print copies an earlier export did not leave); the next ones are what a running app does.
 * Prints one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { PDFDocument } from 'pdf-lib';
import { exportOptionsSchema } from '../../src-preload/contract';
import { openApp } from '../../src-main/app/open-app';
import { forkPdfWriter } from '../../src-main/export/pdf-writer';
import { environmentSecrets } from '../../src-main/settings/secrets';
import { median } from './measure';

const [mode, dataDir, bookId, output, runs = '4'] = process.argv.slice(2) as [string, string, string, string, string?];

async function exportWithPdfLib(): Promise<void> {
  const pictures = JSON.parse(fs.readFileSync(path.join(dataDir, 'bench-pictures.json'), 'utf8')) as { file: string; width: number; height: number }[];
  const pdf = await PDFDocument.create();
  for (const picture of pictures) {
    const image = await pdf.embedJpg(fs.readFileSync(picture.file));
    const [width, height] = [(picture.width / 300) * 72, (picture.height / 300) * 72];
    pdf.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  fs.writeFileSync(output, await pdf.save());
}

const app = mode === 'ours' ? await openApp({ dataDir, secrets: environmentSecrets({}), log: pino({ level: 'silent' }), launchPdfWriter: forkPdfWriter('built') }) : null;
const exportOnce = app
  ? () => app.core.exporter.exportPdf(app.core.profile.familyId, exportOptionsSchema.parse({ bookId, service: 'lulu-paperback', trim: '8.5x8.5' }), { interior: output })
  : exportWithPdfLib;

const times: number[] = [];
let writerPeakRssMb = 0;
for (let run = 0; run < Number(runs); run++) {
  const start = performance.now();
  const result = await exportOnce();
  times.push(performance.now() - start);
  if (result) writerPeakRssMb = Math.max(writerPeakRssMb, result.writerPeakRssMb);
}
await app?.close();

// VmHWM, not getrusage: Linux carries ru_maxrss across exec, so it would report the parent's peak.
const peakKb = Number(/^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1]);
console.log(JSON.stringify({ firstMs: times[0], warmMs: median(times.slice(1)), peakRssMb: peakKb / 1024, writerPeakRssMb, bytes: fs.statSync(output).size }));
