"""JWTs from trusted issuers (app/auth/issuers.py): agencies' systems by Maskinporten-style tokens,
people by their sign-in, every bad token a 401 that says why. Real RSA and EC keys; the JWKS and the
discovery document come from an HTTP server on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey, Key, RSAKey

from app.auth.cache import PrincipalCache
from app.auth.issuers import KEYS_TTL_SECONDS, REFETCH_INTERVAL_SECONDS, TrustedIssuers
from app.config import IssuerConfig
from tests.conftest import Api, HandClock
from tests.flows import HDIR, au_case, member, ok, patch_current
from tests.test_policy import MATRIX, outcome, request, world_ids, world_of

SYSTEM_ISSUER = "https://maskinporten.test/"
PERSON_ISSUER = "https://login.test/tenant/v2.0"
AUDIENCE = "https://samordning.test/api"
PRINCIPAL_TTL = 10
ORG_NUMBER = "983544622"


class KeyServer:
    """JWKS and discovery documents on 127.0.0.1, counting how often each is fetched."""

    def __init__(self) -> None:
        self.documents: dict[str, Any] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                body = json.dumps(server.documents.get(self.path)).encode()
                self.send_response(200 if self.path in server.documents else 404)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def publish(self, path: str, *keys: Key) -> None:
        self.documents[path] = {"keys": [k.as_dict(private=False) for k in keys]}


def rsa(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid})


def ec(kid: str) -> ECKey:
    return ECKey.generate_key("P-256", parameters={"kid": kid})


RSA_KEY, EC_KEY = rsa("rsa-1"), ec("ec-1")
FORGED_KEY, UNKNOWN_KEY = rsa("rsa-1"), rsa("rsa-unknown")  # the published kid on another key; a kid never published


@pytest.fixture
def keys() -> Iterator[KeyServer]:
    server = KeyServer()
    server.publish("/jwk", RSA_KEY, EC_KEY)
    server.publish("/person-keys", RSA_KEY)
    server.documents["/.well-known/openid-configuration"] = {
        "issuer": PERSON_ISSUER,
        "jwks_uri": f"{server.url}/person-keys",
    }
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def clock() -> HandClock:
    return HandClock()


@pytest.fixture
def issuers(keys: KeyServer, clock: HandClock) -> TrustedIssuers:
    return TrustedIssuers(
        [
            IssuerConfig(issuer=SYSTEM_ISSUER, jwks_url=f"{keys.url}/jwk", audience=AUDIENCE, kind="system"),
            IssuerConfig(
                issuer=PERSON_ISSUER,
                discovery_url=f"{keys.url}/.well-known/openid-configuration",
                audience=["api://samordning", AUDIENCE],
                kind="person",
                person_claim="preferred_username",
            ),
        ],
        clock=clock,
    )


@pytest.fixture
def principals(clock: HandClock) -> PrincipalCache:
    """Who a token names is remembered on the same hand-moved clock as the keys."""
    return PrincipalCache(PRINCIPAL_TTL, clock=clock)


@pytest.fixture
def app(database, rules_dir, issuers, principals):  # noqa: ANN001, ANN201
    from app.main import create_app

    return create_app(database=database, rules_dir=rules_dir, issuers=issuers, principals=principals)


def sign(claims: dict[str, Any], key: Key = RSA_KEY, alg: str = "RS256", **header: Any) -> str:
    return jwt.encode({"alg": alg, "kid": key.kid, **header}, claims, key, algorithms=[alg])


def system_claims(scope: str = "samordning:read samordning:write", **extra: Any) -> dict[str, Any]:
    """A Maskinporten access token's claims, as in its documentation."""
    now = int(time.time())
    return {
        "iss": SYSTEM_ISSUER,
        "aud": AUDIENCE,
        "scope": scope,
        "client_id": "3f1c-helsedir-sak",
        "consumer": {"authority": "iso6523-actorid-upis", "ID": f"0192:{ORG_NUMBER}"},
        "token_type": "Bearer",
        "iat": now,
        "exp": now + 120,
        "jti": "j1",
        **extra,
    }


def person_claims(username: str, **extra: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": PERSON_ISSUER,
        "aud": "api://samordning",
        "sub": "aBc123",
        "preferred_username": username,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        **extra,
    }


def as_jwt(client: TestClient, token: str) -> Api:
    return Api(client, token)


@pytest.fixture
def agency(api: Api, seeded: Any) -> dict[str, Any]:
    """Helsedirektoratet with its organization number, represented in the AU."""
    org_path = f"/api/v1/organizations/{seeded.organizations[HDIR]}"
    ok(patch_current(api, org_path, json={"org_number": ORG_NUMBER}))
    representative = member(api, seeded.au, seeded.organizations[HDIR], "AU-medlem")
    return {"representative": representative, "case": au_case(api, seeded)}


def _challenge(response: Any) -> str:
    return response.headers.get("www-authenticate", "")


# -- system clients ---------------------------------------------------------------------------------


def test_a_system_acts_as_its_organizations_representatives_and_the_log_names_it(client, api, seeded, agency) -> None:  # noqa: ANN001
    system = as_jwt(client, sign(system_claims()))
    assert ok(system.get(f"/api/v1/cases/{agency['case']['id']}"))["id"] == agency["case"]["id"]
    created = ok(
        system.post("/api/v1/cases", json={"owner_body_id": seeded.au, "title": "Fra fagsystemet", "kind": "decision"}),
        201,
    )
    # the same policy table as people: an AU member may not run the forum's meetings, nor may its system
    assert (
        system.post(
            "/api/v1/meetings", json={"body_id": seeded.forum, "starts_at": "2031-01-01T10:00:00+01:00"}
        ).status_code
        == 403
    )
    assert system.get("/api/v1/audit-events").status_code == 403
    events = ok(api.get("/api/v1/audit-events", params={"entity_id": created["id"]}))["items"]
    assert {e["actor"] for e in events} == {f"system:{ORG_NUMBER}:3f1c-helsedir-sak"}


def test_the_read_scope_reads_and_the_write_scope_is_needed_to_change(client, seeded, agency) -> None:  # noqa: ANN001
    reader = as_jwt(client, sign(system_claims(scope="samordning:read")))
    assert reader.get(f"/api/v1/cases/{agency['case']['id']}").status_code == 200
    assert len(ok(reader.get("/api/v1/cases"))["items"]) == 1
    r = reader.post("/api/v1/cases", json={"owner_body_id": seeded.au, "title": "x", "kind": "decision"})
    assert r.status_code == 403 and "samordning:write" in r.json()["detail"]
    assert _challenge(r) == 'Bearer error="insufficient_scope", scope="samordning:write"'
    r = patch_current(reader, f"/api/v1/cases/{agency['case']['id']}", json={"title": "Endret"})
    assert r.status_code == 403 and "insufficient_scope" in _challenge(r)
    r = as_jwt(client, sign(system_claims(scope="other:scope"))).get("/api/v1/cases")
    assert r.status_code == 403 and _challenge(r) == 'Bearer error="insufficient_scope", scope="samordning:read"'


def test_a_system_gets_from_the_policy_exactly_what_its_only_representative_gets(client, api, seeded) -> None:  # noqa: ANN001
    """Every request of tests/test_policy.py's matrix: the agency's system with the write scope gets
    what its one AU member gets with a CLI token; with the read scope only, the reads of those."""
    world = world_of(api, seeded)
    ids = world_ids(world, seeded)
    agency_id = ok(api.post("/api/v1/organizations", json={"name": "Systemetaten", "org_number": ORG_NUMBER}), 201)[
        "id"
    ]
    representative = api.as_person(member(api, seeded.au, agency_id, "Etatens representant")["id"])
    writer, reader = as_jwt(client, sign(system_claims())), as_jwt(client, sign(system_claims(scope="samordning:read")))
    wrong = []
    for method, path, body, _ in MATRIX:
        want = outcome(request(representative, method, path, body, ids).status_code)
        got = (
            outcome(request(writer, method, path, body, ids).status_code),
            outcome(request(reader, method, path, body, ids).status_code),
        )
        if got != (want, want if method == "GET" else "F"):
            wrong.append(f"{method} {path}: {got}, representative {want}")
    assert wrong == []
    assert {
        outcome(request(writer, "GET", p, None, ids).status_code)
        for p in ("/api/v1/cases/{case}", "/api/v1/compliance")
    } == {"A"}


def test_a_system_sees_only_what_its_representatives_may(client, api, seeded, agency) -> None:  # noqa: ANN001
    system = as_jwt(client, sign(system_claims()))
    seat = ok(api.get(f"/api/v1/bodies/{seeded.au}/memberships", params={"person_id": agency["representative"]["id"]}))[
        "items"
    ][0]
    ok(patch_current(api, f"/api/v1/memberships/{seat['id']}", json={"end_date": "2024-01-01"}))
    assert system.get(f"/api/v1/cases/{agency['case']['id']}").status_code == 403
    assert system.get("/api/v1/rules").status_code == 200  # any valid token reads the rules


def test_an_unknown_organization_is_403_naming_it(client, seeded) -> None:  # noqa: ANN001
    claims = system_claims(consumer={"authority": "iso6523-actorid-upis", "ID": "0192:999999999"})
    r = as_jwt(client, sign(claims)).get("/api/v1/cases")
    assert r.status_code == 403 and "999999999" in r.json()["detail"]
    for consumer in ({"authority": "other", "ID": f"0192:{ORG_NUMBER}"}, {"ID": "9908:123"}, "0192:983544622", None):
        r = as_jwt(client, sign(system_claims(consumer=consumer))).get("/api/v1/cases")
        assert r.status_code == 401 and "consumer" in r.json()["detail"], consumer


# -- people ----------------------------------------------------------------------------------------


def test_a_person_token_has_exactly_the_rights_of_the_persons_cli_token(client, api, seeded, agency) -> None:  # noqa: ANN001
    person = agency["representative"]
    ok(patch_current(api, f"/api/v1/persons/{person['id']}", json={"email": "Kari.Nordmann@helsedir.no"}))
    by_jwt = as_jwt(client, sign(person_claims("kari.nordmann@HELSEDIR.no")))
    by_cli = api.as_person(person["id"])
    requests = [
        ("GET", f"/api/v1/cases/{agency['case']['id']}"),
        ("GET", "/api/v1/audit-events"),
        ("GET", "/api/v1/compliance"),
        ("GET", f"/api/v1/persons/{person['id']}"),
        ("POST", "/api/v1/meetings"),
        ("POST", "/api/v1/persons"),
    ]
    for method, path in requests:
        jwt_r, cli_r = by_jwt._call(method, path, json={}), by_cli._call(method, path, json={})

        def answer(r: Any) -> tuple[int, Any]:  # each request has its own id
            body = r.json()
            return r.status_code, {k: v for k, v in body.items() if k != "request_id"} if isinstance(
                body, dict
            ) else body

        assert answer(jwt_r) == answer(cli_r), path
    created = ok(
        by_jwt.post("/api/v1/cases", json={"owner_body_id": seeded.au, "title": "Min sak", "kind": "decision"}), 201
    )
    events = ok(api.get("/api/v1/audit-events", params={"entity_id": created["id"]}))["items"]
    assert {e["actor"] for e in events} == {f"person:{person['id']}"}


def test_an_unknown_person_is_403_and_a_token_without_the_claim_401(client, seeded) -> None:  # noqa: ANN001
    r = as_jwt(client, sign(person_claims("ukjent@example.no"))).get("/api/v1/cases")
    assert r.status_code == 403 and "ukjent@example.no" in r.json()["detail"]
    claims = person_claims("x")
    del claims["preferred_username"]
    r = as_jwt(client, sign(claims)).get("/api/v1/cases")
    assert r.status_code == 401 and "preferred_username" in _challenge(r)


def test_cli_tokens_keep_working_beside_jwts(api) -> None:  # noqa: ANN001
    assert api.get("/api/v1/audit-events").status_code == 200
    r = api._call("GET", "/api/v1/audit-events", headers={"Authorization": "Bearer smd_unknown"})
    assert r.status_code == 401 and "unknown or revoked" in _challenge(r)


# -- bad tokens ------------------------------------------------------------------------------------


def _unsigned(header: dict[str, Any], claims: dict[str, Any], secret: bytes | None = None) -> str:
    def part(data: Any) -> str:
        raw = data if isinstance(data, bytes) else json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    signing_input = f"{part(header)}.{part(claims)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest() if secret else b""
    return f"{signing_input}.{part(signature)}"


def _bad_tokens() -> dict[str, tuple[str, str]]:
    """Each bad token, and what its 401 says."""
    now = int(time.time())
    public_pem = RSA_KEY.as_pem(private=False)
    return {
        "expired": (sign(system_claims(exp=now - 61)), "it has expired"),
        "not yet valid": (sign(system_claims(nbf=now + 120)), "it is not yet valid"),
        "issued in the future": (sign(system_claims(iat=now + 120)), "it was issued in the future"),
        "no expiry": (sign({k: v for k, v in system_claims().items() if k != "exp"}), "it lacks the claim exp"),
        "wrong issuer": (
            sign(system_claims(iss="https://evil.example/")),
            "issuer 'https://evil.example/' is not trusted",
        ),
        "wrong audience": (sign(system_claims(aud="https://other.example/api")), "it is meant for another audience"),
        "no audience": (sign({k: v for k, v in system_claims().items() if k != "aud"}), "it lacks the claim aud"),
        "unknown key": (sign(system_claims(), UNKNOWN_KEY), "no key 'rsa-unknown' among the signing keys"),
        "bad signature": (sign(system_claims(), FORGED_KEY), "its signature is not the issuer's"),
        "alg none": (_unsigned({"alg": "none", "kid": "rsa-1"}, system_claims()), "algorithm 'none' is not accepted"),
        "HS256 with the public key": (
            _unsigned({"alg": "HS256", "kid": "rsa-1"}, system_claims(), public_pem),
            "algorithm 'HS256' is not accepted",
        ),
        "RS512": (sign(system_claims(), alg="RS512"), "algorithm 'RS512' is not accepted"),
        "ES256 header on the RSA key": (
            _unsigned({"alg": "ES256", "kid": "rsa-1"}, system_claims()),
            "its signature cannot be checked",
        ),
        "tampered claims": (
            ".".join(
                [
                    (t := sign(system_claims())).split(".")[0],
                    _unsigned({}, system_claims(scope="samordning:write", client_id="x")).split(".")[1],
                    t.split(".")[2],
                ]
            ),
            "its signature is not the issuer's",
        ),
        "malformed: two parts": ("eyJhbGciOiJSUzI1NiJ9.e30", "it is malformed"),
        "malformed: not base64": ("a.b.c", "it is malformed"),
        "malformed: not JSON": (_unsigned({}, {}).replace("e30", "bm90IGpzb24"), "it is malformed"),
        "malformed: four parts": (sign(system_claims()) + ".x", "it is malformed"),
        "malformed: JSON not an object": ("WzFd.WzFd.", "it is malformed"),
        # Issue 27, finding 7: these were 500s.
        "exp past the calendar": (sign(system_claims(exp=1e308)), "its exp is not a time"),
        "NUL in client_id": (sign(system_claims(client_id="sak\x00x")), "its claim client_id must not contain"),
        "NUL in the person's address": (
            sign(person_claims("marit@example.no\x00")),
            "its claim preferred_username must not contain",
        ),
        "malformed: JSON nested too deep": (
            _unsigned({}, {}).replace("e30", base64.urlsafe_b64encode(b"[" * 100_000).decode().rstrip("=")),
            "it is malformed",
        ),
    }


@pytest.mark.parametrize("case", list(_bad_tokens()))
def test_every_bad_token_is_a_401_that_says_why(client, case: str) -> None:  # noqa: ANN001
    token, reason = _bad_tokens()[case]
    for r in (
        client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"}),
        client.post("/api/v1/cases", json={}, headers={"Authorization": f"Bearer {token}"}),
    ):
        assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json", r.text
        assert reason in r.json()["detail"]
        assert _challenge(r).startswith(f'Bearer error="invalid_token", error_description="{reason}')


def test_a_minute_of_clock_skew_is_tolerated(client, seeded, agency) -> None:  # noqa: ANN001
    now = int(time.time())
    late = sign(system_claims(exp=now - 50, iat=now - 170))
    early = sign(system_claims(nbf=now + 50, iat=now + 50))
    for token in (late, early):
        assert as_jwt(client, token).get("/api/v1/cases").status_code == 200


def test_es256_tokens_are_accepted(client, seeded, agency) -> None:  # noqa: ANN001
    assert as_jwt(client, sign(system_claims(), EC_KEY, "ES256")).get("/api/v1/cases").status_code == 200


# -- keys: cached, rotated, discovered -------------------------------------------------------------


def test_keys_are_fetched_once_not_per_request(client, keys, seeded, agency) -> None:  # noqa: ANN001
    system = as_jwt(client, sign(system_claims()))
    for _ in range(5):
        assert system.get("/api/v1/cases").status_code == 200
    assert keys.hits == {"/jwk": 1}


def test_a_rotated_key_is_fetched_once_and_unknown_kids_do_not_flood_the_issuer(
    client, keys, clock, seeded, agency
) -> None:  # noqa: ANN001
    assert as_jwt(client, sign(system_claims())).get("/api/v1/cases").status_code == 200
    new_key = rsa("rsa-2")
    keys.publish("/jwk", new_key)  # the issuer rotates: the old key is gone, a new one signs
    clock.now += 1
    assert as_jwt(client, sign(system_claims(), new_key)).get("/api/v1/cases").status_code == 200
    assert keys.hits["/jwk"] == 2
    old = as_jwt(client, sign(system_claims(jti="after-rotation")))  # not one seen (and remembered) before
    for _ in range(3):  # forged or retired kids: no refetch within the interval
        assert old.get("/api/v1/cases").status_code == 401
    assert keys.hits["/jwk"] == 2
    clock.now += REFETCH_INTERVAL_SECONDS
    assert old.get("/api/v1/cases").status_code == 401
    assert keys.hits["/jwk"] == 3
    clock.now += KEYS_TTL_SECONDS  # keys age out even when no kid is missing
    assert as_jwt(client, sign(system_claims(), new_key)).get("/api/v1/cases").status_code == 200
    assert keys.hits["/jwk"] == 4


def test_discovery_names_the_keys_and_must_name_the_issuer(client, api, keys, clock, seeded, agency) -> None:  # noqa: ANN001
    person = agency["representative"]
    ok(patch_current(api, f"/api/v1/persons/{person['id']}", json={"email": "kari@helsedir.no"}))
    token = sign(person_claims("kari@helsedir.no"))
    assert as_jwt(client, token).get("/api/v1/cases").status_code == 200
    assert keys.hits == {"/.well-known/openid-configuration": 1, "/person-keys": 1}
    assert as_jwt(client, token).get("/api/v1/cases").status_code == 200
    assert sum(keys.hits.values()) == 2


def test_unreachable_keys_are_503_and_stale_keys_serve_meanwhile(
    database, rules_dir, keys, clock, principals, seeded, agency
) -> None:  # noqa: ANN001
    from app.main import create_app

    impostor = {"issuer": "https://impostor.test/", "jwks_uri": f"{keys.url}/jwk"}
    keys.documents["/impostor"] = impostor
    issuers = TrustedIssuers(
        [
            IssuerConfig(issuer=SYSTEM_ISSUER, jwks_url=f"{keys.url}/jwk", audience=AUDIENCE, kind="system"),
            IssuerConfig(issuer=PERSON_ISSUER, discovery_url=f"{keys.url}/impostor", audience=AUDIENCE, kind="person"),
        ],
        clock=clock,
    )
    app = create_app(database=database, rules_dir=rules_dir, issuers=issuers, principals=principals)
    with TestClient(app) as client:
        r = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {sign(person_claims('x', aud=AUDIENCE))}"})
        assert r.status_code == 503 and PERSON_ISSUER in r.json()["detail"]
        system = as_jwt(client, sign(system_claims()))
        assert system.get("/api/v1/cases").status_code == 200
        del keys.documents["/jwk"]  # the issuer is down when the keys age out: the old ones still verify
        clock.now += KEYS_TTL_SECONDS
        assert system.get("/api/v1/cases").status_code == 200
        assert keys.hits["/jwk"] == 2


def test_issuer_settings_are_checked_when_read(monkeypatch) -> None:  # noqa: ANN001
    from pydantic import ValidationError

    from app.config import Settings

    for entry in (
        {"issuer": "x", "audience": "a", "kind": "system"},
        {"issuer": "x", "jwks_url": "u", "discovery_url": "d", "audience": "a", "kind": "system"},
        {"issuer": "x", "jwks_url": "u", "audience": "a", "kind": "robot"},
        {"issuer": "x", "jwks_url": "u", "audience": "a", "kind": "system", "scopes": "typo"},
    ):
        monkeypatch.setenv("SAMORDNING_ISSUERS", json.dumps([entry]))
        with pytest.raises(ValidationError):
            Settings()
    monkeypatch.setenv(
        "SAMORDNING_ISSUERS",
        json.dumps(
            [
                {
                    "issuer": "https://test.maskinporten.no/",
                    "jwks_url": "https://test.maskinporten.no/jwk",
                    "audience": "a",
                    "kind": "system",
                },
                {"issuer": "i", "discovery_url": "d", "audience": ["a", "b"], "kind": "person"},
            ]
        ),
    )
    system, person = Settings().issuers
    assert (system.read_scope, system.write_scope, system.person_claim) == (
        "samordning:read",
        "samordning:write",
        "email",
    )
    assert (person.read_scope, person.write_scope, person.audiences) == (None, None, ["a", "b"])


def test_me_names_a_system_by_its_organization_and_its_rights_by_its_scope(client, seeded, agency) -> None:  # noqa: ANN001
    me = ok(as_jwt(client, sign(system_claims())).get("/api/v1/me"))
    assert me["kind"] == "system" and me["name"] == f"{ORG_NUMBER}:3f1c-helsedir-sak"
    assert me["person_id"] is None and me["seats"] == [] and me["session"] is None
    assert "person.read" in me["global_permissions"] and "audit.read" not in me["global_permissions"]
    by_body = {b["body_id"]: set(b["permissions"]) for b in me["permissions"]}
    assert {"work.write", "subcommittee.establish"} <= by_body[seeded.au]
    assert "decision.record" in by_body[seeded.forum] and "meeting.run" not in by_body[seeded.forum]
    assert "compliance.read" in me["global_permissions"]  # the AU's, on every body
    reader = ok(as_jwt(client, sign(system_claims(scope="samordning:read"))).get("/api/v1/me"))
    assert {p for b in reader["permissions"] for p in b["permissions"]} <= {"work.read", "person.read_contact"}


def test_a_person_jwt_names_the_one_person_whatever_the_case(client, api, seeded) -> None:  # noqa: ANN001
    """Two persons whose addresses differ only in case cannot both be registered (migration 0009), so
    the address a JWT names, in any case, is one person's."""
    kari = ok(api.post("/api/v1/persons", json={"name": "Kari", "email": "kari@helsedir.no"}), 201)
    assert api.post("/api/v1/persons", json={"name": "Kari", "email": "Kari@helsedir.no"}).status_code == 409
    r = as_jwt(client, sign(person_claims("KARI@helsedir.no"))).get("/api/v1/me")
    assert r.status_code == 200 and r.json()["person_id"] == kari["id"]


def test_a_system_subscribes_and_receives_what_its_representatives_may_read(
    client, api, seeded, agency, database, webhook_settings
) -> None:  # noqa: ANN001
    """Issue 27, finding 10: a JWT caller could not subscribe at all (no token row: 409), and a system's
    non-public events were always withheld (its owner was rebuilt without its organization)."""
    import threading

    from app.webhooks.worker import Worker
    from tests.webhook_receiver import receiver

    system = as_jwt(client, sign(system_claims()))
    with receiver() as rx:
        hook = ok(
            system.post(
                "/api/v1/webhooks",
                json={"url": f"{rx.url}/", "event_types": ["case.registered"], "include_non_public": True},
            ),
            201,
        )
        rx.secrets["/"] = hook["secret"]
        au_case(api, seeded)  # the AU's, where Helsedirektoratet's representative sits
        Worker(database, webhook_settings).run(threading.Event(), once=True)
        assert len(rx.received) == 1 and rx.received[0].verified
        seat = ok(
            api.get(f"/api/v1/bodies/{seeded.au}/memberships", params={"person_id": agency["representative"]["id"]})
        )["items"][0]
        ok(patch_current(api, f"/api/v1/memberships/{seat['id']}", json={"end_date": "2024-01-01"}))
        au_case(api, seeded)  # no longer the system's to read: nothing is queued for it
        Worker(database, webhook_settings).run(threading.Event(), once=True)
        assert len(rx.received) == 1
        statuses = [d["status"] for d in ok(system.get(f"/api/v1/webhooks/{hook['id']}/deliveries"))["items"]]
        assert statuses == ["delivered"]
