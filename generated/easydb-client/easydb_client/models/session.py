from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._auth import masked_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.session_authentication import SessionAuthentication
    from ..models.session_authentication_methods_item import SessionAuthenticationMethodsItem
    from ..models.session_config import SessionConfig
    from ..models.session_frontend_locale import SessionFrontendLocale
    from ..models.session_groups_item import SessionGroupsItem
    from ..models.session_instance import SessionInstance
    from ..models.session_pending_tasks_item import SessionPendingTasksItem
    from ..models.session_system_rights import SessionSystemRights
    from ..models.session_user import SessionUser


T = TypeVar("T", bound="Session")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "token",
        "instance",
        "authentication_methods",
        "frontend_language",
        "frontend_locale",
        "config",
        "pending_tasks",
        "current_max_message_id",
        "system_rights",
        "user",
        "groups",
        "authenticated",
    }
)


@_attrs_define
class Session:
    """A session (types/session). `token` identifies it; `authenticated`, `user`, `groups` and `system_rights` are there
    once it is authenticated.

    """

    token: str = _attrs_field(repr=masked_repr)
    """ The session token """
    instance: SessionInstance
    """ The server instance (types/session, `instance`). """
    authentication_methods: list[SessionAuthenticationMethodsItem]
    """ The allowed authentication methods; the first is the default """
    frontend_language: str | Unset = UNSET
    """ Session language """
    frontend_locale: SessionFrontendLocale | Unset = UNSET
    """ Locale of the session language """
    config: SessionConfig | Unset = UNSET
    """ Configuration (base, defaults, extensions) """
    pending_tasks: list[SessionPendingTasksItem] | Unset = UNSET
    """ Tasks to resolve before going on """
    current_max_message_id: int | Unset = UNSET
    """ The current maximum event id """
    system_rights: SessionSystemRights | Unset = UNSET
    """ The session's system rights """
    user: SessionUser | Unset = UNSET
    """ The authenticated user """
    groups: list[SessionGroupsItem] | Unset = UNSET
    """ The user's effective groups """
    authenticated: SessionAuthentication | Unset = UNSET
    """ How and when the session was authenticated. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        instance = self.instance.to_dict()

        authentication_methods = []
        for authentication_methods_item_data in self.authentication_methods:
            authentication_methods_item = authentication_methods_item_data.to_dict()
            authentication_methods.append(authentication_methods_item)

        frontend_language = self.frontend_language

        frontend_locale: dict[str, Any] | Unset = UNSET
        if not isinstance(self.frontend_locale, Unset):
            frontend_locale = self.frontend_locale.to_dict()

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        pending_tasks: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.pending_tasks, Unset):
            pending_tasks = []
            for pending_tasks_item_data in self.pending_tasks:
                pending_tasks_item = pending_tasks_item_data.to_dict()
                pending_tasks.append(pending_tasks_item)

        current_max_message_id = self.current_max_message_id

        system_rights: dict[str, Any] | Unset = UNSET
        if not isinstance(self.system_rights, Unset):
            system_rights = self.system_rights.to_dict()

        user: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user, Unset):
            user = self.user.to_dict()

        groups: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.groups, Unset):
            groups = []
            for groups_item_data in self.groups:
                groups_item = groups_item_data.to_dict()
                groups.append(groups_item)

        authenticated: dict[str, Any] | Unset = UNSET
        if not isinstance(self.authenticated, Unset):
            authenticated = self.authenticated.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
                "instance": instance,
                "authentication_methods": authentication_methods,
            }
        )
        if frontend_language is not UNSET:
            field_dict["frontend_language"] = frontend_language
        if frontend_locale is not UNSET:
            field_dict["frontend_locale"] = frontend_locale
        if config is not UNSET:
            field_dict["config"] = config
        if pending_tasks is not UNSET:
            field_dict["pending_tasks"] = pending_tasks
        if current_max_message_id is not UNSET:
            field_dict["current_max_message_id"] = current_max_message_id
        if system_rights is not UNSET:
            field_dict["system_rights"] = system_rights
        if user is not UNSET:
            field_dict["user"] = user
        if groups is not UNSET:
            field_dict["groups"] = groups
        if authenticated is not UNSET:
            field_dict["authenticated"] = authenticated

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        token = src_dict["token"]

        instance = SessionInstance.from_dict(src_dict["instance"])

        _authentication_methods = src_dict["authentication_methods"]
        authentication_methods = (
            []
            if _authentication_methods == []
            else list(map(SessionAuthenticationMethodsItem.from_dict, _authentication_methods))
        )

        if len(src_dict) > 3:
            frontend_language = src_dict.get("frontend_language", UNSET)

            _frontend_locale = src_dict.get("frontend_locale", UNSET)
            frontend_locale: SessionFrontendLocale | Unset
            if _frontend_locale is UNSET:
                frontend_locale = UNSET
            else:
                frontend_locale = SessionFrontendLocale.from_dict(_frontend_locale)

            _config = src_dict.get("config", UNSET)
            config: SessionConfig | Unset
            if _config is UNSET:
                config = UNSET
            else:
                config = SessionConfig.from_dict(_config)

            _pending_tasks = src_dict.get("pending_tasks", UNSET)
            pending_tasks: list[SessionPendingTasksItem] | Unset = (
                UNSET
                if _pending_tasks is UNSET
                else ([] if _pending_tasks == [] else list(map(SessionPendingTasksItem.from_dict, _pending_tasks)))
            )

            current_max_message_id = src_dict.get("current_max_message_id", UNSET)

            _system_rights = src_dict.get("system_rights", UNSET)
            system_rights: SessionSystemRights | Unset
            if _system_rights is UNSET:
                system_rights = UNSET
            else:
                system_rights = SessionSystemRights.from_dict(_system_rights)

            _user = src_dict.get("user", UNSET)
            user: SessionUser | Unset
            if _user is UNSET:
                user = UNSET
            else:
                user = SessionUser.from_dict(_user)

            _groups = src_dict.get("groups", UNSET)
            groups: list[SessionGroupsItem] | Unset = (
                UNSET
                if _groups is UNSET
                else ([] if _groups == [] else list(map(SessionGroupsItem.from_dict, _groups)))
            )

            _authenticated = src_dict.get("authenticated", UNSET)
            authenticated: SessionAuthentication | Unset
            if _authenticated is UNSET:
                authenticated = UNSET
            else:
                authenticated = SessionAuthentication.from_dict(_authenticated)

            known = (
                3
                + (frontend_language is not UNSET)
                + (frontend_locale is not UNSET)
                + (config is not UNSET)
                + (pending_tasks is not UNSET)
                + (current_max_message_id is not UNSET)
                + (system_rights is not UNSET)
                + (user is not UNSET)
                + (groups is not UNSET)
                + (authenticated is not UNSET)
            )
        else:  # the required keys only: every optional property is unset, and no key is an additional one
            frontend_language = UNSET
            frontend_locale = UNSET
            config = UNSET
            pending_tasks = UNSET
            current_max_message_id = UNSET
            system_rights = UNSET
            user = UNSET
            groups = UNSET
            authenticated = UNSET
            known = 3

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed.token = token
        _parsed.instance = instance
        _parsed.authentication_methods = authentication_methods
        _parsed.frontend_language = frontend_language
        _parsed.frontend_locale = frontend_locale
        _parsed.config = config
        _parsed.pending_tasks = pending_tasks
        _parsed.current_max_message_id = current_max_message_id
        _parsed.system_rights = system_rights
        _parsed.user = user
        _parsed.groups = groups
        _parsed.authenticated = authenticated
        _parsed.additional_properties = {}

        if len(src_dict) > known:
            d = {key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES}
            # Values that JSON gives as they are (text, numbers, booleans, null) need no parsing.
            _parsed.additional_properties = d
        return _parsed

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# The models this one refers to, imported after its class rather than at the top (models refer to each
# other, and by now this module's class exists for one that imports it back) and not inside its methods,
# where the import statement would run again for every record parsed.
from ..models.session_authentication import SessionAuthentication
from ..models.session_authentication_methods_item import SessionAuthenticationMethodsItem
from ..models.session_config import SessionConfig
from ..models.session_frontend_locale import SessionFrontendLocale
from ..models.session_groups_item import SessionGroupsItem
from ..models.session_instance import SessionInstance
from ..models.session_pending_tasks_item import SessionPendingTasksItem
from ..models.session_system_rights import SessionSystemRights
from ..models.session_user import SessionUser
