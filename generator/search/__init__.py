"""The search index: one record per page, the Pagefind run and the rewrite of its bundle.

No MkDocs here."""
