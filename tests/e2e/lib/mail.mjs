// The mail pickup directory (<data dir>/mail/*.eml, written by the embedded queue's consumer):
// reading the RFC 5322 files, waiting for a mail, and splitting a multipart/alternative body.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/// Every .eml file of the server's pickup directory: [{file, headers, body, raw}] (header names
/// lower-cased).
export function Mails(server) {
  const dir = join(server.dataDir, 'mail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .map((file) => {
      const raw = readFileSync(join(dir, file), 'utf8');
      const split = raw.indexOf('\r\n\r\n');
      const headers = {};
      for (const line of raw.slice(0, split).split('\r\n')) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      return { file, headers, body: raw.slice(split + 4), raw };
    });
}

export function MailsTo(server, email) {
  return Mails(server).filter((mail) => mail.headers.to === email);
}

/// Waits for the `count`-th mail to `email` (the dispatcher and consumer run in the background);
/// the mails to `email`, oldest first.
export async function WaitForMail(server, email, count = 1, timeout_ms = 10_000) {
  const deadline = performance.now() + timeout_ms;
  for (;;) {
    const mails = MailsTo(server, email);
    if (mails.length >= count) {
      mails.sort((a, b) => Date.parse(a.headers.date) - Date.parse(b.headers.date));
      return mails;
    }
    if (performance.now() > deadline) throw new Error(`no mail #${count} to ${email} within ${timeout_ms} ms\n${server.Tail()}`);
    await new Promise((wake) => setTimeout(wake, 25));
  }
}

/// The parts of a mail by media type: {'text/plain': '...', 'text/html': '...'} (one entry for
/// a single-part mail).
export function MailParts(mail) {
  const type = mail.headers['content-type'] ?? '';
  const boundary = /boundary="([^"]+)"/.exec(type)?.[1];
  if (!boundary) return { [type.split(';')[0]]: mail.body };
  const parts = {};
  for (const chunk of mail.body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;  // the closing delimiter
    const split = chunk.indexOf('\r\n\r\n');
    const part_type = /content-type:\s*([^;\r\n]+)/i.exec(chunk.slice(0, split))?.[1];
    parts[part_type] = chunk.slice(split + 4);
  }
  return parts;
}
