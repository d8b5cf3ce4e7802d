from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.booking_view_status import BookingViewStatus
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.booking_change import BookingChange





T = TypeVar("T", bound="BookingView")



@_attrs_define
class BookingView:
    """ 
        Attributes:
            id (UUID):
            bid_id (UUID):
            tenant_id (UUID):
            provider_id (UUID):
            cluster_id (UUID):
            gpu_model (str):
            node_count (int):
            gpu_count (int):
            starts_at (datetime.datetime):
            ends_at (datetime.datetime):
            price_per_gpu_hour (float):
            total_price (float):
            status (BookingViewStatus):
            created_at (datetime.datetime):
            changes (list[BookingChange] | None | Unset):
     """

    id: UUID
    bid_id: UUID
    tenant_id: UUID
    provider_id: UUID
    cluster_id: UUID
    gpu_model: str
    node_count: int
    gpu_count: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    price_per_gpu_hour: float
    total_price: float
    status: BookingViewStatus
    created_at: datetime.datetime
    changes: list[BookingChange] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.booking_change import BookingChange
        id = str(self.id)

        bid_id = str(self.bid_id)

        tenant_id = str(self.tenant_id)

        provider_id = str(self.provider_id)

        cluster_id = str(self.cluster_id)

        gpu_model = self.gpu_model

        node_count = self.node_count

        gpu_count = self.gpu_count

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        price_per_gpu_hour = self.price_per_gpu_hour

        total_price = self.total_price

        status = self.status.value

        created_at = self.created_at.isoformat()

        changes: list[dict[str, Any]] | None | Unset
        if isinstance(self.changes, Unset):
            changes = UNSET
        elif isinstance(self.changes, list):
            changes = []
            for changes_type_1_item_data in self.changes:
                changes_type_1_item = changes_type_1_item_data.to_dict()
                changes.append(changes_type_1_item)


        else:
            changes = self.changes


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "bidId": bid_id,
            "tenantId": tenant_id,
            "providerId": provider_id,
            "clusterId": cluster_id,
            "gpuModel": gpu_model,
            "nodeCount": node_count,
            "gpuCount": gpu_count,
            "startsAt": starts_at,
            "endsAt": ends_at,
            "pricePerGpuHour": price_per_gpu_hour,
            "totalPrice": total_price,
            "status": status,
            "createdAt": created_at,
        })
        if changes is not UNSET:
            field_dict["changes"] = changes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.booking_change import BookingChange
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        bid_id = UUID(d.pop("bidId"))




        tenant_id = UUID(d.pop("tenantId"))




        provider_id = UUID(d.pop("providerId"))




        cluster_id = UUID(d.pop("clusterId"))




        gpu_model = d.pop("gpuModel")

        node_count = d.pop("nodeCount")

        gpu_count = d.pop("gpuCount")

        starts_at = datetime.datetime.fromisoformat(d.pop("startsAt"))




        ends_at = datetime.datetime.fromisoformat(d.pop("endsAt"))




        price_per_gpu_hour = d.pop("pricePerGpuHour")

        total_price = d.pop("totalPrice")

        status = BookingViewStatus(d.pop("status"))




        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        def _parse_changes(data: object) -> list[BookingChange] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                changes_type_1 = []
                _changes_type_1 = data
                for changes_type_1_item_data in (_changes_type_1):
                    changes_type_1_item = BookingChange.from_dict(changes_type_1_item_data)



                    changes_type_1.append(changes_type_1_item)

                return changes_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[BookingChange] | None | Unset, data)

        changes = _parse_changes(d.pop("changes", UNSET))


        booking_view = cls(
            id=id,
            bid_id=bid_id,
            tenant_id=tenant_id,
            provider_id=provider_id,
            cluster_id=cluster_id,
            gpu_model=gpu_model,
            node_count=node_count,
            gpu_count=gpu_count,
            starts_at=starts_at,
            ends_at=ends_at,
            price_per_gpu_hour=price_per_gpu_hour,
            total_price=total_price,
            status=status,
            created_at=created_at,
            changes=changes,
        )


        booking_view.additional_properties = d
        return booking_view

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
