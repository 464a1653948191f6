import { Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { FilterSelect, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { TableScroll } from "@/components/TableScroll";
import { PageHeading, QueryResult } from "@/components/Status";
import { bodyName, useBodies } from "@/lib/bodies";
import { formatDate } from "@/lib/format";
import { label, options } from "@/lib/labels";
import { holds, useMe } from "@/lib/me";
import { useDocuments, type DocumentKind } from "./api";

export function DocumentsPage() {
  const pages = useKeysetPages();
  const filters = useSearchFilters(pages.first);
  const documents = useDocuments((filters.get("type") || undefined) as DocumentKind | undefined, pages.cursor);
  const bodies = useBodies();
  const me = useMe();

  return (
    <section className="stack">
      <div className="title-row">
        <PageHeading title="Dokumenter">Dokumenter</PageHeading>
        {holds(me.data, "work.write") && <AppLink to="/dokumenter/ny">Nytt dokument</AppLink>}
      </div>
      <form
        className="filters"
        role="search"
        aria-label="Filtrer dokumenter"
        onSubmit={(event) => event.preventDefault()}
      >
        <FilterSelect name="type" text="Dokumenttype" filters={filters} choices={options("documentKind")} />
      </form>
      <QueryResult query={documents} what="Henter dokumenter">
        {(page) =>
          page.items.length === 0 ? (
            <Paragraph>Ingen dokumenter her.</Paragraph>
          ) : (
            <TableScroll label="Dokumenter">
              <Table zebra>
                <caption className="visually-hidden">Dokumenter</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>Tittel</Table.HeaderCell>
                    <Table.HeaderCell>Type</Table.HeaderCell>
                    <Table.HeaderCell>Organ</Table.HeaderCell>
                    <Table.HeaderCell>Offentlig</Table.HeaderCell>
                    <Table.HeaderCell>Sist endret</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {page.items.map((item) => (
                    <Table.Row key={item.id}>
                      <Table.Cell>
                        <AppLink to={`/dokumenter/${item.id}`}>{item.title}</AppLink>
                      </Table.Cell>
                      <Table.Cell>{label("documentKind", item.kind)}</Table.Cell>
                      <Table.Cell>{bodyName(bodies.data, item.owner_body_id)}</Table.Cell>
                      <Table.Cell>
                        {item.published_at ? <Tag data-size="sm">Publisert</Tag> : item.public ? "Ja" : "Nei"}
                      </Table.Cell>
                      <Table.Cell>{formatDate(item.updated_at)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </TableScroll>
          )
        }
      </QueryResult>
      <Pager pages={pages} next={documents.data?.next_cursor} />
    </section>
  );
}
