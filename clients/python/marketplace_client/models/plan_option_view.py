from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.plan_option_view_price_source import PlanOptionViewPriceSource
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.bid_terms import BidTerms





T = TypeVar("T", bound="PlanOptionView")



@_attrs_define
class PlanOptionView:
    """ 
        Attributes:
            gpu_model (str):
            gpu_count (int):
            duration_hours (int):
            gpu_hours (int):
            price_per_gpu_hour (float):
            price_source (PlanOptionViewPriceSource):
            total_price (float):
            starts_at (datetime.datetime):
            meets_deadline (bool):
            meets_budget (bool):
            bid (BidTerms):
     """

    gpu_model: str
    gpu_count: int
    duration_hours: int
    gpu_hours: int
    price_per_gpu_hour: float
    price_source: PlanOptionViewPriceSource
    total_price: float
    starts_at: datetime.datetime
    meets_deadline: bool
    meets_budget: bool
    bid: BidTerms
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.bid_terms import BidTerms
        gpu_model = self.gpu_model

        gpu_count = self.gpu_count

        duration_hours = self.duration_hours

        gpu_hours = self.gpu_hours

        price_per_gpu_hour = self.price_per_gpu_hour

        price_source = self.price_source.value

        total_price = self.total_price

        starts_at = self.starts_at.isoformat()

        meets_deadline = self.meets_deadline

        meets_budget = self.meets_budget

        bid = self.bid.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "gpuModel": gpu_model,
            "gpuCount": gpu_count,
            "durationHours": duration_hours,
            "gpuHours": gpu_hours,
            "pricePerGpuHour": price_per_gpu_hour,
            "priceSource": price_source,
            "totalPrice": total_price,
            "startsAt": starts_at,
            "meetsDeadline": meets_deadline,
            "meetsBudget": meets_budget,
            "bid": bid,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bid_terms import BidTerms
        d = dict(src_dict)
        gpu_model = d.pop("gpuModel")

        gpu_count = d.pop("gpuCount")

        duration_hours = d.pop("durationHours")

        gpu_hours = d.pop("gpuHours")

        price_per_gpu_hour = d.pop("pricePerGpuHour")

        price_source = PlanOptionViewPriceSource(d.pop("priceSource"))




        total_price = d.pop("totalPrice")

        starts_at = datetime.datetime.fromisoformat(d.pop("startsAt"))




        meets_deadline = d.pop("meetsDeadline")

        meets_budget = d.pop("meetsBudget")

        bid = BidTerms.from_dict(d.pop("bid"))




        plan_option_view = cls(
            gpu_model=gpu_model,
            gpu_count=gpu_count,
            duration_hours=duration_hours,
            gpu_hours=gpu_hours,
            price_per_gpu_hour=price_per_gpu_hour,
            price_source=price_source,
            total_price=total_price,
            starts_at=starts_at,
            meets_deadline=meets_deadline,
            meets_budget=meets_budget,
            bid=bid,
        )


        plan_option_view.additional_properties = d
        return plan_option_view

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
