// Accessibility crawl of the public website.
//
//   BASE_URL=http://127.0.0.1:8000 node tests/browser/crawl.mjs
//
// Opens the front page, the first meeting page linked from it (a[href*="/moter/"]), the first
// document linked from a meeting page (a[href*="/dokumenter/"]), the lists and the first body page
// (a[href*="/organer/"]), at 1280 and at 390 px. Every page must answer 2xx, carry <html lang="nb">,
// have no `serious` or `critical` axe-core violation of WCAG 2.0/2.1 A and AA, and never scroll
// sideways. The search page (empty and with results) and the accessibility, privacy and contact
// pages are held to no violation of any impact; then the header's search form is used with the
// keyboard only (Tab to it, type, Enter) and focus must land on the results heading. /favicon.ico
// must be served.
// Prints one JSON summary line on stdout; exits 1 (violations printed on stderr) on any failure.
import { createRequire } from 'node:module';
import {
  baseUrl, launchBrowser, visit, links, MEETING_PATH, DOCUMENT_PATH,
} from './browser.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);
// How many meeting pages to try before concluding that none links to a document.
const MAX_MEETINGS = Number(process.env.CRAWL_MAX_MEETINGS || 10);
const STRICT_PAGES = ['/sok', '/sok?q=sak', '/tilgjengelighet', '/personvern', '/kontakt'];
const LIST_PAGES = ['/', '/moter', '/vedtak', '/organer', '/underutvalg', '/arsplaner'];
const BODY_PATH = /^\/organer\/[0-9a-f-]{36}$/;
const VIEWPORTS = [{ width: 1280, height: 900 }, { width: 390, height: 844 }];
const ALL_IMPACTS = new Set(['minor', 'moderate', 'serious', 'critical']);

const failures = [];
const pages = [];

async function check(page, url, label, blockingImpacts = BLOCKING) {
  const status = await visit(page, url);
  const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  if (lang !== 'nb') failures.push(`${label} ${url}: <html lang> is ${JSON.stringify(lang)}, expected "nb"`);

  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
    }));
  }, AXE_TAGS);

  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (sideways > 0) failures.push(`${label} ${url}: scrolls ${sideways} px sideways`);

  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of result) counts[v.impact] = (counts[v.impact] || 0) + 1;
  const blocking = result.filter((v) => blockingImpacts.has(v.impact));
  if (blocking.length) {
    failures.push(`${label} ${url}: ${blocking.length} axe violation(s) of ${[...blockingImpacts].join('/')} impact`);
    for (const v of blocking) {
      console.error(`\n[${v.impact}] ${v.id}: ${v.help} (${label} ${url})\n  ${v.helpUrl}`);
      for (const n of v.nodes.slice(0, 10)) {
        console.error(`  - ${JSON.stringify(n.target)} ${n.html.slice(0, 200)}`);
        if (n.summary) console.error(`    ${n.summary.replace(/\n/g, '\n    ')}`);
      }
    }
  }
  pages.push({ label, url, status, lang, violations: counts, rules: result.map((v) => `${v.id}:${v.impact}`) });
}

// Tab from the top of the front page to the header's search field, type, press Enter: the results
// page must move focus to its heading, which says how many matches there are.
async function searchByKeyboard(page, base) {
  await visit(page, `${base}/`);
  let focused = null;
  for (let i = 0; i < 30 && focused !== 'sok-topp'; i += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  if (focused !== 'sok-topp') {
    failures.push('keyboard: Tab never reached the search field #sok-topp');
    return;
  }
  await page.keyboard.type('sak');
  await Promise.all([page.waitForURL(/\/sok\?q=sak/), page.keyboard.press('Enter')]);
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'treff', null, { timeout: 5000 })
    .catch(() => {});
  const active = await page.evaluate(() => ({ id: document.activeElement.id, text: document.activeElement.textContent }));
  if (active.id !== 'treff' || !/treff(ene)? for «sak»/i.test(active.text)) {
    failures.push(`keyboard: after Enter focus is on #${active.id} (${JSON.stringify(active.text.slice(0, 80))}), not on the results heading`);
  }
  pages.push({ label: 'keyboard search', url: page.url(), focus: active });
}

async function main() {
  const base = baseUrl();
  const browser = await launchBrowser();
  try {
    // bypassCSP: the site's policy (script-src 'self') would block the injected axe-core script.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', bypassCSP: true });
    const page = await context.newPage();
    const jsErrors = [];
    page.on('pageerror', (err) => jsErrors.push(`${page.url()}: ${err.message}`));

    const details = [];
    await visit(page, `${base}/`);
    const meetings = await links(page, 'a[href*="/moter/"]', MEETING_PATH);
    if (!meetings.length) {
      failures.push(`front ${base}/: no link to a meeting page (a[href*="/moter/"])`);
    } else {
      // The first meeting page is always checked; if it lists no document, later meetings are
      // tried so that one document page is checked as well.
      details.push(['meeting', meetings[0]]);
      let documentUrl = null;
      for (const meetingUrl of meetings.slice(0, MAX_MEETINGS)) {
        await visit(page, meetingUrl);
        const docs = await links(page, 'a[href*="/dokumenter/"]', DOCUMENT_PATH);
        if (docs.length) {
          documentUrl = docs[0];
          break;
        }
      }
      if (documentUrl) details.push(['document', documentUrl]);
      else failures.push(`no meeting page among ${Math.min(meetings.length, MAX_MEETINGS)} links to a document (a[href*="/dokumenter/"])`);
    }
    await visit(page, `${base}/organer`);
    const bodies = await links(page, 'a[href*="/organer/"]', BODY_PATH);
    if (bodies.length) details.push(['body', bodies[0]]);
    else failures.push(`${base}/organer: no link to a body page (a[href*="/organer/"])`);
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      const at = `@${viewport.width}px`;
      for (const path of LIST_PAGES) await check(page, `${base}${path}`, `${path} ${at}`);
      for (const [label, url] of details) await check(page, url, `${label} ${at}`);
      for (const path of STRICT_PAGES) await check(page, `${base}${path}`, `${path} ${at}`, ALL_IMPACTS);
    }
    const icon = await page.request.get(`${base}/favicon.ico`);
    if (icon.status() !== 200) failures.push(`/favicon.ico answered HTTP ${icon.status()}`);
    await searchByKeyboard(page, base);
    const ok = failures.length === 0;
    console.log(JSON.stringify({ ok, base_url: base, axe: require('axe-core/package.json').version, tags: AXE_TAGS, pages, js_errors: jsErrors, failures }));
    if (!ok) {
      console.error(`\ncrawl failed:\n- ${failures.join('\n- ')}`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(`crawl error: ${err && err.stack ? err.stack : err}`);
  console.log(JSON.stringify({ ok: false, base_url: baseUrl(), pages, failures: [...failures, String(err && err.message ? err.message : err)] }));
  process.exit(1);
});
