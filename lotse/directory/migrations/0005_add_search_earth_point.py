from django.db import migrations

# PostgreSQL only: each entry's point on the unit sphere (the `cube` extension that ships with
# PostgreSQL) with a GiST index, so "nearest first" walks the index instead of sorting every
# entry in a radius (search_index.NearestMatches). The index includes what the search reads, so
# the walk never visits the table. SQLite orders the entries of a bounding box.
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS cube",
    "ALTER TABLE directory_searchentry ADD COLUMN earth_xyz cube GENERATED ALWAYS AS ("
    "CASE WHEN latitude IS NULL OR longitude IS NULL THEN NULL ELSE cube(ARRAY["
    "cos(radians(latitude)) * cos(radians(longitude)), "
    "cos(radians(latitude)) * sin(radians(longitude)), "
    "sin(radians(latitude))]) END) STORED",
    "CREATE INDEX directory_search_earth_gist ON directory_searchentry USING gist (earth_xyz) "
    "INCLUDE (service_id, latitude, longitude)",
]
POSTGRES_BACKWARD = ["ALTER TABLE directory_searchentry DROP COLUMN earth_xyz"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_add_search_change"),
    ]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
