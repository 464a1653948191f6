"""The published record is not rewritten: documents keep versions, what is published is frozen,
and a correction is its own act, shown in public with its date and reason."""

from __future__ import annotations

from xml.etree import ElementTree

from tests.flows import (
    HDIR,
    agenda_of,
    attach,
    au_case,
    correct,
    decide,
    document,
    etag,
    forum_meeting,
    future,
    in_session_forum_meeting_with,
    member,
    ok,
    patch_current,
    prepared_case,
    put_on_agenda,
    rule_ids,
    transition,
)

RULE = "publication.record_immutable"
ATOM = "{http://www.w3.org/2005/Atom}"


def _published_presentation(api, seeded) -> tuple[dict, dict]:  # noqa: ANN001
    """A case presentation made public by convening the meeting whose agenda carries its case."""
    case = prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    presentation = next(
        d["document"]
        for d in ok(api.get(f"/api/v1/cases/{case['id']}/documents"))["items"]
        if d["document"]["kind"] == "case_presentation"
    )
    return presentation, meeting


def test_every_change_is_a_version_and_drafts_change_freely(api, seeded) -> None:
    doc = document(api, "report", title="Utkast")
    ok(patch_current(api, f"/api/v1/documents/{doc['id']}", json={"title": "Utkast 2", "body": "Ny tekst."}))
    ok(patch_current(api, f"/api/v1/documents/{doc['id']}", json={}))  # nothing changes: no version
    versions = ok(api.get(f"/api/v1/documents/{doc['id']}/versions"))["items"]
    assert [(v["number"], v["title"], v["correction"]) for v in versions] == [
        (1, "Utkast", False),
        (2, "Utkast 2", False),
    ]
    assert versions[0]["actor"].startswith("secretariat:")
    assert ok(api.get(f"/api/v1/documents/{doc['id']}/versions/1"))["body"] == "Tekst."
    assert api.get(f"/api/v1/documents/{doc['id']}/versions/3").status_code == 404


def test_published_content_is_frozen(api, seeded) -> None:
    presentation, _ = _published_presentation(api, seeded)
    for change in ({"body": "Omskrevet."}, {"title": "Ny tittel"}, {"kind": "other"}):
        r = patch_current(api, f"/api/v1/documents/{presentation['id']}", json=change)
        assert r.status_code == 409 and rule_ids(r) == [RULE], r.text
    assert ok(api.get(f"/api/v1/documents/{presentation['id']}"))["body"] == presentation["body"]
    # Withholding it later, with its legal basis, stays possible, and is a version of its own.
    withheld = ok(
        patch_current(
            api, f"/api/v1/documents/{presentation['id']}", json={"public": False, "exemption_basis": "offl. § 13"}
        )
    )
    assert withheld["public"] is False
    assert len(ok(api.get(f"/api/v1/documents/{presentation['id']}/versions"))["items"]) == 2


def test_a_correction_is_shown_in_public_with_its_reason(api, anon, seeded) -> None:
    presentation, meeting = _published_presentation(api, seeded)
    r = correct(api, presentation["id"], json={"body": "Rettet tekst.", "reason": "Feil tall i avsnitt 2."})
    assert r.status_code == 201 and r.headers["Location"].endswith("/versions/2")
    # The 201 describes what it created, the version: its ETag is the version's, not the document's.
    assert r.headers["etag"] == api.get(r.headers["Location"]).headers["etag"]
    assert r.headers["etag"] != api.get(f"/api/v1/documents/{presentation['id']}").headers["etag"]
    assert (r.json()["correction"], r.json()["reason"]) == (True, "Feil tall i avsnitt 2.")

    public = ok(anon.get(f"/api/v1/public/documents/{presentation['id']}"))
    assert public["body"] == "Rettet tekst."
    assert [(v["number"], v["correction"]) for v in public["versions"]] == [(1, False), (2, True)]
    earlier = ok(anon.get(f"/api/v1/public/documents/{presentation['id']}/versions/1"))
    assert earlier["body"] == presentation["body"]

    page = anon.get(f"/dokumenter/{presentation['id']}").text
    assert "Rettet" in page and "Feil tall i avsnitt 2." in page
    assert f'href="/dokumenter/{presentation["id"]}/versjoner/1"' in page
    assert presentation["body"] in anon.get(f"/dokumenter/{presentation['id']}/versjoner/1").text

    feed = ElementTree.fromstring(anon.get("/api/v1/public/feed.atom").content)
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.iter(f"{ATOM}entry")}
    assert f"Rettet: {presentation['title']}" in entries


def test_each_publication_names_the_version_it_made_public(api, anon, seeded) -> None:
    """Each feed entry links the version it made public (whose page links the current one)."""
    presentation, _ = _published_presentation(api, seeded)
    ok(correct(api, presentation["id"], json={"body": "Rettet tekst.", "reason": "Feil dato."}), 201)
    feed = ElementTree.fromstring(anon.get("/api/v1/public/feed.atom").content)
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.iter(f"{ATOM}entry")}

    def published_version(title: str) -> str:
        return entries[title].find(f"{ATOM}link").get("href").split("/dokumenter/")[1]

    assert published_version(f"Saksdokument: {presentation['title']}") == f"{presentation['id']}/versjoner/1"
    assert published_version(f"Rettet: {presentation['title']}") == f"{presentation['id']}/versjoner/2"
    assert "Rettet tekst." in anon.get(f"/dokumenter/{presentation['id']}/versjoner/2").text


def test_drafts_before_publication_stay_private(api, anon, seeded) -> None:
    case = au_case(
        api, seeded, strategic_rationale="Viktig.", stakeholders_involved=[seeded.organizations["Helsedirektoratet"]]
    )
    presentation = document(api, "case_presentation", body="Første utkast med en hemmelighet.")
    ok(patch_current(api, f"/api/v1/documents/{presentation['id']}", json={"body": "Endelig tekst."}))
    attach(api, case["id"], presentation)
    attach(api, case["id"], document(api, "knowledge_base"))
    transition(api, "case", case["id"], "start_preparation")
    transition(api, "case", case["id"], "prepare")
    in_session_forum_meeting_with(api, seeded, [ok(api.get(f"/api/v1/cases/{case['id']}"))])
    public = ok(anon.get(f"/api/v1/public/documents/{presentation['id']}"))
    assert [v["number"] for v in public["versions"]] == [2]
    assert anon.get(f"/api/v1/public/documents/{presentation['id']}/versions/1").status_code == 404


def test_corrections_are_the_secretariats_and_only_of_published_documents(api, seeded) -> None:
    presentation, _ = _published_presentation(api, seeded)
    au_member = api.as_person(member(api, seeded.au, seeded.organizations["Helsedirektoratet"], "AU-medlem")["id"])
    body = {"body": "x", "reason": "y"}
    assert correct(au_member, presentation["id"], json=body).status_code == 403
    draft = document(api, "report")
    assert correct(api, draft["id"], json=body).status_code == 409
    same = correct(api, presentation["id"], json={"body": presentation["body"], "reason": "Ingen endring"})
    assert same.status_code == 422
    assert correct(api, presentation["id"], json={"body": "x"}).status_code == 422


def test_decided_cases_and_approved_minutes_are_frozen(api, seeded) -> None:
    case = prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    decide(api, meeting["id"], case["id"])
    r = patch_current(api, f"/api/v1/cases/{case['id']}", json={"title": "Ny tittel"})
    assert r.status_code == 409 and rule_ids(r) == [RULE]
    transition(api, "meeting", meeting["id"], "close")
    minutes = document(api, "minutes", owner_body_id=seeded.forum)
    ok(patch_current(api, f"/api/v1/meetings/{meeting['id']}", json={"minutes_document_id": minutes["id"]}))
    transition(api, "meeting", meeting["id"], "approve_minutes")
    r = patch_current(api, f"/api/v1/meetings/{meeting['id']}", json={"location": "Et annet sted"})
    assert r.status_code == 409 and rule_ids(r) == [RULE]
    r = patch_current(api, f"/api/v1/documents/{minutes['id']}", json={"body": "Nytt referat"})
    assert r.status_code == 409 and rule_ids(r) == [RULE]


def test_a_title_screened_later_is_screened_on_every_public_surface(api, anon, seeded) -> None:
    case = prepared_case(api, seeded)
    secret_title = "Tilsynssak mot navngitt sykehus"
    withheld = document(api, "knowledge_base", title=secret_title, public=False, exemption_basis="offl. § 13")
    attach(api, case["id"], withheld)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    assert secret_title in anon.get("/api/v1/public/feed.atom").text
    ok(patch_current(api, f"/api/v1/documents/{withheld['id']}", json={"title_public": False}))
    for path in (
        "/",
        "/api/v1/public/feed.atom",
        f"/dokumenter/{withheld['id']}",
        f"/moter/{meeting['id']}",
        f"/api/v1/public/meetings/{meeting['id']}",
        f"/api/v1/public/documents/{withheld['id']}",
        "/sok?q=tilsynssak",
        "/api/v1/public/search?q=tilsynssak",
    ):
        r = anon.get(path)
        assert r.status_code == 200 and secret_title not in r.text, path


def _convened_forum_meeting_with(api, seeded, cases: list[dict]) -> dict:  # noqa: ANN001
    meeting = forum_meeting(api, seeded)
    for case in cases:
        put_on_agenda(api, meeting["id"], case["id"])
    return transition(api, "meeting", meeting["id"], "convene")


def test_a_case_on_a_convened_agenda_keeps_what_the_public_agenda_shows(api, anon, seeded) -> None:
    """Issue 27, finding 8: an AU member retitled a case on a convened agenda; the public agenda, the
    calendar and the search changed with no trace."""
    au_member = api.as_person(member(api, seeded.au, seeded.organizations[HDIR], "AU-medlem")["id"])
    case = prepared_case(api, seeded, title="Legemiddelsamstemming")
    meeting = _convened_forum_meeting_with(api, seeded, [case])
    for change in ({"title": "Noe annet"}, {"summary": "Ny sammendrag."}):
        r = patch_current(au_member, f"/api/v1/cases/{case['id']}", json=change)
        assert r.status_code == 409 and rule_ids(r) == [RULE], r.text
    public = ok(anon.get(f"/api/v1/public/meetings/{meeting['id']}"))
    assert "Legemiddelsamstemming" in str(public)
    # What the agenda does not show still changes.
    ok(patch_current(au_member, f"/api/v1/cases/{case['id']}", json={"strategic_rationale": "Ny begrunnelse."}))


def test_a_convened_agenda_loses_or_reorders_no_item_by_a_plain_write(api, anon, seeded) -> None:
    """Issue 27, finding 8: a DELETE took an item off a convened agenda; now only a revision (with a
    reason, see test_agenda_revisions.py) changes it."""
    cases = [prepared_case(api, seeded, title=f"Sak {n}") for n in (1, 2)]
    meeting = _convened_forum_meeting_with(api, seeded, cases)
    first, second = agenda_of(api, meeting["id"])
    path = f"/api/v1/meetings/{meeting['id']}/agenda"
    removed = api.delete(f"{path}/{first['id']}", headers={"If-Match": etag(api, f"{path}/{first['id']}")})
    assert removed.status_code == 409 and rule_ids(removed) == ["agenda.revision_requires_reason"]
    moved = patch_current(api, f"{path}/{second['id']}", json={"position": 1})
    assert moved.status_code == 409 and rule_ids(moved) == ["agenda.revision_requires_reason"]
    assert [i["id"] for i in agenda_of(api, meeting["id"])] == [first["id"], second["id"]]


def test_only_the_correction_right_withholds_published_minutes(api, anon, seeded) -> None:
    case = prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    decide(api, meeting["id"], case["id"])
    transition(api, "meeting", meeting["id"], "close")
    minutes = document(api, "minutes", owner_body_id=seeded.forum)
    ok(patch_current(api, f"/api/v1/meetings/{meeting['id']}", json={"minutes_document_id": minutes["id"]}))
    transition(api, "meeting", meeting["id"], "approve_minutes")
    au_member = api.as_person(member(api, seeded.au, seeded.organizations[HDIR], "AU-medlem")["id"])
    r = patch_current(
        au_member, f"/api/v1/documents/{minutes['id']}", json={"public": False, "exemption_basis": "offl. § 5"}
    )
    assert r.status_code == 403 and "document.correct" in r.json()["detail"]
    assert anon.get(f"/api/v1/public/documents/{minutes['id']}").status_code == 200


def test_a_document_filed_as_a_record_is_not_attached_to_a_case(api, anon, seeded) -> None:
    """The minutes of a planned meeting, attached to a case on a convened agenda, were published at once."""
    case = prepared_case(api, seeded)
    _convened_forum_meeting_with(api, seeded, [case])
    planned = ok(api.post("/api/v1/meetings", json={"body_id": seeded.au, "starts_at": future(60)}), 201)
    minutes = document(api, "minutes", owner_body_id=seeded.au)
    ok(patch_current(api, f"/api/v1/meetings/{planned['id']}", json={"minutes_document_id": minutes["id"]}))
    r = api.post(f"/api/v1/cases/{case['id']}/documents", json={"document_id": minutes["id"]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.document_id"
    assert anon.get(f"/api/v1/public/documents/{minutes['id']}").status_code == 404
