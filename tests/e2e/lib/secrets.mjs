// rampart:begin(iam)
// The secret-leak check of the whole e2e suite: every password, access token, refresh token,
// client secret, API key (a member named `key`) and one-time (verification/reset) token the
// rampart:else
// // The secret-leak check of the whole e2e suite: every password, access token and secret the
// rampart:end
// tests send or receive is recorded here (lib/client.mjs records requests and responses,
// lib/server.mjs the passwords and tokens it configures), and when a test file's process exits,
// every line any rampart process it started printed (stdout and stderr, the logs included) is
// searched for them. A hit fails that test file: the exit code becomes 1 and the leak is
// described without repeating the secret.
// rampart:begin(iam)
//
// The one deliberate exception is the documented announcement of a *generated* administrator
// password on the first start (README: "generated and printed once").
// rampart:end

// Shorter strings (validation probes such as "short") are not secrets worth the false alarms.
const kMinSecretLength = 12;
// JSON members whose string values (or arrays of strings) are secrets, in requests and
// rampart:begin(iam)
// responses: two-factor sign-in's challenges, recovery codes and otpauth URIs among them.
const kSecretMember = /(password|token|secret|challenge|recoveryCodes?|otpauthUri|^key)$/i;
// rampart:else
// // responses.
// const kSecretMember = /(password|token|secret|^key)$/i;
// rampart:end
const kAnnouncement = /Generated password for \S+: /;  // rampart:only(iam)

const secrets = new Map();  // value → kind
const sources = [];         // {name, lines: () => string[]}

/// Remembers `value` as a secret of `kind` ("access token", "password", ...).
export function RecordSecret(kind, value) {
  if (typeof value !== 'string' || value.length < kMinSecretLength) return;
  if (!secrets.has(value)) secrets.set(value, kind);
}

/// Records the secret members of a JSON value (objects and arrays, at any depth: iterative, so
/// that the hostile-input tests' documents nested 100,000 deep do not overflow the stack).
export function RecordSecretsIn(value, where) {
  const pending = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (next && typeof next === 'object') {
      for (const [key, member] of Object.entries(next)) {
        if (typeof member === 'string' && kSecretMember.test(key)) RecordSecret(`${key} (${where})`, member);
        else if (Array.isArray(member) && kSecretMember.test(key)) {
          for (const item of member) RecordSecret(`${key} (${where})`, item);
        } else pending.push(member);
      }
    }
  }
}

/// Records the credential of an Authorization header value.
export function RecordAuthorization(header) {
  if (typeof header !== 'string') return;
  const match = /^\s*\S+\s+(\S+)\s*$/.exec(header);
  RecordSecret('authorization credential (request)', match ? match[1] : header.trim());
}

/// Records the secrets of a process environment: *_PASSWORD, *_TOKEN, *_SECRET values (not a
/// Secrets Manager reference `aws-sm:<secret>`: it names a secret, rampart may print it).
export function RecordEnvironmentSecrets(env) {
  for (const [key, value] of Object.entries(env ?? {})) {
    if (/(PASSWORD|TOKEN|SECRET|SECRET_ACCESS_KEY|ENCRYPTION_KEY)$/.test(key) && value !== null && value !== undefined &&
        !String(value).startsWith('aws-sm:')) {
      RecordSecret(`environment ${key}`, String(value));
    }
  }
}

/// Adds output to search at exit: `lines()` returns every line captured so far.
export function WatchOutput(name, lines) {
  sources.push({ name, lines });
}

export function RecordedSecrets() {
  return new Map(secrets);
}

/// Every occurrence of a secret in the sources: [{source, line, kind, excerpt}], the excerpt with
/// the secret replaced by «kind».
export function FindLeaks(secret_map = secrets, source_list = sources) {
  const leaks = [];
  for (const source of source_list) {
    const lines = source.lines();
    lines.forEach((text, index) => {
      if (kAnnouncement.test(text)) return;  // rampart:only(iam)
      for (const [value, kind] of secret_map) {
        if (!text.includes(value)) continue;
        const at = text.indexOf(value);
        const excerpt = `${text.slice(Math.max(0, at - 80), at)}«${kind}»${text.slice(at + value.length, at + value.length + 80)}`;
        leaks.push({ source: source.name, line: index + 1, kind, excerpt: excerpt.split(value).join(`«${kind}»`) });
      }
    });
  }
  return leaks;
}

/// Prints the leaks (if any) and fails the process. Returns the number found.
export function CheckForLeaks() {
  const leaks = FindLeaks();
  if (leaks.length === 0) return 0;
  const report = [`SECRET LEAK: ${leaks.length} secret occurrence(s) in rampart's output (${secrets.size} secrets recorded):`];
  for (const leak of leaks.slice(0, 20)) report.push(`  ${leak.source} line ${leak.line}: ${leak.kind}: ${leak.excerpt}`);
  process.stderr.write(`${report.join('\n')}\n`);
  process.exitCode = 1;
  return leaks.length;
}

// The check runs after every test of the file, once all servers stopped (or were killed by
// lib/server.mjs's own exit handler: their output up to then is searched).
process.on('exit', () => {
  CheckForLeaks();
});
