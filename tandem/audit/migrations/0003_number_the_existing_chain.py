"""Backfill: records written before sealing existed were chained in id order as they were written,
so their place in the chain is their rank by id. Their hashes are unchanged and stay valid."""

from django.db import migrations


def number_in_id_order(apps, schema_editor):
    table = apps.get_model("audit", "AuditEvent")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        # One statement, whatever the size of the trail (PostgreSQL, and SQLite 3.33 and later).
        cursor.execute(
            f"UPDATE {table} SET seq = ranked.n FROM ("  # noqa: S608 — a table name, no input
            f"  SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM {table} WHERE hash <> ''"
            f") AS ranked WHERE {table}.id = ranked.id"
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_position")]

    operations = [migrations.RunPython(number_in_id_order, migrations.RunPython.noop)]
