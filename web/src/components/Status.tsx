import { Alert, Button, Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useEffect, type ReactNode } from "react";
import { ApiError, errorMessage, type RuleReport } from "@/lib/problem";

/** What a list or page shows while it loads: never a blank screen. */
export function Loading({ what = "Laster" }: { what?: string }) {
  return (
    <div className="loading" role="status">
      <Spinner aria-hidden="true" data-size="sm" />
      <span>{what} …</span>
    </div>
  );
}

/** The rules that stop (or would stop) a change: each message in bokmål, with its source. */
export function RuleList({ rules }: { rules: Pick<RuleReport, "rule" | "message_nb" | "citation">[] }) {
  return (
    <ul className="rules">
      {rules.map((rule) => (
        <li key={rule.rule}>
          <span>{rule.message_nb}</span>
          <span className="citation">Kilde: {rule.citation}</span>
        </li>
      ))}
    </ul>
  );
}

/** An error as the user reads it: the Norwegian message, a 409's rules, a reload for a stale copy. */
export function ErrorMessage({
  error,
  onReload,
  children,
}: {
  error: unknown;
  onReload?: () => void;
  children?: ReactNode;
}) {
  const violations = error instanceof ApiError ? error.violations : [];
  const stale = error instanceof ApiError && error.staleCopy;
  return (
    <Alert data-color="danger" role="alert">
      <Paragraph>{errorMessage(error)}</Paragraph>
      {violations.length > 0 && <RuleList rules={violations} />}
      {children}
      {stale && onReload && (
        <Button variant="secondary" data-size="sm" onClick={onReload}>
          Last inn på nytt
        </Button>
      )}
    </Alert>
  );
}

/** A query's three states in one place: loading, its error, or what it found. */
export function QueryResult<T>({
  query,
  what,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  what?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading what={what} />;
  if (query.error || query.data === undefined)
    return <ErrorMessage error={query.error} onReload={() => query.refetch()} />;
  return <>{children(query.data)}</>;
}

/** A page's heading, which is also the document's title. */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  useEffect(() => {
    document.title = `${title} – Arbeidsflaten`;
  }, [title]);
  return (
    <Heading level={1} data-size="lg" id="sidetittel" tabIndex={-1}>
      {children}
    </Heading>
  );
}
