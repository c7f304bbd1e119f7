"""The practice library and the card deck, as couples see them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from couplesafe.accounts.models import Couple
from couplesafe.content import services
from couplesafe.content.forms import KIND_LABELS, DrawForm, LibraryFilterForm, MarkForm, NextForm
from couplesafe.content.models import Card, CardDraw, CardMark, Item
from couplesafe.content.schema import Practice
from couplesafe.lib import registry
from couplesafe.lib.http import AuthedRequest

ACTOR_LABELS = {
    "sender": _("The one sharing"),
    "receiver": _("The one listening"),
    "both": _("Both of you"),
    "each_private": _("Each of you, privately"),
}


def start_url(key: str) -> str:
    """The practices app's start page for a practice (reversed by name: the foundation
    never imports the practices app)."""
    return reverse("practices:start", args=[key])


def _practices(request: AuthedRequest) -> Any:
    return (
        Item.objects.published()
        .visible_to(request.user)
        .filter(kind=Item.Kind.PRACTICE)
        .select_related("current_version")
    )


@login_required
@require_http_methods(["GET"])
def library(request: AuthedRequest) -> HttpResponse:
    entries = [
        {"item": item, "data": item.current_version.localized(), "start_url": start_url(item.key)}
        for item in _practices(request).order_by("title", "pk")
        if item.current_version is not None
    ]
    form = LibraryFilterForm(
        request.GET or None, kinds=sorted({e["data"]["kind"] for e in entries})
    )
    if form.is_valid():
        kind, time = form.cleaned_data["kind"], form.cleaned_data["time"]
        entries = [
            e
            for e in entries
            if (not kind or e["data"]["kind"] == kind)
            and (not time or e["data"]["minutes"] <= int(time))
        ]
    for entry in entries:
        entry["kind_label"] = KIND_LABELS.get(entry["data"]["kind"], "")
    # The filter pushes its URL into history: a history restore must get the whole page,
    # and caches must keep the fragment and the page apart.
    fragment = request.htmx and not request.htmx.history_restore_request
    template = "content/library.html#practice-list" if fragment else "content/library.html"
    response = render(request, template, {"form": form, "entries": entries})
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_http_methods(["GET"])
def about(request: HttpRequest) -> HttpResponse:
    """Where the practices come from. Open to everyone: crediting the methods is not private."""
    return render(request, "content/about.html")


@login_required
@require_http_methods(["GET"])
def practice(request: AuthedRequest, public_id: str) -> HttpResponse:
    item = get_object_or_404(_practices(request), public_id=public_id)
    version = item.current_version
    assert version is not None
    return render(
        request,
        "content/practice.html",
        {
            "item": item,
            "version": version,
            "data": version.localized(),
            "steps": steps_for_display(version.practice),
            "kind_label": KIND_LABELS.get(version.data["kind"], ""),
            "start_url": start_url(item.key),
        },
    )


def steps_for_display(practice: Practice) -> list[dict[str, Any]]:
    """Steps with their number, who acts and their flow rules in plain words."""
    steps = practice.steps
    numbers = {step.key: index + 1 for index, step in enumerate(steps)}
    titles = {step.key: step.title for step in steps}
    shown = []
    for step in steps:
        labels = dict(step.answers())
        branches = step.branches
        # Titles are quoted, with no full stop after them: many end in "?" ("Is there more?").
        flow = [
            gettext("If “%(answer)s”: go to step %(number)d, “%(title)s”")
            % {
                "answer": labels.get(answer, answer),
                "number": numbers[branches[answer]],
                "title": titles[branches[answer]],
            }
            for answer in ("yes", "no")
            if answer in branches
        ]
        if step.next:
            flow.append(
                gettext("Then: step %(number)d, “%(title)s”")
                % {"number": numbers[step.next], "title": titles[step.next]}
            )
        if step.then == "switch_roles":
            flow.append(gettext("Then you swap roles and begin again."))
        elif step.then == "end":
            flow.append(gettext("This is the last step."))
        shown.append(
            {
                **step.model_dump(exclude_none=True),
                "answers": list(labels.values()),
                "number": numbers[step.key],
                "fallback": step.fallback,
                "actor_label": ACTOR_LABELS.get(step.actor, step.actor),
                "flow": flow,
            }
        )
    return shown


# --- The card deck ---------------------------------------------------------------------------


def _decks(request: AuthedRequest) -> list[Item]:
    return list(
        Item.objects.published()
        .visible_to(request.user)
        .filter(kind=Item.Kind.DECK)
        .order_by(F("owner").asc(nulls_first=True), "title")
    )


def _couple_or_404(request: AuthedRequest) -> Couple:
    couple = request.user.active_couple
    if couple is None:
        raise Http404
    return couple


def _current(couple: Couple) -> dict[str, Any]:
    """The couple's current card (their latest draw), its marks and a state token that
    changes whenever either partner draws or marks it."""
    draw = CardDraw.objects.filter(couple=couple).select_related("card__deck", "drawn_by").first()
    marks: set[str] = set()
    if draw is not None:
        marks = set(
            CardMark.objects.filter(couple=couple, card=draw.card).values_list("kind", flat=True)
        )
    state = f"{draw.public_id if draw else 'none'}.{''.join(sorted(marks))}"
    return {
        "draw": draw,
        "favourite": CardMark.Kind.FAVOURITE in marks,
        "talked": CardMark.Kind.TALKED in marks,
        "state": state,
    }


@login_required
@require_http_methods(["GET"])
def cards(request: AuthedRequest) -> HttpResponse:
    couple = request.user.active_couple
    if couple is None:
        return render(request, "content/cards.html", {"couple": None})
    context = {
        "couple": couple,
        "form": DrawForm(request.GET or None, decks=_decks(request)),
        "current": _current(couple),
        **_favourites(request, couple),
    }
    return render(request, "content/cards.html", context)


# The "talked about" list shows the latest few; the count says how many there are in all.
TALKED_SHOWN = 20


def _favourites(request: AuthedRequest, couple: Couple) -> dict[str, Any]:
    """The couple's favourite cards and the cards they talked about, newest first."""

    def marked(kind: str) -> Any:
        return (
            Card.objects.visible_to(request.user)
            .filter(marks__couple=couple, marks__kind=kind)
            .order_by("-marks__created_at")
        )

    talked = CardMark.objects.filter(couple=couple, kind=CardMark.Kind.TALKED).count()
    return {
        "favourites": marked(CardMark.Kind.FAVOURITE),
        "talked": marked(CardMark.Kind.TALKED)[:TALKED_SHOWN],
        "talked_count": talked,
    }


def _lists_html(request: AuthedRequest, couple: Couple) -> str:
    """The favourites and talked-about lists, swapped out of band beside the card."""
    context = {"oob": True, **_favourites(request, couple)}
    return render_to_string("content/cards.html#favourites", context, request)


@login_required
@require_http_methods(["GET"])
def card_current(request: AuthedRequest) -> HttpResponse:
    """Polled by the partner's page: 204 while nothing changed, else the current card."""
    couple = _couple_or_404(request)
    current = _current(couple)
    if request.GET.get("since") == current["state"]:
        return HttpResponse(status=204)
    # A person on a break from conversations is not followed by the partner's draws.
    draw = current["draw"]
    others = draw is not None and draw.drawn_by_id != request.user.pk
    if others and not registry.is_available(request.user):
        return HttpResponse(status=204)
    return render(request, "content/cards.html#current-card", {"current": current})


def _mark_talked_before_next(request: AuthedRequest, couple: Couple) -> None:
    """ "Next card" names the card they just talked about: mark it so, then draw as usual.
    A card the person may not see (or a bad value) is ignored: the draw still happens."""
    form = NextForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["talked"]:
        return
    card = (
        Card.objects.visible_to(request.user).filter(public_id=form.cleaned_data["talked"]).first()
    )
    if card is not None:
        services.card_mark_set(
            couple=couple, user=request.user, card=card, kind=CardMark.Kind.TALKED, on=True
        )


@login_required
@require_http_methods(["POST"])
def card_draw(request: AuthedRequest) -> HttpResponse:
    couple = _couple_or_404(request)
    form = DrawForm(request.POST, decks=_decks(request))
    nothing = False
    _mark_talked_before_next(request, couple)
    if form.is_valid():
        try:
            services.card_draw(couple=couple, user=request.user, **form.filters())
        except services.NothingToDraw:
            nothing = True
    if request.htmx:
        context = {"current": _current(couple), "nothing": nothing, "draw_form": form}
        card_html = render_to_string("content/cards.html#current-card", context, request)
        return HttpResponse(card_html + _lists_html(request, couple))
    # Depth is kept even when empty ("Any depth"): without it the page would fall back to
    # its default, "Start light".
    query = urlencode(
        {
            k: v
            for k, v in form.data.items()
            if k in ("deck", "category", "depth") and (v or k == "depth")
        }
    )
    return redirect(f"{reverse('content:cards')}?{query}" if query else reverse("content:cards"))


@login_required
@require_http_methods(["POST"])
def card_mark(request: AuthedRequest, public_id: str) -> HttpResponse:
    couple = _couple_or_404(request)
    card = get_object_or_404(Card.objects.visible_to(request.user), public_id=public_id)
    form = MarkForm(request.POST)
    if form.is_valid():
        services.card_mark_set(
            couple=couple,
            user=request.user,
            card=card,
            kind=form.cleaned_data["kind"],
            on=form.cleaned_data["on"],
        )
    if request.htmx:
        # The card, and the favourites list beside it (swapped out of band).
        card_html = render_to_string(
            "content/cards.html#current-card", {"current": _current(couple)}, request
        )
        return HttpResponse(card_html + _lists_html(request, couple))
    return redirect("content:cards")
