// Compiled with `tsc --strict --noEmit` against the SDK @hey-api/openapi-ts generates from
// openapi/openapi.json with its default plugins (./sdk, written by tests/test_generated_clients.py).
// No casts, no `in`: the answers are told apart by what the types say (`error`, `dry_run`, `status`).
import { createClient } from "./sdk/client";
import {
  casesCreate,
  casesGet,
  casesList,
  casesTransition,
  casesTransitionsList,
  meetingsTransition,
  type CaseCreate,
  type CaseOut,
  type CaseStatus,
  type CaseTransitionName,
  type Problem,
  type RuleReport,
} from "./sdk";

const client = createClient({ baseUrl: "http://127.0.0.1:8000", auth: () => "token" });

// Lists: every case of a kind, page by page.
export async function allCases(kind: CaseOut["kind"], cursor: string | null = null): Promise<CaseOut[]> {
  const page = await casesList({ client, query: { kind, limit: 100, cursor } });
  if (page.error) throw new Error(page.error.detail);
  const rest = page.data.next_cursor === null ? [] : await allCases(kind, page.data.next_cursor);
  return [...page.data.items, ...rest];
}

// Fields with a default are optional to send.
export async function register(body: CaseCreate): Promise<string> {
  const created = await casesCreate({ client, body });
  return created.error ? created.error.errors?.map((e) => e.field).join(", ") ?? "" : created.data.number;
}

const describe = (reports: RuleReport[]): string =>
  reports.map((r) => `${r.rule} (${r.severity}): ${r.message_nb}`).join("; ");

// A problem by its status: 409's violations, 412's stale copy, 422's fields.
export function explain(problem: Problem): string {
  switch (problem.status) {
    case 409:
      return describe(problem.violations ?? []);
    case 412:
      return "Saken er endret av andre: hent den på nytt.";
    case 422:
      return (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join("; ");
    default:
      return problem.detail_nb;
  }
}

// A dry run, then the transition itself, both with the copy's ETag.
export async function transition(caseId: string, name: CaseTransitionName): Promise<CaseStatus | string> {
  const current = await casesGet({ client, path: { case_id: caseId } });
  if (current.error) return explain(current.error);
  const etag = current.response?.headers.get("etag") ?? "";
  const options = await casesTransitionsList({ client, path: { case_id: caseId } });
  if (options.error) return explain(options.error);
  if (!options.data.transitions.some((t) => t.name === name)) return `${name} fra ${options.data.state}?`;

  const path = { case_id: caseId, name };
  const dry = await casesTransition({ client, path, query: { dry_run: true }, headers: { "if-match": etag } });
  if (dry.error) return explain(dry.error);
  if (dry.data.dry_run && !dry.data.allowed) return `${dry.data.transition}: ${describe(dry.data.violations)}`;

  const done = await casesTransition({ client, path, headers: { "if-match": etag } });
  if (done.error) return explain(done.error);
  if (done.data.dry_run) return "ingen endring";
  const warned = done.data.warnings.length ? ` (${describe(done.data.warnings)})` : "";
  return `${done.data.number}: ${done.data.status}${warned}`;
}

// A meeting's transition answers its own types: the meeting's status, its transition names.
export async function convene(meetingId: string, etag: string): Promise<string> {
  const done = await meetingsTransition({
    client,
    path: { meeting_id: meetingId, name: "convene" },
    headers: { "if-match": etag },
  });
  if (done.error) return explain(done.error);
  return done.data.dry_run ? done.data.transition : done.data.status;
}
