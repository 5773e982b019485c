// The client example (examples/resource_server) against the real rampart: rampart publishes its
// events to an SQS queue (fauxqs behind the SigV4-checking proxy, sqs_peer.mjs); the example
// verifies rampart's access tokens from its JWKS and reads those events with rampart's own SQS
// client.
// - a user registered and logged in at rampart is who /whoami says, with the token's permissions;
// - no token, a tampered token and a token of another rampart (another issuer, other keys): 401
//   problem+json with a Bearer challenge;
// - the registration and a later profile change arrive as CloudEvents in /events/recent, each
//   once, and are deleted from the queue.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { SQSClient, CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { startPeer, CREDENTIALS, REGION } from "./sqs_peer.mjs";
import { RampartServer, Eventually } from "../e2e/lib/server.mjs";
import {
  Api, SignedInUser, Login, ExpectJson, ExpectUnauthorized, DecodeJwt, Base64UrlJson,
} from "../e2e/lib/client.mjs";

const kExample = resolve(process.env.RESOURCE_SERVER_BIN ?? "../../build/examples/resource_server/resource_server");
const kAws = {
  AWS_REGION: REGION, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_EC2_METADATA_DISABLED: "true",
};

let peer;
let sdk;
let queue;
let rampart;
let example;

before(async () => {
  peer = await startPeer();
  sdk = new SQSClient({ region: REGION, endpoint: peer.endpoint, credentials: CREDENTIALS });
  const made = await sdk.send(new CreateQueueCommand({ QueueName: `events-example-${process.pid}.fifo`,
    Attributes: { FifoQueue: "true" } }));
  queue = made.QueueUrl;
  rampart = await RampartServer.Start({ env: {
    ...kAws, RAMPART_EVENTS_QUEUE_URL: queue, RAMPART_OUTBOX_DISPATCH_INTERVAL: "50ms",
  } });
  // The issuer is rampart's default, http://<its listen address>; the JWKS is found under it.
  example = await RampartServer.Start({ binary: kExample, args: [],
    listenVariable: "RESOURCE_SERVER_LISTEN", env: {
      ...kAws, RESOURCE_SERVER_ISSUER: rampart.baseUrl, RESOURCE_SERVER_EVENTS_QUEUE_URL: queue,
      RESOURCE_SERVER_QUEUE_WAIT_TIME: "1",
    } });
});
after(async () => {
  await example?.Stop();
  await rampart?.Stop();
  sdk?.destroy();
  await peer?.stop();
});

test("answers who the bearer of a rampart access token is", async () => {
  const account = await SignedInUser(new Api(rampart.baseUrl));
  const token = account.tokens.accessToken;
  const me = ExpectJson(await new Api(example.baseUrl).Get("/whoami", { token }), 200);
  assert.equal(me.subject, account.user.id);
  assert.equal(me.kind, "user");
  assert.equal(me.sessionId, DecodeJwt(token).payload.sid);
  assert.deepEqual(me.roles, ["user"]);
  assert.deepEqual(me.permissions, DecodeJwt(token).payload.perm);
  assert.equal(me.expiresAt, DecodeJwt(token).payload.exp);

  // The administrator's token carries the permissions of the admin role.
  const admin = await Login(new Api(rampart.baseUrl), "admin@localhost", rampart.adminPassword);
  const root = ExpectJson(await new Api(example.baseUrl).Get("/whoami", { token: admin.accessToken }), 200);
  assert.deepEqual(root.roles, ["admin"]);
  assert.ok(root.permissions.includes("roles.manage"), JSON.stringify(root));
  assert.deepEqual(root.permissions, DecodeJwt(admin.accessToken).payload.perm);
});

test("refuses no token, a tampered token and another issuer's token with 401", async () => {
  const api = new Api(example.baseUrl);
  const account = await SignedInUser(new Api(rampart.baseUrl));
  const token = account.tokens.accessToken;
  ExpectUnauthorized(await api.Get("/whoami"), "/whoami");

  // More permissions, the signature kept: the signature no longer matches.
  const [header, payload, signature] = token.split(".");
  const claims = DecodeJwt(token).payload;
  const elevated = Base64UrlJson({ ...claims, perm: [...claims.perm, "roles.manage"] });
  ExpectUnauthorized(await api.Get("/whoami", { token: `${header}.${elevated}.${signature}` }), "/whoami");
  ExpectUnauthorized(await api.Get("/events/recent", { token: `${header}.${payload}.${signature.slice(0, -4)}AAAA` }),
    "/events/recent");

  // Another rampart: its own issuer and its own keys.
  const other = await RampartServer.Start();
  try {
    const stranger = await SignedInUser(new Api(other.baseUrl));
    assert.notEqual(DecodeJwt(stranger.tokens.accessToken).header.kid, DecodeJwt(token).header.kid);
    ExpectUnauthorized(await api.Get("/whoami", { token: stranger.tokens.accessToken }), "/whoami");
  } finally {
    await other.Stop();
  }
  // The legitimate token still works.
  ExpectJson(await api.Get("/whoami", { token }), 200);
  assert.ok(example.CountLines("access token rejected") >= 3, example.Tail());
});

test("reads rampart's CloudEvents from the queue: the registration and a later change", async () => {
  const account = await SignedInUser(new Api(rampart.baseUrl));
  const token = account.tokens.accessToken;
  const subject = `users/${account.user.id}`;
  const api = new Api(example.baseUrl);
  const Recent = async () => ExpectJson(await api.Get("/events/recent", { token }), 200).events;

  const registered = await Eventually("the registration event at the example", async () =>
    (await Recent()).find((e) => e.subject === subject && e.type === "rampart.user.registered"), 30_000);
  assert.equal(registered.source, rampart.baseUrl);
  assert.match(registered.id, /^[0-9a-f-]{36}$/);

  ExpectJson(await new Api(rampart.baseUrl).Patch("/api/v1/users/me", { displayName: "Grace Hopper" },
    { token }), 200);
  const updated = await Eventually("the update event at the example", async () =>
    (await Recent()).find((e) => e.subject === subject && e.type === "rampart.user.updated"), 30_000);
  assert.notEqual(updated.id, registered.id);
  const events = await Recent();
  assert.equal(events.filter((e) => e.id === registered.id).length, 1);
  // Newest first.
  assert.ok(events.findIndex((e) => e.id === updated.id) < events.findIndex((e) => e.id === registered.id));
  assert.ok(example.CountLines('"type":"rampart.user.updated"') >= 1, example.Tail());

  // Handled events are deleted: nothing is left on the queue, visible or in flight.
  await Eventually("the queue drained", async () => {
    const { Attributes } = await sdk.send(new GetQueueAttributesCommand({ QueueUrl: queue,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
    return Attributes.ApproximateNumberOfMessages === "0" && Attributes.ApproximateNumberOfMessagesNotVisible === "0";
  }, 30_000);
});
