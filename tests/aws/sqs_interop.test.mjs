// rampart's SQS adapter and the AWS SDK (@aws-sdk/client-sqs) on one peer: fauxqs behind the
// SigV4-checking proxy of sqs_peer.mjs. What rampart publishes (tests/aws/sqs_tool.cpp) the SDK
// reads, checking the MD5 of every body and of the attributes; what the SDK sends rampart
// receives (checking them too); a wrong secret is refused; and the real `rampart serve` with
// rampart:begin(iam)
// RAMPART_QUEUE_URL delivers mails through SQS: one the SDK put on the queue, and a
// registration's verification mail, each written as an .eml file by the consumer.
// rampart:else
// // RAMPART_QUEUE_URL delivers the mail the SDK put on the queue through SQS, written as an .eml
// // file by the consumer.
// rampart:end
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  SQSClient, CreateQueueCommand, ReceiveMessageCommand, DeleteMessageCommand,
  SendMessageBatchCommand, SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { startPeer, CREDENTIALS, REGION } from "./sqs_peer.mjs";
import { MakeTempDir, RandomPassword, RampartServer, RunCli } from "../e2e/lib/server.mjs";  // rampart:only(iam)
// rampart:begin(iam)
// rampart:else
// import { MakeTempDir, RampartServer, RunCli } from "../e2e/lib/server.mjs";
// rampart:end
import { Api, ExpectJson, Login, RegisterUser, UniqueEmail } from "../e2e/lib/client.mjs";  // rampart:only(iam)
// rampart:begin(iam)
// rampart:else
// import { AdminToken, Api, ExpectJson } from "../e2e/lib/client.mjs";
// rampart:end

const tool = process.env.SQS_TOOL;
let peer;
let sdk;

before(async () => {
  peer = await startPeer();
  sdk = new SQSClient({ region: REGION, endpoint: peer.endpoint, credentials: CREDENTIALS });
});
after(async () => {
  sdk?.destroy();
  await peer?.stop();
});

async function Queue(name) {
  const made = await sdk.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: "true" } }));
  return made.QueueUrl;
}

// Runs the tool without blocking this process's event loop: the peer answers from it.
function Tool(args, env = {}) {
  return new Promise((resolve) => {
    execFile(tool, args, {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_REGION: REGION,
        AWS_EC2_METADATA_DISABLED: "true", ...env },
    }, (error, stdout, stderr) => resolve({ status: error ? (error.code ?? 1) : 0, stdout, stderr }));
  });
}

// SQS's checksum of message attributes, written here from its definition.
function AttributesMd5(attributes) {
  const parts = [];
  const prefixed = (buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(buffer.length);
    parts.push(length, buffer);
  };
  for (const name of Object.keys(attributes).sort()) {
    const { DataType, StringValue, BinaryValue } = attributes[name];
    prefixed(Buffer.from(name, "utf8"));
    prefixed(Buffer.from(DataType, "utf8"));
    const binary = DataType.startsWith("Binary");
    parts.push(Buffer.from([binary ? 2 : 1]));
    prefixed(binary ? Buffer.from(BinaryValue) : Buffer.from(StringValue, "utf8"));
  }
  return createHash("md5").update(Buffer.concat(parts)).digest("hex");
}

const md5 = (text) => createHash("md5").update(text, "utf8").digest("hex");

test("the SDK reads and MD5-verifies what rampart published", { skip: !tool && "SQS_TOOL unset" }, async () => {
  const url = await Queue(`from-rampart-${process.pid}.fifo`);
  const published = await Tool(["publish", url, "23"]);
  assert.equal(published.status, 0, published.stderr);
  assert.equal(published.stdout.trim().split("\n").length, 23);
  const bodies = [];
  while (bodies.length < 23) {
    const answer = await sdk.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["All"] }));
    assert.ok(answer.Messages?.length, `only ${bodies.length} of 23 arrived`);
    for (const message of answer.Messages) {
      assert.equal(message.MD5OfBody, md5(message.Body));
      assert.equal(message.MD5OfMessageAttributes, AttributesMd5(message.MessageAttributes));
      const n = JSON.parse(message.Body).n;
      assert.equal(message.MessageAttributes.n.StringValue, String(n));
      assert.equal(message.MessageAttributes.type.StringValue, "interop");
      assert.equal(message.Attributes.MessageGroupId, "interop");
      assert.equal(message.Attributes.MessageDeduplicationId, `rampart-${n}`);
      bodies.push(JSON.parse(message.Body));
      await sdk.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    }
  }
  assert.deepEqual(bodies.map((b) => b.n), [...Array(23).keys()], "FIFO order kept");
  assert.equal(bodies[5].text, "héllo ✓ 5");
});

test("rampart receives and MD5-verifies what the SDK sent", { skip: !tool && "SQS_TOOL unset" }, async () => {
  const url = await Queue(`from-sdk-${process.pid}.fifo`);
  const entries = [...Array(12).keys()].map((i) => ({
    Id: `e${i}`, MessageBody: JSON.stringify({ i, text: `ünïcode ${i}` }), MessageGroupId: `g${i % 3}`,
    MessageDeduplicationId: randomUUID(),
    MessageAttributes: { kind: { DataType: "String", StringValue: `k${i}` },
      count: { DataType: "Number", StringValue: String(i * 10) },
      blob: { DataType: "Binary", BinaryValue: Buffer.from([i, 255, 0]) } },
  }));
  for (let start = 0; start < entries.length; start += 10) {
    const sent = await sdk.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries.slice(start, start + 10) }));
    assert.equal(sent.Failed?.length ?? 0, 0);
  }
  const received = await Tool(["receive", url, "12"]);
  assert.equal(received.status, 0, received.stderr);
  const messages = received.stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(messages.length, 12, received.stderr);
  const byIndex = new Map(messages.map((m) => [JSON.parse(m.body).i, m]));
  for (let i = 0; i < 12; i++) {
    const message = byIndex.get(i);
    assert.ok(message, `message ${i} not received`);
    assert.equal(JSON.parse(message.body).text, `ünïcode ${i}`);
    assert.equal(message.group, `g${i % 3}`);
    // String and Number attributes are handed on; Binary ones are checksummed, not handed on.
    assert.deepEqual(message.attributes, { kind: `k${i}`, count: String(i * 10) });
  }
  const again = await sdk.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0 }));
  assert.equal(again.Messages?.length ?? 0, 0, "rampart deleted what it received");
});

test("a request signed with a wrong secret is refused by the proxy", { skip: !tool && "SQS_TOOL unset" }, async () => {
  const url = await Queue(`refused-${process.pid}.fifo`);
  const refused_before = peer.stats.refused;
  const published = await Tool(["publish", url, "1"], { AWS_SECRET_ACCESS_KEY: "not-the-secret" });
  assert.notEqual(published.status, 0);
  assert.match(published.stderr, /InvalidSignatureException \(403\)/);
  assert.doesNotMatch(published.stderr, /not-the-secret/);
  assert.ok(peer.stats.refused > refused_before);
  const nothing = await sdk.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0 }));
  assert.equal(nothing.Messages?.length ?? 0, 0);
});

function Mails(server) {
  const dir = join(server.dataDir, "mail");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.endsWith(".eml"))
    .map((name) => ({ name, raw: readFileSync(join(dir, name), "utf8") }));
}

async function Eventually(what, check, timeout_ms = 20_000) {
  const deadline = performance.now() + timeout_ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// rampart:begin(iam)
test("rampart serve on SQS: the consumer delivers the SDK's mail and a registration's", async () => {
// rampart:else
// test("rampart serve on SQS: the consumer delivers the SDK's mail", async () => {
// rampart:end
  const dlq = `mail-${process.pid}-dlq.fifo`;
  await Queue(dlq);
  const made = await sdk.send(new CreateQueueCommand({ QueueName: `mail-${process.pid}.fifo`,
    Attributes: { FifoQueue: "true", RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: `arn:aws:sqs:${REGION}:000000000000:${dlq}`, maxReceiveCount: 4 }) } }));
  const url = made.QueueUrl;
  const server = await RampartServer.Start({ env: {
    RAMPART_QUEUE_URL: url, RAMPART_QUEUE_WAIT_TIME: "1s", AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true",
  } });
  try {
    const id = randomUUID();
    await sdk.send(new SendMessageCommand({ QueueUrl: url, MessageGroupId: "sdk", MessageDeduplicationId: id,
      MessageBody: JSON.stringify({ type: "mail", id, to: "sdk@example.com", subject: "From the SDK", text: "hello" }) }));
    const mail = await Eventually("the SDK's mail", () => Mails(server).find((m) => m.name === `${id}.eml`));
    assert.match(mail.raw, /Subject: From the SDK/);
    assert.match(mail.raw, /To: sdk@example.com/);

    const api = new Api(server.baseUrl);
    // rampart:begin(iam)
    const email = UniqueEmail("sqs");
    await RegisterUser(api, { email });
    const verification = await Eventually("the verification mail", () =>
      Mails(server).find((m) => m.raw.includes(`To: ${email}`)));
    assert.match(verification.raw, /verify-email\?token=/);
    // rampart:end
    const accepted = peer.stats.accepted;
    assert.ok(accepted > 0);

    // GET /health shows the SQS queue with its redrive policy.
    const admin = (await Login(api, "admin@localhost", server.adminPassword)).accessToken;  // rampart:only(iam)
    // rampart:begin(iam)
    // rampart:else
    // const admin = await AdminToken(server);
    // rampart:end
    const health = ExpectJson(await api.Get("/health", { token: admin }), 200);
    assert.equal(health.queue.kind, "sqs-fifo");
    assert.deepEqual(health.queue.redrivePolicy, { deadLetterQueue: dlq, maxReceiveCount: 4 });
    assert.equal(health.queue.deadLetters, 0);
    assert.equal(health.queue.circuitBreaker, "closed");
    assert.ok(Number.isInteger(health.queue.depth));
    assert.equal(server.allLines.some((line) => line.includes(CREDENTIALS.secretAccessKey)), false);
  } finally {
    await server.Stop();
  }
});

test("rampart serve on SQS refuses to start without a region or credentials, and says why", async () => {
  const secret = "wJalrXUtnFEMI-not-a-real-secret";
  const base = {
    RAMPART_QUEUE_URL: "http://127.0.0.1:9/000000000000/q.fifo", RAMPART_LISTEN: "127.0.0.1:0",
    RAMPART_DATA_DIR: join(MakeTempDir(), "data"),
    RAMPART_ADMIN_PASSWORD: RandomPassword(),  // rampart:only(iam)
    AWS_EC2_METADATA_DISABLED: "true", AWS_CONTAINER_CREDENTIALS_FULL_URI: "",
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "", AWS_SESSION_TOKEN: "",
  };
  const cases = [
    [{ AWS_REGION: "", AWS_DEFAULT_REGION: "", AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: secret },
      /no AWS region: set AWS_REGION/],
    [{ AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" }, /no AWS credentials/],
    [{ AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: secret },
      /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together/],
  ];
  for (const [env, reason] of cases) {
    const run = await RunCli(["serve"], { env: { ...base, ...env } });
    assert.notEqual(run.code, 0, run.stderr);
    assert.match(run.stderr, reason);
    assert.doesNotMatch(`${run.stdout}${run.stderr}`, new RegExp(secret));
  }
});
