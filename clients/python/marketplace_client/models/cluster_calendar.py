from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID

if TYPE_CHECKING:
  from ..models.node_calendar import NodeCalendar





T = TypeVar("T", bound="ClusterCalendar")



@_attrs_define
class ClusterCalendar:
    """ 
        Attributes:
            cluster_id (UUID):
            nodes (list[NodeCalendar]):
     """

    cluster_id: UUID
    nodes: list[NodeCalendar]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.node_calendar import NodeCalendar
        cluster_id = str(self.cluster_id)

        nodes = []
        for nodes_item_data in self.nodes:
            nodes_item = nodes_item_data.to_dict()
            nodes.append(nodes_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "clusterId": cluster_id,
            "nodes": nodes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.node_calendar import NodeCalendar
        d = dict(src_dict)
        cluster_id = UUID(d.pop("clusterId"))




        nodes = []
        _nodes = d.pop("nodes")
        for nodes_item_data in (_nodes):
            nodes_item = NodeCalendar.from_dict(nodes_item_data)



            nodes.append(nodes_item)


        cluster_calendar = cls(
            cluster_id=cluster_id,
            nodes=nodes,
        )


        cluster_calendar.additional_properties = d
        return cluster_calendar

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
