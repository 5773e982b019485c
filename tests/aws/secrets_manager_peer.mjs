// A Secrets Manager peer for the tests, on a free loopback port: CreateSecret, GetSecretValue,
// PutSecretValue and DescribeSecret over the real JSON 1.1 protocol (POST /, X-Amz-Target
// `secretsmanager.<Operation>`, application/x-amz-json-1.1), every request's SigV4 signature
// checked with the AWS SDK's own signer (@smithy/signature-v4, sigv4_check.mjs) and a
// wrong one refused with 403 InvalidSignatureException. Secrets live in memory, with version
// stages: PutSecretValue labels the new version AWSCURRENT (the old one AWSPREVIOUS) unless it
// names other stages (AWSPENDING, as a rotation function's createSecret does); its
// ClientRequestToken becomes the VersionId, and a repeated token is idempotent (the same value)
// or refused (another value: ResourceExistsException).
//
// In the same process (`startSecretsPeer()`) a test can make GetSecretValue fail (`failing`)
// and count the calls (`calls`).
import http from "node:http";
import { randomUUID } from "node:crypto";
import { expectedAuthorization, CREDENTIALS, REGION } from "./sigv4_check.mjs";

export { CREDENTIALS, REGION };
const accepted = new Map([[CREDENTIALS.accessKeyId, CREDENTIALS.secretAccessKey]]);

function answer(response, status, body) {
  response.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
  response.end(JSON.stringify(body));
}

function error(response, status, type, message) {
  answer(response, status, { __type: type, Message: message });
}

export async function startSecretsPeer({ secretFor = (key) => accepted.get(key) } = {}) {
  const secrets = new Map();  // name → {arn, name, versions: Map(id → {string, stages:Set})}
  const peer = { calls: { GetSecretValue: 0, PutSecretValue: 0, CreateSecret: 0, DescribeSecret: 0 },
    refused: 0, failing: false };

  const find = (id) => {
    for (const secret of secrets.values()) if (secret.name === id || secret.arn === id) return secret;
    return undefined;
  };
  // Moves each stage label onto versionId; the version that loses AWSCURRENT becomes
  // AWSPREVIOUS (and only it), as Secrets Manager does.
  const label = (secret, versionId, stages) => {
    for (const stage of stages) {
      for (const [id, version] of secret.versions) {
        if (id === versionId || !version.stages.delete(stage) || stage !== "AWSCURRENT") continue;
        for (const other of secret.versions.values()) other.stages.delete("AWSPREVIOUS");
        version.stages.add("AWSPREVIOUS");
      }
      secret.versions.get(versionId).stages.add(stage);
    }
  };

  const operations = {
    CreateSecret(input) {
      if (!input.Name) return [400, { __type: "InvalidParameterException", Message: "Name is required" }];
      if (find(input.Name)) return [400, { __type: "ResourceExistsException", Message: `The secret ${input.Name} already exists.` }];
      const arn = `arn:aws:secretsmanager:${REGION}:000000000000:secret:${input.Name}-${randomUUID().slice(0, 6)}`;
      const secret = { arn, name: input.Name, versions: new Map() };
      secrets.set(input.Name, secret);
      const versionId = input.ClientRequestToken ?? randomUUID();
      if (input.SecretString !== undefined) {
        secret.versions.set(versionId, { string: input.SecretString, stages: new Set() });
        label(secret, versionId, ["AWSCURRENT"]);
      }
      return [200, { ARN: arn, Name: input.Name, VersionId: versionId }];
    },
    PutSecretValue(input) {
      const secret = find(input.SecretId);
      if (!secret) return [400, { __type: "ResourceNotFoundException", Message: "Secrets Manager can't find the specified secret." }];
      if (typeof input.SecretString !== "string") return [400, { __type: "InvalidParameterException", Message: "SecretString is required" }];
      const versionId = input.ClientRequestToken ?? randomUUID();
      // A token names one version for good: the same request again (a retry) changes nothing,
      // other content under it is refused, as Secrets Manager does.
      const existing = secret.versions.get(versionId);
      if (existing) {
        if (existing.string !== input.SecretString) {
          return [400, { __type: "ResourceExistsException", Message: `A resource with the ID you requested already exists.` }];
        }
        return [200, { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: [...existing.stages] }];
      }
      secret.versions.set(versionId, { string: input.SecretString, stages: new Set() });
      const stages = input.VersionStages ?? ["AWSCURRENT"];
      label(secret, versionId, stages);
      return [200, { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: stages }];
    },
    GetSecretValue(input) {
      if (peer.failing) return [500, { __type: "InternalServiceError", Message: "the peer was told to fail" }];
      const secret = find(input.SecretId);
      if (!secret) return [400, { __type: "ResourceNotFoundException", Message: "Secrets Manager can't find the specified secret." }];
      const stage = input.VersionStage ?? "AWSCURRENT";
      for (const [id, version] of secret.versions) {
        if (input.VersionId ? id !== input.VersionId : !version.stages.has(stage)) continue;
        return [200, { ARN: secret.arn, Name: secret.name, VersionId: id, SecretString: version.string,
          VersionStages: [...version.stages], CreatedDate: Date.now() / 1000 }];
      }
      return [400, { __type: "ResourceNotFoundException", Message: `Secrets Manager can't find the specified secret value for staging label: ${stage}` }];
    },
    DescribeSecret(input) {
      const secret = find(input.SecretId);
      if (!secret) return [400, { __type: "ResourceNotFoundException", Message: "Secrets Manager can't find the specified secret." }];
      const stages = {};
      for (const [id, version] of secret.versions) stages[id] = [...version.stages];
      return [200, { ARN: secret.arn, Name: secret.name, VersionIdsToStages: stages }];
    },
  };

  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const check = await expectedAuthorization(request, body, secretFor);
      if (check.error || check.expected !== check.actual) {
        peer.refused++;
        return error(response, 403, check.error ?? "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided.");
      }
      if (!check.actual.includes(`/${REGION}/secretsmanager/aws4_request`)) {
        peer.refused++;
        return error(response, 403, "InvalidSignatureException", "Credential should be scoped to secretsmanager");
      }
      const target = request.headers["x-amz-target"] ?? "";
      const operation = target.startsWith("secretsmanager.") ? target.slice("secretsmanager.".length) : "";
      if (request.method !== "POST" || request.url !== "/" ||
          request.headers["content-type"] !== "application/x-amz-json-1.1" || !operations[operation]) {
        return error(response, 400, "UnknownOperationException", `unknown operation ${target}`);
      }
      let input;
      try {
        input = JSON.parse(body || "{}");
      } catch {
        return error(response, 400, "SerializationException", "the body is not JSON");
      }
      peer.calls[operation]++;
      const [status, output] = operations[operation](input);
      answer(response, status, output);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  peer.endpoint = `http://127.0.0.1:${server.address().port}`;
  peer.stop = async () => {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  };
  return peer;
}
