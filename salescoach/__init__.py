"""Sales-coaching dashboard: activity, conversion, pipeline thinness and 1:1 notes per seller."""

from salescoach.store import SalesCoach, connect

__all__ = ["SalesCoach", "connect"]
