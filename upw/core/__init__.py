"""The shared core every feature builds on: who may see what (access), the statute's rules (domain), hours,
distances, postcodes and geocoding, bank holidays, the hours ledger, pace, staff notices and the shared reads
about requirements and sessions. It imports no feature."""
