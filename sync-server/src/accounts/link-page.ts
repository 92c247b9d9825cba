import { createHash } from 'node:crypto';
import { escapeHtml } from '../html';

const STYLE = `
body { margin: 4rem auto; max-width: 32rem; padding: 0 1rem; font-family: system-ui, sans-serif; color: #2b2118; line-height: 1.5; }
label, input, button { display: block; font: inherit; margin-top: .5rem; }
input { width: 100%; padding: .5rem; box-sizing: border-box; }
button { padding: .5rem 1rem; margin-top: 1rem; }
.problem { color: #a61b1b; }
`;

/**
 * The page a provider's sign-in ends on when its email already has an account with a password:
 * that password, entered once here, adds the provider to the account. No script; the form may
 * post only here, and its answer may send the browser on only to the desktop app's loopback
 * address, if the sign-in came from the app.
 */
export function linkPage(options: { providerTitle: string; email: string; ticket: string; returnTo: string | null; problem?: string }) {
  const { providerTitle, email, ticket, problem } = options;
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
    `form-action 'self'${options.returnTo ? ` ${new URL(options.returnTo).origin}` : ''}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const html = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in with ${escapeHtml(providerTitle)} · StorySprout</title>
<style>${STYLE}</style>
<h1>This email already has a StorySprout account</h1>
<p>${escapeHtml(email)} signs in to StorySprout with a password. Enter that password once to sign in with ${escapeHtml(providerTitle)} from now on too.</p>
<p>If the account is not yours, close this page: nothing has changed.</p>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="link">
<input type="hidden" name="ticket" value="${escapeHtml(ticket)}">
<label for="password">Password of ${escapeHtml(email)}</label>
<input id="password" type="password" name="password" autocomplete="current-password" required autofocus>
<button type="submit">Add ${escapeHtml(providerTitle)} and sign in</button>
</form>
</html>`;
  return { html, csp };
}
