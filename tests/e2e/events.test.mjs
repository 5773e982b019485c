// Domain events and the operator's queue commands over the real binary, on every database
// (e2e.http.postgres runs this file on PostgreSQL).  // rampart:only(sqlite & postgres)
// A note's creation, change and deletion arrive on the embedded events queue
// (`<data dir>/events.sqlite3`) as CloudEvents 1.0, in order.
// rampart:begin(iam)
// So do a registration and an administrator's changes; a poison mail ends in the dead letters,
// `rampart queue dead-letters` lists it with the consumer's last error, `rampart queue redrive`
// moves it back, and each command leaves an audit event.
// rampart:else
// // The operator's queue commands (`rampart queue stats`, `dead-letters`, `redrive`) answer for
// // the events queue and each leave an audit event.
// rampart:end
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';  // rampart:only(iam)
import { join } from 'node:path';
import { RampartServer, RunCli } from './lib/server.mjs';
// rampart:begin(iam)
import {
  Api, ExpectJson, Login, RegisterUser, SignedInPrincipal, UniqueEmail, kRfc3339Utc, kUuid,
} from './lib/client.mjs';
// rampart:else
// import { AdminToken, Api, ExpectJson, SignedInPrincipal, kRfc3339Utc, kUuid } from './lib/client.mjs';
// rampart:end

function Sqlite(file, sql) {
  const out = execFileSync('sqlite3', ['-cmd', '.timeout 10000', '-json', file, sql], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

async function Eventually(what, check, timeout_ms = 15_000) {
  const deadline = performance.now() + timeout_ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The CloudEvents on the embedded events queue, in publish order.
function Events(server) {
  return Sqlite(join(server.dataDir, 'events.sqlite3'), 'SELECT body FROM messages ORDER BY seq')
    .map((row) => JSON.parse(row.body));
}

// The CLI against the server's data dir and database.
function Cli(server, args) {
  return RunCli(args, { env: {
    RAMPART_DATA_DIR: server.dataDir,
    ...(server.databaseUrl ? { RAMPART_DATABASE_URL: server.databaseUrl } : {}),
  } });
}

const kAttributes = ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data'];

function ExpectCloudEvent(event, type, subject) {
  assert.deepEqual(Object.keys(event).sort(), [...kAttributes].sort());
  assert.equal(event.specversion, '1.0');
  assert.equal(event.type, type);
  assert.equal(event.subject, subject);
  assert.match(event.id, kUuid);
  assert.match(event.time, kRfc3339Utc);
  assert.equal(event.datacontenttype, 'application/json');
  assert.equal(typeof event.source, 'string');
  assert.ok(event.source.length > 0);
}

test('a note\'s creation, change and deletion arrive as CloudEvents on the events queue', async () => {
  const server = await RampartServer.Start({ env: { RAMPART_EVENTS_SOURCE: 'urn:rampart:e2e' } });
  try {
    const api = new Api(server.baseUrl);
    const owner = await SignedInPrincipal(server);
    const note = ExpectJson(await api.Post('/api/v1/notes', { title: 'Evented', body: 'first' }, { token: owner.token }), 201);
    const subject = `notes/${note.id}`;
    const created = await Eventually('rampart.note.created', () =>
      Events(server).find((e) => e.type === 'rampart.note.created' && e.subject === subject));
    ExpectCloudEvent(created, 'rampart.note.created', subject);
    assert.equal(created.source, 'urn:rampart:e2e');
    assert.equal(created.data.noteId, note.id);
    assert.equal(created.data.actorId, owner.id);
    assert.deepEqual(created.data.note, note);
    assert.ok(!JSON.stringify(created).includes(owner.token), 'no token in the event');

    ExpectJson(await api.Patch(`/api/v1/notes/${note.id}`, { title: 'Evented again' }, { token: owner.token }), 200);
    const updated = await Eventually('rampart.note.updated', () =>
      Events(server).find((e) => e.type === 'rampart.note.updated' && e.subject === subject));
    ExpectCloudEvent(updated, 'rampart.note.updated', subject);
    assert.equal(updated.data.note.title, 'Evented again');
    assert.deepEqual(updated.data.details, { changed: ['title'] });

    assert.equal((await api.Delete(`/api/v1/notes/${note.id}`, { token: owner.token })).status, 204);
    const deleted = await Eventually('rampart.note.deleted', () =>
      Events(server).find((e) => e.type === 'rampart.note.deleted' && e.subject === subject));
    ExpectCloudEvent(deleted, 'rampart.note.deleted', subject);
    assert.equal(deleted.data.noteId, note.id);
    assert.equal(deleted.data.actorId, owner.id);

    // Order per aggregate: the note's creation, change and deletion.
    const mine = Events(server).filter((e) => e.subject === subject).map((e) => e.type);
    assert.deepEqual(mine, ['rampart.note.created', 'rampart.note.updated', 'rampart.note.deleted']);

    const stats = await Cli(server, ['queue', 'stats', '--json']);
    assert.equal(stats.code, 0, stats.stderr);
    const queues = JSON.parse(stats.stdout);
    assert.deepEqual(queues.map((q) => q.queue), ['mail', 'events']);
    const events = queues.find((q) => q.queue === 'events');
    assert.equal(events.kind, 'local');
    assert.ok(events.visible >= 3, JSON.stringify(events));
    assert.equal(events.outboxDead, 0);
  } finally {
    await server.Stop();
  }
});

// rampart:begin(iam)
test('a registration and an administrator\'s changes arrive as CloudEvents on the events queue', async () => {
  const server = await RampartServer.Start({ env: { RAMPART_EVENTS_SOURCE: 'urn:rampart:e2e' } });
  try {
    const api = new Api(server.baseUrl);
    const email = UniqueEmail('events');
    const { user, password } = await RegisterUser(api, { email });
    const registered = await Eventually('rampart.user.registered', () =>
      Events(server).find((e) => e.type === 'rampart.user.registered' && e.subject === `users/${user.id}`));
    ExpectCloudEvent(registered, 'rampart.user.registered', `users/${user.id}`);
    assert.equal(registered.source, 'urn:rampart:e2e');
    assert.equal(registered.data.userId, user.id);
    assert.equal(registered.data.user.email, email);
    assert.equal(registered.data.user.emailVerified, false);
    const text = JSON.stringify(registered);
    assert.ok(!text.includes(password), 'no password in the event');
    assert.ok(!/argon2|passwordHash|token/i.test(text), text);

    const admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
    ExpectJson(await api.Post(`/api/v1/users/${user.id}/lock`, {}, { token: admin }), 200);
    const locked = await Eventually('rampart.user.locked', () =>
      Events(server).find((e) => e.type === 'rampart.user.locked'));
    ExpectCloudEvent(locked, 'rampart.user.locked', `users/${user.id}`);
    assert.equal(locked.data.user.locked, true);
    assert.match(locked.data.actorId, kUuid);

    const role = ExpectJson(await api.Post('/api/v1/roles', { name: `auditors-${Date.now()}`,
      description: 'read the audit', permissions: [] }, { token: admin }), 201);
    const created = await Eventually('rampart.role.created', () =>
      Events(server).find((e) => e.type === 'rampart.role.created' && e.subject === `roles/${role.id}`));
    ExpectCloudEvent(created, 'rampart.role.created', `roles/${role.id}`);
    assert.equal(created.data.role.name, role.name);

    // Order per aggregate: the user's registration before its lock.
    const mine = Events(server).filter((e) => e.subject === `users/${user.id}`).map((e) => e.type);
    assert.deepEqual(mine, ['rampart.user.registered', 'rampart.user.locked']);
  } finally {
    await server.Stop();
  }
});

test('a poison mail is dead-lettered, listed with its last error, redriven, and every command audited', async () => {
  const server = await RampartServer.Start({ env: {
    RAMPART_QUEUE_MAX_RECEIVES: '2', RAMPART_QUEUE_VISIBILITY_TIMEOUT: '1s',
  } });
  try {
    const queue = join(server.dataDir, 'queue.sqlite3');
    const id = randomUUID();
    const now = Date.now();
    Sqlite(queue, `INSERT INTO messages (message_id, group_id, dedup_id, body, sent_at_ms, visible_at_ms)
      VALUES ('${id}', 'poison', '${id}', '{"type":"not-a-mail"}', ${now}, ${now})`);
    await Eventually('the dead letter', () =>
      Sqlite(queue, 'SELECT count(*) AS n FROM dead_letters')[0].n === 1, 20_000);

    const listed = await Cli(server, ['queue', 'dead-letters', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const letters = JSON.parse(listed.stdout);
    assert.equal(letters.length, 1);
    assert.equal(letters[0].messageId, id);
    assert.equal(letters[0].group, 'poison');
    assert.equal(letters[0].type, 'not-a-mail');
    assert.equal(letters[0].receiveCount, 2);
    assert.equal(letters[0].lastError.error, 'not a mail message');
    assert.equal(letters[0].lastError.consumer, 'mail.pickup');
    assert.ok(!('body' in letters[0]), 'never the body');

    const redriven = await Cli(server, ['queue', 'redrive', '--json']);
    assert.equal(redriven.code, 0, redriven.stderr);
    assert.deepEqual(JSON.parse(redriven.stdout), { queue: 'mail', method: 'local', moved: 1 });
    assert.equal(Sqlite(queue, 'SELECT count(*) AS n FROM dead_letters')[0].n, 0);
    // Back on the queue with a fresh receive count: it fails again and is dead-lettered again.
    await Eventually('the dead letter again', () =>
      Sqlite(queue, 'SELECT count(*) AS n FROM dead_letters')[0].n === 1, 20_000);

    const unknown = await Cli(server, ['queue', 'stats', '--queue', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown queue "nope"/);

    const api = new Api(server.baseUrl);
    const admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
    for (const action of ['queue.dead_letters.listed', 'queue.redriven']) {
      const found = ExpectJson(await api.Get(`/api/v1/audit-events?${new URLSearchParams({ action })}`,
        { token: admin }), 200).items;
      assert.equal(found.length, 1, action);
      assert.equal(found[0].targetId, 'mail', JSON.stringify(found[0]));
    }
  } finally {
    await server.Stop();
  }
});
// rampart:else
// test('the queue commands list and redrive the events queue\'s dead letters, and are audited', async () => {
//   const server = await RampartServer.Start();
//   try {
//     const listed = await Cli(server, ['queue', 'dead-letters', '--queue', 'events', '--json']);
//     assert.equal(listed.code, 0, listed.stderr);
//     assert.deepEqual(JSON.parse(listed.stdout), []);
//     const redriven = await Cli(server, ['queue', 'redrive', '--queue', 'events', '--json']);
//     assert.equal(redriven.code, 0, redriven.stderr);
//     assert.deepEqual(JSON.parse(redriven.stdout), { queue: 'events', method: 'local', moved: 0 });
//
//     const unknown = await Cli(server, ['queue', 'stats', '--queue', 'nope']);
//     assert.equal(unknown.code, 2);
//     assert.match(unknown.stderr, /unknown queue "nope"/);
//
//     const api = new Api(server.baseUrl);
//     const admin = await AdminToken(server);
//     for (const action of ['queue.dead_letters.listed', 'queue.redriven']) {
//       const found = ExpectJson(await api.Get(`/api/v1/audit-events?${new URLSearchParams({ action })}`,
//         { token: admin }), 200).items;
//       assert.equal(found.length, 1, action);
//       assert.equal(found[0].targetId, 'events', JSON.stringify(found[0]));
//     }
//   } finally {
//     await server.Stop();
//   }
// });
// rampart:end
