"""The desk's forms, by the pages that use them."""
