"""Database plumbing shared by the apps: fixed SQL for the busiest paths (``rows``) and the
PostgreSQL backend Tandem runs on (``postgresql``). Nothing clinical lives here."""
