from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="DeliveryAttemptView")



@_attrs_define
class DeliveryAttemptView:
    """ 
        Attributes:
            event_id (UUID):
            type_ (str):
            attempt (int):
            status (str):
            at (datetime.datetime):
            response_status (int | None):
            error (None | str):
     """

    event_id: UUID
    type_: str
    attempt: int
    status: str
    at: datetime.datetime
    response_status: int | None
    error: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        event_id = str(self.event_id)

        type_ = self.type_

        attempt = self.attempt

        status = self.status

        at = self.at.isoformat()

        response_status: int | None
        response_status = self.response_status

        error: None | str
        error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "eventId": event_id,
            "type": type_,
            "attempt": attempt,
            "status": status,
            "at": at,
            "responseStatus": response_status,
            "error": error,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_id = UUID(d.pop("eventId"))




        type_ = d.pop("type")

        attempt = d.pop("attempt")

        status = d.pop("status")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        def _parse_response_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        response_status = _parse_response_status(d.pop("responseStatus"))


        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        delivery_attempt_view = cls(
            event_id=event_id,
            type_=type_,
            attempt=attempt,
            status=status,
            at=at,
            response_status=response_status,
            error=error,
        )


        delivery_attempt_view.additional_properties = d
        return delivery_attempt_view

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
