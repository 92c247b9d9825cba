import { PRINT_SERVICE_IDS, type ServiceVerdictView } from '../../src-preload/contract';
import { TRIMS, type Edges, type TrimName } from './print-geometry';
import { PRINT_SERVICES, type PrintService } from './print-services';

/** What a made book's files are, as the verdicts need to know them. */
export interface BookFacts {
  trim: TrimName;
  /** Interior pages as they will print (title page and any extra pages included). */
  interiorPages: number;
  /** How many of those are padding the family asked for (belongs-to, dedication, The End, blank). */
  extraPages: number;
  /** The bleed the interior was laid out with, per edge, inches. */
  bleed: Edges;
  /** What the file is: colour model and PDF standard actually produced. */
  colour: 'rgb' | 'cmyk';
  pdf: 'plain' | 'pdf-x-1a' | 'pdf-x-4';
  transparency: boolean;
  /** The lowest resolution any picture prints at. */
  lowestPictureDpi: number;
  /** What PDF/X this computer can make (with Ghostscript), and the most ink it puts on a spot; why not, when it cannot. */
  pdfx: { available: true; standards: readonly ('pdf-x-1a' | 'pdf-x-4')[]; totalInkLimit: number } | { available: false; reason: string };
}

/** The window shows the verdict as it is made: one type for both. */
export type ServiceVerdict = ServiceVerdictView;

/** The pages a family's padding is made of, as the reasons name them. */
const PADDING_PAGES = 'belongs-to page, dedication, The End and blank pages';
/** The belongs-to page, the dedication and The End. */
const NAMED_PADDING_PAGES = 3;
/**
 * KDP's manual review allows at most ten blank pages in a row at the end of a book (and two
 * elsewhere); no other service states a limit, so the same one stands for all: a book that needs
 * more filler than that to reach a service's minimum is a book for another service.
 */
const MOST_BLANK_PAGES_AT_END = 10;
export const MOST_PADDING_PAGES = NAMED_PADDING_PAGES + MOST_BLANK_PAGES_AT_END;

/**
 * How many pages padding must add for `service` to take a book of `interiorPages`: 0 when none,
 * null when the book is over the service's maximum or padding of at most `paddingAllowed` pages
 * cannot reach its minimum and multiple.
 */
export function pagesToReach(service: PrintService, interiorPages: number, paddingAllowed = MOST_PADDING_PAGES): number | null {
  const { min, max, multiple } = service.pages;
  const atLeast = Math.max(min, interiorPages);
  const target = Math.ceil(atLeast / multiple) * multiple;
  const pagesToAdd = target - interiorPages;
  if (target > max || pagesToAdd > paddingAllowed) return null;
  return pagesToAdd;
}

/** One verdict per service, in the order the window lists them. */
export function serviceVerdicts(facts: BookFacts): ServiceVerdict[] {
  return PRINT_SERVICE_IDS.map((id) => verdictFor(PRINT_SERVICES[id], facts));
}

function verdictFor(service: PrintService, facts: BookFacts): ServiceVerdict {
  // Without Ghostscript StorySprout makes plain PDFs only; with it, the PDF/X it knows, within its ink limit.
  const supported = service.pdf === 'plain' || whyNotMade(service, facts) === null;
  const pageCount = pageCountVerdict(service, facts);
  const reasons = [
    ...fileReasons(service, facts),
    ...trimReasons(service, facts.trim),
    ...bleedReasons(service, facts.bleed),
    ...(pageCount.reason ? [pageCount.reason] : []),
    ...pictureReasons(service, facts.lowestPictureDpi),
  ];
  const notes = [
    ...(service.id !== 'home-printer' && service.colour === 'rgb' && facts.colour === 'cmyk'
      ? [`${service.company} prints from RGB and converts a CMYK file itself, so colours may shift a little.`]
      : []),
    ...checkBeforeOrdering(service),
  ];
  // An unsupported service always has its reason (fileReasons), so it is never accepted.
  return { service: service.id, label: service.label, accepted: reasons.length === 0, supported, reasons, notes, padding: pageCount.padding };
}

/**
 * A ✓ is only as good as the rules behind it: where some came from other sites than the service's
 * own pages, or the cover's numbers are estimates, the family is told what to check before paying.
 */
function checkBeforeOrdering(service: PrintService): string[] {
  if (service.id === 'home-printer') return [];
  return [
    ...(service.unconfirmed.length > 0 ? [`Not confirmed on ${service.company}'s own pages, so check before ordering: ${service.unconfirmed.join('; ')}.`] : []),
    ...(service.cover?.estimate ? [service.cover.estimate] : []),
  ];
}

/** The file's PDF standard, colour and transparency; when StorySprout cannot make what the service needs here, says so first. */
function fileReasons(service: PrintService, facts: BookFacts): string[] {
  const reasons: string[] = [];
  const needs = `${service.company} needs ${pdfName(service.pdf)}${service.colour === 'cmyk' ? ' in CMYK' : ''}`;
  const wrongStandard = service.pdf !== 'plain' && facts.pdf !== service.pdf;
  const wrongColour = service.colour === 'cmyk' && facts.colour !== 'cmyk';
  const notMade = whyNotMade(service, facts);
  if (notMade) {
    reasons.push(`${needs}; ${notMade}, so StorySprout cannot make that file: not supported here.`);
  } else if (wrongStandard || wrongColour) {
    reasons.push(`${needs}; this file is ${facts.pdf === 'plain' ? 'a plain PDF' : pdfName(facts.pdf)} in ${facts.colour.toUpperCase()}: make the file for ${service.label} to get one.`);
  }
  if (!service.transparency && facts.transparency) {
    reasons.push(`${service.company} needs every see-through part (such as the panel behind the words) blended into the picture before printing; this file leaves some to its printer.`);
  }
  return reasons;
}

/** Why this computer cannot make the PDF/X the service needs; null when it can (or none is needed). */
function whyNotMade(service: PrintService, facts: BookFacts): string | null {
  if (service.pdf === 'plain') return null;
  if (!facts.pdfx.available) return facts.pdfx.reason;
  if (!facts.pdfx.standards.includes(service.pdf)) return `StorySprout makes ${facts.pdfx.standards.map(pdfName).join(' and ')} only`;
  if (service.inkLimit !== null && facts.pdfx.totalInkLimit > service.inkLimit) return `its files carry up to ${facts.pdfx.totalInkLimit}% ink, over ${service.company}'s ${service.inkLimit}%`;
  return null;
}

function trimReasons(service: PrintService, trim: TrimName): string[] {
  if (service.trims.includes(trim)) return [];
  const choices = service.trims.map(trimLabel);
  const choose = choices.length === 1 ? choices[0] : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
  return [`${trimLabel(trim)} is not ${withArticle(service.label)} size: choose ${choose}.`];
}

function bleedReasons(service: PrintService, bleed: Edges): string[] {
  if (sameEdges(service.bleed, bleed)) return [];
  if (service.id === 'home-printer') return ['A home printer cannot print to the edge of the paper: choose no bleed, and the pages get a white border.'];
  return [`${service.company} needs ${describeBleed(service.bleed)}; this file has ${describeBleed(bleed)}.`];
}

function pageCountVerdict(service: PrintService, facts: BookFacts): { reason: string | null; padding: { pagesToAdd: number } | null } {
  const { min, max, multiple } = service.pages;
  const pages = facts.interiorPages;
  const books = `${service.label}s`;
  if (pages > max) return { reason: `${books} hold at most ${max} interior pages; this book has ${pages}.`, padding: null };
  const paddingAllowed = Math.max(0, MOST_PADDING_PAGES - facts.extraPages);
  const pagesToAdd = pagesToReach(service, pages, paddingAllowed);
  if (pagesToAdd === 0) return { reason: null, padding: null };
  const needs = pages < min
    ? `${books} need at least ${min} interior pages${multiple > 2 ? `, a multiple of ${multiple}` : ''}`
    : `${books} need ${multiple === 2 ? 'an even number of' : `a multiple of ${multiple}`} interior pages`;
  if (pagesToAdd === null) {
    return {
      reason: `${needs}; this book has ${pages}, more than the extra pages can make up (at most ${paddingAllowed} more: ${PADDING_PAGES}, no more than ${MOST_BLANK_PAGES_AT_END} blank at the end).`,
      padding: null,
    };
  }
  return {
    reason: `${needs}; this book has ${pages}. Add ${pagesToAdd} ${pagesToAdd === 1 ? 'page' : 'pages'} (${PADDING_PAGES}) to reach ${pages + pagesToAdd}.`,
    padding: { pagesToAdd },
  };
}

function pictureReasons(service: PrintService, lowestPictureDpi: number): string[] {
  if (lowestPictureDpi >= service.pictureDpi.min) return [];
  return [`${service.company} needs every picture to print at ${service.pictureDpi.min} DPI or more; the softest in this book prints at ${Math.floor(lowestPictureDpi)} DPI.`];
}

const pdfName = (pdf: BookFacts['pdf']) => ({ plain: 'PDF', 'pdf-x-1a': 'PDF/X-1a', 'pdf-x-4': 'PDF/X-4' })[pdf];

/** A thousandth of an inch: closer than that, two bleeds are the same. */
const sameEdges = (a: Edges, b: Edges) => (['top', 'bottom', 'outside', 'inside'] as const).every((edge) => Math.abs(a[edge] - b[edge]) < 0.001);

function describeBleed(bleed: Edges): string {
  const { top, bottom, outside, inside } = bleed;
  if (top === 0 && bottom === 0 && outside === 0 && inside === 0) return 'no bleed';
  if (top === bottom && bottom === outside && outside === inside) return `${top} in bleed on every edge`;
  if (top === bottom && bottom === outside && inside === 0) return `${top} in bleed on top, bottom and the outside edge, and none on the binding edge`;
  return `bleed of ${top} in at the top, ${bottom} in at the bottom, ${outside} in on the outside edge and ${inside} in on the binding edge`;
}

const trimLabel = (trim: TrimName) => {
  const size = `${TRIMS[trim].width}×${TRIMS[trim].height} in`;
  return trim === 'a4' ? `A4 (${size})` : trim === 'letter' ? `US Letter (${size})` : size;
};

const withArticle = (label: string) => `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
