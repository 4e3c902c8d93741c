from tests.security.conftest import handout, media_folders, patient, program  # noqa: F401
