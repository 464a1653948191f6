// Compiled with `tsc --strict --noEmit` against the types openapi-typescript generates from
// openapi/openapi.json (./schema.ts, written by tests/test_generated_clients.py), with its default flags
// and with `--default-non-nullable false`. No casts, no `in`: what the types say is enough.
import type { components, operations, paths } from "./schema";

type Schemas = components["schemas"];

const kind: Schemas["CaseKind"] = "decision";
// Fields with a default are optional to send (`large_development_work`, `public` …).
const create: Schemas["CaseCreate"] = { owner_body_id: "00000000-0000-0000-0000-000000000000", title: "Sak", kind };
const document: Schemas["DocumentCreate"] = { kind: "report", title: "Rapport", owner_body_id: create.owner_body_id };
const organization: Schemas["OrganizationCreate"] = { name: "Helsedirektoratet" };
const page: Schemas["CaseOutPage"] = { items: [], next_cursor: null };
const severity: Schemas["Severity"][] = ["error", "warning", "behaviour"];
type ListCases = operations["cases_list"]["parameters"]["query"];
const filter: ListCases = { kind: "information", limit: 10 };
const titles = (p: Schemas["CaseOutPage"]): string[] => p.items.map((c) => c.title);

// A transition: the path names the case, the body may be left out, If-Match is a header.
type Transition = paths["/api/v1/cases/{case_id}/transitions/{name}"]["post"];
const call: Transition["parameters"] = {
  path: { case_id: "00000000-0000-0000-0000-000000000000", name: "prepare" },
  query: { dry_run: true },
  header: { "if-match": '"etag"' },
};
type Answer = Transition["responses"][200]["content"]["application/json"];
// `dry_run` tells a dry run from a transition; `warnings` is always there.
const outcome = (a: Answer): string =>
  a.dry_run
    ? `${a.transition}: ${a.allowed ? "tillatt" : a.violations.map((v) => v.rule).join(", ")}`
    : `${a.number} ${a.status}: ${a.warnings.length} advarsler`;
const nextStates = (l: Schemas["CaseTransitionList"]): Schemas["CaseStatus"][] => l.transitions.map((t) => t.to);
const named: Schemas["CaseTransitionName"][] = ["prepare", "return"];

// Problems: a 409's violations, a 422's fields, a 412 as any problem.
type Problem = Schemas["Problem"];
const fieldOf = (p: Problem): string | undefined => p.errors?.[0]?.field;
// A 422 always names its fields.
const invalid = (p: Transition["responses"][422]["content"]["application/problem+json"]): string[] =>
  p.errors.map((e) => `${e.field}: ${e.message_nb}`);
const rules = (p: Transition["responses"][409]["content"]["application/problem+json"]): string[] =>
  (p.violations ?? []).map((v) => `${v.rule} (${v.severity}): ${v.message_nb}`);
const stale = (p: Transition["responses"][412]["content"]["application/problem+json"]): number => p.status;
const failed: Transition["responses"][500]["content"]["application/problem+json"]["request_id"] = null;

// Enum-valued fields are their enums.
const action = (e: Schemas["AuditEventOut"]): Schemas["AuditAction"] => e.action;
const entity = (e: Schemas["AuditEventOut"]): Schemas["EntityType"] => e.entity_type;
const kindOf = (d: Schemas["PublicDocument"]): Schemas["DocumentKind"] => d.kind;
const roleOf = (m: Schemas["SubcommitteeMemberOut"]): Schemas["MembershipRole"] => m.role;
const onBodies = (g: Schemas["GrantOut"]): Schemas["BodyKind"][] => g.on ?? [];

export {
  create,
  document,
  organization,
  page,
  severity,
  filter,
  titles,
  call,
  outcome,
  nextStates,
  named,
  fieldOf,
  invalid,
  rules,
  stale,
  failed,
  action,
  entity,
  kindOf,
  roleOf,
  onBodies,
};
