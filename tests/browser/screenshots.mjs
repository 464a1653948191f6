// Screenshots of the public website, at desktop and phone sizes.
//
//   BASE_URL=http://127.0.0.1:8000 node tests/browser/screenshots.mjs   (or: make screenshots)
//
// Visits /, the first meeting page, the first document page, /underutvalg, /arsplaner, a corrected document and /vedtak, and
// writes full-page JPEGs to $SCREENSHOT_DIR (default ./docs/screenshots). A page that cannot be found
// (no meeting or document linked) is reported and skipped; an HTTP error fails the run.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  baseUrl, launchBrowser, visit, links, MEETING_PATH, DOCUMENT_PATH, SHOT,
} from './browser.mjs';

const OUT_DIR = path.resolve(process.env.SCREENSHOT_DIR || 'docs/screenshots');
const VIEWPORTS = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 900 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } },
];

// Finds the meeting and document URLs once, so every viewport shows the same pages.
async function discover(page, base) {
  const targets = [{ name: '01-forside', url: `${base}/` }];
  await visit(page, `${base}/`);
  let meetings = await links(page, 'a[href*="/moter/"]', MEETING_PATH);
  if (!meetings.length) {
    await visit(page, `${base}/moter`);
    meetings = await links(page, 'a[href*="/moter/"]', MEETING_PATH);
  }
  if (meetings.length) {
    targets.push({ name: '02-mote', url: meetings[0] });
    for (const meetingUrl of meetings.slice(0, 10)) {
      await visit(page, meetingUrl);
      const docs = await links(page, 'a[href*="/dokumenter/"]', DOCUMENT_PATH);
      if (docs.length) {
        targets.push({ name: '03-dokument', url: docs[0] });
        break;
      }
    }
  }
  if (!targets.some((t) => t.name === '02-mote')) console.error('warning: no meeting page found; skipped');
  if (!targets.some((t) => t.name === '03-dokument')) console.error('warning: no document page found; skipped');
  targets.push({ name: '04-underutvalg', url: `${base}/underutvalg` });
  targets.push({ name: '05-arsplaner', url: `${base}/arsplaner` });
  // A corrected document, as the feed announces it: its page says «Rettet {dato}: {begrunnelse}».
  const feed = await (await fetch(`${base}/api/v1/public/feed.atom`)).text();
  const corrected = feed.match(/<title>Rettet: [^<]*<\/title>[\s\S]*?<link href="[^"]*?(\/dokumenter\/[^"/]+)\/versjoner\/\d+"/);
  if (corrected) targets.push({ name: '06-rettet-dokument', url: `${base}${corrected[1]}` });
  else console.error('warning: no corrected document in the feed; skipped');
  targets.push({ name: '07-vedtak', url: `${base}/vedtak` });
  return targets;
}

async function main() {
  const base = baseUrl();
  await mkdir(OUT_DIR, { recursive: true });
  const browser = await launchBrowser();
  const written = [];
  try {
    const probe = await browser.newPage();
    const targets = await discover(probe, base);
    await probe.close();
    for (const vp of VIEWPORTS) {
      const context = await browser.newContext({ ...vp.options, locale: 'nb-NO' });
      const page = await context.newPage();
      for (const t of targets) {
        await visit(page, t.url);
        const file = path.join(OUT_DIR, `${t.name}-${vp.name}.jpg`);
        await page.screenshot({ path: file, ...SHOT });
        written.push(path.relative(process.cwd(), file));
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify({ ok: true, base_url: base, dir: OUT_DIR, files: written }));
}

main().catch((err) => {
  console.error(`screenshots failed: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
