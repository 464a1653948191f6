import { ErrorSummary } from "@digdir/designsystemet-react";

/** A form's field errors at its top, each a link to its field. Designsystemet's element takes focus
 * when it appears, so that a keyboard or screen reader user hears what to put right. */
export function FieldErrorSummary({
  heading,
  errors,
  names,
}: {
  heading: string;
  errors: [field: string, message: string][];
  names: Record<string, string>;
}) {
  if (errors.length === 0) return null;
  return (
    <ErrorSummary>
      <ErrorSummary.Heading>{heading}</ErrorSummary.Heading>
      <ErrorSummary.List>
        {errors.map(([field, message]) => (
          <ErrorSummary.Item key={field}>
            <ErrorSummary.Link href={`#felt-${field}`}>
              {names[field]}: {message}
            </ErrorSummary.Link>
          </ErrorSummary.Item>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
  );
}
