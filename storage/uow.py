"""Unit of work: one session, one transaction, committed once by the service."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.repos.people import PeopleRepo
from storage.repos.reference import ReferenceRepo
from storage.repos.requests import RequestRepo
from storage.repos.tender import TenderRepo


class UnitOfWork:
    """``async with uow:`` opens a transaction; leaving it without ``commit()`` rolls back."""

    session: AsyncSession
    people: PeopleRepo
    reference: ReferenceRepo
    requests: RequestRepo
    tender: TenderRepo

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.people = PeopleRepo(self.session)
        self.reference = ReferenceRepo(self.session)
        self.requests = RequestRepo(self.session)
        self.tender = TenderRepo(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed and, unlike rollback(), leaves the
        # loaded objects readable for the caller.
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()


UowFactory = Callable[[], UnitOfWork]


def uow_factory(sessions: async_sessionmaker[AsyncSession]) -> UowFactory:
    return lambda: UnitOfWork(sessions)
