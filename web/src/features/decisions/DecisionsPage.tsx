import { Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { FilterSelect, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { PageHeading, QueryResult } from "@/components/Status";
import { TableScroll } from "@/components/TableScroll";
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
        {(page) =>
          page.items.length === 0 ? (
            <Paragraph>Ingen vedtak her.</Paragraph>
          ) : (
            <TableScroll label="Vedtak">
              <Table zebra>
                <caption className="visually-hidden">Vedtak</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>Sak</Table.HeaderCell>
                    <Table.HeaderCell>Type vedtak</Table.HeaderCell>
                    <Table.HeaderCell>Vedtatt</Table.HeaderCell>
                    <Table.HeaderCell>Oppfølging</Table.HeaderCell>
                    <Table.HeaderCell>Ansvarlig</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {page.items.map((decision) => (
                    <Table.Row key={decision.id}>
                      <Table.Cell>
                        <AppLink to={`/vedtak/${decision.id}`}>
                          {decision.case_number} {decision.case_title}
                        </AppLink>
                      </Table.Cell>
                      <Table.Cell>{label("decisionKind", decision.kind)}</Table.Cell>
                      <Table.Cell>{formatDate(decision.decided_at)}</Table.Cell>
                      <Table.Cell>
                        <Tag data-size="sm">{decision.follow_up_status_label_nb}</Tag>
                      </Table.Cell>
                      <Table.Cell>
                        {decision.responsible_body_id
                          ? bodyName(bodies.data, decision.responsible_body_id)
                          : "Ikke satt"}
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </TableScroll>
          )
        }
      </QueryResult>
      <Pager pages={pages} next={decisions.data?.next_cursor} />
    </section>
  );
}
