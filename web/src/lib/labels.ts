// Norwegian names of the API's codes. The states' and transitions' names move to the API's `label_nb`
// (issue 22, item 4) when it has them: then `label(...)` takes that value first and these go.
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
  // rules/lifecycles.yaml's title_nb
  caseTransition: {
    start_preparation: "Start forberedelse",
    prepare: "Ferdig forberedt",
    return: "Send tilbake til Arbeidsutvalget",
    note: "Tatt til orientering",
    withdraw: "Trekk saken",
  },
  documentKind: {
    case_presentation: "Saksfremlegg",
    knowledge_base: "Kunnskapsgrunnlag",
    minutes: "Referat",
    agenda: "Sakliste",
    report: "Rapport",
    recommendation: "Anbefaling",
    annual_plan: "Årsplan",
    other: "Dokument",
  },
  meetingStatus: {
    planned: "Planlagt",
    convened: "Innkalt",
    in_session: "Pågår",
    held: "Avholdt",
    minutes_approved: "Referat godkjent",
    cancelled: "Avlyst",
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
  followUp: { open: "Åpen", in_progress: "Under arbeid", implemented: "Iverksatt", cancelled: "Avsluttet" },
} as const;

export type LabelGroup = keyof typeof LABELS;

/** The Norwegian name of a code: the API's own label when it gives one, else ours, else the code. */
export function label(group: LabelGroup, code: string, fromApi?: string | null): string {
  if (fromApi) return fromApi;
  const names: Record<string, string> = LABELS[group];
  return names[code] ?? code;
}

export function options(group: LabelGroup): { value: string; label: string }[] {
  return Object.entries(LABELS[group]).map(([value, name]) => ({ value, label: name }));
}
