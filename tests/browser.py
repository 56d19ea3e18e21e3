"""Debian's Chromium, headless, for the KPI report and the dashboard: find it, run it, read its PNGs.

`make test` installs Chromium and Noto CJK (make browser-tool); where they are missing a test fails
naming the install step when it could have been installed (root or CI), and is skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

HEADLESS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-dev-shm-usage")


def missing(what: str) -> None:
    """Fail where `make test` could have installed `what` (root or CI), skip elsewhere; either says how."""
    message = f"{what}: run `make browser-tool` (make test depends on it)"
    if os.environ.get("CI") or os.geteuid() == 0:
        pytest.fail(message)
    pytest.skip(f"{message}; installing it needs root")


def chromium() -> str:
    path = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if path is None:
        missing("Debian chromium is not installed")
    return path


def require_korean_font() -> None:
    listed = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True).stdout
    if not listed.strip():
        missing("no Korean font (fonts-noto-cjk): Hangul would render as boxes")


def run(profile_dir: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """Chromium headless with its own profile under `profile_dir`; fails on a non-zero exit."""
    cmd = [chromium(), *HEADLESS, f"--user-data-dir={profile_dir / 'chromium-profile'}", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def screenshot(profile_dir: Path, url: str, size: str, name: str, *args: str) -> Path:
    out = profile_dir / name
    run(profile_dir, f"--screenshot={out}", f"--window-size={size}", *args, url)
    assert out.exists() and out.stat().st_size > 0, f"chromium wrote no screenshot of {url}"
    return out


def decode_png(data: bytes) -> tuple[int, int, int, list[bytearray]]:
    """(width, height, bytes per pixel, rows) of an 8-bit RGB/RGBA non-interlaced PNG, as Chromium writes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos : pos + 4]), data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6), f"unsupported PNG {header}"
    bpp = 3 if colour == 2 else 4
    raw, stride, prev, rows = zlib.decompress(b"".join(idat)), width * bpp, bytearray(width * bpp), []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride) if kind else ():
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            else:  # Paeth
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def pixels(rows, bpp, step=4):
    """RGB of every `step`-th pixel of every `step`-th row."""
    for row in rows[::step]:
        for x in range(0, len(row), bpp * step):
            yield tuple(row[x : x + 3])
