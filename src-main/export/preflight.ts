import type { PreflightProblem } from '../../src-preload/contract';
import type { LaidOutPage, LaidWords } from './book-layout';
import type { CoverLayout } from './cover-layout';
import { PRINT_DPI, type Box } from './print-geometry';

/** How sharp a picture prints: what is embedded, and what the service drew. */
export interface PictureResolution {
  embeddedPpi: number;
  sourcePpi: number;
}

/** Half a point of slack: boxes are computed in floating point. */
const within = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

function pictureProblems(where: PreflightProblem['page'], resolution: PictureResolution | undefined): PreflightProblem[] {
  if (!resolution) return [];
  const problems: PreflightProblem[] = [];
  if (resolution.embeddedPpi < PRINT_DPI) {
    problems.push({ page: where, severity: 'error', message: `The picture prints at ${Math.floor(resolution.embeddedPpi)} DPI; printers need ${PRINT_DPI}.` });
  }
  if (resolution.sourcePpi < 150) {
    problems.push({ page: where, severity: 'warning', message: `The picture was drawn at ${Math.round(resolution.sourcePpi)} DPI for this size and enlarged; it may look soft up close.` });
  }
  return problems;
}

function wordProblems(where: PreflightProblem['page'], words: LaidWords[], safe: Box[]): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  for (const { fitted, box } of words) {
    if (fitted.overflows) {
      problems.push({
        page: where,
        severity: 'error',
        message: `The words do not fit, even at ${fitted.fontSize} pt (${fitted.lines.length} lines). Shorten them or choose “picture above text”.`,
      });
    }
    const printed = { ...box, height: Math.min(box.height, fitted.height) };
    if (!safe.some((area) => within(printed, area))) {
      problems.push({ page: where, severity: 'error', message: 'Some words sit outside the safe margin and could be cut off or lost in the binding.' });
    }
    for (const note of fitted.notes) problems.push({ page: where, severity: 'warning', message: `Here ${note}.` });
  }
  return problems;
}

/** What could go wrong on each interior page, before the file is written; pages count from 1, the title page. */
export function interiorProblems(layout: LaidOutPage[], pictures: Map<number, PictureResolution>): PreflightProblem[] {
  return layout.flatMap(({ page, words, geometry }, index) => {
    const number = index + 1;
    const problems: PreflightProblem[] = [];
    if (page.kind === 'story' && !page.picture) problems.push({ page: number, severity: 'error', message: 'This page has no picture yet.' });
    if (page.kind === 'story' && !page.text.trim()) problems.push({ page: number, severity: 'warning', message: 'This page has no words.' });
    return [...problems, ...pictureProblems(number, pictures.get(index)), ...wordProblems(number, words, [geometry.safe])];
  });
}

/** The cover's words stay inside its panels' safe areas and out of the barcode's place. */
export function coverProblems(cover: CoverLayout, picture: PictureResolution | undefined, safeMargin: number): PreflightProblem[] {
  const safeOf = (panel: Box): Box => ({ x: panel.x + safeMargin, y: panel.y + safeMargin, width: panel.width - 2 * safeMargin, height: panel.height - 2 * safeMargin });
  const problems: PreflightProblem[] = [];
  if (!cover.picture) problems.push({ page: 'cover', severity: 'error', message: 'The cover has no picture yet: draw the book’s pictures first.' });
  problems.push(...pictureProblems('cover', picture), ...wordProblems('cover', cover.words, [safeOf(cover.front), safeOf(cover.back)]));
  const barcode = cover.barcode;
  if (barcode && cover.words.some(({ box }) => box.x < barcode.x + barcode.width && box.x + box.width > barcode.x && box.y < barcode.y + barcode.height && box.y + box.height > barcode.y)) {
    problems.push({ page: 'cover', severity: 'error', message: 'Words on the back run into the place kept for the barcode.' });
  }
  return problems;
}
