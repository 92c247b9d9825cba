import { describe, expect, it } from 'vitest';
import { TRIMS } from './print-geometry';
import { PRINT_SERVICE_IDS } from '../../src-preload/contract';
import { PRINT_SERVICES, spineCarriesWords, type CoverSpec, type PrintServiceId } from './print-services';

const cover = (id: PrintServiceId): CoverSpec => PRINT_SERVICES[id].cover!;
const spinesFor = (id: PrintServiceId) => [24, 32, 48].map((pages) => cover(id).spineWidth(pages));

describe('the print services table', () => {
  it('has one row per service id, each with dated sources and trims StorySprout can lay out', () => {
    expect(Object.keys(PRINT_SERVICES).sort()).toEqual([...PRINT_SERVICE_IDS].sort());
    for (const id of PRINT_SERVICE_IDS) {
      const service = PRINT_SERVICES[id];
      expect(service.id).toBe(id);
      expect(service.sources.length).toBeGreaterThan(0);
      for (const source of service.sources) {
        expect(source.url).toMatch(/^https?:\/\//);
        expect(source.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      expect(service.trims.length).toBeGreaterThan(0);
      for (const trim of service.trims) expect(TRIMS[trim]).toBeDefined();
    }
  });

  it('bleeds KDP on the top, bottom and outside edge only, the other services on every edge, and the home printer nowhere', () => {
    expect(PRINT_SERVICES['kdp-paperback'].bleed).toEqual({ top: 0.125, bottom: 0.125, outside: 0.125, inside: 0 });
    expect(PRINT_SERVICES['kdp-hardcover'].bleed.inside).toBe(0);
    for (const id of ['lulu-paperback', 'lulu-saddle-stitch', 'lulu-hardcover', 'ingramspark-paperback', 'ingramspark-hardcover', 'blurb'] as const) {
      expect(PRINT_SERVICES[id].bleed).toEqual({ top: 0.125, bottom: 0.125, outside: 0.125, inside: 0.125 });
    }
    expect(PRINT_SERVICES['home-printer'].bleed).toEqual({ top: 0, bottom: 0, outside: 0, inside: 0 });
    expect(PRINT_SERVICES['home-printer'].cover).toBeNull();
  });

  it('offers KDP hardcovers only in their own short list of sizes: no 8.5×8.5', () => {
    expect(PRINT_SERVICES['kdp-hardcover'].trims).toEqual(['7x10', '8.25x11']);
    expect(PRINT_SERVICES['kdp-paperback'].trims).toContain('8.5x8.5');
  });

  it('sets page limits per binding: KDP 24 and 75, Lulu 32 perfect bound, 4 to 48 stapled in fours, 24 casewrap', () => {
    expect(PRINT_SERVICES['kdp-paperback'].pages).toEqual({ min: 24, max: 828, multiple: 2 });
    expect(PRINT_SERVICES['kdp-hardcover'].pages).toEqual({ min: 75, max: 550, multiple: 2 });
    expect(PRINT_SERVICES['lulu-paperback'].pages.min).toBe(32);
    expect(PRINT_SERVICES['lulu-saddle-stitch'].pages).toEqual({ min: 4, max: 48, multiple: 4 });
    expect(PRINT_SERVICES['lulu-hardcover'].pages.min).toBe(24);
    expect(PRINT_SERVICES['ingramspark-paperback'].pages.min).toBe(18);
    expect(PRINT_SERVICES['blurb'].pages).toEqual({ min: 24, max: 440, multiple: 2 });
  });

  it('widens the gutter with the page count where the service says so', () => {
    const kdp = PRINT_SERVICES['kdp-paperback'].gutter;
    expect([kdp(24), kdp(150), kdp(151), kdp(300), kdp(301), kdp(828)]).toEqual([0.375, 0.375, 0.5, 0.5, 0.625, 0.875]);
    const lulu = PRINT_SERVICES['lulu-paperback'].gutter;
    expect([lulu(32), lulu(60), lulu(61), lulu(150), lulu(151), lulu(601)]).toEqual([0.5, 0.5, 0.625, 0.625, 1, 1.25]);
    const ingram = PRINT_SERVICES['ingramspark-paperback'].gutter;
    expect([ingram(18), ingram(150), ingram(151)]).toEqual([0.5, 0.5, 0.625]);
    // Stapled on the fold, nothing is glued into a spine.
    expect(PRINT_SERVICES['lulu-saddle-stitch'].gutter(48)).toBe(0.5);
  });

  it('asks IngramSpark for PDF/X-1a in CMYK within 240% ink, Lulu for sRGB at 300 to 600 DPI, KDP for a plain flattened PDF', () => {
    expect(PRINT_SERVICES['ingramspark-paperback']).toMatchObject({ colour: 'cmyk', pdf: 'pdf-x-1a', transparency: false, inkLimit: 240 });
    expect(PRINT_SERVICES['ingramspark-hardcover']).toMatchObject({ colour: 'cmyk', pdf: 'pdf-x-1a' });
    expect(PRINT_SERVICES['lulu-paperback']).toMatchObject({ colour: 'rgb', pdf: 'plain', pictureDpi: { min: 300, max: 600 } });
    expect(PRINT_SERVICES['kdp-paperback']).toMatchObject({ colour: 'rgb', pdf: 'plain', transparency: false });
  });
});

describe('spine widths', () => {
  it('KDP: premium colour paper, 0.002347 in a page', () => {
    const expected = [0.056328, 0.075104, 0.112656];
    spinesFor('kdp-paperback').forEach((width, index) => expect(width).toBeCloseTo(expected[index]!, 6));
    spinesFor('kdp-hardcover').forEach((width, index) => expect(width).toBeCloseTo(expected[index]!, 6));
  });

  it('Lulu paperback: pages / 444 + 0.06 in', () => {
    const expected = [24 / 444 + 0.06, 32 / 444 + 0.06, 48 / 444 + 0.06];
    spinesFor('lulu-paperback').forEach((width, index) => expect(width).toBeCloseTo(expected[index]!, 9));
    expect(cover('lulu-paperback').spineWidth(32)).toBeCloseTo(0.13207, 5);
  });

  it('Lulu saddle stitch has no spine', () => {
    expect(spinesFor('lulu-saddle-stitch')).toEqual([0, 0, 0]);
  });

  it('Lulu hardcover: its table, 0.25 in up to 84 pages and wider in steps after', () => {
    const spine = cover('lulu-hardcover').spineWidth;
    expect(spinesFor('lulu-hardcover')).toEqual([0.25, 0.25, 0.25]);
    expect([spine(84), spine(85), spine(140), spine(141), spine(169), spine(800), spine(801)]).toEqual([0.25, 0.5, 0.5, 0.625, 0.6875, 2.0625, 2.125]);
  });

  it('IngramSpark and Blurb publish no formula: an estimate, and the cover says where to check it', () => {
    const expected = [0.056328, 0.075104, 0.112656];
    for (const id of ['ingramspark-paperback', 'ingramspark-hardcover', 'blurb'] as const) {
      spinesFor(id).forEach((width, index) => expect(width).toBeCloseTo(expected[index]!, 6));
      expect(cover(id).estimate).toMatch(/template|calculator/);
    }
    expect(cover('lulu-paperback').estimate).toBeNull();
  });
});

describe('covers', () => {
  it('lets KDP paperback spines carry words from 79 pages and Lulu from 80; a stapled spine never', () => {
    expect(spineCarriesWords(cover('kdp-paperback'), 78)).toBe(false);
    expect(spineCarriesWords(cover('kdp-paperback'), 79)).toBe(true);
    expect(spineCarriesWords(cover('lulu-paperback'), 79)).toBe(false);
    expect(spineCarriesWords(cover('lulu-paperback'), 80)).toBe(true);
    expect(spineCarriesWords(cover('lulu-saddle-stitch'), 48)).toBe(false);
    // No rule found: a blank spine is never refused.
    expect(spineCarriesWords(cover('ingramspark-paperback'), 500)).toBe(false);
  });

  it('keeps 2 × 1.2 in clear for KDP’s and IngramSpark’s barcode; Lulu prints one only with an ISBN', () => {
    expect(cover('kdp-paperback').barcode).toEqual({ width: 2, height: 1.2, fromTrimEdge: 0.25 });
    expect(cover('ingramspark-paperback').barcode).toEqual({ width: 2, height: 1.2, fromTrimEdge: 0.25 });
    expect(cover('lulu-paperback').barcode).toBeNull();
  });

  it('wraps casewraps round the boards: Lulu 0.75 in, with no hinge of its own; paperbacks have neither', () => {
    expect(cover('lulu-hardcover')).toMatchObject({ kind: 'casewrap', wrap: 0.75, hinge: 0, bleed: 0 });
    expect(cover('kdp-hardcover')).toMatchObject({ kind: 'casewrap', wrap: 0.59, hinge: 0.375 });
    expect(cover('kdp-paperback')).toMatchObject({ kind: 'paperback', wrap: 0, hinge: 0, boardOverhang: 0, bleed: 0.125 });
  });
});
