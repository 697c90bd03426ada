from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Generator,
    Optional,
    TextIO,
    TypeVar,
    Union,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resolved_prompt import ResolvedPrompt
    from ..models.snapshot_partial import SnapshotPartial
    from ..models.snapshot_release import SnapshotRelease


T = TypeVar("T", bound="SnapshotPrompt")


@_attrs_define
class SnapshotPrompt:
    """
    Attributes:
        prompt (ResolvedPrompt): The resolved version holds a whole LLM call. Every version has both views of its text:
            `messages`, and `systemPrompt`/`userTemplate`. A version created with `systemPrompt` +
            `userTemplate` has the messages `[system, user]`; one created with `messages` has as
            `systemPrompt` its system and developer messages joined by a blank line, and as
            `userTemplate` its last user message (empty when it has none).
            `partials` lists the partials its templates include, with the version of each live in
            the key's environment (or pinned); with `compose=true` the templates come with them
            expanded.
        partials (list['SnapshotPartial']): What the templates include, followed to the end, in order of first inclusion
            (as `prompt.partials`).
        release (Union[Unset, SnapshotRelease]): The rolling release that moves this prompt, absent when none does: what
            a replica
            needs to assign subjects itself as `resolve` does. `prompt` is the current version
            (its `release` names this release, variant `current`); `candidate` the release's new
            version, in the same shape (variant `candidate`).
            A subject whose bucket (see `resolve`) is below `percent` × 100 gets the candidate.
            The snapshot's `cursor` changes when a release starts, advances, completes or rolls
            back.
    """

    prompt: "ResolvedPrompt"
    partials: list["SnapshotPartial"]
    release: Union[Unset, "SnapshotRelease"] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.resolved_prompt import ResolvedPrompt
        from ..models.snapshot_partial import SnapshotPartial
        from ..models.snapshot_release import SnapshotRelease

        prompt = self.prompt.to_dict()

        partials = []
        for partials_item_data in self.partials:
            partials_item = partials_item_data.to_dict()
            partials.append(partials_item)

        release: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.release, Unset):
            release = self.release.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
                "partials": partials,
            }
        )
        if release is not UNSET:
            field_dict["release"] = release

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resolved_prompt import ResolvedPrompt
        from ..models.snapshot_partial import SnapshotPartial
        from ..models.snapshot_release import SnapshotRelease

        d = dict(src_dict)
        prompt = ResolvedPrompt.from_dict(d.pop("prompt"))

        partials = []
        _partials = d.pop("partials")
        for partials_item_data in _partials:
            partials_item = SnapshotPartial.from_dict(partials_item_data)

            partials.append(partials_item)

        _release = d.pop("release", UNSET)
        release: Union[Unset, SnapshotRelease]
        if isinstance(_release, Unset):
            release = UNSET
        else:
            release = SnapshotRelease.from_dict(_release)

        snapshot_prompt = cls(
            prompt=prompt,
            partials=partials,
            release=release,
        )

        snapshot_prompt.additional_properties = d
        return snapshot_prompt

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
