// Compiled with `tsc --strict --noEmit` against the types openapi-typescript generates from
// openapi/openapi.json (./schema.ts, written by tests/test_generated_clients.py).
import type { components, operations, paths } from "./schema";

type Schemas = components["schemas"];

const kind: Schemas["CaseKind"] = "decision";
const create: Schemas["CaseCreate"] = { owner_body_id: "00000000-0000-0000-0000-000000000000", title: "Sak", kind };
const page: Schemas["CaseOutPage"] = { items: [], next_cursor: null };
const severity: Schemas["Severity"][] = ["error", "warning", "behaviour"];
type ListCases = operations["cases_list"]["parameters"]["query"];
const filter: ListCases = { kind: "information", limit: 10 };
type Transition = paths["/api/v1/cases/{entity_id}/transitions/{name}"]["post"];
const ifMatch: Transition["parameters"]["header"] = { "if-match": '"etag"' };
type Problem = Schemas["Problem"];
const fieldOf = (p: Problem): string | undefined => p.errors?.[0]?.field;

export { create, page, severity, filter, ifMatch, fieldOf };
