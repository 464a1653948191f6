// Shared helpers for the browser harness (crawl.mjs, screenshots.mjs, staff_app.mjs, forum_cycle.mjs).
// Drives Debian's Chromium through playwright-core; never downloads a browser.
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Flags that keep Chromium quiet on a machine without outside network access.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const NAV_TIMEOUT_MS = Number(process.env.NAV_TIMEOUT_MS || 30000);
// Screenshots as the README shows them (docs/screenshots, kept in the repository): whole pages, JPEG.
export const SHOT = { fullPage: true, type: 'jpeg', quality: 70 };

// Waits for the staff app to settle: no spinner left, the page's heading drawn.
export async function settled(page) {
  await page.waitForSelector('#sidetittel', { timeout: NAV_TIMEOUT_MS });
  await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout: NAV_TIMEOUT_MS });
}

export function baseUrl() {
  return (process.env.BASE_URL || 'http://127.0.0.1:8000').replace(/\/+$/, '');
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

// Loads `url` in `page`; throws unless the server answered 2xx.
export async function visit(page, url) {
  const response = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
  const status = response ? response.status() : 0;
  if (status < 200 || status >= 300) {
    throw new Error(`GET ${url} answered HTTP ${status}`);
  }
  return status;
}

// Absolute URLs of the links in `page` matching `selector` whose path matches
// `pathPattern`, same origin only, in document order, without duplicates.
export async function links(page, selector, pathPattern) {
  const hrefs = await page.$$eval(selector, (as) => as.map((a) => a.href));
  const origin = new URL(page.url()).origin;
  const seen = new Set();
  const out = [];
  for (const href of hrefs) {
    let u;
    try {
      u = new URL(href);
    } catch {
      continue;
    }
    if (u.origin !== origin || !pathPattern.test(u.pathname)) continue;
    u.hash = '';
    if (!seen.has(u.href)) {
      seen.add(u.href);
      out.push(u.href);
    }
  }
  return out;
}

export const MEETING_PATH = /\/moter\/[^/]+\/?$/;
export const DOCUMENT_PATH = /\/dokumenter\/[^/]+\/?$/;
