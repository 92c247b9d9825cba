import type { PreflightProblem, PreflightReport, PrintTarget } from '../../src-preload/contract';
import type { LaidOutPage, PrintSettings } from './book-layout';
import { PRINT_DPI } from './print-geometry';

/** How sharp each page's picture prints: what is embedded, and what the service drew. */
export interface PictureResolution {
  embeddedPpi: number;
  sourcePpi: number;
}

const LABELS: Record<PrintTarget, string> = {
  'home-printer': 'Home printer',
  lulu: 'Lulu',
  'kdp-paperback': 'Amazon KDP paperback',
  'kdp-hardcover': 'Amazon KDP hardcover',
  ingramspark: 'IngramSpark',
};

/**
 * Checks every page before the file is written and says, per print service, whether it will
 * accept the file and why not. Page numbers are the PDF's, the cover being page 1.
 */
export function preflight(layout: LaidOutPage[], settings: PrintSettings, pictures: Map<number, PictureResolution>): PreflightReport {
  const problems: PreflightProblem[] = [];
  layout.forEach(({ page, words, geometry }, index) => {
    const number = index + 1;
    if ((page.kind === 'story' || page.kind === 'cover') && !page.picture) {
      problems.push({ page: number, severity: 'error', message: page.kind === 'cover' ? 'The cover has no picture yet.' : 'This page has no picture yet.' });
    }
    const resolution = pictures.get(index);
    if (resolution && resolution.embeddedPpi < PRINT_DPI) {
      problems.push({ page: number, severity: 'error', message: `The picture prints at ${Math.floor(resolution.embeddedPpi)} DPI; printers need ${PRINT_DPI}.` });
    }
    if (resolution && resolution.sourcePpi < 150) {
      problems.push({
        page: number,
        severity: 'warning',
        message: `The picture was drawn at ${Math.round(resolution.sourcePpi)} DPI for this size and enlarged; it may look soft up close.`,
      });
    }
    if (page.kind === 'story' && !page.text.trim()) problems.push({ page: number, severity: 'warning', message: 'This page has no words.' });
    if (words) {
      if (words.fitted.overflows) {
        problems.push({
          page: number,
          severity: 'error',
          message: `The words do not fit, even at ${words.fitted.fontSize} pt (${words.fitted.lines.length} lines). Shorten them or choose “picture above text”.`,
        });
      }
      const box = words.box;
      const safe = geometry.safe;
      const inside = box.x >= safe.x - 0.5 && box.y >= safe.y - 0.5 && box.x + box.width <= safe.x + safe.width + 0.5 && box.y + Math.min(box.height, words.fitted.height) <= safe.y + safe.height + 0.5;
      if (!inside) problems.push({ page: number, severity: 'error', message: 'Some words sit outside the 0.5 in safe margin and could be cut off.' });
      for (const note of words.fitted.notes) problems.push({ page: number, severity: 'warning', message: `On this page ${note}.` });
    }
  });
  const pageCount = layout.length;
  if (pageCount % 2 !== 0) problems.push({ page: null, severity: 'error', message: `The book has ${pageCount} pages; printers need an even number.` });

  const errors = problems.filter((problem) => problem.severity === 'error');
  const pictureErrors = errors.filter((problem) => /picture/.test(problem.message));
  const wordErrors = errors.filter((problem) => !pictureErrors.includes(problem));
  const target = (name: PrintTarget, reasons: string[]) => ({ target: name, label: LABELS[name], accepted: reasons.length === 0, reasons });
  const bleedAllSides = settings.bleed === 'lulu' ? [] : ['needs 0.125 in bleed on every side (choose “lulu” bleed)'];
  const bleedForKdp = settings.bleed === 'lulu' ? ['needs bleed on top, bottom and the outside edge only (choose “kdp” bleed, or none)'] : [];
  const describe = (list: PreflightProblem[]) => list.map((problem) => `${problem.page ? `page ${problem.page}: ` : ''}${problem.message}`);

  return {
    pageCount,
    problems,
    targets: [
      target('home-printer', [...describe(wordErrors), ...(settings.bleed === 'none' ? [] : ['a home printer cannot print to the edge: choose no bleed'])]),
      target('lulu', [...bleedAllSides, ...describe(errors)]),
      target('kdp-paperback', [...bleedForKdp, ...(pageCount < 24 ? [`KDP paperbacks need at least 24 pages; this book has ${pageCount}`] : []), ...describe(errors)]),
      target('kdp-hardcover', [...bleedForKdp, ...(pageCount < 75 ? [`KDP hardcovers need at least 75 pages; this book has ${pageCount}`] : []), ...describe(errors)]),
      target('ingramspark', [...bleedAllSides, ...describe(errors)]),
    ],
  };
}
