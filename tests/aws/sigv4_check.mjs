// What the AWS test peers share: the test credentials and region, and the check of a request's
// SigV4 signature with the AWS SDK's own signer (@smithy/signature-v4).
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";

export const CREDENTIALS = { accessKeyId: "AKIDRAMPARTTEST", secretAccessKey: "rampart-test-secret" };
export const REGION = "us-east-1";

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
