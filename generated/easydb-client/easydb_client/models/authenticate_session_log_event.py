from typing import Literal

AuthenticateSessionLogEvent = Literal["0", "1"]

AUTHENTICATE_SESSION_LOG_EVENT_VALUES: set[AuthenticateSessionLogEvent] = {
    "0",
    "1",
}


def check_authenticate_session_log_event(value: str) -> AuthenticateSessionLogEvent:
    if value in AUTHENTICATE_SESSION_LOG_EVENT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AUTHENTICATE_SESSION_LOG_EVENT_VALUES!r}")
