// A whole forum cycle through the staff app (/arbeid/) alone, each step signed in (demo sign-in) as the
// person app/auth/policy.py gives it to, then found on the public website. Against a running service
// with SAMORDNING_DEMO_SIGNIN=true and the demo seed:
//
//   BASE_URL=http://127.0.0.1:8000 node tests/browser/forum_cycle.mjs
//
// The AU leader registers three cases and prepares them (rationale, case presentation); the
// secretariat plans a forum meeting; the AU leader sets its agenda; the secretariat convenes it; the
// forum's chair starts it; an AU member keeping the minutes runs it item by item (a decision to
// establish a subcommittee, a case sent back to the AU, an information case noted); the chair closes
// it; the AU member drafts and edits the minutes; the chair approves them. The AU leader establishes
// the subcommittee from the decision, with a demo person as its leader, who writes a report and
// registers it as a delivery. The secretariat plans the next forum meeting; the AU leader prepares
// the returned case again, which the carry-over rule puts on that agenda; the secretariat convenes
// it. The public website then shows the agenda, the decision, the minutes, the delivery and the
// returned case on the next meeting's agenda. Once per service: a second run's returned case would go to
// the first run's next meeting, the earlier one. Prints one JSON line; exits 1 on failure.
import { baseUrl, launchBrowser, NAV_TIMEOUT_MS, settled } from './browser.mjs';

const site = baseUrl();
const app = `${site}/arbeid`;
const stamp = new Date().toISOString().slice(0, 19);
const title = (what) => `Forumsyklus ${stamp}: ${what}`;
// A demo person (app/seed/data.py) the AU makes the new subcommittee's leader.
const SUBCOMMITTEE_CHAIR = 'Live Skogstad';
const RETURN_REASON = 'Konsekvensene for kommunene er ikke utredet.';
const DECISION_TEXT = 'Topplederforumet ber Arbeidsutvalget opprette et underutvalg for trygg utskrivning.';
const MINUTES_ADDITION = 'Møtelederen takket Arbeidsutvalget for forberedelsene.';

const steps = [];
const persons = {}; // the seat each signed in by, and the demo person's name
const failures = [];
const wait = { timeout: NAV_TIMEOUT_MS };

function expect(ok, message) {
  if (!ok) failures.push(message);
  return ok;
}

// A browser context of the person's own, signed in by demo sign-in on the card naming `seat`.
async function signIn(browser, seat, except) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
  const page = await context.newPage();
  page.on('pageerror', (error) => failures.push(`uncaught error (${seat}): ${error.message}`));
  await page.goto(`${app}/logg-inn`);
  let card = page.locator('.ds-card', { hasText: seat });
  if (except) card = card.filter({ hasNotText: except });
  persons[seat] = (await card.first().locator('h3').textContent()).trim();
  await card.first().getByRole('button').click();
  await page.waitForURL((url) => /^\/arbeid\/?$/.test(url.pathname), wait);
  await settled(page);
  return page;
}

async function menu(page, link) {
  await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: link, exact: true }).click();
  await settled(page);
}

// Runs the transition named by its Norwegian label and waits until the page shows `status`.
async function transition(page, label, status) {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.locator('.ds-tag', { hasText: status }).first().waitFor(wait);
}

async function openMeeting(page, meetingId) {
  await page.goto(`${app}/moter/${meetingId}`);
  await settled(page);
}

// Norwegian day and time `minutes` from now.
function osloTime(minutes) {
  const at = new Date(Date.now() + minutes * 60000);
  return {
    day: at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' }),
    time: at.toLocaleTimeString('sv-SE', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit' }),
  };
}

// The AU leader registers a case with its rationale, writes its case presentation and prepares it.
async function registerAndPrepare(page, caseTitle, kind) {
  await menu(page, 'Saker');
  await page.getByRole('link', { name: 'Registrer sak' }).click();
  await settled(page);
  await page.getByLabel('Organ som eier saken').selectOption({ label: 'Arbeidsutvalget' });
  await page.getByLabel('Tittel').fill(caseTitle);
  await page.getByLabel('Type sak').selectOption({ label: kind });
  await page.getByLabel('Sammendrag').fill('Flere virksomheter har meldt om svikt ved utskrivning fra sykehus.');
  await page.getByLabel('Strategisk begrunnelse').fill('Berører alle virksomhetene i samordningen.');
  await page.getByRole('button', { name: 'Registrer sak' }).click();
  await page.waitForURL(/\/arbeid\/saker\/[0-9a-f-]{36}$/, wait);
  await settled(page);
  const caseUrl = page.url();
  const number = (await page.locator('h1').textContent()).trim().split(' ')[0];
  await page.getByRole('link', { name: 'Skriv et dokument til saken' }).click();
  await settled(page);
  await page.getByLabel('Dokumenttype').selectOption({ label: 'Saksfremlegg' });
  await page.getByLabel('Organ som eier dokumentet').selectOption({ label: 'Arbeidsutvalget' });
  await page.getByLabel('Tittel', { exact: true }).fill(`Saksfremlegg, sak ${number}`);
  await page.getByLabel('Innhold').fill('## Forslag\n\nArbeidsutvalget legger saken fram for forumet.');
  await page.getByRole('button', { name: 'Lagre og knytt til saken' }).click();
  await page.waitForURL(caseUrl, wait);
  await page.getByRole('link', { name: `Saksfremlegg, sak ${number}` }).waitFor(wait);
  await transition(page, 'Start forberedelse', 'Under forberedelse');
  await transition(page, 'Ferdig forberedt', 'Forberedt');
  return { number, title: caseTitle, url: caseUrl };
}

// The secretariat plans a forum meeting; returns its id.
async function planMeeting(page, { day, time }, ends) {
  await menu(page, 'Møter');
  await page.getByRole('link', { name: 'Planlegg møte' }).click();
  await settled(page);
  await page.getByLabel('Organ som skal møtes').selectOption({ label: 'Topplederforumet' });
  await page.getByLabel('Dato').fill(day);
  await page.getByLabel('Starter kl. (norsk tid)').fill(time);
  if (ends) await page.getByLabel('Slutter kl. (norsk tid)').fill(ends);
  await page.getByLabel('Sted').fill('Helsedirektoratet, Vitaminveien 4');
  await page.getByRole('button', { name: 'Planlegg møtet' }).click();
  await page.waitForURL(/\/arbeid\/moter\/[0-9a-f-]{36}$/, wait);
  await settled(page);
  return page.url().split('/').pop();
}

async function step(name, run) {
  await run();
  steps.push(name);
}

async function cycle(browser) {
  const au = await signIn(browser, 'Leder av Arbeidsutvalget');
  const secretariat = await signIn(browser, 'Sekretariatet');
  const chair = await signIn(browser, 'Leder av Topplederforumet');
  // Who keeps the minutes in the room: an AU member leading nothing.
  const clerk = await signIn(browser, 'Medlem, Arbeidsutvalget', /Leder av/);
  const cases = {};
  let meetingId;
  let nextMeetingId;
  let subcommitteeId;
  const subcommittee = title('Underutvalg for trygg utskrivning');
  const report = title('sluttrapport fra underutvalget');

  await step('AU registers and prepares three cases', async () => {
    cases.establish = await registerAndPrepare(au, title('opprette et underutvalg for trygg utskrivning'), 'Beslutningssak');
    cases.returned = await registerAndPrepare(au, title('felles meldeordning'), 'Beslutningssak');
    cases.noted = await registerAndPrepare(au, title('status for tiltakene'), 'Orienteringssak');
  });

  await step('secretariat plans the forum meeting', async () => {
    // Twenty minutes ahead: a meeting starts at most an hour before its time (meeting.start.not_before_start_time).
    meetingId = await planMeeting(secretariat, osloTime(20), null); // no end: a run near midnight has no time left that day
  });

  await step('AU sets the agenda', async () => {
    await openMeeting(au, meetingId);
    for (const item of [cases.establish, cases.returned, cases.noted]) {
      await au.getByRole('button', { name: `Sett på sakslisten sak ${item.number}` }).click();
      await au.locator('.agenda li', { hasText: `Sak ${item.number}` }).waitFor(wait);
    }
  });

  await step('secretariat convenes', async () => {
    await openMeeting(secretariat, meetingId);
    await transition(secretariat, 'Kall inn', 'Innkalt');
  });

  await step('forum chair starts the meeting', async () => {
    await openMeeting(chair, meetingId);
    await transition(chair, 'Start møtet', 'Pågår');
  });

  await step('AU member runs the meeting item by item', async () => {
    await openMeeting(clerk, meetingId);
    await clerk.getByRole('link', { name: 'Før møtet sak for sak' }).click();
    await settled(clerk);
    const current = (item) => clerk.getByRole('heading', { name: new RegExp(`sak ${item.number} `) });
    await current(cases.establish).waitFor(wait);
    await clerk.getByLabel('Type vedtak').selectOption({ label: 'Opprettelse av underutvalg' });
    await clerk.getByLabel('Vedtakstekst').fill(DECISION_TEXT);
    await clerk.getByRole('button', { name: 'Før vedtaket' }).click();
    await current(cases.returned).waitFor(wait);
    await clerk.getByLabel('Begrunnelse for «Send tilbake til Arbeidsutvalget»').fill(RETURN_REASON);
    await clerk.getByLabel('Begrunnelsen kan publiseres i referatet').check();
    await clerk.getByRole('button', { name: 'Send tilbake til Arbeidsutvalget', exact: true }).click();
    await current(cases.noted).waitFor(wait);
    await clerk.getByRole('button', { name: 'Ta til orientering', exact: true }).click();
    await clerk.getByText('Alle sakene på sakslisten er behandlet.').waitFor(wait);
  });

  await step('forum chair closes the meeting', async () => {
    await openMeeting(chair, meetingId);
    await transition(chair, 'Avslutt møtet', 'Avholdt');
  });

  await step('AU member drafts and edits the minutes', async () => {
    await openMeeting(clerk, meetingId);
    await clerk.getByRole('button', { name: 'Lag utkast til referat' }).click();
    await clerk.locator('.document-body', { hasText: DECISION_TEXT }).waitFor(wait);
    await clerk.getByRole('link', { name: 'Rediger referatet' }).click();
    await settled(clerk);
    const body = clerk.getByLabel('Innhold');
    await body.fill(`${await body.inputValue()}\n\n${MINUTES_ADDITION}`);
    await clerk.getByRole('button', { name: 'Lagre endringene' }).click();
    await clerk.waitForURL(/\/arbeid\/dokumenter\/[0-9a-f-]{36}$/, wait);
  });

  await step('forum chair approves the minutes', async () => {
    await openMeeting(chair, meetingId);
    await chair.locator('.document-body', { hasText: MINUTES_ADDITION }).waitFor(wait);
    await transition(chair, 'Godkjenn referat', 'Referat godkjent');
  });

  await step('AU establishes the subcommittee from the decision', async () => {
    await menu(au, 'Underutvalg');
    await au.getByRole('link', { name: 'Opprett underutvalg' }).click();
    const decision = au.getByLabel('Forumets vedtak');
    await decision.waitFor(wait);
    const choice = await decision.locator('option', { hasText: `${cases.establish.number} ` }).getAttribute('value');
    await decision.selectOption(choice);
    await au.getByLabel('Navn').fill(subcommittee);
    await au.getByLabel('Mandat').fill('Kartlegge svikt ved utskrivning og foreslå tiltak for Arbeidsutvalget.');
    await au.getByLabel('Frist for leveranse til Arbeidsutvalget').fill(new Date(Date.now() + 90 * 86400000).toISOString().slice(0, 10));
    const leader = au.getByRole('group', { name: 'Leder' });
    await leader.getByLabel('Person').selectOption({ label: SUBCOMMITTEE_CHAIR });
    await leader.getByLabel('Kompetanse').fill('Helsetjenesteforskning');
    await leader.getByLabel('Bakgrunn').selectOption({ label: 'Akademia' });
    await au.getByRole('button', { name: 'Fjern siste medlem' }).click();
    await au.getByRole('button', { name: 'Opprett underutvalget' }).click();
    await au.getByRole('heading', { name: subcommittee, level: 1 }).waitFor(wait);
    subcommitteeId = au.url().split('/').pop();
  });

  await step('subcommittee chair registers a delivery', async () => {
    const leader = await signIn(browser, `Leder av ${subcommittee}`);
    await menu(leader, 'Dokumenter');
    await leader.getByRole('link', { name: 'Nytt dokument' }).click();
    await settled(leader);
    await leader.getByLabel('Dokumenttype').selectOption({ label: 'Rapport' });
    await leader.getByLabel('Organ som eier dokumentet').selectOption({ label: subcommittee });
    await leader.getByLabel('Tittel', { exact: true }).fill(report);
    await leader.getByLabel('Innhold').fill('## Funn\n\nUtskrivning svikter oftest i helgene.\n\n## Forslag\n\nFelles sjekkliste.');
    await leader.getByRole('button', { name: 'Lagre dokumentet' }).click();
    await leader.waitForURL(/\/arbeid\/dokumenter\/[0-9a-f-]{36}$/, wait);
    await menu(leader, 'Underutvalg');
    await leader.getByRole('table').getByRole('link', { name: subcommittee }).click();
    await leader.getByLabel('Dokument som leveres').selectOption({ label: report });
    await leader.getByLabel('Tittel på leveransen').fill(report);
    await leader.getByRole('button', { name: 'Registrer leveransen' }).click();
    await leader.getByRole('region', { name: 'Leveranser' }).getByRole('link', { name: report }).waitFor(wait);
    await leader.context().close();
  });

  await step('the returned case goes onto the next forum meeting', async () => {
    // Earlier than any other forum meeting still to be held: the one a returned case goes to.
    nextMeetingId = await planMeeting(secretariat, { day: osloTime(7 * 24 * 60).day, time: '10:00' }, '15:00');
    await au.goto(cases.returned.url);
    await settled(au);
    await au.getByText(RETURN_REASON).waitFor(wait);
    await transition(au, 'Start forberedelse', 'Under forberedelse');
    await transition(au, 'Ferdig forberedt', 'Satt på sakslisten');
    await openMeeting(secretariat, nextMeetingId);
    await secretariat.locator('.agenda li', { hasText: `Sak ${cases.returned.number}` }).waitFor(wait);
    await transition(secretariat, 'Kall inn', 'Innkalt');
  });

  for (const page of [au, secretariat, chair, clerk]) await page.context().close();
  return { cases, meetingId, nextMeetingId, subcommitteeId, subcommittee, report };
}

// The public website, as anyone reads it: from the front page to the meeting, its minutes and decision,
// the subcommittee's delivery, and the next meeting's agenda.
async function publicRecord(browser, done) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
  const page = await context.newPage();
  const siteMenu = () => page.locator('header nav, nav').first();
  await page.goto(`${site}/`);
  await page.getByRole('link', { name: 'Alle møter' }).click();
  await page.locator(`a[href="/moter/${done.meetingId}"]`).first().click();
  await page.waitForURL(`${site}/moter/${done.meetingId}`, wait);
  const agenda = page.locator('ol.agenda');
  for (const item of Object.values(done.cases)) {
    expect(await agenda.getByText(item.title).isVisible(), `the public agenda lacks ${item.title}`);
  }
  const outcomes = { establish: 'Avgjort', returned: 'Sendt tilbake til Arbeidsutvalget', noted: 'Tatt til orientering' };
  for (const [key, outcome] of Object.entries(outcomes)) {
    const shown = await agenda.locator('li', { hasText: done.cases[key].title }).textContent();
    expect(shown.includes(outcome), `the public agenda does not say «${outcome}» for ${done.cases[key].title}`);
  }
  expect(await agenda.getByText(RETURN_REASON).isVisible(), 'the public agenda lacks the public reason for the return');
  const decisions = page.getByRole('region', { name: 'Vedtak' });
  expect(await decisions.getByText(DECISION_TEXT).isVisible(), 'the public meeting page lacks the decision');
  const minutes = page.getByRole('region', { name: 'Referat' }).getByRole('link');
  expect((await minutes.count()) === 1, 'the public meeting page lacks the minutes');
  await minutes.click();
  await page.getByText(MINUTES_ADDITION).waitFor(wait);
  expect(await page.getByText(DECISION_TEXT).first().isVisible(), 'the public minutes lack the decision');

  await page.goto(`${site}/`);
  await siteMenu().getByRole('link', { name: 'Vedtak', exact: true }).click();
  expect(await page.getByText(DECISION_TEXT).first().isVisible(), '/vedtak lacks the decision');

  await siteMenu().getByRole('link', { name: 'Underutvalg', exact: true }).click();
  await page.getByRole('link', { name: done.subcommittee, exact: true }).click();
  await page.waitForURL(`${site}/underutvalg/${done.subcommitteeId}`, wait);
  const deliveries = page.getByRole('region', { name: 'Leveranser' });
  expect(await deliveries.getByText(done.report).first().isVisible(), 'the subcommittee\'s public page lacks the delivery');
  await deliveries.getByRole('link', { name: done.report }).click();
  await page.getByText('Utskrivning svikter oftest i helgene.').waitFor(wait);

  await page.goto(`${site}/`);
  await page.getByRole('link', { name: 'Alle møter' }).click();
  await page.locator(`a[href="/moter/${done.nextMeetingId}"]`).first().click();
  await page.waitForURL(`${site}/moter/${done.nextMeetingId}`, wait);
  expect(await page.locator('ol.agenda').getByText(done.cases.returned.title).isVisible(), 'the next meeting\'s public agenda lacks the returned case');
  steps.push('public website shows agenda, decision, minutes, delivery and the carried-over case');
  await context.close();
}

async function main() {
  const browser = await launchBrowser();
  try {
    const done = await cycle(browser);
    await publicRecord(browser, done);
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (error) {
  failures.push(`stopped after ${JSON.stringify(steps.at(-1) ?? 'nothing')}: ${error.stack || error}`);
}
console.log(JSON.stringify({ steps, persons, failures }));
if (failures.length) {
  for (const failure of failures) console.error(`FAIL ${failure}`);
  process.exit(1);
}
