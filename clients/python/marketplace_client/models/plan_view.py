from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.plan_option_view import PlanOptionView





T = TypeVar("T", bound="PlanView")



@_attrs_define
class PlanView:
    """ 
        Attributes:
            total_flops (float):
            options (list[PlanOptionView]):
     """

    total_flops: float
    options: list[PlanOptionView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.plan_option_view import PlanOptionView
        total_flops = self.total_flops

        options = []
        for options_item_data in self.options:
            options_item = options_item_data.to_dict()
            options.append(options_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "totalFlops": total_flops,
            "options": options,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plan_option_view import PlanOptionView
        d = dict(src_dict)
        total_flops = d.pop("totalFlops")

        options = []
        _options = d.pop("options")
        for options_item_data in (_options):
            options_item = PlanOptionView.from_dict(options_item_data)



            options.append(options_item)


        plan_view = cls(
            total_flops=total_flops,
            options=options,
        )


        plan_view.additional_properties = d
        return plan_view

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
