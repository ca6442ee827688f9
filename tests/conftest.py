import pytest

import salescoach
from tests.tiny_data import tiny_tables


@pytest.fixture
def empty_coach(tmp_path):
    coach = salescoach.connect(tmp_path / "empty.duckdb")
    yield coach
    coach.close()


@pytest.fixture
def tiny_coach(tmp_path):
    coach = salescoach.connect(tmp_path / "tiny.duckdb")
    coach.load_frames(tiny_tables())
    yield coach
    coach.close()
