// The sign-in and first-run setup pages: server-rendered, no script, plain forms that work
// without JavaScript. Every value printed goes through escapeHtml.

import type { FieldProblem } from '../../app/errors.js';
import { MIN_PASSWORD_LENGTH } from '../../domain/accounts/account.js';
import { escapeHtml as esc } from '../../domain/templates/escapers.js';

export const AUTH_CSS_PATH = '/auth.css';

export const AUTH_CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
.auth{max-width:24rem;margin:8vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}
h1{font-size:1.1rem;margin:0 0 .25rem;color:#4a5163}h2{font-size:1.5rem;margin:0 0 1rem}
label{display:block;margin-top:1rem;font-weight:600}
input{box-sizing:border-box;width:100%;padding:.5rem;margin-top:.25rem;font:inherit;border:1px solid #9aa1b1;border-radius:4px}
input[aria-invalid=true]{border-color:#b3261e}
button{margin-top:1.5rem;width:100%;padding:.6rem;font:inherit;font-weight:600;color:#fff;background:#2457c5;border:0;border-radius:4px;cursor:pointer}
.error{padding:.75rem;background:#fdecea;border-left:4px solid #b3261e}.field-error{margin:.25rem 0 0;color:#b3261e;font-size:.9rem}
.hint{color:#4a5163;font-size:.9rem;margin:.25rem 0 0}.note{padding:.75rem;background:#e8f0fe;border-left:4px solid #2457c5}
`;

// 'self' for the stylesheet only; no script at all.
export const AUTH_PAGE_CSP =
  "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Forewarn</title>
<link rel="stylesheet" href="${AUTH_CSS_PATH}">
</head>
<body>
<main class="auth">
<h1>Forewarn</h1>
${body}
</main>
</body>
</html>
`;
}

function banner(message: string | undefined): string {
  return message === undefined ? '' : `<p class="error" role="alert">${esc(message)}</p>\n`;
}

interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'email' | 'password';
  autocomplete: string;
  value?: string;
  hint?: string;
  minLength?: number;
}

function field(spec: FieldSpec, problems: readonly FieldProblem[]): string {
  const problem = problems.find((p) => p.field === spec.name);
  const described = [
    spec.hint !== undefined ? `${spec.name}-hint` : undefined,
    problem !== undefined ? `${spec.name}-error` : undefined,
  ].filter((x) => x !== undefined);
  return [
    `<label for="${spec.name}">${esc(spec.label)}</label>`,
    `<input id="${spec.name}" name="${spec.name}" type="${spec.type}" autocomplete="${spec.autocomplete}" required` +
      (spec.minLength !== undefined ? ` minlength="${spec.minLength}"` : '') +
      (spec.value !== undefined ? ` value="${esc(spec.value)}"` : '') +
      (problem !== undefined ? ' aria-invalid="true"' : '') +
      (described.length > 0 ? ` aria-describedby="${described.join(' ')}"` : '') +
      '>',
    spec.hint !== undefined ? `<p class="hint" id="${spec.name}-hint">${esc(spec.hint)}</p>` : '',
    problem !== undefined
      ? `<p class="field-error" id="${spec.name}-error">Expected ${esc(problem.expected)}.</p>`
      : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

export interface LoginPageModel {
  csrf: string;
  next: string;
  email?: string;
  message?: string;
  /** A fixed text (never from the request), e.g. after signing out. */
  note?: string;
  problems?: FieldProblem[];
}

export function loginPage(m: LoginPageModel): string {
  const problems = m.problems ?? [];
  return page(
    'Sign in',
    `<h2>Sign in</h2>
${m.note !== undefined ? `<p class="note" role="status">${esc(m.note)}</p>\n` : ''}${banner(m.message)}<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${esc(m.csrf)}">
<input type="hidden" name="next" value="${esc(m.next)}">
${field({ name: 'email', label: 'E-mail address', type: 'email', autocomplete: 'username', ...(m.email !== undefined ? { value: m.email } : {}) }, problems)}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' }, problems)}
<button type="submit">Sign in</button>
</form>`,
  );
}

export interface SetupPageModel {
  csrf: string;
  name?: string;
  email?: string;
  message?: string;
  problems?: FieldProblem[];
}

export function setupPage(m: SetupPageModel): string {
  const problems = m.problems ?? [];
  const minLength = MIN_PASSWORD_LENGTH;
  return page(
    'First-run setup',
    `<h2>Create the first admin</h2>
<p>Nobody can sign in yet. The account created here is the team's first admin; this page is gone once it exists.</p>
${banner(m.message)}<form method="post" action="/setup">
<input type="hidden" name="_csrf" value="${esc(m.csrf)}">
${field({ name: 'name', label: 'Your name', type: 'text', autocomplete: 'name', ...(m.name !== undefined ? { value: m.name } : {}) }, problems)}
${field({ name: 'email', label: 'E-mail address', type: 'email', autocomplete: 'username', ...(m.email !== undefined ? { value: m.email } : {}) }, problems)}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', minLength, hint: `At least ${minLength} characters.` }, problems)}
${field({ name: 'passwordAgain', label: 'Password again', type: 'password', autocomplete: 'new-password', minLength }, problems)}
<button type="submit">Create admin and sign in</button>
</form>`,
  );
}

export interface PasswordPageModel {
  /** The session's CSRF token. */
  csrf: string;
  email: string;
  /** Where "Back" leads: the dashboard for the team, the status page for a client user. */
  home: string;
  message?: string;
  /** A fixed text (never from the request), e.g. after the change. */
  note?: string;
  problems?: FieldProblem[];
}

export function passwordPage(m: PasswordPageModel): string {
  const problems = m.problems ?? [];
  const minLength = MIN_PASSWORD_LENGTH;
  return page(
    'Change your password',
    `<h2>Change your password</h2>
<p>Signed in as ${esc(m.email)}. Changing it signs you out everywhere else.</p>
${m.note !== undefined ? `<p class="note" role="status">${esc(m.note)}</p>\n` : ''}${banner(m.message)}<form method="post" action="/account/password">
<input type="hidden" name="_csrf" value="${esc(m.csrf)}">
${field({ name: 'currentPassword', label: 'Current password', type: 'password', autocomplete: 'current-password' }, problems)}
${field({ name: 'newPassword', label: 'New password', type: 'password', autocomplete: 'new-password', minLength, hint: `At least ${minLength} characters.` }, problems)}
${field({ name: 'newPasswordAgain', label: 'New password again', type: 'password', autocomplete: 'new-password', minLength }, problems)}
<button type="submit">Change password</button>
</form>
<p><a href="${esc(m.home)}">Back</a></p>`,
  );
}
