import gzip
import json

from wirebrief.readers import read_inputs

LIMIT = 5_000_000


def write(path, content):
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_text_file_gets_id_from_name(tmp_path):
    write(tmp_path / "harbour-daily.txt", "Council approves budget\n\nThe council approved the budget on Monday.")
    result = read_inputs([str(tmp_path / "harbour-daily.txt")], LIMIT)
    [article] = result.articles
    assert article.id == "harbour-daily" and article.outlet is None  # named later (readers.outlet)
    assert article.title_in_text and "approved the budget" in article.text
    assert result.skipped == []


def test_html_file_metadata_from_trafilatura(tmp_path):
    html = """<html><head><title>Bridge reopens | Valley Post</title>
    <meta property="og:site_name" content="Valley Post">
    <meta property="article:published_time" content="2026-02-01T10:00:00Z">
    <link rel="canonical" href="https://www.valleypost.example/bridge"></head>
    <body><article><h1>Bridge reopens</h1>
    <p>The Mill Street bridge reopened to traffic on Sunday after eight months of repairs, city engineers said.</p>
    <p>The repairs cost 3.2 million dollars, slightly under the budget approved last year.</p>
    </article></body></html>"""
    write(tmp_path / "bridge.html", html)
    [article] = read_inputs([str(tmp_path)], LIMIT).articles
    assert article.title == "Bridge reopens"
    assert article.site_name == "Valley Post"
    assert article.published.startswith("2026-02-01")
    assert not article.text.startswith("Bridge reopens")  # the <h1> is metadata, not body
    assert "Mill Street bridge reopened" in article.text


def test_json_records_multinews_and_jsonl(tmp_path):
    write(tmp_path / "one.json", json.dumps({"id": "r1", "text": "Body one.", "outlet": "Tide", "url": "https://x.example/a"}))
    write(tmp_path / "many.jsonl", "\n".join(json.dumps({"text": f"Body {i}.", "url": "https://www.news.example/p"}) for i in range(2)))
    write(tmp_path / "mn.json", json.dumps({"id": "c7", "documents": "first doc text . ||||| second doc text . |||||  "}))
    result = read_inputs([str(tmp_path)], LIMIT)
    by_id = {a.id: a for a in result.articles}
    assert by_id["r1"].outlet == "Tide"
    assert by_id["many-1"].outlet is None and by_id["many-1"].url == "https://www.news.example/p"
    assert {"c7/1", "c7/2"} <= set(by_id)
    assert [s.reason for s in result.skipped] == ["empty document"]  # the trailing empty Multi-News document


def test_gzipped_jsonl_and_stdin_sniffing(tmp_path):
    write(tmp_path / "a.jsonl.gz", gzip.compress(json.dumps({"id": "g", "text": "Zipped body."}).encode()))
    assert [a.id for a in read_inputs([str(tmp_path / "a.jsonl.gz")], LIMIT).articles] == ["g"]
    stdin = (json.dumps({"id": "s1", "text": "From stdin."}) + "\n" + json.dumps({"id": "s2", "text": "More."})).encode()
    assert [a.id for a in read_inputs(["-"], LIMIT, stdin=stdin).articles] == ["s1", "s2"]
    assert read_inputs(["-"], LIMIT, stdin=b"Plain text from a pipe.").articles[0].text == "Plain text from a pipe."


def test_bad_inputs_are_skipped_with_reasons_and_the_rest_goes_on(tmp_path):
    write(tmp_path / "good.txt", "A fine report about the harbour.")
    write(tmp_path / "binary.txt", b"\x00\x01\x02binary")
    write(tmp_path / "broken.json", "{not json")
    write(tmp_path / "notes.pdf", "%PDF-1.4")
    write(tmp_path / "huge.txt", "x" * 200)
    write(tmp_path / "empty.txt", "   \n")
    write(tmp_path / "bad.jsonl", '{"id": "ok", "text": "Fine."}\n{oops\n{"id": "no-text"}\n')
    result = read_inputs([str(tmp_path), str(tmp_path / "missing.txt")], 100)
    reasons = {s.path.split("/")[-1]: s.reason for s in result.skipped}
    assert "binary" in reasons["binary.txt"]
    assert reasons["broken.json"].startswith("malformed JSON")
    assert "unsupported file type '.pdf'" in reasons["notes.pdf"]
    assert "100-byte limit" in reasons["huge.txt"]
    assert reasons["empty.txt"] == "empty input"
    assert reasons["bad.jsonl:2"].startswith("malformed JSON")
    assert "no \"text\" or \"html\"" in reasons["bad.jsonl:3"]
    assert reasons["missing.txt"] == "no such file or directory"
    assert sorted(a.id for a in result.articles) == ["good", "ok"]


def test_undecodable_bytes_are_replaced_with_a_warning(tmp_path):
    write(tmp_path / "latin.txt", "Caf\xe9 owners welcomed the decision.".encode("latin-1"))
    result = read_inputs([str(tmp_path)], LIMIT)
    assert result.articles[0].text == "Caf\ufffd owners welcomed the decision."
    assert "not valid UTF-8" in result.warnings[0].reason
