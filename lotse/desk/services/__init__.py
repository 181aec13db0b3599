"""Every change of inquiries, referrals and unmet needs, one module each."""
