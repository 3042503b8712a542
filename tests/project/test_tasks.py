"""The background-job framework: jobs wait in the database until a worker runs them."""

import pytest
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks_db import DatabaseBackend

from tests.support.tasks import queued_task_names, run_queued_tasks

RAN: list[int] = []


@task()
def double(number: int) -> int:
    RAN.append(number)
    return number * 2


@task()
def refuse(reason: str) -> None:
    raise ValueError(reason)


@pytest.fixture(autouse=True)
def _forget_runs():
    RAN.clear()


def test_jobs_go_to_the_database_backend():
    assert isinstance(task_backends["default"], DatabaseBackend)


@pytest.mark.django_db
def test_an_enqueued_job_waits_until_a_worker_runs_it():
    result = double.enqueue(21)

    assert RAN == []
    assert queued_task_names() == ["tests.project.test_tasks.double"]
    assert run_queued_tasks() == 1
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 42
    assert RAN == [21]
    assert queued_task_names() == []


@pytest.mark.django_db
def test_a_worker_runs_each_job_once():
    double.enqueue(1)
    double.enqueue(2)

    assert run_queued_tasks() == 2
    assert run_queued_tasks() == 0
    assert sorted(RAN) == [1, 2]


@pytest.mark.django_db
def test_a_failing_job_is_recorded_with_its_reason():
    result = refuse.enqueue("the page never answered")

    run_queued_tasks()

    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert "the page never answered" in result.errors[0].traceback
