import { AppLink } from "@/components/AppLink";
import { FilterSelect, FilterText, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { ListTable } from "@/components/ListTable";
import { QueryResult } from "@/components/Status";
import { holds, useMe } from "@/lib/me";
import { useOrganizations, type OrganizationFilters } from "./api";
import { yesNo } from "./logic";
import { RegisterHeading } from "./RegisterHeading";

const YES_NO = [
  { value: "true", label: "Ja" },
  { value: "false", label: "Nei" },
];

export function OrganizationsPage() {
  const pages = useKeysetPages();
  const filters = useSearchFilters(pages.first);
  const query: OrganizationFilters = {
    q: filters.get("sok") || undefined,
    central_health_administration: yesNo(filters.get("sentral")),
    collaboration_actor: yesNo(filters.get("samarbeid")),
    stakeholder: yesNo(filters.get("interessent")),
  };
  const organizations = useOrganizations(query, pages.cursor);
  const me = useMe();
  return (
    <section className="stack">
      <RegisterHeading
        title="Organisasjoner"
        add={
          holds(me.data, "organization.write") && { to: "/registre/organisasjoner/ny", text: "Registrer organisasjon" }
        }
      />
      <form
        className="filters"
        role="search"
        aria-label="Filtrer organisasjoner"
        onSubmit={(event) => event.preventDefault()}
      >
        <FilterText name="sok" text="Navn eller kortnavn" filters={filters} />
        <FilterSelect name="sentral" text="Sentral helseforvaltning" filters={filters} choices={YES_NO} />
        <FilterSelect name="samarbeid" text="Aktør i I trygge hender 24-7" filters={filters} choices={YES_NO} />
        <FilterSelect name="interessent" text="Interessent" filters={filters} choices={YES_NO} />
      </form>
      <QueryResult query={organizations} what="Henter organisasjoner">
        {(page) => (
          <ListTable
            label="Organisasjoner"
            rows={page.items}
            rowKey={(item) => item.id}
            empty="Ingen organisasjoner her."
            columns={[
              {
                header: "Navn",
                cell: (item) => <AppLink to={`/registre/organisasjoner/${item.id}`}>{item.name}</AppLink>,
              },
              { header: "Kortnavn", cell: (item) => item.short_name ?? "–" },
              { header: "Organisasjonsnummer", cell: (item) => item.org_number ?? "–" },
              {
                header: "Sentral helseforvaltning",
                cell: (item) => (item.central_health_administration ? "Ja" : "Nei"),
              },
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={organizations.data?.next_cursor} />
    </section>
  );
}
