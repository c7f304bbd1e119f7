"""factory-boy factories for the foundation models. Feature apps add theirs beside their tests."""

from __future__ import annotations

import factory
from django.utils import timezone

from couplesafe.accounts.models import Couple, Membership, User

PASSWORD = "a calm river at dawn"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    time_zone = "Europe/Berlin"
    # People in tests have confirmed their address unless a test says otherwise.
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class _Pair:
    def __init__(self, couple: Couple, first: User, second: User) -> None:
        self.couple = couple
        self.first = first
        self.second = second


def CoupleFactory(**kwargs) -> _Pair:
    """Two new people and the couple that joins them: CoupleFactory(first__display_name=...)."""
    first_kwargs = {
        k.removeprefix("first__"): v for k, v in kwargs.items() if k.startswith("first__")
    }
    second_kwargs = {
        k.removeprefix("second__"): v for k, v in kwargs.items() if k.startswith("second__")
    }
    first = UserFactory(**first_kwargs)
    second = UserFactory(**second_kwargs)
    couple = Couple.objects.create()
    Membership.objects.create(couple=couple, user=first, seat=1)
    Membership.objects.create(couple=couple, user=second, seat=2)
    return _Pair(couple, first, second)
