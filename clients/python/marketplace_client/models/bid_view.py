from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.bid_view_status import BidViewStatus
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.bid_decision import BidDecision
  from ..models.interconnect_requirement import InterconnectRequirement





T = TypeVar("T", bound="BidView")



@_attrs_define
class BidView:
    """ 
        Attributes:
            id (UUID):
            tenant_id (UUID):
            gpu_model (str):
            gpu_count (int):
            duration_hours (int):
            earliest_start (datetime.datetime):
            latest_start (datetime.datetime):
            regions (list[str]):
            interconnect (InterconnectRequirement | None):
            max_price_per_gpu_hour (float):
            expires_at (datetime.datetime):
            status (BidViewStatus):
            booking_id (None | UUID):
            price_per_gpu_hour (float | None):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            last_decision (BidDecision | None | Unset):
     """

    id: UUID
    tenant_id: UUID
    gpu_model: str
    gpu_count: int
    duration_hours: int
    earliest_start: datetime.datetime
    latest_start: datetime.datetime
    regions: list[str]
    interconnect: InterconnectRequirement | None
    max_price_per_gpu_hour: float
    expires_at: datetime.datetime
    status: BidViewStatus
    booking_id: None | UUID
    price_per_gpu_hour: float | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    last_decision: BidDecision | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.bid_decision import BidDecision
        from ..models.interconnect_requirement import InterconnectRequirement
        id = str(self.id)

        tenant_id = str(self.tenant_id)

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

        expires_at = self.expires_at.isoformat()

        status = self.status.value

        booking_id: None | str
        if isinstance(self.booking_id, UUID):
            booking_id = str(self.booking_id)
        else:
            booking_id = self.booking_id

        price_per_gpu_hour: float | None
        price_per_gpu_hour = self.price_per_gpu_hour

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        last_decision: dict[str, Any] | None | Unset
        if isinstance(self.last_decision, Unset):
            last_decision = UNSET
        elif isinstance(self.last_decision, BidDecision):
            last_decision = self.last_decision.to_dict()
        else:
            last_decision = self.last_decision


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "tenantId": tenant_id,
            "gpuModel": gpu_model,
            "gpuCount": gpu_count,
            "durationHours": duration_hours,
            "earliestStart": earliest_start,
            "latestStart": latest_start,
            "regions": regions,
            "interconnect": interconnect,
            "maxPricePerGpuHour": max_price_per_gpu_hour,
            "expiresAt": expires_at,
            "status": status,
            "bookingId": booking_id,
            "pricePerGpuHour": price_per_gpu_hour,
            "createdAt": created_at,
            "updatedAt": updated_at,
        })
        if last_decision is not UNSET:
            field_dict["lastDecision"] = last_decision

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bid_decision import BidDecision
        from ..models.interconnect_requirement import InterconnectRequirement
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        tenant_id = UUID(d.pop("tenantId"))




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

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))




        status = BidViewStatus(d.pop("status"))




        def _parse_booking_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                booking_id_type_1 = UUID(data)



                return booking_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        booking_id = _parse_booking_id(d.pop("bookingId"))


        def _parse_price_per_gpu_hour(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        price_per_gpu_hour = _parse_price_per_gpu_hour(d.pop("pricePerGpuHour"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))




        def _parse_last_decision(data: object) -> BidDecision | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_decision_type_1 = BidDecision.from_dict(data)



                return last_decision_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BidDecision | None | Unset, data)

        last_decision = _parse_last_decision(d.pop("lastDecision", UNSET))


        bid_view = cls(
            id=id,
            tenant_id=tenant_id,
            gpu_model=gpu_model,
            gpu_count=gpu_count,
            duration_hours=duration_hours,
            earliest_start=earliest_start,
            latest_start=latest_start,
            regions=regions,
            interconnect=interconnect,
            max_price_per_gpu_hour=max_price_per_gpu_hour,
            expires_at=expires_at,
            status=status,
            booking_id=booking_id,
            price_per_gpu_hour=price_per_gpu_hour,
            created_at=created_at,
            updated_at=updated_at,
            last_decision=last_decision,
        )


        bid_view.additional_properties = d
        return bid_view

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
