import { Button, Field, Label, Select, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useSearchParams } from "react-router";

/** Keyset paging: the cursors of the pages before this one, so that «Forrige side» can go back. */
export function useKeysetPages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    cursor: cursors[cursors.length - 1] ?? null,
    first: () => setCursors([null]),
    back: cursors.length > 1 ? () => setCursors(cursors.slice(0, -1)) : null,
    forward: (next: string) => setCursors([...cursors, next]),
  };
}

export function Pager({ pages, next }: { pages: ReturnType<typeof useKeysetPages>; next: string | null | undefined }) {
  return (
    <nav aria-label="Sider" className="pager">
      {pages.back && (
        <Button variant="secondary" onClick={pages.back}>
          Forrige side
        </Button>
      )}
      {next && (
        <Button variant="secondary" onClick={() => pages.forward(next)}>
          Neste side
        </Button>
      )}
    </nav>
  );
}

/** A list's filters in the address (so a filtered list can be linked to); a change starts at page one. */
export function useSearchFilters(onChange: () => void) {
  const [params, setParams] = useSearchParams();
  // Several at once (a form's fields on submit); an empty value drops its filter.
  const setAll = (values: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(values)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next, { replace: true });
    onChange();
  };
  return {
    get: (name: string) => params.get(name) ?? "",
    set: (name: string, value: string) => setAll({ [name]: value }),
    setAll,
  };
}

export function FilterSelect({
  name,
  text,
  filters,
  choices,
}: {
  name: string;
  text: string;
  filters: ReturnType<typeof useSearchFilters>;
  choices: { value: string; label: string }[];
}) {
  return (
    <Field>
      <Label htmlFor={`filter-${name}`}>{text}</Label>
      <Select
        id={`filter-${name}`}
        value={filters.get(name)}
        onChange={(event) => filters.set(name, event.target.value)}
      >
        <Select.Option value="">Alle</Select.Option>
        {choices.map((choice) => (
          <Select.Option key={choice.value} value={choice.value}>
            {choice.label}
          </Select.Option>
        ))}
      </Select>
    </Field>
  );
}

/** A free-text filter (the API's `q`), kept in the address like the others. */
export function FilterText({
  name,
  text,
  filters,
}: {
  name: string;
  text: string;
  filters: ReturnType<typeof useSearchFilters>;
}) {
  return (
    <Textfield
      id={`filter-${name}`}
      type="search"
      label={text}
      value={filters.get(name)}
      onChange={(event) => filters.set(name, event.target.value)}
    />
  );
}
