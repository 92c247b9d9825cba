import type { BookDetail } from '../../src-preload/contract';
import type { PageKind } from './book-layout';

/** A page of the interior before it is laid out: what it says, and which picture of the library it shows. */
export interface InteriorPage {
  kind: PageKind;
  text: string;
  byline?: string;
  /** The picture as it was drawn; the print copy is made from it. */
  pictureSha256: string | null;
  /** A small copy, for the window's preview. */
  thumbnailSha256: string | null;
}

export interface ExtraPageChoices {
  belongsTo: boolean;
  dedication: string;
  theEnd: boolean;
}

export const BELONGS_TO = 'This book belongs to';
export const THE_END = 'The End';

/**
 * The interior a book prints as: a title page (never the cover: services take the cover as a file
 * of its own), the extra pages the family chose, the story, and "The End". A page held for a
 * grown-up prints only once a parent has let it through.
 */
export function interiorPages(book: BookDetail, author: string, choices: ExtraPageChoices): InteriorPage[] {
  const blank = { pictureSha256: null, thumbnailSha256: null };
  const pages: InteriorPage[] = [{ kind: 'title', text: book.title, byline: author, ...blank }];
  if (choices.belongsTo) pages.push({ kind: 'belongs-to', text: BELONGS_TO, ...blank });
  if (choices.dedication.trim()) pages.push({ kind: 'dedication', text: choices.dedication.trim(), ...blank });
  for (const page of book.pages) {
    const usable = page.generateStatus !== 'held';
    pages.push({
      kind: 'story',
      text: usable ? page.text : '',
      pictureSha256: usable ? page.imageAssetSha256 : null,
      thumbnailSha256: usable ? (page.thumbnailAssetSha256 ?? page.imageAssetSha256) : null,
    });
  }
  if (choices.theEnd) pages.push({ kind: 'end', text: THE_END, ...blank });
  return pages;
}

/**
 * Pads the interior by `count` pages for a printer's minimum or multiple: first (with `extras`)
 * the extra pages the family did not choose ("This book belongs to" after the title page, "The
 * End" after the story), then blank pages at the back, where printers expect them.
 */
export function padInterior(pages: InteriorPage[], count: number, options: { extras: boolean } = { extras: true }): InteriorPage[] {
  const padded = [...pages];
  const blank = { pictureSha256: null, thumbnailSha256: null };
  let left = count;
  if (options.extras && left > 0 && !padded.some((page) => page.kind === 'belongs-to')) {
    padded.splice(1, 0, { kind: 'belongs-to', text: BELONGS_TO, ...blank });
    left -= 1;
  }
  if (options.extras && left > 0 && !padded.some((page) => page.kind === 'end')) {
    padded.push({ kind: 'end', text: THE_END, ...blank });
    left -= 1;
  }
  for (; left > 0; left--) padded.push({ kind: 'blank', text: '', ...blank });
  return padded;
}

/** Plain words for what padding added. */
export function describePadding(added: InteriorPage[], reason: string): string {
  const names = added.map((page) => (page.kind === 'belongs-to' ? `“${BELONGS_TO}”` : page.kind === 'end' ? `“${THE_END}”` : 'a blank page'));
  const blanks = names.filter((name) => name === 'a blank page').length;
  const named = names.filter((name) => name !== 'a blank page');
  const parts = [...named, ...(blanks === 1 ? ['a blank page'] : blanks > 1 ? [`${blanks} blank pages`] : [])];
  const listed = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
  return `${listed} ${added.length === 1 ? 'was' : 'were'} added: ${reason}`;
}
