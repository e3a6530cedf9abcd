"""Settings shared by every test of the repository."""

from hypothesis import settings

# No example database: property tests leave no .hypothesis/ folder behind in the working tree.
settings.register_profile("repository", database=None)
settings.load_profile("repository")
