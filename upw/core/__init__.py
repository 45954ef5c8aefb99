"""The shared core every feature builds on, with `upw.models` and `upw.domain` (the statute's rules):
who may see what (access), hours, distances, postcodes and geocoding, bank holidays, the hours ledger,
pace, staff notices, queueing background work, and the shared reads about requirements and sessions.
It imports no feature."""
