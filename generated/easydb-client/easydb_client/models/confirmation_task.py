from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.confirmation_task_buttons_item import ConfirmationTaskButtonsItem
    from ..models.confirmation_task_form_item import ConfirmationTaskFormItem


T = TypeVar("T", bound="ConfirmationTask")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "title",
        "message",
        "form",
        "buttons",
    }
)


@_attrs_define
class ConfirmationTask:
    title: Any
    """ The task's title: text, or {code, parameters} for the frontend to translate """
    message: Any
    """ The message to show: text, or {code, parameters} """
    form: list[ConfirmationTaskFormItem] | Unset = UNSET
    """ Form elements (options to choose from) """
    buttons: list[ConfirmationTaskButtonsItem] | Unset = UNSET
    """ Buttons besides Cancel """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        message = self.message

        form: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.form, Unset):
            form = []
            for form_item_data in self.form:
                form_item = form_item_data.to_dict()
                form.append(form_item)

        buttons: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.buttons, Unset):
            buttons = []
            for buttons_item_data in self.buttons:
                buttons_item = buttons_item_data.to_dict()
                buttons.append(buttons_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "title": title,
                "message": message,
            }
        )
        if form is not UNSET:
            field_dict["form"] = form
        if buttons is not UNSET:
            field_dict["buttons"] = buttons

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        title = src_dict["title"]

        message = src_dict["message"]

        if len(src_dict) > 2:
            _form = src_dict.get("form", UNSET)
            form: list[ConfirmationTaskFormItem] | Unset = (
                UNSET
                if _form is UNSET
                else ([] if _form == [] else list(map(ConfirmationTaskFormItem.from_dict, _form)))
            )

            _buttons = src_dict.get("buttons", UNSET)
            buttons: list[ConfirmationTaskButtonsItem] | Unset = (
                UNSET
                if _buttons is UNSET
                else ([] if _buttons == [] else list(map(ConfirmationTaskButtonsItem.from_dict, _buttons)))
            )

            known = 2 + (form is not UNSET) + (buttons is not UNSET)
        else:  # the required keys only: every optional property is unset, and no key is an additional one
            form = UNSET
            buttons = UNSET
            known = 2

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed.title = title
        _parsed.message = message
        _parsed.form = form
        _parsed.buttons = buttons
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
from ..models.confirmation_task_buttons_item import ConfirmationTaskButtonsItem
from ..models.confirmation_task_form_item import ConfirmationTaskFormItem
