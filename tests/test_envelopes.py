"""Every XML/JSON envelope parser parses every real layout or fails loudly (issue #15 item 4): a
response that promises rows, or holds them somewhere unknown, never parses to a silent empty."""

from __future__ import annotations

import json

import pytest

from extractors import datagokr
from extractors.bizinfo import programs
from extractors.errors import ParseError
from extractors.kvic import funds
from extractors.nps import api_detail, api_workplaces
from tests.conftest import fixture_bytes

DETAIL_UNDER_BODY = fixture_bytes("nps", "detail_item_under_body.xml")


def test_archived_detail_with_item_directly_under_body_parses():
    (record,) = api_detail.parse(DETAIL_UNDER_BODY)
    assert record["workplace_name"] == "삼성전자로지텍주식회사" and record["headcount"] == 556


def test_json_item_directly_under_body_parses():
    doc = json.loads(fixture_bytes("nps", "bass_v2_single.json"))
    body = doc["response"]["body"]
    body["item"] = body.pop("items")["item"]
    rows = api_workplaces.parse(json.dumps(doc).encode())
    assert len(rows) == 1 and rows[0]["workplace_name"]


def _xml(body: str) -> bytes:
    return (
        f"<response><header><resultCode>00</resultCode><resultMsg>NORMAL_CODE</resultMsg></header>"
        f"<body>{body}</body></response>"
    ).encode()


@pytest.mark.parametrize(
    "payload, message",
    [
        (_xml("<rows><row><wkplNm>x</wkplNm></row></rows><totalCount>1</totalCount>"), "no <items>/<item> but <rows>"),
        (_xml("<items></items><totalCount>3</totalCount><pageNo>1</pageNo><numOfRows>10</numOfRows>"), "totalCount=3"),
        (b"<response><header><resultCode>00</resultCode></header></response>", "has no <body>"),
    ],
)
def test_family_a_xml_unknown_layouts_fail_loudly(payload, message):
    with pytest.raises(ParseError, match=message):
        datagokr.parse_family_a_page("nps.api_detail", payload)


@pytest.mark.parametrize(
    "body, message",
    [
        ({"items": {"row": [{"wkplNm": "x"}]}, "totalCount": 1}, 'body.items has no "item"'),
        ({"items": "", "totalCount": 2, "pageNo": 1, "numOfRows": 10}, "totalCount=2"),
        ({"items": {"item": ["x"]}, "totalCount": 1}, "element 1 is a str"),
    ],
)
def test_family_a_json_unknown_layouts_fail_loudly(body, message):
    doc = {"response": {"header": {"resultCode": "00", "resultMsg": "NORMAL_CODE"}, "body": body}}
    with pytest.raises(ParseError, match=message):
        datagokr.parse_family_a_page("nps.api_workplaces", json.dumps(doc).encode())


def test_family_a_empty_results_and_pages_past_the_end_are_empty_not_errors():
    empty = {"response": {"header": {"resultCode": "00"}, "body": {"items": "", "totalCount": 0}}}
    past_end = {
        "response": {
            "header": {"resultCode": "00"},
            "body": {"items": "", "totalCount": 12, "pageNo": 3, "numOfRows": 10},
        }
    }
    for doc in (empty, past_end):
        assert datagokr.parse_family_a_page("nps.api_workplaces", json.dumps(doc).encode()).items == []


def test_odcloud_page_promising_rows_without_data_fails_loudly():
    doc = {"page": 1, "perPage": 10, "totalCount": 7, "currentCount": 0, "matchCount": 7, "data": []}
    with pytest.raises(ParseError, match="matchCount 7 but data"):
        datagokr.parse_odcloud("kvic.funds", json.dumps(doc).encode())
    with pytest.raises(ParseError, match="element 2 is a int"):
        funds.parse(json.dumps({**doc, "currentCount": 2, "data": [{"a": 1}, 5]}).encode())


@pytest.mark.parametrize(
    "doc, message",
    [
        ({"jsonArray": {"title": "지원사업", "items": [{"pblancId": "PBLN_1"}]}}, 'without "item"'),
        ({"jsonArray": [{"pblancId": "PBLN_1"}, "PBLN_2"]}, "element 2 is a str"),
    ],
)
def test_bizinfo_unknown_layouts_fail_loudly(doc, message):
    with pytest.raises(ParseError, match=message):
        programs.items_of(json.dumps(doc).encode())
