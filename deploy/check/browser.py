"""A tiny HTTP "browser" for bin/compose-check: cookies, forms with their hidden fields (the CSRF
token among them), redirects. Standard library only, so the check needs nothing installed.

Every request carries `X-Forwarded-Proto: https` and a matching `Origin`, as the TLS proxy the
README prescribes would: the app runs with its production defaults (secure cookies, https
redirect, strict CSRF origin checks) and the check still talks plain HTTP to the published port.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser


class CheckFailed(Exception):
    """A step of the check did not see what it expected; the message says what and where."""


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, text)
    text: str = ""


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._textarea_text = ""
        self._button: tuple[str, str] | None = None
        self._button_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind in {"submit", "button", "image"}:
                self._form.buttons.append((a["name"], a.get("value", ""), a.get("value", "")))
                return
            self._form.fields.append(
                (a["name"], a.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a.get("name"), None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._form.fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea":
            self._textarea, self._textarea_text = a.get("name"), ""
        elif tag == "button":
            self._button, self._button_text = (a.get("name", ""), a.get("value", "")), ""

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._form.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._form.fields.append((self._textarea, self._textarea_text.strip("\n")))
            self._textarea = None
        elif tag == "button" and self._button is not None:
            name, value = self._button
            self._form.buttons.append((name, value, " ".join(self._button_text.split())))
            self._button = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data: str) -> None:
        if self._form is not None:
            self._form.text += data
        if self._textarea is not None:
            self._textarea_text += data
        if self._button is not None:
            self._button_text += data


@dataclass
class Page:
    url: str  # the path (and query) the page was finally served at
    status: int
    body: str
    headers: dict[str, str]

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.url).path

    @property
    def text(self) -> str:
        """The page's words without tags, whitespace collapsed (for "the page says …")."""
        without_tags = re.sub(
            r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", self.body, flags=re.S
        )
        return " ".join(html_unescape(without_tags).split())

    def forms(self) -> list[Form]:
        parser = _FormParser()
        parser.feed(self.body)
        return parser.forms

    def form(self, *, button: str | None = None, action: str | None = None) -> Form:
        """The form whose submit button's text starts with `button` and/or whose action
        contains `action`."""
        for candidate in self.forms():
            if action is not None and action not in candidate.action:
                continue
            if button is not None and not any(
                text.startswith(button) for _, _, text in candidate.buttons
            ):
                continue
            return candidate
        raise CheckFailed(
            f"{self.url}: no form with button {button!r} / action {action!r}. "
            f"Page says: {self.text[:400]!r}"
        )


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


class Browser:
    def __init__(self, host: str, port: int, *, name: str) -> None:
        self.host, self.port, self.name = host, port, name
        self.cookies: dict[str, str] = {}
        self.origin = f"https://{host}:{port}"

    def _request(self, method: str, url: str, body: str | None = None) -> Page:
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "couplesafe-compose-check",
            "Accept": "text/html",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + url
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, url, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    self._store_cookie(value)
            return Page(
                url, response.status, content, {k.lower(): v for k, v in response.getheaders()}
            )
        except OSError as error:
            raise CheckFailed(f"{self.name}: {method} {url} failed: {error}") from error
        finally:
            connection.close()

    def events(self, url: str) -> EventStream:
        """Open a server-sent event stream as the page's EventSource would (same cookies)."""
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "couplesafe-compose-check",
            "Accept": "text/event-stream",
            "Cache-Control": "no-cache",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        # Longer than the server's keep-alive interval (20 s): a quiet stream still sends a
        # line before a read gives up.
        connection = http.client.HTTPConnection(self.host, self.port, timeout=45)
        try:
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
        except OSError as error:
            connection.close()
            raise CheckFailed(f"{self.name}: GET {url} (event stream) failed: {error}") from error
        kind = response.getheader("Content-Type", "")
        if response.status != 200 or not kind.startswith("text/event-stream"):
            connection.close()
            raise CheckFailed(
                f"{self.name}: GET {url} answered {response.status} {kind!r}, not an event "
                "stream (204 is the fallback of a page served without the event server: "
                "/live/ does not reach it)"
            )
        return EventStream(self.name, connection, response)

    def _store_cookie(self, header: str) -> None:
        pair, *attributes = header.split(";")
        name, _, value = pair.strip().partition("=")
        expired = any(a.strip().lower().startswith("max-age=0") for a in attributes)
        if expired or value in {"", '""'}:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def _follow(self, page: Page, hops: int = 5) -> Page:
        while page.status in {301, 302, 303, 307} and hops:
            location = urllib.parse.urlsplit(page.headers.get("location", "/"))
            target = location.path + (f"?{location.query}" if location.query else "")
            page = self._request("GET", target)
            hops -= 1
        return page

    def get(self, url: str, *, expect: int | None = 200) -> Page:
        page = self._follow(self._request("GET", url))
        if expect is not None and page.status != expect:
            raise CheckFailed(f"{self.name}: GET {url} answered {page.status}, not {expect}")
        return page

    def submit(
        self,
        page: Page,
        *,
        button: str | None = None,
        action: str | None = None,
        fill: dict[str, str | list[str]] | None = None,
        expect: int | None = 200,
    ) -> Page:
        """Submit a form on `page` as a person would: its hidden and default fields, `fill`
        replacing fields by name, the button whose text starts with `button` (with its own
        name=value, if it has one)."""
        form = page.form(button=button, action=action)
        fill = fill or {}
        data = [(k, v) for k, v in form.fields if k not in fill]
        for key, value in fill.items():
            data.extend((key, v) for v in ([value] if isinstance(value, str) else value))
        for name, value, text in form.buttons:
            if name and (button is None or text.startswith(button)):
                data.append((name, value))
                break
        target = form.action or page.url
        if not target.startswith("/"):
            target = urllib.parse.urljoin(page.url, target)
        method = form.method.upper()
        encoded = urllib.parse.urlencode(data)
        if method == "GET":
            result = self.get(f"{target}?{encoded}", expect=None)
        else:
            result = self._follow(self._request("POST", target, encoded))
        if expect is not None and result.status != expect:
            raise CheckFailed(
                f"{self.name}: {method} {target} answered {result.status}, not {expect}. "
                f"Page says: {result.text[:400]!r}"
            )
        return result


class EventStream:
    """An open text/event-stream response, read one event (or comment) at a time."""

    def __init__(
        self, name: str, connection: http.client.HTTPConnection, response: http.client.HTTPResponse
    ) -> None:
        self.name, self.connection, self.response = name, connection, response

    def next_block(self, deadline: float) -> list[str]:
        """The lines of the next event or comment (up to its blank line)."""
        lines: list[str] = []
        while time.monotonic() < deadline:
            try:
                raw = self.response.readline()
            except OSError as error:
                raise CheckFailed(f"{self.name}'s event stream broke: {error}") from error
            if not raw:
                raise CheckFailed(f"{self.name}'s event stream ended: {lines}")
            line = raw.decode("utf-8").rstrip("\r\n")
            if line:
                lines.append(line)
            elif lines:
                return lines
        raise CheckFailed(f"{self.name}'s event stream sent nothing in time (so far: {lines})")

    def wait_for(self, event: str, *, seconds: float) -> dict[str, str]:
        """The data of the next event called `event`; comments and other events are skipped."""
        deadline = time.monotonic() + seconds
        seen: list[list[str]] = []
        while time.monotonic() < deadline:
            block = self.next_block(deadline)
            seen.append(block)
            if f"event: {event}" in block:
                data = [
                    line.removeprefix("data:").strip() for line in block if line.startswith("data:")
                ]
                return json.loads("".join(data) or "{}")  # type: ignore[no-any-return]
        raise CheckFailed(
            f"No {event!r} event on {self.name}'s stream within {seconds:.0f} s: {seen}"
        )

    def wait_for_open(self, *, seconds: float) -> None:
        """The stream's first block (`: open`): the server has subscribed for this person."""
        block = self.next_block(time.monotonic() + seconds)
        if ": open" not in block:
            raise CheckFailed(f"{self.name}'s event stream began with {block}, not ': open'")

    def close(self) -> None:
        self.connection.close()


class MailCatcher:
    """Mailpit's HTTP listing (the real Mailpit or the local stand-in answer the same)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    def _get(self, path: str) -> dict:  # type: ignore[type-arg]
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request("GET", path)
            return json.loads(connection.getresponse().read())  # type: ignore[no-any-return]
        finally:
            connection.close()

    def messages_to(self, address: str, subject_contains: str = "") -> list[dict]:  # type: ignore[type-arg]
        listing = self._get("/api/v1/messages?limit=500")["messages"]
        return [
            m
            for m in listing
            if any(to["Address"].lower() == address.lower() for to in m["To"])
            and subject_contains.lower() in m["Subject"].lower()
        ]

    def body(self, message_id: str) -> str:
        return str(self._get(f"/api/v1/message/{message_id}")["Text"])

    def wait_for(self, address: str, subject_contains: str, *, seconds: float) -> list[dict]:  # type: ignore[type-arg]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = self.messages_to(address, subject_contains)
            if found:
                return found
            time.sleep(3)
        raise CheckFailed(
            f"No email to {address} with {subject_contains!r} in its subject within {seconds:.0f} s"
        )
