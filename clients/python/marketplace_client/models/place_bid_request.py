from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.interconnect_requirement_request import InterconnectRequirementRequest





T = TypeVar("T", bound="PlaceBidRequest")



@_attrs_define
class PlaceBidRequest:
    """ 
        Attributes:
            gpu_model (None | str):
            gpu_count (int | None):
            duration_hours (int | None):
            earliest_start (datetime.datetime | None):
            latest_start (datetime.datetime | None):
            regions (list[str] | None):
            max_price_per_gpu_hour (float | None):
            interconnect (InterconnectRequirementRequest | None | Unset):
            expires_at (datetime.datetime | None | Unset):
     """

    gpu_model: None | str
    gpu_count: int | None
    duration_hours: int | None
    earliest_start: datetime.datetime | None
    latest_start: datetime.datetime | None
    regions: list[str] | None
    max_price_per_gpu_hour: float | None
    interconnect: InterconnectRequirementRequest | None | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.interconnect_requirement_request import InterconnectRequirementRequest
        gpu_model: None | str
        gpu_model = self.gpu_model

        gpu_count: int | None
        gpu_count = self.gpu_count

        duration_hours: int | None
        duration_hours = self.duration_hours

        earliest_start: None | str
        if isinstance(self.earliest_start, datetime.datetime):
            earliest_start = self.earliest_start.isoformat()
        else:
            earliest_start = self.earliest_start

        latest_start: None | str
        if isinstance(self.latest_start, datetime.datetime):
            latest_start = self.latest_start.isoformat()
        else:
            latest_start = self.latest_start

        regions: list[str] | None
        if isinstance(self.regions, list):
            regions = self.regions


        else:
            regions = self.regions

        max_price_per_gpu_hour: float | None
        max_price_per_gpu_hour = self.max_price_per_gpu_hour

        interconnect: dict[str, Any] | None | Unset
        if isinstance(self.interconnect, Unset):
            interconnect = UNSET
        elif isinstance(self.interconnect, InterconnectRequirementRequest):
            interconnect = self.interconnect.to_dict()
        else:
            interconnect = self.interconnect

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
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
            "maxPricePerGpuHour": max_price_per_gpu_hour,
        })
        if interconnect is not UNSET:
            field_dict["interconnect"] = interconnect
        if expires_at is not UNSET:
            field_dict["expiresAt"] = expires_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.interconnect_requirement_request import InterconnectRequirementRequest
        d = dict(src_dict)
        def _parse_gpu_model(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gpu_model = _parse_gpu_model(d.pop("gpuModel"))


        def _parse_gpu_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        gpu_count = _parse_gpu_count(d.pop("gpuCount"))


        def _parse_duration_hours(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        duration_hours = _parse_duration_hours(d.pop("durationHours"))


        def _parse_earliest_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                earliest_start_type_1 = datetime.datetime.fromisoformat(data)



                return earliest_start_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        earliest_start = _parse_earliest_start(d.pop("earliestStart"))


        def _parse_latest_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                latest_start_type_1 = datetime.datetime.fromisoformat(data)



                return latest_start_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        latest_start = _parse_latest_start(d.pop("latestStart"))


        def _parse_regions(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                regions_type_1 = cast(list[str], data)

                return regions_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        regions = _parse_regions(d.pop("regions"))


        def _parse_max_price_per_gpu_hour(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        max_price_per_gpu_hour = _parse_max_price_per_gpu_hour(d.pop("maxPricePerGpuHour"))


        def _parse_interconnect(data: object) -> InterconnectRequirementRequest | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                interconnect_type_1 = InterconnectRequirementRequest.from_dict(data)



                return interconnect_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InterconnectRequirementRequest | None | Unset, data)

        interconnect = _parse_interconnect(d.pop("interconnect", UNSET))


        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_1 = datetime.datetime.fromisoformat(data)



                return expires_at_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expiresAt", UNSET))


        place_bid_request = cls(
            gpu_model=gpu_model,
            gpu_count=gpu_count,
            duration_hours=duration_hours,
            earliest_start=earliest_start,
            latest_start=latest_start,
            regions=regions,
            max_price_per_gpu_hour=max_price_per_gpu_hour,
            interconnect=interconnect,
            expires_at=expires_at,
        )


        place_bid_request.additional_properties = d
        return place_bid_request

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
