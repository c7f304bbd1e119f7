"""Settings for bench/practices_poll.py: the real settings, plus two bare views to compare with."""

from couplesafe.settings import *  # noqa: F403

ROOT_URLCONF = "bench.practices_urls"
