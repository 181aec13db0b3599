"""Open Referral interoperability: importing (readers, importer) and exporting directories."""
