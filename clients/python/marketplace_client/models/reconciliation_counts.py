from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ReconciliationCounts")



@_attrs_define
class ReconciliationCounts:
    """ 
        Attributes:
            bookings (int):
            holds (int):
            awards (int):
            ledger_transactions (int):
            usage_reports (int):
     """

    bookings: int
    holds: int
    awards: int
    ledger_transactions: int
    usage_reports: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        bookings = self.bookings

        holds = self.holds

        awards = self.awards

        ledger_transactions = self.ledger_transactions

        usage_reports = self.usage_reports


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "bookings": bookings,
            "holds": holds,
            "awards": awards,
            "ledgerTransactions": ledger_transactions,
            "usageReports": usage_reports,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bookings = d.pop("bookings")

        holds = d.pop("holds")

        awards = d.pop("awards")

        ledger_transactions = d.pop("ledgerTransactions")

        usage_reports = d.pop("usageReports")

        reconciliation_counts = cls(
            bookings=bookings,
            holds=holds,
            awards=awards,
            ledger_transactions=ledger_transactions,
            usage_reports=usage_reports,
        )


        reconciliation_counts.additional_properties = d
        return reconciliation_counts

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
