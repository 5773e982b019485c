// Database password rotation without a restart, as the AWS rotation functions do it: rampart
// reads database.url from a secret in the rotation functions' JSON shape (host, port,
// username, password, dbname) on the Secrets Manager peer; under a stream of authenticated
// requests the role's password is changed in PostgreSQL (ALTER ROLE: setSecret) and only then
// in the secret (PutSecretValue → AWSCURRENT: finishSecret). Connects in between are refused
// (28P01): rampart reads the secret again and retries with backoff, so no request fails except
// with 503 during that window, and afterwards every connection of the pool uses the new
// password (all of the role's sessions are ended and the service goes on).
// The test cluster checks the passwords of the roles in group password_login
// (tests/services/postgres.sh); secrets.ttl is an hour, so only the refusal triggers the read.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  SecretsManagerClient, CreateSecretCommand, PutSecretValueCommand,
} from "@aws-sdk/client-secrets-manager";
import { startSecretsPeer, CREDENTIALS, REGION } from "./secrets_manager_peer.mjs";
import { DatabaseServerUrl, QueryDatabase, RandomPassword, RampartServer } from "../e2e/lib/server.mjs";
import { Api, ExpectJson, Login } from "../e2e/lib/client.mjs";  // rampart:only(iam)
// rampart:begin(iam)
// rampart:else
// import { Api, ExpectJson, SignedInPrincipal } from "../e2e/lib/client.mjs";
// rampart:end

const admin_url = DatabaseServerUrl();
// The authenticated request of the stream: with the cache off, each one reads the database.
const kRead = "/api/v1/users/me";  // rampart:only(iam)
// rampart:begin(iam)
// rampart:else
// const kRead = "/api/v1/notes";
// rampart:end
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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("the database password rotates under load: only 503s in the window, then the new password", { skip: !admin_url && "RAMPART_E2E_POSTGRES_URL_FILE unset (run through ctest)" }, async () => {
  const role = `rampart_rot_${randomBytes(4).toString("hex")}`;
  const first = `first-${randomBytes(12).toString("hex")}`;
  const second = `second-${randomBytes(12).toString("hex")}`;
  QueryDatabase(admin_url, `CREATE ROLE ${role} LOGIN PASSWORD '${first}' IN ROLE password_login`);
  QueryDatabase(admin_url, `CREATE DATABASE ${role} OWNER ${role}`);
  const { hostname, port } = new URL(admin_url.replace(/^postgresql:/, "http:"));
  const secret = (password) => JSON.stringify({ engine: "postgres", host: hostname, port: Number(port),
    username: role, password, dbname: role });
  const name = `rotation/${role}`;
  await sdk.send(new CreateSecretCommand({ Name: name, SecretString: secret(first) }));

  const server = await RampartServer.Start({ databaseUrl: `aws-sm:${name}`, env: {
    RAMPART_DATABASE_URL: `aws-sm:${name}`,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: peer.endpoint, AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true",
    RAMPART_SECRETS_TTL: "1h",
    RAMPART_CACHE_ENABLED: "false",                // every request asks the database
    RAMPART_RATE_LIMIT_ENABLED: "false",           // the stream is far above the per-user limit
    RAMPART_DATABASE_POOL_MAX_LIFETIME: "500ms",   // connections are replaced all the time
  } });
  try {
    const api = new Api(server.baseUrl);
    const token = (await Login(api, "admin@localhost", server.adminPassword)).accessToken;  // rampart:only(iam)
    // rampart:begin(iam)
    // rampart:else
    // const { token } = await SignedInPrincipal(server);
    // rampart:end
    const statuses = new Map();
    let running = true;
    let ok_after_rotation = 0;  // 200s once the secret holds the new password
    let rotated = false;
    const stream = async () => {
      while (running) {
        const reply = await api.Get(kRead, { token });
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (rotated && reply.status === 200) ++ok_after_rotation;
      }
    };
    const clients = Array.from({ length: 4 }, stream);
    await sleep(1000);
    const reads_before = peer.calls.GetSecretValue;
    const ok_before_rotation = statuses.get(200) ?? 0;

    QueryDatabase(admin_url, `ALTER ROLE ${role} PASSWORD '${second}'`);  // setSecret
    await sleep(1500);                                                       // the window
    await sdk.send(new PutSecretValueCommand({ SecretId: name, SecretString: secret(second) }));  // finishSecret
    rotated = true;
    await sleep(2000);
    // Every session the old password opened ends: what the pool opens now uses the new one.
    QueryDatabase(admin_url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
    // The stream goes on until the service has answered a run of requests again (the breaker's
    // open time and the reconnect backoff pass first; on a loaded machine each request is slow).
    const ok_before_terminate = ok_after_rotation;
    for (const until = Date.now() + 30000; ok_after_rotation - ok_before_terminate < 50 && Date.now() < until;) {
      await sleep(100);
    }
    running = false;
    await Promise.all(clients);

    const summary = JSON.stringify({ ...Object.fromEntries(statuses), ok_after_rotation });
    const unexpected = [...statuses.keys()].filter((status) => status !== 200 && status !== 503);
    assert.deepEqual(unexpected, [], summary);
    assert.ok(ok_before_rotation > 0, summary);
    assert.ok(ok_after_rotation - ok_before_terminate >= 50, summary);
    assert.ok(peer.calls.GetSecretValue > reads_before, "a refused password makes rampart read the secret again");
    await server.WaitForLine((line) => line.includes("PostgreSQL refused the password"));
    for (let i = 0; i < 20; ++i) ExpectJson(await api.Get(kRead, { token }), 200);
    // Connections live 500 ms here, so the pool can be between two for a moment: look again.
    let sessions = 0;
    for (let i = 0; i < 50 && sessions === 0; ++i) {
      sessions = Number(QueryDatabase(admin_url,
        `SELECT count(*) FROM pg_stat_activity WHERE usename = '${role}'`).trim());
      if (sessions === 0) await sleep(100);
    }
    assert.ok(sessions > 0, "the pool is connected with the new password");
    assert.equal(server.allLines.some((line) => line.includes(first) || line.includes(second)), false);
    console.log(`rotation under load: ${summary}`);
  } finally {
    await server.Stop();
  }
});
