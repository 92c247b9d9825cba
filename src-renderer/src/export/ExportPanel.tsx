import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { BLEED_NAMES, LAYOUT_NAMES, TRIM_NAMES, type CallArgs } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';
import { ErrorNote } from '../app/ErrorNote';
import { SelectField } from '../app/SelectField';
import { PrintPreview } from './PrintPreview';
import { describeExportProgress, useExportProgress } from './use-export-progress';

const TRIM_LABEL: Record<(typeof TRIM_NAMES)[number], string> = {
  '8.5x8.5': '8.5 × 8.5 in (square)',
  '8x10': '8 × 10 in',
  '8.25x8.25': '8.25 × 8.25 in',
  '7x10': '7 × 10 in',
  '8.25x11': '8.25 × 11 in',
  a4: 'A4',
  letter: 'US Letter',
};
const BLEED_LABEL: Record<(typeof BLEED_NAMES)[number], string> = {
  none: 'None (home printer)',
  lulu: 'Every side (Lulu, IngramSpark)',
  kdp: 'Outside edges (Amazon KDP)',
};
const LAYOUT_LABEL: Record<(typeof LAYOUT_NAMES)[number], string> = {
  'full-bleed': 'Picture to the edge, words on a panel',
  'picture-above': 'Picture above the words',
};

/** Makes a print-ready PDF, says which printers will take it, and offers it to save. */
export function ExportPanel({ bookId }: { bookId: string }) {
  const [trim, setTrim] = useState<(typeof TRIM_NAMES)[number]>('8.5x8.5');
  const [bleed, setBleed] = useState<(typeof BLEED_NAMES)[number]>('lulu');
  const [layout, setLayout] = useState<(typeof LAYOUT_NAMES)[number]>('full-bleed');
  const options = { bookId, trim, bleed, layout };
  // Keyed under the book, so an edited page shows in the preview too.
  const preview = useQuery({ queryKey: ['library', 'book', bookId, 'print-preview', trim, bleed, layout], queryFn: () => bridgeClient.call('export.preview', options) });
  const exportPdf = useMutation({ mutationFn: (input: CallArgs<'export.pdf'>) => bridgeClient.call('export.pdf', input) });
  const savePdf = useMutation({ mutationFn: ({ exportId, fileName }: { exportId: string; fileName: string }) => bridgeClient.saveExport(exportId, fileName) });
  const progress = useExportProgress(bookId);
  const result = exportPdf.data;

  return (
    <section aria-labelledby="export-title" className="panel stack export-panel">
      <h3 id="export-title">Print this book</h3>
      <div className="row">
        <SelectField label="Size" value={trim} options={TRIM_NAMES} onChange={setTrim} optionLabel={(name) => TRIM_LABEL[name]} />
        <SelectField label="Bleed" value={bleed} options={BLEED_NAMES} onChange={setBleed} optionLabel={(name) => BLEED_LABEL[name]} />
        <SelectField label="Layout" value={layout} options={LAYOUT_NAMES} onChange={setLayout} optionLabel={(name) => LAYOUT_LABEL[name]} />
      </div>
      {preview.data && <PrintPreview pages={preview.data} />}
      {preview.error && <ErrorNote error={preview.error} />}
      <button type="button" className="primary" onClick={() => exportPdf.mutate(options)} disabled={exportPdf.isPending}>
        {exportPdf.isPending ? 'Making the PDF…' : 'Make PDF'}
      </button>
      {exportPdf.isPending && progress && progress.stage !== 'finished' && (
        <div className="export-progress" role="status">
          <progress max={progress.total} value={progress.done} aria-label="PDF progress" />
          <span>{describeExportProgress(progress)}</span>
        </div>
      )}
      {exportPdf.error && <ErrorNote error={exportPdf.error} />}
      {result && (
        <div className="stack" aria-live="polite">
          <p>
            <button type="button" onClick={() => savePdf.mutate(result)} disabled={savePdf.isPending}>
              Save {result.fileName}
            </button>{' '}
            ({result.pageCount} pages, {(result.bytes / 1024 / 1024).toFixed(1)} MB)
          </p>
          {savePdf.error && <ErrorNote error={savePdf.error} />}
          <ul className="preflight" aria-label="Printers">
            {result.preflight.targets.map((target) => (
              <li key={target.target}>
                <strong>{target.accepted ? '✓' : '✗'} {target.label}</strong>
                {!target.accepted && `: ${target.reasons.join('; ')}`}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
