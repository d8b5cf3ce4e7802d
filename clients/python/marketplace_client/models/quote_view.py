from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.quote_alternative_view import QuoteAlternativeView





T = TypeVar("T", bound="QuoteView")



@_attrs_define
class QuoteView:
    """ 
        Attributes:
            fillable (bool):
            price_per_gpu_hour (float | None):
            starts_at (datetime.datetime | None):
            ends_at (datetime.datetime | None):
            total_price (float | None):
            region (None | str):
            interconnect_kind (None | str):
            reason (str):
            alternatives (list[QuoteAlternativeView]):
     """

    fillable: bool
    price_per_gpu_hour: float | None
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    total_price: float | None
    region: None | str
    interconnect_kind: None | str
    reason: str
    alternatives: list[QuoteAlternativeView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.quote_alternative_view import QuoteAlternativeView
        fillable = self.fillable

        price_per_gpu_hour: float | None
        price_per_gpu_hour = self.price_per_gpu_hour

        starts_at: None | str
        if isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str
        if isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        total_price: float | None
        total_price = self.total_price

        region: None | str
        region = self.region

        interconnect_kind: None | str
        interconnect_kind = self.interconnect_kind

        reason = self.reason

        alternatives = []
        for alternatives_item_data in self.alternatives:
            alternatives_item = alternatives_item_data.to_dict()
            alternatives.append(alternatives_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "fillable": fillable,
            "pricePerGpuHour": price_per_gpu_hour,
            "startsAt": starts_at,
            "endsAt": ends_at,
            "totalPrice": total_price,
            "region": region,
            "interconnectKind": interconnect_kind,
            "reason": reason,
            "alternatives": alternatives,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quote_alternative_view import QuoteAlternativeView
        d = dict(src_dict)
        fillable = d.pop("fillable")

        def _parse_price_per_gpu_hour(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        price_per_gpu_hour = _parse_price_per_gpu_hour(d.pop("pricePerGpuHour"))


        def _parse_starts_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_1 = datetime.datetime.fromisoformat(data)



                return starts_at_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        starts_at = _parse_starts_at(d.pop("startsAt"))


        def _parse_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_1 = datetime.datetime.fromisoformat(data)



                return ends_at_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ends_at = _parse_ends_at(d.pop("endsAt"))


        def _parse_total_price(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        total_price = _parse_total_price(d.pop("totalPrice"))


        def _parse_region(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        region = _parse_region(d.pop("region"))


        def _parse_interconnect_kind(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        interconnect_kind = _parse_interconnect_kind(d.pop("interconnectKind"))


        reason = d.pop("reason")

        alternatives = []
        _alternatives = d.pop("alternatives")
        for alternatives_item_data in (_alternatives):
            alternatives_item = QuoteAlternativeView.from_dict(alternatives_item_data)



            alternatives.append(alternatives_item)


        quote_view = cls(
            fillable=fillable,
            price_per_gpu_hour=price_per_gpu_hour,
            starts_at=starts_at,
            ends_at=ends_at,
            total_price=total_price,
            region=region,
            interconnect_kind=interconnect_kind,
            reason=reason,
            alternatives=alternatives,
        )


        quote_view.additional_properties = d
        return quote_view

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
