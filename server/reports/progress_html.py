"""The public progress page as HTML, written on the server: one document and one stylesheet, no script, nothing
inline (the strict Content-Security-Policy holds), readable at 320 px and by a screen reader (real tables with
captions and header cells, one h1, a language switch named in its own language).

Every value passes through `shown`: a hidden count ("<5", server/domain/progress/small.py) reads "fewer than 5".
"""

from __future__ import annotations

from html import escape
from typing import Any

from server.domain.progress.small import HIDDEN
from server.languages import LANGUAGES, NAMES
from server.messages import say
from server.messages.formats import day, number

PAGE = "/progress"
STYLESHEET = "/progress/progress.css"


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def shown(value: Any, lang: str) -> str:
    """A count as the public reads it: the number, "fewer than 5", or "none" when there is nothing to count."""
    if value == HIDDEN:
        return say("progress.hidden", lang)
    if value is None:
        return say("progress.none", lang)
    return number(value, lang)


def percent(value: Any, lang: str) -> str:
    if value == HIDDEN or value is None:
        return shown(value, lang)
    return say("progress.percent", lang, value=number(value, lang))


def _switch(lang: str, path: str) -> str:
    links = [f'<a href="{_e(path)}?lang={other}" lang="{other}" hreflang="{other}">{_e(NAMES[other])}</a>'
             for other in LANGUAGES if other != lang]
    return f'<nav class="lang" aria-label="{_e(say("progress.language", lang))}">{" ".join(links)}</nav>'


def document(title: str, body: str, lang: str, path: str = PAGE) -> str:
    return ("<!doctype html>\n"
            f'<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title>"
            f'<link rel="stylesheet" href="{STYLESHEET}"></head>'
            f'<body><header class="top">{_switch(lang, path)}</header>'
            f'<main id="main">{body}</main></body></html>\n')


def off_page(lang: str) -> str:
    """What the address answers (404) while the page is off: nothing but that."""
    return document(say("progress.off_title", lang),
                    f'<h1>{_e(say("progress.off_title", lang))}</h1><p>{_e(say("progress.off", lang))}</p>', lang)


def _row(cells: list[str], head: bool = False) -> str:
    first, *rest = cells
    tag = "th" if head else "td"
    scope = "col" if head else "row"
    return (f'<tr><th scope="{scope}">{_e(first)}</th>'
            + "".join(f'<{tag} class="n"{" scope=col" if head else ""}>{_e(c)}</{tag}>' for c in rest) + "</tr>")


def _table(caption: str, headings: list[str], rows: list[list[str]]) -> str:
    # A table wider than a small phone scrolls in its own box, which the keyboard can reach (a named region).
    return (f'<div class="scroll" tabindex="0" role="region" aria-label="{_e(caption)}"><table>'
            f'<caption>{_e(caption)}</caption><thead>{_row(headings, head=True)}</thead>'
            f'<tbody>{"".join(_row(r) for r in rows)}</tbody></table></div>')


def _figures(c: dict[str, Any], lang: str) -> str:
    spaces, median, community = c["spaces"], c["median_days_to_verified"], c["community"]
    if spaces["coverage"] is None:
        audited = say("progress.spaces_value_plain", lang, audited=shown(spaces["audited"], lang),
                      total=shown(spaces["total"], lang))
    else:
        audited = say("progress.spaces_value", lang, audited=shown(spaces["audited"], lang),
                      total=shown(spaces["total"], lang), coverage=percent(spaces["coverage"], lang))
    if median["days"] is None:
        fixes = say("progress.median_none", lang)
    elif median["days"] == HIDDEN:
        fixes = say("progress.median_hidden", lang)
    else:
        fixes = say("progress.median_value", lang, days=number(median["days"], lang),
                    fixes=shown(median["fixes"], lang))
    reports = say("progress.community_value", lang, **{k: shown(v, lang) for k, v in community.items()})
    pairs = ((say("progress.spaces", lang), audited), (say("progress.median", lang), fixes),
             (say("progress.community", lang), reports))
    return '<dl class="figures">' + "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in pairs) + "</dl>"


def _findings(c: dict[str, Any], lang: str) -> str:
    if not c["findings"]:
        return f'<p>{_e(say("progress.findings_none", lang))}</p>'
    headings = [say(f"progress.{k}", lang) for k in ("category", "raised", "remedied", "verified")]
    rows = [[r["category"], *(shown(r[k], lang) for k in ("raised", "remedied", "verified"))] for r in c["findings"]]
    return _table(say("progress.findings", lang), headings, rows)


def _inventory(c: dict[str, Any], lang: str) -> str:
    inv = c["inventory"]
    if not inv or inv["people"]["current"] == 0:
        return f'<p>{_e(say("progress.inventory_none", lang))}</p>'
    headings = [say("progress.share", lang), say("progress.current", lang), say("progress.previous", lang)]
    rows = [[s["label"], percent(s["current"], lang), percent(s["previous"], lang)] for s in inv["shares"]]
    people = say("progress.inventory_people", lang, current=shown(inv["people"]["current"], lang),
                 previous=shown(inv["people"]["previous"], lang))
    return _table(say("progress.inventory", lang), headings, rows) + f'<p class="note">{_e(people)}</p>'


def _campus(index: int, c: dict[str, Any], lang: str) -> str:
    heading = f"campus-{index}"
    return (f'<section aria-labelledby="{heading}"><h2 id="{heading}">{_e(c["name"])}</h2>'
            f"{_figures(c, lang)}{_findings(c, lang)}{_inventory(c, lang)}</section>")


def pair_caption(pair: dict[str, Any], lang: str) -> str:
    return say("progress.pair_caption", lang, category=pair["category"], building=pair["building"],
               campus=pair["campus"], date=day(pair["verified_on"], lang))


def _pairs(pairs: list[dict[str, Any]], lang: str) -> str:
    if not pairs:
        return ""
    items = "".join(f'<li><a href="{PAGE}/pairs/{_e(p["id"])}?lang={lang}">{_e(pair_caption(p, lang))}</a></li>'
                    for p in pairs)
    return (f'<section aria-labelledby="pairs"><h2 id="pairs">{_e(say("progress.pairs", lang))}</h2>'
            f'<p>{_e(say("progress.pairs_intro", lang))}</p><ul class="pairs">{items}</ul></section>')


def _downloads(lang: str) -> str:
    links = ((f"/api/public/progress.pdf?lang={lang}", "progress.pdf"),
             (f"/api/public/progress.csv?lang={lang}", "progress.csv"), (f"/api/public/progress?lang={lang}",
                                                                          "progress.json"))
    items = "".join(f'<li><a href="{_e(href)}">{_e(say(key, lang))}</a></li>' for href, key in links)
    return (f'<section aria-labelledby="downloads"><h2 id="downloads">{_e(say("progress.downloads", lang))}</h2>'
            f"<ul>{items}</ul></section>")


def _definitions(lang: str) -> str:
    items = "".join(f'<li>{_e(say(f"progress.def.{k}", lang))}</li>'
                    for k in ("spaces", "findings", "median", "inventory", "community"))
    return (f'<section aria-labelledby="how"><h2 id="how">{_e(say("progress.definitions", lang))}</h2>'
            f"<ul>{items}</ul></section>")


def page(data: dict[str, Any], pairs: list[dict[str, Any]], lang: str) -> str:
    cycle = data["cycle"]
    intro = say("progress.intro", lang, **{"from": day(cycle["from"], lang), "to": day(cycle["to"], lang)})
    campuses = "".join(_campus(i, c, lang) for i, c in enumerate(data["campuses"], 1)) or \
        f'<p>{_e(say("progress.no_campuses", lang))}</p>'
    body = (f'<h1>{_e(say("progress.title", lang))}</h1><p class="lead">{_e(intro)}</p>'
            f'<p class="note">{_e(say("progress.small", lang))}</p>{campuses}{_pairs(pairs, lang)}'
            f"{_downloads(lang)}{_definitions(lang)}")
    return document(say("progress.title", lang), body, lang)


def pair_page(pair: dict[str, Any], lang: str) -> str:
    """One published before/after pair, the two redacted display copies side by side (stacked on a phone)."""
    photos = "".join(
        f'<figure><img src="{_e(pair[side]["url"])}" width="{pair[side]["width"]}" height="{pair[side]["height"]}" '
        f'alt="{_e(say(f"progress.{side}_alt", lang, category=pair["category"], building=pair["building"]))}">'
        f'<figcaption>{_e(say(f"progress.{side}", lang))}</figcaption></figure>' for side in ("before", "after"))
    body = (f'<p class="back"><a href="{PAGE}?lang={lang}">{_e(say("progress.back", lang))}</a></p>'
            f'<h1>{_e(say("progress.pairs", lang))}</h1><p class="lead">{_e(pair_caption(pair, lang))}</p>'
            f'<div class="pair">{photos}</div>')
    return document(f'{say("progress.pairs", lang)} · {say("progress.title", lang)}', body, lang,
                    f'{PAGE}/pairs/{pair["id"]}')
