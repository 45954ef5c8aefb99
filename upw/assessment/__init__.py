"""The assessment of a person: availability, restrictions and risk, in versions."""
