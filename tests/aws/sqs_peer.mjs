// An SQS peer for the tests: the fauxqs emulator on a free loopback port, behind a proxy (also
// on loopback) that checks every request's SigV4 signature with the AWS SDK's own signer
// (@smithy/signature-v4) and refuses a wrong one with 403 InvalidSignatureException, as SQS
// does. fauxqs itself checks no signature.
//
//   node sqs_peer.mjs STATE_DIR
// writes STATE_DIR/peer.json ({endpoint, emulator, accessKeyId, secretAccessKey, region}) once
// both listen, and runs until SIGTERM or SIGINT.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { buildApp } from "fauxqs";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";

export const CREDENTIALS = { accessKeyId: "AKIDRAMPARTTEST", secretAccessKey: "rampart-test-secret" };
export const REGION = "us-east-1";
const accepted = new Map([[CREDENTIALS.accessKeyId, CREDENTIALS.secretAccessKey]]);

function fail(response, status, type, message) {
  response.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
  response.end(JSON.stringify({ __type: `com.amazonaws.sqs#${type}`, message }));
}

// The signature a request must carry: the SDK's signer over the headers the request names as
// signed, at the date it names.
export async function expectedAuthorization(request, body, secretFor) {
  const authorization = request.headers.authorization ?? "";
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return { error: "IncompleteSignature" };
  const [, key, , region, service, signedHeaders] = match;
  const secret = secretFor(key);
  if (!secret) return { error: "InvalidClientTokenId" };
  const amzDate = request.headers["x-amz-date"];
  if (!amzDate) return { error: "IncompleteSignature" };
  const headers = {};
  for (const name of signedHeaders.split(";")) {
    if (request.headers[name] === undefined) return { error: "IncompleteSignature" };
    headers[name] = request.headers[name];
  }
  const url = new URL(request.url, "http://placeholder");
  const query = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? [].concat(query[k], v) : v;
  const signer = new SignatureV4({
    credentials: { accessKeyId: key, secretAccessKey: secret,
      sessionToken: request.headers["x-amz-security-token"] },
    region, service, sha256: Sha256, applyChecksum: false,
  });
  const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signed = await signer.sign({ method: request.method, protocol: "http:",
    hostname: "placeholder", path: url.pathname, query, headers, body }, { signingDate: date });
  return { expected: signed.headers.authorization, actual: authorization };
}

// fauxqs names queues after the Host header when its store has no host of its own: the queue
// URLs are then the proxy's (http://127.0.0.1:<proxy port>/000000000000/<name>), so a client
// (rampart, the SDK) uses a queue URL as it is, through the proxy. The store is not exported.
const { SqsStore } = await import(new URL("./node_modules/fauxqs/dist/sqs/sqsStore.js", import.meta.url));

export async function startPeer({ secretFor = (key) => accepted.get(key) } = {}) {
  const sqsStore = new SqsStore();
  sqsStore.host = "";
  const app = buildApp({ logger: false, stores: { sqsStore } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const emulatorPort = app.server.address().port;
  const stats = { accepted: 0, refused: 0 };
  const proxy = http.createServer((request, response) => {
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
    endpoint, emulator: `http://127.0.0.1:${emulatorPort}`, stats,
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
