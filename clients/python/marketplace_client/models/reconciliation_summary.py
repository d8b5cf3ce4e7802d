from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.reconciliation_summary_status import ReconciliationSummaryStatus
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ReconciliationSummary")



@_attrs_define
class ReconciliationSummary:
    """ 
        Attributes:
            id (UUID):
            from_ (datetime.datetime):
            to (datetime.datetime):
            status (ReconciliationSummaryStatus):
            discrepancies (int):
            created_at (datetime.datetime):
            completed_at (datetime.datetime | None):
     """

    id: UUID
    from_: datetime.datetime
    to: datetime.datetime
    status: ReconciliationSummaryStatus
    discrepancies: int
    created_at: datetime.datetime
    completed_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        status = self.status.value

        discrepancies = self.discrepancies

        created_at = self.created_at.isoformat()

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "from": from_,
            "to": to,
            "status": status,
            "discrepancies": discrepancies,
            "createdAt": created_at,
            "completedAt": completed_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        from_ = datetime.datetime.fromisoformat(d.pop("from"))




        to = datetime.datetime.fromisoformat(d.pop("to"))




        status = ReconciliationSummaryStatus(d.pop("status"))




        discrepancies = d.pop("discrepancies")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_1 = datetime.datetime.fromisoformat(data)



                return completed_at_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completedAt"))


        reconciliation_summary = cls(
            id=id,
            from_=from_,
            to=to,
            status=status,
            discrepancies=discrepancies,
            created_at=created_at,
            completed_at=completed_at,
        )


        reconciliation_summary.additional_properties = d
        return reconciliation_summary

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
