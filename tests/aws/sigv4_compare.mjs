// rampart's SigV4 against the AWS SDK's own signer (@smithy/signature-v4) on many generated
// requests: methods, paths with reserved and non-ASCII characters, dot segments and doubled
// slashes, repeated and unsorted query parameters, header values with runs of spaces and tabs,
// unsignable headers, bodies, session tokens, dates. Every Authorization header must be equal.
// Run by ctest (aws.sigv4.smithy) with SIGV4_TOOL=<path of the aws_sigv4_tool binary>.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";

const tool = process.env.SIGV4_TOOL;
const COUNT = Number(process.env.SIGV4_CASES ?? 2000);

// A small deterministic generator (mulberry32), so a failure can be replayed by its seed.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = ["a", "Z", "09", "-", "_", ".", "~", " ", "+", "=", "&", "%", "/", "?", "#", ":",
  "@", "!", "'", "(", ")", "*", "$", ",", ";", "é", "ü", "日本", "😀", "\u00a0"];
function text(rnd, max, alphabet = pieces) {
  let out = "";
  const n = Math.floor(rnd() * max);
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rnd() * alphabet.length)];
  return out;
}
const enc = (s) => encodeURIComponent(s);

function generate(seed) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const segments = [];
  const segmentCount = Math.floor(rnd() * 5);
  for (let i = 0; i < segmentCount; i++) {
    segments.push(pick(["", ".", "..", "q.fifo", "000000000000", enc(text(rnd, 6))]));
  }
  let path = "/" + segments.join("/");
  if (rnd() < 0.2) path += "/";
  const query = [];
  const queryCount = rnd() < 0.5 ? 0 : Math.floor(rnd() * 5);
  for (let i = 0; i < queryCount; i++) {
    // A parameter has a name: "?&=x" has no agreed meaning (URLSearchParams drops the empty
    // pair, the SDK would sign it).
    const key = pick(["Action", "a", "b", "A", "x-y", text(rnd, 4)]) || "k";
    const value = rnd() < 0.2 ? "" : text(rnd, 6);
    query.push([key, value]);
    if (rnd() < 0.2) query.push([key, text(rnd, 3)]);  // a repeated key
  }
  const headerNames = ["Content-Type", "X-Amz-Target", "X-Custom", "x-amz-meta-thing",
    "User-Agent", "Accept", "Content-Length-Hint", "X-Amzn-Trace-Id", "Cache-Control"];
  const headers = [];
  const used = new Set();
  const headerCount = Math.floor(rnd() * 5);
  for (let i = 0; i < headerCount; i++) {
    const name = pick(headerNames);
    if (used.has(name.toLowerCase())) continue;
    used.add(name.toLowerCase());
    const value = text(rnd, 8, ["v", "1", " ", "  ", "\t", "a b", ";", "=", ",", "json-1.0"]);
    headers.push([name, value]);
  }
  const port = pick(["", ":4566", ":443", ":8443"]);
  const scheme = pick(["https", "http"]);
  const host = pick(["sqs.eu-west-1.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com",
    "127.0.0.1", "localhost"]);
  const queryText = query.map(([k, v]) => (rnd() < 0.3 && v === "" ? enc(k) : `${enc(k)}=${enc(v)}`))
    .join("&");
  return {
    method: pick(["GET", "POST", "PUT", "DELETE", "HEAD"]),
    url: `${scheme}://${host}${port}${path}${queryText ? "?" + queryText : ""}`,
    scheme, host, port, path, query,
    headers,
    body: rnd() < 0.3 ? "" : JSON.stringify({ QueueUrl: text(rnd, 10), n: Math.floor(rnd() * 1e6) }),
    accessKeyId: "AKIA" + Math.floor(rnd() * 1e12),
    secretAccessKey: text(rnd, 40, ["a", "B", "/", "+", "9"]) || "s",
    sessionToken: rnd() < 0.5 ? "" : "FwoG" + text(rnd, 30, ["Z", "/", "+", "="]),
    region: pick(["us-east-1", "eu-west-1", "ap-southeast-2"]),
    service: pick(["sqs", "secretsmanager", "service"]),
    time: 1_500_000_000 + Math.floor(rnd() * 400_000_000),
  };
}

// The host header as rampart sends it: the port only when it is not the scheme's default.
function hostHeader(c) {
  const port = c.port.slice(1);
  const standard = (c.scheme === "https" && port === "443") || (c.scheme === "http" && port === "80");
  return port && !standard ? `${c.host}:${port}` : c.host;
}

async function smithySign(c) {
  const query = {};
  for (const [k, v] of c.query) {
    if (k in query) query[k] = [].concat(query[k], v);
    else query[k] = v;
  }
  const headers = { host: hostHeader(c) };
  for (const [name, value] of c.headers) headers[name] = value;
  const signer = new SignatureV4({
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken || undefined },
    region: c.region, service: c.service, sha256: Sha256, applyChecksum: false,
  });
  const signed = await signer.sign({
    method: c.method, protocol: `${c.scheme}:`, hostname: c.host, path: c.path, query, headers,
    body: c.body,
  }, { signingDate: new Date(c.time * 1000) });
  return signed.headers.authorization;
}

test("SigV4 matches @smithy/signature-v4 on generated requests", { skip: !tool && "SIGV4_TOOL unset" }, async () => {
  const cases = [];
  for (let seed = 1; seed <= COUNT; seed++) cases.push(generate(seed));
  const input = cases.map((c) => JSON.stringify({
    method: c.method, url: c.url, headers: c.headers, body: c.body, accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, region: c.region,
    service: c.service, time: c.time,
  })).join("\n") + "\n";
  const run = spawnSync(tool, [], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, cases.length);
  let compared = 0;
  for (let i = 0; i < cases.length; i++) {
    const expected = await smithySign(cases[i]);
    assert.equal(lines[i].authorization, expected,
      `seed ${i + 1}: ${cases[i].method} ${cases[i].url}\nrampart canonical request:\n${lines[i].canonical}`);
    if (cases[i].sessionToken) assert.equal(lines[i].securityToken, cases[i].sessionToken);
    compared++;
  }
  assert.equal(compared, COUNT);
});
