from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="UsageReportView")



@_attrs_define
class UsageReportView:
    """ 
        Attributes:
            id (UUID):
            booking_id (UUID):
            provider_id (UUID):
            period_start (datetime.datetime):
            period_end (datetime.datetime):
            booked_gpu_hours (float):
            delivered_gpu_hours (float):
            note (None | str):
            created_at (datetime.datetime):
     """

    id: UUID
    booking_id: UUID
    provider_id: UUID
    period_start: datetime.datetime
    period_end: datetime.datetime
    booked_gpu_hours: float
    delivered_gpu_hours: float
    note: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        booking_id = str(self.booking_id)

        provider_id = str(self.provider_id)

        period_start = self.period_start.isoformat()

        period_end = self.period_end.isoformat()

        booked_gpu_hours = self.booked_gpu_hours

        delivered_gpu_hours = self.delivered_gpu_hours

        note: None | str
        note = self.note

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "bookingId": booking_id,
            "providerId": provider_id,
            "periodStart": period_start,
            "periodEnd": period_end,
            "bookedGpuHours": booked_gpu_hours,
            "deliveredGpuHours": delivered_gpu_hours,
            "note": note,
            "createdAt": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        booking_id = UUID(d.pop("bookingId"))




        provider_id = UUID(d.pop("providerId"))




        period_start = datetime.datetime.fromisoformat(d.pop("periodStart"))




        period_end = datetime.datetime.fromisoformat(d.pop("periodEnd"))




        booked_gpu_hours = d.pop("bookedGpuHours")

        delivered_gpu_hours = d.pop("deliveredGpuHours")

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        usage_report_view = cls(
            id=id,
            booking_id=booking_id,
            provider_id=provider_id,
            period_start=period_start,
            period_end=period_end,
            booked_gpu_hours=booked_gpu_hours,
            delivered_gpu_hours=delivered_gpu_hours,
            note=note,
            created_at=created_at,
        )


        usage_report_view.additional_properties = d
        return usage_report_view

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
