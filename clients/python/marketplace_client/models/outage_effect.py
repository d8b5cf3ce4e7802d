from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID






T = TypeVar("T", bound="OutageEffect")



@_attrs_define
class OutageEffect:
    """ 
        Attributes:
            booking_id (UUID):
            action (str):
            gpu_hours (float):
            amount (float):
            to_cluster_id (None | UUID):
     """

    booking_id: UUID
    action: str
    gpu_hours: float
    amount: float
    to_cluster_id: None | UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        booking_id = str(self.booking_id)

        action = self.action

        gpu_hours = self.gpu_hours

        amount = self.amount

        to_cluster_id: None | str
        if isinstance(self.to_cluster_id, UUID):
            to_cluster_id = str(self.to_cluster_id)
        else:
            to_cluster_id = self.to_cluster_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "bookingId": booking_id,
            "action": action,
            "gpuHours": gpu_hours,
            "amount": amount,
            "toClusterId": to_cluster_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        booking_id = UUID(d.pop("bookingId"))




        action = d.pop("action")

        gpu_hours = d.pop("gpuHours")

        amount = d.pop("amount")

        def _parse_to_cluster_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                to_cluster_id_type_1 = UUID(data)



                return to_cluster_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        to_cluster_id = _parse_to_cluster_id(d.pop("toClusterId"))


        outage_effect = cls(
            booking_id=booking_id,
            action=action,
            gpu_hours=gpu_hours,
            amount=amount,
            to_cluster_id=to_cluster_id,
        )


        outage_effect.additional_properties = d
        return outage_effect

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
