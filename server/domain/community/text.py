"""What the public side says to a reporter, in English and Spanish: every error, and the words of the mail.

The reporter's page shows the server's messages as they come, so each one is written for a person holding a
phone in front of a poster, not for a developer. The language is the report's `lang`, else the browser's
Accept-Language; anything but Spanish is English.
"""

from __future__ import annotations

from typing import Any

from server.errors import DomainError, checked
from server.settings import LANGUAGES

LANGS = tuple(LANGUAGES)
PUBLIC_PATHS = ("/api/public/",)

# key -> (English, Spanish). Spanish addresses the reader as "usted", as a hospital's notices do.
MESSAGES: dict[str, tuple[str, str]] = {
    "unknown_code": (
        "There is no space with this code. Check the code on the poster and type it again.",
        "No hay ningún espacio con este código. Revise el código del cartel y escríbalo de nuevo."),
    "code_retired": (
        "This code is no longer valid: the poster is out of date. Ask for the new poster, or use the code "
        "printed on it.",
        "Este código ya no es válido: el cartel está desactualizado. Pida el cartel nuevo o use el código que "
        "aparece en él."),
    "reports_off": (
        "Reports are not being taken for this building at the moment.",
        "En este momento no se reciben reportes para este edificio."),
    "rejected": (
        "This report could not be accepted.",
        "No se pudo aceptar este reporte."),
    "empty_report": (
        "Describe what you saw or add a photo before sending.",
        "Describa lo que vio o agregue una foto antes de enviar."),
    "category": (
        "Choose what you saw: a portrait, a name or plaque, art or a mural, a poster or sign, or something else.",
        "Elija qué vio: un retrato, un nombre o una placa, una obra de arte o un mural, un cartel o un letrero, "
        "u otra cosa."),
    "description_too_long": (
        "The description is too long: at most {limit} characters.",
        "La descripción es demasiado larga: como máximo {limit} caracteres."),
    "impact_too_long": (
        "What you wrote about how it affected you is too long: at most {limit} characters.",
        "Lo que escribió sobre cómo le afectó es demasiado largo: como máximo {limit} caracteres."),
    "text_too_long": (
        "The message is too long: at most {limit} characters.",
        "El mensaje es demasiado largo: como máximo {limit} caracteres."),
    "control_character": (
        "The text contains a character that cannot be saved. Remove it and try again.",
        "El texto contiene un carácter que no se puede guardar. Quítelo e inténtelo de nuevo."),
    "email_invalid": (
        "This email address does not look right. Check it, or leave it empty.",
        "Esta dirección de correo no parece correcta. Revísela o déjela en blanco."),
    "email_required": (
        "Type the email address where you want to receive updates.",
        "Escriba la dirección de correo donde quiere recibir las novedades."),
    "too_many_photos": (
        "Add at most {limit} photos.",
        "Agregue como máximo {limit} fotos."),
    "photo_missing": (
        "A photo did not finish uploading. Add it again, or send the report without it.",
        "Una foto no terminó de subirse. Agréguela de nuevo o envíe el reporte sin ella."),
    "already_sent": (
        "This report was already received. Its follow-up link was shown when it was sent and cannot be shown "
        "again.",
        "Este reporte ya se recibió. Su enlace de seguimiento se mostró al enviarlo y no se puede volver a "
        "mostrar."),
    "not_found": (
        "No report matches this tracking code and key. Check the follow-up link you kept.",
        "Ningún reporte coincide con este código de seguimiento y esta clave. Revise el enlace de seguimiento "
        "que guardó."),
    "report_closed": (
        "This report is closed: it no longer takes messages.",
        "Este reporte está cerrado: ya no admite mensajes."),
    "report_closed_email": (
        "This report is closed: no more updates will be sent.",
        "Este reporte está cerrado: ya no se enviarán novedades."),
    "message_empty": (
        "Write a message before sending it.",
        "Escriba un mensaje antes de enviarlo."),
    "message_conflict": (
        "A different message was already sent under this id.",
        "Ya se envió un mensaje diferente con este identificador."),
    "photo_conflict": (
        "A different photo was already uploaded under this id.",
        "Ya se subió una foto diferente con este identificador."),
    "photo_unsupported": (
        "This file is not a photo that can be accepted: send a JPEG, PNG, WebP, HEIC or GIF photo.",
        "Este archivo no es una foto que se pueda aceptar: envíe una foto JPEG, PNG, WebP, HEIC o GIF."),
    "photo_invalid": (
        "The photo could not be read: the file is damaged or incomplete. Try another photo.",
        "No se pudo leer la foto: el archivo está dañado o incompleto. Pruebe con otra foto."),
    "photo_too_many_pixels": (
        "The photo is too large: at most {limit} megapixels.",
        "La foto es demasiado grande: como máximo {limit} megapíxeles."),
    "photo_too_large": (
        "The photo is too large: at most {limit}.",
        "La foto es demasiado grande: como máximo {limit}."),
    "limit_reports_client": (
        "Too many reports have been sent from this connection today. Please try again tomorrow.",
        "Se han enviado demasiados reportes desde esta conexión hoy. Inténtelo de nuevo mañana."),
    "limit_reports_space": (
        "This space has received many reports today. Please try again tomorrow.",
        "Este espacio ha recibido muchos reportes hoy. Inténtelo de nuevo mañana."),
    "limit_reports_all": (
        "Too many reports are arriving today. Please try again tomorrow.",
        "Hoy están llegando demasiados reportes. Inténtelo de nuevo mañana."),
    "limit_photos_client": (
        "Too many photos have been sent from this connection today. Please try again tomorrow.",
        "Se han enviado demasiadas fotos desde esta conexión hoy. Inténtelo de nuevo mañana."),
    "limit_messages_client": (
        "Too many messages have been sent from this connection today. Please try again tomorrow.",
        "Se han enviado demasiados mensajes desde esta conexión hoy. Inténtelo de nuevo mañana."),
    "limit_follow_client": (
        "Too many tries with a wrong tracking code or key from this connection today. Please try again "
        "tomorrow.",
        "Ha habido demasiados intentos con un código de seguimiento o una clave incorrectos desde esta conexión "
        "hoy. Inténtelo de nuevo mañana."),
    # Errors raised before a public handler runs (the request's shape), in the reporter's language.
    "request_too_large": (
        "What you sent is too long: at most {limit} in all. Shorten the text and try again.",
        "Lo que envió es demasiado largo: como máximo {limit} en total. Acorte el texto e inténtelo de nuevo."),
    "request_unreadable": (
        "The request could not be read. Reload the page and try again.",
        "No se pudo leer la solicitud. Vuelva a cargar la página e inténtelo de nuevo."),
    "request_invalid": (
        "Part of the form is not valid. Reload the page and try again.",
        "Una parte del formulario no es válida. Vuelva a cargar la página e inténtelo de nuevo."),
    "request_not_found": (
        "Nothing was found at this address.",
        "No se encontró nada en esta dirección."),
    "request_refused": (
        "This request was refused.",
        "Se rechazó esta solicitud."),
    # The mail to a reporter who left an address: nothing about the report beyond its tracking code.
    "mail_subject": (
        "Your report {code} has an update",
        "Su reporte {code} tiene novedades"),
    "mail_body": (
        "Your report {code} has an update.\n\n"
        "To read it, open the follow-up link you kept when you sent the report. For your privacy that link "
        "is not stored anywhere, so it cannot be included in this message.\n\n"
        "You are receiving this because you left this address for updates on the follow-up page. You can "
        "remove it there at any time; it is deleted anyway when the report is closed.",
        "Su reporte {code} tiene novedades.\n\n"
        "Para verlas, abra el enlace de seguimiento que guardó al enviar el reporte. Para proteger su "
        "privacidad, ese enlace no se guarda en ningún lugar, así que no se puede incluir en este mensaje.\n\n"
        "Recibe este mensaje porque dejó esta dirección para recibir novedades en la página de seguimiento. "
        "Puede quitarla allí cuando quiera; en todo caso se borra cuando se cierra el reporte."),
}


def say(key: str, lang: str, **params: Any) -> str:
    """A message in the language (English for anything but Spanish)."""
    english, spanish = MESSAGES[key]
    return (spanish if lang == "es" else english).format(**params)


class PublicError(DomainError):
    """A refusal already worded in the reporter's language (localise() leaves it alone)."""

    def __init__(self, status: int, code: str, key: str, lang: str, *, field: str | None = None,
                 params: dict[str, Any] | None = None, **extra: Any) -> None:
        super().__init__(say(key, lang, **(params or {})), field=field, code=checked(code, status), **extra)


def from_accept_language(header: str | None) -> str:
    """The first of en/es the browser prefers (by q value, then order); English when it names neither."""
    best, best_q = "en", -1.0
    for part in (header or "").split(",")[:20]:
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower().split("-")[0]
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag in LANGS and q > best_q and q > 0:
            best, best_q = tag, q
    return best


def choose(lang: Any, accept_language: str | None) -> str:
    """The body's lang when it is en or es, else the browser's preference."""
    if isinstance(lang, str) and lang.strip().lower()[:2] in LANGS:
        return lang.strip().lower()[:2]
    return from_accept_language(accept_language)


_GENERIC = {400: "request_unreadable", 404: "request_not_found", 413: "request_too_large",
            415: "request_unreadable", 403: "request_refused"}


def localise(exc: DomainError, path: str, accept_language: str | None, json_limit: str) -> DomainError:
    """An error on a public route raised before its handler could word it (the body's shape, its size), in the
    browser's language; errors the public domain raised itself are already worded and pass unchanged."""
    if isinstance(exc, PublicError) or not path.startswith(PUBLIC_PATHS):
        return exc
    lang = from_accept_language(accept_language)
    if lang == "en" and exc.status != 413:
        return exc  # the generic English messages already say exactly what was wrong
    key = _GENERIC.get(exc.status, "request_invalid")
    params = {"limit": json_limit} if key == "request_too_large" else {}
    return PublicError(exc.status, exc.code, key, lang, field=exc.field, params=params, **exc.extra)
