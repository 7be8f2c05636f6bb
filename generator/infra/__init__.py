"""Shared infrastructure: the build cache's store, digests, work shared among forked processes,
folders as archives, progress lines and stage timings.

Knows nothing of content, the site or MkDocs: it imports nothing of ours but itself."""
