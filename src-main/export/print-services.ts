import type { PrintServiceId } from '../../src-preload/contract';
import type { Edges, TrimName } from './print-geometry';

export type { PrintServiceId };

/**
 * The one table of print services: what each one, in each binding, asks of a picture book's
 * files. Plain data and small pure functions; the layout, the cover and the verdicts read it.
 *
 * Every fact is sourced beside it. "Confirmed" means read on the service's own page on the date
 * in `sources`; "unconfirmed" means it comes from a third-party page (or the earlier research
 * note, shared/research/print-services.md, whose † facts were third-party) because the service's
 * own page could not be reached or did not say, and `unconfirmed` lists it so nobody mistakes it
 * for the service's word. The services' pages were read from stored copies through the search
 * tool; only the opening of some long KDP pages could be read, as each row says.
 */

export interface CoverSpec {
  kind: 'paperback' | 'casewrap';
  /** Bleed around the whole cover spread, inches (for a casewrap the turn-in below already covers it). */
  bleed: number;
  /** Casewrap: board wrap (turn-in) per edge, inches; 0 for a paperback. */
  wrap: number;
  /** Casewrap: hinge each side of the spine, inches; 0 for a paperback. */
  hinge: number;
  /** Casewrap: how far the boards reach past the pages on the top, bottom and outside edge, inches; 0 for a paperback. */
  boardOverhang: number;
  /** Spine width in inches for this many interior pages (the service's formula or table). */
  spineWidth(pageCount: number): number;
  /** From how many interior pages the spine may carry text; null if never (or no rule was found: a blank spine is never refused). */
  spineTextFromPages: number | null;
  /** The area kept clear for the barcode, lower right of the back cover, inches; null if none. */
  barcode: { width: number; height: number; fromTrimEdge: number } | null;
  /** Words on the cover stay this far inside the trim and away from the spine's folds, inches. */
  safeMargin: number;
  /**
   * When some of these numbers are not the service's published ones: which, and where the real
   * ones are (the service's cover template), so the window can say to check. Null when they are.
   */
  estimate: string | null;
}

export interface PrintService {
  id: PrintServiceId;
  company: string;
  binding: string;
  /** What the window shows, e.g. 'Amazon KDP paperback'; "s" makes it plural. */
  label: string;
  /** Where each fact comes from, with the date it was checked (also as a comment beside each row). */
  sources: { url: string; checked: string; note?: string }[];
  /** Facts in this row that were not confirmed at the service's own page, in plain words. */
  unconfirmed: string[];
  /** Trims this service offers that suit a picture book. */
  trims: readonly TrimName[];
  /** Interior bleed per edge (KDP: none on the inside edge). */
  bleed: Edges;
  /** Words stay this far inside the trim on the top, bottom and outside edges. */
  safeMargin: number;
  /** Words stay this far from the binding edge (inches inside the trim) for a book of this many interior pages. */
  gutter(pageCount: number): number;
  pages: { min: number; max: number; multiple: number };
  colour: 'rgb' | 'cmyk';
  pdf: 'plain' | 'pdf-x-1a' | 'pdf-x-4';
  transparency: boolean;
  /** The most ink, in per cent (C+M+Y+K), any spot of a CMYK file may carry; null where the service sets none. */
  inkLimit: number | null;
  /** The resolution pictures must reach, and may not exceed (null: no ceiling). */
  pictureDpi: { min: number; max: number | null };
  /** null for the home printer (no separate cover). */
  cover: CoverSpec | null;
}

/** The day the facts below were last read at their sources. */
const CHECKED = '2026-11-30';

const noBleed: Edges = { top: 0, bottom: 0, outside: 0, inside: 0 };
const bleedEveryEdge: Edges = { top: 0.125, bottom: 0.125, outside: 0.125, inside: 0.125 };
/** KDP trims the top, bottom and outside edge only; the inside edge is bound, so a page is trim + 0.125 in wide and + 0.25 in high. */
const bleedOutsideEdges: Edges = { top: 0.125, bottom: 0.125, outside: 0.125, inside: 0 };

/** The value of the first `[upToPages, value]` row that holds `pageCount`; past the last row, `beyond`. */
function byPageCount(rows: readonly (readonly [number, number])[], beyond: number, pageCount: number): number {
  return rows.find(([upToPages]) => pageCount <= upToPages)?.[1] ?? beyond;
}

/** KDP premium colour paper: 0.002347 in a page. KDP paperback spines have no allowance added (a 200-page 6×9 white book has a 0.450 in spine). */
const KDP_PREMIUM_COLOUR_INCHES_PER_PAGE = 0.002347;

/** KDP's minimum inside margin by page count, inches: 24–150 pages 0.375, then wider as the book thickens. */
const KDP_GUTTER: readonly (readonly [number, number])[] = [
  [150, 0.375],
  [300, 0.5],
  [500, 0.625],
  [700, 0.75],
];

const KDP_BARCODE = { width: 2, height: 1.2, fromTrimEdge: 0.25 };

const KDP_SOURCES = [
  {
    url: 'https://kdp.amazon.com/en_US/help/topic/GVBQ3CMEQW3W2VL6',
    checked: CHECKED,
    note: 'Set trim size, bleed and margins: margins depend on page count and bleed (only the opening of the page could be read; its trim list and margin table are taken from the research note [K1] and kdpbuilder.com)',
  },
  { url: 'https://kdp.amazon.com/en_US/help/topic/G201834180', checked: CHECKED, note: 'Print options: colour ink on 60# (100 GSM) white paper' },
  {
    url: 'https://kdp.amazon.com/en_US/help/topic/G201953020',
    checked: CHECKED,
    note: 'Create a paperback cover: one PDF of back, spine and front; 0.125 in bleed on the top, bottom and outside edges; spine text only from 79 pages; at most 650 MB',
  },
  {
    url: 'https://kdp.amazon.com/en_US/help/topic/GYEKAVKMSE23PFTM',
    checked: CHECKED,
    note: 'Paperback manual review checklist: content reaching the edge needs bleed; at most two blank pages in a row at the start or middle, ten at the end',
  },
  { url: 'https://kdpbuilder.com/guides/kdp-bleed-and-margins', checked: CHECKED, note: 'third party: inside margin by page count (0.375 in for 24–150 pages), 0.375 in outside margins with bleed' },
  { url: 'https://kidillus.com/kdp-cover-size-guide', checked: CHECKED, note: 'third party: premium colour paper 0.002347 in a page' },
  { url: 'https://github.com/Pylons/pyramid/blob/main/docs/coversizing.py', checked: CHECKED, note: 'third party (CreateSpace era): barcode 2 × 1.2 in, 0.25 in from the bottom trim and the spine' },
];

const KDP_PAPERBACK: PrintService = {
  id: 'kdp-paperback',
  company: 'Amazon KDP',
  binding: 'Paperback',
  label: 'Amazon KDP paperback',
  // Premium colour ink: the only KDP colour paperback that starts at 24 pages (standard colour starts at 72).
  sources: KDP_SOURCES,
  unconfirmed: [
    'the trim list (8.5×8.5, 8.25×8.25, 8×10, 7×10, 8.5×11, A4): research note [K1] and third-party lists; KDP’s trim table was not reached',
    'the 24-page minimum for premium colour and the 828-page maximum (research note [K4†])',
    'the 0.375 in safe margin and the inside margin by page count (kdpbuilder.com)',
    'RGB accepted and transparency to be flattened (research note [K2], [K6†])',
    'the spine formula (0.002347 in a page, kidillus.com) and the 2 × 1.2 in barcode area (CreateSpace-era spec)',
  ],
  trims: ['8.5x8.5', '8.25x8.25', '8x10', '7x10', 'letter', 'a4'],
  bleed: bleedOutsideEdges, // confirmed: G201953020 (cover) and research note [K1] (interior)
  safeMargin: 0.375, // unconfirmed: with bleed, kdpbuilder.com
  gutter: (pageCount) => byPageCount(KDP_GUTTER, 0.875, pageCount), // unconfirmed: kdpbuilder.com
  pages: { min: 24, max: 828, multiple: 2 }, // unconfirmed: research note [K4†]; KDP rounds an odd count up itself
  colour: 'rgb', // unconfirmed: research note [K6†]
  pdf: 'plain', // research note [K2]
  transparency: false, // research note [K2]: "transparency flattened"
  inkLimit: null,
  pictureDpi: { min: 300, max: null }, // research note [K2]
  cover: {
    kind: 'paperback',
    bleed: 0.125, // confirmed: G201953020
    wrap: 0,
    hinge: 0,
    boardOverhang: 0,
    spineWidth: (pageCount) => pageCount * KDP_PREMIUM_COLOUR_INCHES_PER_PAGE, // unconfirmed: kidillus.com
    spineTextFromPages: 79, // confirmed: G201953020
    barcode: KDP_BARCODE, // unconfirmed: CreateSpace-era spec
    safeMargin: 0.25, // judgement: KDP's own figure was not reached; 0.25 in clears both the 0.125 in trim variance and the 0.0625 in spine-fold variance third parties cite
    estimate: 'The spine width (0.002347 in a page) and barcode area come from third-party pages; compare the cover with KDP’s cover template (kdp.amazon.com/cover-templates).',
  },
};

const KDP_HARDCOVER: PrintService = {
  ...KDP_PAPERBACK,
  id: 'kdp-hardcover',
  binding: 'Hardcover',
  label: 'Amazon KDP hardcover',
  sources: [
    ...KDP_SOURCES,
    {
      url: 'https://kdp.amazon.com/en_US/help/topic/GAVW3FZZAKA2KY3B',
      checked: CHECKED,
      note: 'Hardcover: case laminate, no dust jacket; five trim sizes; 75–550 pages; the same print options as paperbacks otherwise',
    },
    {
      url: 'https://kdp.amazon.com/en_US/help/topic/GDTKFJPNQCBTMRV6',
      checked: CHECKED,
      note: 'Create a hardcover cover: the cover file has wrap, hinge, spine margins and a barcode margin (their sizes were not in the part that could be read)',
    },
    { url: 'https://kdpbuilder.com/guides/kdp-hardcover-cover-size', checked: CHECKED, note: 'third party: wrap about 0.59 in, hinge about 0.375 in, boards about 0.125 in past the pages' },
  ],
  unconfirmed: [
    'which five trims: only their number is on KDP’s page; 5.5×8.5, 6×9, 6.14×9.21, 7×10 and 8.25×11 come from third-party lists (7×10 and 8.25×11 suit a picture book)',
    'the wrap, hinge and board overhang (kdpbuilder.com), the spine formula (premium colour paper assumed) and the barcode area',
    'every paperback fact this row shares (margins, colour, transparency)',
  ],
  trims: ['7x10', '8.25x11'], // count confirmed (five sizes, GAVW3FZZAKA2KY3B); which ones unconfirmed
  pages: { min: 75, max: 550, multiple: 2 }, // confirmed: GAVW3FZZAKA2KY3B
  cover: {
    kind: 'casewrap',
    bleed: 0, // the turn-in is the bleed: the art runs over the board edge
    wrap: 0.59, // unconfirmed: kdpbuilder.com
    hinge: 0.375, // unconfirmed: kdpbuilder.com
    boardOverhang: 0.125, // unconfirmed: kdpbuilder.com
    spineWidth: (pageCount) => pageCount * KDP_PREMIUM_COLOUR_INCHES_PER_PAGE, // unconfirmed: the paperback's paper, with no board allowance found
    spineTextFromPages: null, // no hardcover rule found
    barcode: KDP_BARCODE, // unconfirmed
    safeMargin: 0.25, // judgement, as for the paperback
    estimate: 'Wrap, hinge, board overhang and spine width are third-party estimates; KDP’s hardcover cover template (kdp.amazon.com/cover-templates) has the real ones.',
  },
};

/** Lulu's recommended inside margin by page count, inches inside the trim (its table gives the full-bleed figure from the bleed edge: 0.125 in more). */
const LULU_GUTTER: readonly (readonly [number, number])[] = [
  [60, 0.5],
  [150, 0.625],
  [400, 1],
  [600, 1.125],
];

/** Lulu's casewrap spine table, `[upToPages, inches]`; its rows overlap at the ends (24–84, 84–140), and the lower row wins. */
const LULU_CASEWRAP_SPINE: readonly (readonly [number, number])[] = [
  [84, 0.25],
  [140, 0.5],
  [168, 0.625],
  [194, 0.6875],
  [222, 0.75],
  [250, 0.8125],
  [278, 0.875],
  [306, 0.9375],
  [334, 1],
  [360, 1.0625],
  [388, 1.125],
  [416, 1.1875],
  [444, 1.25],
  [472, 1.3125],
  [500, 1.375],
  [528, 1.4375],
  [556, 1.5],
  [582, 1.5625],
  [610, 1.625],
  [638, 1.6875],
  [666, 1.75],
  [694, 1.8125],
  [722, 1.875],
  [750, 1.9375],
  [778, 2],
  [800, 2.0625],
];

const LULU_SOURCES = [
  {
    url: 'https://help.lulu.com/en/support/solutions/articles/64000255583-tips-for-formatting-documents',
    checked: CHECKED,
    note: 'at least 0.5 in margins on every page, a gutter of 0.2–0.3 in; no two-page spreads',
  },
  {
    url: 'https://help.api.lulu.com/en/support/solutions/articles/64000254613-what-is-a-safety-margin-',
    checked: CHECKED,
    note: 'words 0.5 in from the trimmed edge; a page has 0.125 in bleed',
  },
  { url: 'https://help.api.lulu.com/en/support/solutions/articles/64000254615-what-is-a-gutter-', checked: CHECKED, note: 'recommended inside margin by page count' },
  {
    url: 'https://help.lulu.com/en/support/solutions/articles/64000255590-interior-formatting-faq',
    checked: CHECKED,
    note: 'full colour: export in sRGB (RGB or CMYK is converted to sRGB); 300 ppi best, 600 ppi the limit',
  },
  {
    url: 'https://help.api.lulu.com/en/support/solutions/articles/64000254616-how-is-spine-width-calculated-',
    checked: CHECKED,
    note: 'perfect bound: pages / 444 + 0.06 in; casewrap: a table (24–84 pages 0.25 in …); saddle stitch: no spine',
  },
  {
    url: 'https://help.api.lulu.com/en/support/solutions/articles/64000254607-what-files-are-required-for-lulu-print-api-production-',
    checked: CHECKED,
    note: 'a multipage interior PDF and a single-page cover PDF',
  },
  {
    url: 'https://connect.lulu.com/en/discussion/343028/spine-for-books-with-80-130-pages-for-retail-partners',
    checked: CHECKED,
    note: 'Lulu’s forum quoting Lulu’s help: spine text printed on books from 80 pages (some retail printers need 130)',
  },
  {
    url: 'https://www.scribd.com/document/513281500/lulu-spine-width-calculator',
    checked: CHECKED,
    note: 'a copy of Lulu’s Spine Width Calculator PDF: paperback covers need at least 32 pages, hardcovers at least 24',
  },
];

const LULU_PAPERBACK: PrintService = {
  id: 'lulu-paperback',
  company: 'Lulu',
  binding: 'Paperback',
  label: 'Lulu paperback',
  sources: LULU_SOURCES,
  unconfirmed: [
    'the trim list (8.5×8.5, 7×10, A4, US Letter): research note [L8], Lulu’s size list was not reached',
    'the 32-page minimum (Lulu’s Spine Width Calculator, read from a copy on scribd.com) and the 800-page maximum (where Lulu’s spine table ends)',
    'transparency to be flattened (Lulu’s Book Creation Guide as quoted by third parties)',
    'the 0.5 in words-from-trim margin on the cover (Lulu’s general safety margin, not a cover-specific figure)',
  ],
  trims: ['8.5x8.5', '7x10', 'a4', 'letter'], // unconfirmed: research note [L8]
  bleed: bleedEveryEdge, // confirmed: help.api.lulu.com 64000254613
  safeMargin: 0.5, // confirmed: help.lulu.com 64000255583, help.api.lulu.com 64000254613
  gutter: (pageCount) => byPageCount(LULU_GUTTER, 1.25, pageCount), // confirmed: help.api.lulu.com 64000254615
  pages: { min: 32, max: 800, multiple: 2 }, // unconfirmed: Lulu's spine calculator PDF (copy)
  colour: 'rgb', // confirmed: sRGB, help.lulu.com 64000255590
  pdf: 'plain', // confirmed: help.api.lulu.com 64000254607
  transparency: false, // unconfirmed
  inkLimit: null,
  pictureDpi: { min: 300, max: 600 }, // confirmed: help.lulu.com 64000255590
  cover: {
    kind: 'paperback',
    bleed: 0.125, // unconfirmed: the interior bleed; Lulu's cover formula is bleed + back + spine + front + bleed
    wrap: 0,
    hinge: 0,
    boardOverhang: 0,
    spineWidth: (pageCount) => pageCount / 444 + 0.06, // confirmed: help.api.lulu.com 64000254616
    spineTextFromPages: 80, // confirmed on Lulu's forum quoting Lulu's help
    barcode: null, // Lulu prints a barcode only for a book with an ISBN, which StorySprout does not assign
    safeMargin: 0.5, // Lulu's safety margin
    estimate: null,
  },
};

const LULU_SADDLE_STITCH: PrintService = {
  ...LULU_PAPERBACK,
  id: 'lulu-saddle-stitch',
  binding: 'Saddle stitch',
  label: 'Lulu saddle-stitched book',
  unconfirmed: [
    '4–48 pages in a multiple of 4: research note [L5] (Lulu’s spine width calculator); not re-read at Lulu',
    'the trims (8.5×8.5 and US Letter are offered stapled in Lulu’s print API product codes; A4 assumed)',
    'transparency to be flattened and the 0.5 in cover margin, as for the paperback',
  ],
  trims: ['8.5x8.5', 'letter', 'a4'], // unconfirmed
  gutter: () => 0.5, // stapled on the fold: nothing is glued into the spine, so Lulu's safety margin is enough
  pages: { min: 4, max: 48, multiple: 4 }, // unconfirmed: research note [L5]; four pages to a folded sheet
  cover: {
    ...LULU_PAPERBACK.cover!,
    spineWidth: () => 0, // confirmed: "there is no spine for these binding types", help.api.lulu.com 64000254616
    spineTextFromPages: null,
  },
};

const LULU_HARDCOVER: PrintService = {
  ...LULU_PAPERBACK,
  id: 'lulu-hardcover',
  binding: 'Hardcover',
  label: 'Lulu hardcover',
  sources: [
    ...LULU_SOURCES,
    {
      url: 'https://help.lulu.com/en/support/solutions/articles/64000308572-creating-your-hardcover-casewrap-cover',
      checked: CHECKED,
      note: 'casewrap: printed 0.75 in larger than the cover trim, the art wrapped round the board and glued inside',
    },
    {
      url: 'https://connect.lulu.com/en/discussion/33338/how-to-create-a-cover-with-the-one-piece-wraparound-cover-designer',
      checked: CHECKED,
      note: 'Lulu staff (2019): casewrap width = turn-in + back cover + spine + front cover + turn-in (no separate hinge)',
    },
    {
      url: 'http://connect.lulu.com/en/discussion/291366/one-piece-wraparound-cover-dimensions',
      checked: CHECKED,
      note: 'forum: a 6×9 casewrap’s cover trim is 6.125 × 9.25 in (boards 0.125 in past the pages)',
    },
  ],
  unconfirmed: [
    'the trim list, transparency and cover margin, as for the paperback',
    'the 24-page minimum (Lulu’s Spine Width Calculator, read from a copy) and the 800-page maximum',
    'the 0.125 in board overhang (a Lulu forum post) and whether the 0.75 in wrap is per edge (read so: Lulu’s templates add it to every edge)',
    'spine text from 80 pages (Lulu’s rule is stated for books in general)',
  ],
  pages: { min: 24, max: 800, multiple: 2 }, // unconfirmed: Lulu's spine calculator PDF (copy)
  cover: {
    kind: 'casewrap',
    bleed: 0, // the turn-in is the bleed
    wrap: 0.75, // confirmed: help.lulu.com 64000308572
    hinge: 0, // Lulu's casewrap formula has none; the hinge lies inside the cover panels
    boardOverhang: 0.125, // unconfirmed: connect.lulu.com forum
    spineWidth: (pageCount) => byPageCount(LULU_CASEWRAP_SPINE, 2.125, pageCount), // confirmed: help.api.lulu.com 64000254616
    spineTextFromPages: 80, // unconfirmed for hardcovers
    barcode: null, // only with an ISBN
    safeMargin: 0.5,
    estimate: 'The board overhang (0.125 in) comes from a Lulu forum post; compare the cover with the casewrap template Lulu offers for the book.',
  },
};

/** IngramSpark's inside margin by page count: 0.5 in is its own minimum for every edge; the steps for thicker books are a third party's. */
const INGRAMSPARK_GUTTER: readonly (readonly [number, number])[] = [
  [150, 0.5],
  [400, 0.625],
  [600, 0.75],
];

/**
 * IngramSpark publishes no spine formula, only a cover template generator: StorySprout estimates
 * with KDP's premium colour caliper and says to check the cover against IngramSpark's template.
 */
const estimatedIngramSparkSpine = (pageCount: number) => pageCount * KDP_PREMIUM_COLOUR_INCHES_PER_PAGE;

const INGRAMSPARK_SOURCES = [
  {
    url: 'https://www.ingramspark.com/blog/file-requirements-for-print-books',
    checked: CHECKED,
    note: 'separate interior and cover PDFs; margins at least 0.5 in from the trim on all sides; the last page blank (added if missing)',
  },
  {
    url: 'https://help.ingramspark.com/hc/en-us/articles/5338619119245-Creating-and-Designing-Print-Ready-Digital-Files-for-Your-Book',
    checked: CHECKED,
    note: 'IngramSpark requires files submitted in CMYK',
  },
  {
    url: 'https://help.ingramspark.com/hc/en-us/articles/6443532453901-File-Problems-that-Cause-Printing-Problems-of-a-Book',
    checked: CHECKED,
    note: 'the default PDF/X-1a:2001 setting; up to 1/16 in shift',
  },
  {
    url: 'https://help.ingramspark.com/hc/en-us/articles/5338636202637-Manufacturing-and-File-Setup-Tips',
    checked: CHECKED,
    note: 'cover art 0.25 in from the trim (perfect bound) or the board edge (case laminate); interior 0.5 in from the trim; 1/16 in spine variance',
  },
  {
    url: 'https://help.ingramspark.com/hc/en-us/articles/209072806-Cover-Layout-Submitted-is-not-Built-to-the-Correct-Specifications',
    checked: CHECKED,
    note: 'covers are built from IngramSpark’s cover template generator',
  },
  { url: 'https://selfpublish.org/html/ingramSparkFAQ', checked: CHECKED, note: 'third party quoting IngramSpark: at least 18 pages, whatever the binding' },
  {
    url: 'https://community.adobe.com/t5/illustrator-discussions/how-to-bulk-change-total-ink-coverage-to-the-240-required-by-printer/m-p/10836669',
    checked: CHECKED,
    note: 'third party quoting IngramSpark’s cover spec: PDF/X-1a:2001 or PDF/X-3:2002, CMYK, 300 ppi, total ink at most 240%',
  },
  { url: 'https://cambric.pages.dev/guides/8-5x11-ingramspark-specs', checked: CHECKED, note: 'third party: inside margin steps by page count; barcode 2 × 1.2 in lower right' },
];

const INGRAMSPARK_UNCONFIRMED = [
  'the trims (8.5×8.5 and 8×10 from research note [I5†]; 7×10 and US Letter assumed)',
  'the 18-page minimum (selfpublish.org) and the maximum (no figure found; 500 is a placeholder far above any picture book)',
  'the 240% total ink limit and 300 ppi (third party quoting IngramSpark)',
  'whether PDF/X-4 is accepted: IngramSpark’s pages name only PDF/X-1a:2001 (and, in older guides, PDF/X-3:2002), so StorySprout makes PDF/X-1a',
  'every cover dimension (IngramSpark publishes only a cover template generator)',
];

const INGRAMSPARK_PAPERBACK: PrintService = {
  id: 'ingramspark-paperback',
  company: 'IngramSpark',
  binding: 'Paperback',
  label: 'IngramSpark paperback',
  sources: INGRAMSPARK_SOURCES,
  unconfirmed: INGRAMSPARK_UNCONFIRMED,
  trims: ['8.5x8.5', '8x10', '7x10', 'letter'], // unconfirmed
  bleed: bleedEveryEdge, // research note [I5†]: 0.125 in every side
  safeMargin: 0.5, // confirmed: ingramspark.com blog, help 5338636202637
  gutter: (pageCount) => byPageCount(INGRAMSPARK_GUTTER, 0.875, pageCount), // 0.5 confirmed; steps unconfirmed
  pages: { min: 18, max: 500, multiple: 2 }, // unconfirmed
  colour: 'cmyk', // confirmed: help 5338619119245
  pdf: 'pdf-x-1a', // confirmed: help 6443532453901
  transparency: false, // PDF/X-1a allows none
  inkLimit: 240, // unconfirmed: third party quoting IngramSpark
  pictureDpi: { min: 300, max: null }, // unconfirmed: third party quoting IngramSpark
  cover: {
    kind: 'paperback',
    bleed: 0.125, // unconfirmed
    wrap: 0,
    hinge: 0,
    boardOverhang: 0,
    spineWidth: estimatedIngramSparkSpine,
    spineTextFromPages: null, // no rule found
    barcode: { width: 2, height: 1.2, fromTrimEdge: 0.25 }, // unconfirmed: cambric.pages.dev; IngramSpark needs an ISBN, so a barcode is always printed
    safeMargin: 0.25, // confirmed: help 5338636202637
    estimate: 'IngramSpark publishes no spine formula: the spine width and barcode area are estimates; compare the cover with IngramSpark’s cover template generator (ingramspark.com, Resources > Tools).',
  },
};

const INGRAMSPARK_HARDCOVER: PrintService = {
  ...INGRAMSPARK_PAPERBACK,
  id: 'ingramspark-hardcover',
  binding: 'Hardcover',
  label: 'IngramSpark hardcover',
  unconfirmed: [...INGRAMSPARK_UNCONFIRMED, 'the case laminate wrap, hinge and board overhang (no IngramSpark figure found; Lulu’s and KDP’s third-party figures used)'],
  cover: {
    kind: 'casewrap',
    bleed: 0,
    wrap: 0.75, // estimate: Lulu's casewrap figure
    hinge: 0.375, // estimate: KDP's third-party figure
    boardOverhang: 0.125, // estimate
    spineWidth: estimatedIngramSparkSpine,
    spineTextFromPages: null,
    barcode: { width: 2, height: 1.2, fromTrimEdge: 0.25 }, // unconfirmed
    safeMargin: 0.25, // confirmed: 0.25 in from the edge of the board, help 5338636202637
    estimate: 'IngramSpark publishes only a cover template generator: wrap, hinge, board overhang and spine width are estimates; compare the cover with its case laminate template.',
  },
};

/**
 * Blurb's trade book, softcover, 8×10 in: the Blurb product whose trim is a plain page size
 * (Blurb's photo books are named by nominal sizes that differ from their exact page sizes, which
 * could not be confirmed), and colour is printed on standard paper.
 */
const BLURB: PrintService = {
  id: 'blurb',
  company: 'Blurb',
  binding: 'Trade book, softcover',
  label: 'Blurb trade book',
  sources: [
    {
      url: 'https://support.blurb.com/hc/en-us/articles/207794816-How-pages-are-counted-in-a-Blurb-book',
      checked: CHECKED,
      note: 'at least 20 pages (24 for a trade book); up to 440 pages on standard paper, 240 on heavier papers; two pages to a leaf',
    },
    {
      url: 'https://support.blurb.com/hc/en-us/articles/115001494183-PDF-Uploader-Preview-Trim-Guides',
      checked: CHECKED,
      note: 'keep text and faces at least 1/4 in from the trim line; keep important content out of the gutter',
    },
    { url: 'http://blog.blurb.com/getting-cut-off-working-with-trim-guidelines/', checked: CHECKED, note: 'Blurb’s blog: pages are trimmed 1/8 in from the edge (1/16 to 3/16 in)' },
    { url: 'http://thegreyblog.blogspot.com/2012/11/creating-compliant-pdf-for-blurb-book.html', checked: CHECKED, note: 'third party (2012): Blurb’s PDF to Book wants PDF/X-3:2002' },
  ],
  unconfirmed: [
    'the trade book sizes (5×8, 6×9, 8×10; only 8×10 suits a picture book) and colour on standard paper: Blurb’s size list was not reached',
    'the PDF standard: research note says PDF/X-3 or PDF/X-4; a 2012 third-party post says PDF/X-3:2002; StorySprout’s table allows PDF/X-4',
    'sRGB colour (research note [B3†])',
    'the inside margin (Blurb only says to keep content out of the gutter; 0.5 in is StorySprout’s choice)',
    'every cover dimension (Blurb publishes a cover calculator, not a formula)',
  ],
  trims: ['8x10'], // unconfirmed
  bleed: bleedEveryEdge, // Blurb's blog: trimmed 1/8 in from the edge
  safeMargin: 0.25, // confirmed: support.blurb.com 115001494183
  gutter: () => 0.5, // judgement
  pages: { min: 24, max: 440, multiple: 2 }, // confirmed: support.blurb.com 207794816
  colour: 'rgb', // unconfirmed
  pdf: 'pdf-x-4', // unconfirmed
  transparency: true, // PDF/X-4 keeps live transparency
  inkLimit: null,
  pictureDpi: { min: 300, max: null }, // unconfirmed (research note)
  cover: {
    kind: 'paperback',
    bleed: 0.125, // Blurb's blog
    wrap: 0,
    hinge: 0,
    boardOverhang: 0,
    spineWidth: (pageCount) => pageCount * KDP_PREMIUM_COLOUR_INCHES_PER_PAGE, // estimate: no Blurb formula published
    spineTextFromPages: null, // no rule found
    barcode: null, // no Blurb barcode rule found
    safeMargin: 0.25, // confirmed: support.blurb.com 115001494183
    estimate: 'Blurb publishes a cover calculator, not a formula: the spine width is an estimate; compare the cover with Blurb’s book size calculator for the page count.',
  },
};

/** Printed at home on Letter or A4 paper: every trim fits one or the other, no printer prints to the edge. */
const HOME_PRINTER: PrintService = {
  id: 'home-printer',
  company: 'Home printer',
  binding: 'Printed at home',
  label: 'Home printer',
  sources: [
    {
      url: 'https://newbetuts.com/3503615-what-are-the-minimum-margins-most-printers-can-handle',
      checked: CHECKED,
      note: 'no service: every desktop printer differs, 0.25 in unprinted at the paper’s edges is a safe bet',
    },
    {
      url: 'https://help.seagullscientific.com/2019/en/content/view_view_show.htm',
      checked: CHECKED,
      note: 'laser printers leave about 0.2 in unprinted round the page',
    },
  ],
  unconfirmed: ['the 0.25 in unprintable border is typical of desktop printers, not a measured figure; the 150 DPI floor and 0.25 in gutter are StorySprout’s choices'],
  trims: ['8.5x8.5', '8x10', '8.25x8.25', '7x10', '8.25x11', 'a4', 'letter'],
  bleed: noBleed,
  safeMargin: 0.25,
  gutter: () => 0.25,
  pages: { min: 1, max: Number.MAX_SAFE_INTEGER, multiple: 1 },
  colour: 'rgb',
  pdf: 'plain',
  transparency: true,
  inkLimit: null,
  pictureDpi: { min: 150, max: null },
  cover: null,
};

export const PRINT_SERVICES: Record<PrintServiceId, PrintService> = {
  'home-printer': HOME_PRINTER,
  'kdp-paperback': KDP_PAPERBACK,
  'kdp-hardcover': KDP_HARDCOVER,
  'lulu-paperback': LULU_PAPERBACK,
  'lulu-saddle-stitch': LULU_SADDLE_STITCH,
  'lulu-hardcover': LULU_HARDCOVER,
  'ingramspark-paperback': INGRAMSPARK_PAPERBACK,
  'ingramspark-hardcover': INGRAMSPARK_HARDCOVER,
  blurb: BLURB,
};

/** Whether a cover for a book of `pageCount` interior pages may carry words on its spine. */
export function spineCarriesWords(cover: CoverSpec, pageCount: number): boolean {
  return cover.spineTextFromPages !== null && pageCount >= cover.spineTextFromPages;
}
