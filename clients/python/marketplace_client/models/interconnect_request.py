from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.interconnect_request_kind import InterconnectRequestKind
from typing import cast






T = TypeVar("T", bound="InterconnectRequest")



@_attrs_define
class InterconnectRequest:
    """ 
        Attributes:
            kind (InterconnectRequestKind):
            gbps_per_node (int | None):
     """

    kind: InterconnectRequestKind
    gbps_per_node: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        gbps_per_node: int | None
        gbps_per_node = self.gbps_per_node


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
            "gbpsPerNode": gbps_per_node,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = InterconnectRequestKind(d.pop("kind"))




        def _parse_gbps_per_node(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        gbps_per_node = _parse_gbps_per_node(d.pop("gbpsPerNode"))


        interconnect_request = cls(
            kind=kind,
            gbps_per_node=gbps_per_node,
        )


        interconnect_request.additional_properties = d
        return interconnect_request

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
