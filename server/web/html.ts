/** Server-rendered page shell: no build step, readable in light and dark, usable by keyboard. */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `
:root { color-scheme: light dark; --bg: #fafafa; --fg: #1b1b1f; --muted: #5d5d66; --card: #fff;
  --line: #d9d9df; --accent: #0b63c9; --danger: #b3261e; --ok: #1b7f3b; }
@media (prefers-color-scheme: dark) { :root { --bg: #121214; --fg: #ececf1; --muted: #a7a7b3;
  --card: #1d1d22; --line: #34343c; --accent: #7ab7ff; --danger: #ff8a80; --ok: #7ddc9b; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
header, main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
header { display: flex; gap: 1rem; align-items: center; justify-content: space-between; }
header a.brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--fg); }
nav { display: flex; gap: 1rem; align-items: center; }
a { color: var(--accent); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem; margin: 1rem 0; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input { width: 100%; padding: .55rem .6rem; font: inherit; color: inherit; background: var(--bg);
  border: 1px solid var(--line); border-radius: 6px; }
button { margin-top: 1rem; padding: .55rem 1rem; font: inherit; font-weight: 600; border: 0;
  border-radius: 6px; background: var(--accent); color: var(--bg); cursor: pointer; }
button.link { background: none; color: var(--accent); padding: 0; margin: 0; text-decoration: underline; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.error { color: var(--danger); font-weight: 600; }
.ok { color: var(--ok); font-weight: 600; }
.muted { color: var(--muted); }
code.key { display: block; padding: .6rem; border: 1px dashed var(--line); border-radius: 6px;
  font-size: 1.05rem; word-break: break-all; user-select: all; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .4rem .3rem; border-bottom: 1px solid var(--line); }
`;

export interface PageOptions {
  readonly title: string;
  readonly body: string;
  /** Signed-in person's name and the logout form's CSRF token, if any. */
  readonly user?: { readonly name: string; readonly csrf: string };
  /** Whether this server takes sign-ups: without, no page links to /signup. */
  readonly signup?: boolean;
}

export function page({ title, body, user, signup = false }: PageOptions): string {
  const nav = user
    ? `<nav aria-label="Account"><span>${esc(user.name)}</span><a href="/developers">Apps</a>
       <form method="post" action="/logout"><input type="hidden" name="csrf" value="${esc(user.csrf)}">
       <button class="link" type="submit">Log out</button></form></nav>`
    : `<nav aria-label="Account"><a href="/login">Log in</a>${signup ? '<a href="/signup">Sign up</a>' : ''}</nav>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Gett</title>
<style>${STYLE}</style>
</head>
<body>
<header><a class="brand" href="/">Gett</a>${nav}</header>
<main id="main">
<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>`;
}

/** An error paragraph announced by screen readers, or nothing. */
export const alert = (message: string | undefined): string =>
  message ? `<p class="error" role="alert">${esc(message)}</p>` : '';
