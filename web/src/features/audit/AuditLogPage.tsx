import { Alert, Button, Field, Label, Paragraph, Select, Textfield } from "@digdir/designsystemet-react";
import type { FormEvent } from "react";
import { useLocation } from "react-router";
import { AppLink } from "@/components/AppLink";
import { Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { ListTable } from "@/components/ListTable";
import { Section } from "@/components/Section";
import { PageHeading, QueryResult } from "@/components/Status";
import { useBodies } from "@/lib/bodies";
import { entityPath } from "@/lib/entities";
import { formatDateTime } from "@/lib/format";
import { formText } from "@/lib/forms";
import { label, options } from "@/lib/labels";
import { useAuditEvents, useChainStatus } from "./api";
import { auditQuery, type AuditFilterValues } from "./logic";

/** Whether the hash chain holds, as the service finds it now. */
function ChainStatus() {
  const status = useChainStatus();
  return (
    <Section id="kjeden" title="Kjedens kontroll">
      <QueryResult query={status} what="Kontrollerer hash-kjeden, det kan ta noen sekunder">
        {(chain) => (
          <Alert data-color={chain.intact ? "success" : "danger"}>
            {chain.intact ? (
              <Paragraph>
                Kjeden er hel: {chain.events} hendelser kontrollert {formatDateTime(chain.checked_at)}.
              </Paragraph>
            ) : (
              <>
                <Paragraph>
                  Kjeden er brutt: en hendelse er endret eller fjernet utenom tjenesten. De {chain.events} hendelsene
                  før bruddet er hele.
                </Paragraph>
                <Paragraph data-size="sm">
                  Bruddet: <span lang="en">{chain.broken}</span>
                </Paragraph>
              </>
            )}
            <Paragraph data-size="sm" className="hash">
              Siste kontrollerte hash: <code>{chain.last_hash}</code>
            </Paragraph>
            <Button variant="secondary" data-size="sm" disabled={status.isFetching} onClick={() => status.refetch()}>
              {status.isFetching ? "Kontrollerer …" : "Kontroller på nytt"}
            </Button>
          </Alert>
        )}
      </QueryResult>
    </Section>
  );
}

/** The events, newest first, filtered by the address. */
function Events() {
  const pages = useKeysetPages();
  const filters = useSearchFilters(pages.first);
  const values: AuditFilterValues = {
    type: filters.get("type"),
    objekt: filters.get("objekt"),
    aktor: filters.get("aktor"),
    fra: filters.get("fra"),
  };
  const { query, errors } = auditQuery(values);
  const valid = Object.keys(errors).length === 0;
  const events = useAuditEvents(query, pages.cursor, valid);
  const bodies = useBodies();
  const subcommittees = new Set((bodies.data ?? []).filter((b) => b.kind === "subcommittee").map((b) => b.id));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event);
    filters.setAll({ type: text("type"), objekt: text("objekt"), aktor: text("aktor"), fra: text("fra") });
  };

  return (
    <>
      <form className="filters" role="search" aria-label="Filtrer revisjonsloggen" onSubmit={submit}>
        <Field>
          <Label htmlFor="filter-type">Objekttype</Label>
          <Select id="filter-type" name="type" defaultValue={values.type}>
            <Select.Option value="">Alle</Select.Option>
            {options("entityType").map((choice) => (
              <Select.Option key={choice.value} value={choice.value}>
                {choice.label}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Textfield
          id="felt-objekt"
          name="objekt"
          label="Objektets id"
          defaultValue={values.objekt}
          error={errors.objekt}
        />
        <Textfield
          id="felt-aktor"
          name="aktor"
          label="Utført av"
          description="For eksempel person:<id> eller secretariat:<e-post>"
          defaultValue={values.aktor}
        />
        <Textfield
          id="felt-fra"
          name="fra"
          type="date"
          label="Fra og med dato"
          defaultValue={values.fra}
          error={errors.fra}
        />
        <div>
          <Button type="submit">Vis hendelser</Button>
        </div>
      </form>
      {valid ? (
        <QueryResult query={events} what="Henter hendelser">
          {(page) => (
            <ListTable
              label="Hendelser"
              caption="Hendelser i revisjonsloggen, nyeste først"
              rows={page.items}
              rowKey={(event) => event.id}
              empty="Ingen hendelser med disse filtrene."
              columns={[
                { header: "Tid", cell: (event) => formatDateTime(event.at) },
                { header: "Handling", cell: (event) => <code>{event.action}</code> },
                {
                  header: "Objekt",
                  cell: (event) => {
                    const name = label("entityType", event.entity_type);
                    const path = entityPath(event.entity_type, event.entity_id, (id) => subcommittees.has(id));
                    return (
                      <>
                        {path ? <AppLink to={path}>{name}</AppLink> : name}{" "}
                        <AppLink to={`/revisjonslogg?objekt=${event.entity_id}`}>(alle hendelser)</AppLink>
                      </>
                    );
                  },
                },
                {
                  header: "Utført av",
                  cell: (event) => (
                    <AppLink to={`/revisjonslogg?aktor=${encodeURIComponent(event.actor)}`}>{event.actor_name}</AppLink>
                  ),
                },
              ]}
            />
          )}
        </QueryResult>
      ) : (
        <Paragraph>Rett opp filtrene for å se hendelsene.</Paragraph>
      )}
      <Pager pages={pages} next={valid ? events.data?.next_cursor : null} />
    </>
  );
}

/** The audit log: every change by object, actor and time; and whether its hash chain holds. */
export function AuditLogPage() {
  const { search } = useLocation();
  return (
    <section className="stack">
      <PageHeading title="Revisjonslogg">Revisjonslogg</PageHeading>
      <ChainStatus />
      {/* Anew for each address: a link that sets a filter shows it in the fields and starts at page one. */}
      <Events key={search} />
    </section>
  );
}
