import { Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useParams } from "react-router";
import { FactList } from "@/components/FactList";
import { Section } from "@/components/Section";
import { AppLink } from "@/components/AppLink";
import { PageHeading, QueryResult } from "@/components/Status";
import { Transitions } from "@/components/Transitions";
import { bodyName, useBodies } from "@/lib/bodies";
import { formatDate, formatDateTime } from "@/lib/format";
import { label } from "@/lib/labels";
import { useCase, useCaseDocuments, useCaseHistory, useStakeholderNames, type Case } from "./api";

function Facts({ item }: { item: Case }) {
  const bodies = useBodies();
  const names = useStakeholderNames();
  const facts: [string, string][] = [
    ["Saksnummer", item.number],
    ["Type sak", label("caseKind", item.kind)],
    ["Organ", bodyName(bodies.data, item.owner_body_id)],
    ["Registrert", formatDate(item.created_at)],
    ["Sist endret", formatDate(item.updated_at)],
    ["Stort utviklingsarbeid", item.large_development_work ? "Ja" : "Nei"],
  ];
  if (item.closed_at) facts.push(["Avsluttet", formatDate(item.closed_at)]);
  return (
    <Section id="fakta" title="Fakta">
      <FactList items={facts} />
      {item.summary && (
        <>
          <Heading level={3} data-size="xs">
            Sammendrag
          </Heading>
          <Paragraph className="prewrap">{item.summary}</Paragraph>
        </>
      )}
      <Heading level={3} data-size="xs">
        Strategisk begrunnelse
      </Heading>
      <Paragraph className="prewrap">{item.strategic_rationale ?? "Ikke skrevet ennå."}</Paragraph>
      {item.return_reason && (
        <>
          <Heading level={3} data-size="xs">
            Hvorfor saken ble sendt tilbake
          </Heading>
          <Paragraph className="prewrap">{item.return_reason}</Paragraph>
        </>
      )}
      <Heading level={3} data-size="xs">
        Berørte aktører
      </Heading>
      {item.stakeholders_involved.length === 0 ? (
        <Paragraph>Ingen registrert.</Paragraph>
      ) : (
        <ul>
          {item.stakeholders_involved.map((id) => (
            <li key={id}>{names.data?.get(id) ?? "Ukjent virksomhet"}</li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Documents({ caseId }: { caseId: string }) {
  const documents = useCaseDocuments(caseId);
  return (
    <Section id="dokumenter" title="Dokumenter">
      <QueryResult query={documents} what="Henter dokumenter">
        {(page) =>
          page.items.length === 0 ? (
            <Paragraph>Ingen dokumenter er knyttet til saken.</Paragraph>
          ) : (
            <ul>
              {page.items.map((attached) => (
                <li key={attached.id}>
                  <AppLink to={`/dokumenter/${attached.document.id}`}>{attached.document.title}</AppLink> (
                  {label("documentKind", attached.document.kind)})
                </li>
              ))}
            </ul>
          )
        }
      </QueryResult>
      <Paragraph data-size="sm">
        <AppLink to={`/dokumenter/ny?sak=${caseId}`}>Skriv et dokument til saken</AppLink>
      </Paragraph>
    </Section>
  );
}

function History({ caseId }: { caseId: string }) {
  const history = useCaseHistory(caseId);
  return (
    <Section id="historikk" title="Historikk">
      <QueryResult query={history} what="Henter historikken">
        {(page) => (
          <ol className="history">
            {page.items.map((event) => (
              <li key={event.id}>
                {formatDateTime(event.at)}: {label("caseAction", event.action)} ({event.actor_name})
              </li>
            ))}
          </ol>
        )}
      </QueryResult>
    </Section>
  );
}

export function CasePage() {
  const { caseId = "" } = useParams();
  const item = useCase(caseId);
  return (
    <QueryResult query={item} what="Henter saken">
      {(found) => (
        <article className="stack">
          <Paragraph data-size="sm">
            <AppLink to="/saker">Alle saker</AppLink>
          </Paragraph>
          <PageHeading title={`Sak ${found.number}`}>
            {found.number} {found.title}
          </PageHeading>
          <div>
            <Tag>{found.status_label_nb}</Tag>
          </div>
          <div className="columns">
            <div className="stack">
              <Facts item={found} />
              <Documents caseId={caseId} />
              <History caseId={caseId} />
            </div>
            <Transitions entity="case" id={caseId} empty="Saken kan ikke flyttes videre herfra." />
          </div>
        </article>
      )}
    </QueryResult>
  );
}
