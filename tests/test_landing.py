"""Raw landing zone: immutable snapshots with origin records; reruns never duplicate."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest

from extractors.scrub import scrub_text, scrub_url
from warehouse import landing


def _store(raw, payload=b"<html>roster</html>", date="2026-11-16", **kw):
    args = dict(
        url="https://example.org/p.asp?page=1&serviceKey=SECRET123",
        http_status=200,
        content_type="text/html",
        producer="test",
        licence="test",
        mode="live",
        suffix=".html",
    )
    args.update(kw)
    return landing.store(raw, "seoulaihub.roster", date, payload, **args)


def test_snapshot_has_payload_and_complete_origin_record(tmp_path):
    snap = _store(tmp_path, fetched_at=datetime(2026, 11, 16, 3, 0, tzinfo=UTC))
    origin = json.loads((snap.path / "origin.json").read_text())
    assert snap.path.parent == tmp_path / "seoulaihub" / "roster" / "2026-11-16"
    assert origin["sha256"] == snap.origin.sha256 and origin["size"] == len(b"<html>roster</html>")
    assert origin["url"] == "https://example.org/p.asp?page=1&serviceKey=***"
    assert {"fetched_at", "http_status", "content_type", "producer", "licence"} <= origin.keys()
    assert snap.read_bytes() == b"<html>roster</html>"
    assert not os.access(snap.payload_path, os.W_OK) or os.geteuid() == 0  # read-only file mode
    assert oct(snap.payload_path.stat().st_mode)[-3:] == "444"


def test_same_bytes_same_date_reuse_the_snapshot(tmp_path):
    a = _store(tmp_path)
    b = _store(tmp_path)
    assert a.path == b.path
    assert len(landing.list_snapshots(tmp_path, "seoulaihub.roster", "2026-11-16")) == 1


def test_new_bytes_make_a_new_snapshot_and_keep_the_old(tmp_path):
    a = _store(tmp_path)
    b = _store(tmp_path, payload=b"<html>changed</html>")
    snaps = landing.list_snapshots(tmp_path, "seoulaihub.roster")
    assert [s.path for s in snaps] == [a.path, b.path]


def test_tampered_payload_is_detected(tmp_path):
    snap = _store(tmp_path)
    os.chmod(snap.payload_path, 0o644)
    snap.payload_path.write_bytes(b"tampered")
    with pytest.raises(landing.LandingError, match="does not match origin record"):
        snap.read_bytes()


def test_half_written_snapshots_are_invisible(tmp_path):
    _store(tmp_path)
    leftover = tmp_path / "seoulaihub" / "roster" / "2026-11-16" / ".tmp-crashed"
    leftover.mkdir()
    (leftover / "payload.html").write_bytes(b"partial")
    assert len(landing.list_snapshots(tmp_path, "seoulaihub.roster")) == 1


@pytest.mark.parametrize("date", ["2026-1-1", "../../etc", "20261116"])
def test_bad_logical_dates_are_refused(tmp_path, date):
    with pytest.raises(landing.LandingError):
        _store(tmp_path, date=date)


def test_bad_dataset_names_and_suffixes_are_refused(tmp_path):
    with pytest.raises(landing.LandingError):
        landing.store(
            tmp_path,
            "../evil",
            "2026-11-16",
            b"x",
            url="u",
            http_status=None,
            content_type=None,
            producer="p",
            licence="l",
            mode="live",
            suffix=".html",
        )
    with pytest.raises(landing.LandingError):
        _store(tmp_path, suffix="/../../x")


def test_scrubbing_removes_every_key_style():
    url = "https://opendart.fss.or.kr/api/company.json?crtfc_key=abc&corp_code=001&serviceKey=k%2B1&crtfcKey=z"
    assert "abc" not in scrub_url(url) and "k%2B1" not in scrub_url(url) and "=z" not in scrub_url(url)
    assert "corp_code=001" in scrub_url(url)
    assert scrub_text("GET ...?serviceKey=abc%3D&x=1 failed", ("zzz",)) == "GET ...?serviceKey=***&x=1 failed"
    assert scrub_text("key value zzz leaked", ("zzz",)) == "key value *** leaked"
