import { Paragraph, Table } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";
import { TableScroll } from "./TableScroll";

export type Column<Row> = { header: string; cell: (row: Row) => ReactNode };

/** Every list screen's table: a caption for screen readers, sideways scrolling on a phone, a sentence when empty. */
export function ListTable<Row>({
  label,
  caption = label,
  rows,
  rowKey,
  columns,
  empty,
  zebra = true,
}: {
  label: string;
  caption?: string;
  rows: Row[];
  rowKey: (row: Row) => string | number;
  columns: Column<Row>[];
  empty: string;
  zebra?: boolean;
}) {
  if (rows.length === 0) return <Paragraph>{empty}</Paragraph>;
  return (
    <TableScroll label={label}>
      <Table zebra={zebra}>
        <caption className="visually-hidden">{caption}</caption>
        <Table.Head>
          <Table.Row>
            {columns.map((column) => (
              <Table.HeaderCell key={column.header}>{column.header}</Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row key={rowKey(row)}>
              {columns.map((column) => (
                <Table.Cell key={column.header}>{column.cell(row)}</Table.Cell>
              ))}
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </TableScroll>
  );
}
