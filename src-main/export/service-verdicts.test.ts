import { describe, expect, it } from 'vitest';
import { PRINT_SERVICE_IDS } from '../../src-preload/contract';
import type { Edges } from './print-geometry';
import { PRINT_SERVICES, type PrintServiceId } from './print-services';
import { MOST_PADDING_PAGES, pagesToReach, serviceVerdicts, type BookFacts } from './service-verdicts';

const noBleed: Edges = { top: 0, bottom: 0, outside: 0, inside: 0 };
const everyEdge: Edges = { top: 0.125, bottom: 0.125, outside: 0.125, inside: 0.125 };
const outsideEdges: Edges = { top: 0.125, bottom: 0.125, outside: 0.125, inside: 0 };
const noGhostscript = { available: false, reason: 'Ghostscript was not found on this computer' } as const;

/** A file each service takes as it is; each test changes one fact of it. */
const acceptedFile: Record<PrintServiceId, BookFacts> = {
  'home-printer': facts({ bleed: noBleed, interiorPages: 17, transparency: true }),
  'kdp-paperback': facts({ bleed: outsideEdges, interiorPages: 24, extraPages: 7 }),
  'kdp-hardcover': facts({ trim: '7x10', bleed: outsideEdges, interiorPages: 76 }),
  'lulu-paperback': facts({ interiorPages: 32, extraPages: 7 }),
  'lulu-saddle-stitch': facts({ interiorPages: 20, extraPages: 3 }),
  'lulu-hardcover': facts({ interiorPages: 24, extraPages: 7 }),
  'ingramspark-paperback': facts({ interiorPages: 18, extraPages: 1, colour: 'cmyk', pdf: 'pdf-x-1a' }),
  'ingramspark-hardcover': facts({ interiorPages: 18, extraPages: 1, colour: 'cmyk', pdf: 'pdf-x-1a' }),
  blurb: facts({ trim: '8x10', interiorPages: 24, extraPages: 7, pdf: 'pdf-x-4', transparency: true }),
};

/** A title page and 16 story pages, laid out with bleed on every edge, as a plain RGB PDF. */
function facts(overrides: Partial<BookFacts> = {}): BookFacts {
  return {
    trim: '8.5x8.5',
    interiorPages: 17,
    extraPages: 0,
    bleed: everyEdge,
    colour: 'rgb',
    pdf: 'plain',
    transparency: false,
    lowestPictureDpi: 300,
    pdfx: { available: true, standards: ['pdf-x-1a', 'pdf-x-4'], totalInkLimit: 240 },
    ...overrides,
  };
}

const verdict = (service: PrintServiceId, changes: Partial<BookFacts> = {}) => serviceVerdicts({ ...acceptedFile[service], ...changes }).find((each) => each.service === service)!;

describe('service verdicts', () => {
  it('gives one verdict per service, in the window’s order, and each service takes its own file', () => {
    expect(serviceVerdicts(facts()).map((each) => each.service)).toEqual(PRINT_SERVICE_IDS);
    for (const id of PRINT_SERVICE_IDS) {
      expect(verdict(id), id).toMatchObject({ accepted: true, supported: true, reasons: [], padding: null, label: PRINT_SERVICES[id].label });
    }
  });

  it('home printer: takes any page count, but no bleed, since it cannot print to the edge', () => {
    expect(verdict('home-printer', { interiorPages: 3 }).accepted).toBe(true);
    const bled = verdict('home-printer', { bleed: everyEdge });
    expect(bled.accepted).toBe(false);
    expect(bled.reasons).toEqual(['A home printer cannot print to the edge of the paper: choose no bleed, and the pages get a white border.']);
    expect(verdict('home-printer', { lowestPictureDpi: 149 }).accepted).toBe(false);
  });

  it('KDP paperback: a 16-story-page book is refused with the padding that fixes it, and taken once padded', () => {
    const short = verdict('kdp-paperback', { interiorPages: 17, extraPages: 0 });
    expect(short.accepted).toBe(false);
    expect(short.padding).toEqual({ pagesToAdd: 7 });
    expect(short.reasons).toEqual([
      'Amazon KDP paperbacks need at least 24 interior pages; this book has 17. Add 7 pages (belongs-to page, dedication, The End and blank pages) to reach 24.',
    ]);
    expect(verdict('kdp-paperback', { interiorPages: 17 + 7, extraPages: 7 }).accepted).toBe(true);
    expect(verdict('kdp-paperback', { interiorPages: 25, extraPages: 0 }).reasons[0]).toMatch(/need an even number of interior pages; this book has 25. Add 1 page .* to reach 26/);
  });

  it('KDP paperback: bleed on the top, bottom and outside edge only, pictures at 300 DPI, nothing left see-through', () => {
    expect(verdict('kdp-paperback', { bleed: everyEdge }).reasons).toEqual([
      'Amazon KDP needs 0.125 in bleed on top, bottom and the outside edge, and none on the binding edge; this file has 0.125 in bleed on every edge.',
    ]);
    expect(verdict('kdp-paperback', { lowestPictureDpi: 299.6 }).reasons).toEqual([
      'Amazon KDP needs every picture to print at 300 DPI or more; the softest in this book prints at 299 DPI.',
    ]);
    expect(verdict('kdp-paperback', { transparency: true }).reasons[0]).toMatch(/^Amazon KDP needs every see-through part .* blended into the picture/);
  });

  it('KDP hardcover: refuses 8.5×8.5, and a picture book too short for padding to reach 75 pages', () => {
    expect(verdict('kdp-hardcover', { trim: '8.5x8.5' }).reasons).toEqual(['8.5×8.5 in is not an Amazon KDP hardcover size: choose 7×10 in or 8.25×11 in.']);
    const thirtyTwoStoryPages = verdict('kdp-hardcover', { interiorPages: 33, extraPages: 0 });
    expect(thirtyTwoStoryPages.accepted).toBe(false);
    expect(thirtyTwoStoryPages.padding).toBeNull();
    expect(thirtyTwoStoryPages.reasons[0]).toBe(
      'Amazon KDP hardcovers need at least 75 interior pages; this book has 33, more than the extra pages can make up (at most 13 more: belongs-to page, dedication, The End and blank pages, no more than 10 blank at the end).',
    );
    const padded = verdict('kdp-hardcover', { interiorPages: 33 + MOST_PADDING_PAGES, extraPages: MOST_PADDING_PAGES });
    expect(padded.padding).toBeNull();
    expect(padded.reasons[0]).toMatch(/this book has 46, more than the extra pages can make up \(at most 0 more/);
  });

  it('Lulu paperback: 32 pages at least, beyond a 16-story-page book’s padding but within a 24-story-page one’s', () => {
    const sixteen = verdict('lulu-paperback', { interiorPages: 17, extraPages: 0 });
    expect(sixteen.padding).toBeNull();
    expect(sixteen.reasons[0]).toMatch(/^Lulu paperbacks need at least 32 interior pages; this book has 17, more than the extra pages can make up/);
    const twentyFour = verdict('lulu-paperback', { interiorPages: 25, extraPages: 0 });
    expect(twentyFour.padding).toEqual({ pagesToAdd: 7 });
    expect(verdict('lulu-paperback', { bleed: outsideEdges }).reasons).toEqual([
      'Lulu needs 0.125 in bleed on every edge; this file has 0.125 in bleed on top, bottom and the outside edge, and none on the binding edge.',
    ]);
  });

  it('Lulu saddle stitch: a multiple of 4 pages, at most 48', () => {
    const eighteen = verdict('lulu-saddle-stitch', { interiorPages: 18, extraPages: 1 });
    expect(eighteen.accepted).toBe(false);
    expect(eighteen.padding).toEqual({ pagesToAdd: 2 });
    expect(eighteen.reasons).toEqual([
      'Lulu saddle-stitched books need a multiple of 4 interior pages; this book has 18. Add 2 pages (belongs-to page, dedication, The End and blank pages) to reach 20.',
    ]);
    const tooMany = verdict('lulu-saddle-stitch', { interiorPages: 52 });
    expect(tooMany.padding).toBeNull();
    expect(tooMany.reasons).toEqual(['Lulu saddle-stitched books hold at most 48 interior pages; this book has 52.']);
    expect(verdict('lulu-saddle-stitch', { trim: '7x10' }).reasons[0]).toMatch(/^7×10 in is not a Lulu saddle-stitched book size/);
  });

  it('Lulu hardcover: 24 pages at least; a CMYK file is taken with a note that Lulu converts it', () => {
    expect(verdict('lulu-hardcover', { interiorPages: 17, extraPages: 0 }).padding).toEqual({ pagesToAdd: 7 });
    const cmyk = verdict('lulu-hardcover', { colour: 'cmyk' });
    expect(cmyk.accepted).toBe(true);
    expect(cmyk.notes[0]).toBe('Lulu prints from RGB and converts a CMYK file itself, so colours may shift a little.');
    expect(verdict('lulu-hardcover').notes).not.toContain(cmyk.notes[0]);
  });

  it('a ✓ still says which of its rules come from other sites than the service, and which cover numbers are estimates', () => {
    const kdp = verdict('kdp-paperback');
    expect(kdp.accepted).toBe(true);
    expect(kdp.notes).toEqual([
      `Not confirmed on Amazon KDP's own pages, so check before ordering: ${PRINT_SERVICES['kdp-paperback'].unconfirmed.join('; ')}.`,
      PRINT_SERVICES['kdp-paperback'].cover!.estimate,
    ]);
    expect(verdict('lulu-paperback').notes).toEqual([`Not confirmed on Lulu's own pages, so check before ordering: ${PRINT_SERVICES['lulu-paperback'].unconfirmed.join('; ')}.`]);
    // Nobody orders from a home printer: its own guesses are the app's, said in the README.
    expect(verdict('home-printer', { trim: 'letter' }).notes).toEqual([]);
  });

  it('IngramSpark paperback: refuses a plain RGB PDF, and says it is not supported here without Ghostscript', () => {
    const plain = verdict('ingramspark-paperback', { colour: 'rgb', pdf: 'plain' });
    expect(plain).toMatchObject({ accepted: false, supported: true });
    expect(plain.reasons).toEqual([
      'IngramSpark needs PDF/X-1a in CMYK; this file is a plain PDF in RGB: make the file for IngramSpark paperback to get one.',
    ]);
    const noWay = verdict('ingramspark-paperback', { colour: 'rgb', pdf: 'plain', pdfx: noGhostscript });
    expect(noWay).toMatchObject({ accepted: false, supported: false });
    expect(noWay.reasons).toEqual([
      'IngramSpark needs PDF/X-1a in CMYK; Ghostscript was not found on this computer, so StorySprout cannot make that file: not supported here.',
    ]);
    expect(verdict('ingramspark-paperback', { pdf: 'pdf-x-4' }).reasons[0]).toMatch(/needs PDF\/X-1a in CMYK; this file is PDF\/X-4 in CMYK/);
    expect(verdict('ingramspark-paperback', { interiorPages: 17, extraPages: 0 }).padding).toEqual({ pagesToAdd: 1 });
  });

  it('IngramSpark hardcover: the same file rules; never accepted, and says why, when the file cannot be made here', () => {
    expect(verdict('ingramspark-hardcover', { pdfx: noGhostscript })).toMatchObject({
      accepted: false,
      supported: false,
      reasons: ['IngramSpark needs PDF/X-1a in CMYK; Ghostscript was not found on this computer, so StorySprout cannot make that file: not supported here.'],
    });
    expect(verdict('ingramspark-hardcover', { transparency: true }).accepted).toBe(false);
  });

  it('Blurb trade book: 8×10 only, 24 pages at least, PDF/X-4 with see-through parts allowed', () => {
    expect(verdict('blurb', { trim: '8.5x8.5' }).reasons).toEqual(['8.5×8.5 in is not a Blurb trade book size: choose 8×10 in.']);
    expect(verdict('blurb', { interiorPages: 17, extraPages: 0 }).padding).toEqual({ pagesToAdd: 7 });
    expect(verdict('blurb', { pdf: 'plain' }).reasons[0]).toMatch(/^Blurb needs PDF\/X-4; this file is a plain PDF in RGB/);
    expect(verdict('blurb', { pdf: 'plain', pdfx: noGhostscript }).supported).toBe(false);
  });

  it('says a service is not supported here when this computer makes another PDF/X, or puts on more ink than it takes', () => {
    const onlyX1a = { available: true as const, standards: ['pdf-x-1a'] as const, totalInkLimit: 240 };
    expect(verdict('blurb', { pdf: 'plain', pdfx: onlyX1a })).toMatchObject({
      supported: false,
      reasons: [expect.stringMatching(/^Blurb needs PDF\/X-4; StorySprout makes PDF\/X-1a only, so StorySprout cannot make that file: not supported here\.$/)],
    });
    expect(verdict('ingramspark-paperback', { pdfx: onlyX1a })).toMatchObject({ supported: true, accepted: true });
    expect(verdict('ingramspark-paperback', { pdfx: { ...onlyX1a, totalInkLimit: 300 } })).toMatchObject({
      supported: false,
      reasons: [expect.stringMatching(/its files carry up to 300% ink, over IngramSpark's 240%/)],
    });
  });
});

describe('pagesToReach', () => {
  it('pads to the minimum and the multiple, and not past the maximum or the padding a family can add', () => {
    const saddle = PRINT_SERVICES['lulu-saddle-stitch'];
    expect([pagesToReach(saddle, 1), pagesToReach(saddle, 20), pagesToReach(saddle, 45), pagesToReach(saddle, 49)]).toEqual([3, 0, 3, null]);
    const kdp = PRINT_SERVICES['kdp-paperback'];
    expect(pagesToReach(kdp, 17)).toBe(7);
    expect(pagesToReach(kdp, 17, 6)).toBeNull();
    expect(pagesToReach(PRINT_SERVICES['kdp-hardcover'], 33)).toBeNull();
    expect(pagesToReach(PRINT_SERVICES['kdp-hardcover'], 33, 43)).toBe(43);
  });
});
