// Secrets Manager as a configuration source, against the peer of secrets_manager_peer.mjs.
// The official SDK (@aws-sdk/client-secrets-manager) reads and writes the peer first, which
// proves the peer speaks the real JSON 1.1 protocol and checks SigV4 as AWS does; then the real
// binary reads its settings from it: `config check` shows where each came from and never the
// value, a secret that cannot be read stops start-up with one line naming setting and secret,
// and `rampart serve` serves from its cache (no call per request), refreshes after
// secrets.ttl, and keeps the last good value while the peer fails (/health shows it stale).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  SecretsManagerClient, CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand,
  DescribeSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { startSecretsPeer, CREDENTIALS, REGION } from "./secrets_manager_peer.mjs";
import { RandomPassword, RampartServer, RunCli } from "../e2e/lib/server.mjs";
import { Api, ExpectJson, Login } from "../e2e/lib/client.mjs";

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

// The environment that points rampart at the peer, as it would at AWS.
function AwsEnv(extra = {}) {
  return {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: peer.endpoint, AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true", ...extra,
  };
}

async function Eventually(what, check, timeoutMs = 15_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test("the official SDK reads and writes the peer over JSON 1.1; a wrong signature is refused", async () => {
  const name = `sdk/${process.pid}`;
  const created = await sdk.send(new CreateSecretCommand({ Name: name, SecretString: '{"password":"one"}' }));
  assert.match(created.ARN, new RegExp(`^arn:aws:secretsmanager:${REGION}:`));
  const first = await sdk.send(new GetSecretValueCommand({ SecretId: name }));
  assert.equal(first.SecretString, '{"password":"one"}');
  assert.deepEqual(first.VersionStages, ["AWSCURRENT"]);
  const put = await sdk.send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: '{"password":"two"}' }));
  const second = await sdk.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSCURRENT" }));
  assert.equal(second.SecretString, '{"password":"two"}');
  assert.equal(second.VersionId, put.VersionId);
  const previous = await sdk.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPREVIOUS" }));
  assert.equal(previous.VersionId, first.VersionId);
  // A ClientRequestToken names the version: the same request again (a retry) changes nothing,
  // another value under the same token is refused (rampart's key writes rely on it).
  const token = "8d0f2a47-2b6e-4c1d-9a3e-5f7b6c4d2e10";
  const once = await sdk.send(new PutSecretValueCommand({ SecretId: name, SecretString: '{"password":"three"}', ClientRequestToken: token }));
  const again = await sdk.send(new PutSecretValueCommand({ SecretId: name, SecretString: '{"password":"three"}', ClientRequestToken: token }));
  assert.equal(once.VersionId, token);
  assert.equal(again.VersionId, token);
  assert.equal((await sdk.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPREVIOUS" }))).VersionId,
    put.VersionId, "the retry did not move the stages");
  await assert.rejects(sdk.send(new PutSecretValueCommand({ SecretId: name, SecretString: "other", ClientRequestToken: token })),
    (error) => error.name === "ResourceExistsException");
  // A rotation function's createSecret: the new version is AWSPENDING, AWSCURRENT stays.
  await sdk.send(new PutSecretValueCommand({ SecretId: name, SecretString: "{}", VersionStages: ["AWSPENDING"] }));
  const stages = await sdk.send(new DescribeSecretCommand({ SecretId: name }));
  assert.deepEqual(stages.VersionIdsToStages[token], ["AWSCURRENT"]);
  await assert.rejects(sdk.send(new GetSecretValueCommand({ SecretId: "no/such/secret" })),
    (error) => error.name === "ResourceNotFoundException");

  const refused = peer.refused;
  const impostor = new SecretsManagerClient({ region: REGION, endpoint: peer.endpoint,
    credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: "not-the-secret" } });
  await assert.rejects(impostor.send(new GetSecretValueCommand({ SecretId: name })),
    (error) => error.name === "InvalidSignatureException");
  impostor.destroy();
  assert.equal(peer.refused, refused + 1);
});

test("config check reads secret settings from Secrets Manager and shows where, never the value", async () => {
  const admin = RandomPassword("Sm-root-");
  const token = `metrics-${RandomPassword("tok-")}`;
  await sdk.send(new CreateSecretCommand({ Name: `check/${process.pid}/admin`,
    SecretString: JSON.stringify({ username: "admin", password: admin }) }));
  await sdk.send(new CreateSecretCommand({ Name: `check/${process.pid}/metrics`, SecretString: token }));
  const run = await RunCli(["config", "check"], { env: AwsEnv({
    RAMPART_ADMIN_PASSWORD: `aws-sm:check/${process.pid}/admin#password`,
    RAMPART_METRICS_ACCESS: "token",
    RAMPART_METRICS_TOKEN: `aws-sm:check/${process.pid}/metrics`,
  }) });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`admin\\.password +?= \\*{8}  \\(RAMPART_ADMIN_PASSWORD via aws-sm:check/${process.pid}/admin#password\\)`));
  assert.match(run.stdout, new RegExp(`telemetry\\.metrics_token +?= \\*{8}  \\(RAMPART_METRICS_TOKEN via aws-sm:check/${process.pid}/metrics\\)`));
  assert.doesNotMatch(run.stdout + run.stderr, new RegExp(admin));
  assert.doesNotMatch(run.stdout + run.stderr, new RegExp(token));
  assert.match(run.stdout, /configuration is valid/);
});

test("a secret that cannot be read stops start-up with one line naming the setting and the secret", async () => {
  const run = await RunCli(["serve"], { env: AwsEnv({ RAMPART_ADMIN_PASSWORD: "aws-sm:no/such/secret#password" }) });
  assert.equal(run.code, 2, run.stderr);
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0], /^config: RAMPART_ADMIN_PASSWORD \(admin\.password, from environment\): the value names secret aws-sm:no\/such\/secret#password, which cannot be read: Secrets Manager GetSecretValue: ResourceNotFoundException \(400\)/);
  // Without a region there is no endpoint to ask: the line says so.
  const no_region = await RunCli(["config", "check"], { env: AwsEnv({ AWS_REGION: "", AWS_DEFAULT_REGION: "",
    RAMPART_ADMIN_PASSWORD: "aws-sm:db#password" }) });
  assert.equal(no_region.code, 2);
  assert.match(no_region.stderr, /aws-sm:db#password, which cannot be read: no AWS region: set AWS_REGION/);
});

test("serve answers from the cache, refreshes after secrets.ttl, and keeps the last good value while Secrets Manager fails", async () => {
  const name = `serve/${process.pid}/admin`;
  const password = RandomPassword("Sm-serve-");
  await sdk.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ password }) }));
  const server = await RampartServer.Start({ adminPassword: null, env: AwsEnv({
    RAMPART_ADMIN_PASSWORD: `aws-sm:${name}#password`, RAMPART_SECRETS_TTL: "2s",
  }) });
  try {
    const api = new Api(server.baseUrl);
    const admin = (await Login(api, "admin@localhost", password)).accessToken;
    // Requests do not read Secrets Manager: only the refresh every secrets.ttl does.
    const before_requests = peer.calls.GetSecretValue;
    for (let i = 0; i < 20; ++i) ExpectJson(await api.Get("/api/v1/users/me", { token: admin }), 200);
    assert.ok(peer.calls.GetSecretValue - before_requests <= 1,
      `${peer.calls.GetSecretValue - before_requests} reads during 20 requests`);

    const health = async () => ExpectJson(await api.Get("/health", { token: admin }), 200).secrets;
    const [first] = await health();
    assert.equal(first.id, name);
    assert.equal(first.stale, false);
    assert.ok(first.ageSeconds < 3, JSON.stringify(first));

    const put = await sdk.send(new PutSecretValueCommand({ SecretId: name,
      SecretString: JSON.stringify({ password: RandomPassword("Sm-next-") }) }));
    await Eventually("the refreshed version", async () => (await health())[0].versionId === put.VersionId);

    peer.failing = true;
    const stale = await Eventually("a stale secret", async () => {
      const [secret] = await health();
      return secret.stale && secret.ageSeconds >= 2 ? secret : null;
    });
    assert.match(stale.lastError, /InternalServiceError \(500\)/);
    assert.equal(stale.versionId, put.VersionId, "the last good value stays in use");
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
    assert.match(metrics, new RegExp(`rampart_secrets_refresh_failures_total\\{secret="${name.replaceAll("/", "\\/")}"\\} [1-9]`));
    assert.match(metrics, /rampart_secrets_age_seconds\{secret=/);
    await server.WaitForLine((line) => line.includes("secret refresh failed; the last good value stays in use"));
    ExpectJson(await api.Get("/api/v1/users/me", { token: admin }), 200);

    peer.failing = false;
    await Eventually("a fresh secret again", async () => !(await health())[0].stale);
  } finally {
    peer.failing = false;
    await server.Stop();
  }
});
