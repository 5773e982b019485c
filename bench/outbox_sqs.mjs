// Outbox → SQS throughput (issue 14): rampart's outbox relay (OutboxDispatcher over a SQLite  // rampart:only(sqlite)
// outbox, batches of 10, `aws_sqs_tool relay`) against the AWS SDK's own SendMessageBatch loop,  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // Outbox → SQS throughput (issue 14): rampart's outbox relay (OutboxDispatcher over a PostgreSQL
// // outbox on a throwaway cluster of tests/services/postgres.sh, batches of 10, `aws_sqs_tool
// // relay`) against the AWS SDK's own SendMessageBatch loop,
// rampart:end
// on the same fauxqs emulator behind the SigV4-checking proxy (tests/aws/sqs_peer.mjs, run as a
// process of its own so that neither side's CPU includes the emulator's). Both send COUNT
// messages of distinct groups to a FIFO queue of their own, sequentially (one batch in flight),
// and report events/s and CPU per message (the relay: its process's CPU during the relay,
// SQLite claims and marks included; the SDK: this process's CPU during its loop).  // rampart:only(sqlite)
// rampart:begin(sqlite)
// rampart:else
// // its side of the outbox's claims and marks included, not the database server's; the SDK: this
// // process's CPU during its loop).
// rampart:end
//
//   node bench/outbox_sqs.mjs [COUNT]     (after `cmake --build --preset default` and
//                                          `npm ci` in tests/aws)
import { spawn, execFile } from "node:child_process";
// rampart:begin(sqlite)
// rampart:else
// import { execFileSync } from "node:child_process";
// rampart:end
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(new URL("../tests/aws/package.json", import.meta.url));
const { SQSClient, CreateQueueCommand, SendMessageBatchCommand } = require("@aws-sdk/client-sqs");

const count = Number(process.argv[2] ?? 2000);
const root = fileURLToPath(new URL("..", import.meta.url));
const tool = process.env.SQS_TOOL ?? join(root, "build/tests/aws_sqs_tool");
const state = mkdtempSync(join(tmpdir(), "rampart-bench-sqs-"));
const peer = spawn(process.execPath, [join(root, "tests/aws/sqs_peer.mjs"), state], { stdio: "inherit" });
try {
  const file = join(state, "peer.json");
  for (let i = 0; i < 200 && !existsSync(file); ++i) await new Promise((r) => setTimeout(r, 50));
  const { endpoint, accessKeyId, secretAccessKey, region } = JSON.parse(readFileSync(file, "utf8"));
  const sdk = new SQSClient({ region, endpoint, credentials: { accessKeyId, secretAccessKey } });
  const queue = async (name) => (await sdk.send(new CreateQueueCommand({ QueueName: name,
    Attributes: { FifoQueue: "true" } }))).QueueUrl;

  // The SDK: SendMessageBatch of 10 in a loop, the same bodies as the relay's.
  const sdk_url = await queue(`bench-sdk-${process.pid}.fifo`);
  const cpu_before = process.cpuUsage();
  const started = performance.now();
  for (let start = 0; start < count; start += 10) {
    const entries = [];
    for (let i = start; i < Math.min(count, start + 10); ++i) {
      const id = `bench-${i}`;
      entries.push({ Id: `e${i - start}`, MessageGroupId: `user-${i}`, MessageDeduplicationId: id,
        MessageBody: JSON.stringify({ specversion: "1.0", id, type: "rampart.user.updated", data: { n: i } }),
        MessageAttributes: { type: { DataType: "String", StringValue: "rampart.user.updated" },
          "content-type": { DataType: "String", StringValue: "application/cloudevents+json" } } });
    }
    const sent = await sdk.send(new SendMessageBatchCommand({ QueueUrl: sdk_url, Entries: entries }));
    if (sent.Failed?.length) throw new Error(`SDK batch failed: ${JSON.stringify(sent.Failed)}`);
  }
  const sdk_seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu_before);
  const sdk_cpu = (cpu.user + cpu.system) / 1e6;
  sdk.destroy();

  // rampart's relay.
  const relay_url = await queue(`bench-relay-${process.pid}.fifo`);
  // rampart:begin(sqlite)
  const outbox = state;  // the directory of its SQLite database
  // rampart:else
  // // Its outbox: a database of a throwaway cluster, stopped below.
  // execFileSync("bash", [join(root, "tests/services/postgres.sh"), "start", join(state, "postgres")], { stdio: "ignore" });
  // const admin_url = readFileSync(join(state, "postgres/url"), "utf8").trim();
  // execFileSync("psql", [admin_url, "-qc", "CREATE DATABASE bench_outbox"]);
  // const outbox = admin_url.replace(/\/postgres$/, "/bench_outbox");
  // rampart:end
  const relay = await new Promise((resolve, reject) => {
    execFile(tool, ["relay", relay_url, String(count), outbox], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey,
        AWS_REGION: region, AWS_EC2_METADATA_DISABLED: "true" } },
    (error, stdout, stderr) => (error ? reject(new Error(stderr || String(error))) : resolve(JSON.parse(stdout))));
  });

  const rate = (n, s) => n / s;
  const sdk_rate = rate(count, sdk_seconds);
  const relay_rate = rate(relay.count, relay.seconds);
  const us = (cpu_s, n) => (cpu_s * 1e6) / n;
  console.log(`outbox → SQS, ${count} messages, batches of 10, fauxqs behind the SigV4 proxy`);
  console.log(`| sender | events/s | CPU µs/message |`);
  console.log(`|---|---|---|`);
  console.log(`| AWS SDK SendMessageBatch loop | ${sdk_rate.toFixed(0)} | ${us(sdk_cpu, count).toFixed(0)} |`);
  console.log(`| rampart outbox relay | ${relay_rate.toFixed(0)} | ${us(relay.cpuSeconds, relay.count).toFixed(0)} |`);
  console.log(`relay/SDK rate ${(relay_rate / sdk_rate).toFixed(2)} (target ≥ 0.80); ` +
    `CPU per message ${(relay.cpuSeconds / relay.count / (sdk_cpu / count)).toFixed(2)} of the SDK's (target ≤ 0.25)`);
} finally {
  peer.kill("SIGTERM");
  await new Promise((r) => peer.once("exit", r));
  // rampart:begin(sqlite)
  // rampart:else
  // execFileSync("bash", [join(root, "tests/services/postgres.sh"), "stop", join(state, "postgres")], { stdio: "ignore" });
  // rampart:end
  rmSync(state, { recursive: true, force: true });
}
