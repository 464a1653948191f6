import { AppLink } from "@/components/AppLink";
import { FilterSelect, FilterText, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { ListTable } from "@/components/ListTable";
import { QueryResult } from "@/components/Status";
import { holds, useMe } from "@/lib/me";
import { useAllOrganizations, usePersons, type PersonFilters } from "./api";
import { RegisterHeading } from "./RegisterHeading";

export function PersonsPage() {
  const pages = useKeysetPages();
  const filters = useSearchFilters(pages.first);
  const query: PersonFilters = {
    q: filters.get("sok") || undefined,
    organization_id: filters.get("organisasjon") || undefined,
  };
  const persons = usePersons(query, pages.cursor);
  const organizations = useAllOrganizations();
  const me = useMe();
  const organizationName = (id: string | null) =>
    organizations.data?.find((organization) => organization.id === id)?.name ?? "–";
  return (
    <section className="stack">
      <RegisterHeading
        title="Personer"
        add={holds(me.data, "person.register") && { to: "/registre/personer/ny", text: "Registrer person" }}
      />
      <form
        className="filters"
        role="search"
        aria-label="Søk etter personer"
        onSubmit={(event) => event.preventDefault()}
      >
        <FilterText name="sok" text="Navn" filters={filters} />
        <FilterSelect
          name="organisasjon"
          text="Virksomhet"
          filters={filters}
          choices={(organizations.data ?? []).map((organization) => ({
            value: organization.id,
            label: organization.name,
          }))}
        />
      </form>
      <QueryResult query={persons} what="Henter personer">
        {(page) => (
          <ListTable
            label="Personer"
            rows={page.items}
            rowKey={(item) => item.id}
            empty="Ingen personer her."
            columns={[
              { header: "Navn", cell: (item) => <AppLink to={`/registre/personer/${item.id}`}>{item.name}</AppLink> },
              { header: "Tittel", cell: (item) => item.title ?? "–" },
              { header: "Virksomhet", cell: (item) => organizationName(item.organization_id) },
              // The API shows the address only to whom the policy lets see it (person.read_contact).
              { header: "E-post", cell: (item) => item.email ?? "–" },
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={persons.data?.next_cursor} />
    </section>
  );
}
