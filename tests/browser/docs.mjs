// Opens /docs (Swagger UI) and /redoc (ReDoc) and checks that each renders the API's title with
// nothing but the service's own files: no request leaves the origin (a blocked one counts too), no
// Content-Security-Policy violation (ReDoc's logo included: app/docs.py serves it inline), no script error.
// Prints one JSON line {"pages": [...]} and exits 1 on a failure.
import { baseUrl, launchBrowser, visit } from './browser.mjs';

const PAGES = [['/docs', '.swagger-ui .info .title'], ['/redoc', '.api-content h1']];

const base = baseUrl();
const browser = await launchBrowser();
const failures = [];
const pages = [];
try {
  for (const [path, selector] of PAGES) {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error') problems.push(`console: ${text}`);
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(base) && !/^(blob|data):/.test(url)) problems.push(`request to ${url}`);
    });
    await visit(page, base + path);
    const title = await page.waitForSelector(selector, { timeout: 20000 }).then((h) => h.textContent(), () => null);
    if (!title || !title.includes('samordning')) problems.push(`no API title in ${selector}`);
    for (const problem of problems) failures.push(`${path}: ${problem}`);
    pages.push({ path, title });
    await page.close();
  }
} finally {
  await browser.close();
}
for (const failure of failures) console.error(failure);
console.log(JSON.stringify({ pages }));
process.exit(failures.length ? 1 : 0);
