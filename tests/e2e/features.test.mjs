// Feature flags over HTTP (docs/configuration.md#feature-flags): GET /api/v1/features and its
// access rule, each flag's effect (registration.open, auth.password_reset, docs.ui), a change in  // rampart:only(iam)
// rampart:begin(iam)
// rampart:else
// // access rule, the effect of docs.ui (the one flag of a service without identity), a change in
// rampart:end
// a configuration file picked up on SIGHUP and by polling without a restart, and the
// `feature.changed` audit event of each change.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

// rampart:begin(iam)
import { AdminToken, Api, ExpectJson, ExpectProblem, Login, SignedInPrincipal, UniqueEmail, UniquePassword } from './lib/client.mjs';
// rampart:else
// import { AdminToken, Api, ExpectJson, ExpectProblem, SignedInPrincipal } from './lib/client.mjs';
// rampart:end
import { Eventually, MakeTempDir, RampartServer } from './lib/server.mjs';

const kFeatures = '/api/v1/features';
// rampart:begin(iam)
const kRegister = '/api/v1/auth/register';

const NewAccount = () => ({ email: UniqueEmail('flags'), password: UniquePassword(), displayName: 'Flag' });
// rampart:end

function Flag(listing, name) {
  const flag = listing.items.find((item) => item.name === name);
  assert.ok(flag, `${name} not in ${JSON.stringify(listing)}`);
  return flag;
}

describe('GET /api/v1/features', () => {
  let server;
  let api;
  let admin;
  before(async () => {
    server = await RampartServer.Start({ env: { RAMPART_FEATURES_AUTH_PASSWORD_RESET: 'false' } });  // rampart:only(iam)
    // rampart:begin(iam)
    // rampart:else
    // server = await RampartServer.Start({ env: { RAMPART_FEATURES_DOCS_UI: 'false' } });
    // rampart:end
    api = new Api(server.baseUrl);
    admin = await AdminToken(server);
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('needs system.read: 401 without a token, 403 for a user, 200 for an administrator', async () => {
    ExpectProblem(await api.Get(kFeatures), { status: 401, type: '/problems/unauthorized', instance: kFeatures });
    const user = await SignedInPrincipal(server);
    ExpectProblem(await api.Get(kFeatures, { token: user.token }), { status: 403, type: '/problems/forbidden', instance: kFeatures });
    const listing = ExpectJson(await api.Get(kFeatures, { token: admin }), 200);
    assert.deepEqual(Object.keys(listing), ['items']);
    for (const item of listing.items) {
      assert.deepEqual(Object.keys(item).sort(), ['description', 'name', 'source', 'type', 'value']);
      assert.equal(item.type, 'boolean');
      assert.equal(typeof item.value, 'boolean');
      assert.ok(item.description.length > 20, item.description);
    }
    assert.deepEqual(listing.items.map((item) => item.name), ['registration.open', 'auth.password_reset', 'docs.ui']);  // rampart:only(iam)
    // rampart:begin(iam)
    // rampart:else
    // assert.deepEqual(listing.items.map((item) => item.name), ['docs.ui']);
    // rampart:end
  });

  it('says where each value came from', async () => {
    const listing = ExpectJson(await api.Get(kFeatures, { token: admin }), 200);
    // rampart:begin(iam)
    assert.deepEqual(Flag(listing, 'registration.open'), {
      ...Flag(listing, 'registration.open'), value: true, source: 'default' });
    assert.equal(Flag(listing, 'auth.password_reset').value, false);
    assert.equal(Flag(listing, 'auth.password_reset').source, 'RAMPART_FEATURES_AUTH_PASSWORD_RESET');
    assert.equal(Flag(listing, 'docs.ui').value, false);
    // rampart:else
    // assert.equal(Flag(listing, 'docs.ui').value, false);
    // assert.equal(Flag(listing, 'docs.ui').source, 'RAMPART_FEATURES_DOCS_UI');
    // rampart:end
  });

  // rampart:begin(iam)
  it('auth.password_reset off: forgot-password and reset-password answer 403', async () => {
    for (const [path, body] of [
      ['/api/v1/auth/forgot-password', { email: 'admin@localhost' }],
      ['/api/v1/auth/reset-password', { token: 'x'.repeat(43), newPassword: UniquePassword() }],
    ]) {
      const problem = ExpectProblem(await api.Post(path, body), { status: 403, type: '/problems/forbidden', instance: path });
      assert.match(problem.detail, /Password reset is turned off/);
    }
  });
  // rampart:end
});

// rampart:begin(iam)
describe('registration.open = false', () => {
  let server;
  before(async () => {
    server = await RampartServer.Start({ env: { RAMPART_FEATURES_REGISTRATION_OPEN: 'false' } });
  });
  after(async () => {
    if (server) await server.Stop();
  });

  it('closes self-registration with 403, whatever the body; administrators still create accounts', async () => {
    const api = new Api(server.baseUrl);
    for (const body of [NewAccount(), {}, { email: 'not an address' }]) {
      const problem = ExpectProblem(await api.Post(kRegister, body), { status: 403, type: '/problems/forbidden', instance: kRegister });
      assert.equal(problem.detail, 'Self-registration is closed on this service; ask an administrator for an account.');
    }
    const admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
    const account = NewAccount();
    ExpectJson(await api.Post('/api/v1/users', account, { token: admin }), 201);
    await Login(api, account.email, account.password);
  });
});

describe('a change in the configuration file, without a restart', () => {
  let server;
  let api;
  let admin;
  let config_dir;
  const WriteFlags = (lines) => writeFileSync(join(config_dir, 'rampart.toml'), `[features]\n${lines.join('\n')}\n`);

  before(async () => {
    config_dir = MakeTempDir('rampart-e2e-flags-');
    WriteFlags(['registration.open = true']);
    server = await RampartServer.Start({
      args: ['serve', '--config-dir', config_dir],
      env: { RAMPART_RELOAD_INTERVAL: 'off' },
    });
    api = new Api(server.baseUrl);
    admin = (await Login(api, 'admin@localhost', server.adminPassword)).accessToken;
  });
  after(async () => {
    if (server) await server.Stop();
  });

  const Changed = (count) =>
    Eventually(`${count} feature flag changes`, () => server.CountLines('"feature flag changed"') >= count);

  async function ChangeEvents() {
    const page = ExpectJson(await api.Get('/api/v1/audit-events?action=feature.changed', { token: admin }), 200);
    return page.items;
  }

  it('takes effect on SIGHUP, is listed with its file, and is audited once', async () => {
    ExpectJson(await api.Post(kRegister, NewAccount()), 201);
    WriteFlags(['registration.open = false', '"docs.ui" = true']);
    // Polling is off: nothing changes until the process is told.
    ExpectJson(await api.Post(kRegister, NewAccount()), 201);
    server.child.kill('SIGHUP');
    await Changed(2);

    ExpectProblem(await api.Post(kRegister, NewAccount()), { status: 403, type: '/problems/forbidden', instance: kRegister });
    const docs = await api.Get('/docs', { headers: { accept: 'text/html' } });
    assert.equal(docs.status, 200, docs.Describe());
    const listing = ExpectJson(await api.Get(kFeatures, { token: admin }), 200);
    assert.equal(Flag(listing, 'registration.open').value, false);
    assert.equal(Flag(listing, 'registration.open').source, `${join(config_dir, 'rampart.toml')}:2`);
    assert.equal(Flag(listing, 'docs.ui').source, `${join(config_dir, 'rampart.toml')}:3`);

    const events = await ChangeEvents();
    assert.deepEqual(events.map((event) => event.targetId).sort(), ['docs.ui', 'registration.open']);
    const registration = events.find((event) => event.targetId === 'registration.open');
    assert.equal(registration.targetType, 'feature');
    assert.equal(registration.actorId, null);
    assert.deepEqual(registration.details, { from: true, to: false, source: `${join(config_dir, 'rampart.toml')}:2` });

    // A reload that changes docs.ui only records docs.ui: registration.open kept its value.
    WriteFlags(['registration.open = false']);
    server.child.kill('SIGHUP');
    await Changed(3);
    ExpectProblem(await api.Get('/docs', { headers: { accept: 'text/html' } }), { status: 404, type: '/problems/not-found', instance: '/docs' });
    ExpectProblem(await api.Post(kRegister, NewAccount()), { status: 403, type: '/problems/forbidden', instance: kRegister });
    const after_events = await ChangeEvents();
    assert.equal(after_events.length, 3);
    assert.equal(after_events.filter((event) => event.targetId === 'registration.open').length, 1);
  });

  it('keeps the flags when the file is broken, and says so once', async () => {
    writeFileSync(join(config_dir, 'rampart.toml'), '[features]\nregistration.open = "perhaps"\n');
    server.child.kill('SIGHUP');
    const line = await server.WaitForLine((text) => text.includes('feature flags could not be read again'));
    assert.match(line, /features\.registration\.open/);
    ExpectProblem(await api.Post(kRegister, NewAccount()), { status: 403, type: '/problems/forbidden', instance: kRegister });
  });
});

describe('polling (reload.interval)', () => {
  it('picks a change up within the interval', async () => {
    const config_dir = MakeTempDir('rampart-e2e-flags-poll-');
    writeFileSync(join(config_dir, 'rampart.toml'), '[features]\nregistration.open = false\n');
    const server = await RampartServer.Start({
      args: ['serve', '--config-dir', config_dir],
      env: { RAMPART_RELOAD_INTERVAL: '300ms' },
    });
    try {
      const api = new Api(server.baseUrl);
      ExpectProblem(await api.Post(kRegister, NewAccount()), { status: 403, type: '/problems/forbidden', instance: kRegister });
      writeFileSync(join(config_dir, 'rampart.toml'), '[features]\nregistration.open = true\n');
      await server.WaitForLine((text) => text.includes('"feature flag changed"'), 5000);
      ExpectJson(await api.Post(kRegister, NewAccount()), 201);
    } finally {
      await server.Stop();
    }
  });
});
// rampart:else
// describe('a change in the configuration file, without a restart', () => {
//   let server;
//   let api;
//   let admin;
//   let config_dir;
//   const WriteFlags = (lines) => writeFileSync(join(config_dir, 'rampart.toml'), `[features]\n${lines.join('\n')}\n`);
//   const Docs = () => api.Get('/docs', { headers: { accept: 'text/html' } });
//
//   before(async () => {
//     config_dir = MakeTempDir('rampart-e2e-flags-');
//     WriteFlags(['"docs.ui" = false']);
//     server = await RampartServer.Start({
//       args: ['serve', '--config-dir', config_dir],
//       env: { RAMPART_RELOAD_INTERVAL: 'off' },
//     });
//     api = new Api(server.baseUrl);
//     admin = await AdminToken(server);
//   });
//   after(async () => {
//     if (server) await server.Stop();
//   });
//
//   const Changed = (count) =>
//     Eventually(`${count} feature flag changes`, () => server.CountLines('"feature flag changed"') >= count);
//
//   async function ChangeEvents() {
//     const page = ExpectJson(await api.Get('/api/v1/audit-events?action=feature.changed', { token: admin }), 200);
//     return page.items;
//   }
//
//   it('takes effect on SIGHUP, is listed with its file, and is audited once', async () => {
//     ExpectProblem(await Docs(), { status: 404, type: '/problems/not-found', instance: '/docs' });
//     WriteFlags(['', '"docs.ui" = true']);
//     // Polling is off: nothing changes until the process is told.
//     ExpectProblem(await Docs(), { status: 404, type: '/problems/not-found', instance: '/docs' });
//     server.child.kill('SIGHUP');
//     await Changed(1);
//
//     const docs = await Docs();
//     assert.equal(docs.status, 200, docs.Describe());
//     const listing = ExpectJson(await api.Get(kFeatures, { token: admin }), 200);
//     assert.equal(Flag(listing, 'docs.ui').value, true);
//     assert.equal(Flag(listing, 'docs.ui').source, `${join(config_dir, 'rampart.toml')}:3`);
//
//     const events = await ChangeEvents();
//     assert.deepEqual(events.map((event) => event.targetId), ['docs.ui']);
//     assert.equal(events[0].targetType, 'feature');
//     assert.equal(events[0].actorId, null);
//     assert.deepEqual(events[0].details, { from: false, to: true, source: `${join(config_dir, 'rampart.toml')}:3` });
//
//     // A reload that changes nothing records nothing.
//     server.child.kill('SIGHUP');
//     WriteFlags(['"docs.ui" = false']);
//     server.child.kill('SIGHUP');
//     await Changed(2);
//     ExpectProblem(await Docs(), { status: 404, type: '/problems/not-found', instance: '/docs' });
//     assert.equal((await ChangeEvents()).length, 2);
//   });
//
//   it('keeps the flags when the file is broken, and says so once', async () => {
//     writeFileSync(join(config_dir, 'rampart.toml'), '[features]\n"docs.ui" = "perhaps"\n');
//     server.child.kill('SIGHUP');
//     const line = await server.WaitForLine((text) => text.includes('feature flags could not be read again'));
//     assert.match(line, /features\.docs\.ui/);
//     ExpectProblem(await Docs(), { status: 404, type: '/problems/not-found', instance: '/docs' });
//   });
// });
//
// describe('polling (reload.interval)', () => {
//   it('picks a change up within the interval', async () => {
//     const config_dir = MakeTempDir('rampart-e2e-flags-poll-');
//     writeFileSync(join(config_dir, 'rampart.toml'), '[features]\n"docs.ui" = false\n');
//     const server = await RampartServer.Start({
//       args: ['serve', '--config-dir', config_dir],
//       env: { RAMPART_RELOAD_INTERVAL: '300ms' },
//     });
//     try {
//       const api = new Api(server.baseUrl);
//       const Docs = () => api.Get('/docs', { headers: { accept: 'text/html' } });
//       ExpectProblem(await Docs(), { status: 404, type: '/problems/not-found', instance: '/docs' });
//       writeFileSync(join(config_dir, 'rampart.toml'), '[features]\n"docs.ui" = true\n');
//       await server.WaitForLine((text) => text.includes('"feature flag changed"'), 5000);
//       assert.equal((await Docs()).status, 200);
//     } finally {
//       await server.Stop();
//     }
//   });
// });
// rampart:end
