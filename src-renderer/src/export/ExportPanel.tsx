import { useId, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { BOOKLET_PAPERS, LAYOUT_NAMES, type CallArgs, type ExportFile, type NarratedExportFile, type PrintServiceId, type PrintServiceView, type ServiceVerdictView } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';
import { ErrorNote } from '../app/ErrorNote';
import { SelectField } from '../app/SelectField';
import { PrintPreview } from './PrintPreview';
import { describeExportProgress, useExportProgress } from './use-export-progress';

type TrimName = PrintServiceView['trims'][number];

const TRIM_LABEL: Record<TrimName, string> = {
  '8.5x8.5': '8.5 × 8.5 in (square)',
  '8x10': '8 × 10 in',
  '8.25x8.25': '8.25 × 8.25 in',
  '7x10': '7 × 10 in',
  '8.25x11': '8.25 × 11 in',
  a4: 'A4',
  letter: 'US Letter',
};
const LAYOUT_LABEL: Record<(typeof LAYOUT_NAMES)[number], string> = {
  'full-bleed': 'Picture to the edge, words on a panel',
  'picture-above': 'Picture above the words',
};
const PAPER_LABEL: Record<(typeof BOOKLET_PAPERS)[number], string> = { letter: 'US Letter', a4: 'A4' };

/**
 * Makes the files a print service takes (the inside pages and, where it prints one, the cover),
 * says which services will take them and why not, and offers a booklet for the home printer, the
 * read-along ebook and the book read aloud.
 */
export function ExportPanel({ bookId }: { bookId: string }) {
  const services = useQuery({ queryKey: ['export', 'services'], queryFn: () => bridgeClient.call('export.services', {}) });
  const [serviceId, setServiceId] = useState<PrintServiceId>('lulu-paperback');
  const service = services.data?.find((each) => each.id === serviceId);
  const [chosenTrim, setTrim] = useState<TrimName>('8.5x8.5');
  // A size the service does not print is never sent: its first size stands in.
  const trim = service && !service.trims.includes(chosenTrim) ? service.trims[0]! : chosenTrim;
  const [layout, setLayout] = useState<(typeof LAYOUT_NAMES)[number]>('full-bleed');
  const [belongsTo, setBelongsTo] = useState(false);
  const [dedication, setDedication] = useState('');
  const [theEnd, setTheEnd] = useState(true);
  const [pad, setPad] = useState(false);
  const options = { bookId, service: serviceId, trim, layout, belongsTo, dedication, theEnd, pad };
  // Keyed under the book, so an edited page shows in the preview too.
  const preview = useQuery({ queryKey: ['library', 'book', bookId, 'print-preview', options], queryFn: () => bridgeClient.call('export.preview', options), enabled: service !== undefined });
  const exportPdf = useMutation({ mutationFn: (input: CallArgs<'export.pdf'>) => bridgeClient.call('export.pdf', input) });
  const progress = useExportProgress(bookId);
  const result = exportPdf.data;
  const ids = { dedication: useId() };

  return (
    <section aria-labelledby="export-title" className="panel stack export-panel">
      <h3 id="export-title">Print this book</h3>
      {services.error && <ErrorNote error={services.error} />}
      {services.data && (
        <div className="row">
          <SelectField label="Printed by" value={serviceId} options={services.data.map((each) => each.id)} onChange={setServiceId} optionLabel={(id) => services.data.find((each) => each.id === id)!.label} />
          {service && <SelectField label="Size" value={trim} options={service.trims} onChange={setTrim} optionLabel={(name) => TRIM_LABEL[name]} />}
          <SelectField label="Layout" value={layout} options={LAYOUT_NAMES} onChange={setLayout} optionLabel={(name) => LAYOUT_LABEL[name]} />
        </div>
      )}
      <fieldset className="extra-pages">
        <legend>Extra pages</legend>
        <label className="check">
          <input type="checkbox" checked={belongsTo} onChange={(event) => setBelongsTo(event.target.checked)} /> “This book belongs to…”
        </label>
        <label className="check">
          <input type="checkbox" checked={theEnd} onChange={(event) => setTheEnd(event.target.checked)} /> “The End”
        </label>
        <div className="field">
          <label htmlFor={ids.dedication}>Dedication (leave empty for none)</label>
          <input id={ids.dedication} value={dedication} maxLength={300} onChange={(event) => setDedication(event.target.value)} />
        </div>
        {service && service.id !== 'home-printer' && (
          <label className="check">
            <input type="checkbox" checked={pad} onChange={(event) => setPad(event.target.checked)} /> Add pages to reach {service.label}’s {service.pages.min} pages
          </label>
        )}
      </fieldset>
      {preview.data && <PrintPreview pages={preview.data} />}
      {preview.error && <ErrorNote error={preview.error} />}
      <button type="button" className="primary" onClick={() => exportPdf.mutate(options)} disabled={exportPdf.isPending || !service}>
        {exportPdf.isPending ? 'Making the PDF…' : service?.cover ? 'Make the PDFs (inside pages and cover)' : 'Make the PDF'}
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
          {result.preflight.added && (
            <p className="note">
              {result.preflight.added.pages} {result.preflight.added.pages === 1 ? 'page was' : 'pages were'} added. {result.preflight.added.why}
            </p>
          )}
          <SaveButton file={result.interior} what="the inside pages" />
          {result.cover && <SaveButton file={result.cover} what={`the cover (spine ${result.preflight.cover!.spineWidth.toFixed(3)} in)`} />}
          <Verdicts verdicts={result.preflight.verdicts} />
        </div>
      )}
      <BookletSection bookId={bookId} extras={{ belongsTo, dedication, theEnd }} layout={layout} />
      <ReadAlongSection bookId={bookId} />
    </section>
  );
}

function SaveButton({ file, what }: { file: ExportFile; what: string }) {
  const save = useMutation({ mutationFn: () => bridgeClient.saveExport(file.exportId, file.fileName) });
  return (
    <p>
      <button type="button" onClick={() => save.mutate()} disabled={save.isPending}>
        Save {what}: {file.fileName}
      </button>{' '}
      ({file.pageCount} {file.pageCount === 1 ? 'page' : 'pages'}, {(file.bytes / 1024 / 1024).toFixed(1)} MB)
      {save.error && <ErrorNote error={save.error} />}
    </p>
  );
}

function Verdicts({ verdicts }: { verdicts: ServiceVerdictView[] }) {
  return (
    <ul className="preflight" aria-label="Printers">
      {verdicts.map((verdict) => (
        <li key={verdict.service}>
          <strong>
            {!verdict.supported ? '–' : verdict.accepted ? '✓' : '✗'} {verdict.label}
          </strong>
          {!verdict.supported && ' (not possible from this computer)'}
          {!verdict.accepted && `: ${verdict.reasons.join(' ')}`}
          {verdict.notes.length > 0 && (
            <ul className="verdict-notes">
              {verdict.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

function BookletSection(props: { bookId: string; extras: { belongsTo: boolean; dedication: string; theEnd: boolean }; layout: (typeof LAYOUT_NAMES)[number] }) {
  const [paper, setPaper] = useState<(typeof BOOKLET_PAPERS)[number]>('letter');
  const booklet = useMutation({ mutationFn: (input: CallArgs<'export.booklet'>) => bridgeClient.call('export.booklet', input) });
  return (
    <section aria-labelledby="booklet-title" className="stack">
      <h4 id="booklet-title">Print at home as a booklet</h4>
      <p>Two pages on each side of a sheet, in the order that folds into a book: print on both sides (flip on the short edge), fold in half and staple.</p>
      <div className="row">
        <SelectField label="Paper" value={paper} options={BOOKLET_PAPERS} onChange={setPaper} optionLabel={(name) => PAPER_LABEL[name]} />
        <button type="button" onClick={() => booklet.mutate({ bookId: props.bookId, paper, layout: props.layout, ...props.extras })} disabled={booklet.isPending}>
          {booklet.isPending ? 'Making the booklet…' : 'Make the booklet'}
        </button>
      </div>
      {booklet.error && <ErrorNote error={booklet.error} />}
      {booklet.data && <SaveButton file={booklet.data} what="the booklet" />}
    </section>
  );
}

/** "page 4", "pages 2 and 4", "pages 1, 2 and 4" */
function pagesInWords(pages: number[]): string {
  const listed = pages.length > 1 ? `${pages.slice(0, -1).join(', ')} and ${pages.at(-1)}` : String(pages[0]);
  return `${pages.length === 1 ? 'page' : 'pages'} ${listed}`;
}

function NarratedFile({ file, what }: { file: NarratedExportFile; what: string }) {
  const missing = file.pagesWithoutNarration;
  return (
    <>
      <SaveButton file={file} what={what} />
      {missing.length > 0 && (
        <p className="note">
          {file.durationMs === 0
            ? 'No page is read aloud yet, so it has the pages without narration.'
            : `Not read aloud: ${pagesInWords(missing)}. Read ${missing.length === 1 ? 'it' : 'them'} aloud (or accept a child’s recording), then make it again.`}
        </p>
      )}
    </>
  );
}

function ReadAlongSection({ bookId }: { bookId: string }) {
  const epub = useMutation({ mutationFn: () => bridgeClient.call('export.epub', { bookId }) });
  const audio = useMutation({ mutationFn: () => bridgeClient.call('export.audio', { bookId }) });
  return (
    <section aria-labelledby="read-along-title" className="stack">
      <h4 id="read-along-title">Read-along ebook and audio</h4>
      <p>
        The pages as an ebook, where each word lights up as it is read aloud (in Apple Books and Thorium), and the book read aloud as one MP3 with a chapter a page. Pages waiting for a grown-up are
        left out.
      </p>
      <div className="row">
        <button type="button" onClick={() => epub.mutate()} disabled={epub.isPending}>
          {epub.isPending ? 'Making the ebook…' : 'Make the ebook'}
        </button>
        <button type="button" onClick={() => audio.mutate()} disabled={audio.isPending}>
          {audio.isPending ? 'Making the audio…' : 'Make the audio'}
        </button>
      </div>
      {epub.error && <ErrorNote error={epub.error} />}
      {epub.data && <NarratedFile file={epub.data} what="the ebook" />}
      {audio.error && <ErrorNote error={audio.error} />}
      {audio.data && <NarratedFile file={audio.data} what="the audio" />}
    </section>
  );
}
