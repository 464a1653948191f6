// End-to-end test of the staff app (/arbeid/) in headless Chromium, against a running service with
// SAMORDNING_DEMO_SIGNIN=true and the demo seed:
//
//   BASE_URL=http://127.0.0.1:8000 node tests/browser/staff_app.mjs   (SCREENSHOT_DIR=… also saves PNGs)
//
// A deep link without a session goes to sign-in and back; the AU leader signs in by demo sign-in,
// is told per field what a case lacks, registers a case, is told when someone else changed it (412)
// and reloads, starts its preparation and sees «Ferdig
// forberedt» blocked with the rules' Norwegian messages and citations; a member of a body outside the AU does not
// see the AU's case; the secretariat reads the case's history and opens a correction of a published
// document. Every screen has lang="nb" and no axe-core violation (WCAG 2.1 A/AA, any impact)
// at 1280 and 390 px, and the browser reports no CSP violation. Prints one JSON line; exits 1 on failure.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { baseUrl, launchBrowser, NAV_TIMEOUT_MS } from './browser.mjs';

const require = createRequire(import.meta.url);
// Evaluated through the DevTools protocol, which the app's CSP does not govern (no bypassCSP: a CSP
// violation of the app's own must show).
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const VIEWPORTS = [{ width: 1280, height: 900 }, { width: 390, height: 844 }];
const SHOTS = process.env.SCREENSHOT_DIR ? path.resolve(process.env.SCREENSHOT_DIR) : null;
const AU_LEADER = 'Leder av Arbeidsutvalget';

const failures = [];
const screens = [];
const base = `${baseUrl()}/arbeid`;
const title = `Nettleserprøve ${new Date().toISOString().slice(0, 19)}`;

function expect(ok, message) {
  if (!ok) failures.push(message);
  return ok;
}

// Waits for the app to settle: no spinner left, the page's heading drawn.
async function settled(page) {
  await page.waitForSelector('#sidetittel', { timeout: NAV_TIMEOUT_MS });
  await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout: NAV_TIMEOUT_MS });
}

// lang, axe at both widths, and a screenshot of each when asked.
async function checkScreen(page, name) {
  await settled(page);
  const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  expect(lang === 'nb', `${name}: <html lang> is ${JSON.stringify(lang)}`);
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.html.slice(0, 160)) }));
    }, AXE_TAGS);
    if (!expect(violations.length === 0, `${name} at ${viewport.width} px: ${violations.length} axe violation(s)`)) {
      for (const v of violations) console.error(`[${v.impact}] ${v.id}: ${v.help} (${name}, ${viewport.width} px)\n  ${v.nodes.join('\n  ')}`);
    }
    if (SHOTS) {
      await page.screenshot({ path: path.join(SHOTS, `arbeid-${name}-${viewport.width < 600 ? 'phone' : 'desktop'}.png`), fullPage: true });
    }
  }
  await page.setViewportSize(VIEWPORTS[0]);
  screens.push(name);
}

// Signs in as the first demo person whose seats are all outside the forum, the AU and the secretariat.
async function signInOutsideTheAu(page, back) {
  await page.goto(`${base}/logg-inn?neste=${encodeURIComponent(back)}`);
  const card = page.locator('.ds-card').filter({ hasNotText: /Arbeidsutvalget|Topplederforumet|Sekretariatet/ }).first();
  await card.getByRole('button').click();
  await page.waitForURL((url) => url.pathname === back, { timeout: NAV_TIMEOUT_MS });
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Logg ut' }).click();
  await page.waitForURL(/\/arbeid\/logg-inn/, { timeout: NAV_TIMEOUT_MS });
}

async function main() {
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: VIEWPORTS[0], locale: 'nb-NO' });
    const page = await context.newPage();
    const cspErrors = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    page.on('pageerror', (error) => failures.push(`uncaught error: ${error.message}`));

    // On a page loaded afresh, the first Tab reaches the skip link, which takes the keyboard past the header.
    await page.goto(`${base}/logg-inn`);
    await page.waitForSelector('#sidetittel', { timeout: NAV_TIMEOUT_MS });
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => document.activeElement?.textContent);
    expect(skip === 'Hopp til hovedinnhold', `the first Tab reaches ${JSON.stringify(skip)}, not the skip link`);

    // A deep link without a session: to sign-in, which remembers where to come back to.
    await page.goto(`${base}/saker`);
    await page.waitForURL(/\/arbeid\/logg-inn\?neste=/, { timeout: NAV_TIMEOUT_MS });
    // After a move within the app, focus is on the new page's content (a screen reader reads it).
    await page.waitForSelector('#sidetittel', { timeout: NAV_TIMEOUT_MS });
    expect((await page.evaluate(() => document.activeElement?.id)) === 'innhold', 'focus is not on the page after a move');
    const banner = page.locator('.demo-banner');
    expect(await banner.waitFor({ timeout: NAV_TIMEOUT_MS }).then(() => true, () => false), 'sign-in: no demo banner');
    await checkScreen(page, 'logg-inn');

    // The AU leader signs in and lands where the deep link pointed.
    const card = page.locator('.ds-card', { hasText: AU_LEADER }).first();
    const leader = (await card.locator('h3').textContent()).trim();
    await card.getByRole('button').click();
    await page.waitForURL((url) => url.pathname === '/arbeid/saker', { timeout: NAV_TIMEOUT_MS });
    await settled(page);
    expect(await page.getByText(leader).first().isVisible(), `header does not name ${leader}`);
    await checkScreen(page, 'saker');

    // Registering without a title or a body: each field says what it lacks.
    await page.getByRole('link', { name: 'Registrer sak' }).click();
    await settled(page);
    await checkScreen(page, 'registrer-sak');
    await page.getByRole('button', { name: 'Registrer sak' }).click();
    await page.waitForSelector('.ds-error-summary, [data-color="danger"]', { timeout: NAV_TIMEOUT_MS });
    expect(await page.getByText('Tittel: ').first().isVisible().catch(() => false), 'register: no error for the missing title');
    const focused = await page.evaluate(() => document.activeElement?.closest('.ds-error-summary') !== null);
    expect(focused, 'register: focus is not on the error summary');
    await checkScreen(page, 'registrer-sak-feil');

    // Registered, then its preparation started: «Ferdig forberedt» is blocked, with the rules' sources.
    await page.getByLabel('Organ som eier saken').selectOption({ label: 'Arbeidsutvalget' });
    await page.getByLabel('Tittel').fill(title);
    await page.getByLabel('Type sak').selectOption({ label: 'Beslutningssak' });
    await page.getByRole('button', { name: 'Registrer sak' }).click();
    await page.waitForURL(/\/arbeid\/saker\/[0-9a-f-]{36}$/, { timeout: NAV_TIMEOUT_MS });
    await settled(page);
    const caseUrl = page.url();
    // Someone else changes the case meanwhile: the app's copy is stale, the service answers 412, the
    // app says so in bokmål and reloads on request; then the transition goes through.
    await page.evaluate(async (path) => {
      const headers = { 'X-Requested-With': 'samordning', 'Content-Type': 'application/json' };
      const current = await fetch(path, { headers });
      const etag = current.headers.get('ETag');
      await fetch(path, { method: 'PATCH', headers: { ...headers, 'If-Match': etag }, body: JSON.stringify({ summary: 'Endret av en annen' }) });
    }, `/api/v1/cases/${caseUrl.split('/').pop()}`);
    await page.getByRole('button', { name: 'Start forberedelse', exact: true }).click();
    await page.getByText('Noen andre har endret saken. Last inn på nytt.').waitFor({ timeout: NAV_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Last inn på nytt' }).click();
    await page.getByText('Endret av en annen').waitFor({ timeout: NAV_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Start forberedelse', exact: true }).click();
    const prepare = page.getByRole('button', { name: 'Ferdig forberedt', exact: true });
    await prepare.waitFor({ timeout: NAV_TIMEOUT_MS });
    await page.waitForFunction(() => document.querySelectorAll('.blocked .citation').length > 0, null, { timeout: NAV_TIMEOUT_MS });
    expect(await prepare.isDisabled(), '«Ferdig forberedt» is enabled for a case without a case presentation');
    const citations = await page.locator('.blocked .citation').allTextContents();
    expect(citations.length > 0 && citations.every((c) => c.startsWith('Kilde: ') && c.length > 10), `blocked without citations: ${citations}`);
    await page.getByRole('button', { name: 'Prøv først: «Ferdig forberedt», uten å endre noe' }).click();
    await page.getByText('Prøven viser at dette stoppes nå:').waitFor({ timeout: NAV_TIMEOUT_MS });
    // The AU leader, who may read the case but not the whole audit log, reads its history too.
    await page.getByRole('heading', { name: 'Historikk' }).waitFor({ timeout: NAV_TIMEOUT_MS });
    await page.locator('.history li', { hasText: 'Forberedelse startet' }).first().waitFor({ timeout: NAV_TIMEOUT_MS });
    await checkScreen(page, 'sak');

    for (const [name, link] of [['mitt-arbeid', 'Mitt arbeid'], ['dokumenter', 'Dokumenter']]) {
      await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: link }).click();
      await checkScreen(page, name);
    }
    await page.getByRole('link', { name: 'Nytt dokument' }).click();
    await page.getByLabel('Innhold').fill('# Saksfremlegg\n\nDette er **utkastet**.');
    await page.locator('.preview h1').waitFor({ timeout: NAV_TIMEOUT_MS });
    await checkScreen(page, 'nytt-dokument');

    // A member of another body (the demo has no one in a subcommittee alone) does not see the AU's case.
    await signOut(page);
    await signInOutsideTheAu(page, '/arbeid/saker');
    await settled(page);
    expect((await page.getByText(title).count()) === 0, 'a member outside the AU sees the AU\'s new case');
    // Nor by its address: the service answers 404, the app says so in bokmål.
    await page.goto(caseUrl);
    const hidden = page.getByText('Fant ikke det du så etter');
    expect(await hidden.waitFor({ timeout: NAV_TIMEOUT_MS }).then(() => true, () => false), 'the AU\'s case opens for a member outside the AU');

    // The secretariat reads the case's history and may correct a published document.
    await signOut(page);
    await page.locator('.ds-card', { hasText: 'Sekretariatet' }).first().getByRole('button').click();
    await page.waitForURL((url) => /^\/arbeid\/?$/.test(url.pathname), { timeout: NAV_TIMEOUT_MS });
    await page.goto(caseUrl);
    await page.getByRole('heading', { name: 'Historikk' }).waitFor({ timeout: NAV_TIMEOUT_MS });
    await page.getByText('Forberedelse startet').first().waitFor({ timeout: NAV_TIMEOUT_MS });
    await page.goto(`${base}/dokumenter`);
    await settled(page);
    await page.locator('tr', { hasText: 'Publisert' }).first().getByRole('link').click();
    await page.getByText('Rett det publiserte dokumentet').click();
    await page.getByLabel('Begrunnelse for rettelsen').waitFor({ timeout: NAV_TIMEOUT_MS });
    await checkScreen(page, 'dokument');

    expect(cspErrors.length === 0, `CSP violations: ${cspErrors.join(' | ')}`);
    await context.close();
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (error) {
  failures.push(`stopped: ${error.stack || error}`);
}
console.log(JSON.stringify({ screens, failures }));
if (failures.length) {
  for (const failure of failures) console.error(`FAIL ${failure}`);
  process.exit(1);
}
