import { Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { FilterSelect, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { TableScroll } from "@/components/TableScroll";
import { PageHeading, QueryResult } from "@/components/Status";
import { bodyName, useBodies } from "@/lib/bodies";
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
        <FilterSelect
          name="organ"
          text="Organ"
          filters={filters}
          choices={(bodies.data ?? []).map((body) => ({ value: body.id, label: body.name }))}
        />
      </form>
      <QueryResult query={cases} what="Henter saker">
        {(page) =>
          page.items.length === 0 ? (
            <Paragraph>Ingen saker her.</Paragraph>
          ) : (
            <>
              <TableScroll label="Saker">
                <Table zebra>
                  <caption className="visually-hidden">Saker</caption>
                  <Table.Head>
                    <Table.Row>
                      <Table.HeaderCell>Saksnummer</Table.HeaderCell>
                      <Table.HeaderCell>Tittel</Table.HeaderCell>
                      <Table.HeaderCell>Status</Table.HeaderCell>
                      <Table.HeaderCell>Organ</Table.HeaderCell>
                      <Table.HeaderCell>Registrert</Table.HeaderCell>
                    </Table.Row>
                  </Table.Head>
                  <Table.Body>
                    {page.items.map((item) => (
                      <Table.Row key={item.id}>
                        <Table.Cell>{item.number}</Table.Cell>
                        <Table.Cell>
                          <AppLink to={`/saker/${item.id}`}>{item.title}</AppLink>
                        </Table.Cell>
                        <Table.Cell>
                          <Tag data-size="sm">{item.status_label_nb}</Tag>
                        </Table.Cell>
                        <Table.Cell>{bodyName(bodies.data, item.owner_body_id)}</Table.Cell>
                        <Table.Cell>{formatDate(item.created_at)}</Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              </TableScroll>
            </>
          )
        }
      </QueryResult>
      <Pager pages={pages} next={cases.data?.next_cursor} />
    </section>
  );
}
