import {
  Button,
  EXPERIMENTAL_FileUpload as DropZone,
  Field,
  Label,
  Paragraph,
  ValidationMessage,
} from "@digdir/designsystemet-react";
import { formatSize } from "@/lib/format";
import { ACCEPT_ATTRIBUTE, ACCEPTED_TYPES, UploadCancelled, type UploadProgress } from "@/lib/upload";

/** A labelled file input; its drop zone is the input itself stretched over it (Designsystemet's
 * FileUpload), so a file dropped there and one chosen with the keyboard arrive the same way. */
export function FilePicker({
  id,
  label,
  file,
  onChange,
  error,
  disabled = false,
}: {
  id: string;
  label: string;
  file: File | null;
  onChange: (file: File | null) => void;
  error?: string | undefined;
  disabled?: boolean;
}) {
  return (
    <Field>
      <Label htmlFor={id}>{label}</Label>
      <DropZone>
        <Paragraph id={`${id}-hjelp`} data-size="sm">
          Dra filen hit, eller velg den. Tjenesten tar imot {ACCEPTED_TYPES}.
        </Paragraph>
        <Button asChild variant="secondary" data-size="sm">
          <span>Velg fil</span>
        </Button>
        <input
          id={id}
          type="file"
          accept={ACCEPT_ATTRIBUTE}
          disabled={disabled}
          aria-describedby={`${id}-hjelp${error ? ` ${id}-feil` : ""}`}
          aria-invalid={error ? true : undefined}
          onChange={(event) => onChange(event.target.files?.[0] ?? null)}
        />
      </DropZone>
      {file && (
        <Paragraph data-size="sm" role="status">
          Valgt: {file.name} ({formatSize(file.size)})
        </Paragraph>
      )}
      {error && <ValidationMessage id={`${id}-feil`}>{error}</ValidationMessage>}
    </Field>
  );
}

/** The bytes sent so far, as a native progress bar with its label; full once the upload is done. */
export function UploadProgressBar({
  id,
  progress,
  done,
  onCancel,
}: {
  id: string;
  progress: UploadProgress | null;
  done: boolean;
  onCancel: () => void;
}) {
  if (!progress) return null;
  const total = progress.total || 1;
  const sent = done ? total : Math.min(progress.sent, total);
  const percent = Math.round((sent / total) * 100);
  return (
    <div className="upload-progress">
      <label htmlFor={id}>{done ? "Lastet opp" : "Laster opp"}</label>
      <progress id={id} max={total} value={sent}>
        {percent} %
      </progress>
      {done ? (
        <Paragraph data-size="sm" role="status">
          Ferdig: filen er lagret.
        </Paragraph>
      ) : (
        <Paragraph data-size="sm">
          {formatSize(sent)} av {progress.total ? formatSize(progress.total) : "…"} sendt ({percent} %)
        </Paragraph>
      )}
      {!done && (
        <div>
          <Button type="button" variant="secondary" data-size="sm" onClick={onCancel}>
            Avbryt opplastingen
          </Button>
        </div>
      )}
    </div>
  );
}

/** An upload the user stopped, said as a status rather than an error. */
export function UploadCancelledNote({ error }: { error: unknown }) {
  return error instanceof UploadCancelled ? <Paragraph role="status">{error.message}</Paragraph> : null;
}
