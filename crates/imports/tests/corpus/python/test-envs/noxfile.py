import nox


@nox.session
def tests(session):
    session.install("hypothesis", "-e", ".")
    session.run("pytest")
