def test_health_is_open(anon):
    assert anon.get("/health").json() == {"status": "ok"}
    assert anon.get("/ready").json() == {"status": "ready"}


def test_compliance_needs_a_token(anon, api):
    r = anon.get("/api/v1/compliance")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert api.get("/api/v1/compliance").status_code == 200
