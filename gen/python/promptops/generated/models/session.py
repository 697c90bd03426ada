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

from ..models.session_type import SessionType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.api_key import ApiKey
    from ..models.membership import Membership
    from ..models.project import Project
    from ..models.user import User


T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """Who is calling: a user (`type` `user`, with `user` and `memberships`) or an API key
    (`type` `key`, with `apiKey` and `project`).

        Attributes:
            type_ (SessionType):
            user (Union[Unset, User]): A person's account; never its password nor its hash.
            memberships (Union[Unset, list['Membership']]): Every project the user is a member of, with their role, by
                project name.
            api_key (Union[Unset, ApiKey]):
            project (Union[Unset, Project]):
    """

    type_: SessionType
    user: Union[Unset, "User"] = UNSET
    memberships: Union[Unset, list["Membership"]] = UNSET
    api_key: Union[Unset, "ApiKey"] = UNSET
    project: Union[Unset, "Project"] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.api_key import ApiKey
        from ..models.membership import Membership
        from ..models.project import Project
        from ..models.user import User

        type_ = self.type_.value

        user: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.user, Unset):
            user = self.user.to_dict()

        memberships: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.memberships, Unset):
            memberships = []
            for memberships_item_data in self.memberships:
                memberships_item = memberships_item_data.to_dict()
                memberships.append(memberships_item)

        api_key: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.api_key, Unset):
            api_key = self.api_key.to_dict()

        project: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.project, Unset):
            project = self.project.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if user is not UNSET:
            field_dict["user"] = user
        if memberships is not UNSET:
            field_dict["memberships"] = memberships
        if api_key is not UNSET:
            field_dict["apiKey"] = api_key
        if project is not UNSET:
            field_dict["project"] = project

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.api_key import ApiKey
        from ..models.membership import Membership
        from ..models.project import Project
        from ..models.user import User

        d = dict(src_dict)
        type_ = SessionType(d.pop("type"))

        _user = d.pop("user", UNSET)
        user: Union[Unset, User]
        if isinstance(_user, Unset):
            user = UNSET
        else:
            user = User.from_dict(_user)

        memberships = []
        _memberships = d.pop("memberships", UNSET)
        for memberships_item_data in _memberships or []:
            memberships_item = Membership.from_dict(memberships_item_data)

            memberships.append(memberships_item)

        _api_key = d.pop("apiKey", UNSET)
        api_key: Union[Unset, ApiKey]
        if isinstance(_api_key, Unset):
            api_key = UNSET
        else:
            api_key = ApiKey.from_dict(_api_key)

        _project = d.pop("project", UNSET)
        project: Union[Unset, Project]
        if isinstance(_project, Unset):
            project = UNSET
        else:
            project = Project.from_dict(_project)

        session = cls(
            type_=type_,
            user=user,
            memberships=memberships,
            api_key=api_key,
            project=project,
        )

        session.additional_properties = d
        return session

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
