from motcua.accounts.tests.fixtures import *  # noqa: F403
