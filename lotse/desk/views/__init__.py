"""The desk's pages: inquiries, referrals, unmet needs and the residents' web inquiry, one module
each."""
