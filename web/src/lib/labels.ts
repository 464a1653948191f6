// Norwegian names of the codes the API gives no label for: kinds, audit actions, agenda outcomes, and
// the states a filter offers before any case is read (a case itself carries its state's `status_label_nb`).
// The website's words for the same codes: app/publication/website.py.
const LABELS = {
  caseStatus: {
    registered: "Registrert",
    in_preparation: "Under forberedelse",
    prepared: "Forberedt",
    scheduled: "Satt på sakslisten",
    decided: "Avgjort",
    noted: "Tatt til orientering",
    returned: "Sendt tilbake",
    withdrawn: "Trukket",
  },
  caseKind: { decision: "Beslutningssak", discussion: "Drøftingssak", information: "Orienteringssak" },
  documentKind: {
    case_presentation: "Saksfremlegg",
    knowledge_base: "Kunnskapsgrunnlag",
    minutes: "Referat",
    agenda: "Saksliste",
    report: "Rapport",
    recommendation: "Anbefaling",
    annual_plan: "Årsplan",
    other: "Dokument",
  },
  decisionKind: {
    recommendation: "Anbefaling",
    national_measure: "Nasjonalt tiltak",
    coordination: "Samordning",
    annual_plan: "Årsplan",
    establish_subcommittee: "Opprettelse av underutvalg",
    membership_change: "Endring i Topplederforumets sammensetning",
    other: "Annet",
  },
  // The follow-up states a filter offers before any decision is read (rules/lifecycles.yaml).
  followUpStatus: {
    open: "Åpen",
    in_progress: "Under oppfølging",
    implemented: "Gjennomført",
    cancelled: "Avbrutt",
  },
  // What became of an e-mail (GET /api/v1/mail-messages), and what it was.
  mailStatus: {
    pending: "Venter",
    daily: "Venter på dagens oversikt",
    digested: "Sendt i dagens oversikt",
    sent: "Sendt",
    skipped: "Ikke sendt",
    failed: "Avvist",
  },
  mailKind: {
    invitation: "Innkalling",
    invitation_update: "Endret innkalling",
    cancellation: "Avlysning",
    deadline_approaching: "Frist nærmer seg",
    deadline_passed: "Frist passert",
    follow_up_overdue: "Forfalt oppfølging",
    minutes_missing: "Referat mangler",
    board_interval: "Prosjektstyrets møteintervall",
    digest: "Dagens oversikt",
  },
  // A body's states (rules/lifecycles.yaml), for the subcommittee list's filter.
  bodyStatus: { active: "Aktivt", delivered: "Har levert", presented: "Lagt fram", dissolved: "Oppløst" },
  // A seat's role (MembershipRole); a deputy is the fixed deputy («fast stedfortreder») of one seat.
  membershipRole: { chair: "Leder", member: "Medlem", deputy: "Fast stedfortreder", secretary: "Sekretær" },
  membershipBackground: {
    service: "Tjenestene",
    administration: "Forvaltningen",
    academia: "Akademia",
    patient_user_relative: "Pasienter, brukere og pårørende",
  },
  agendaOutcome: {
    decided: "Avgjort",
    noted: "Tatt til orientering",
    returned: "Sendt tilbake til Arbeidsutvalget",
    withdrawn: "Trukket",
  },
  // What an audit event of a case did (its `action`); transitions by their own names above.
  caseAction: {
    create: "Registrert",
    update: "Endret",
    attach_document: "Dokument knyttet til saken",
    schedule: "Satt på sakslisten",
    unschedule: "Tatt av sakslisten",
    decide: "Avgjort",
    start_preparation: "Forberedelse startet",
    prepare: "Meldt ferdig forberedt",
    return: "Sendt tilbake til Arbeidsutvalget",
    note: "Tatt til orientering",
    withdraw: "Trukket",
  },
  // What an audit event or a rule finding concerns (its `entity_type`).
  entityType: {
    case: "Sak",
    meeting: "Møte",
    agenda_item: "Sakslistepunkt",
    decision: "Vedtak",
    document: "Dokument",
    body: "Organ",
    delivery: "Leveranse",
    annual_plan: "Årsplan",
    organization: "Virksomhet",
    person: "Person",
    membership: "Medlemskap",
    webhook: "Webhook",
  },
  severity: { error: "Brudd", warning: "Advarsel", behaviour: "Regel som virket" },
  // The webhook event types (the API's `EventType`).
  eventType: {
    "case.registered": "Sak registrert",
    "case.prepared": "Sak ferdig forberedt",
    "case.returned": "Sak sendt tilbake",
    "case.decided": "Sak avgjort",
    "case.noted": "Sak tatt til orientering",
    "meeting.convened": "Møte innkalt",
    "meeting.started": "Møte startet",
    "meeting.closed": "Møte avsluttet",
    "meeting.minutes_approved": "Referat godkjent",
    "meeting.cancelled": "Møte avlyst",
    "agenda.revised": "Saksliste endret etter innkalling",
    "decision.recorded": "Vedtak ført",
    "decision.follow_up_changed": "Oppfølging av vedtak endret",
    "subcommittee.established": "Underutvalg opprettet",
    "subcommittee.delivered": "Underutvalg har levert",
    "subcommittee.dissolved": "Underutvalg oppløst",
    "publication.published": "Publisert",
    "publication.corrected": "Publisering rettet",
  },
  deliveryStatus: { pending: "Venter", delivered: "Levert", withheld: "Holdt tilbake" },
  signInMethod: { oidc: "Innlogging hos virksomheten", demo: "Demo-innlogging" },
} as const;

export type LabelGroup = keyof typeof LABELS;

/** The Norwegian name of a code, else the code. */
export function label(group: LabelGroup, code: string): string {
  const names: Record<string, string> = LABELS[group];
  return names[code] ?? code;
}

export function options(group: LabelGroup): { value: string; label: string }[] {
  return Object.entries(LABELS[group]).map(([value, name]) => ({ value, label: name }));
}
