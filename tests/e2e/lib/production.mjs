// The environment of a production server that is allowed to start: every production refusal
// satisfied (docs/operations.md#production-refusals), a provisioned P-256 signing key readable  // rampart:only(iam)
// by its owner only.  // rampart:only(iam)
// rampart:begin(iam)
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { MakeTempDir } from './server.mjs';
// rampart:else
// // satisfied (docs/operations.md#production-refusals), an https issuer.
// import { randomBytes } from 'node:crypto';
// rampart:end

/// Variables for `RAMPART_ENV=production`; `overrides` replace or (null) unset some.
export function ProductionEnv(overrides = {}) {
  // rampart:begin(iam)
  const dir = MakeTempDir('rampart-e2e-prod-');
  const key_file = join(dir, 'signing-key.pem');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(key_file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  // rampart:end
  return {
    RAMPART_ENV: 'production',
    // SQLite, which production refuses unless told (the suite runs on it too).  // rampart:only(sqlite)
    RAMPART_DATABASE_ALLOW_SQLITE_IN_PRODUCTION: 'true',  // rampart:only(sqlite)
    RAMPART_JWT_ISSUER: 'https://id.example.com',
    RAMPART_JWT_KEY_FILE: key_file,  // rampart:only(iam)
    RAMPART_BEHIND_TLS: 'true',
    RAMPART_METRICS_ACCESS: 'token',
    RAMPART_METRICS_TOKEN: `metrics-${randomBytes(12).toString('hex')}`,
    // No relay in these tests: the mail stays in the pickup directory, which production allows
    // only when told (docs/operations.md#production-refusals).
    RAMPART_SMTP_ALLOW_PICKUP_IN_PRODUCTION: 'true',
    // rampart:begin(iam)
    // The key of two-factor secrets, which production never generates.
    RAMPART_MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // rampart:end
    ...overrides,
  };
}
