from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.cluster_view_status import ClusterViewStatus
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.interconnect import Interconnect





T = TypeVar("T", bound="ClusterView")



@_attrs_define
class ClusterView:
    """ 
        Attributes:
            id (UUID):
            provider_id (UUID):
            name (str):
            region (str):
            gpu_model (str):
            gpus_per_node (int):
            node_count (int):
            interconnect (Interconnect):
            ask_price_per_gpu_hour (float):
            available_from (datetime.datetime):
            available_until (datetime.datetime):
            status (ClusterViewStatus):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
     """

    id: UUID
    provider_id: UUID
    name: str
    region: str
    gpu_model: str
    gpus_per_node: int
    node_count: int
    interconnect: Interconnect
    ask_price_per_gpu_hour: float
    available_from: datetime.datetime
    available_until: datetime.datetime
    status: ClusterViewStatus
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.interconnect import Interconnect
        id = str(self.id)

        provider_id = str(self.provider_id)

        name = self.name

        region = self.region

        gpu_model = self.gpu_model

        gpus_per_node = self.gpus_per_node

        node_count = self.node_count

        interconnect = self.interconnect.to_dict()

        ask_price_per_gpu_hour = self.ask_price_per_gpu_hour

        available_from = self.available_from.isoformat()

        available_until = self.available_until.isoformat()

        status = self.status.value

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "providerId": provider_id,
            "name": name,
            "region": region,
            "gpuModel": gpu_model,
            "gpusPerNode": gpus_per_node,
            "nodeCount": node_count,
            "interconnect": interconnect,
            "askPricePerGpuHour": ask_price_per_gpu_hour,
            "availableFrom": available_from,
            "availableUntil": available_until,
            "status": status,
            "createdAt": created_at,
            "updatedAt": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.interconnect import Interconnect
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        provider_id = UUID(d.pop("providerId"))




        name = d.pop("name")

        region = d.pop("region")

        gpu_model = d.pop("gpuModel")

        gpus_per_node = d.pop("gpusPerNode")

        node_count = d.pop("nodeCount")

        interconnect = Interconnect.from_dict(d.pop("interconnect"))




        ask_price_per_gpu_hour = d.pop("askPricePerGpuHour")

        available_from = datetime.datetime.fromisoformat(d.pop("availableFrom"))




        available_until = datetime.datetime.fromisoformat(d.pop("availableUntil"))




        status = ClusterViewStatus(d.pop("status"))




        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))




        cluster_view = cls(
            id=id,
            provider_id=provider_id,
            name=name,
            region=region,
            gpu_model=gpu_model,
            gpus_per_node=gpus_per_node,
            node_count=node_count,
            interconnect=interconnect,
            ask_price_per_gpu_hour=ask_price_per_gpu_hour,
            available_from=available_from,
            available_until=available_until,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
        )


        cluster_view.additional_properties = d
        return cluster_view

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
