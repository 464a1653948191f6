import { Paragraph, Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { ListTable } from "@/components/ListTable";
import { Section } from "@/components/Section";
import { PageHeading, QueryResult } from "@/components/Status";
import { useBodies } from "@/lib/bodies";

/** The registers the secretariat keeps: persons, organizations, and each body's memberships. */
export function RegistersPage() {
  const bodies = useBodies();
  return (
    <section className="stack">
      <PageHeading title="Registre">Registre</PageHeading>
      <ul>
        <li>
          <AppLink to="/registre/personer">Personer</AppLink>
        </li>
        <li>
          <AppLink to="/registre/organisasjoner">Organisasjoner</AppLink>
        </li>
      </ul>
      <Section id="organer" title="Medlemskap i organene">
        <Paragraph>Hvem som sitter i hvert organ, med roller, perioder og faste stedfortredere.</Paragraph>
        <QueryResult query={bodies} what="Henter organene">
          {(found) => (
            <ListTable
              label="Organer"
              rows={found}
              rowKey={(body) => body.id}
              empty="Ingen organer."
              columns={[
                { header: "Organ", cell: (body) => <AppLink to={`/registre/organer/${body.id}`}>{body.name}</AppLink> },
                { header: "Status", cell: (body) => <Tag data-size="sm">{body.status_label_nb}</Tag> },
              ]}
            />
          )}
        </QueryResult>
      </Section>
    </section>
  );
}
