"""The staff app at /arbeid/ (app/staff_app): the built files from web/dist, index.html for every deep
link, hashed assets cached for good, the app's strict CSP, and a clear page in bokmål when the app has
not been built. A stand-in web/dist is written per test; the real build is tested in tests/browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.staff_app import routes

INDEX = '<!doctype html><html lang="nb"><head><script type="module" src="/arbeid/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>'
STAFF_APP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)


@pytest.fixture
def dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log('arbeid');")
    (tmp_path / "assets" / ".hidden").write_text("no")
    monkeypatch.setattr(routes, "DIST", tmp_path)
    return tmp_path


@pytest.mark.parametrize("path", ["/arbeid/", "/arbeid/saker/7d1c0a52-55c8-4c8d-9d59-0f7a2f6c2d11", "/arbeid/logg-inn"])
def test_every_path_under_arbeid_is_the_app(client, dist, path) -> None:  # noqa: ANN001
    r = client.get(path)
    assert r.status_code == 200
    assert r.text == INDEX
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-cache"


def test_arbeid_without_slash_moves_to_the_app(client, dist) -> None:  # noqa: ANN001
    r = client.get("/arbeid", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == "/arbeid/"


def test_hashed_assets_are_cached_for_good(client, dist) -> None:  # noqa: ANN001
    r = client.get("/arbeid/assets/index-abc123.js")
    assert r.status_code == 200 and r.text == "console.log('arbeid');"
    assert "javascript" in r.headers["content-type"]
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    "path", ["/arbeid/assets/finnes-ikke.js", "/arbeid/assets/.hidden", "/arbeid/assets/..%2Findex.html"]
)
def test_a_missing_asset_is_404_not_the_app(client, dist, path) -> None:  # noqa: ANN001
    r = client.get(path)
    assert r.status_code == 404
    assert "console.log" not in r.text and r.text != INDEX


@pytest.mark.parametrize("path", ["/arbeid", "/arbeid/", "/arbeid/saker", "/arbeid/assets/index-abc123.js"])
def test_the_app_has_its_own_strict_policy(client, dist, path) -> None:  # noqa: ANN001
    r = client.get(path, follow_redirects=False)
    assert r.headers["content-security-policy"] == STAFF_APP_CSP
    assert r.headers["x-frame-options"] == "DENY"


def test_the_api_and_the_website_keep_theirs(client, dist) -> None:  # noqa: ANN001
    assert (
        client.get("/api/v1/public/meetings").headers["content-security-policy"]
        == "default-src 'none'; frame-ancestors 'none'"
    )
    assert "connect-src" not in client.get("/").headers["content-security-policy"]
    assert "connect-src" not in client.get("/arbeidsutvalget").headers["content-security-policy"]


def test_an_unbuilt_app_says_so_in_bokmal(client, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(routes, "DIST", tmp_path / "dist")
    r = client.get("/arbeid/saker")
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="nb">' in r.text and "Arbeidsflaten er ikke bygget" in r.text
    assert "npm ci &amp;&amp; npm run build" in r.text
    assert r.headers["content-security-policy"] == STAFF_APP_CSP
    assert "style=" not in r.text and "<script" not in r.text


def test_the_app_is_not_in_the_openapi(client) -> None:  # noqa: ANN001
    assert not [path for path in client.get("/openapi.json").json()["paths"] if path.startswith("/arbeid")]


def test_a_new_build_is_served_at_once(client, dist) -> None:  # noqa: ANN001
    """The app is no page of the public record: never kept among the public answers, a deployment's
    new index.html (naming new assets) is the next answer."""
    assert client.get("/arbeid/saker").text == INDEX
    (dist / "index.html").write_text(INDEX.replace("abc123", "def456"))
    assert "index-def456.js" in client.get("/arbeid/saker").text
