"""Reading and checking content/: files, YAML with positions, the contract, named checks, records.

No MkDocs here: this package knows nothing of how the site is built."""
