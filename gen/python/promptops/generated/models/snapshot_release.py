from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Generator,
    Optional,
    TextIO,
    TypeVar,
    cast,
)
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.snapshot_prompt import SnapshotPrompt


T = TypeVar("T", bound="SnapshotRelease")


@_attrs_define
class SnapshotRelease:
    """The rolling release that moves this prompt, absent when none does: what a replica
    needs to assign subjects itself as `resolve` does. `prompt` is the current version
    (its `release` names this release, variant `current`); `candidate` the release's new
    version, in the same shape (variant `candidate`).
    A subject whose bucket (see `resolve`) is below `percent` × 100 gets the candidate.
    The snapshot's `cursor` changes when a release starts, advances, completes or rolls
    back.

        Attributes:
            id (UUID):
            salt (str):
            percent (float): The share of subjects on the candidate (two decimals).
            candidate (SnapshotPrompt):
    """

    id: UUID
    salt: str
    percent: float
    candidate: "SnapshotPrompt"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.snapshot_prompt import SnapshotPrompt

        id = str(self.id)

        salt = self.salt

        percent = self.percent

        candidate = self.candidate.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "salt": salt,
                "percent": percent,
                "candidate": candidate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.snapshot_prompt import SnapshotPrompt

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        salt = d.pop("salt")

        percent = d.pop("percent")

        candidate = SnapshotPrompt.from_dict(d.pop("candidate"))

        snapshot_release = cls(
            id=id,
            salt=salt,
            percent=percent,
            candidate=candidate,
        )

        snapshot_release.additional_properties = d
        return snapshot_release

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
