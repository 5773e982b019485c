// An SQS peer for the tests: the fauxqs emulator on a free loopback port, behind a proxy (also
// on loopback) that checks every request's SigV4 signature with the AWS SDK's own signer
// (@smithy/signature-v4) and refuses a wrong one with 403 InvalidSignatureException, as SQS
// does. fauxqs itself checks no signature.
//
//   node sqs_peer.mjs STATE_DIR
// writes STATE_DIR/peer.json ({endpoint, emulator, accessKeyId, secretAccessKey, region}) once
// both listen, and runs until SIGTERM or SIGINT.
import { createHash } from "node:crypto";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { buildApp } from "fauxqs";
import { DeleteMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";

import { CREDENTIALS, REGION, expectedAuthorization } from "./sigv4_check.mjs";

export { CREDENTIALS, REGION, expectedAuthorization };
const accepted = new Map([[CREDENTIALS.accessKeyId, CREDENTIALS.secretAccessKey]]);

function fail(response, status, type, message) {
  response.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
  response.end(JSON.stringify({ __type: `com.amazonaws.sqs#${type}`, message }));
}

// fauxqs names queues after the Host header when its store has no host of its own: the queue
// URLs are then the proxy's (http://127.0.0.1:<proxy port>/000000000000/<name>), so a client
// (rampart, the SDK) uses a queue URL as it is, through the proxy. The store is not exported.
const { SqsStore } = await import(new URL("./node_modules/fauxqs/dist/sqs/sqsStore.js", import.meta.url));

// Every message `sdk` (an SQSClient) can receive from `url` now, deleted as read, in order;
// throws when a body's MD5 is not the one SQS computed.
export async function DrainQueue(sdk, url) {
  const md5 = (text) => createHash("md5").update(text, "utf8").digest("hex");
  const all = [];
  for (;;) {
    const answer = await sdk.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["All"] }));
    if (!answer.Messages?.length) return all;
    for (const message of answer.Messages) {
      if (message.MD5OfBody !== md5(message.Body)) throw new Error(`MD5 mismatch: ${message.MessageId}`);
      all.push(message);
      await sdk.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}

export async function startPeer({ secretFor = (key) => accepted.get(key) } = {}) {
  const sqsStore = new SqsStore();
  sqsStore.host = "";
  const app = buildApp({ logger: false, stores: { sqsStore } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const emulatorPort = app.server.address().port;
  const stats = { accepted: 0, refused: 0, dropped: 0 };
  // `control.down`: the service is unreachable — every connection is dropped unanswered (the
  // emulator keeps its messages, as SQS does through an outage seen from one client).
  const control = { down: false };
  const proxy = http.createServer((request, response) => {
    if (control.down) {
      stats.dropped++;
      request.socket.destroy();
      return;
    }
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const check = await expectedAuthorization(request, body, secretFor);
      if (check.error || check.expected !== check.actual) {
        stats.refused++;
        const type = check.error ?? "InvalidSignatureException";
        return fail(response, 403, type, "The request signature we calculated does not match the signature you provided.");
      }
      stats.accepted++;
      const forward = http.request({ host: "127.0.0.1", port: emulatorPort, method: request.method,
        path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode, answer.headers);
        answer.pipe(response);
      });
      forward.on("error", (error) => fail(response, 502, "ProxyError", String(error)));
      forward.end(body);
    });
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${proxy.address().port}`;
  return {
    endpoint, emulator: `http://127.0.0.1:${emulatorPort}`, stats, control,
    async stop() {
      proxy.closeAllConnections?.();
      await new Promise((resolve) => proxy.close(resolve));
      await app.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const state = process.argv[2];
  if (!state) {
    console.error("usage: node sqs_peer.mjs STATE_DIR");
    process.exit(2);
  }
  const peer = await startPeer();
  fs.mkdirSync(state, { recursive: true });
  const file = path.join(state, "peer.json");
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ endpoint: peer.endpoint, emulator: peer.emulator,
    ...CREDENTIALS, region: REGION }));
  fs.renameSync(`${file}.tmp`, file);
  const stop = async () => {
    await peer.stop();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
