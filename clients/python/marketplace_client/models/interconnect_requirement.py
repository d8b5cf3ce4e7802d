from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.interconnect_requirement_kind import InterconnectRequirementKind
from typing import cast






T = TypeVar("T", bound="InterconnectRequirement")



@_attrs_define
class InterconnectRequirement:
    """ 
        Attributes:
            kind (InterconnectRequirementKind):
            min_gbps_per_node (int | None):
     """

    kind: InterconnectRequirementKind
    min_gbps_per_node: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        min_gbps_per_node: int | None
        min_gbps_per_node = self.min_gbps_per_node


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
            "minGbpsPerNode": min_gbps_per_node,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = InterconnectRequirementKind(d.pop("kind"))




        def _parse_min_gbps_per_node(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        min_gbps_per_node = _parse_min_gbps_per_node(d.pop("minGbpsPerNode"))


        interconnect_requirement = cls(
            kind=kind,
            min_gbps_per_node=min_gbps_per_node,
        )


        interconnect_requirement.additional_properties = d
        return interconnect_requirement

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
