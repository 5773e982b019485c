// Signing keys and feature flags kept in Secrets Manager secrets, against the peer of
// secrets_manager_peer.mjs, written and read back by the official SDK
// (@aws-sdk/client-secrets-manager) to prove what rampart wrote is what AWS would hold.
// Keys (auth.keys_secret): the first keys created in the secret, a `rampart keys rotate` that
// writes a new version (PutSecretValue), tokens signed before it still verified by jose against
// the JWKS, new tokens with the new kid, a second instance reading the same secret that agrees;
// production starts only on keys provisioned in it. Flags (features.source): a value changed in
// the secret picked up on SIGHUP, listed with the secret as its source, audited and announced
// as a CloudEvent; a secret naming an unknown flag refused with a logged reason.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import {
  SecretsManagerClient, CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand,
} from "@aws-sdk/client-secrets-manager";
import { startSecretsPeer, CREDENTIALS, REGION } from "./secrets_manager_peer.mjs";
import { Eventually, MakeTempDir, RampartServer, RunCli } from "../e2e/lib/server.mjs";
import { Api, DecodeJwt, ExpectJson, ExpectProblem, Login, RegisterUser, UniqueEmail, UniquePassword } from "../e2e/lib/client.mjs";
import { ProductionEnv } from "../e2e/lib/production.mjs";
import { createRemoteJWKSet, jwtVerify } from "../e2e/lib/jose.mjs";

let peer;
let sdk;

before(async () => {
  peer = await startSecretsPeer();
  sdk = new SecretsManagerClient({ region: REGION, endpoint: peer.endpoint, credentials: CREDENTIALS });
});
after(async () => {
  sdk?.destroy();
  await peer?.stop();
});

function AwsEnv(extra = {}) {
  return {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: peer.endpoint, AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true", ...extra,
  };
}

// The key document as the SDK reads it from the peer.
async function StoredKeys(name, stage = "AWSCURRENT") {
  const value = await sdk.send(new GetSecretValueCommand({ SecretId: name, VersionStage: stage }));
  return { versionId: value.VersionId, keys: JSON.parse(value.SecretString).keys };
}

async function Kids(server) {
  return ExpectJson(await new Api(server.baseUrl).Get("/.well-known/jwks.json"), 200).keys.map((key) => key.kid);
}

function VerifyWithJose(server, token) {
  const jwks = createRemoteJWKSet(new URL(`${server.baseUrl}/.well-known/jwks.json`));
  return jwtVerify(token, jwks, { algorithms: ["ES256"], audience: "rampart" });
}

async function Reload(server) {
  const before_reload = server.CountLines("signing keys reloaded");
  server.child.kill("SIGHUP");
  await Eventually("the reload after SIGHUP", () => server.CountLines("signing keys reloaded") > before_reload, 10_000);
}

test("keys in a secret: created there, rotated by `rampart keys`, followed by two instances", async () => {
  const name = `keys/${process.pid}`;
  await sdk.send(new CreateSecretCommand({ Name: name }));  // the operator creates it, empty
  const env = AwsEnv({
    RAMPART_JWT_KEYS_SECRET: `aws-sm:${name}`, RAMPART_RELOAD_INTERVAL: "off",
    RAMPART_ACCESS_TOKEN_TTL: "60s", RAMPART_JWT_ISSUER: "http://rampart.test",
  });
  const first = await RampartServer.Start({ env });
  let second;
  try {
    // Development creates the first keys in the secret: an active and a next key, with PEMs.
    const created = await StoredKeys(name);
    assert.deepEqual(created.keys.map((key) => key.state), ["active", "next"]);
    for (const key of created.keys) assert.match(key.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    const [active, next] = created.keys;
    second = await RampartServer.Start({
      dataDir: first.dataDir, databaseUrl: first.databaseUrl, adminPassword: null, env,
    });
    assert.deepEqual((await Kids(second)).sort(), [active.kid, next.kid].sort());
    assert.doesNotMatch(first.stdoutLines.join("\n") + first.stderrLines.join("\n"), /BEGIN PRIVATE KEY/);

    const api = new Api(first.baseUrl);
    const account = await RegisterUser(api);
    const before_rotation = await Login(api, account.email, account.password);
    assert.equal(DecodeJwt(before_rotation.accessToken).header.kid, active.kid);

    const keys = (args) => RunCli(["keys", ...args], { env: { RAMPART_DATA_DIR: first.dataDir, ...env } });
    const listed = await keys(["list", "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(JSON.parse(listed.stdout).store, `secret aws-sm:${name} (auth.keys_secret)`);

    // The other commands that build the service read the same secret (no "not available here").
    const admin_create = await RunCli(["admin", "create", "--email", "ops@example.com"],
      { env: { RAMPART_DATA_DIR: first.dataDir, ...env, ...(first.databaseUrl ? { RAMPART_DATABASE_URL: first.databaseUrl } : {}) },
        stdoutIsSecret: true });
    assert.equal(admin_create.code, 0, admin_create.stderr);
    const queue_stats = await RunCli(["queue", "stats"], { env: { RAMPART_DATA_DIR: first.dataDir, ...env,
      ...(first.databaseUrl ? { RAMPART_DATABASE_URL: first.databaseUrl } : {}) } });
    assert.equal(queue_stats.code, 0, queue_stats.stderr);

    const puts = peer.calls.PutSecretValue;
    const rotated = await keys(["rotate"]);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stderr, new RegExp(`${next.kid} signs from now on; ${active.kid} retired`));
    assert.equal(peer.calls.PutSecretValue, puts + 1, "one new version");
    const stored = await StoredKeys(name);
    // Its VersionId is the ClientRequestToken rampart sent: a fresh UUID.
    assert.match(stored.versionId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(stored.keys.map((key) => [key.kid, key.state]).slice(0, 2),
      [[active.kid, "retired"], [next.kid, "active"]]);
    assert.equal((await StoredKeys(name, "AWSPREVIOUS")).versionId, created.versionId);
    const new_next = stored.keys.find((key) => key.state === "next");

    await Promise.all([Reload(first), Reload(second)]);
    const after_rotation = await Login(api, account.email, account.password);
    assert.equal(DecodeJwt(after_rotation.accessToken).header.kid, next.kid, "new tokens carry the new kid");
    const published = [active.kid, next.kid, new_next.kid].sort();
    assert.deepEqual((await Kids(first)).sort(), published);
    assert.deepEqual((await Kids(second)).sort(), published, "the second instance agrees");
    for (const server of [first, second]) {
      await VerifyWithJose(server, before_rotation.accessToken);
      await VerifyWithJose(server, after_rotation.accessToken);
      const me = new Api(server.baseUrl);
      ExpectJson(await me.Get("/api/v1/users/me", { token: before_rotation.accessToken }), 200);
      ExpectJson(await me.Get("/api/v1/users/me", { token: after_rotation.accessToken }), 200);
    }
    // The serving reads go through the secret cache: /health shows the secret's version.
    const admin = (await Login(api, "admin@localhost", first.adminPassword)).accessToken;
    const health = ExpectJson(await api.Get("/health", { token: admin }), 200);
    assert.equal(health.secrets.find((secret) => secret.id === name)?.versionId, stored.versionId);

    // Two operators rotating at once: Secrets Manager has no compare-and-swap, so whichever
    // write overwrote the other applies its rotation again on top: both rotations are kept
    // (two more retired keys), whatever the interleaving. (The two processes race often enough
    // to take both paths: 3 writes instead of 2 in 2 runs of 6 here; key_secret_store_test.cpp
    // interleaves them deterministically.)
    const [one, two] = await Promise.all([keys(["rotate"]), keys(["rotate"])]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    const twice = await StoredKeys(name);
    assert.deepEqual(twice.keys.map((key) => key.state).sort(),
      ["active", "next", "retired", "retired", "retired"]);
    await Promise.all([Reload(first), Reload(second)]);
    assert.deepEqual((await Kids(first)).sort(), (await Kids(second)).sort());
    assert.deepEqual((await Kids(first)).sort(), twice.keys.map((key) => key.kid).sort());
    await VerifyWithJose(second, before_rotation.accessToken);
  } finally {
    await second?.Stop();
    await first.Stop();
  }
});

test("production starts only on keys provisioned in the secret by `rampart keys rotate`", async () => {
  const name = `keys/prod/${process.pid}`;
  await sdk.send(new CreateSecretCommand({ Name: name }));
  const env = AwsEnv(ProductionEnv({
    RAMPART_JWT_KEY_FILE: null, RAMPART_JWT_KEYS_SECRET: `aws-sm:${name}`,
    RAMPART_ADMIN_PASSWORD: "Prod-root-password-1234", RAMPART_DATA_DIR: MakeTempDir("rampart-sm-prod-"),
  }));
  const check = await RunCli(["config", "check"], { env });
  assert.equal(check.code, 0, check.stdout + check.stderr);
  const refused = await RunCli(["serve"], { env: { ...env, RAMPART_LISTEN: "127.0.0.1:0" } });
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, new RegExp(`secret aws-sm:${name} \\(auth\\.keys_secret\\).*rampart keys rotate`));
  const created = await RunCli(["keys", "rotate"], { env });
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stderr, new RegExp(`^keys rotate: created the first keys in secret aws-sm:${name}`));
  const server = await RampartServer.Start({ adminPassword: null, env });
  try {
    assert.deepEqual((await Kids(server)).sort(), (await StoredKeys(name)).keys.map((key) => key.kid).sort());
  } finally {
    await server.Stop();
  }
});

const NewAccount = () => ({ email: UniqueEmail("smflags"), password: UniquePassword(), displayName: "Flag" });

// The CloudEvents on the embedded events queue of `server`, in publish order.
function QueuedEvents(server) {
  const out = execFileSync("sqlite3", ["-cmd", ".timeout 10000", "-json",
    join(server.dataDir, "events.sqlite3"), "SELECT body FROM messages ORDER BY seq"], { encoding: "utf8" });
  return (out.trim() ? JSON.parse(out) : []).map((row) => JSON.parse(row.body));
}

test("flags in a secret: a change picked up on SIGHUP, listed with its source, audited and announced; a bad secret refused", async () => {
  const name = `flags/${process.pid}`;
  const source = `aws-sm:${name}`;
  await sdk.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ "registration.open": true }) }));
  const server = await RampartServer.Start({ env: AwsEnv({
    RAMPART_FEATURES_SOURCE: source, RAMPART_RELOAD_INTERVAL: "off",
    RAMPART_FEATURES_REGISTRATION_OPEN: "false",  // the secret's value wins over the layers
  }) });
  try {
    const api = new Api(server.baseUrl);
    const admin = (await Login(api, "admin@localhost", server.adminPassword)).accessToken;
    const flag = async (flag_name) =>
      ExpectJson(await api.Get("/api/v1/features", { token: admin }), 200).items.find((item) => item.name === flag_name);
    const open = await flag("registration.open");
    assert.equal(open.value, true);
    assert.equal(open.source, source);
    assert.equal((await flag("auth.password_reset")).source, "default", "a flag the secret does not name");
    ExpectJson(await api.Post("/api/v1/auth/register", NewAccount()), 201);

    await sdk.send(new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify({ "registration.open": false }) }));
    const changed = server.CountLines('"feature flag changed"');
    server.child.kill("SIGHUP");
    await Eventually("the flag change", () => server.CountLines('"feature flag changed"') > changed, 10_000);
    ExpectProblem(await api.Post("/api/v1/auth/register", NewAccount()),
      { status: 403, type: "/problems/forbidden", instance: "/api/v1/auth/register" });
    assert.equal((await flag("registration.open")).value, false);
    assert.equal((await flag("registration.open")).source, source);
    const audit = ExpectJson(await api.Get("/api/v1/audit-events?action=feature.changed", { token: admin }), 200).items;
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0].details, { from: true, to: false, source });
    const event = await Eventually("the CloudEvent", () =>
      QueuedEvents(server).find((queued) => queued.type === "rampart.feature.changed"), 10_000);
    assert.equal(event.subject, "features/registration.open");
    assert.equal(event.id, audit[0].id);
    assert.deepEqual(event.data, { name: "registration.open", actorId: null,
      correlationId: event.data.correlationId, details: { from: true, to: false, source } });

    // An unknown flag (a typo) or a wrong type: refused with its reason, the flags stay.
    await sdk.send(new PutSecretValueCommand({ SecretId: name,
      SecretString: JSON.stringify({ "registration.opne": true, "registration.open": true }) }));
    server.child.kill("SIGHUP");
    const line = await server.WaitForLine((text) => text.includes("feature flags could not be read again"), 10_000);
    assert.match(line, new RegExp(`${source} \\(features\\.source\\): names no feature flag \\\\"registration\\.opne\\\\"`));
    assert.equal((await flag("registration.open")).value, false, "the last good values stay");
    await sdk.send(new PutSecretValueCommand({ SecretId: name, SecretString: '{"registration.open": "yes"}' }));
    server.child.kill("SIGHUP");
    await server.WaitForLine((text) => text.includes("a value that is not true or false"), 10_000);
    assert.equal((await flag("registration.open")).value, false);
  } finally {
    await server.Stop();
  }
});

test("a flags' secret that is refused stops start-up with one line naming it", async () => {
  const name = `flags/bad/${process.pid}`;
  await sdk.send(new CreateSecretCommand({ Name: name, SecretString: '{"registration.open": 1}' }));
  const run = await RunCli(["serve"], { env: AwsEnv({
    RAMPART_FEATURES_SOURCE: `aws-sm:${name}`, RAMPART_DATA_DIR: MakeTempDir("rampart-sm-flags-"),
    RAMPART_LISTEN: "127.0.0.1:0",
  }) });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, new RegExp(`^rampart: aws-sm:${name} \\(features\\.source\\): gives "registration\\.open" a value that is not true or false$`, "m"));
});
