from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.interconnect_request import InterconnectRequest





T = TypeVar("T", bound="CreateClusterRequest")



@_attrs_define
class CreateClusterRequest:
    """ 
        Attributes:
            name (None | str):
            region (None | str):
            gpu_model (None | str):
            gpus_per_node (int | None):
            node_count (int | None):
            interconnect (InterconnectRequest | None):
            ask_price_per_gpu_hour (float | None):
            available_from (datetime.datetime | None):
            available_until (datetime.datetime | None):
     """

    name: None | str
    region: None | str
    gpu_model: None | str
    gpus_per_node: int | None
    node_count: int | None
    interconnect: InterconnectRequest | None
    ask_price_per_gpu_hour: float | None
    available_from: datetime.datetime | None
    available_until: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.interconnect_request import InterconnectRequest
        name: None | str
        name = self.name

        region: None | str
        region = self.region

        gpu_model: None | str
        gpu_model = self.gpu_model

        gpus_per_node: int | None
        gpus_per_node = self.gpus_per_node

        node_count: int | None
        node_count = self.node_count

        interconnect: dict[str, Any] | None
        if isinstance(self.interconnect, InterconnectRequest):
            interconnect = self.interconnect.to_dict()
        else:
            interconnect = self.interconnect

        ask_price_per_gpu_hour: float | None
        ask_price_per_gpu_hour = self.ask_price_per_gpu_hour

        available_from: None | str
        if isinstance(self.available_from, datetime.datetime):
            available_from = self.available_from.isoformat()
        else:
            available_from = self.available_from

        available_until: None | str
        if isinstance(self.available_until, datetime.datetime):
            available_until = self.available_until.isoformat()
        else:
            available_until = self.available_until


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "region": region,
            "gpuModel": gpu_model,
            "gpusPerNode": gpus_per_node,
            "nodeCount": node_count,
            "interconnect": interconnect,
            "askPricePerGpuHour": ask_price_per_gpu_hour,
            "availableFrom": available_from,
            "availableUntil": available_until,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.interconnect_request import InterconnectRequest
        d = dict(src_dict)
        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        def _parse_region(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        region = _parse_region(d.pop("region"))


        def _parse_gpu_model(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gpu_model = _parse_gpu_model(d.pop("gpuModel"))


        def _parse_gpus_per_node(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        gpus_per_node = _parse_gpus_per_node(d.pop("gpusPerNode"))


        def _parse_node_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        node_count = _parse_node_count(d.pop("nodeCount"))


        def _parse_interconnect(data: object) -> InterconnectRequest | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                interconnect_type_1 = InterconnectRequest.from_dict(data)



                return interconnect_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InterconnectRequest | None, data)

        interconnect = _parse_interconnect(d.pop("interconnect"))


        def _parse_ask_price_per_gpu_hour(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        ask_price_per_gpu_hour = _parse_ask_price_per_gpu_hour(d.pop("askPricePerGpuHour"))


        def _parse_available_from(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                available_from_type_1 = datetime.datetime.fromisoformat(data)



                return available_from_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        available_from = _parse_available_from(d.pop("availableFrom"))


        def _parse_available_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                available_until_type_1 = datetime.datetime.fromisoformat(data)



                return available_until_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        available_until = _parse_available_until(d.pop("availableUntil"))


        create_cluster_request = cls(
            name=name,
            region=region,
            gpu_model=gpu_model,
            gpus_per_node=gpus_per_node,
            node_count=node_count,
            interconnect=interconnect,
            ask_price_per_gpu_hour=ask_price_per_gpu_hour,
            available_from=available_from,
            available_until=available_until,
        )


        create_cluster_request.additional_properties = d
        return create_cluster_request

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
