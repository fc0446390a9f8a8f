"""What the database refused while a test ran: every IntegrityError a statement raised on this
thread's connection, caught or not. PostgreSQL writes each refused statement, values and all,
to its server log (log_min_error_statement = error), so a normal race must refuse none."""

from contextlib import contextmanager

from django.db import IntegrityError, connection


@contextmanager
def refused_statements():
    refused: list[str] = []

    def watch(execute, sql, params, many, context):
        try:
            return execute(sql, params, many, context)
        except IntegrityError:
            refused.append(sql[:40])  # the statement's start: no values
            raise

    with connection.execute_wrapper(watch):
        yield refused
