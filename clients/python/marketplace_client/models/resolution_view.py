from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.resolution_view_action import ResolutionViewAction
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ResolutionView")



@_attrs_define
class ResolutionView:
    """ 
        Attributes:
            action (ResolutionViewAction):
            amount (float | None):
            note (None | str):
            resolved_by (UUID):
            resolved_at (datetime.datetime):
            ledger_transaction_id (None | UUID):
            outcome (str):
     """

    action: ResolutionViewAction
    amount: float | None
    note: None | str
    resolved_by: UUID
    resolved_at: datetime.datetime
    ledger_transaction_id: None | UUID
    outcome: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        amount: float | None
        amount = self.amount

        note: None | str
        note = self.note

        resolved_by = str(self.resolved_by)

        resolved_at = self.resolved_at.isoformat()

        ledger_transaction_id: None | str
        if isinstance(self.ledger_transaction_id, UUID):
            ledger_transaction_id = str(self.ledger_transaction_id)
        else:
            ledger_transaction_id = self.ledger_transaction_id

        outcome = self.outcome


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "action": action,
            "amount": amount,
            "note": note,
            "resolvedBy": resolved_by,
            "resolvedAt": resolved_at,
            "ledgerTransactionId": ledger_transaction_id,
            "outcome": outcome,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = ResolutionViewAction(d.pop("action"))




        def _parse_amount(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        amount = _parse_amount(d.pop("amount"))


        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))


        resolved_by = UUID(d.pop("resolvedBy"))




        resolved_at = datetime.datetime.fromisoformat(d.pop("resolvedAt"))




        def _parse_ledger_transaction_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ledger_transaction_id_type_1 = UUID(data)



                return ledger_transaction_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        ledger_transaction_id = _parse_ledger_transaction_id(d.pop("ledgerTransactionId"))


        outcome = d.pop("outcome")

        resolution_view = cls(
            action=action,
            amount=amount,
            note=note,
            resolved_by=resolved_by,
            resolved_at=resolved_at,
            ledger_transaction_id=ledger_transaction_id,
            outcome=outcome,
        )


        resolution_view.additional_properties = d
        return resolution_view

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
