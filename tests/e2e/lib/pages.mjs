// The service's own HTML pages as a browser uses them: open a page, submit its form.
import assert from 'node:assert/strict';

/// GET `url` without following redirects: {status, headers, html}.
export async function OpenPage(url) {
  const reply = await fetch(url, { redirect: 'manual' });
  return { status: reply.status, headers: reply.headers, html: await reply.text() };
}

/// What a browser does with a page's form: posts its fields form-encoded to the form's action,
/// resolved against the page's URL. `fields` add to (or replace) the hidden inputs.
export async function SubmitForm(page_url, page_html, fields) {
  const action = page_html.match(/<form method="post" action="([^"]+)">/);
  assert.ok(action, page_html);
  const hidden = [...page_html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)];
  const body = new URLSearchParams(hidden.map(([, name, value]) => [name, value.replaceAll('&amp;', '&')]));
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  const reply = await fetch(new URL(action[1], page_url), { method: 'POST', body, redirect: 'manual' });
  return { status: reply.status, headers: reply.headers, html: await reply.text() };
}
