from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PricePointView")



@_attrs_define
class PricePointView:
    """ 
        Attributes:
            at (datetime.datetime):
            open_ (float):
            high (float):
            low (float):
            close (float):
            vwap (float):
            gpu_hours (float):
            bookings (int):
     """

    at: datetime.datetime
    open_: float
    high: float
    low: float
    close: float
    vwap: float
    gpu_hours: float
    bookings: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        open_ = self.open_

        high = self.high

        low = self.low

        close = self.close

        vwap = self.vwap

        gpu_hours = self.gpu_hours

        bookings = self.bookings


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "at": at,
            "open": open_,
            "high": high,
            "low": low,
            "close": close,
            "vwap": vwap,
            "gpuHours": gpu_hours,
            "bookings": bookings,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))




        open_ = d.pop("open")

        high = d.pop("high")

        low = d.pop("low")

        close = d.pop("close")

        vwap = d.pop("vwap")

        gpu_hours = d.pop("gpuHours")

        bookings = d.pop("bookings")

        price_point_view = cls(
            at=at,
            open_=open_,
            high=high,
            low=low,
            close=close,
            vwap=vwap,
            gpu_hours=gpu_hours,
            bookings=bookings,
        )


        price_point_view.additional_properties = d
        return price_point_view

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
