"""The read side of the Open Referral HSDS 3.0 API at /api/hsds/ (with the query parameters of
the UK profile): params.py parses the query, selectors.py reads, serialise.py writes HSDS
dicts, views.py answers."""
