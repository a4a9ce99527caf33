"""The index in Milvus: an embedded Milvus Lite file (`milvus:PATH.db`) or a server (`milvus://HOST:PORT/DB`).

`client` connects and owns the collections' schemas, `write` builds and updates a shelf report by report,
`reader` answers the same calls as the folder backend. pymilvus is imported only here (`pip install
'esgqa[milvus]'`).
"""
