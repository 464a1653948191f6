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
// document, then runs a forum meeting from planning to approved minutes and follows its decision up. Every screen has lang="nb" and no axe-core violation (WCAG 2.1 A/AA, any impact)
// at 1280 and 390 px, and the browser reports no CSP violation. Prints one JSON line; exits 1 on failure.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { baseUrl, launchBrowser, NAV_TIMEOUT_MS, SHOT, settled } from './browser.mjs';

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
      const file = path.join(SHOTS, `arbeid-${name}-${viewport.width < 600 ? 'phone' : 'desktop'}.jpg`);
      await page.screenshot({ path: file, ...SHOT });
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

// Test set-up through the API as the signed-in person (the case screens are tested above): the case
// made ready for an agenda — its rationale written, a case presentation attached, prepared; and more
// AU cases, one left registered. Returns the cases' numbers.
async function readyCases(page, caseId) {
  return page.evaluate(async ({ caseId, title }) => {
    const headers = { 'X-Requested-With': 'samordning', 'Content-Type': 'application/json' };
    const call = async (method, path, body, etag) => {
      const r = await fetch(path, { method, headers: etag ? { ...headers, 'If-Match': etag } : headers, body: body && JSON.stringify(body) });
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return { json: r.status === 204 ? null : await r.json(), etag: r.headers.get('ETag') };
    };
    const transition = async (id, name) => {
      const { etag } = await call('GET', `/api/v1/cases/${id}`);
      await call('POST', `/api/v1/cases/${id}/transitions/${name}`, null, etag);
    };
    const present = async (id, owner) => {
      const doc = (await call('POST', '/api/v1/documents', { owner_body_id: owner, kind: 'case_presentation', title: 'Saksfremlegg', body: 'Forslag.' })).json;
      await call('POST', `/api/v1/cases/${id}/documents`, { document_id: doc.id });
    };
    const first = await call('GET', `/api/v1/cases/${caseId}`);
    const owner = first.json.owner_body_id;
    await call('PATCH', `/api/v1/cases/${caseId}`, { strategic_rationale: 'Berører alle virksomhetene.' }, first.etag);
    await present(caseId, owner);
    await transition(caseId, 'prepare');
    const register = async (kind, suffix) =>
      (await call('POST', '/api/v1/cases', { owner_body_id: owner, title: `${title} ${suffix}`, kind, strategic_rationale: 'Berører alle.' })).json;
    const info = await register('information', '(orientering)');
    await present(info.id, owner);
    await transition(info.id, 'start_preparation');
    await transition(info.id, 'prepare');
    const waiting = await register('decision', '(ikke forberedt)');
    return { decision: first.json.number, information: info.number, waiting: waiting.number };
  }, { caseId, title });
}

// The forum's meeting cycle in the app, as the secretariat: planned in Norwegian time, its agenda built
// (a case not yet prepared is kept off with the rule's source; two prepared ones added, one moved up by
// keyboard button), convened, revised with a reason (the information case moved back down), started,
// held item by item (the decision case decided, the information case noted), closed, its minutes drafted from the agenda and approved.
async function meetingCycle(page, numbers) {
  await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Møter' }).click();
  await checkScreen(page, 'moter');
  await page.getByRole('link', { name: 'Planlegg møte' }).click();
  await settled(page);
  // In twenty minutes, Norwegian time: a meeting cannot be started long before its start time.
  const soon = new Date(Date.now() + 20 * 60000);
  const day = soon.toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });
  const time = soon.toLocaleTimeString('sv-SE', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit' });
  await page.getByLabel('Organ som skal møtes').selectOption({ label: 'Topplederforumet' });
  await page.getByLabel('Dato').fill(day);
  await page.getByLabel('Starter kl. (norsk tid)').fill(time);
  // No end time: the form takes it on the start's day, which a run just before midnight would not have.
  await page.getByLabel('Sted').fill('Helsedirektoratet, Vitaminveien 4');
  await checkScreen(page, 'planlegg-mote');
  await page.getByRole('button', { name: 'Planlegg møtet' }).click();
  await page.waitForURL(/\/arbeid\/moter\/[0-9a-f-]{36}$/, { timeout: NAV_TIMEOUT_MS });
  await settled(page);
  expect(await page.getByText(`kl. ${time}`).first().isVisible(), `the meeting does not start at ${time} Norwegian time`);

  const waitingRow = page.locator('.picker li', { hasText: numbers.waiting });
  await waitingRow.locator('.citation').waitFor({ timeout: NAV_TIMEOUT_MS });
  expect(await waitingRow.getByRole('button').isDisabled(), 'a case not prepared can be put on the agenda');
  for (const number of [numbers.decision, numbers.information]) {
    await page.getByRole('button', { name: `Sett på sakslisten sak ${number}` }).click();
    await page.locator('.agenda li', { hasText: `Sak ${number}` }).waitFor({ timeout: NAV_TIMEOUT_MS });
  }
  await page.getByRole('button', { name: `Flytt opp sak ${numbers.information}` }).click();
  await page.waitForFunction((n) => document.querySelector('.agenda li')?.textContent.includes(`Sak ${n}`), numbers.information, { timeout: NAV_TIMEOUT_MS });
  const focusedItem = await page.evaluate(() => document.activeElement?.textContent ?? '');
  expect(focusedItem.includes(numbers.information), `after a move the focus is on ${JSON.stringify(focusedItem)}`);
  await checkScreen(page, 'mote-saksliste');

  await page.getByRole('button', { name: 'Kall inn', exact: true }).click();
  await page.locator('.ds-tag', { hasText: 'Innkalt' }).first().waitFor({ timeout: NAV_TIMEOUT_MS });
  // The convened agenda is public: a change waits for its reason and is kept as a revision.
  const moveDown = page.getByRole('button', { name: `Flytt ned sak ${numbers.information}` });
  expect(await moveDown.isDisabled(), 'a convened agenda can be changed without a reason');
  await page.getByLabel('Begrunnelse for endringen').fill('Orienteringen tas til slutt.');
  await moveDown.click();
  await page.getByRole('region', { name: 'Endringer etter innkallingen' }).locator('li', { hasText: 'Orienteringen tas til slutt.' }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'mote-endret-saksliste');
  await page.getByRole('button', { name: 'Start møtet', exact: true }).click();
  await page.locator('.ds-tag', { hasText: 'Pågår' }).first().waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('link', { name: 'Før møtet sak for sak' }).click();
  await settled(page);
  await page.getByRole('heading', { name: new RegExp(`sak ${numbers.decision}`) }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByLabel('Type vedtak').selectOption({ label: 'Anbefaling' });
  await checkScreen(page, 'mote-pagar');
  await page.getByLabel('Vedtakstekst').fill('Topplederforumet slutter seg til anbefalingen.');
  await page.getByRole('button', { name: 'Før vedtaket' }).click();
  await page.getByRole('heading', { name: new RegExp(`sak ${numbers.information}`) }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Ta til orientering', exact: true }).click();
  await page.getByText('Alle sakene på sakslisten er behandlet.').waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Avslutt møtet', exact: true }).click();
  await page.getByRole('button', { name: 'Lag utkast til referat' }).click();
  await page.locator('.document-body', { hasText: 'Topplederforumet slutter seg til anbefalingen.' }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('link', { name: 'Tilbake til møtesiden' }).click();
  await settled(page);
  await page.getByRole('button', { name: 'Godkjenn referat', exact: true }).click();
  await page.locator('.ds-tag', { hasText: 'Referat godkjent' }).first().waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'mote');
}

// The decision's follow-up, as the secretariat: the AU made responsible, a note and a due date, the
// follow-up started;
// the decision links to its case, its meeting and (its minutes approved) the public page.
async function followUp(page, numbers) {
  await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Vedtak' }).click();
  await checkScreen(page, 'vedtak');
  await page.getByRole('link', { name: new RegExp(`^${numbers.decision} `) }).click();
  await settled(page);
  expect(await page.getByRole('link', { name: 'møtet med vedtaket på nettstedet' }).isVisible(), 'the decision does not link to its public page');
  await page.getByLabel('Ansvarlig for oppfølgingen').selectOption({ label: 'Arbeidsutvalget' });
  await page.getByLabel('Notat om oppfølgingen').fill('Arbeidsutvalget gjør anbefalingen kjent.');
  // A due date two months ahead: the page shows it once saved.
  const due = new Date(Date.now() + 61 * 86400000);
  await page.getByLabel('Frist for oppfølgingen').fill(due.toISOString().slice(0, 10));
  await page.getByRole('button', { name: 'Lagre oppfølgingen' }).click();
  await page.getByText('Oppfølgingen er lagret.').waitFor({ timeout: NAV_TIMEOUT_MS });
  const dueShown = due.toLocaleDateString('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  await page.locator('.facts', { hasText: dueShown }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Start oppfølging', exact: true }).click();
  await page.locator('.ds-tag', { hasText: 'Under oppfølging' }).first().waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'vedtak-side');
}

// The forum's decisions of the given kinds, through the API as the signed-in secretariat: an AU case
// prepared for each, put on a forum meeting starting now, the meeting convened and started, each
// case decided; and the forum's annual plan document for the plan to be recorded.
async function forumDecides(page, kinds) {
  await page.evaluate(async ({ title, kinds }) => {
    const headers = { 'X-Requested-With': 'samordning', 'Content-Type': 'application/json' };
    const call = async (method, path, body, etag) => {
      const r = await fetch(path, { method, headers: etag ? { ...headers, 'If-Match': etag } : headers, body: body && JSON.stringify(body) });
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return { json: await r.json(), etag: r.headers.get('ETag') };
    };
    const transition = async (what, id, name) => {
      const { etag } = await call('GET', `/api/v1/${what}/${id}`);
      await call('POST', `/api/v1/${what}/${id}/transitions/${name}`, null, etag);
    };
    const body = async (kind) => (await call('GET', `/api/v1/bodies?kind=${kind}`)).json.items[0].id;
    const au = await body('working_committee');
    const document = async (kind, docTitle, owner = au) =>
      (await call('POST', '/api/v1/documents', { owner_body_id: owner, kind, title: docTitle, body: 'Utkast.' })).json;
    const cases = [];
    for (const kind of kinds) {
      const created = (await call('POST', '/api/v1/cases', { owner_body_id: au, title: `${title} (${kind})`, kind: 'decision', strategic_rationale: 'Berører alle.' })).json;
      await call('POST', `/api/v1/cases/${created.id}/documents`, { document_id: (await document('case_presentation', 'Saksfremlegg')).id });
      await transition('cases', created.id, 'start_preparation');
      await transition('cases', created.id, 'prepare');
      cases.push(created.id);
    }
    const forum = await body('top_leaders_forum');
    const meeting = (await call('POST', '/api/v1/meetings', { body_id: forum, starts_at: new Date().toISOString(), location: 'Videomøte' })).json;
    for (const id of cases) await call('POST', `/api/v1/meetings/${meeting.id}/agenda`, { case_id: id });
    await transition('meetings', meeting.id, 'convene');
    await transition('meetings', meeting.id, 'start');
    for (const [index, kind] of kinds.entries()) {
      await call('POST', `/api/v1/meetings/${meeting.id}/decisions`, { case_id: cases[index], kind, text: 'Forumet vedtar.' });
    }
    await document('annual_plan', `Årsplan ${title}`, forum);
  }, { title, kinds });
}

// The subcommittees and annual plans, as the secretariat: the demo's subcommittee with its mandate,
// deadline and members; a delivery registered from a document of its own; its dissolution; a new one
// established on the forum's decision; the plans by year, and the plan the forum adopted recorded.
async function subcommitteesAndPlans(page) {
  const menu = page.getByRole('navigation', { name: 'Hovedmeny' });
  await menu.getByRole('link', { name: 'Underutvalg' }).click();
  await checkScreen(page, 'underutvalg');
  await page.getByLabel('Sorter etter frist').selectOption({ label: 'Første frist først' });
  await settled(page);
  await page.getByRole('table').getByRole('link').first().click();
  await page.getByRole('heading', { name: 'Mandat' }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('heading', { name: 'Medlemmer' }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Oppløs', exact: true }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'underutvalg-side');
  // A report of the subcommittee's own (written through the API: the document screens are tested
  // above) registered as a delivery, then the subcommittee dissolved with its ETag as If-Match.
  const report = `Sluttrapport ${title}`;
  await page.evaluate(async ({ owner, report }) => {
    const headers = { 'X-Requested-With': 'samordning', 'Content-Type': 'application/json' };
    const body = JSON.stringify({ owner_body_id: owner, kind: 'report', title: report, body: 'Funn og forslag.' });
    const r = await fetch('/api/v1/documents', { method: 'POST', headers, body });
    if (!r.ok) throw new Error(`POST /api/v1/documents: ${r.status} ${await r.text()}`);
  }, { owner: page.url().split('/').pop(), report });
  await page.reload();
  await settled(page);
  await page.getByLabel('Dokument som leveres').selectOption({ label: report });
  await page.getByLabel('Tittel på leveransen').fill(report);
  await page.getByRole('button', { name: 'Registrer leveransen' }).click();
  await page.getByRole('region', { name: 'Leveranser' }).getByRole('link', { name: report }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Oppløs', exact: true }).click();
  await page.locator('.ds-tag', { hasText: 'Oppløst' }).first().waitFor({ timeout: NAV_TIMEOUT_MS });
  expect((await page.getByRole('button', { name: 'Registrer leveransen' }).count()) === 0, 'a dissolved subcommittee offers to register a delivery');
  // The forum decides (through the API: the meeting screens are tested above) that a subcommittee be
  // set up; the form proposes that decision, refuses a subcommittee without its leader, and sets it up.
  await forumDecides(page, ['establish_subcommittee', 'annual_plan']);
  await menu.getByRole('link', { name: 'Underutvalg' }).click();
  await page.getByRole('link', { name: 'Opprett underutvalg' }).click();
  await page.getByLabel('Forumets vedtak').waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'opprett-underutvalg');
  const name = `Underutvalg ${title}`;
  await page.getByLabel('Navn').fill(name);
  await page.getByLabel('Mandat').fill('Kartlegge praksis og foreslå tiltak for Arbeidsutvalget.');
  await page.getByLabel('Frist for leveranse til Arbeidsutvalget').fill(new Date(Date.now() + 90 * 86400000).toISOString().slice(0, 10));
  await page.getByRole('button', { name: 'Fjern siste medlem' }).click();
  await page.getByRole('button', { name: 'Opprett underutvalget' }).click();
  await page.locator('[role="alert"] .citation').first().waitFor({ timeout: NAV_TIMEOUT_MS });
  const leader = page.getByRole('group', { name: 'Leder' });
  await leader.getByLabel('Person').selectOption({ index: 1 });
  await leader.getByLabel('Kompetanse').fill('Kvalitetsforbedring');
  await leader.getByLabel('Bakgrunn').selectOption({ label: 'Tjenestene' });
  await page.getByRole('button', { name: 'Legg til medlem' }).click();
  const first = page.getByRole('group', { name: 'Medlem 1' });
  await first.getByLabel('Person').selectOption({ index: 2 });
  await first.getByLabel('Kompetanse').fill('Pasientsikkerhet');
  await first.getByLabel('Bakgrunn').selectOption({ label: 'Akademia' });
  await page.getByRole('button', { name: 'Opprett underutvalget' }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByText('Kompetanse: Pasientsikkerhet').waitFor({ timeout: NAV_TIMEOUT_MS });
  await menu.getByRole('link', { name: 'Årsplaner' }).click();
  await page.getByLabel('Forumets vedtak').waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'arsplaner');
  const plan = `Årsplan ${title}`;
  await page.getByLabel('Tittel').fill(plan);
  await page.getByLabel('Plandokumentet').selectOption({ label: plan });
  await page.getByRole('button', { name: 'Registrer årsplanen' }).click();
  await page.getByRole('table').getByRole('link', { name: plan }).waitFor({ timeout: NAV_TIMEOUT_MS });
  // One's own choice of e-mail: a kind turned off, saved, and still off when the page is read again.
  await menu.getByRole('link', { name: 'Varsler' }).click();
  const minutes = page.getByLabel('Påminnelser om referater som ikke er godkjent');
  await minutes.waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'varsler');
  await minutes.selectOption({ label: 'Ikke send' });
  await page.getByRole('button', { name: 'Lagre valgene' }).click();
  await page.getByText('Valgene er lagret.').waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.reload();
  await minutes.waitFor({ timeout: NAV_TIMEOUT_MS });
  expect((await minutes.inputValue()) === 'off', 'Varsler: the kind turned off is not off after a reload');
}

// The registers, as the secretariat: an organization registered; a person registered and given a seat
// in the AU, the rules answering in the form (a second chair refused by the dry run with its source, an
// allocation above 20 percent warned of on saving); a fixed deputy appointed for the seat; the seat ended.
async function registers(page) {
  const menu = page.getByRole('navigation', { name: 'Hovedmeny' });
  await menu.getByRole('link', { name: 'Registre' }).click();
  await page.getByRole('table', { name: 'Organer' }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'registre');
  await page.getByRole('link', { name: 'Organisasjoner', exact: true }).click();
  await page.getByLabel('Sentral helseforvaltning').selectOption({ label: 'Ja' });
  await page.getByRole('link', { name: 'Helsetilsynet', exact: true }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'organisasjoner');
  await page.getByRole('link', { name: 'Registrer organisasjon' }).click();
  await page.getByRole('heading', { name: 'Registrer organisasjon', level: 1 }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'ny-organisasjon');
  const organization = `Prøvevirksomhet ${title}`;
  await page.getByLabel('Navn', { exact: true }).fill(organization);
  await page.getByLabel('Aktør i samarbeidet I trygge hender 24-7').check();
  await page.getByRole('button', { name: 'Registrer organisasjonen' }).click();
  await page.getByRole('heading', { name: organization, level: 1 }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'organisasjon');

  await menu.getByRole('link', { name: 'Registre' }).click();
  await page.getByRole('link', { name: 'Personer', exact: true }).click();
  await page.getByRole('heading', { name: 'Personer', level: 1 }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'personer');
  await page.getByRole('link', { name: 'Registrer person' }).click();
  await page.getByRole('heading', { name: 'Registrer person', level: 1 }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'ny-person');
  const person = `Prøveperson ${title}`;
  await page.getByLabel('Navn', { exact: true }).fill(person);
  await page.getByLabel('Virksomhet').selectOption({ label: 'Helsetilsynet' });
  await page.getByRole('button', { name: 'Registrer personen' }).click();
  await page.getByRole('heading', { name: person, level: 1 }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'person');

  const today = new Date().toISOString().slice(0, 10);
  const seat = page.getByRole('form', { name: 'Gi et verv' });
  await seat.getByLabel('Organ').selectOption({ label: 'Arbeidsutvalget' });
  await seat.getByLabel('Rolle').selectOption({ label: 'Leder' });
  await seat.getByLabel('Fra og med').fill(today);
  await seat.getByRole('button', { name: 'Prøv først' }).click();
  await seat.getByText('Reglene stopper dette:').waitFor({ timeout: NAV_TIMEOUT_MS });
  const refusal = await seat.locator('.citation').allTextContents();
  expect(refusal.length > 0 && refusal.every((c) => c.startsWith('Kilde: «')), `the dry run's refusal without its source: ${refusal}`);
  await seat.getByLabel('Rolle').selectOption({ label: 'Medlem' });
  await seat.getByLabel('Stillingsandel i prosent (valgfri)').fill('40');
  await seat.getByRole('button', { name: 'Lagre', exact: true }).click();
  await seat.getByText('Lagret. Reglene advarer om dette:').waitFor({ timeout: NAV_TIMEOUT_MS });
  expect(await seat.getByText('inntil 20 prosent').first().isVisible(), 'no warning about the allocation after saving');
  await checkScreen(page, 'person-verv');

  await page.getByRole('table', { name: 'Verv' }).getByRole('link', { name: 'Arbeidsutvalget' }).click();
  await page.getByRole('heading', { name: 'Medlemmer av Arbeidsutvalget', level: 1 }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'organ-medlemmer');
  await page.getByRole('button', { name: `Oppnevn stedfortreder: ${person}, medlem` }).click();
  const deputy = page.getByRole('form', { name: `Oppnevn fast stedfortreder for ${person}` });
  await deputy.getByLabel('Person').selectOption({ index: 1 });
  await deputy.getByLabel('Fra og med').fill(today);
  await deputy.getByRole('button', { name: 'Lagre', exact: true }).click();
  await deputy.getByText(/^Lagret/).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('cell', { name: `Fast stedfortreder for ${person}` }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('button', { name: `Avslutt: ${person}, medlem` }).click();
  const end = page.getByRole('form', { name: new RegExp(`^Avslutt vervet til ${person}`) });
  await end.getByLabel('Siste dag i vervet').fill(today);
  await end.getByRole('button', { name: 'Prøv først' }).click();
  await end.getByText('Reglene tillater dette, men advarer:').waitFor({ timeout: NAV_TIMEOUT_MS });
  await end.getByRole('button', { name: 'Avslutt vervet' }).click();
  await end.getByText('Lagret. Reglene advarer om dette:').waitFor({ timeout: NAV_TIMEOUT_MS });
  expect(await end.getByText('minst 12 måneder').first().isVisible(), 'no warning about the short term after ending the seat');
  await checkScreen(page, 'organ-avslutt-verv');
}

// The secretariat's tools: the compliance report with its findings' rules and sources; the audit log
// with the hash chain's state and a filter in the address; a webhook subscribed, its secret shown once
// (not again on its page), paused, resumed and its secret replaced; and the person's own sessions, one
// in another browser signed out from here.
async function secretariatTools(page) {
  const menu = page.getByRole('navigation', { name: 'Hovedmeny' });
  await menu.getByRole('link', { name: 'Samsvar' }).click();
  await checkScreen(page, 'samsvar');
  const findings = await page.locator('.finding .citation').count();
  const clean = await page.getByText('Ingen funn: alle reglene holder.').count();
  expect(findings > 0 || clean === 1, 'compliance: neither findings with their sources nor «Ingen funn»');

  await menu.getByRole('link', { name: 'Revisjonslogg' }).click();
  await page.getByText(/Kjeden er hel: \d+ hendelser/).waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'revisjonslogg');
  await page.getByLabel('Objekttype').selectOption({ label: 'Sak' });
  await page.getByRole('button', { name: 'Vis hendelser' }).click();
  await page.waitForURL(/\/arbeid\/revisjonslogg\?type=case/, { timeout: NAV_TIMEOUT_MS });
  await settled(page);
  const kinds = await page.getByRole('table').locator('tbody tr td:nth-child(3) a:first-child').allTextContents();
  expect(kinds.length > 0 && kinds.every((kind) => kind === 'Sak'), `audit log filtered by case shows ${kinds}`);
  await page.getByLabel('Objektets id').fill('sak 1');
  await page.getByRole('button', { name: 'Vis hendelser' }).click();
  await page.getByText('Rett opp filtrene for å se hendelsene.').waitFor({ timeout: NAV_TIMEOUT_MS });

  await menu.getByRole('link', { name: 'Webhooker' }).click();
  await checkScreen(page, 'webhooker');
  await page.getByRole('link', { name: 'Nytt abonnement' }).click();
  await settled(page);
  await checkScreen(page, 'nytt-abonnement');
  await page.getByLabel('Adresse (URL)').fill('https://mottak.example.invalid/samordning');
  await page.getByLabel('Beskrivelse').fill(`Mottak ${title}`);
  await page.getByLabel('Møte innkalt').check();
  await page.getByLabel('Referat godkjent').check();
  await page.getByRole('button', { name: 'Opprett abonnementet' }).click();
  await page.getByRole('heading', { name: 'Signeringshemmeligheten vises bare nå' }).waitFor({ timeout: NAV_TIMEOUT_MS });
  const secret = (await page.locator('.secret').textContent()).trim();
  expect(/^whsec_[A-Za-z0-9+/=]{20,}$/.test(secret), `the secret shown is ${JSON.stringify(secret)}`);
  expect(await page.getByText('webhook-signature').first().isVisible(), 'the secret comes without how to verify it');
  await checkScreen(page, 'abonnement-hemmelighet');
  await page.getByRole('link', { name: 'Gå til abonnementet' }).click();
  await page.getByRole('heading', { name: 'Leveranser' }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await settled(page);
  expect((await page.getByText('whsec_').count()) === 0, 'the secret is shown again on the subscription\'s page');
  await checkScreen(page, 'abonnement');
  await page.getByRole('button', { name: 'Pause leveransene' }).click();
  await page.locator('.ds-tag', { hasText: 'Pauset' }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Gjenoppta leveransene' }).click();
  await page.getByRole('button', { name: 'Pause leveransene' }).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Lag ny signeringshemmelighet' }).click();
  await page.locator('.secret').waitFor({ timeout: NAV_TIMEOUT_MS });
  const rotated = (await page.locator('.secret').textContent()).trim();
  expect(rotated.startsWith('whsec_') && rotated !== secret, 'rotating shows no new secret');

  // Another browser: a member outside the AU is offered webhooks and sessions, not the secretariat's
  // tools; then the secretariat signs in there too, and is signed out from here.
  const elsewhere = await page.context().browser().newContext({ locale: 'nb-NO' });
  const other = await elsewhere.newPage();
  await signInOutsideTheAu(other, '/arbeid/mine-okter');
  await other.getByText('Denne økten').waitFor({ timeout: NAV_TIMEOUT_MS });
  const offered = await other.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link').allTextContents();
  expect(
    offered.includes('Webhooker') && offered.includes('Mine økter') && !offered.includes('Samsvar') && !offered.includes('Revisjonslogg'),
    `a member outside the AU is offered ${offered.join(', ')}`,
  );
  await signOut(other);
  await other.locator('.ds-card', { hasText: 'Sekretariatet' }).first().getByRole('button').click();
  await other.waitForURL((url) => /^\/arbeid\/?$/.test(url.pathname), { timeout: NAV_TIMEOUT_MS });
  await menu.getByRole('link', { name: 'Mine økter' }).click();
  await page.getByText('Denne økten').waitFor({ timeout: NAV_TIMEOUT_MS });
  await checkScreen(page, 'mine-okter');
  expect((await page.getByRole('table').locator('tbody tr').count()) >= 2, 'Mine økter lists no other session');
  await page.getByRole('button', { name: 'Logg ut alle andre økter' }).click();
  await page.getByText(/(annen økt|andre økter) er avsluttet/).waitFor({ timeout: NAV_TIMEOUT_MS });
  const status = await other.evaluate(async () => (await fetch('/api/v1/me', { headers: { 'X-Requested-With': 'samordning' } })).status);
  expect(status === 401, `the other browser's session answers ${status} after «Logg ut alle andre økter»`);
  expect((await page.getByRole('table').locator('tbody tr').count()) === 1, 'Mine økter still lists another session');
  await elsewhere.close();
}

// A PDF as small as the service takes; with `pdfa`, it declares PDF/A in its XMP.
function pdf(pdfa) {
  const xmp = pdfa ? '<x:xmpmeta><rdf:Description pdfaid:part="2" pdfaid:conformance="B"/></x:xmpmeta>\n' : '';
  return Buffer.from(`%PDF-1.7\n${xmp}1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

// The new document made from a file, then a second file uploaded as its new version: the progress
// bar finishes, the versions show each file with its type, size and PDF/A mark, and it downloads.
async function uploadFiles(page) {
  await page.getByLabel('Dokumenttype').selectOption({ label: 'Saksfremlegg' });
  await page.getByLabel('Organ som eier dokumentet').selectOption({ label: 'Arbeidsutvalget' });
  await page.getByLabel('Tittel').fill(`${title} (fil)`);
  await page.getByLabel(/^Fil \(valgfri\)/).setInputFiles({ name: 'Utkast.pdf', mimeType: 'application/pdf', buffer: pdf(false) });
  await page.getByRole('button', { name: 'Lagre dokumentet' }).click();
  await page.waitForURL(/\/arbeid\/dokumenter\/[0-9a-f-]{36}$/, { timeout: NAV_TIMEOUT_MS });
  await settled(page);
  const signed = { name: 'Saksfremlegg signert.pdf', mimeType: 'application/pdf', buffer: pdf(true) };
  await page.getByLabel('Fil', { exact: true }).setInputFiles(signed);
  await page.getByText(`Valgt: ${signed.name}`).waitFor({ timeout: NAV_TIMEOUT_MS });
  await page.getByLabel('Merknad (valgfri)').fill('Signert utgave');
  await page.getByRole('button', { name: 'Last opp', exact: true }).click();
  await page.getByText('Ferdig: filen er lagret.').waitFor({ timeout: NAV_TIMEOUT_MS });
  const bar = await page.getByLabel('Lastet opp').evaluate((p) => [p.value, p.max]);
  expect(bar[0] > 0 && bar[0] === bar[1], `upload: the progress bar ends at ${bar[0]} of ${bar[1]}`);
  const rows = page.locator('section[aria-labelledby="versjoner"] tbody tr');
  const second = rows.filter({ hasText: signed.name });
  await second.waitFor({ timeout: NAV_TIMEOUT_MS });
  const first = await rows.filter({ hasText: 'Utkast.pdf' }).textContent();
  expect(/\(PDF, 1 kB\)/.test(first) && first.includes('Ikke PDF/A – arkivet ønsker PDF/A'), `upload: version 1 shows ${first}`);
  const text = await second.textContent();
  expect(/\(PDF, 1 kB\)/.test(text) && /PDF\/A(?! –)/.test(text) && text.includes('SHA-256'), `upload: version 2 shows ${text}`);
  const href = await second.getByRole('link', { name: signed.name }).getAttribute('href');
  const download = await page.context().request.get(new URL(href, page.url()).href);
  const body = await download.body();
  expect(
    download.status() === 200 && download.headers()['content-type'] === 'application/pdf' && body.equals(signed.buffer),
    `upload: the download of ${href} answered ${download.status()} ${download.headers()['content-type']}`,
  );
  await checkScreen(page, 'dokument-fil');
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

    // The forum's chair signs in through the OpenID Connect provider (its own form, as a person
    // would fill it in) and lands in the app as that person, who may read the forum's cases but
    // neither register nor prepare any: the AU does that for the forum.
    if (process.env.OIDC_EMAIL) {
      await page.goto(`${base}/logg-inn?neste=${encodeURIComponent('/arbeid/saker')}`);
      await page.getByRole('link', { name: 'Logg inn', exact: true }).click();
      await page.locator('input[name="sub"]').fill(process.env.OIDC_EMAIL);
      await page.getByRole('button', { name: 'Authorize' }).click();
      await page.waitForURL((url) => url.pathname === '/arbeid/saker', { timeout: NAV_TIMEOUT_MS });
      await settled(page);
      expect(await page.getByText(process.env.OIDC_NAME).first().isVisible(), `header does not name ${process.env.OIDC_NAME}`);
      expect((await page.getByRole('link', { name: 'Registrer sak' }).count()) === 0, 'the forum chair is offered to register a case');
      await signOut(page);
    }

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
    const numbers = await readyCases(page, caseUrl.split('/').pop());

    for (const [name, link] of [['mitt-arbeid', 'Mitt arbeid'], ['dokumenter', 'Dokumenter']]) {
      await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: link }).click();
      await checkScreen(page, name);
    }
    await page.getByRole('link', { name: 'Nytt dokument' }).click();
    await page.getByLabel('Innhold').fill('# Saksfremlegg\n\nDette er **utkastet**.');
    await page.locator('.preview h1').waitFor({ timeout: NAV_TIMEOUT_MS });
    await checkScreen(page, 'nytt-dokument');
    await uploadFiles(page);

    // A member of another body (the demo has no one in a subcommittee alone) does not see the AU's case.
    await signOut(page);
    await signInOutsideTheAu(page, '/arbeid/saker');
    await settled(page);
    expect((await page.getByText(title).count()) === 0, 'a member outside the AU sees the AU\'s new case');
    const registersLink = page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Registre' });
    expect((await registersLink.count()) === 0, 'a member outside the AU is offered the registers');
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
    await meetingCycle(page, numbers);
    await followUp(page, numbers);
    await subcommitteesAndPlans(page);
    await registers(page);
    await secretariatTools(page);

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
