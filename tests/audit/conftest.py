from tests.security.conftest import program  # noqa: F401
