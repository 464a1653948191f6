import { Button, Paragraph } from "@digdir/designsystemet-react";
import type { FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { AppLink } from "@/components/AppLink";
import { FactList } from "@/components/FactList";
import { FieldErrorSummary } from "@/components/FieldErrorSummary";
import { SelectInput, TextInput } from "@/components/FormFields";
import { Pager, useKeysetPages } from "@/components/ListControls";
import { ListTable } from "@/components/ListTable";
import { Section } from "@/components/Section";
import { ErrorMessage, Loading, PageHeading, QueryResult } from "@/components/Status";
import { bodyName, useBodies } from "@/lib/bodies";
import { formText } from "@/lib/forms";
import { label } from "@/lib/labels";
import { holds, useMe } from "@/lib/me";
import { ApiError } from "@/lib/problem";
import { useAllOrganizations, usePerson, usePersonMemberships, useSavePerson, type Person } from "./api";
import { MembershipForm } from "./MembershipForm";
import { period } from "./logic";

const FIELD_NAMES: Record<string, string> = {
  name: "Navn",
  email: "E-post",
  title: "Stilling",
  organization_id: "Virksomhet",
};

/** Registering a person, or changing one; the e-mail address (by which one signs in) only where the
 * policy lets the user change it. */
function PersonForm({ existing }: { existing?: Person }) {
  const save = useSavePerson(existing?.id);
  const organizations = useAllOrganizations();
  const me = useMe();
  const navigate = useNavigate();
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const listed = Object.entries(errors).filter(([field]) => field in FIELD_NAMES);
  const mayChangeEmail = !existing || holds(me.data, "person.change_email");
  // The organization's choice keeps its default only when drawn with its choices.
  if (!organizations.data) return <Loading what="Henter virksomheter" />;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event);
    const fields = {
      name: text("name"),
      title: text("title") || null,
      organization_id: text("organization_id") || null,
    };
    save.mutate(mayChangeEmail ? { ...fields, email: text("email") || null } : fields, {
      onSuccess: (saved) => !existing && navigate(`/registre/personer/${saved.id}`),
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={existing ? "Endre personen" : "Registrer person"}>
      <FieldErrorSummary heading="Rett opp dette før du lagrer:" errors={listed} names={FIELD_NAMES} />
      <TextInput name="name" label="Navn" error={errors.name} defaultValue={existing?.name} />
      {mayChangeEmail && (
        <TextInput
          name="email"
          label="E-post (valgfri)"
          description="Personen logger inn med denne adressen."
          error={errors.email}
          defaultValue={existing?.email}
        />
      )}
      <TextInput name="title" label="Stilling (valgfri)" error={errors.title} defaultValue={existing?.title} />
      <SelectInput
        name="organization_id"
        label="Virksomhet"
        error={errors.organization_id}
        defaultValue={existing?.organization_id ?? undefined}
        choices={organizations.data.map((organization) => ({
          value: organization.id,
          label: organization.name,
        }))}
      />
      <div>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Lagrer …" : existing ? "Lagre endringene" : "Registrer personen"}
        </Button>
      </div>
      {save.isSuccess && existing && <Paragraph role="status">Endringene er lagret.</Paragraph>}
      {save.error && listed.length === 0 && <ErrorMessage error={save.error} />}
    </form>
  );
}

/** The person's seats in every body, and a new one in a body whose memberships the user manages. */
function Memberships({ person }: { person: Person }) {
  const pages = useKeysetPages();
  const memberships = usePersonMemberships(person.id, pages.cursor);
  const bodies = useBodies();
  const managed = (bodies.data ?? []).filter(
    (body) => body.can.includes("manage_memberships") && body.status !== "dissolved",
  );
  return (
    <Section id="verv" title="Verv">
      <QueryResult query={memberships} what="Henter vervene">
        {(page) => (
          <ListTable
            label="Verv"
            rows={page.items}
            rowKey={(item) => item.id}
            empty="Ingen verv."
            columns={[
              {
                header: "Organ",
                cell: (item) => (
                  <AppLink to={`/registre/organer/${item.body_id}`}>{bodyName(bodies.data, item.body_id)}</AppLink>
                ),
              },
              { header: "Rolle", cell: (item) => label("membershipRole", item.role) },
              { header: "Periode", cell: (item) => period(item) },
              { header: "Representerer", cell: (item) => item.organization_name ?? "–" },
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={memberships.data?.next_cursor} />
      {managed.length > 0 && (
        <Section id="nytt-verv" title="Gi et verv">
          <MembershipForm target={{ kind: "add", bodies: managed, personId: person.id }} />
        </Section>
      )}
    </Section>
  );
}

export function PersonPage() {
  const { personId } = useParams();
  const person = usePerson(personId);
  const organizations = useAllOrganizations();
  const me = useMe();
  const back = (
    <Paragraph data-size="sm">
      <AppLink to="/registre/personer">Alle personer</AppLink>
    </Paragraph>
  );
  if (personId === undefined)
    return (
      <section className="stack narrow">
        {back}
        <PageHeading title="Registrer person">Registrer person</PageHeading>
        {me.data && !holds(me.data, "person.register") ? (
          <Paragraph>Det er sekretariatet som registrerer personer.</Paragraph>
        ) : (
          <PersonForm />
        )}
      </section>
    );
  return (
    <QueryResult query={person} what="Henter personen">
      {(found) => (
        <section className="stack">
          {back}
          <PageHeading title={found.name}>{found.name}</PageHeading>
          <div className="columns">
            <div className="stack">
              <FactList
                items={[
                  ["Stilling", found.title ?? "–"],
                  [
                    "Virksomhet",
                    organizations.data?.find((organization) => organization.id === found.organization_id)?.name ?? "–",
                  ],
                  ["E-post", found.email ?? "–"],
                ]}
              />
              <Memberships person={found} />
            </div>
            {holds(me.data, "person.update") && (
              <Section id="endre" title="Endre">
                <PersonForm key={found.version} existing={found} />
              </Section>
            )}
          </div>
        </section>
      )}
    </QueryResult>
  );
}
