"""Bulk writes and the percentile the benchmark scripts share (desk_bench.py,
volunteers_bench.py, cases_bench.py). Imported after django.setup(): it writes through the
project's database connection, with PostgreSQL's COPY."""

import math

from django.db import connection, models


def percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[max(0, math.ceil(share * len(sorted_values)) - 1)]


def copy_rows(model: type[models.Model], rows: list[dict]) -> None:
    """Writes rows (by attribute name; missing fields get their default) with COPY; JSON and
    encrypted fields go through the field, so they are stored as the app stores them. An
    automatic integer key the rows do not give is left to the database."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (isinstance(f, models.AutoField | models.BigAutoField) and f.attname not in rows[0])
    ]
    prepared = {
        f.attname
        for f in fields
        if isinstance(f, models.JSONField) or type(f).__name__ == "EncryptedTextField"
    }
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            values = []
            for f in fields:
                value = row[f.attname] if f.attname in row else f.get_default()
                if f.attname in prepared:
                    value = f.get_db_prep_save(value, connection)
                values.append(value)
            copy.write_row(values)


def copy_plain(table: str, columns: list[str], rows: list[tuple]) -> None:
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
