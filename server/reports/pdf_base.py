"""The page every report is printed on (A4, in the reader's language, fonts that carry non-ASCII names and
right-to-left ones, page numbers), the few shapes reports are made of (headings, paragraphs, label/value lines,
tables, photos), and running a build in a worker thread so a long report never blocks the server's event
loop."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos
from fpdf.errors import FPDFException

from server.messages import known, say
from server.per_loop import PerLoop
from server.reports.fonts import BOLD, FALLBACK, FAMILY, REGULAR, fallback_files

log = logging.getLogger("spaces_audit.reports")

GREY = (90, 90, 90)
LINE = 5.0
# PDFs are built one or two at a time: each holds its document (and the JPEGs it embeds) until written.
MAX_BUILDS = 2
# Right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, and their presentation forms.
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


class ReportPdf(FPDF):
    def __init__(self, title: str, lang: str = "en") -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report_title = title
        self.lang = known(lang)
        self.shapes_right_to_left = False  # set by cover_characters when the report holds such text
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.add_font(FAMILY, "", REGULAR)
        self.add_font(FAMILY, "B", BOLD)
        self.set_title(title)
        self.set_creator("Spaces Audit")
        self.set_lang(self.lang)
        self.set_font(FAMILY, "", 10)

    def cover_characters(self, text: str) -> None:
        """Prepare for what `text` (everything the report will print) holds: the fallback font if it has
        characters Roboto lacks, and shaping for its right-to-left lines. Only then: fpdf2 checks every
        character against every fallback font, which doubles the time a long report takes."""
        found = {ch for ch in set(text) if ch.isprintable()}
        self.shapes_right_to_left = bool(RIGHT_TO_LEFT.search("".join(found)))
        cmap = self.fonts[FAMILY].cmap
        extra = fallback_files()
        if not extra or all(ord(ch) in cmap for ch in found):
            return
        for style, path in extra.items():
            self.add_font(FALLBACK, style, path)
        self.set_fallback_fonts([FALLBACK])

    def _needs_shaping(self, text: str) -> bool:
        """Whether `text` has right-to-left letters to shape (and shaping is not on already)."""
        return self.shapes_right_to_left and not self.text_shaping and bool(RIGHT_TO_LEFT.search(text or ""))

    @contextlib.contextmanager
    def _shaping(self) -> Iterator[None]:
        """HarfBuzz (uharfbuzz) and fpdf2's bidirectional algorithm, for a piece of text with right-to-left
        letters: a Hebrew name in a Spanish line reads right to left, and Arabic letters join (unshaped, fpdf2
        draws them in memory order: reversed). Only for such text: shaping every line of a long report makes
        it twenty times slower."""
        try:
            self.set_text_shaping(True)
        except FPDFException:  # uharfbuzz missing: the letters are all there, in the wrong order
            log.warning("Right-to-left text in a report is printed unshaped: install uharfbuzz.")
            self.shapes_right_to_left = False
        try:
            yield
        finally:
            self.set_text_shaping(False)

    # Every way text reaches the page, or is measured for it, checks for right-to-left letters (tables draw
    # their cells with multi_cell).
    def cell(self, w: float | None = None, h: float | None = None, text: str = "", *args: Any, **kwargs: Any) -> Any:
        if not self._needs_shaping(text):
            return super().cell(w, h, text, *args, **kwargs)
        with self._shaping():
            return super().cell(w, h, text, *args, **kwargs)

    def multi_cell(self, w: float, h: float | None = None, text: str = "", *args: Any, **kwargs: Any) -> Any:
        if not self._needs_shaping(text):
            return super().multi_cell(w, h, text, *args, **kwargs)
        with self._shaping():
            return super().multi_cell(w, h, text, *args, **kwargs)

    def get_string_width(self, s: str, normalized: bool = False, markdown: bool = False) -> float:
        if not self._needs_shaping(s):
            return super().get_string_width(s, normalized, markdown)
        with self._shaping():
            return super().get_string_width(s, normalized, markdown)

    def footer_text(self) -> str:
        return say("pdf.footer", self.lang, title=self.report_title, page=self.page_no(), pages="{nb}")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, self.footer_text(), align="C")
        self.set_text_color(0)

    def heading(self, text: str, size: int = 14, space: float = 4, keep: float = 0) -> None:
        """A heading, on a new page unless it and `keep` mm of what follows fit on this one."""
        if self.will_page_break(size * 1.5 + keep):
            self.add_page()
        self.ln(space)
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, "", 10)
        self.ln(1)

    def para(self, text: str, size: float = 10, grey: bool = False) -> None:
        if not text:
            return
        self.set_font(FAMILY, "", size)
        if grey:
            self.set_text_color(*GREY)
        self.line(text, height=size * 0.5)
        self.set_text_color(0)
        self.set_font(FAMILY, "", 10)

    def wrap(self, text: str, width: float) -> list[str]:
        """Text broken into lines that fit `width`, word by word, adding up word widths. fpdf2's own line
        breaker measures a line again for every character it adds, which costs a long report seconds."""
        space, rows = self.get_string_width(" "), []
        for paragraph in text.split("\n"):
            if self.get_string_width(paragraph) <= width:  # most lines fit: one measure, no breaking
                rows.append(paragraph)
                continue
            current, used = "", 0.0
            for word in paragraph.split(" "):
                size = self.get_string_width(word)
                if current and used + space + size <= width:
                    current, used = f"{current} {word}", used + space + size
                    continue
                if current:
                    rows.append(current)
                while size > width and len(word) > 1:  # a word longer than the line: cut it
                    cut = next(n for n in range(len(word) - 1, 0, -1) if self.get_string_width(word[:n]) <= width
                               or n == 1)
                    rows.append(word[:cut])
                    word = word[cut:]
                    size = self.get_string_width(word)
                current, used = word, size
            rows.append(current)
        return rows

    def line(self, text: str, height: float = LINE) -> None:
        """Text from the current position to the right margin, wrapped under itself."""
        left = self.x
        for row in self.wrap(text, self.w - self.r_margin - left - 1):
            self.set_x(left)
            self.cell(self.w - self.r_margin - left, height, row, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def pairs(self, rows: Sequence[tuple[str, str]], label_width: float = 42) -> None:
        """Label and value on one line each (values wrap under themselves)."""
        for name, value in rows:
            self.set_font(FAMILY, "B", 10)
            self.cell(label_width, LINE, name)
            self.set_font(FAMILY, "", 10)
            self.line(value or "-")

    def grid(self, headings: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
             size: float = 8.5, bold_last: bool = False) -> None:
        """A table with a heading row repeated on every page it spans."""
        self.set_font(FAMILY, "", size)
        heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
        with self.table(col_widths=tuple(widths), width=sum(widths), align="LEFT", text_align="LEFT",
                        line_height=size * 0.5, headings_style=heading, padding=1) as table:
            table.row([str(h) for h in headings])
            for index, values in enumerate(rows):
                last = bold_last and index == len(rows) - 1
                table.row([str(v) for v in values], style=FontFace(emphasis="BOLD") if last else None)
        self.set_font(FAMILY, "", 10)
        self.ln(2)

    def photo_row(self, photos: Sequence[tuple[Path | None, int, int, str]], max_height: float = 70,
                  title: str = "") -> None:
        """Up to two photos side by side, each scaled to fit its half of the page, with a caption below (and
        a title above, kept on the same page). A photo whose file is missing is shown as a frame saying so."""
        gap, caption = 5.0, 4.0
        width = (self.epw - gap) / 2
        sizes = [(min(width, max_height * w / h), min(max_height, width * h / w)) if w and h else (width, 20)
                 for _, w, h, _ in photos]
        tallest = max(h for _, h in sizes) + caption + 2
        if self.will_page_break(tallest + (LINE if title else 0)):
            self.add_page()
        if title:
            self.para(title, size=9, grey=True)
        top, left = self.y, self.l_margin
        for (path, _, _, text), (w, h) in zip(photos, sizes, strict=True):
            problem = say("pdf.photo_missing", self.lang)
            if path is not None and path.is_file():
                try:
                    self.image(str(path), x=left, y=top, w=w, h=h, alt_text=text or None)
                    problem = ""
                except (OSError, ValueError, SyntaxError):  # a damaged file must not cost the whole report
                    problem = say("pdf.photo_unreadable", self.lang)
            if problem:
                self.rect(left, top, w, h)
                self.set_xy(left + 2, top + 2)
                self.set_font(FAMILY, "", 8)
                self.cell(w - 4, LINE, problem)
            self.set_xy(left, top + h + 0.5)
            self.set_font(FAMILY, "", 7.5)
            self.set_text_color(*GREY)
            self.cell(w, caption, text[:90])
            self.set_text_color(0)
            left += width + gap
        self.set_xy(self.l_margin, top + tallest)
        self.set_font(FAMILY, "", 10)


_LIMITER = PerLoop("pdf_builds", lambda: anyio.CapacityLimiter(MAX_BUILDS))


def _build_to_file(build: Callable[[], FPDF]) -> Path:
    fd, name = tempfile.mkstemp(prefix="spaces-report-", suffix=".pdf")
    os.close(fd)
    try:
        build().output(name)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise
    return Path(name)


async def render(build: Callable[[], FPDF]) -> Path:
    """Build a PDF in a worker thread and write it to a temporary file; the caller streams and deletes it."""
    return await anyio.to_thread.run_sync(_build_to_file, build, limiter=_LIMITER.get())
