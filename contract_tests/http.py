"""The HTTP session the contract run sends through: a 429 is retried after its Retry-After.

urllib3's Retry already honours Retry-After (seconds or an HTTP date) for 429, so the session mounts it
rather than a loop of our own. Other statuses and connection errors are not retried: the check must see
what the host answers.
"""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

RATE_LIMITED_RETRIES = 5


def session() -> requests.Session:
    retry = Retry(
        total=RATE_LIMITED_RETRIES,
        connect=0,
        read=0,
        other=0,
        status=RATE_LIMITED_RETRIES,
        status_forcelist=(429,),
        allowed_methods=None,  # every method: a 429 means the request was not processed
        respect_retry_after_header=True,
        backoff_factor=1.0,  # when a 429 comes without Retry-After
        raise_on_status=False,  # after the last retry the 429 itself is the answer the checks see
    )
    http = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    return http
