import { createHash } from 'node:crypto';
import { pageWordSpans } from '@storysprout/shared/page-words';
import { escapeHtml } from '../html';
import { READ_ALONG_SCRIPT_PATH } from './read-along-script';
import type { SharedBook, SharedNarration } from './shared-book';

const STYLE = `
body { margin: 0; font-family: 'Andika', 'Segoe UI', system-ui, sans-serif; background: #fff8ee; color: #2b2118; font-size: 1.25rem; line-height: 1.6; }
main { max-width: 760px; margin: 0 auto; padding: 24px; }
h1 { font-size: 2rem; }
.page { margin: 0 0 48px; }
.page img { width: 100%; border-radius: 14px; display: block; }
.listen { font: inherit; font-weight: 600; color: #fff; background: #7a3e12; border: 0; border-radius: 999px; padding: 8px 24px; cursor: pointer; }
.listen:focus-visible { outline: 3px solid #2b2118; outline-offset: 3px; }
.word.said { background: #ffe08a; text-decoration: underline; text-decoration-thickness: 0.12em; text-underline-offset: 0.2em; }
footer { color: #6b5b4b; font-size: 1rem; }
`;

const POLICY = {
  'default-src': "'none'",
  'style-src': `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  'img-src': "'self'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
};
const policyText = (policy: Record<string, string>) => Object.entries(policy).map(([directive, sources]) => `${directive} ${sources}`).join('; ');

/** The page runs no script and loads only its own pictures; its one style block is allowed by hash. */
export const READER_PAGE_CSP = policyText(POLICY);
/**
 * A book read aloud plays its narrations, and lights their words with the one read-along script,
 * both from this server's origin; still no script is written into the page itself.
 */
export const READ_ALONG_PAGE_CSP = policyText({ ...POLICY, 'media-src': "'self'", 'script-src': "'self'" });

/** Whether the book plays any narration: only then does its page load the script and allow media. */
export const isReadAloud = (book: SharedBook) => book.pages.some((page) => page.narration);

/** A shared book as one plain page: its title, then each page's picture and words, and "Listen" where it is read aloud. */
export function readerPage(book: SharedBook, urls: { picture: (sha256: string) => string; audio: (sha256: string) => string }): string {
  const pages = book.pages
    .map(
      (page, index) => `<section class="page" aria-label="Page ${index + 1}">
  ${page.pictureSha256 ? `<img src="${escapeHtml(urls.picture(page.pictureSha256))}" alt="Picture for page ${index + 1}" loading="lazy">` : ''}
  ${page.narration ? narratedWords(page.text, page.narration, index + 1, urls.audio(page.narration.audioSha256)) : `<p>${escapeHtml(page.text)}</p>`}
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
${isReadAloud(book) ? `<script src="${READ_ALONG_SCRIPT_PATH}" defer></script>\n` : ''}</head>
<body>
<main>
<h1>${escapeHtml(book.title)}</h1>
${pages || '<p>This book has no pages yet.</p>'}
<footer>Shared from StorySprout. Made by a family, for you to read.</footer>
</main>
</body>
</html>`;
}

/**
 * A narrated page's words, each in a span with when it begins to be said (the read-along script
 * lights it then), and its audio: with the browser's own controls until the script puts "Listen"
 * in their place.
 */
function narratedWords(text: string, narration: SharedNarration, number: number, audioUrl: string): string {
  const audioId = `narration-${number}`;
  let words = '';
  let at = 0;
  for (const [index, span] of pageWordSpans(text).entries()) {
    words += `${escapeHtml(text.slice(at, span.start))}<span class="word" data-start-ms="${narration.wordStartsMs[index]}">${escapeHtml(span.word)}</span>`;
    at = span.end;
  }
  words += escapeHtml(text.slice(at));
  return `<p class="words" data-audio="${audioId}">${words}</p>
  <p><button type="button" class="listen" data-audio="${audioId}" aria-label="Listen to page ${number}" data-listen-label="Listen to page ${number}" data-pause-label="Pause page ${number}" hidden>Listen</button>
  <audio id="${audioId}" src="${escapeHtml(audioUrl)}" controls preload="none"></audio></p>`;
}
