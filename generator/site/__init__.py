"""What the site shows, derived from the checked catalog: addresses, counters, the page
plan, charts, exports, reports, Vietnamese formats.

No MkDocs here."""
