from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.quote_alternative_view_change import QuoteAlternativeViewChange
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.bid_terms import BidTerms





T = TypeVar("T", bound="QuoteAlternativeView")



@_attrs_define
class QuoteAlternativeView:
    """ 
        Attributes:
            change (QuoteAlternativeViewChange):
            bid (BidTerms):
            price_per_gpu_hour (float):
            starts_at (datetime.datetime):
            total_price (float):
     """

    change: QuoteAlternativeViewChange
    bid: BidTerms
    price_per_gpu_hour: float
    starts_at: datetime.datetime
    total_price: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.bid_terms import BidTerms
        change = self.change.value

        bid = self.bid.to_dict()

        price_per_gpu_hour = self.price_per_gpu_hour

        starts_at = self.starts_at.isoformat()

        total_price = self.total_price


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "change": change,
            "bid": bid,
            "pricePerGpuHour": price_per_gpu_hour,
            "startsAt": starts_at,
            "totalPrice": total_price,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bid_terms import BidTerms
        d = dict(src_dict)
        change = QuoteAlternativeViewChange(d.pop("change"))




        bid = BidTerms.from_dict(d.pop("bid"))




        price_per_gpu_hour = d.pop("pricePerGpuHour")

        starts_at = datetime.datetime.fromisoformat(d.pop("startsAt"))




        total_price = d.pop("totalPrice")

        quote_alternative_view = cls(
            change=change,
            bid=bid,
            price_per_gpu_hour=price_per_gpu_hour,
            starts_at=starts_at,
            total_price=total_price,
        )


        quote_alternative_view.additional_properties = d
        return quote_alternative_view

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
