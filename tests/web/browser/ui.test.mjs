// Browser test of the dchat web page. Two people in separate browser
// contexts register, meet in a room, and see each other's messages and
// typing live. The page survives a dropped connection and a reload, and is
// captured at desktop and phone sizes.
//
// Run through run_browser_test.sh, which sets DCHAT_WEB_STACK (the program
// that starts the servers), DCHAT_CHROMIUM and DCHAT_SCREENSHOT_DIR.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const STACK = process.env.DCHAT_WEB_STACK;
const CHROMIUM = process.env.DCHAT_CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = process.env.DCHAT_SCREENSHOT_DIR || '';
const PASSWORD = 'correct horse battery';
const suffix = `${process.pid % 100000}${Date.now() % 1000}`;

let stack;
let baseUrl;
let browser;
// Dialogs and script errors of any page; the tests expect none.
const pageProblems = [];

// Starts the servers and resolves with dchat-ui's URL from the first line
// the stack program writes.
function startStack() {
  return new Promise((resolve, reject) => {
    assert.ok(STACK, 'DCHAT_WEB_STACK must name the dchat_web_stack program');
    stack = spawn(STACK, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    stack.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const match = output.match(/^ui (http:\/\/\S+)$/m);
      if (match) resolve(match[1]);
    });
    stack.on('exit', (code) => reject(new Error(`the stack exited with code ${code}`)));
  });
}

before(async () => {
  baseUrl = await startStack();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (stack) {
    stack.stdin.end();
    stack.kill('SIGTERM');
  }
});

// A browser context that may only load pages of the local server.
async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith(baseUrl)) return route.continue();
    return route.abort();
  });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    pageProblems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  return page;
}

async function register(page, username) {
  await page.goto(`${baseUrl}/`);
  await page.locator('#auth-username').fill(username);
  await page.locator('#auth-password').fill(PASSWORD);
  await page.locator('#register-button').click();
  await page.locator('#chat-view').waitFor({ state: 'visible' });
  await assertText(page.locator('#me'), username);
}

async function signIn(page, username) {
  await page.goto(`${baseUrl}/`);
  await page.locator('#auth-username').fill(username);
  await page.locator('#auth-password').fill(PASSWORD);
  await page.locator('#login-button').click();
  await page.locator('#chat-view').waitFor({ state: 'visible' });
}

async function waitLive(page) {
  await page.locator('#connection.live').waitFor({ timeout: 10000 });
}

async function send(page, text) {
  await page.locator('#composer-input').fill(text);
  await page.locator('#composer button[type=submit]').click();
  await messageWithText(page, text).waitFor();
}

function messageWithText(page, text) {
  return page.locator('#message-list').getByText(text, { exact: true });
}

async function assertText(locator, expected) {
  await locator.waitFor();
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if ((await locator.textContent()).includes(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`expected "${expected}" in "${await locator.textContent()}"`);
}

// Counts the rendered messages whose text equals `text` exactly.
async function countMessages(page, text) {
  return page.locator('#message-list .body').evaluateAll(
    (bodies, wanted) => bodies.filter((body) => body.textContent === wanted).length, text);
}

test('two people chat live, resume after a drop, and keep history on reload', async () => {
  const alice = await newPage();
  const bob = await newPage();
  const aliceName = `alice${suffix}`;
  const bobName = `bob${suffix}`;
  const roomName = `design-${suffix}`;

  await register(alice, aliceName);
  await register(bob, bobName);
  await waitLive(alice);

  // Alice creates a room; Bob finds it in the list and joins.
  await alice.locator('#create-room-name').fill(roomName);
  await alice.locator('#create-room-topic').fill('Sketches and mockups for the new app');
  await alice.locator('#create-room-form button[type=submit]').click();
  await assertText(alice.locator('#room-name'), roomName);

  // Bob's page learns of the new room without a reload when its window
  // gets focus. The page skips a focus that comes within 5 s of its last
  // room list load, so that time is set back first.
  await bob.evaluate(() => {
    state.roomsLoadedAt = 0;
    window.dispatchEvent(new Event('focus'));
  });
  const joinButton = bob.locator('#other-rooms li', { hasText: roomName }).locator('button.join');
  await joinButton.waitFor({ timeout: 5000 });

  // A second tab of Bob's shows his join at once, through the socket.
  const bobTab = await bob.context().newPage();
  bobTab.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  await bobTab.goto(`${baseUrl}/`);
  await bobTab.locator('#chat-view').waitFor({ state: 'visible' });
  await waitLive(bobTab);
  await joinButton.click();
  await assertText(bob.locator('#room-name'), roomName);
  await waitLive(bob);
  await bobTab.locator('#joined-rooms button', { hasText: roomName }).waitFor({ timeout: 5000 });
  await bobTab.close();

  // Messages arrive live in the other browser.
  await send(alice, 'Morning! Shall we review the mockups today?');
  await messageWithText(bob, 'Morning! Shall we review the mockups today?').waitFor();
  await send(bob, 'Yes, after lunch works for me.');
  await messageWithText(alice, 'Yes, after lunch works for me.').waitFor();

  // Typing shows up on the other side. The presence service announces a
  // user's typing at most once a second, and Bob's last notice came with his
  // previous message, so he pauses first as a person would.
  await bob.waitForTimeout(1200);
  await bob.locator('#composer-input').pressSequentially('Great', { delay: 30 });
  await assertText(alice.locator('#typing'), `${bobName} is typing`);
  await bob.locator('#composer-input').fill('');

  // Markup in a message is shown as text and never runs.
  const markup = '<script>alert(1)</script><b>bold?</b>';
  await send(bob, markup);
  await messageWithText(alice, markup).waitFor();
  assert.equal(await countMessages(alice, markup), 1);
  assert.equal(await alice.locator('#message-list b').count(), 0, 'no element came from the text');

  // A dropped connection: Bob writes while Alice's socket is down; after
  // reconnecting, Alice has each message exactly once.
  await alice.evaluate(() => {
    state.signedIn = false;
    state.socket.close();
  });
  await alice.locator('#connection.live').waitFor({ state: 'detached' });
  const missed = ['First while you were away', 'Second while you were away'];
  for (const text of missed) await send(bob, text);
  await alice.evaluate(() => {
    state.signedIn = true;
    connectSocket();
  });
  await waitLive(alice);
  for (const text of missed) {
    await messageWithText(alice, text).waitFor();
    assert.equal(await countMessages(alice, text), 1, `"${text}" shown once`);
  }
  await send(alice, 'Back online, saw both of those.');
  await messageWithText(bob, 'Back online, saw both of those.').waitFor();
  assert.equal(await countMessages(bob, 'Back online, saw both of those.'), 1);

  // A reload keeps the history.
  await alice.reload();
  await alice.locator('#chat-view').waitFor({ state: 'visible' });
  await assertText(alice.locator('#room-name'), roomName);
  for (const text of ['Morning! Shall we review the mockups today?', markup, ...missed]) {
    await messageWithText(alice, text).waitFor();
    assert.equal(await countMessages(alice, text), 1, `"${text}" once after reload`);
  }

  // Who is online in the room.
  await assertText(alice.locator('#roster'), bobName);

  if (SCREENSHOTS) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await waitLive(alice);
    await alice.locator('#composer-input').fill('');
    await bob.waitForTimeout(1200);
    await bob.locator('#composer-input').pressSequentially('See', { delay: 30 });
    await assertText(alice.locator('#typing'), 'is typing');
    await alice.screenshot({ path: path.join(SCREENSHOTS, 'ui-desktop.png') });

    // Reduced motion turns off the sidebar's slide, so screenshots never
    // catch it halfway.
    const phone = await newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
      isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
    await signIn(phone, bobName);
    // A new browser starts in "general"; the room list is behind the menu.
    await phone.locator('#menu-button').click();
    await phone.locator('#joined-rooms button', { hasText: roomName }).click();
    await phone.locator('#sidebar.open').waitFor({ state: 'detached' });
    await assertText(phone.locator('#room-name'), roomName);
    await messageWithText(phone, 'Back online, saw both of those.').waitFor();
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'ui-phone.png') });

    // The sidebar opens over the conversation on a phone.
    await phone.locator('#menu-button').click();
    await phone.locator('#sidebar.open').waitFor();
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'ui-phone-rooms.png') });
  }
  assert.deepEqual(pageProblems, []);
});

test('sign-in errors are shown and the session survives a reload', async () => {
  const page = await newPage();
  await page.goto(`${baseUrl}/`);
  await page.locator('#auth-username').fill(`nobody${suffix}`);
  await page.locator('#auth-password').fill('wrong password');
  await page.locator('#login-button').click();
  await assertText(page.locator('#auth-error'), 'Wrong username or password');

  const name = `carol${suffix}`;
  await register(page, name);
  await page.reload();
  await page.locator('#chat-view').waitFor({ state: 'visible' });
  await assertText(page.locator('#me'), name);

  await page.locator('#logout-button').click();
  await page.locator('#auth-view').waitFor({ state: 'visible' });
  await page.reload();
  await page.locator('#auth-view').waitFor({ state: 'visible' });
  assert.deepEqual(pageProblems, []);
});
