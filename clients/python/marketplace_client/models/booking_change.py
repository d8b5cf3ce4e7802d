from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="BookingChange")



@_attrs_define
class BookingChange:
    """ 
        Attributes:
            at (datetime.datetime):
            kind (str):
            cluster_id (UUID):
            node_count (int):
            starts_at (datetime.datetime):
            ends_at (datetime.datetime):
            gpu_hours (float):
            amount (float):
            from_cluster_id (None | Unset | UUID):
            outage_id (None | Unset | UUID):
     """

    at: datetime.datetime
    kind: str
    cluster_id: UUID
    node_count: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    gpu_hours: float
    amount: float
    from_cluster_id: None | Unset | UUID = UNSET
    outage_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        kind = self.kind

        cluster_id = str(self.cluster_id)

        node_count = self.node_count

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        gpu_hours = self.gpu_hours

        amount = self.amount

        from_cluster_id: None | str | Unset
        if isinstance(self.from_cluster_id, Unset):
            from_cluster_id = UNSET
        elif isinstance(self.from_cluster_id, UUID):
            from_cluster_id = str(self.from_cluster_id)
        else:
            from_cluster_id = self.from_cluster_id

        outage_id: None | str | Unset
        if isinstance(self.outage_id, Unset):
            outage_id = UNSET
        elif isinstance(self.outage_id, UUID):
            outage_id = str(self.outage_id)
        else:
            outage_id = self.outage_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "at": at,
            "kind": kind,
            "clusterId": cluster_id,
            "nodeCount": node_count,
            "startsAt": starts_at,
            "endsAt": ends_at,
            "gpuHours": gpu_hours,
            "amount": amount,
        })
        if from_cluster_id is not UNSET:
            field_dict["fromClusterId"] = from_cluster_id
        if outage_id is not UNSET:
            field_dict["outageId"] = outage_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))




        kind = d.pop("kind")

        cluster_id = UUID(d.pop("clusterId"))




        node_count = d.pop("nodeCount")

        starts_at = datetime.datetime.fromisoformat(d.pop("startsAt"))




        ends_at = datetime.datetime.fromisoformat(d.pop("endsAt"))




        gpu_hours = d.pop("gpuHours")

        amount = d.pop("amount")

        def _parse_from_cluster_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_cluster_id_type_1 = UUID(data)



                return from_cluster_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        from_cluster_id = _parse_from_cluster_id(d.pop("fromClusterId", UNSET))


        def _parse_outage_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outage_id_type_1 = UUID(data)



                return outage_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        outage_id = _parse_outage_id(d.pop("outageId", UNSET))


        booking_change = cls(
            at=at,
            kind=kind,
            cluster_id=cluster_id,
            node_count=node_count,
            starts_at=starts_at,
            ends_at=ends_at,
            gpu_hours=gpu_hours,
            amount=amount,
            from_cluster_id=from_cluster_id,
            outage_id=outage_id,
        )


        booking_change.additional_properties = d
        return booking_change

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
