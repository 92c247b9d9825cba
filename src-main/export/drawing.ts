import type { LaidOutPage, LaidWords } from './book-layout';
import type { DrawElement, DrawnPage } from './book-pdf';
import { BOOKLET_SHEETS, saddleStitchOrder, type BookletPaper } from './booklet';
import { COVER_BACKGROUND, type CoverLayout } from './cover-layout';
import { inches, type Box } from './print-geometry';

/** What a laid-out interior page shows, in the order it is drawn: picture, then words on their panels. */
function pageElements(laid: LaidOutPage): DrawElement[] {
  const elements: DrawElement[] = [];
  if (laid.page.picture && laid.pictureBox) elements.push({ kind: 'picture', file: laid.page.picture.file, box: laid.pictureBox });
  for (const words of laid.words) elements.push({ kind: 'words', words });
  return elements;
}

export function drawInterior(layout: LaidOutPage[]): DrawnPage[] {
  return layout.map((laid) => ({ elements: pageElements(laid), trim: laid.geometry.trim }));
}

export function drawCover(cover: CoverLayout): DrawnPage {
  const elements: DrawElement[] = [{ kind: 'fill', box: cover.background, color: COVER_BACKGROUND }];
  if (cover.picture) elements.push({ kind: 'picture', file: cover.picture.file.file, box: cover.picture.box });
  for (const words of cover.words) elements.push({ kind: 'words', words });
  if (cover.spineWords) elements.push({ kind: 'spine', fitted: cover.spineWords.fitted, box: cover.spineWords.box });
  return { elements, trim: cover.trim };
}

const shifted = (box: Box, dx: number): Box => ({ ...box, x: box.x + dx });

function shiftElement(element: DrawElement, dx: number): DrawElement {
  switch (element.kind) {
    case 'picture':
    case 'fill':
      return { ...element, box: shifted(element.box, dx) };
    case 'spine':
      return { ...element, box: shifted(element.box, dx) };
    case 'words':
      return { kind: 'words', words: { ...element.words, box: shifted(element.words.box, dx), panel: element.words.panel && shifted(element.words.panel, dx) } };
  }
}

/**
 * A fold-and-staple booklet: the pages (laid out at half a sheet, with no bleed) two to a side of
 * each sheet, in saddle-stitch order, each with its page number at the foot so the sheets can be
 * checked before stapling. Printed on both sides and flipped on the short edge.
 */
export function drawBooklet(layout: LaidOutPage[], paper: BookletPaper, folio: (text: string, box: Box) => LaidWords): DrawnPage[] {
  const half = inches(BOOKLET_SHEETS[paper].page.width);
  const pageHeight = inches(BOOKLET_SHEETS[paper].page.height);
  const footer = (dx: number): Box => ({ x: dx + half * 0.3, y: pageHeight - inches(0.42), width: half * 0.4, height: inches(0.25) });
  const sheetHalf = (number: number, dx: number): DrawElement[] => {
    const laid = layout[number - 1];
    if (!laid) return [];
    return [...pageElements(laid).map((element) => shiftElement(element, dx)), { kind: 'words', words: folio(String(number), footer(dx)) }];
  };
  return saddleStitchOrder(layout.length).map((side) => ({ elements: [...sheetHalf(side.left, 0), ...sheetHalf(side.right, half)], trim: null }));
}
