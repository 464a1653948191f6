from tests.flows import (
    HDIR,
    attach,
    au_case,
    document,
    member,
    ok,
    patch_current,
    rule_ids,
)


def test_create_get_and_list_documents(api, seeded):
    r = api.post(
        "/api/v1/documents",
        json={"kind": "knowledge_base", "title": "Kunnskapsgrunnlag", "body": "# Tittel", "owner_body_id": seeded.au},
    )
    assert r.status_code == 201 and r.headers["Location"].endswith(r.json()["id"])
    doc = r.json()
    assert (doc["public"], doc["published_at"], doc["warnings"]) == (True, None, [])
    got = api.get(f"/api/v1/documents/{doc['id']}")
    assert got.headers["ETag"] and got.json()["body"] == "# Tittel"
    document(api, "minutes")
    assert [d["kind"] for d in ok(api.get("/api/v1/documents", params={"kind": "minutes"}))["items"]] == ["minutes"]
    assert (
        api.post("/api/v1/documents", json={"kind": "memo", "title": "x", "owner_body_id": seeded.au}).status_code
        == 422
    )


def test_withheld_document_names_its_legal_basis(api, seeded):
    r = api.post(
        "/api/v1/documents", json={"kind": "report", "title": "Intern", "public": False, "owner_body_id": seeded.au}
    )
    assert r.status_code == 409 and rule_ids(r) == ["publication.exemption_requires_basis"]
    for invisible in ("\u200b", " \u2060 ", "\ufeff"):  # no basis anybody can read (issue 27, finding 10)
        withheld = {"kind": "report", "title": "Intern", "public": False, "exemption_basis": invisible}
        r = api.post("/api/v1/documents", json={**withheld, "owner_body_id": seeded.au})
        assert r.status_code == 409 and rule_ids(r) == ["publication.exemption_requires_basis"], invisible
    doc = ok(
        api.post(
            "/api/v1/documents",
            json={
                "kind": "report",
                "title": "Intern",
                "public": False,
                "exemption_basis": "offl. § 14",
                "owner_body_id": seeded.au,
            },
        ),
        201,
    )
    public = document(api, "report")
    r = patch_current(api, f"/api/v1/documents/{public['id']}", json={"public": False})
    assert r.status_code == 409 and rule_ids(r) == ["publication.exemption_requires_basis"]
    assert ok(api.get(f"/api/v1/documents/{public['id']}"))["public"] is True
    assert (
        ok(patch_current(api, f"/api/v1/documents/{doc['id']}", json={"title": "Intern notat"}))["title"]
        == "Intern notat"
    )


def test_patch_honours_if_match(api, seeded):
    doc = document(api)
    etag = api.get(f"/api/v1/documents/{doc['id']}").headers["ETag"]
    assert (
        patch_current(
            api, f"/api/v1/documents/{doc['id']}", json={"title": "A"}, headers={"If-Match": etag}
        ).status_code
        == 200
    )
    assert (
        patch_current(
            api, f"/api/v1/documents/{doc['id']}", json={"title": "B"}, headers={"If-Match": etag}
        ).status_code
        == 412
    )


def test_attach_documents_to_a_case(api, seeded):
    case = au_case(api, seeded)
    first, second = document(api, "case_presentation"), document(api, "knowledge_base")
    for doc in (first, second):
        r = api.post(f"/api/v1/cases/{case['id']}/documents", json={"document_id": doc["id"]})
        assert r.status_code == 201
    listed = ok(api.get(f"/api/v1/cases/{case['id']}/documents"))["items"]
    assert [(a["position"], a["document"]["kind"]) for a in listed] == [(1, "case_presentation"), (2, "knowledge_base")]
    again = api.post(f"/api/v1/cases/{case['id']}/documents", json={"document_id": first["id"]})
    assert again.status_code == 409
    missing = api.post(f"/api/v1/cases/{case['id']}/documents", json={"document_id": case["id"]})
    assert missing.status_code == 422


def test_only_who_writes_the_case_changes_its_documents(api, seeded):
    hdir = seeded.organizations[HDIR]
    outsider = api.as_person(member(api, seeded.project_board, hdir, "Styremedlem")["id"])
    au_member = api.as_person(member(api, seeded.au, hdir, "Utvalgsmedlem")["id"])
    doc = document(api, "case_presentation")
    attach(api, au_case(api, seeded)["id"], doc)
    r = patch_current(outsider, f"/api/v1/documents/{doc['id']}", json={"body": "Endret av en utenforstående."})
    assert r.status_code == 404  # the board does not read the AU's documents
    assert ok(api.get(f"/api/v1/documents/{doc['id']}"))["body"] == doc["body"]
    assert ok(patch_current(au_member, f"/api/v1/documents/{doc['id']}", json={"body": "Rettet."}))["body"] == "Rettet."


def test_documents_of_one_body(api, seeded):
    """Issue 23: the staff app lists a body's documents (a subcommittee's own, for a delivery)."""
    au_doc = document(api, "knowledge_base")
    forum_doc = document(api, "minutes", owner_body_id=seeded.forum)
    for body, doc in ((seeded.au, au_doc), (seeded.forum, forum_doc)):
        listed = ok(api.get("/api/v1/documents", params={"owner_body_id": body}))["items"]
        assert [d["id"] for d in listed] == [doc["id"]]
    assert ok(api.get("/api/v1/documents", params={"owner_body_id": seeded.project_board}))["items"] == []
    assert api.get("/api/v1/documents", params={"owner_body_id": "nei"}).status_code == 422
