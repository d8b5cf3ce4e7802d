from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="GpuModel")



@_attrs_define
class GpuModel:
    """ 
        Attributes:
            id (str):
            vendor (str):
            memory_gb (int):
            bf_16_dense_tflops (float):
     """

    id: str
    vendor: str
    memory_gb: int
    bf_16_dense_tflops: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        vendor = self.vendor

        memory_gb = self.memory_gb

        bf_16_dense_tflops = self.bf_16_dense_tflops


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "vendor": vendor,
            "memoryGb": memory_gb,
            "bf16DenseTflops": bf_16_dense_tflops,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        vendor = d.pop("vendor")

        memory_gb = d.pop("memoryGb")

        bf_16_dense_tflops = d.pop("bf16DenseTflops")

        gpu_model = cls(
            id=id,
            vendor=vendor,
            memory_gb=memory_gb,
            bf_16_dense_tflops=bf_16_dense_tflops,
        )


        gpu_model.additional_properties = d
        return gpu_model

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
