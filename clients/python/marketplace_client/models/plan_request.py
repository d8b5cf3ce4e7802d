from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="PlanRequest")



@_attrs_define
class PlanRequest:
    """ 
        Attributes:
            model_parameters (float | None):
            training_tokens (float | None):
            gpu_model (None | str | Unset):
            gpu_count (int | None | Unset):
            mfu (float | None | Unset):
            deadline (datetime.datetime | None | Unset):
            budget (float | None | Unset):
            flops_per_token (float | None | Unset):
     """

    model_parameters: float | None
    training_tokens: float | None
    gpu_model: None | str | Unset = UNSET
    gpu_count: int | None | Unset = UNSET
    mfu: float | None | Unset = UNSET
    deadline: datetime.datetime | None | Unset = UNSET
    budget: float | None | Unset = UNSET
    flops_per_token: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        model_parameters: float | None
        model_parameters = self.model_parameters

        training_tokens: float | None
        training_tokens = self.training_tokens

        gpu_model: None | str | Unset
        if isinstance(self.gpu_model, Unset):
            gpu_model = UNSET
        else:
            gpu_model = self.gpu_model

        gpu_count: int | None | Unset
        if isinstance(self.gpu_count, Unset):
            gpu_count = UNSET
        else:
            gpu_count = self.gpu_count

        mfu: float | None | Unset
        if isinstance(self.mfu, Unset):
            mfu = UNSET
        else:
            mfu = self.mfu

        deadline: None | str | Unset
        if isinstance(self.deadline, Unset):
            deadline = UNSET
        elif isinstance(self.deadline, datetime.datetime):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        budget: float | None | Unset
        if isinstance(self.budget, Unset):
            budget = UNSET
        else:
            budget = self.budget

        flops_per_token: float | None | Unset
        if isinstance(self.flops_per_token, Unset):
            flops_per_token = UNSET
        else:
            flops_per_token = self.flops_per_token


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "modelParameters": model_parameters,
            "trainingTokens": training_tokens,
        })
        if gpu_model is not UNSET:
            field_dict["gpuModel"] = gpu_model
        if gpu_count is not UNSET:
            field_dict["gpuCount"] = gpu_count
        if mfu is not UNSET:
            field_dict["mfu"] = mfu
        if deadline is not UNSET:
            field_dict["deadline"] = deadline
        if budget is not UNSET:
            field_dict["budget"] = budget
        if flops_per_token is not UNSET:
            field_dict["flopsPerToken"] = flops_per_token

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_model_parameters(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        model_parameters = _parse_model_parameters(d.pop("modelParameters"))


        def _parse_training_tokens(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        training_tokens = _parse_training_tokens(d.pop("trainingTokens"))


        def _parse_gpu_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gpu_model = _parse_gpu_model(d.pop("gpuModel", UNSET))


        def _parse_gpu_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        gpu_count = _parse_gpu_count(d.pop("gpuCount", UNSET))


        def _parse_mfu(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        mfu = _parse_mfu(d.pop("mfu", UNSET))


        def _parse_deadline(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deadline_type_1 = datetime.datetime.fromisoformat(data)



                return deadline_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        deadline = _parse_deadline(d.pop("deadline", UNSET))


        def _parse_budget(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        budget = _parse_budget(d.pop("budget", UNSET))


        def _parse_flops_per_token(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        flops_per_token = _parse_flops_per_token(d.pop("flopsPerToken", UNSET))


        plan_request = cls(
            model_parameters=model_parameters,
            training_tokens=training_tokens,
            gpu_model=gpu_model,
            gpu_count=gpu_count,
            mfu=mfu,
            deadline=deadline,
            budget=budget,
            flops_per_token=flops_per_token,
        )


        plan_request.additional_properties = d
        return plan_request

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
