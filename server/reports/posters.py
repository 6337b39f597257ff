"""Posters that invite community reports: one A4 page per space, with a large QR code of the space's short
address, the space's name and place, one plain sentence in English and in Spanish, and the address to type
by hand. The QR code is drawn as vector squares, so it stays sharp at any printing size."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import segno
from fpdf.enums import Align, XPos, YPos

from server.reports.fonts import FAMILY
from server.reports.pdf_base import GREY, ReportPdf

INVITE_EN = "Seen an image or message here that excludes or demeans people? Tell us \u2014 no account, no name."
INVITE_ES = ("\u00bfHa visto aqu\u00ed una imagen o un mensaje que excluye o menosprecia a alguien? D\u00edganoslo, "
             "sin cuenta y sin dar su nombre.")
SCAN = "Scan the code, or type this address \u00b7 Escanee el c\u00f3digo o escriba esta direcci\u00f3n:"
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
        return "Spaces Audit \u00b7 community reports are read by the committee only"

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


def _place(space: PosterSpace) -> str:
    parts = [f"Floor {space.floor}"] + ([f"Room {space.room_number}"] if space.room_number else [])
    return " \u00b7 ".join(parts)


def build_posters(spaces: Sequence[PosterSpace], title: str) -> PosterPdf:
    """One page per space, in the order given."""
    pdf = PosterPdf(title)
    pdf.set_auto_page_break(False)
    pdf.cover_characters(json.dumps([asdict(s) for s in spaces], ensure_ascii=False) + INVITE_ES + SCAN)
    for space in spaces:
        pdf.add_page()
        pdf.set_y(18)
        pdf.centred(INVITE_EN, 17, bold=True, gap=3)
        pdf.centred(INVITE_ES, 13, grey=True, gap=3)
        pdf.qr(space.url, QR_MM)
        pdf.ln(2)
        pdf.centred(space.name, 22, bold=True, gap=1)
        pdf.centred(_place(space), 14, gap=1)
        pdf.centred(f"{space.building} \u00b7 {space.campus}", 11, grey=True, gap=5)
        pdf.centred(SCAN, 10, grey=True, gap=1)
        pdf.centred(space.short_address, 20, bold=True, gap=0)
    return pdf
