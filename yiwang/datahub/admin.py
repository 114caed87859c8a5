"""Admin of the data hub."""

from yiwang.datahub import resource_admin  # noqa: F401 - registers the catalogue's admin
