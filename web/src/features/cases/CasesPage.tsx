import { Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { FilterSelect, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { ListTable } from "@/components/ListTable";
import { PageHeading, QueryResult } from "@/components/Status";
import { bodyChoices, bodyName, useBodies } from "@/lib/bodies";
import { formatDate } from "@/lib/format";
import { options } from "@/lib/labels";
import { holds, useMe } from "@/lib/me";
import { useCases, type CaseFilters, type CaseKind, type CaseStatus } from "./api";

export function CasesPage() {
  const pages = useKeysetPages();
  const filters = useSearchFilters(pages.first);
  const query: CaseFilters = {
    status: (filters.get("status") || undefined) as CaseStatus | undefined,
    kind: (filters.get("type") || undefined) as CaseKind | undefined,
    owner_body_id: filters.get("organ") || undefined,
  };
  const cases = useCases(query, pages.cursor);
  const bodies = useBodies();
  const me = useMe();

  return (
    <section className="stack">
      <div className="title-row">
        <PageHeading title="Saker">Saker</PageHeading>
        {holds(me.data, "work.write") && <AppLink to="/saker/ny">Registrer sak</AppLink>}
      </div>
      <form className="filters" role="search" aria-label="Filtrer saker" onSubmit={(event) => event.preventDefault()}>
        <FilterSelect name="status" text="Status" filters={filters} choices={options("caseStatus")} />
        <FilterSelect name="type" text="Type sak" filters={filters} choices={options("caseKind")} />
        <FilterSelect name="organ" text="Organ" filters={filters} choices={bodyChoices(bodies.data)} />
      </form>
      <QueryResult query={cases} what="Henter saker">
        {(page) => (
          <ListTable
            label="Saker"
            rows={page.items}
            rowKey={(item) => item.id}
            empty="Ingen saker her."
            columns={[
              { header: "Saksnummer", cell: (item) => item.number },
              { header: "Tittel", cell: (item) => <AppLink to={`/saker/${item.id}`}>{item.title}</AppLink> },
              { header: "Status", cell: (item) => <Tag data-size="sm">{item.status_label_nb}</Tag> },
              { header: "Organ", cell: (item) => bodyName(bodies.data, item.owner_body_id) },
              { header: "Registrert", cell: (item) => formatDate(item.created_at) },
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={cases.data?.next_cursor} />
    </section>
  );
}
