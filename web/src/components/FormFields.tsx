import { Field, Label, Select, Textarea, Textfield, ValidationMessage } from "@digdir/designsystemet-react";

// `idPrefix` keeps ids apart when two forms on one page have a field of the same name.
type Base = { name: string; label: string; error?: string | undefined; description?: string; idPrefix?: string };

/** A text field with its error beside it (the problem's `errors[].field`). */
export function TextInput({
  name,
  label,
  error,
  description,
  multiline = false,
  type = "text",
  defaultValue,
  required = false,
  idPrefix = "",
}: Base & {
  multiline?: boolean;
  type?: "text" | "date" | "time";
  defaultValue?: string | null;
  required?: boolean;
}) {
  const common = {
    id: `felt-${idPrefix}${name}`,
    name,
    label,
    description,
    error,
    defaultValue: defaultValue ?? "",
    required,
  };
  return multiline ? <Textfield {...common} multiline rows={6} /> : <Textfield {...common} type={type} />;
}

/** A choice with its error beside it; with `onChange`, the form follows it (`value`). */
export function SelectInput({
  name,
  label,
  error,
  description,
  choices,
  defaultValue,
  value,
  onChange,
  required = false,
  idPrefix = "",
}: Base & {
  choices: { value: string; label: string }[];
  defaultValue?: string;
  value?: string;
  onChange?: (value: string) => void;
  required?: boolean;
}) {
  const chosen = onChange
    ? { value: value ?? "", onChange: (event: { target: { value: string } }) => onChange(event.target.value) }
    : { defaultValue: defaultValue ?? "" };
  return (
    <Field>
      <Label htmlFor={`felt-${idPrefix}${name}`}>{label}</Label>
      {description && <Field.Description>{description}</Field.Description>}
      <Select
        id={`felt-${idPrefix}${name}`}
        name={name}
        {...chosen}
        required={required}
        aria-invalid={error ? true : undefined}
      >
        <Select.Option value="" disabled>
          Velg …
        </Select.Option>
        {choices.map((choice) => (
          <Select.Option key={choice.value} value={choice.value}>
            {choice.label}
          </Select.Option>
        ))}
      </Select>
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Field>
  );
}

export { Textarea };
