from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.outage_effect import OutageEffect





T = TypeVar("T", bound="OutageView")



@_attrs_define
class OutageView:
    """ 
        Attributes:
            id (UUID):
            cluster_id (UUID):
            node_indexes (list[int]):
            from_ (datetime.datetime):
            until (datetime.datetime | None):
            reason (str):
            created_at (datetime.datetime):
            ended_at (datetime.datetime | None):
            effects (list[OutageEffect]):
     """

    id: UUID
    cluster_id: UUID
    node_indexes: list[int]
    from_: datetime.datetime
    until: datetime.datetime | None
    reason: str
    created_at: datetime.datetime
    ended_at: datetime.datetime | None
    effects: list[OutageEffect]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.outage_effect import OutageEffect
        id = str(self.id)

        cluster_id = str(self.cluster_id)

        node_indexes = self.node_indexes



        from_ = self.from_.isoformat()

        until: None | str
        if isinstance(self.until, datetime.datetime):
            until = self.until.isoformat()
        else:
            until = self.until

        reason = self.reason

        created_at = self.created_at.isoformat()

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        effects = []
        for effects_item_data in self.effects:
            effects_item = effects_item_data.to_dict()
            effects.append(effects_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "clusterId": cluster_id,
            "nodeIndexes": node_indexes,
            "from": from_,
            "until": until,
            "reason": reason,
            "createdAt": created_at,
            "endedAt": ended_at,
            "effects": effects,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.outage_effect import OutageEffect
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        cluster_id = UUID(d.pop("clusterId"))




        node_indexes = cast(list[int], d.pop("nodeIndexes"))


        from_ = datetime.datetime.fromisoformat(d.pop("from"))




        def _parse_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                until_type_1 = datetime.datetime.fromisoformat(data)



                return until_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        until = _parse_until(d.pop("until"))


        reason = d.pop("reason")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_1 = datetime.datetime.fromisoformat(data)



                return ended_at_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("endedAt"))


        effects = []
        _effects = d.pop("effects")
        for effects_item_data in (_effects):
            effects_item = OutageEffect.from_dict(effects_item_data)



            effects.append(effects_item)


        outage_view = cls(
            id=id,
            cluster_id=cluster_id,
            node_indexes=node_indexes,
            from_=from_,
            until=until,
            reason=reason,
            created_at=created_at,
            ended_at=ended_at,
            effects=effects,
        )


        outage_view.additional_properties = d
        return outage_view

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
