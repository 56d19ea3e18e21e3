"""The national NPS file's bytes as strictly decoded, numbered lines (CP949, UTF-8 or UTF-8 with a
BOM, chosen on the header line; a UTF-8 Korean line in a CP949 file is an error)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from extractors.errors import ParseError
from extractors.nps.file_header import NAME

CHUNK = 1 << 20
_HANGUL = re.compile("[\uac00-\ud7a3]")


class Lines:
    """Physical lines of a byte stream, strictly decoded, numbered from 1, with one line of lookahead
    so the reader knows when it holds the last line and whether that line ended with a newline.

    Lines are read in blocks of whole lines, and a block is decoded in one call when that is certain
    to give what decoding its lines one by one gives: it decodes without error and (CP949) has no
    line that is really UTF-8 Korean. Any other block is decoded line by line as each line
    is reached, so errors name the same line, in the same order, with the same message."""

    def __init__(self, stream: BinaryIO, head: bytes, where: str = ""):
        self._blocks = byte_blocks(stream, head)
        self._next_block = next(self._blocks, None)
        self.where = f" ({where})" if where else ""
        self.number = 0
        self.at_last = self._next_block is None
        self.last_unterminated = False
        first = self._next_block or b""
        self.encoding = self._choose_encoding(first[: first.find(b"\n") + 1] if b"\n" in first else first)
        self._lines: list = []  # the current block: decoded str lines, or raw bytes lines when _raw
        self._raw = False
        self._index = 0

    @staticmethod
    def _choose_encoding(first: bytes) -> str:
        if first.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        try:
            first.decode("utf-8")
        except UnicodeDecodeError:
            return "cp949"
        return "cp949" if first.isascii() else "utf-8"

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self._index >= len(self._lines):
            self._load_block()  # raises StopIteration after the last block
        line = self._lines[self._index]
        self._index += 1
        self.number += 1
        self.at_last = self._index == len(self._lines) and self._next_block is None
        if not self._raw:
            self.last_unterminated = self.at_last and not line.endswith("\n")
            return line
        self.last_unterminated = self.at_last and not line.endswith(b"\n")
        return self._decode(line)

    def _load_block(self) -> None:
        block = self._next_block
        if block is None:
            raise StopIteration
        self._next_block = next(self._blocks, None)
        first_block = self.number == 0
        if first_block and self.encoding == "utf-8-sig":
            block = block[len(codecs.BOM_UTF8) :]
        decoded = self._decode_block(block)
        if first_block and self.encoding == "utf-8-sig":  # keep the BOM on the raw line: _decode strips it
            block = codecs.BOM_UTF8 + block
        self._raw = decoded is None
        self._lines = split_lines(block if self._raw else decoded)
        self._index = 0

    def _decode_block(self, block: bytes) -> str | None:
        """The block decoded at once, or None when it must be decoded line by line."""
        codec = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        try:
            text = block.decode(codec)
        except UnicodeDecodeError:
            return None
        if codec == "cp949" and any(not line.isascii() and looks_utf8(line) for line in block.split(b"\n")):
            return None  # a UTF-8 Korean line in a CP949 file: raise when that line is reached
        return text

    def _decode(self, line: bytes) -> str:
        if self.number == 1 and self.encoding == "utf-8-sig":
            line = line[len(codecs.BOM_UTF8) :]
        codec = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        try:
            result = line.decode(codec)
        except UnicodeDecodeError as exc:
            if codec == "cp949" and looks_utf8(line):
                raise ParseError(NAME, self._utf8_in_cp949()) from None
            raise ParseError(NAME, self._decode_problem(line, codec, exc)) from None
        # UTF-8 Korean often decodes as (wrong) CP949 without error: catch that mojibake too
        if codec == "cp949" and not line.isascii() and looks_utf8(line):
            raise ParseError(NAME, self._utf8_in_cp949())
        return result

    def _utf8_in_cp949(self) -> str:
        return (
            f"line {self.number}{self.where} is UTF-8 Korean text in a CP949 file (mixed or mis-encoded "
            f"file); re-export the file in one encoding"
        )

    def _decode_problem(self, line: bytes, codec: str, exc: UnicodeDecodeError) -> str:
        label = "CP949" if codec == "cp949" else "UTF-8"
        if self.last_unterminated and exc.end >= len(line) and exc.start >= len(line) - 3:
            return (
                f"file truncated at line {self.number}{self.where}: the last line ends in the middle "
                f"of a multi-byte {label} character"
            )
        if self.number == 1:
            return f"line 1{self.where} (header) is neither UTF-8 nor CP949 ({exc.reason} at byte {exc.start})"
        other = "UTF-8" if codec == "cp949" else "CP949"
        return (
            f"line {self.number}{self.where} is not valid {label} ({exc.reason} at byte {exc.start}); the "
            f"header was {label}: mis-encoded file (is it {other}?) or corrupt bytes"
        )


def byte_blocks(stream: BinaryIO, head: bytes) -> Iterator[bytes]:
    """Blocks of whole lines (split after b'\\n', never a trail byte in CP949 or UTF-8); only the
    last block may end without a newline."""
    buffer = head
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        buffer += chunk
        cut = buffer.rfind(b"\n") + 1
        if cut:
            yield buffer[:cut]
            buffer = buffer[cut:]
    if buffer:
        yield buffer


def split_lines(block):
    """Lines of a block (str or bytes), each keeping its newline; the last may have none."""
    newline = "\n" if isinstance(block, str) else b"\n"
    lines = [line + newline for line in block.split(newline)]
    if lines[-1] == newline:
        lines.pop()  # the block ended with a newline
    else:
        lines[-1] = lines[-1][:-1]  # unterminated last line
    return lines


def looks_utf8(line: bytes) -> bool:
    """True when a line that decoded as CP949 is really UTF-8 Korean. Real CP949 Hangul is almost never
    valid UTF-8, and CP949 bytes misread as UTF-8 never land on Hangul syllables."""
    try:
        return bool(_HANGUL.search(line.decode("utf-8")))
    except UnicodeDecodeError:
        return False
