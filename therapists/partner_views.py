"""The couple's side: accept or end a link, choose what to share, see what the therapist
sees and every time they looked."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from couplesafe.accounts import throttling
from couplesafe.lib.http import AuthedRequest
from couplesafe.lib.tz import local_today, time_element
from practices.models import Conversation
from rituals.models import Appreciation, CheckIn
from therapists import couple_record, services
from therapists.forms import CodeForm, ShareItemForm, SharingForm
from therapists.models import AuditEntry, CareLink, Homework, SharedItem


def _partner_link(request: AuthedRequest, public_id: str) -> CareLink:
    if request.user.is_therapist:
        raise Http404
    link = (
        CareLink.objects.open()
        .for_partner(request.user)
        .filter(public_id=public_id)
        .select_related("therapist__therapist_profile", "couple")
        .prefetch_related("consents__user", "homework")
        .first()
    )
    if link is None:
        raise Http404
    return link


def shareable_items(user: Any, link: CareLink) -> dict[str, list[dict[str, Any]]]:
    """What this partner may choose to show: the couple's completed conversations (shown to
    the therapist only when both agree), their own appreciations and their own check-ins."""
    mine = {(s.kind, s.item_id): True for s in SharedItem.objects.filter(link=link, user=user)}
    theirs = {
        (s.kind, s.item_id): True for s in SharedItem.objects.filter(link=link).exclude(user=user)
    }
    couple_id = link.couple_id or 0  # no couple: matches nothing
    result: dict[str, list[dict[str, Any]]] = {
        "conversation": [],
        "appreciation": [],
        "checkin": [],
    }
    for c in (
        Conversation.objects.filter(couple_id=couple_id, status="completed")
        .select_related("version")
        .order_by("-completed_at")[:20]
    ):
        key = (SharedItem.Kind.CONVERSATION, c.public_id)
        result["conversation"].append(
            {
                "id": c.public_id,
                "label": format_html(
                    gettext("{title}, {day}"),
                    title=c.shown_title,
                    day=time_element(c.completed_at, "DAY_MONTH_YEAR_SHORT_FORMAT"),
                )
                if c.completed_at
                else c.title,
                "mine": key in mine,
                "partner": key in theirs,
            }
        )
    appreciations = Appreciation.objects.filter(couple_id=couple_id, author=user)
    for a in appreciations.order_by("-created_at")[:20]:
        key = (SharedItem.Kind.APPRECIATION, a.public_id)
        result["appreciation"].append(
            {
                "id": a.public_id,
                "label": format_html(
                    gettext("Your appreciation of {day}"),
                    day=time_element(a.created_at, "DAY_MONTH_YEAR_SHORT_FORMAT"),
                ),
                "mine": key in mine,
            }
        )
    checkins = CheckIn.objects.filter(couple_id=couple_id, user=user)
    for checkin in checkins.order_by("-local_date")[:14]:
        key = (SharedItem.Kind.CHECKIN, checkin.public_id)
        result["checkin"].append(
            {
                "id": checkin.public_id,
                "label": format_html(
                    gettext("Your check-in of {day}"),
                    day=time_element(checkin.local_date, "DAY_MONTH_YEAR_SHORT_FORMAT"),
                ),
                "mine": key in mine,
            }
        )
    return result


def _care_context(request: AuthedRequest, **extra: Any) -> dict[str, Any]:
    links = list(
        CareLink.objects.open()
        .for_partner(request.user)
        .select_related("therapist__therapist_profile", "couple")
        .prefetch_related("consents__user", "homework")
        .order_by("-created_at")
    )
    entries = []
    for link in links:
        consent = link.consent_of(request.user)
        entries.append(
            {
                "link": link,
                "consent": consent,
                "partner_accepted": any(c.user_id != request.user.pk for c in link.consents.all()),
                "sharing_form": SharingForm(
                    initial={"share_mood": consent.share_mood if consent else False}
                ),
                "items": shareable_items(request.user, link) if link.is_active else None,
                "audit": AuditEntry.objects.filter(couple=link.couple, therapist=link.therapist)[
                    :50
                ]
                if link.couple
                else [],
            }
        )
    return {
        "entries": entries,
        "past": _past_links(request, exclude={link.therapist_id for link in links}),
        "code_form": CodeForm(),
        "couple": request.user.active_couple,
        **extra,
    }


def _past_links(request: AuthedRequest, *, exclude: set[int]) -> list[dict[str, Any]]:
    """Ended links of this couple, each with its log of looks: the couple can always see
    who looked, also after a link ends (PRODUCT.md)."""
    couple = request.user.active_couple
    if couple is None:
        return []
    past: list[dict[str, Any]] = []
    seen = set(exclude)
    for link in (
        CareLink.objects.filter(couple=couple, ended_at__isnull=False)
        .select_related("therapist")
        .order_by("-ended_at")
    ):
        if link.therapist_id in seen:
            continue
        seen.add(link.therapist_id)
        past.append(
            {
                "link": link,
                "audit": AuditEntry.objects.filter(couple=couple, therapist=link.therapist)[:50],
            }
        )
    return past


@login_required
@require_http_methods(["GET"])
def care(request: AuthedRequest) -> HttpResponse:
    if request.user.is_therapist:
        return redirect("therapists:dashboard")
    return render(request, "therapists/care.html", _care_context(request))


@login_required
@require_http_methods(["POST"])
def join_code(request: AuthedRequest) -> HttpResponse:
    if request.user.is_therapist:
        raise Http404
    form = CodeForm(request.POST)
    wait = throttling.code_lookup_wait(request) if form.is_valid() else 0
    if wait:
        form.add_error("code", throttling.code_lookup_message(wait))
    if form.is_valid():
        link = services.link_find(code=form.cleaned_data["code"])
        if link is not None:
            return redirect("therapists:join", code=form.cleaned_data["code"])
        form.add_error(
            "code", _("We could not find that code. Please check it with your therapist.")
        )
    return render(
        request,
        "therapists/care.html",
        _care_context(request, code_form=form),
        status=429 if wait else 200,
    )


def _accepted_message(link: CareLink) -> str:
    name = link.therapist.display_name
    if link.is_active:
        return gettext(
            "You accepted %(name)s's link. You have both accepted, so the link is now active."
        ) % {"name": name}
    return gettext(
        "You accepted %(name)s's link. It becomes active once your partner accepts too."
    ) % {"name": name}


@login_required
@require_http_methods(["GET", "POST"])
def join(request: AuthedRequest, code: str) -> HttpResponse:
    if request.user.is_therapist:
        raise Http404
    if wait := throttling.code_lookup_blocked(request):
        form = CodeForm({"code": code})
        form.is_valid()
        form.add_error("code", throttling.code_lookup_message(wait))
        context = _care_context(request, code_form=form)
        return render(request, "therapists/care.html", context, status=429)
    link = services.link_find(code=code)
    if link is None:
        # A wrong code typed into the address counts like one typed into the form.
        throttling.code_lookup_wait(request)
        raise Http404
    problem = services.link_problem(link, request.user)
    if request.method == "POST" and problem is None:
        try:
            accepted = services.link_accept(link=link, user=request.user)
        except services.CareError as error:
            problem = str(error)
        else:
            messages.success(request, _accepted_message(accepted))
            return redirect("therapists:care")
    status = 409 if problem and request.method == "POST" else 200
    profile = getattr(link.therapist, "therapist_profile", None)
    return render(
        request,
        "therapists/join.html",
        {"link": link, "code": code, "problem": problem, "profile": profile},
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def link_end(request: AuthedRequest, public_id: str) -> HttpResponse:
    link = _partner_link(request, public_id)
    services.link_end(link=link, user=request.user)
    messages.info(
        request,
        _("The link with %(name)s has ended. They can no longer see anything.")
        % {"name": link.therapist.display_name},
    )
    return redirect("therapists:care")


@login_required
@require_http_methods(["POST"])
def sharing(request: AuthedRequest, public_id: str) -> HttpResponse:
    link = _partner_link(request, public_id)
    consent = link.consent_of(request.user)
    if consent is None:
        raise Http404
    form = SharingForm(request.POST)
    form.is_valid()
    services.sharing_update(consent=consent, share_mood=bool(form.cleaned_data.get("share_mood")))
    messages.success(request, _("Your sharing choice is saved."))
    return redirect(reverse("therapists:care") + f"#link-{link.public_id}")


@login_required
@require_http_methods(["POST"])
def share_item(request: AuthedRequest, public_id: str) -> HttpResponse:
    link = _partner_link(request, public_id)
    form = ShareItemForm(request.POST)
    if not form.is_valid() or not link.is_active:
        raise Http404
    kind, item_id = form.cleaned_data["kind"], form.cleaned_data["item"]
    allowed = {str(entry["id"]) for entry in shareable_items(request.user, link).get(kind, [])}
    if str(item_id) not in allowed:
        raise Http404
    services.item_share_set(
        link=link, user=request.user, kind=kind, item_id=item_id, shared=form.cleaned_data["shared"]
    )
    context = {"entry": {"link": link, "items": shareable_items(request.user, link)}}
    if request.htmx:
        return render(request, "therapists/care.html#shareable", context)
    messages.success(request, _("Saved."))
    return redirect(reverse("therapists:care") + f"#link-{link.public_id}")


@login_required
@require_http_methods(["GET"])
def view_as(request: AuthedRequest, public_id: str) -> HttpResponse:
    """Exactly what the therapist sees about the couple (without writing an audit row)."""
    link = _partner_link(request, public_id)
    return render(
        request,
        "therapists/view_as.html",
        {
            "link": link,
            "couple_name": " & ".join(c.user.display_name for c in link.consents.all()),
            "events": couple_record.timeline(link),
            "shared": couple_record.shared_with_therapist(
                link, viewer=request.user, request=request
            ),
            "homework": list(link.homework.all()),
            "today": local_today(request.user.time_zone),
        },
    )


@login_required
@require_http_methods(["POST"])
def homework_done(request: AuthedRequest, public_id: str) -> HttpResponse:
    if request.user.is_therapist:
        raise Http404
    homework = Homework.objects.filter(
        public_id=public_id, link__in=CareLink.objects.active().for_partner(request.user)
    ).first()
    if homework is None or homework.kind != Homework.Kind.CARDS:
        raise Http404
    services.homework_mark_done(homework=homework)
    messages.success(
        request, _("Lovely. “%(title)s” is marked as done.") % {"title": homework.shown_title}
    )
    return redirect("home")
