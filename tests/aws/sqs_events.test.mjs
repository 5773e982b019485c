// Domain events, the inbox and dead letters on SQS (docs/events.md): the real `rampart serve`
// with RAMPART_QUEUE_URL and RAMPART_EVENTS_QUEUE_URL on fauxqs behind the SigV4-checking proxy
// (sqs_peer.mjs), mail over SMTP to nodemailer's smtp-server, everything read back with the AWS
// SDK. Runs on every database (aws.sqs.events).
// aws.sqs.events.postgres runs it on PostgreSQL.  // rampart:only(postgres)
// - a registration ends with a parsed mail and a `rampart.user.registered` CloudEvent the SDK
//   reads and MD5-verifies (group = the user, deduplication id = the event id);
// - a mail delivered twice (the SDK sends it again past the deduplication window) is sent once:
//   the inbox absorbs the duplicate;
// - a poison message ends in the DLQ after the redrive policy's receives; `rampart queue
//   dead-letters` lists it with the consumer's error, `rampart queue redrive` moves it back;
// - SQS unreachable for 30 s under a stream of registrations: afterwards every acknowledged
//   registration's mail and event arrive, none twice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  SQSClient, CreateQueueCommand, SendMessageCommand,
  GetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import { startPeer, CREDENTIALS, DrainQueue, REGION } from "./sqs_peer.mjs";
import { RampartServer, RunCli } from "../e2e/lib/server.mjs";
import { Api, RegisterUser, UniqueEmail } from "../e2e/lib/client.mjs";
import { SmtpPeer } from "../e2e/lib/smtp_peer.mjs";

let peer;
let sdk;
let smtp;
const kAws = {
  AWS_REGION: REGION, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_EC2_METADATA_DISABLED: "true",
};

before(async () => {
  peer = await startPeer();
  sdk = new SQSClient({ region: REGION, endpoint: peer.endpoint, credentials: CREDENTIALS });
  smtp = await SmtpPeer.Start({ tls: "none" });
});
after(async () => {
  sdk?.destroy();
  await peer?.stop();
  await smtp?.Stop();
});

// A FIFO queue with a FIFO dead-letter queue after `receives` receives: {url, dlq}.
async function QueueWithDlq(name, receives) {
  const dlq = `${name}-dlq.fifo`;
  const dead = await sdk.send(new CreateQueueCommand({ QueueName: dlq, Attributes: { FifoQueue: "true" } }));
  const made = await sdk.send(new CreateQueueCommand({ QueueName: `${name}.fifo`,
    Attributes: { FifoQueue: "true", VisibilityTimeout: "2", RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: `arn:aws:sqs:${REGION}:000000000000:${dlq}`, maxReceiveCount: receives }) } }));
  return { url: made.QueueUrl, dlq: dead.QueueUrl };
}

async function Eventually(what, check, timeout_ms = 30_000) {
  const deadline = performance.now() + timeout_ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const Drain = (url) => DrainQueue(sdk, url);

async function StartRampart(mail, events, env = {}) {
  return RampartServer.Start({ env: {
    ...kAws, RAMPART_QUEUE_URL: mail, RAMPART_EVENTS_QUEUE_URL: events, RAMPART_QUEUE_WAIT_TIME: "1s",
    RAMPART_OUTBOX_DISPATCH_INTERVAL: "50ms", RAMPART_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    RAMPART_EVENTS_SOURCE: "urn:rampart:sqs-test", ...env,
  } });
}

function Cli(server, args) {
  return RunCli(args, { timeoutMs: 60_000, env: {
    ...kAws, RAMPART_DATA_DIR: server.dataDir, RAMPART_QUEUE_URL: server.options.env.RAMPART_QUEUE_URL,
    RAMPART_EVENTS_QUEUE_URL: server.options.env.RAMPART_EVENTS_QUEUE_URL,
    ...(server.databaseUrl ? { RAMPART_DATABASE_URL: server.databaseUrl } : {}),
  } });
}

const MailsTo = (address) => smtp.messages.filter((m) => m.envelope.rcptTo.includes(address));

test("a registration ends with a parsed mail and a rampart.user.registered CloudEvent read by the SDK", async () => {
  const mail = await QueueWithDlq(`mail-reg-${process.pid}`, 4);
  const events = await QueueWithDlq(`events-reg-${process.pid}`, 4);
  const server = await StartRampart(mail.url, events.url);
  try {
    const email = UniqueEmail("sqs-events");
    const { user, password } = await RegisterUser(new Api(server.baseUrl), { email });
    const sent = await Eventually("the verification mail", () => MailsTo(email)[0]);
    assert.match(sent.parsed.text, /verify-email\?token=/);
    assert.match(sent.parsed.html, /verify-email\?token=/);

    const received = [];
    const event = await Eventually("the CloudEvent", async () => {
      received.push(...(await Drain(events.url)));
      return received.find((m) => JSON.parse(m.Body).type === "rampart.user.registered"
        && JSON.parse(m.Body).subject === `users/${user.id}`);
    });
    const body = JSON.parse(event.Body);
    assert.deepEqual(Object.keys(body).sort(),
      ["data", "datacontenttype", "id", "source", "specversion", "subject", "time", "type"]);
    assert.equal(body.specversion, "1.0");
    assert.equal(body.source, "urn:rampart:sqs-test");
    assert.equal(body.datacontenttype, "application/json");
    assert.equal(body.data.user.email, email);
    assert.equal(event.Attributes.MessageGroupId, user.id);
    assert.equal(event.Attributes.MessageDeduplicationId, body.id);
    assert.equal(event.MessageAttributes.type.StringValue, "rampart.user.registered");
    assert.equal(event.MessageAttributes["content-type"].StringValue, "application/cloudevents+json");
    assert.ok(!event.Body.includes(password));
  } finally {
    await server.Stop();
  }
});

test("a mail delivered twice is sent once: the inbox absorbs the duplicate", async () => {
  const mail = await QueueWithDlq(`mail-dup-${process.pid}`, 4);
  const events = await QueueWithDlq(`events-dup-${process.pid}`, 4);
  const server = await StartRampart(mail.url, events.url);
  try {
    const id = randomUUID();
    const to = UniqueEmail("dup");
    const body = JSON.stringify({ type: "mail", id, to, subject: "Once", text: "only once" });
    await sdk.send(new SendMessageCommand({ QueueUrl: mail.url, MessageGroupId: "dup",
      MessageDeduplicationId: randomUUID(), MessageBody: body }));
    await Eventually("the first delivery", () => MailsTo(to).length === 1);
    // The same mail again, as a republish past the deduplication window or a redrive sends it.
    await sdk.send(new SendMessageCommand({ QueueUrl: mail.url, MessageGroupId: "dup",
      MessageDeduplicationId: randomUUID(), MessageBody: body }));
    await Eventually("the duplicate taken off the queue", async () => {
      const attributes = await sdk.send(new GetQueueAttributesCommand({ QueueUrl: mail.url,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
      return attributes.Attributes.ApproximateNumberOfMessages === "0"
        && attributes.Attributes.ApproximateNumberOfMessagesNotVisible === "0";
    });
    assert.equal(MailsTo(to).length, 1, "sent once");
  } finally {
    await server.Stop();
  }
});

test("a poison message reaches the DLQ, is listed with its error and redriven by the CLI", async () => {
  const mail = await QueueWithDlq(`mail-poison-${process.pid}`, 2);
  const events = await QueueWithDlq(`events-poison-${process.pid}`, 2);
  // A failed receive comes back after 2 s (rampart's receive sets the visibility timeout).
  const server = await StartRampart(mail.url, events.url, { RAMPART_QUEUE_VISIBILITY_TIMEOUT: "2s" });
  try {
    const sent = await sdk.send(new SendMessageCommand({ QueueUrl: mail.url, MessageGroupId: "poison",
      MessageDeduplicationId: randomUUID(), MessageBody: JSON.stringify({ type: "not-a-mail" }) }));
    await Eventually("the dead letter", async () => {
      const attributes = await sdk.send(new GetQueueAttributesCommand({ QueueUrl: mail.dlq,
        AttributeNames: ["ApproximateNumberOfMessages"] }));
      return attributes.Attributes.ApproximateNumberOfMessages === "1";
    }, 60_000);

    const listed = await Cli(server, ["queue", "dead-letters", "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    const letters = JSON.parse(listed.stdout);
    assert.equal(letters.length, 1, listed.stdout);
    assert.equal(letters[0].messageId, sent.MessageId);
    assert.equal(letters[0].group, "poison");
    assert.equal(letters[0].type, "not-a-mail");
    assert.equal(letters[0].lastError?.error, "not a mail message");
    assert.equal(letters[0].lastError?.consumer, "mail.smtp");

    const stats = await Cli(server, ["queue", "stats", "--queue", "mail", "--json"]);
    assert.equal(stats.code, 0, stats.stderr);
    const [queue] = JSON.parse(stats.stdout);
    assert.equal(queue.kind, "sqs-fifo");
    assert.equal(queue.maxReceives, 2);
    assert.equal(queue.deadLetterQueue, `mail-poison-${process.pid}-dlq.fifo`);

    const redriven = await Cli(server, ["queue", "redrive", "--json"]);
    assert.equal(redriven.code, 0, redriven.stderr);
    const outcome = JSON.parse(redriven.stdout);
    assert.ok(["StartMessageMoveTask", "receive-and-send"].includes(outcome.method), redriven.stdout);
    if (outcome.method === "receive-and-send") assert.equal(outcome.moved, 1);
    // Back on the source queue: received again (and, still poison, dead-lettered again).
    await Eventually("the redriven message dead-lettered again", async () => {
      const attributes = await sdk.send(new GetQueueAttributesCommand({ QueueUrl: mail.dlq,
        AttributeNames: ["ApproximateNumberOfMessages"] }));
      return attributes.Attributes.ApproximateNumberOfMessages === "1";
    }, 60_000);
  } finally {
    await server.Stop();
  }
});

test("SQS unreachable for 30 s under registrations: every mail and event arrives, none twice", async () => {
  const mail = await QueueWithDlq(`mail-outage-${process.pid}`, 10);
  const events = await QueueWithDlq(`events-outage-${process.pid}`, 10);
  const server = await StartRampart(mail.url, events.url);
  try {
    const api = new Api(server.baseUrl);
    const registered = [];
    const register = async () => {
      const { user, email } = await RegisterUser(api, { email: UniqueEmail("outage") });
      registered.push({ id: user.id, email });
    };
    for (let i = 0; i < 3; ++i) await register();
    peer.control.down = true;
    const down_until = performance.now() + 30_000;
    while (performance.now() < down_until) {
      await register();  // acknowledged while SQS is down: in the outbox
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    peer.control.down = false;
    assert.ok(peer.stats.dropped > 0, "rampart tried SQS during the outage");
    for (let i = 0; i < 3; ++i) await register();

    const events_seen = [];
    await Eventually("every registration's mail", () =>
      registered.every((r) => MailsTo(r.email).length >= 1), 120_000);
    await Eventually("every registration's event", async () => {
      events_seen.push(...(await Drain(events.url)));
      return registered.every((r) => events_seen.some((m) => JSON.parse(m.Body).subject === `users/${r.id}`));
    }, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));  // a late duplicate would show now
    events_seen.push(...(await Drain(events.url)));
    for (const r of registered) {
      assert.equal(MailsTo(r.email).length, 1, `one mail to ${r.email}`);
      const mine = events_seen.filter((m) => JSON.parse(m.Body).subject === `users/${r.id}`
        && JSON.parse(m.Body).type === "rampart.user.registered");
      assert.equal(mine.length, 1, `one event for ${r.id}`);
    }
  } finally {
    await server.Stop();
  }
});
