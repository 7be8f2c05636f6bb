"""The MkDocs adapter: the plugin, bulk pages rendered from shells, the preview server's state.

The only package that imports mkdocs or material."""
