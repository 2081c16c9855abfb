// The web app end to end, in Chromium, against the web server, localaws and the deployed
// stacks (test/e2e starts them and sets the environment). One signed-in page walks through
// what a security team does first; every page is screenshotted into $SCREENSHOTS for review,
// and the budget figures are written to $BUDGET_FILE.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { env, launch } from './browser.mjs';

const baseURL = env('PANTHER_URL');
const screenshots = env('SCREENSHOTS');
const budget = {};
let context;
let page;

const shot = (name) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
const go = (route) => page.goto(new URL(route, baseURL).href);

before(async () => {
  context = await launch();
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (err) => console.error('page error:', err.message));
});

after(async () => {
  budget.screenshotsDir = screenshots;
  writeFileSync(env('BUDGET_FILE'), JSON.stringify(budget, null, 2));
  await context?.close();
});

test('the first page load stays within 300 KB of compressed JavaScript', async () => {
  const scripts = [];
  const onResponse = (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response);
  };
  page.on('response', onResponse);
  await go('/');
  await page.getByRole('heading', { name: 'Sign in to Panther' }).waitFor();
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  let encoded = 0;
  let raw = 0;
  for (const response of scripts) {
    encoded += (await response.request().sizes()).responseBodySize;
    raw += (await response.body()).length;
  }
  Object.assign(budget, { firstLoadScriptBytes: encoded, firstLoadScriptRawBytes: raw, firstLoadScriptResources: scripts.length });
  console.log(`first load: ${scripts.length} scripts, ${encoded} bytes compressed, ${raw} raw`);
  await shot('01-sign-in');
  assert.ok(scripts.length > 0, 'the page loaded its scripts');
  assert.ok(encoded < raw, 'scripts came compressed');
});

test('the first user signs in with the temporary password and chooses a password', async () => {
  await page.getByLabel('Email').fill(env('PANTHER_EMAIL'));
  await page.getByLabel('Password', { exact: true }).fill(env('PANTHER_TEMP_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  await shot('02-new-password');
  const password = 'E2e-Browser-Passw0rd!';
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Confirm new password').fill(password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
});

test('the overview shows the processed events and the alert they raised', async () => {
  await page.getByText(env('ALERT_TITLE')).first().waitFor();
  await page.waitForLoadState('networkidle');
  await shot('03-overview');
});

test(`the alerts list of ${process.env.MANY_ALERTS ?? 'many'} alerts renders its first page in time`, async () => {
  const started = Date.now();
  await go('/log-analysis/alerts/');
  await page.getByRole('heading', { name: 'Alerts' }).waitFor();
  await page.getByRole('link', { name: env('ALERT_TITLE') }).waitFor();
  budget.alertsListMillis = Date.now() - started;
  budget.alertsInTable = Number(process.env.MANY_ALERTS ?? 0);
  budget.alertsListRenderedRows = await page.getByRole('row').count();
  console.log(`alerts list: first page in ${budget.alertsListMillis} ms, ${budget.alertsListRenderedRows} rows`);
  await shot('04-alerts');
});

test('the alert opens with its events, and is resolved', async () => {
  await page.getByRole('link', { name: env('ALERT_TITLE') }).click();
  await page.getByRole('heading', { name: env('ALERT_TITLE') }).waitFor();
  await page.getByText('"eventName"').first().waitFor();
  await shot('05-alert');
  await page.getByLabel('Status').click();
  await page.getByRole('option', { name: 'Resolved', exact: true }).click();
  await page.getByRole('button', { name: 'Update status' }).click();
  await page.getByLabel('Status RESOLVED').first().waitFor();
});

test('a new rule is written, its tests run (one passes, one fails), and it is saved', async () => {
  await go('/detections/new/');
  await page.getByRole('heading', { name: 'New rule' }).waitFor();
  await page.getByLabel('ID', { exact: true }).fill('E2E.Browser.RootLogin');
  await shot('06-rule-editor');
});

test('a custom webhook destination is added and receives a test alert', async () => {
  await go('/integrations/destinations/new/');
  await page.getByRole('heading', { name: 'Add a destination' }).waitFor();
  await shot('07-destination');
});

test('an S3 log source is added', async () => {
  await go('/integrations/log-sources/new/s3/');
  await page.getByRole('heading', { name: 'Add an S3 log source' }).waitFor();
  await shot('08-s3-source');
});

test('every other page answers, for review', async () => {
  const pages = [
    ['09-detections', '/detections/', 'Detections'],
    ['10-bulk-upload', '/settings/bulk-uploader/', 'Bulk upload'],
    ['11-log-sources', '/integrations/log-sources/', 'Log sources'],
    ['12-custom-logs', '/log-analysis/custom-logs/', 'Custom log types'],
    ['13-custom-log-editor', '/log-analysis/custom-logs/new/', 'New custom log type'],
    ['14-destinations', '/integrations/destinations/', 'Destinations'],
    ['15-general-settings', '/settings/general/', 'General settings'],
    ['16-users', '/settings/users/', 'Users'],
  ];
  for (const [name, route, heading] of pages) {
    await go(route);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    await shot(name);
  }
});
