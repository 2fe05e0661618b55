"""factcheck serve: the JSON API and the desk page, through Starlette's TestClient."""

from __future__ import annotations

import json
import threading

import pytest

pytest.importorskip("httpx")  # the TestClient's HTTP library (the test extra)

from starlette.testclient import TestClient
from test_html import DRAFT, assert_inert, parse
from typer.testing import CliRunner

from factcheck.cli import app as cli
from factcheck.server import Desk, create_app, is_loopback

BODY = DRAFT.split("---\n", 2)[2]  # the draft without its front matter


@pytest.fixture(scope="module")
def desk(root, tmp_path_factory):
    reviewed = tmp_path_factory.mktemp("reviews") / "reviewed.toml"
    return Desk([str(root / "tests" / "fixtures" / "wires")], reviewed=str(reviewed))


@pytest.fixture(scope="module")
def client(desk):
    return TestClient(create_app(desk, max_request_bytes=20_000), raise_server_exceptions=False)


def test_check_is_the_schema_1_contract_of_the_cli(client, root, tmp_path):
    r = client.post("/api/check", json={"text": DRAFT, "name": "draft.md"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    got = r.json()
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    cli_out = json.loads(CliRunner().invoke(cli, [
        "check", str(draft), "-a", str(root / "tests" / "fixtures" / "wires"),
        "-f", "json"]).stdout)
    assert got["schema"] == 1
    # the same document as `factcheck check draft.md --format json`, but for the draft's path
    for key in set(got) | set(cli_out):
        if key != "documents":
            assert got[key] == cli_out[key], key
    assert [d["id"] for d in got["documents"]] == [d["id"] for d in cli_out["documents"]]
    assert [(f["verdict"], f["fingerprint"]) for f in got["figures"]] == \
        [("conflict", "2547d7323cb2487b")]
    # fields override the front matter
    r = client.post("/api/check", json={"text": BODY, "date": "2026-11-21"})
    assert r.json()["documents"][0]["date"] == "2026-11-21"


def test_front_matter_and_fields(client):
    r = client.post("/api/check", json={"text": DRAFT, "source": "The Desk", "title": "T"})
    doc = r.json()["documents"][0]
    assert (doc["source"], doc["date"], doc["title"]) == ("The Desk", "2026-11-20", "T")


def test_report_page_and_fragment(client):
    r = client.post("/api/report", json={"text": DRAFT})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    page = assert_inert(r.text)
    [(attrs, text)] = page.marks
    assert attrs["data-verdict"] == "conflict" and text.endswith("conflict")
    frag = client.post("/api/report", json={"text": DRAFT, "fragment": True}).text
    assert not frag.lstrip().startswith("<!DOCTYPE")
    assert '<form class="review" data-fingerprint="2547d7323cb2487b">' in frag
    opens = [a["href"] for t, a in parse(frag).tags
             if t == "a" and "open-source" in (a.get("class") or "")]
    assert opens and all(h.startswith("/source?doc=") for h in opens)
    src = client.get(opens[0])
    assert src.status_code == 200 and 'class="fig v-source"' in src.text
    assert client.get("/source?doc=nope").status_code == 404


@pytest.fixture
def own_desk(root, tmp_path):
    """A desk with a reviewed file of its own: a review written by one test is not seen by
    the module's other tests (they share ``desk``)."""
    return Desk([str(root / "tests" / "fixtures" / "wires")],
                reviewed=str(tmp_path / "reviewed.toml"))


def test_review_is_written_and_then_shown(own_desk):
    desk = own_desk
    client = TestClient(create_app(desk, max_request_bytes=20_000),
                        raise_server_exceptions=False)
    r = client.post("/api/review", json={"fingerprint": "2547d7323cb2487b",
                                         "note": "USGS <revised>", "by": "J. Editor"})
    assert r.status_code == 201, r.text
    with open(desk.reviewed.path, encoding="utf-8") as fh:
        text = fh.read()
    assert 'fingerprint = "2547d7323cb2487b"' in text and 'by = "J. Editor"' in text
    got = client.post("/api/check", json={"text": DRAFT}).json()
    assert got["figures"][0]["suppressed"] is True
    assert "USGS <revised>" in got["figures"][0]["note"]
    frag = client.post("/api/report", json={"text": DRAFT, "fragment": True}).text
    assert "reviewed (conflict)" in frag and "USGS &lt;revised&gt;" in frag
    assert client.post("/api/review", json={"fingerprint": "zz", "note": "x"}).status_code == 422
    assert client.post("/api/review", json={"fingerprint": "2547d7323cb2487b",
                                            "note": " "}).status_code == 422


def test_a_damaged_reviewed_file_is_the_servers_conflict_not_the_clients(own_desk):
    # the request is well formed; the file on the server is not: 409, never 422
    with open(own_desk.reviewed.path, "w", encoding="utf-8") as fh:
        fh.write('[[reviewed]]\nnote = "no fingerprint"\n')
    client = TestClient(create_app(own_desk, max_request_bytes=20_000),
                        raise_server_exceptions=False)
    r = client.post("/api/review", json={"fingerprint": "2547d7323cb2487b", "note": "ok"})
    assert r.status_code == 409, r.text
    assert "fingerprint" in r.json()["error"]


@pytest.mark.parametrize("kwargs, status, words", [
    ({"content": b"text=1", "headers": {"content-type": "text/plain"}}, 415, "send JSON"),
    ({"content": b"{", "headers": {"content-type": "application/json"}}, 400, "not JSON"),
    ({"content": b"\xff\xfe", "headers": {"content-type": "application/json"}}, 400, "UTF-8"),
    ({"content": b"[1, 2]", "headers": {"content-type": "application/json"}}, 400, "object"),
    ({"content": b"[" * 100_00 + b"]" * 100_00, "headers": {"content-type": "application/json"}},
     400, "not JSON"),
    ({"json": {}}, 422, "'text' is required"),
    ({"json": {"text": "   "}}, 422, "empty"),
    ({"json": {"text": ["a"]}}, 422, "must be a string"),
    ({"json": {"text": "x", "date": "03/04/2026"}}, 422, "ambiguous"),
    ({"json": {"text": "x", "date": "yesterday"}}, 422, "not a date"),
    ({"json": {"text": "x", "markup": "rtf"}}, 422, "markup"),
    ({"json": {"text": "a\x00b"}}, 422, "NUL"),
    ({"json": {"text": "x", "title": "t" * 3000}}, 422, "longer than"),
    ({"json": {"text": "x" * 30_000}}, 413, "over the limit"),
])
def test_bad_requests_get_a_json_4xx(client, kwargs, status, words):
    r = client.post("/api/check", **kwargs)
    assert r.status_code == status, r.text
    body = r.json()
    assert words in body["error"] and body["status"] == status
    assert "Traceback" not in r.text


def test_unknown_route_and_method(client):
    assert client.get("/nope").json() == {"error": "not found", "status": 404}
    assert client.get("/api/check").status_code == 405
    assert client.get("/api/check").json()["error"] == "method not allowed"


def test_a_crash_is_a_500_without_a_traceback(desk, monkeypatch, capsys):
    def boom(draft):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(desk, "check", boom)
    c = TestClient(create_app(desk), raise_server_exceptions=False)
    r = c.post("/api/check", json={"text": DRAFT})
    assert r.status_code == 500
    assert r.json()["error"].startswith("internal error")
    assert "secret" not in r.text and "Traceback" not in r.text
    assert "secret internals" in capsys.readouterr().err  # the server's log has it


def test_health_and_page(client):
    h = client.get("/api/health").json()
    assert h["status"] == "ok" and h["schema"] == 1 and h["references"] == 2
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="/static/desk.js"></script>' in page.text
    js = client.get("/static/desk.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")


def test_concurrent_requests(client):
    """Checks from eight threads at once all answer, each with its own draft's figures."""
    out: dict[int, object] = {}

    def one(i: int) -> None:
        text = BODY.replace("2.1 million", f"{i + 2}.1 million")
        r = client.post("/api/check", json={"text": text, "date": "2026-11-20"})
        out[i] = (r.status_code, [c["text"] for c in r.json()["claims"]
                                  if c["doc"].startswith("draft:")])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == {i: (200, [f"{i + 2}.1 million metric tons"]) for i in range(8)}


@pytest.mark.parametrize("host, ok", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                      ("[::1]", True), ("0.0.0.0", False),
                                      ("192.168.1.5", False), ("example.org", False)])
def test_loopback(host, ok):
    assert is_loopback(host) is ok


def test_serve_refuses_bad_setup_in_one_line(tmp_path):
    r = CliRunner().invoke(cli, ["serve", "-a", str(tmp_path / "missing")])
    assert r.exit_code == 2 and "Traceback" not in r.output
    bad = tmp_path / "archive.db"
    bad.write_bytes(b"not sqlite")
    r = CliRunner().invoke(cli, ["serve", "-a", str(bad)])
    assert r.exit_code == 2 and "not a factcheck archive" in r.output


def test_archive_desk(root, tmp_path):
    """Against an archive index: the check finds the archived wire story, and the source
    page reads it back from the archive."""
    db = tmp_path / "a.db"
    r = CliRunner().invoke(cli, ["index", str(root / "tests" / "fixtures" / "wires"),
                                 "--db", str(db), "--jobs", "1"])
    assert r.exit_code == 0, r.output
    c = TestClient(create_app(Desk([str(db)], reviewed=str(tmp_path / "r.toml"))))
    got = c.post("/api/check", json={"text": DRAFT}).json()
    assert got["figures"][0]["verdict"] == "conflict"
    frag = c.post("/api/report", json={"text": DRAFT, "fragment": True}).text
    href = next(a["href"] for t, a in parse(frag).tags
                if t == "a" and "open-source" in (a.get("class") or ""))
    page = c.get(href)
    assert page.status_code == 200 and "rare earth metals" in page.text
