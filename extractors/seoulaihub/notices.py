"""Seoul AI Hub notice board (허브소식 > 공지사항, `board/board_basic/board_*.asp`), docs/sources.md §5.2.

List page (~20 rows): each row is a ``<ul class="faq_board_sty03…">`` block; the notice id comes from
``goDetail('<id>'``, the title is the row's ``<p>``, the posted date the ``<li>`` whose whole text is
``YYYY-MM-DD``. Blocks without a ``goDetail`` (a header row) are skipped.

Detail page: the body is inline. Only the breadcrumb ("> 허브소식 > 공지사항") before it and the
"이전글/다음글/목록보기" links after it are documented, so the parser reads the text between those
markers: its first line (after a repeated menu title "공지사항") is the title, the first line holding a
``YYYY-MM-DD`` date is the meta line, and the lines after it — minus attachment names and header lines
(등록일/작성자/조회/첨부파일 labels) — are the body. The list page's title and date win when both are given.
Attachments are listed, never downloaded: ``goDown('<표시이름>','<저장이름>','<게시판폴더>')`` becomes
``DOWNLOAD_URL?file_name=..&file_full_name=..&folder=..`` (UTF-8 percent-encoding; whether the ASP
download page expects EUC-KR query bytes is unverified, docs/sources.md §10.8).

`is_programme_call`: the title matches ``모집|선정결과|참여기업|공고`` — recruitment calls, selection
results and participant lists, the only public trace of programme participation (docs/sources.md §5.2).
A broad rule on purpose (it also flags e.g. staff hiring "채용 공고"); the mart narrows it.

Input: one list page (bodies None), one detail page (one record), or a bundle of list pages and
detail pages (bundle params carry ``page`` / ``bd_num``), joined on the notice id.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from bs4 import BeautifulSoup

from extractors import bundle
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import FetchError, PoliteClient, Politeness
from extractors.text import clean, decode_html

NAME = "seoulaihub.notices"
BASE_URL = "https://www.seoulaihub.kr"  # tests point fetch at a local server
LIST_PATH = "/board/board_basic/board_list.asp"
DETAIL_PATH = "/board/board_basic/board_detail.asp"
BOARD_PARAMS = {"scrID": "0000000170", "pageNum": "4", "subNum": "1", "ssubNum": "1"}
# Record URLs always name the public site (parse is pure; it never sees the fetch base URL).
PUBLIC_SITE = "https://www.seoulaihub.kr"
DOWNLOAD_URL = PUBLIC_SITE + "/include/download.asp"
MAX_LIST_PAGES = 20
MAX_DETAILS_PER_RUN = 30

PROGRAMME_CALL = re.compile(r"모집|선정결과|참여기업|공고")
_ROW_CLASS = re.compile(r"^faq_board_sty03")
_DETAIL_ID = re.compile(r"goDetail\(\s*['\"](\d+)['\"]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_GODOWN = re.compile(r"goDown\(\s*['\"]([^'\"]*)['\"]\s*,\s*['\"]([^'\"]*)['\"]\s*,\s*['\"]([^'\"]*)['\"]\s*\)")
_BREADCRUMB = re.compile(r"허브소식\s*>\s*공지사항")
_END = re.compile(r"이전글|다음글|목록보기")
# Header lines of the view (views, author, attachment label) are not body text.
_META_LINE = re.compile(r"^(등록일|작성일|작성자|조회수?|첨부파일?)\s*([:：].*)?$")
_BD_NUM_INPUT = re.compile(r"""<input[^>]*name=["']bd_num["'][^>]*value=["'](\d+)["']""", re.I)
_BD_NUM_URL = re.compile(r"bd_num=(\d+)")


def detail_url(notice_id: str) -> str:
    params = {**BOARD_PARAMS, "page": "1", "bd_num": notice_id, "act": "view", "s_string": ""}
    return f"{PUBLIC_SITE}{DETAIL_PATH}?{urlencode(params)}"


def parse(payload: bytes) -> list[dict]:
    """Notice records, list order first (newest first on the site), then detail-only notices.

    Raises ParseError for a page that is neither a notice list nor a notice detail page, a list
    page without rows, or a row/detail missing its id, title or date.
    """
    listed: dict[str, dict] = {}
    details: dict[str, dict] = {}
    for part in bundle.parts(NAME, payload):
        html = decode_html(part.body)
        kind = _page_kind(html, part.params)
        if kind == "list":
            for row in _parse_list(html, part.params.get("page")):
                listed.setdefault(row["notice_id"], row)
        else:
            detail = _parse_detail(html, part.params.get("bd_num"))
            details[detail["notice_id"]] = detail
    records = []
    for notice_id in [*listed, *(i for i in details if i not in listed)]:
        records.append(_record(notice_id, listed.get(notice_id), details.get(notice_id)))
    if not records:
        raise ParseError(NAME, "bundle holds no notice pages")
    return records


def _page_kind(html: str, params: dict) -> str:
    if "bd_num" in params:
        return "detail"
    if "page" in params:
        return "list"
    soup = BeautifulSoup(html, "html.parser")
    if soup.find("ul", class_=_ROW_CLASS):
        return "list"
    if _BREADCRUMB.search(soup.get_text(" ")) and _END.search(soup.get_text(" ")):
        return "detail"
    if _DETAIL_ID.search(html):
        raise ParseError(NAME, "goDetail(...) links found but no ul.faq_board_sty03 rows: notice list layout changed")
    raise ParseError(
        NAME,
        "expected a notice list page (ul.faq_board_sty03 rows) or a detail page "
        "(breadcrumb '> 허브소식 > 공지사항' ... '목록보기')",
    )


def _parse_list(html: str, page) -> list[dict]:
    soup = BeautifulSoup(html, "html.parser")
    where = f"list page {page}" if page else "list page"
    rows = []
    for block in soup.find_all("ul", class_=_ROW_CLASS):
        match = _DETAIL_ID.search(str(block))
        if match is None:
            continue  # header row
        notice_id = match.group(1)
        title_tag = block.find("p")
        title = clean(title_tag.get_text(" ")) if title_tag else ""
        dates = [clean(li.get_text()) for li in block.find_all("li")]
        date = next((d for d in dates if _DATE.fullmatch(d)), None)
        if not title or date is None:
            raise ParseError(
                NAME,
                f"{where}, notice {notice_id}: expected a <p> title and an <li> "
                f"YYYY-MM-DD date in the ul.faq_board_sty03 row",
            )
        rows.append({"notice_id": notice_id, "title": title, "posted_date": date})
    if not rows:
        raise ParseError(
            NAME, f"{where}: no ul.faq_board_sty03 row with goDetail('<id>') (layout changed or an error page)"
        )
    return rows


def _parse_detail(html: str, bd_num) -> dict:
    notice_id = str(bd_num) if bd_num else _id_from_page(html)
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    text = soup.get_text("\n")
    start = _BREADCRUMB.search(text)
    end = _END.search(text, start.end()) if start else None
    if start is None or end is None:
        raise ParseError(
            NAME,
            f"detail page {notice_id}: expected the body between the breadcrumb "
            "'> 허브소식 > 공지사항' and '이전글/다음글/목록보기' (layout changed)",
        )
    lines = [line for line in (clean(x) for x in text[start.end() : end.start()].split("\n")) if line]
    while lines and lines[0] in ("공지사항", ">"):
        lines.pop(0)
    if not lines:
        raise ParseError(NAME, f"detail page {notice_id}: no title between the breadcrumb and '목록보기'")
    attachments = _attachments(html)
    names = {name for name, _ in attachments}
    title, rest = lines[0], lines[1:]
    meta = next((i for i, line in enumerate(rest) if _DATE.search(line)), None)
    date = _DATE.search(rest[meta]).group(0) if meta is not None else None
    body_lines = rest[meta + 1 :] if meta is not None else rest
    body = [ln for ln in body_lines if ln not in names and not _META_LINE.match(ln)]
    return {
        "notice_id": notice_id,
        "title": title,
        "posted_date": date,
        "body_text": "\n".join(body),
        "attachments": attachments,
    }


def _id_from_page(html: str) -> str:
    match = _BD_NUM_INPUT.search(html) or _BD_NUM_URL.search(html)
    if match is None:
        raise ParseError(
            NAME, "detail page without a notice id (no bundle param bd_num, no hidden input bd_num, no bd_num= link)"
        )
    return match.group(1)


def _attachments(html: str) -> list[tuple[str, str]]:
    """(display name, download URL) per distinct goDown(...) call, in page order."""
    seen: dict[tuple[str, str, str], None] = {}
    for match in _GODOWN.finditer(html):
        seen.setdefault(match.groups(), None)
    return [
        (clean(disp), f"{DOWNLOAD_URL}?{urlencode({'file_name': disp, 'file_full_name': stored, 'folder': folder})}")
        for disp, stored, folder in seen
    ]


def _record(notice_id: str, row: dict | None, detail: dict | None) -> dict:
    title = (row or {}).get("title") or (detail or {}).get("title")
    date = (row or {}).get("posted_date") or (detail or {}).get("posted_date")
    attachments = (detail or {}).get("attachments") or []
    return {
        "notice_id": notice_id,
        "title": title,
        "posted_date": date,
        "body_text": detail["body_text"] if detail else None,
        "attachments": [name for name, _ in attachments],
        "attachment_urls": [url for _, url in attachments],
        "is_programme_call": bool(PROGRAMME_CALL.search(title or "")),
        "source_url": detail_url(notice_id),
    }


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """List pages 1..N until a page adds no new id (at most MAX_LIST_PAGES), then the detail pages
    of the newest MAX_DETAILS_PER_RUN notices; all responses bundled. robots.txt is obeyed by the
    client (a Disallow raises FetchError "blocked by robots.txt" before any page request)."""
    responses = []
    ids: list[str] = []
    for page in range(1, MAX_LIST_PAGES + 1):
        params = {**BOARD_PARAMS, "page": str(page)}
        resp = _ok(client.get(BASE_URL + LIST_PATH, params=params), "notice list page")
        try:
            page_ids = [r["notice_id"] for r in _parse_list(decode_html(resp.content), page)]
        except ParseError:
            if page == 1:
                raise
            break  # past the last page
        new = [i for i in page_ids if i not in ids]
        if not new:
            break
        ids.extend(new)
        responses.append((params, resp))
    for notice_id in ids[:MAX_DETAILS_PER_RUN]:
        params = {**BOARD_PARAMS, "page": "1", "bd_num": notice_id, "act": "view", "s_string": ""}
        responses.append((params, _ok(client.get(BASE_URL + DETAIL_PATH, params=params), "notice detail page")))
    first = responses[0][1]
    return Payload(
        content=bundle.make_bundle(responses), url=first.url, http_status=first.status, content_type="application/json"
    )


def _ok(resp, what: str):
    if resp.status != 200:
        raise FetchError(NAME, resp.url, f"HTTP {resp.status}", f"{what} not served")
    return resp


DATASET = Dataset(
    name=NAME,
    description="Seoul AI Hub notices (공지사항): one row per notice, with body and attachment links when fetched",
    parse=parse,
    columns={
        "notice_id": "VARCHAR",
        "title": "VARCHAR",
        "posted_date": "DATE",
        "body_text": "VARCHAR",
        "attachments": "VARCHAR[]",
        "attachment_urls": "VARCHAR[]",
        "is_programme_call": "BOOLEAN",
        "source_url": "VARCHAR",
    },
    natural_key=("notice_id",),
    sample_file="seoulaihub/notices_bundle.json",
    suffix=".json",
    producer="서울 AI 허브 (Seoul AI Hub), seoulaihub.kr 허브소식 > 공지사항",
    licence="Public web page; notice titles, dates and text collected for public-interest statistics; "
    "attachments linked, not copied",
    fetch=fetch,
    politeness=Politeness(min_interval_s=1.0),
)
