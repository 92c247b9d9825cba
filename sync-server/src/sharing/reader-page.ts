import { createHash } from 'node:crypto';
import { escapeHtml } from '../html';
import type { SharedBook } from './shared-book';

const STYLE = `
body { margin: 0; font-family: 'Andika', 'Segoe UI', system-ui, sans-serif; background: #fff8ee; color: #2b2118; font-size: 1.25rem; line-height: 1.6; }
main { max-width: 760px; margin: 0 auto; padding: 24px; }
h1 { font-size: 2rem; }
.page { margin: 0 0 48px; }
.page img { width: 100%; border-radius: 14px; display: block; }
footer { color: #6b5b4b; font-size: 1rem; }
`;

/** The page runs no script and loads only its own pictures; its one style block is allowed by hash. */
export const READER_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A shared book as one plain page: its title, then each page's picture and words. */
export function readerPage(book: SharedBook, pictureUrl: (sha256: string) => string): string {
  const pages = book.pages
    .map(
      (page, index) => `<section class="page" aria-label="Page ${index + 1}">
  ${page.pictureSha256 ? `<img src="${escapeHtml(pictureUrl(page.pictureSha256))}" alt="Picture for page ${index + 1}" loading="lazy">` : ''}
  <p>${escapeHtml(page.text)}</p>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(book.title)} · StorySprout</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(book.title)}</h1>
${pages || '<p>This book has no pages yet.</p>'}
<footer>Shared from StorySprout. Made by a family, for you to read.</footer>
</main>
</body>
</html>`;
}
