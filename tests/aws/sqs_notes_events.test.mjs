// The example resource's events on SQS (docs/events.md): the real `rampart serve` with
// RAMPART_EVENTS_QUEUE_URL on fauxqs behind the SigV4-checking proxy (sqs_peer.mjs), read back
// with the AWS SDK. Runs in every service with SQS, with or without the identity domain
// (aws.sqs.notes).
// - a note's creation, change and deletion arrive as CloudEvents the SDK reads and MD5-verifies,
//   in that order (group = the note, deduplication id = the event id), each once;
// - SQS unreachable for 10 s while notes are written: afterwards every acknowledged note's
//   event arrives, none twice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { SQSClient, CreateQueueCommand } from "@aws-sdk/client-sqs";
import { startPeer, CREDENTIALS, DrainQueue, REGION } from "./sqs_peer.mjs";
import { Eventually, RampartServer } from "../e2e/lib/server.mjs";
import { Api, ExpectJson, SignedInPrincipal } from "../e2e/lib/client.mjs";

let peer;
let sdk;
const kNotes = "/api/v1/notes";

before(async () => {
  peer = await startPeer();
  sdk = new SQSClient({ region: REGION, endpoint: peer.endpoint, credentials: CREDENTIALS });
});
after(async () => {
  sdk?.destroy();
  await peer?.stop();
});

async function FifoQueue(name) {
  const made = await sdk.send(new CreateQueueCommand({ QueueName: `${name}.fifo`,
    Attributes: { FifoQueue: "true", VisibilityTimeout: "5" } }));
  return made.QueueUrl;
}

async function StartRampart(events) {
  return RampartServer.Start({ env: {
    AWS_REGION: REGION, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_EC2_METADATA_DISABLED: "true",
    RAMPART_EVENTS_QUEUE_URL: events, RAMPART_OUTBOX_DISPATCH_INTERVAL: "50ms",
    RAMPART_EVENTS_SOURCE: "urn:rampart:sqs-notes",
  } });
}

const Drain = (url) => DrainQueue(sdk, url);
const Of = (messages, subject) => messages.filter((m) => JSON.parse(m.Body).subject === subject);

test("a note's creation, change and deletion arrive in order as CloudEvents read by the SDK", async () => {
  const events = await FifoQueue(`notes-events-${process.pid}`);
  const server = await StartRampart(events);
  try {
    const api = new Api(server.baseUrl);
    const owner = await SignedInPrincipal(server);
    const note = ExpectJson(await api.Post(kNotes, { title: "On SQS", body: "first" },
      { token: owner.token }), 201);
    ExpectJson(await api.Patch(`${kNotes}/${note.id}`, { body: "second" }, { token: owner.token }), 200);
    assert.equal((await api.Delete(`${kNotes}/${note.id}`, { token: owner.token })).status, 204);

    const subject = `notes/${note.id}`;
    const received = [];
    await Eventually("the three events", async () => {
      received.push(...(await Drain(events)));
      return Of(received, subject).length >= 3;
    }, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));  // a late duplicate would show now
    received.push(...(await Drain(events)));
    const mine = Of(received, subject);
    assert.deepEqual(mine.map((m) => JSON.parse(m.Body).type),
      ["rampart.note.created", "rampart.note.updated", "rampart.note.deleted"]);
    for (const message of mine) {
      const body = JSON.parse(message.Body);
      assert.deepEqual(Object.keys(body).sort(),
        ["data", "datacontenttype", "id", "source", "specversion", "subject", "time", "type"]);
      assert.equal(body.specversion, "1.0");
      assert.equal(body.source, "urn:rampart:sqs-notes");
      assert.equal(body.datacontenttype, "application/json");
      assert.equal(body.data.noteId, note.id);
      assert.equal(body.data.actorId, owner.id);
      assert.equal(message.Attributes.MessageGroupId, note.id);
      assert.equal(message.Attributes.MessageDeduplicationId, body.id);
      assert.equal(message.MessageAttributes.type.StringValue, body.type);
      assert.equal(message.MessageAttributes["content-type"].StringValue, "application/cloudevents+json");
      assert.ok(!message.Body.includes(owner.token), "no token in the event");
    }
    const created = JSON.parse(mine[0].Body);
    assert.deepEqual(created.data.note, note);
    assert.deepEqual(JSON.parse(mine[1].Body).data.details, { changed: ["body"] });
  } finally {
    await server.Stop();
  }
});

test("SQS unreachable for 10 s while notes are written: every note's event arrives, none twice", async () => {
  const events = await FifoQueue(`notes-outage-${process.pid}`);
  const server = await StartRampart(events);
  try {
    const api = new Api(server.baseUrl);
    const owner = await SignedInPrincipal(server);
    const written = [];
    const write = async () => {
      const note = ExpectJson(await api.Post(kNotes, { title: `n${written.length}` },
        { token: owner.token }), 201);
      written.push(note.id);
    };
    for (let i = 0; i < 3; ++i) await write();
    peer.control.down = true;
    const down_until = performance.now() + 10_000;
    while (performance.now() < down_until) {
      await write();  // acknowledged while SQS is down: in the outbox
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    peer.control.down = false;
    assert.ok(peer.stats.dropped > 0, "rampart tried SQS during the outage");
    for (let i = 0; i < 3; ++i) await write();

    const received = [];
    await Eventually("every note's event", async () => {
      received.push(...(await Drain(events)));
      return written.every((id) => Of(received, `notes/${id}`).length >= 1);
    }, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));  // a late duplicate would show now
    received.push(...(await Drain(events)));
    for (const id of written) {
      const mine = Of(received, `notes/${id}`);
      assert.equal(mine.length, 1, `one event for note ${id}`);
      assert.equal(JSON.parse(mine[0].Body).type, "rampart.note.created");
    }
  } finally {
    await server.Stop();
  }
});
