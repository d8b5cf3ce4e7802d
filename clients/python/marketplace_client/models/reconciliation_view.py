from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.reconciliation_view_status import ReconciliationViewStatus
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.discrepancy_view import DiscrepancyView
  from ..models.reconciliation_counts import ReconciliationCounts





T = TypeVar("T", bound="ReconciliationView")



@_attrs_define
class ReconciliationView:
    """ 
        Attributes:
            id (UUID):
            from_ (datetime.datetime):
            to (datetime.datetime):
            status (ReconciliationViewStatus):
            counts (ReconciliationCounts):
            discrepancies (list[DiscrepancyView]):
            created_at (datetime.datetime):
            completed_at (datetime.datetime | None):
            error (None | str):
     """

    id: UUID
    from_: datetime.datetime
    to: datetime.datetime
    status: ReconciliationViewStatus
    counts: ReconciliationCounts
    discrepancies: list[DiscrepancyView]
    created_at: datetime.datetime
    completed_at: datetime.datetime | None
    error: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.discrepancy_view import DiscrepancyView
        from ..models.reconciliation_counts import ReconciliationCounts
        id = str(self.id)

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        status = self.status.value

        counts = self.counts.to_dict()

        discrepancies = []
        for discrepancies_item_data in self.discrepancies:
            discrepancies_item = discrepancies_item_data.to_dict()
            discrepancies.append(discrepancies_item)



        created_at = self.created_at.isoformat()

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        error: None | str
        error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "from": from_,
            "to": to,
            "status": status,
            "counts": counts,
            "discrepancies": discrepancies,
            "createdAt": created_at,
            "completedAt": completed_at,
            "error": error,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.discrepancy_view import DiscrepancyView
        from ..models.reconciliation_counts import ReconciliationCounts
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        from_ = datetime.datetime.fromisoformat(d.pop("from"))




        to = datetime.datetime.fromisoformat(d.pop("to"))




        status = ReconciliationViewStatus(d.pop("status"))




        counts = ReconciliationCounts.from_dict(d.pop("counts"))




        discrepancies = []
        _discrepancies = d.pop("discrepancies")
        for discrepancies_item_data in (_discrepancies):
            discrepancies_item = DiscrepancyView.from_dict(discrepancies_item_data)



            discrepancies.append(discrepancies_item)


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


        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        reconciliation_view = cls(
            id=id,
            from_=from_,
            to=to,
            status=status,
            counts=counts,
            discrepancies=discrepancies,
            created_at=created_at,
            completed_at=completed_at,
            error=error,
        )


        reconciliation_view.additional_properties = d
        return reconciliation_view

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
