from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.hold_slot import HoldSlot
  from ..models.outage_slot import OutageSlot





T = TypeVar("T", bound="NodeCalendar")



@_attrs_define
class NodeCalendar:
    """ 
        Attributes:
            index (int):
            holds (list[HoldSlot]):
            outages (list[OutageSlot] | None | Unset):
     """

    index: int
    holds: list[HoldSlot]
    outages: list[OutageSlot] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.hold_slot import HoldSlot
        from ..models.outage_slot import OutageSlot
        index = self.index

        holds = []
        for holds_item_data in self.holds:
            holds_item = holds_item_data.to_dict()
            holds.append(holds_item)



        outages: list[dict[str, Any]] | None | Unset
        if isinstance(self.outages, Unset):
            outages = UNSET
        elif isinstance(self.outages, list):
            outages = []
            for outages_type_1_item_data in self.outages:
                outages_type_1_item = outages_type_1_item_data.to_dict()
                outages.append(outages_type_1_item)


        else:
            outages = self.outages


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "holds": holds,
        })
        if outages is not UNSET:
            field_dict["outages"] = outages

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.hold_slot import HoldSlot
        from ..models.outage_slot import OutageSlot
        d = dict(src_dict)
        index = d.pop("index")

        holds = []
        _holds = d.pop("holds")
        for holds_item_data in (_holds):
            holds_item = HoldSlot.from_dict(holds_item_data)



            holds.append(holds_item)


        def _parse_outages(data: object) -> list[OutageSlot] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                outages_type_1 = []
                _outages_type_1 = data
                for outages_type_1_item_data in (_outages_type_1):
                    outages_type_1_item = OutageSlot.from_dict(outages_type_1_item_data)



                    outages_type_1.append(outages_type_1_item)

                return outages_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[OutageSlot] | None | Unset, data)

        outages = _parse_outages(d.pop("outages", UNSET))


        node_calendar = cls(
            index=index,
            holds=holds,
            outages=outages,
        )


        node_calendar.additional_properties = d
        return node_calendar

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
