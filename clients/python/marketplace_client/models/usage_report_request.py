from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="UsageReportRequest")



@_attrs_define
class UsageReportRequest:
    """ 
        Attributes:
            period_start (datetime.datetime | None):
            period_end (datetime.datetime | None):
            delivered_gpu_hours (float | None):
            note (None | str | Unset):
     """

    period_start: datetime.datetime | None
    period_end: datetime.datetime | None
    delivered_gpu_hours: float | None
    note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        period_start: None | str
        if isinstance(self.period_start, datetime.datetime):
            period_start = self.period_start.isoformat()
        else:
            period_start = self.period_start

        period_end: None | str
        if isinstance(self.period_end, datetime.datetime):
            period_end = self.period_end.isoformat()
        else:
            period_end = self.period_end

        delivered_gpu_hours: float | None
        delivered_gpu_hours = self.delivered_gpu_hours

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "periodStart": period_start,
            "periodEnd": period_end,
            "deliveredGpuHours": delivered_gpu_hours,
        })
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_period_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                period_start_type_1 = datetime.datetime.fromisoformat(data)



                return period_start_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        period_start = _parse_period_start(d.pop("periodStart"))


        def _parse_period_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                period_end_type_1 = datetime.datetime.fromisoformat(data)



                return period_end_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        period_end = _parse_period_end(d.pop("periodEnd"))


        def _parse_delivered_gpu_hours(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        delivered_gpu_hours = _parse_delivered_gpu_hours(d.pop("deliveredGpuHours"))


        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        usage_report_request = cls(
            period_start=period_start,
            period_end=period_end,
            delivered_gpu_hours=delivered_gpu_hours,
            note=note,
        )


        usage_report_request.additional_properties = d
        return usage_report_request

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
