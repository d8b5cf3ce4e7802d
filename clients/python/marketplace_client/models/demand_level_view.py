from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="DemandLevelView")



@_attrs_define
class DemandLevelView:
    """ 
        Attributes:
            price_per_gpu_hour (float):
            open_bids (int):
            gpu_count (int):
     """

    price_per_gpu_hour: float
    open_bids: int
    gpu_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        price_per_gpu_hour = self.price_per_gpu_hour

        open_bids = self.open_bids

        gpu_count = self.gpu_count


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pricePerGpuHour": price_per_gpu_hour,
            "openBids": open_bids,
            "gpuCount": gpu_count,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        price_per_gpu_hour = d.pop("pricePerGpuHour")

        open_bids = d.pop("openBids")

        gpu_count = d.pop("gpuCount")

        demand_level_view = cls(
            price_per_gpu_hour=price_per_gpu_hour,
            open_bids=open_bids,
            gpu_count=gpu_count,
        )


        demand_level_view.additional_properties = d
        return demand_level_view

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
