// The login row with the second step: <count> accounts with TOTP two-factor sign-in each sign in
// once (POST /api/v1/auth/login answers a challenge, POST /api/v1/auth/login/mfa completes it with
// the authenticator's code), <connections> sign-ins in flight; the server's CPU time is read from
// /proc around the measured sign-ins only (registration and enrolment are preparation).
//
//   node bench/login_totp.mjs --base-url http://127.0.0.1:PORT --pid PID [--count 48] [--connections 8]
//                             [--mode totp|password]
//
// With --mode password, one account without TOTP signs in <count> times with its password only
// (the password step alone, measured the same way: every sign-in answered inside the window, none
// in flight at either end, unlike a load generator stopped mid-run).
//
// Prints one line: BENCH_TOTP logins=N failures=F seconds=S cpu_us=C. Each account signs in
// once: a code is accepted once per 30-s step (RFC 6238 §5.2), so a load generator cannot replay
// one account's code the way wrk replays the password step. Node's crypto computes the codes
// (RFC 6238: HMAC-SHA-1, 6 digits, 30 s), independent of rampart's implementation.
import { createHmac, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    pid: { type: 'string' },
    count: { type: 'string', default: '48' },
    connections: { type: 'string', default: '8' },
    mode: { type: 'string', default: 'totp' },
  },
});
const base_url = options['base-url'];
const pid = Number(options.pid);
const count = Number(options.count);
const connections = Number(options.connections);
const mode = options.mode;
if (!base_url || !Number.isInteger(pid) || !(count > 0) || !(connections > 0) ||
    !['totp', 'password'].includes(mode)) {
  console.error('login_totp.mjs: --base-url URL --pid PID [--count N] [--connections N] [--mode totp|password]');
  process.exit(2);
}

function Base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '')) {
    const index = alphabet.indexOf(c);
    if (index < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// The RFC 6238 code of `secret` for the 30-s step `step`.
function Code(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(number % 1_000_000).padStart(6, '0');
}
const StepNow = () => Math.floor(Date.now() / 30_000);

async function Post(path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(base_url + path, {
    method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function Expect(result, status, what) {
  if (result.status !== status) {
    throw new Error(`${what} answered ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`);
  }
  return result.body;
}

// Registers, signs in and enrols one account; the confirmation uses the previous step's code so
// that the current and the next ones stay free for the measured sign-in.
async function Prepare(index) {
  const email = `bench.totp.${index}.${randomBytes(4).toString('hex')}@example.com`;
  const password = `S3-${randomBytes(12).toString('hex')}`;
  Expect(await Post('/api/v1/auth/register', { email, password, displayName: `Bench TOTP ${index}` }),
    201, 'register');
  const tokens = Expect(await Post('/api/v1/auth/login', { email, password }), 200, 'login');
  const started = Expect(await Post('/api/v1/users/me/mfa/totp', undefined, tokens.accessToken),
    200, 'enrol');
  const secret = Base32Decode(started.secret);
  const step = StepNow();
  Expect(await Post('/api/v1/users/me/mfa/totp/confirm', { code: Code(secret, step - 1) },
    tokens.accessToken), 200, 'confirm');
  return { email, password, secret, confirmed_step: step - 1 };
}

// One account without a second factor, for --mode password.
async function PreparePasswordOnly() {
  const email = `bench.password.${randomBytes(4).toString('hex')}@example.com`;
  const password = `S4-${randomBytes(12).toString('hex')}`;
  Expect(await Post('/api/v1/auth/register', { email, password, displayName: 'Bench Password' }),
    201, 'register');
  return { email, password };
}

// The password step of one sign-in without a second factor; true when it answered tokens.
async function PasswordSignIn(account) {
  const result = await Post('/api/v1/auth/login', { email: account.email, password: account.password });
  return result.status === 200 && typeof result.body?.accessToken === 'string';
}

// Both steps of one sign-in; true when the second answered the token pair.
async function SignIn(account) {
  const first = Expect(await Post('/api/v1/auth/login',
    { email: account.email, password: account.password }), 200, 'login (password step)');
  if (!first.mfaRequired) throw new Error('the password step answered tokens: TOTP is not on');
  // The current step's code, or the next one's when the confirmation used the current step.
  const step = Math.max(StepNow(), account.confirmed_step + 1);
  const second = await Post('/api/v1/auth/login/mfa', { challenge: first.challenge, code: Code(account.secret, step) });
  return second.status === 200 && typeof second.body?.accessToken === 'string';
}

async function Pool(items, worker) {
  const results = [];
  let next = 0;
  async function Run() {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(connections, items.length) }, Run));
  return results;
}

// The server's CPU time in µs, to the nanosecond: the sum over its threads of the time they ran
// (/proc/<pid>/task/<tid>/schedstat, first field, ns), where /proc/<pid>/stat counts 10-ms
// ticks (±1 tick at each end of a window of a few hundred ms is several per cent). The server's
// threads live as long as it does, so none leaves the sum between two readings.
function CpuMicros() {
  let ns = 0n;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += BigInt(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  return Number(ns / 1000n);
}

let accounts;
if (mode === 'totp') {
  accounts = await Pool(Array.from({ length: count }, (_, i) => i), (_, i) => Prepare(i));
} else {
  const account = await PreparePasswordOnly();
  accounts = Array.from({ length: count }, () => account);
}
const cpu_before = CpuMicros();
const started = process.hrtime.bigint();
const outcomes = await Pool(accounts, mode === 'totp' ? SignIn : PasswordSignIn);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu_us = CpuMicros() - cpu_before;
const failures = outcomes.filter((ok) => !ok).length;
console.log(`BENCH_TOTP logins=${count} failures=${failures} seconds=${seconds.toFixed(3)} cpu_us=${cpu_us}`);
process.exit(failures === 0 ? 0 : 1);
