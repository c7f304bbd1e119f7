"""Therapist pages (behind `therapist_required`: account + second factor) and the couple's
own care pages (consent, sharing, "view as your therapist", the audit list)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from couplesafe.accounts import throttling, twofactor
from couplesafe.accounts.signup_views import signup_answer
from couplesafe.content.models import Item
from couplesafe.content.validation import ContentError
from couplesafe.lib import language, paging
from couplesafe.lib.http import AuthedRequest, safe_next
from couplesafe.lib.spreadsheet import SafeWriter
from couplesafe.lib.tz import local_today
from safety import selectors as safety_selectors
from therapists import caseload, couple_record, partner_views, services
from therapists.decorators import therapist_account_required, therapist_required
from therapists.forms import (
    DeckForm,
    DigestForm,
    HomeworkForm,
    NoteForm,
    PracticeForm,
    TherapistSignupForm,
)
from therapists.models import AuditEntry, CareLink, TherapistNote, TherapistProfile

# The couple's pages live in partner_views; re-exported for urls.py.
care = partner_views.care
join_code = partner_views.join_code
join = partner_views.join
link_end = partner_views.link_end
sharing = partner_views.sharing
share_item = partner_views.share_item
view_as = partner_views.view_as
homework_done = partner_views.homework_done


def _next_url(request: HttpRequest) -> str:
    return safe_next(request) or reverse("therapists:dashboard")


# --- Sign-up and two-factor --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = TherapistSignupForm(
        request.POST or None, initial={"language": language.from_request(request)}
    )
    if request.method == "POST" and (wait := throttling.password_check_wait(request)):
        return throttling.slow_down(request, wait)
    if request.method == "POST" and form.is_valid():
        # The same answer as a partner's sign-up: it never tells whether the email is taken.
        # After confirming the address, two-step sign-in is set up before any couple is seen.
        return signup_answer(
            request,
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            create=lambda: services.therapist_signup(**form.cleaned_data),
            chosen_language=form.cleaned_data["language"],
        )
    return render(request, "therapists/signup.html", {"form": form})


@therapist_account_required
@require_http_methods(["GET", "POST"])
def twofactor_setup(request: AuthedRequest) -> HttpResponse:
    """Add an authenticator app (TOTP). Needed once, before any couple's data is shown."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("therapists:twofactor-verify")
    device = twofactor.pending_device(user)
    form = twofactor.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = twofactor.confirm_new_device(request, device, form.cleaned_data["token"])
        if problem is None:
            messages.success(request, _("Two-step sign-in is on. Thank you."))
            return redirect(_next_url(request))
        form.add_error("token", problem)
    return render(
        request,
        "therapists/twofactor_setup.html",
        {"form": form, **twofactor.scan_details(device), "next": request.GET.get("next", "")},
    )


@therapist_account_required
@require_http_methods(["GET", "POST"])
def twofactor_verify(request: AuthedRequest) -> HttpResponse:
    user = request.user
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not devices:
        return redirect("therapists:twofactor-setup")
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next_url(request))
    return twofactor.verify_page(
        request,
        devices,
        done_url=_next_url(request),
        why=_("It keeps your couples' information safe."),
    )


# --- Dashboard ---------------------------------------------------------------------------

DASHBOARD_PAGE = 20


@therapist_required
@require_http_methods(["GET"])
def dashboard(request: AuthedRequest) -> HttpResponse:
    sort = request.GET.get("sort", "attention")
    show = request.GET.get("show", "all")
    every_row = caseload.dashboard(request.user)
    rows = paging.window(
        caseload.sort_and_filter(every_row, sort=sort, show=show),
        request,
        size=DASHBOARD_PAGE,
        region="couple-list",
    )
    # Only the couples on this page were seen; recorded once per couple per hour.
    services.audit_dashboard_look(therapist=request.user, couples=[r.couple for r in rows])
    context: dict[str, Any] = {"rows": rows, "sort": sort, "show": show}
    if request.htmx:
        return render(request, "therapists/dashboard.html#couple-list", context)
    profile = TherapistProfile.objects.filter(user=request.user).first()
    waiting = (
        CareLink.objects.open()
        .for_therapist(request.user)
        # Every active link, not only the filtered rows: an active couple hidden by the
        # filter is not an invitation waiting to be withdrawn.
        .exclude(pk__in=[r.link.pk for r in every_row])
        .order_by("-created_at")
    )
    context |= {
        "waiting": waiting,
        "profile": profile,
        "digest_form": DigestForm(
            initial={"digest_enabled": profile.digest_enabled if profile else False}
        ),
    }
    return render(request, "therapists/dashboard.html", context)


@therapist_required
@require_http_methods(["POST"])
def link_create(request: AuthedRequest) -> HttpResponse:
    link = services.link_create(therapist=request.user)
    messages.success(
        request,
        _("New invitation code: %(code)s. Give it to the couple in session.")
        % {"code": link.pretty_code},
    )
    return redirect(reverse("therapists:dashboard") + "#invitations")


@therapist_required
@require_http_methods(["POST"])
def link_cancel(request: AuthedRequest, public_id: str) -> HttpResponse:
    link = CareLink.objects.open().for_therapist(request.user).filter(public_id=public_id).first()
    if link is None:
        raise Http404
    services.link_end(link=link, user=request.user)
    messages.info(request, _("That link has ended. Its code no longer works."))
    return redirect("therapists:dashboard")


@therapist_required
@require_http_methods(["POST"])
def digest_settings(request: AuthedRequest) -> HttpResponse:
    form = DigestForm(request.POST)
    form.is_valid()
    TherapistProfile.objects.update_or_create(
        user=request.user,
        defaults={"digest_enabled": bool(form.cleaned_data.get("digest_enabled"))},
        create_defaults={
            "practice_name": "",
            "digest_enabled": bool(form.cleaned_data.get("digest_enabled")),
        },
    )
    messages.success(request, _("Your email setting is saved."))
    return redirect("therapists:dashboard")


@therapist_required
@require_http_methods(["GET"])
def export_csv(request: AuthedRequest) -> HttpResponse:
    """Engagement only, for the therapist's records: counts and dates, never anyone's words."""
    rows = caseload.sort_and_filter(caseload.dashboard(request.user), sort="name", show="all")
    services.audit_record(
        therapist=request.user, couples=[r.couple for r in rows], action=AuditEntry.Action.EXPORT
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = local_today(request.user.time_zone).isoformat()
    response["Content-Disposition"] = f'attachment; filename="couplesafe-engagement-{stamp}.csv"'
    writer = SafeWriter(response)
    writer.writerow(
        [
            "couple",
            "last activity (UTC)",
            "partner",
            "check-ins last 14 days",
            "practices completed",
            "practices under way",
            "practices paused now",
            "repair conversations",
            "pauses (all time)",
            "homework open",
            "homework done",
        ]
    )
    for row in rows:
        for partner in row.partners:
            writer.writerow(
                [
                    row.name,
                    timezone.localtime(row.last_activity).isoformat(timespec="minutes")
                    if row.last_activity
                    else "",
                    partner.user.display_name,
                    partner.checkins,
                    row.completed,
                    row.active,
                    row.paused,
                    row.repairs,
                    row.pauses_total,
                    row.homework_open,
                    row.homework_done,
                ]
            )
    return response


# --- One couple --------------------------------------------------------------------------


def _couple_link(request: AuthedRequest, public_id: str) -> CareLink:
    link = couple_record.link_for_couple_page(request.user, public_id)
    if link is None:
        raise Http404
    return link


def _homework_form(request: AuthedRequest, data: Any = None) -> HomeworkForm:
    items = Item.objects.published().visible_to(request.user).select_related("current_version")

    def named(kind: str) -> list[tuple[str, str]]:
        # Each item by its title in the therapist's language (Version.shown_title).
        titled = [
            (i.key, i.current_version.shown_title().text)
            for i in items.filter(kind=kind)
            if i.current_version is not None
        ]
        return sorted(titled, key=lambda pair: pair[1].casefold())

    return HomeworkForm(data, practices=named(Item.Kind.PRACTICE), decks=named(Item.Kind.DECK))


def _couple_context(request: AuthedRequest, link: CareLink, **extra: Any) -> dict[str, Any]:
    return {
        "link": link,
        "couple_name": " & ".join(c.user.display_name for c in link.consents.all()),
        "events": couple_record.timeline(link),
        "shared": couple_record.shared_with_therapist(link, request=request),
        "homework": sorted(
            link.homework.all(), key=lambda h: (h.is_done, -h.assigned_at.timestamp())
        ),
        "today": local_today(request.user.time_zone),
        "notes": TherapistNote.objects.filter(therapist=request.user, couple=link.couple),
        "private_messages": safety_selectors.messages_for_therapist(
            therapist=request.user, couple=link.couple
        )
        if link.couple is not None
        else [],
        "note_form": NoteForm(),
        "homework_form": _homework_form(request),
        **extra,
    }


def _couple_page(request: AuthedRequest, link: CareLink, **extra: Any) -> HttpResponse:
    """The whole couple page, and its row in the couple's log of looks (PRODUCT.md): also
    when a form error shows it again, since it shows their shared words again."""
    assert link.couple is not None
    services.audit_record(
        therapist=request.user, couples=[link.couple], action=AuditEntry.Action.COUPLE_PAGE
    )
    return render(request, "therapists/couple.html", _couple_context(request, link, **extra))


@therapist_required
@require_http_methods(["GET"])
def couple_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _couple_page(request, _couple_link(request, public_id))


@therapist_required
@require_http_methods(["POST"])
def note_create(request: AuthedRequest, public_id: str) -> HttpResponse:
    link = _couple_link(request, public_id)
    assert link.couple is not None
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(
            therapist=request.user, couple=link.couple, text=form.cleaned_data["text"]
        )
        form = NoteForm()
        if not request.htmx:
            messages.success(request, _("Your note is saved."))
            return redirect(reverse("therapists:couple", args=[public_id]) + "#notes")
    notes = TherapistNote.objects.filter(therapist=request.user, couple=link.couple)
    context = {"link": link, "notes": notes, "note_form": form}
    if request.htmx:
        return render(request, "therapists/couple.html#notes", context)
    return _couple_page(request, link, note_form=form)


@therapist_required
@require_http_methods(["POST"])
def homework_create(request: AuthedRequest, public_id: str) -> HttpResponse:
    link = _couple_link(request, public_id)
    form = _homework_form(request, request.POST)
    if form.is_valid():
        kind, target, title = form.chosen()
        services.homework_assign(
            link=link,
            kind=kind,
            target=target,
            title=title,
            note=form.cleaned_data["note"],
            due_date=form.cleaned_data["due_date"],
        )
        messages.success(request, _("“%(title)s” is on their home page now.") % {"title": title})
        return redirect(reverse("therapists:couple", args=[public_id]) + "#homework")
    return _couple_page(request, link, homework_form=form)


# --- The therapist's own content ---------------------------------------------------------


@therapist_required
@require_http_methods(["GET", "POST"])
def content(request: AuthedRequest) -> HttpResponse:
    """The therapist's own card sets and practices, published through the content app."""
    what = request.POST.get("what")
    deck_form = DeckForm(request.POST if what == "deck" else None)
    practice_form = PracticeForm(request.POST if what == "practice" else None)
    form: DeckForm | PracticeForm | None = None
    if what == "deck":
        form = deck_form
    elif what == "practice":
        form = practice_form
    if request.method == "POST" and form is not None and form.is_valid():
        create = services.deck_create if what == "deck" else services.practice_create
        try:
            create(therapist=request.user, **form.cleaned_data)
        except ContentError as error:
            form.add_error(
                None, _("This cannot be published yet: %(problem)s.") % {"problem": error.problem}
            )
        else:
            messages.success(request, _("Published. Your linked couples can use it now."))
            return redirect("therapists:content")
    items = Item.objects.filter(owner=request.user).order_by("kind", "title")
    return render(
        request,
        "therapists/content.html",
        {"deck_form": deck_form, "practice_form": practice_form, "items": items},
    )


@csrf_exempt  # the signed token is the proof; mail clients POST without a CSRF cookie
@require_http_methods(["GET", "POST"])
def digest_stop(request: HttpRequest, token: str) -> HttpResponse:
    """One click from the email, no login (RFC 8058 mail clients POST here)."""
    from therapists.digest import profile_from_token

    profile = profile_from_token(token)
    if profile is None:
        raise Http404
    if request.method == "POST":
        TherapistProfile.objects.filter(pk=profile.pk).update(digest_enabled=False)
        return render(request, "therapists/digest_stop.html", {"stopped": True})
    return render(request, "therapists/digest_stop.html", {"stopped": not profile.digest_enabled})
