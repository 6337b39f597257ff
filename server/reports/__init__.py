"""Reports and exports as files: CSV rows and PDF layouts built from plain data, with no database and no HTTP
(the domain gathers the data; the API streams the result)."""
