from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.ledger_entry_view_kind import LedgerEntryViewKind
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="LedgerEntryView")



@_attrs_define
class LedgerEntryView:
    """ 
        Attributes:
            id (UUID):
            transaction_id (UUID):
            at (datetime.datetime):
            account (str):
            organization_id (None | UUID):
            booking_id (None | UUID):
            kind (LedgerEntryViewKind):
            amount (float):
     """

    id: UUID
    transaction_id: UUID
    at: datetime.datetime
    account: str
    organization_id: None | UUID
    booking_id: None | UUID
    kind: LedgerEntryViewKind
    amount: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        transaction_id = str(self.transaction_id)

        at = self.at.isoformat()

        account = self.account

        organization_id: None | str
        if isinstance(self.organization_id, UUID):
            organization_id = str(self.organization_id)
        else:
            organization_id = self.organization_id

        booking_id: None | str
        if isinstance(self.booking_id, UUID):
            booking_id = str(self.booking_id)
        else:
            booking_id = self.booking_id

        kind = self.kind.value

        amount = self.amount


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "transactionId": transaction_id,
            "at": at,
            "account": account,
            "organizationId": organization_id,
            "bookingId": booking_id,
            "kind": kind,
            "amount": amount,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        transaction_id = UUID(d.pop("transactionId"))




        at = datetime.datetime.fromisoformat(d.pop("at"))




        account = d.pop("account")

        def _parse_organization_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                organization_id_type_1 = UUID(data)



                return organization_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        organization_id = _parse_organization_id(d.pop("organizationId"))


        def _parse_booking_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                booking_id_type_1 = UUID(data)



                return booking_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        booking_id = _parse_booking_id(d.pop("bookingId"))


        kind = LedgerEntryViewKind(d.pop("kind"))




        amount = d.pop("amount")

        ledger_entry_view = cls(
            id=id,
            transaction_id=transaction_id,
            at=at,
            account=account,
            organization_id=organization_id,
            booking_id=booking_id,
            kind=kind,
            amount=amount,
        )


        ledger_entry_view.additional_properties = d
        return ledger_entry_view

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
