// A problem+json answer (RFC 9457) as the app shows it: always Norwegian, never the raw JSON.
import type { components } from "./api-types.gen";

export type Problem = components["schemas"]["Problem"];
export type RuleReport = components["schemas"]["RuleReport"];

export const NETWORK_MESSAGE = "Fikk ikke kontakt med tjenesten. Sjekk nettforbindelsen og prøv igjen.";

const MESSAGES: Record<number, string> = {
  400: "Forespørselen kunne ikke leses. Prøv igjen.",
  401: "Du er ikke logget inn, eller økten er utløpt. Logg inn på nytt.",
  403: "Du har ikke tilgang til å gjøre dette.",
  404: "Fant ikke det du så etter. Det kan være fjernet, eller du har ikke tilgang til det.",
  409: "Handlingen stoppes av reglene for samordningen.",
  412: "Noen andre har endret saken. Last inn på nytt.",
  413: "Innholdet er for stort.",
  422: "Noen felt er ikke fylt ut riktig.",
  428: "Endringen kunne ikke kontrolleres mot siste versjon. Last inn på nytt og prøv igjen.",
  429: "For mange forespørsler på kort tid. Vent litt og prøv igjen.",
};

/** The Norwegian sentence for an HTTP status. */
export function messageFor(status: number): string {
  if (status >= 500) return "Noe gikk galt hos oss. Prøv igjen om litt.";
  return MESSAGES[status] ?? "Noe gikk galt. Prøv igjen.";
}

/** What went wrong in a call to the API; `status` 0 when the service could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  /** `message`: what the operation says instead of the status's sentence (an upload names the file's fault). */
  constructor(status: number, problem: Problem | null, message: string = messageFor(status)) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  /** The rules that stopped a change (409), each with its Norwegian message and citation. */
  get violations(): RuleReport[] {
    return this.problem?.violations ?? [];
  }

  /** Field errors by field name (`body.title` → `title`), for showing beside each field: the service's
   * own bokmål (`message_nb`) where it gives one. */
  get fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const error of this.problem?.errors ?? []) {
      const [where, ...rest] = error.field.split(".");
      const field = where === "body" && rest.length > 0 ? rest.join(".") : error.field;
      errors[field] ??= error.message_nb || fieldMessage(error.type ?? null, error.message);
    }
    return errors;
  }

  /** Whether the user should reload to see someone else's change (412) or a fresh version (428). */
  get staleCopy(): boolean {
    return this.status === 412 || this.status === 428;
  }
}

/** Pydantic's error kinds in Norwegian; anything else says only that the field is wrong. */
export function fieldMessage(type: string | null, message: string): string {
  if (type === "missing") return "Feltet må fylles ut.";
  if (type === "string_too_short") return "Feltet må fylles ut.";
  if (type === "string_too_long") return "Teksten er for lang.";
  if (type?.startsWith("uuid") || type === "enum" || type === "literal_error") return "Velg en av verdiene.";
  if (type?.startsWith("date") || type?.startsWith("datetime")) return "Skriv en gyldig dato.";
  if (type === "string_pattern_mismatch") return "Teksten inneholder tegn som ikke er tillatt.";
  // The service's own checks (no schema type) are written for people; keep them when they are Norwegian.
  return type === null && /[æøåÆØÅ]/.test(message) ? message : "Verdien er ikke gyldig.";
}

/** Any thrown value as a Norwegian sentence (for a query's or mutation's error). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return NETWORK_MESSAGE;
}
