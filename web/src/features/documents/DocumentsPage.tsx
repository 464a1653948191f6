import { Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { FilterSelect, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { ListTable } from "@/components/ListTable";
import { PageHeading, QueryResult } from "@/components/Status";
import { bodyChoices, bodyName, useBodies } from "@/lib/bodies";
import { formatDate } from "@/lib/format";
import { label, options } from "@/lib/labels";
import { holds, useMe } from "@/lib/me";
import { useDocuments, type DocumentKind } from "./api";

export function DocumentsPage() {
  const pages = useKeysetPages();
  const filters = useSearchFilters(pages.first);
  const documents = useDocuments(
    {
      kind: (filters.get("type") || undefined) as DocumentKind | undefined,
      owner_body_id: filters.get("organ") || undefined,
    },
    pages.cursor,
  );
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
        <FilterSelect name="organ" text="Organ" filters={filters} choices={bodyChoices(bodies.data)} />
      </form>
      <QueryResult query={documents} what="Henter dokumenter">
        {(page) => (
          <ListTable
            label="Dokumenter"
            rows={page.items}
            rowKey={(item) => item.id}
            empty="Ingen dokumenter her."
            columns={[
              { header: "Tittel", cell: (item) => <AppLink to={`/dokumenter/${item.id}`}>{item.title}</AppLink> },
              { header: "Type", cell: (item) => label("documentKind", item.kind) },
              { header: "Organ", cell: (item) => bodyName(bodies.data, item.owner_body_id) },
              {
                header: "Offentlig",
                cell: (item) => (item.published_at ? <Tag data-size="sm">Publisert</Tag> : item.public ? "Ja" : "Nei"),
              },
              { header: "Sist endret", cell: (item) => formatDate(item.updated_at) },
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={documents.data?.next_cursor} />
    </section>
  );
}
