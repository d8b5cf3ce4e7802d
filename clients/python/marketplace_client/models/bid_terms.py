from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.interconnect_requirement import InterconnectRequirement





T = TypeVar("T", bound="BidTerms")



@_attrs_define
class BidTerms:
    """ 
        Attributes:
            gpu_model (str):
            gpu_count (int):
            duration_hours (int):
            earliest_start (datetime.datetime):
            latest_start (datetime.datetime):
            regions (list[str]):
            interconnect (InterconnectRequirement | None):
            max_price_per_gpu_hour (float):
            expires_at (datetime.datetime | None):
     """

    gpu_model: str
    gpu_count: int
    duration_hours: int
    earliest_start: datetime.datetime
    latest_start: datetime.datetime
    regions: list[str]
    interconnect: InterconnectRequirement | None
    max_price_per_gpu_hour: float
    expires_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.interconnect_requirement import InterconnectRequirement
        gpu_model = self.gpu_model

        gpu_count = self.gpu_count

        duration_hours = self.duration_hours

        earliest_start = self.earliest_start.isoformat()

        latest_start = self.latest_start.isoformat()

        regions = self.regions



        interconnect: dict[str, Any] | None
        if isinstance(self.interconnect, InterconnectRequirement):
            interconnect = self.interconnect.to_dict()
        else:
            interconnect = self.interconnect

        max_price_per_gpu_hour = self.max_price_per_gpu_hour

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "gpuModel": gpu_model,
            "gpuCount": gpu_count,
            "durationHours": duration_hours,
            "earliestStart": earliest_start,
            "latestStart": latest_start,
            "regions": regions,
            "interconnect": interconnect,
            "maxPricePerGpuHour": max_price_per_gpu_hour,
            "expiresAt": expires_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.interconnect_requirement import InterconnectRequirement
        d = dict(src_dict)
        gpu_model = d.pop("gpuModel")

        gpu_count = d.pop("gpuCount")

        duration_hours = d.pop("durationHours")

        earliest_start = datetime.datetime.fromisoformat(d.pop("earliestStart"))




        latest_start = datetime.datetime.fromisoformat(d.pop("latestStart"))




        regions = cast(list[str], d.pop("regions"))


        def _parse_interconnect(data: object) -> InterconnectRequirement | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                interconnect_type_1 = InterconnectRequirement.from_dict(data)



                return interconnect_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InterconnectRequirement | None, data)

        interconnect = _parse_interconnect(d.pop("interconnect"))


        max_price_per_gpu_hour = d.pop("maxPricePerGpuHour")

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_1 = datetime.datetime.fromisoformat(data)



                return expires_at_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expiresAt"))


        bid_terms = cls(
            gpu_model=gpu_model,
            gpu_count=gpu_count,
            duration_hours=duration_hours,
            earliest_start=earliest_start,
            latest_start=latest_start,
            regions=regions,
            interconnect=interconnect,
            max_price_per_gpu_hour=max_price_per_gpu_hour,
            expires_at=expires_at,
        )


        bid_terms.additional_properties = d
        return bid_terms

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
