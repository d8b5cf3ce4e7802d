from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.price_history_view_interval import PriceHistoryViewInterval
from typing import cast

if TYPE_CHECKING:
  from ..models.price_point_view import PricePointView





T = TypeVar("T", bound="PriceHistoryView")



@_attrs_define
class PriceHistoryView:
    """ 
        Attributes:
            gpu_model (str):
            region (None | str):
            interval (PriceHistoryViewInterval):
            points (list[PricePointView]):
     """

    gpu_model: str
    region: None | str
    interval: PriceHistoryViewInterval
    points: list[PricePointView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.price_point_view import PricePointView
        gpu_model = self.gpu_model

        region: None | str
        region = self.region

        interval = self.interval.value

        points = []
        for points_item_data in self.points:
            points_item = points_item_data.to_dict()
            points.append(points_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "gpuModel": gpu_model,
            "region": region,
            "interval": interval,
            "points": points,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.price_point_view import PricePointView
        d = dict(src_dict)
        gpu_model = d.pop("gpuModel")

        def _parse_region(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        region = _parse_region(d.pop("region"))


        interval = PriceHistoryViewInterval(d.pop("interval"))




        points = []
        _points = d.pop("points")
        for points_item_data in (_points):
            points_item = PricePointView.from_dict(points_item_data)



            points.append(points_item)


        price_history_view = cls(
            gpu_model=gpu_model,
            region=region,
            interval=interval,
            points=points,
        )


        price_history_view.additional_properties = d
        return price_history_view

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
