"""The search index: one record per page (records), spooled on disk (record_spool), and the
partitioned index made of them (partitioned).

No MkDocs here."""
