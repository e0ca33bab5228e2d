// A deployment's first visit, as `make deploy` leaves one: no admin-token secret, no JWT secret,
// and the setup code's digest among the static assets (what scripts/setup-link writes). The
// sign-in page says to open the setup link; the link's page makes an admin token, the owner
// keeps it and lands in the console signed in; the link is dead after, and the token signs in.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useBrowser } from '../support/browser.mjs';
import { Console } from '../support/console.mjs';
import { root } from '../support/servers.mjs';
import { startWrangler } from '../support/wrangler.mjs';

const CODE = 'Jq3vX0b2kL9mN8pR7sT6uV5wY4zA1cDe';

describe('first visit', () => {
  const browser = useBrowser();
  let server;
  let assets;
  before(async () => {
    // The built assets, with what a deploy's build adds.
    assets = mkdtempSync(join(tmpdir(), 'porthole-first-visit-'));
    cpSync(join(root, 'dist'), assets, { recursive: true });
    mkdirSync(join(assets, 'api'), { recursive: true });
    writeFileSync(join(assets, 'api/setup.sha256'), createHash('sha256').update(CODE).digest('hex'));
    server = await startWrangler({}, { assets });
  });
  after(async () => {
    await server?.stop();
    rmSync(assets, { recursive: true, force: true });
  });

  it('the owner opens the setup link, keeps the token, and is signed in', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    const login = await Console.open(context, '/console/login', server.url);
    await login.testId('setup-needed').waitFor();
    await login.screenshots('first-visit-login');

    const c = await Console.open(context, `/console/setup#${CODE}`, server.url);
    const field = c.testId('setup-token');
    await field.waitFor();
    const token = await field.inputValue();
    assert.match(token, /^[0-9a-f]{64}$/, 'a token made at random');
    assert.ok(await c.testId('setup-finish').isDisabled(), 'not before the owner says they kept it');
    await c.screenshots('first-visit-setup');
    await c.testId('setup-kept').check();
    await c.testId('setup-finish').click();
    await c.testId('signed-in-as').waitFor();
    assert.deepEqual(c.errors, []);

    // The link is dead now; the token is the owner's.
    const again = await fetch(`${server.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: CODE, admin_token: 'x'.repeat(40) }),
    });
    assert.equal(again.status, 409);
    const other = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    const later = await Console.open(other, '/console/login', server.url);
    await later.signInAsOwner(token);
    assert.equal(await later.testId('setup-needed').count(), 0);
  });
});
