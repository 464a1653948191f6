"""The eInnsyn export: a published meeting as JSON-LD in the Noark 5 meeting model, read back with
a JSON-LD processor (pyld), expanded, and checked for classes, required fields, case numbers,
version numbers, the legal basis of withheld documents, and that nothing unpublished is in it."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from pyld import jsonld

from app.config import get_settings
from app.documents.schemas import DocumentKind
from app.publication.einnsyn import export
from app.publication.einnsyn.schemas import DOCUMENT_TYPES, MEDIA_TYPE, EinnsynMessage
from tests.flows import attach, correct, document, ok, patch_current, transition
from tests.test_files import PDF, PDFA, store, upload  # noqa: F401  (the file store fixture)
from tests.test_leaks_public import SECRET, cycle  # noqa: F401  (the forum cycle fixture)
from tests.webhook_payloads import DOCUMENT

P = "/api/v1/public"
# SAMORDNING_PUBLIC_BASE_URL is left unset in the tests: the base is the address the server listens on.
SERVER = "http://testserver"
ARKIV = "http://www.arkivverket.no/standarder/noark5/arkivstruktur/"
XSD = "http://www.w3.org/2001/XMLSchema#"
# The fields each class always carries (EINNSYN.md's fields, less those that are optional for us:
# moetested when the meeting has no location, dokumentobjekt of a withheld document, dokumentbeskrivelse
# of a case without published documents).
REQUIRED = {
    "Moetemappe": {"systemID", "moetenummer", "utvalg", "moetedato", "tittel", "offentligTittel"},
    "Møtesaksregistrering": {
        "systemID",
        "parent",
        "møtesakssekvensnummer",
        "møtesaksår",
        "møtesakstype",
        "tittel",
        "offentligTittel",
    },
    "Møtedokumentregistrering": {
        "systemID",
        "parent",
        "møtedokumentregistreringstype",
        "tittel",
        "offentligTittel",
        "dokumentbeskrivelse",
    },
    "Dokumentbeskrivelse": {
        "systemID",
        "tittel",
        "dokumenttype",
        "dokumentstatus",
        "tilknyttetRegistreringSom",
        "dokumentnummer",
    },
    "Dokumentobjekt": {"format", "referanseDokumentfil", "versjonsnummer", "variantformat"},
    "Skjerming": {"tilgangsrestriksjon", "skjermingshjemmel"},
}


@pytest.fixture
def record(cycle, api) -> dict:  # noqa: F811
    """The forum cycle, plus what the export must screen or show: a withheld document whose title is
    screened too, a correction (version 2) of a published case document, a secret in the title of the
    meeting that is not published."""
    screened = document(
        api,
        "knowledge_base",
        title=f"Notat {SECRET}",
        body=SECRET,
        public=False,
        title_public=False,
        exemption_basis="offl. § 13",
    )
    upcoming_case = ok(api.get(f"{P}/meetings/{cycle['upcoming']['id']}"))["agenda"][0]["case_id"]
    attach(api, upcoming_case, screened)  # on a public agenda: listed at once
    presentation = ok(api.get(f"{P}/meetings/{cycle['meeting']['id']}"))["agenda"][0]["documents"][0]
    assert ok(correct(api, presentation["id"], json={"body": "Rettet.", "reason": "Feil tall."}), 201)["number"] == 2
    ok(patch_current(api, f"/api/v1/meetings/{cycle['planned']['id']}", json={"title": f"Møte {SECRET}"}))
    return {**cycle, "screened": screened, "presentation": presentation}


def _expanded(text: str, base: str = SERVER) -> list[dict]:
    """The expanded document; as RDF (what eInnsyn stores), every node is named under the base URL."""
    assert SECRET not in text and SECRET.lower() not in text.lower()
    document = json.loads(text)
    assert document["@context"]["@base"] == f"{base}/"
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    subjects = {line.split(" ")[0] for line in nquads.splitlines()}
    assert subjects and all(s.startswith(f"<{base}/") or s.startswith("_:") for s in subjects), subjects
    return jsonld.expand(document)


def _nodes(expanded: Any) -> list[dict]:
    """Every node object of the expanded document, nested ones too."""
    found = []
    if isinstance(expanded, list):
        for item in expanded:
            found += _nodes(item)
    elif isinstance(expanded, dict) and "@value" not in expanded:
        if "@type" in expanded:
            found.append(expanded)
        for key, value in expanded.items():
            if key.startswith(ARKIV):
                found += _nodes(value)
    return found


def _class(node: dict) -> str:
    (iri,) = node["@type"]
    assert iri.startswith(ARKIV), iri
    return iri.removeprefix(ARKIV)


def _values(node: dict, field: str) -> list:
    return node.get(ARKIV + field, [])


def _value(node: dict, field: str) -> Any:  # noqa: ANN401
    (value,) = _values(node, field)
    return value.get("@value", value.get("@id"))


def _integer(node: dict, field: str) -> int:
    (value,) = _values(node, field)
    assert value["@type"] == XSD + "integer", value
    return int(value["@value"])


def _by_class(expanded: list[dict]) -> dict[str, list[dict]]:
    nodes: dict[str, list[dict]] = {}
    for node in _nodes(expanded):
        nodes.setdefault(_class(node), []).append(node)
    for name, of_class in nodes.items():
        for node in of_class:
            missing = {f for f in REQUIRED[name] if not _values(node, f)}
            assert missing == set(), (name, missing, node)
    return nodes


def _message(anon, meeting_id: str) -> dict[str, list[dict]]:  # noqa: ANN001
    r = anon.get(f"{P}/einnsyn/meetings/{meeting_id}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == MEDIA_TYPE and r.headers["etag"]
    EinnsynMessage.model_validate_json(r.text)  # typed as the OpenAPI says, no field it does not name
    schema = {"$ref": "#/components/schemas/EinnsynMessage", "components": DOCUMENT["components"]}
    errors = [
        f"{e.instance_path}: {e.message}" for e in jsonschema_rs.Draft202012Validator(schema).iter_errors(r.json())
    ]
    assert errors == [], errors  # as the committed document says, which is what schemathesis checks
    return _by_class(_expanded(r.text))


def test_a_held_meeting_in_the_noark_5_meeting_model(record, anon) -> None:
    meeting_id = record["meeting"]["id"]
    public = ok(anon.get(f"{P}/meetings/{meeting_id}"))
    nodes = _message(anon, meeting_id)

    (folder,) = nodes["Moetemappe"]
    assert _value(folder, "systemID") == meeting_id and _value(folder, "utvalg") == public["body"]["name"]
    assert _integer(folder, "moetenummer") == public["number"]
    (start,) = _values(folder, "moetedato")
    assert start["@type"] == XSD + "dateTime"
    assert datetime.fromisoformat(start["@value"]) == datetime.fromisoformat(public["starts_at"])

    cases = nodes["Møtesaksregistrering"]
    assert [f"{_integer(c, 'møtesakssekvensnummer')}/{_integer(c, 'møtesaksår')}" for c in cases] == [
        a["case_number"] for a in public["agenda"]
    ]
    assert {_value(c, "møtesakstype") for c in cases} == {ARKIV + "politiskSak"}  # decision cases
    assert {_value(c, "parent") for c in nodes["Møtesaksregistrering"] + nodes["Møtedokumentregistrering"]} == {
        folder["@id"]
    }
    assert sorted(_value(d, "møtedokumentregistreringstype") for d in nodes["Møtedokumentregistrering"]) == [
        ARKIV + "innkalling",
        ARKIV + "protokoll",
    ]

    descriptions = {_value(d, "systemID"): d for d in nodes["Dokumentbeskrivelse"]}
    first_case = public["agenda"][0]["documents"]
    assert [_value(d, "tilknyttetRegistreringSom") for d in (descriptions[doc["id"]] for doc in first_case)] == [
        ARKIV + "hoveddokument",
        ARKIV + "vedlegg",
        ARKIV + "vedlegg",
    ]
    # Coded as the other values: the case presentation, the notice (the agenda), the minutes.
    assert _value(descriptions[first_case[0]["id"]], "dokumenttype") == ARKIV + "saksframlegg"
    assert _value(descriptions[record["minutes"]["id"]], "dokumenttype") == ARKIV + "referat"
    (notice,) = [d for d in nodes["Dokumentbeskrivelse"] if d["@id"].endswith("#innkalling-dokument")]
    assert _value(notice, "dokumenttype") == ARKIV + "saksliste"
    # Withheld: the legal basis, the public title, no document object.
    exempt = descriptions[record["exempt"]["id"]]
    (screening,) = _values(exempt, "skjerming")
    assert _class(screening) == "Skjerming" and _value(screening, "skjermingshjemmel") == "Offentleglova § 14"
    assert _value(screening, "tilgangsrestriksjon") == ARKIV + "unntattOffentlighet"
    assert _value(exempt, "tittel") == "Risikovurdering" and not _values(exempt, "dokumentobjekt")
    # Public: one document object per public version, each at its public URL.
    corrected = descriptions[record["presentation"]["id"]]
    assert [_integer(o, "versjonsnummer") for o in _values(corrected, "dokumentobjekt")] == [1, 2]
    assert descriptions[record["minutes"]["id"]]["@type"] == [ARKIV + "Dokumentbeskrivelse"]
    for obj in nodes["Dokumentobjekt"]:
        url = _value(obj, "referanseDokumentfil")
        r = anon.get(url.removeprefix(SERVER))
        assert r.status_code == 200, url
        if "/versions/" in url:
            assert r.json()["number"] == _integer(obj, "versjonsnummer")


def test_every_kind_of_document_has_a_dokumenttype_of_its_own() -> None:
    assert set(DOCUMENT_TYPES) == set(DocumentKind)
    assert len(set(DOCUMENT_TYPES.values())) == len(DOCUMENT_TYPES)
    assert all(code.startswith("arkiv:") for code in DOCUMENT_TYPES.values())


def test_a_screened_title_stays_screened(record, anon) -> None:
    nodes = _message(anon, record["upcoming"]["id"])
    assert "Møtedokumentregistrering" in nodes and len(nodes["Møtedokumentregistrering"]) == 1  # no minutes yet
    screened = next(d for d in nodes["Dokumentbeskrivelse"] if _value(d, "systemID") == record["screened"]["id"])
    assert _value(screened, "tittel") == "Skjermet tittel"
    (screening,) = _values(screened, "skjerming")
    assert _value(screening, "skjermingshjemmel") == "offl. § 13"


def test_only_published_meetings(record, anon) -> None:
    for meeting_id in (record["planned"]["id"], str(uuid.uuid4())):
        r = anon.get(f"{P}/einnsyn/meetings/{meeting_id}")
        assert r.status_code == 404 and SECRET not in r.text
    assert anon.get(f"{P}/einnsyn/meetings/not-an-id").status_code == 422


def test_the_export_writes_the_same_messages_one_file_each(record, anon, cli, tmp_path: Path) -> None:
    code, out, err = cli("export", "einnsyn", "--out", str(tmp_path))
    assert code == 0, err
    files = {p.stem: p.read_bytes() for p in tmp_path.iterdir()}
    assert set(files) == {record["meeting"]["id"], record["upcoming"]["id"]}  # not the planned meeting
    for meeting_id, content in files.items():
        assert len(content) < export.MAX_MESSAGE_BYTES
        # The command line has no server address: its base is the setting.
        base = get_settings().public_base_url
        assert content == anon.get(f"{P}/einnsyn/meetings/{meeting_id}").content.replace(
            f"{SERVER}/".encode(), f"{base}/".encode()
        )
        _by_class(_expanded(content.decode(), base))
    assert out[-1].startswith(f"2 eInnsyn messages in {tmp_path}")

    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    assert cli("export", "einnsyn", "--since", tomorrow, "--out", str(tmp_path / "none"))[0] == 0
    assert list((tmp_path / "none").iterdir()) == []


def test_a_message_eInnsyn_would_refuse_is_not_written(record, cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(export, "MAX_MESSAGE_BYTES", 1000)
    code, _, err = cli("export", "einnsyn", "--out", str(tmp_path))
    assert code == 1 and "at most 1000" in err
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(SystemExit):
        cli("export", "einnsyn", "--since", "i går")
    (tmp_path / "a-file").write_text("")
    code, _, err = cli("export", "einnsyn", "--out", str(tmp_path / "a-file"))
    assert code == 1 and "cannot write the export to" in err


def test_since_finds_meetings_whose_record_changed(record, api, database) -> None:
    def changed(since: datetime) -> list[str]:
        with database.sessionmaker() as session:
            return [str(i) for i in export.changed_meetings(session, since)]

    before = datetime.now(UTC)
    assert changed(before) == []
    ok(correct(api, record["minutes"]["id"], json={"body": "Rettet referat.", "reason": "Skrivefeil."}), 201)
    assert changed(before) == [record["meeting"]["id"]]
    ok(correct(api, record["late"]["id"], json={"body": "Rettet notat.", "reason": "Skrivefeil."}), 201)
    assert changed(before) == [record["meeting"]["id"], record["upcoming"]["id"]]
    assert changed(before - timedelta(days=1)) == changed(before)  # every published meeting


def test_the_base_is_the_setting_or_the_address_the_service_listens_on(record, anon, monkeypatch) -> None:
    # Never the Host header: a client chooses it, and the public response cache would keep it.
    r = anon.get(f"{P}/einnsyn/meetings/{record['meeting']['id']}", headers={"Host": "angriper.example"})
    assert r.json()["@context"]["@base"] == f"{SERVER}/"
    feed = anon.get(f"{P}/feed.atom", headers={"Host": "angriper.example"}).text
    assert "angriper.example" not in feed and f"{SERVER}/" in feed

    monkeypatch.setenv("SAMORDNING_PUBLIC_BASE_URL", "https://samordning.example.no")
    get_settings.cache_clear()
    try:
        r = anon.get(f"{P}/einnsyn/meetings/{record['upcoming']['id']}")
        assert r.json()["@context"]["@base"] == "https://samordning.example.no/"
        _expanded(r.text, "https://samordning.example.no")
    finally:
        get_settings.cache_clear()


def test_the_schema_names_each_class_and_its_fields(anon) -> None:
    schemas = anon.get("/openapi.json").json()["components"]["schemas"]
    graph = schemas["EinnsynMessage"]["properties"]["@graph"]["items"]
    assert graph["discriminator"]["propertyName"] == "@type"
    assert set(graph["discriminator"]["mapping"]) == {
        "arkiv:Moetemappe",
        "arkiv:Møtesaksregistrering",
        "arkiv:Møtedokumentregistrering",
    }
    assert schemas["Moetesaksregistrering"]["additionalProperties"] is False
    assert "arkiv:referanseTilMøtesak" in schemas["Moetesaksregistrering"]["properties"]


def test_a_case_treated_again_refers_to_its_earlier_treatment(record, anon, api) -> None:
    """Returned to the AU at the held meeting, prepared again, carried to the next forum meeting: its
    registration there refers to the one at the held meeting (Noark 5 referanseTilMøtesak)."""
    held, upcoming, returned = record["meeting"]["id"], record["upcoming"]["id"], record["cases"]["returned"]["id"]
    transition(api, "case", returned, "start_preparation")
    transition(api, "case", returned, "prepare")
    now, then = _message(anon, upcoming)["Møtesaksregistrering"], _message(anon, held)["Møtesaksregistrering"]
    [again] = [c for c in now if c["@id"].endswith(returned)]
    [earlier] = [c for c in then if c["@id"].endswith(returned)]
    assert _value(again, "referanseTilMøtesak") == earlier["@id"]
    others = [c for c in now if c is not again]
    assert others and not any(_values(c, "referanseTilMøtesak") for c in others + then)


def test_a_version_that_carries_a_file_is_that_file(record, anon, api, store) -> None:  # noqa: F811
    """Issue 24 item 4 and issue 28 item 6: the Dokumentobjekt of a file is the file, with its format,
    checksum and size, and as arkivformat when it is PDF/A."""
    late, presentation = record["late"], record["presentation"]
    ok(upload(api, late, PDFA, name="notat.pdf", note="Ettersendt som PDF/A"), 201)
    ok(upload(api, presentation, PDF, name="saksfremlegg.pdf", note="Som PDF"), 201)
    objects = {
        _value(o, "referanseDokumentfil"): o
        for m in (record["upcoming"]["id"], record["meeting"]["id"])
        for o in _message(anon, m)["Dokumentobjekt"]
    }
    for doc, content, variant in ((late, PDFA, "arkivformat"), (presentation, PDF, "produksjonsformat")):
        [(url, obj)] = [
            (u, o)
            for u, o in objects.items()
            if u.startswith(f"{SERVER}/api/v1/public/documents/{doc['id']}") and u.endswith("/file")
        ]
        assert _value(obj, "format") == "application/pdf" and _value(obj, "variantformat") == ARKIV + variant
        assert _value(obj, "sjekksum") == hashlib.sha256(content).hexdigest()
        assert _value(obj, "sjekksumAlgoritme") == "SHA-256" and _integer(obj, "filstoerrelse") == len(content)
        got = anon.get(url.removeprefix(SERVER))
        assert got.status_code == 200 and got.content == content
    # The text versions before the file stay what they were: the markdown in the public API.
    earlier = f"{SERVER}/api/v1/public/documents/{presentation['id']}/versions/1"
    assert _value(objects[earlier], "format") == "application/json"
    assert anon.get(f"{P}/documents/{presentation['id']}/versions/1/file").status_code == 404  # a text version


def test_a_withheld_documents_version_file_is_on_no_public_path(record, anon, api, store) -> None:  # noqa: F811
    number = ok(upload(api, record["late"], PDF, name="notat.pdf", note="Som PDF"), 201)["number"]
    path = f"{P}/documents/{record['late']['id']}/versions/{number}/file"
    assert anon.get(path).status_code == 200
    ok(
        patch_current(
            api, f"/api/v1/documents/{record['late']['id']}", json={"public": False, "exemption_basis": "offl. § 13"}
        )
    )
    assert anon.get(path).status_code == 404
