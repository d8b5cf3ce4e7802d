from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="UpdateClusterRequest")



@_attrs_define
class UpdateClusterRequest:
    """ 
        Attributes:
            name (None | str | Unset):
            ask_price_per_gpu_hour (float | None | Unset):
            available_until (datetime.datetime | None | Unset):
     """

    name: None | str | Unset = UNSET
    ask_price_per_gpu_hour: float | None | Unset = UNSET
    available_until: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        ask_price_per_gpu_hour: float | None | Unset
        if isinstance(self.ask_price_per_gpu_hour, Unset):
            ask_price_per_gpu_hour = UNSET
        else:
            ask_price_per_gpu_hour = self.ask_price_per_gpu_hour

        available_until: None | str | Unset
        if isinstance(self.available_until, Unset):
            available_until = UNSET
        elif isinstance(self.available_until, datetime.datetime):
            available_until = self.available_until.isoformat()
        else:
            available_until = self.available_until


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if ask_price_per_gpu_hour is not UNSET:
            field_dict["askPricePerGpuHour"] = ask_price_per_gpu_hour
        if available_until is not UNSET:
            field_dict["availableUntil"] = available_until

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        def _parse_ask_price_per_gpu_hour(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        ask_price_per_gpu_hour = _parse_ask_price_per_gpu_hour(d.pop("askPricePerGpuHour", UNSET))


        def _parse_available_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                available_until_type_1 = datetime.datetime.fromisoformat(data)



                return available_until_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        available_until = _parse_available_until(d.pop("availableUntil", UNSET))


        update_cluster_request = cls(
            name=name,
            ask_price_per_gpu_hour=ask_price_per_gpu_hour,
            available_until=available_until,
        )


        update_cluster_request.additional_properties = d
        return update_cluster_request

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
