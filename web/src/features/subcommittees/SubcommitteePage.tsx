import { Button, Paragraph, Tag } from "@digdir/designsystemet-react";
import type { FormEvent } from "react";
import { useParams } from "react-router";
import { AppLink } from "@/components/AppLink";
import { SelectInput, TextInput } from "@/components/FormFields";
import { Section } from "@/components/Section";
import { ErrorMessage, PageHeading, QueryResult } from "@/components/Status";
import { Transitions } from "@/components/Transitions";
import { daysLeft, formatDate, formatDateTime } from "@/lib/format";
import { formText } from "@/lib/forms";
import { label } from "@/lib/labels";
import { ApiError } from "@/lib/problem";
import { useBody, useOwnDocuments, usePersons, useRegisterDelivery, useSubcommittee, type Subcommittee } from "./api";
import { currentMembers, ROLE } from "./logic";

function Members({ subcommittee }: { subcommittee: Subcommittee }) {
  const persons = usePersons();
  const members = currentMembers(subcommittee.members ?? []);
  const name = (id: string) => persons.data?.find((person) => person.id === id)?.name ?? "Ukjent person";
  return members.length === 0 ? (
    <Paragraph>Ingen medlemmer.</Paragraph>
  ) : (
    <ul className="stack">
      {members.map((member) => (
        <li key={member.id}>
          <strong>{name(member.person_id)}</strong> ({ROLE[member.role] ?? member.role})
          {member.background && `, ${label("membershipBackground", member.background)}`}
          {member.competence && <Paragraph data-size="sm">Kompetanse: {member.competence}</Paragraph>}
        </li>
      ))}
    </ul>
  );
}

function Deliveries({ subcommittee }: { subcommittee: Subcommittee }) {
  const deliveries = subcommittee.deliveries ?? [];
  return deliveries.length === 0 ? (
    <Paragraph>Ingen leveranser ennå.</Paragraph>
  ) : (
    <ul>
      {deliveries.map((delivery) => (
        <li key={delivery.id}>
          <AppLink to={`/dokumenter/${delivery.document_id}`}>{delivery.title}</AppLink>, levert{" "}
          {formatDateTime(delivery.delivered_at)}
          {delivery.late && " (etter fristen)"}
        </li>
      ))}
    </ul>
  );
}

/** A delivery to the AU, from a document the subcommittee owns; every delivery is published. */
function RegisterDelivery({ subcommittee }: { subcommittee: Subcommittee }) {
  const documents = useOwnDocuments(subcommittee.id);
  const delivered = new Set((subcommittee.deliveries ?? []).map((delivery) => delivery.document_id));
  const register = useRegisterDelivery(subcommittee.id);
  const errors = register.error instanceof ApiError ? register.error.fieldErrors : {};
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = formText(event);
    register.mutate({ title: text("title"), document_id: text("document_id") }, { onSuccess: () => form.reset() });
  };
  return (
    <QueryResult query={documents} what="Henter underutvalgets dokumenter">
      {(found) => {
        const owned = found.filter((document) => !delivered.has(document.id));
        return owned.length === 0 ? (
          <Paragraph>
            Underutvalget har ingen dokumenter som ikke er levert.{" "}
            <AppLink to="/dokumenter/ny">Skriv et dokument</AppLink> for underutvalget først.
          </Paragraph>
        ) : (
          <form className="stack" onSubmit={submit} noValidate aria-label="Registrer leveranse">
            <SelectInput
              name="document_id"
              label="Dokument som leveres"
              error={errors.document_id}
              description="Et av underutvalgets egne dokumenter. Leveransen blir offentlig."
              choices={owned.map((document) => ({ value: document.id, label: document.title }))}
            />
            <TextInput name="title" label="Tittel på leveransen" error={errors.title} />
            <div>
              <Button type="submit" disabled={register.isPending}>
                {register.isPending ? "Registrerer …" : "Registrer leveransen"}
              </Button>
            </div>
            {register.error && Object.keys(errors).length === 0 && <ErrorMessage error={register.error} />}
            {register.isSuccess && <Paragraph role="status">Leveransen er registrert.</Paragraph>}
          </form>
        );
      }}
    </QueryResult>
  );
}

export function SubcommitteePage() {
  const { subcommitteeId = "" } = useParams();
  const subcommittee = useSubcommittee(subcommitteeId);
  const body = useBody(subcommitteeId);
  const can = body.data?.can ?? [];
  return (
    <QueryResult query={subcommittee} what="Henter underutvalget">
      {(found) => (
        <article className="stack">
          <Paragraph data-size="sm">
            <AppLink to="/underutvalg">Alle underutvalg</AppLink>
          </Paragraph>
          <PageHeading title={found.name}>{found.name}</PageHeading>
          <div className="tags">
            <Tag data-color="info">{label("bodyStatus", found.status)}</Tag>
          </div>
          <div className="columns">
            <div className="stack">
              <Section id="mandat" title="Mandat">
                <Paragraph className="prewrap">{found.mandate ?? "Ikke satt."}</Paragraph>
                <dl className="facts">
                  <div>
                    <dt>Frist</dt>
                    <dd>
                      {found.deadline ? formatDate(found.deadline) : "Ingen frist"}
                      {found.deadline && found.status === "active" && ` (${daysLeft(found.deadline)})`}
                    </dd>
                  </div>
                  <div>
                    <dt>Støtte</dt>
                    <dd>{found.support ?? "Ingen avtalt"}</dd>
                  </div>
                  {found.dissolved_at && (
                    <div>
                      <dt>Oppløst</dt>
                      <dd>{formatDate(found.dissolved_at)}</dd>
                    </div>
                  )}
                </dl>
                {found.established_by_decision_id && (
                  <Paragraph data-size="sm">
                    <AppLink to={`/vedtak/${found.established_by_decision_id}`}>Vedtaket som opprettet det</AppLink>
                  </Paragraph>
                )}
              </Section>
              <Section id="medlemmer" title="Medlemmer">
                <Members subcommittee={found} />
              </Section>
              <Section id="leveranser" title="Leveranser">
                <Deliveries subcommittee={found} />
                {can.includes("register_delivery") && found.status !== "dissolved" && (
                  <RegisterDelivery subcommittee={found} />
                )}
              </Section>
            </div>
            {can.includes("transition") && (
              <Transitions
                entity="body"
                id={found.id}
                alsoChanged={[["subcommittee", found.id], ["subcommittees"], ["bodies"]]}
                empty="Underutvalget er oppløst."
              />
            )}
          </div>
        </article>
      )}
    </QueryResult>
  );
}
