"""Korea's 17 시도 in their short form (서울, 부산, ...), in the statistical order sources list them.
One list for the suites that check region columns (K-Startup 지역, KVIC 지역별 투자)."""

from __future__ import annotations

SIDO = (
    "서울",
    "부산",
    "대구",
    "인천",
    "광주",
    "대전",
    "울산",
    "세종",
    "경기",
    "강원",
    "충북",
    "충남",
    "전북",
    "전남",
    "경북",
    "경남",
    "제주",
)
