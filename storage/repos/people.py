"""Users, roles and access requests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.enums import AccessStatus, Role
from storage.tables import AccessRequest, User, UserRole


class PeopleRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def by_tg(self, tg_id: int) -> User | None:
        result = await self.session.exec(select(User).where(User.tg_id == tg_id))
        return result.first()

    async def roles(self, user_id: int) -> frozenset[Role]:
        result = await self.session.exec(select(UserRole.role).where(UserRole.user_id == user_id))
        return frozenset(Role(r) for r in result.all())

    async def set_roles(self, user_id: int, roles: Iterable[Role]) -> None:
        await self.session.exec(delete(UserRole).where(col(UserRole.user_id) == user_id))
        for role in sorted(set(roles)):
            self.session.add(UserRole(user_id=user_id, role=role.value))
        await self.session.flush()

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

    async def with_role(self, role: Role, *, department: str | None = None) -> Sequence[User]:
        query = (
            select(User)
            .join(UserRole, col(UserRole.user_id) == col(User.id))
            .where(UserRole.role == role.value, col(User.is_active).is_(True))
            .order_by(col(User.id))
        )
        if department is not None:
            query = query.where(User.department == department)
        return (await self.session.exec(query)).all()

    async def substituted_by(self, user_id: int) -> Sequence[User]:
        """People who named ``user_id`` as their substitute."""
        query = select(User).where(User.substitute_id == user_id)
        return (await self.session.exec(query)).all()

    async def count(self) -> int:
        return (await self.session.exec(select(func.count()).select_from(User))).one()

    async def pending_access(self, tg_id: int) -> AccessRequest | None:
        query = select(AccessRequest).where(
            AccessRequest.tg_id == tg_id, AccessRequest.status == AccessStatus.pending.value
        )
        return (await self.session.exec(query)).first()

    async def access_request(self, access_id: int) -> AccessRequest | None:
        return await self.session.get(AccessRequest, access_id)

    async def add_access_request(self, access: AccessRequest) -> AccessRequest:
        self.session.add(access)
        await self.session.flush()
        return access
