"""Posters that invite community reports: one A4 page per space, with a large QR code of the space's short
address, the space's name and place, one plain sentence in each language the app speaks, and the address to
type by hand. A poster speaks to anyone passing by, so every language is on it: the language of the person
printing it comes first (and words the place and the footer), the others follow. The QR code is drawn as
vector squares, so it stays sharp at any printing size."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import segno
from fpdf.enums import Align, XPos, YPos

from server.languages import LANGUAGES
from server.messages import known, say
from server.reports.fonts import FAMILY
from server.reports.pdf_base import GREY, ReportPdf

QR_MM = 125.0
QUIET_MODULES = 4  # the blank margin a QR reader needs around the code


@dataclass(frozen=True)
class PosterSpace:
    """What one poster shows (all text; the URL is the one the code encodes)."""

    name: str
    floor: str
    room_number: str
    building: str
    campus: str
    url: str  # e.g. https://audit.example.edu/r/K7P3QX

    @property
    def short_address(self) -> str:
        """The address as people type it: without https:// (phones add it)."""
        return self.url.split("://", 1)[-1]


class PosterPdf(ReportPdf):
    def footer_text(self) -> str:
        return say("poster.footer", self.lang)

    def centred(self, text: str, size: float, bold: bool = False, grey: bool = False, gap: float = 1.5) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        if grey:
            self.set_text_color(*GREY)
        self.multi_cell(0, size * 0.45, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.ln(gap)

    def qr(self, data: str, size: float) -> None:
        """The QR code of `data`, `size` mm wide with its quiet zone, centred below the current line."""
        code = segno.make(data, error="m", micro=False)
        rows = [list(row) for row in code.matrix]
        module = size / (len(rows) + 2 * QUIET_MODULES)
        left = (self.w - size) / 2 + QUIET_MODULES * module
        top = self.y + QUIET_MODULES * module
        self.set_fill_color(0)
        for r, row in enumerate(rows):
            c = 0
            while c < len(row):  # one rectangle per run of dark modules: no hairlines between them
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                # A hair of overlap downwards closes the seams some viewers draw between rows.
                self.rect(left + start * module, top + r * module, (c - start) * module, module + 0.02, style="F")
        self.set_y(self.y + size)


def _place(space: PosterSpace, lang: str) -> str:
    if space.room_number:
        return say("poster.place_room", lang, floor=space.floor, room=space.room_number)
    return say("poster.place", lang, floor=space.floor)


def build_posters(spaces: Sequence[PosterSpace], title: str, lang: str = "en") -> PosterPdf:
    """One page per space, in the order given."""
    pdf = PosterPdf(title, lang)
    pdf.set_auto_page_break(False)
    first = known(lang)
    others = [other for other in LANGUAGES if other != first]
    invites = [say("poster.invite", other) for other in (first, *others)]
    scan = " \u00b7 ".join(say("poster.scan", other) for other in (first, *others)) + ":"
    pdf.cover_characters(json.dumps([asdict(s) for s in spaces], ensure_ascii=False) + "".join(invites) + scan)
    for space in spaces:
        pdf.add_page()
        pdf.set_y(18)
        pdf.centred(invites[0], 17, bold=True, gap=3)
        for invite in invites[1:]:
            pdf.centred(invite, 13, grey=True, gap=3)
        pdf.qr(space.url, QR_MM)
        pdf.ln(2)
        pdf.centred(space.name, 22, bold=True, gap=1)
        pdf.centred(_place(space, first), 14, gap=1)
        pdf.centred(f"{space.building} \u00b7 {space.campus}", 11, grey=True, gap=5)
        pdf.centred(scan, 10, grey=True, gap=1)
        pdf.centred(space.short_address, 20, bold=True, gap=0)
    return pdf
