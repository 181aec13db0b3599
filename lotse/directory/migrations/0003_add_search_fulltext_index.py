from django.db import migrations, models

# The full-text index over SearchEntry.document differs per database; lotse/directory/
# search/index.py queries it. SQLite: an FTS5 table reading its text from the entries and kept
# current by triggers. PostgreSQL: a stored tsvector column ('simple': the document holds
# stems already) with a GIN index.
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE directory_search_fts USING fts5(document, "
    "content='directory_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER directory_search_fts_insert AFTER INSERT ON directory_searchentry BEGIN "
    "INSERT INTO directory_search_fts(rowid, document) VALUES (new.id, new.document); END",
    "CREATE TRIGGER directory_search_fts_delete AFTER DELETE ON directory_searchentry BEGIN "
    "INSERT INTO directory_search_fts(directory_search_fts, rowid, document) "
    "VALUES ('delete', old.id, old.document); END",
    "CREATE TRIGGER directory_search_fts_update AFTER UPDATE ON directory_searchentry BEGIN "
    "INSERT INTO directory_search_fts(directory_search_fts, rowid, document) "
    "VALUES ('delete', old.id, old.document); "
    "INSERT INTO directory_search_fts(rowid, document) VALUES (new.id, new.document); END",
    "INSERT INTO directory_search_fts(directory_search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER directory_search_fts_update",
    "DROP TRIGGER directory_search_fts_delete",
    "DROP TRIGGER directory_search_fts_insert",
    "DROP TABLE directory_search_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE directory_searchentry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', document)) STORED",
    "CREATE INDEX directory_search_vector_gin ON directory_searchentry USING gin (search_vector)",
]
POSTGRES_BACKWARD = ["ALTER TABLE directory_searchentry DROP COLUMN search_vector"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_add_contact_cost_option_service_area_reminder"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["latitude", "longitude"], name="search_entry_lat_lon"),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
