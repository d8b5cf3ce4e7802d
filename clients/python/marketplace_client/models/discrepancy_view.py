from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.discrepancy_view_kind import DiscrepancyViewKind
from ..models.discrepancy_view_status import DiscrepancyViewStatus
from typing import cast
from uuid import UUID

if TYPE_CHECKING:
  from ..models.resolution_view import ResolutionView





T = TypeVar("T", bound="DiscrepancyView")



@_attrs_define
class DiscrepancyView:
    """ 
        Attributes:
            id (UUID):
            reconciliation_id (UUID):
            kind (DiscrepancyViewKind):
            booking_id (UUID):
            details (str):
            suggested_credit (float | None):
            status (DiscrepancyViewStatus):
            resolution (None | ResolutionView):
     """

    id: UUID
    reconciliation_id: UUID
    kind: DiscrepancyViewKind
    booking_id: UUID
    details: str
    suggested_credit: float | None
    status: DiscrepancyViewStatus
    resolution: None | ResolutionView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.resolution_view import ResolutionView
        id = str(self.id)

        reconciliation_id = str(self.reconciliation_id)

        kind = self.kind.value

        booking_id = str(self.booking_id)

        details = self.details

        suggested_credit: float | None
        suggested_credit = self.suggested_credit

        status = self.status.value

        resolution: dict[str, Any] | None
        if isinstance(self.resolution, ResolutionView):
            resolution = self.resolution.to_dict()
        else:
            resolution = self.resolution


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "reconciliationId": reconciliation_id,
            "kind": kind,
            "bookingId": booking_id,
            "details": details,
            "suggestedCredit": suggested_credit,
            "status": status,
            "resolution": resolution,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resolution_view import ResolutionView
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        reconciliation_id = UUID(d.pop("reconciliationId"))




        kind = DiscrepancyViewKind(d.pop("kind"))




        booking_id = UUID(d.pop("bookingId"))




        details = d.pop("details")

        def _parse_suggested_credit(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        suggested_credit = _parse_suggested_credit(d.pop("suggestedCredit"))


        status = DiscrepancyViewStatus(d.pop("status"))




        def _parse_resolution(data: object) -> None | ResolutionView:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                resolution_type_1 = ResolutionView.from_dict(data)



                return resolution_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ResolutionView, data)

        resolution = _parse_resolution(d.pop("resolution"))


        discrepancy_view = cls(
            id=id,
            reconciliation_id=reconciliation_id,
            kind=kind,
            booking_id=booking_id,
            details=details,
            suggested_credit=suggested_credit,
            status=status,
            resolution=resolution,
        )


        discrepancy_view.additional_properties = d
        return discrepancy_view

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
