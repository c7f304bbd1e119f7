"""Settings for the page benches: the real settings, plus two bare views to compare with."""

import os

from couplesafe.settings import *  # noqa: F403

ROOT_URLCONF = "bench.practices_urls"
# The benches collect static files (production's hashed names) away from the checkout's own
# staticfiles/, which a test run beside them may be reading.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
