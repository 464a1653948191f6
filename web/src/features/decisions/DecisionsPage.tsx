import { Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { FilterSelect, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { PageHeading, QueryResult } from "@/components/Status";
import { ListTable } from "@/components/ListTable";
import { bodyName, useBodies } from "@/lib/bodies";
import { formatDate } from "@/lib/format";
import { label, options } from "@/lib/labels";
import { useDecisions, type DecisionFilters, type DecisionKind } from "./api";

const FIRST_YEAR = 2024; // the arrangement's first year

function years(): { value: string; label: string }[] {
  const last = new Date().getFullYear();
  return Array.from({ length: last - FIRST_YEAR + 1 }, (_, index) => String(last - index)).map((year) => ({
    value: year,
    label: year,
  }));
}

export function DecisionsPage() {
  const pages = useKeysetPages();
  const filters = useSearchFilters(pages.first);
  const year = filters.get("ar");
  const query: DecisionFilters = {
    follow_up_status: filters.get("oppfolging") || undefined,
    kind: (filters.get("type") || undefined) as DecisionKind | undefined,
    from: year ? `${year}-01-01` : undefined,
    to: year ? `${year}-12-31` : undefined,
  };
  const decisions = useDecisions(query, pages.cursor);
  const bodies = useBodies();

  return (
    <section className="stack">
      <PageHeading title="Vedtak og oppfølging">Vedtak og oppfølging</PageHeading>
      <form className="filters" role="search" aria-label="Filtrer vedtak" onSubmit={(event) => event.preventDefault()}>
        <FilterSelect name="oppfolging" text="Oppfølging" filters={filters} choices={options("followUpStatus")} />
        <FilterSelect name="type" text="Type vedtak" filters={filters} choices={options("decisionKind")} />
        <FilterSelect name="ar" text="År" filters={filters} choices={years()} />
      </form>
      <QueryResult query={decisions} what="Henter vedtak">
        {(page) => (
          <ListTable
            label="Vedtak"
            rows={page.items}
            rowKey={(decision) => decision.id}
            empty="Ingen vedtak her."
            columns={[
              {
                header: "Sak",
                cell: (decision) => (
                  <AppLink to={`/vedtak/${decision.id}`}>
                    {decision.case_number} {decision.case_title}
                  </AppLink>
                ),
              },
              { header: "Type vedtak", cell: (decision) => label("decisionKind", decision.kind) },
              { header: "Vedtatt", cell: (decision) => formatDate(decision.decided_at) },
              {
                header: "Oppfølging",
                cell: (decision) => <Tag data-size="sm">{decision.follow_up_status_label_nb}</Tag>,
              },
              {
                header: "Ansvarlig",
                cell: (decision) =>
                  decision.responsible_body_id ? bodyName(bodies.data, decision.responsible_body_id) : "Ikke satt",
              },
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={decisions.data?.next_cursor} />
    </section>
  );
}
