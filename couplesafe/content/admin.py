"""Editing the library: drafts are edited here, published as immutable versions, and a
practice can be previewed step by step (its draft, or any published version)."""

from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from couplesafe.content import services, validation
from couplesafe.content.models import Card, Item, Version
from couplesafe.content.schema import END, Practice
from couplesafe.content.views import steps_for_display


class YAMLDraftField(forms.Field):
    """The draft edited as YAML, the same shape as the shipped files (easier than JSON)."""

    widget = forms.Textarea(attrs={"rows": 30, "cols": 100, "spellcheck": "true"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return value  # what the editor typed, when it did not parse
        return yaml.safe_dump(value or {}, sort_keys=False, allow_unicode=True, width=100)

    def to_python(self, value: Any) -> Any:
        if value in (None, ""):
            return {}
        try:
            data = yaml.safe_load(value)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" near line {mark.line + 1}" if mark is not None else ""
            raise forms.ValidationError(f"This is not valid YAML{where}.") from error
        if not isinstance(data, dict):
            raise forms.ValidationError(_("The draft should be a set of fields (key: value)."))
        return data


class ItemForm(forms.ModelForm[Item]):
    draft = YAMLDraftField(
        required=False,
        help_text=_("Edit as YAML. Publishing checks it; the preview shows what couples will see."),
    )

    draft_translations = YAMLDraftField(
        required=False,
        label=_("Translations"),
        help_text=(
            _(
                "Edit as YAML: each language code (es, de) followed by the whole item with its "
                "words translated and everything else as in the draft. A field or item left out "
                "shows the English, marked as not yet translated. Publishing checks it."
            )
        ),
    )

    class Meta:
        model = Item
        fields = ["kind", "key", "owner", "title", "draft", "draft_translations"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        draft, translations = cleaned.get("draft") or {}, cleaned.get("draft_translations") or {}
        if translations and draft:
            probe = Item(kind=cleaned.get("kind", ""), draft=draft, draft_translations=translations)
            try:
                services.translations_check(probe, draft, None)
            except validation.ContentError as error:
                self.add_error("draft_translations", str(error))
        return cleaned


class VersionInline(admin.TabularInline):
    model = Version
    extra = 0
    can_delete = False
    fields = ["number", "published_at", "checksum", "preview"]
    readonly_fields = ["number", "published_at", "checksum", "preview"]
    ordering = ["-number"]
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Preview")
    def preview(self, version: Version) -> str:
        if version.item.kind != Item.Kind.PRACTICE:
            return "—"
        url = reverse("admin:content_item_preview", args=[version.item.pk])
        return format_html('<a href="{}?version={}">Step by step</a>', url, version.number)


class ItemAdmin(admin.ModelAdmin):
    form = ItemForm
    list_display = ["title", "kind", "key", "owner", "published_version", "unpublished"]
    list_filter = ["kind", ("owner", admin.EmptyFieldListFilter)]
    search_fields = ["title", "key"]
    readonly_fields = ["current_version", "draft_updated_at", "preview_link"]
    fields = [
        "kind",
        "key",
        "owner",
        "title",
        "draft",
        "draft_translations",
        "draft_updated_at",
        "current_version",
    ]
    inlines = [VersionInline]
    actions = ["publish"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields: list[Any] = list(self.fields or [])
        if obj is not None and obj.kind == Item.Kind.PRACTICE:
            fields.append("preview_link")
        return fields

    @admin.display(description="Published")
    def published_version(self, item: Item) -> str:
        return f"v{item.current_version.number}" if item.current_version else "not yet"

    @admin.display(description="Draft differs", boolean=True)
    def unpublished(self, item: Item) -> bool:
        return item.has_unpublished_changes

    @admin.display(description="Preview")
    def preview_link(self, item: Item) -> str:
        url = reverse("admin:content_item_preview", args=[item.pk])
        return format_html('<a href="{}">Preview the draft step by step</a>', url)

    def save_model(self, request: HttpRequest, obj: Item, form: Any, change: bool) -> None:
        if {"draft", "draft_translations"} & set(form.changed_data):
            obj.draft_updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Item]:
        return super().get_queryset(request).select_related("current_version", "owner")

    @admin.action(description="Publish the selected drafts")
    def publish(self, request: HttpRequest, queryset: QuerySet[Item]) -> None:
        """All or nothing: one draft that cannot be published leaves every item as it was."""
        published = []
        try:
            with transaction.atomic():
                for item in queryset.order_by("pk"):
                    version = services.item_publish(item=item, source=f"draft of {item.title}")
                    if version is not None:
                        published.append(f"{item.title} v{version.number}")
        except validation.ContentError as error:
            self.message_user(request, f"Nothing was published. {error}", messages.ERROR)
            return
        if published:
            self.message_user(request, f"Published: {', '.join(published)}.", messages.SUCCESS)
        else:
            self.message_user(request, "Nothing to publish: the drafts match their versions.")

    def get_urls(self) -> list[URLPattern]:  # type: ignore[override]
        own = [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="content_item_preview",
            )
        ]
        return own + super().get_urls()  # type: ignore[operator]

    def preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        item = get_object_or_404(Item, pk=object_id, kind=Item.Kind.PRACTICE)
        if not self.has_view_permission(request, item):
            raise Http404
        number = request.GET.get("version", "")
        error = None
        if number:
            if not number.isdigit():
                raise Http404
            version = get_object_or_404(item.versions, number=int(number))
            data, label = version.data, f"version {version.number}"
            practice: Practice | None = version.practice
        else:
            data, label = item.draft, "draft"
            try:
                parsed = validation.parse(item.kind, data, f"draft of {item.title}")
            except validation.ContentError as problem:
                error, practice = str(problem), None
            else:
                practice = parsed if isinstance(parsed, Practice) else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": item,
            "title": f"Preview: {item.title} ({label})",
            "label": label,
            "data": data,
            "error": error,
            "steps": steps_for_display(practice) if practice else [],
            "query": f"version={number}&" if number else "",
        }
        walk_key = request.GET.get("step")
        if walk_key and practice is not None:
            context["walk"] = _walk(practice, context["steps"], walk_key)
        return TemplateResponse(request, "admin/content/item/preview.html", context)


def _walk(practice: Practice, steps: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """One step as the two partners meet it, with the ways on that its flow rules allow
    (the same rule the conversation engine follows: Practice.after)."""
    step = next((s for s in steps if s["key"] == key), None)
    if step is None:
        raise Http404
    ways: list[tuple[str, str | None]] = []
    for answer, label in practice.step(key).answers() or [("", "")]:
        target = practice.after(key, answer)
        way = f"Answer “{label}”" if answer else "Carry on"
        ways.append((way, target if target in {s["key"] for s in steps} else None))
    titles = {s["key"]: f"step {s['number']}, {s['title']}" for s in steps}
    end = "the end" if practice.after(key) == END else "swap roles and begin again"
    return {
        "step": step,
        "waiting": step["waiting"].replace("{name}", "Alex"),
        "ways": [
            {"label": label, "target": target, "to": titles[target] if target else end}
            for label, target in ways
        ],
    }


class CardAdmin(admin.ModelAdmin):
    """Cards are made from the deck's published version: edit the deck, not the card."""

    list_display = ["key", "deck", "category", "depth", "text", "retired_at"]
    list_filter = ["deck", "category", "depth"]
    search_fields = ["key", "text"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(Item, ItemAdmin)
admin.site.register(Card, CardAdmin)
