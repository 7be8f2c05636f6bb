"""The command line: validate, new, fix, schema."""
