from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SupplyLevelView")



@_attrs_define
class SupplyLevelView:
    """ 
        Attributes:
            price_per_gpu_hour (float):
            clusters (int):
            free_gpu_hours_7_d (float):
            free_gpu_hours_28_d (float):
     """

    price_per_gpu_hour: float
    clusters: int
    free_gpu_hours_7_d: float
    free_gpu_hours_28_d: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        price_per_gpu_hour = self.price_per_gpu_hour

        clusters = self.clusters

        free_gpu_hours_7_d = self.free_gpu_hours_7_d

        free_gpu_hours_28_d = self.free_gpu_hours_28_d


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pricePerGpuHour": price_per_gpu_hour,
            "clusters": clusters,
            "freeGpuHours7d": free_gpu_hours_7_d,
            "freeGpuHours28d": free_gpu_hours_28_d,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        price_per_gpu_hour = d.pop("pricePerGpuHour")

        clusters = d.pop("clusters")

        free_gpu_hours_7_d = d.pop("freeGpuHours7d")

        free_gpu_hours_28_d = d.pop("freeGpuHours28d")

        supply_level_view = cls(
            price_per_gpu_hour=price_per_gpu_hour,
            clusters=clusters,
            free_gpu_hours_7_d=free_gpu_hours_7_d,
            free_gpu_hours_28_d=free_gpu_hours_28_d,
        )


        supply_level_view.additional_properties = d
        return supply_level_view

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
