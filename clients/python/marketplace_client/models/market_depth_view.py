from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.demand_level_view import DemandLevelView
  from ..models.supply_level_view import SupplyLevelView





T = TypeVar("T", bound="MarketDepthView")



@_attrs_define
class MarketDepthView:
    """ 
        Attributes:
            gpu_model (str):
            region (None | str):
            as_of (datetime.datetime):
            supply (list[SupplyLevelView]):
            demand (list[DemandLevelView]):
     """

    gpu_model: str
    region: None | str
    as_of: datetime.datetime
    supply: list[SupplyLevelView]
    demand: list[DemandLevelView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.demand_level_view import DemandLevelView
        from ..models.supply_level_view import SupplyLevelView
        gpu_model = self.gpu_model

        region: None | str
        region = self.region

        as_of = self.as_of.isoformat()

        supply = []
        for supply_item_data in self.supply:
            supply_item = supply_item_data.to_dict()
            supply.append(supply_item)



        demand = []
        for demand_item_data in self.demand:
            demand_item = demand_item_data.to_dict()
            demand.append(demand_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "gpuModel": gpu_model,
            "region": region,
            "asOf": as_of,
            "supply": supply,
            "demand": demand,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.demand_level_view import DemandLevelView
        from ..models.supply_level_view import SupplyLevelView
        d = dict(src_dict)
        gpu_model = d.pop("gpuModel")

        def _parse_region(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        region = _parse_region(d.pop("region"))


        as_of = datetime.datetime.fromisoformat(d.pop("asOf"))




        supply = []
        _supply = d.pop("supply")
        for supply_item_data in (_supply):
            supply_item = SupplyLevelView.from_dict(supply_item_data)



            supply.append(supply_item)


        demand = []
        _demand = d.pop("demand")
        for demand_item_data in (_demand):
            demand_item = DemandLevelView.from_dict(demand_item_data)



            demand.append(demand_item)


        market_depth_view = cls(
            gpu_model=gpu_model,
            region=region,
            as_of=as_of,
            supply=supply,
            demand=demand,
        )


        market_depth_view.additional_properties = d
        return market_depth_view

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
